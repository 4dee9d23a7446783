"""The Power BI backend's diagnostic codes (family PB)."""

from compiler.diagnostics import family

PB = family("PB", "powerbi")

# Emitting.
PB001 = PB.code(1, "warning", "object cannot be expressed faithfully in Power BI and was left out")
PB002 = PB.code(2, "info", "Power BI display name changed to stay unique")
PB003 = PB.code(3, "info", "relationship emitted inactive: a second active path would be ambiguous")

# Importing Power BI semantic models (TMDL / PBIP folders) people wrote.
PB101 = PB.code(101, "error", "TMDL file does not parse", True)
PB102 = PB.code(102, "warning", "Power BI content has no place in the IR (calculated tables and columns, DAX the IR cannot hold, roles); not imported")
PB103 = PB.code(103, "info", "Power BI presentation settings (format strings, display folders, hierarchies, cultures, annotations) not imported")
PB104 = PB.code(104, "warning", "Power BI reference to a table, column or measure that is not defined; left out")
