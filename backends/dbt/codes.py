"""The dbt backend's diagnostic codes (family DB)."""

from compiler.diagnostics import family

DB = family("DB", "dbt")

# Emitting.
DB001 = DB.code(1, "warning", "object cannot be expressed in dbt and was left out")
DB002 = DB.code(2, "warning", "measures left out: MetricFlow needs an aggregation time dimension")
DB003 = DB.code(3, "info", "relationship has no MetricFlow join (composite, self or role-playing key)")
DB004 = DB.code(4, "warning", "metric left out: its measures are not emitted")

# Importing dbt projects people wrote (semantic models and metrics).
DB101 = DB.code(101, "error", "dbt file does not parse", True)
DB102 = DB.code(102, "warning", "dbt semantic-layer content has no place in the IR and was not imported")
DB103 = DB.code(103, "warning", "dbt reference to a semantic model, entity, measure or metric that is not defined; left out")
DB104 = DB.code(104, "info", "dbt content outside the semantic layer (saved queries, exports, configs) not imported")
