"""The LookML backend's diagnostic codes (family LK)."""

from compiler.diagnostics import family

LK = family("LK", "lookml")

# Emitting.
LK001 = LK.code(1, "error", "object cannot be expressed in LookML and was left out")
LK002 = LK.code(2, "warning", "LookML field name collision resolved by renaming")
LK003 = LK.code(3, "warning", "semi-additive measure left out: LookML cannot keep it from being summed over time")
