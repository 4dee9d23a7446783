"""The LookML backend's diagnostic codes (family LK)."""

from compiler.diagnostics import family

LK = family("LK", "lookml")

# Emitting.
LK001 = LK.code(1, "error", "object cannot be expressed in LookML and was left out")
LK002 = LK.code(2, "warning", "LookML field name collision resolved by renaming")
LK003 = LK.code(3, "warning", "semi-additive measure left out: LookML cannot keep it from being summed over time")

# Importing LookML projects people wrote.
LK101 = LK.code(101, "error", "LookML file does not parse", True)
LK102 = LK.code(102, "warning", "LookML content has no place in the IR and was not imported")
LK103 = LK.code(103, "info", "presentation-only LookML parameters (group labels, drill fields, HTML, dashboards) not imported")
LK104 = LK.code(104, "warning", "LookML reference to a view or field that is not defined; left out")
