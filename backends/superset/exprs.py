"""SQL for Superset columns and metrics, in the source dialect with quoted identifiers.

Superset puts a physical dataset's metric and column expressions straight into
`SELECT ... FROM <table>`, and a virtual dataset's into `SELECT ... FROM (<sql>) AS virtual_table`,
so expressions name columns unqualified; `ref` decides how each column is written.
"""

from __future__ import annotations

from typing import Callable

from sqlglot import exp

from backends import sql_common
from backends.superset import sql
from backends.superset.sql import ExprError
from ir.semantic import Measure, Metric

Ref = Callable[[str, bool], str]

_AGG_SQL = {"sum": "SUM", "avg": "AVG", "min": "MIN", "max": "MAX"}
RATIO_SQL = "1.0 * ({num}) / NULLIF({den}, 0)"


def column_ref(columns: dict[str, None], dialect: str, qualifier: str | None = None) -> Ref:
    """A `ref` quoting known columns as they are spelled in the table (unknown ones as written)."""
    return sql_common.column_ref(columns, dialect, sql.quote(qualifier, dialect) + "." if qualifier else "")


def field_sql(column: str | None, expr: str | None, dialect: str, ref: Ref) -> str:
    """The SQL of a dimension: its expression, or its quoted column."""
    if expr:
        return sql.render_expr(expr, dialect, ref)
    if column is None:
        raise ExprError("has neither a column nor an expression")
    return ref(column, True)


def measure_sql(m: Measure, dialect: str, ref: Ref) -> str:
    """An aggregate expression for a measure, its filter folded in with CASE WHEN."""
    if m.expr:
        value: str | None = sql.render_expr(m.expr, dialect, ref)
    elif m.column:
        value = ref(m.column, True)
    else:
        value = None
    condition = sql.render_expr(m.filter, dialect, ref) if m.filter else None
    if m.agg == "count":
        if condition is not None:
            return f"COUNT(CASE WHEN {condition} THEN {value or 1} END)"
        return f"COUNT({value})" if value else "COUNT(*)"
    if value is None:
        raise ExprError(f"{m.agg} needs a column or an expression")
    if condition is not None:
        value = f"CASE WHEN {condition} THEN {value} END"
    if m.agg == "count_distinct":
        return f"COUNT(DISTINCT {value})"
    return f"{_AGG_SQL[m.agg]}({value})"


def metric_sql(metric: Metric, measures: dict[str, str], entity: str, dialect: str) -> str:
    """A model metric over the SQL of the measures it names (`measures`: name -> aggregate SQL)."""

    def measure(ref: str) -> str:
        owner, _, name = ref.rpartition(".")
        if owner and owner != entity:
            raise ExprError(f"refers to {ref!r}, which is not a measure of {entity}")
        if name not in measures:
            raise ExprError(f"refers to {ref!r}, which is not a measure of {entity}")
        return measures[name]

    if metric.type == "simple" and metric.measure:
        return measure(metric.measure)
    if metric.type == "ratio" and metric.numerator and metric.denominator:
        return RATIO_SQL.format(num=measure(metric.numerator), den=measure(metric.denominator))
    if metric.type == "derived" and metric.expr:
        return _derived(metric.expr, dialect, measure)
    raise ExprError(f"is a {metric.type} metric without what that type needs")


def _derived(text: str, dialect: str, measure: Callable[[str], str]) -> str:
    def part(node: exp.Column) -> str:
        return f"({measure(f'{node.table}.{node.name}' if node.table else node.name)})"

    return sql_common.substitute_columns(text, dialect, part, placeholder="__MBMEASURE")
