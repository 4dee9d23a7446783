"""The dbt backend's diagnostic codes (family DB)."""

from compiler.diagnostics import family

DB = family("DB", "dbt")

# Emitting.
DB001 = DB.code(1, "warning", "object cannot be expressed in dbt and was left out")
DB002 = DB.code(2, "warning", "measures left out: MetricFlow needs an aggregation time dimension")
DB003 = DB.code(3, "info", "relationship has no MetricFlow join (composite, self or role-playing key)")
DB004 = DB.code(4, "warning", "metric left out: its measures are not emitted")
