"""The Power BI backend's diagnostic codes (family PB)."""

from compiler.diagnostics import family

PB = family("PB", "powerbi")

# Emitting.
PB001 = PB.code(1, "warning", "object cannot be expressed faithfully in Power BI and was left out")
PB002 = PB.code(2, "info", "Power BI display name changed to stay unique")
PB003 = PB.code(3, "info", "relationship emitted inactive: a second active path would be ambiguous")
