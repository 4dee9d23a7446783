"""IR measures and metrics -> DAX measure expressions (through dax.py's tree translation).

Aggregations: count -> COUNTROWS (no column) / COUNT / COUNTA (booleans) / COUNTX (expression);
count_distinct -> DISTINCTCOUNT on a key column, DISTINCTCOUNTNOBLANK otherwise (SQL's
COUNT(DISTINCT) ignores NULL, DAX's DISTINCTCOUNT counts BLANK as a value), over a concatenation
of columns (a session numbered within its user, counted with it) COUNTROWS of the SUMMARIZE of
those columns, rows with any of them blank left out as SQL's NULL concatenation is; sum / avg / min /
max -> SUM / AVERAGE / MIN / MAX on a column, the X iterator over an expression. A filter
becomes CALCULATE arguments: KEEPFILTERS(predicate) when the predicate reads one column, so a
report's own filter on that column still applies (SQL ANDs the two), FILTER('Table', ...)
when it reads several. Ratio metrics are DIVIDE([numerator], [denominator]).
"""

from __future__ import annotations

from typing import Callable

from sqlglot import exp

from ir.semantic import Measure, Metric
from backends.powerbi import names
from backends.powerbi.dax import NUMBER, OTHER, DaxError, Ref, Scope, conjuncts, parse, translate

_COLUMN_AGG = {"sum": "SUM", "avg": "AVERAGE", "min": "MIN", "max": "MAX"}
_ITERATOR = {"sum": "SUMX", "avg": "AVERAGEX", "min": "MINX", "max": "MAXX", "count": "COUNTX"}


def measure_dax(m: Measure, table: str, scope: Scope, key_columns: set[str]) -> str:
    """The DAX of one IR measure on `table` (display name); DaxError when not faithful."""
    if m.non_additive_dimension:
        raise DaxError(f"keeps a balance from being summed over {m.non_additive_dimension}, which is not translated to DAX")
    tref = names.dax_table(table)
    if m.column is None and m.expr is None:
        if m.agg != "count":
            raise DaxError(f"{m.agg} needs a column or an expression")
        base = f"COUNTROWS({tref})"
    elif m.expr is not None and m.agg == "count_distinct" and (parts := _concatenated_columns(m.expr, scope)):
        columns = [scope.resolve(c, True).dax for c in parts]
        kept = " && ".join(f"NOT(ISBLANK({c}))" for c in columns)
        base = f"COUNTROWS(SUMMARIZE(FILTER({tref}, {kept}), {', '.join(columns)}))"
    elif m.expr is not None:
        target = translate(m.expr, scope)
        if m.agg not in _ITERATOR:
            raise DaxError(f"{m.agg} over an expression has no faithful DAX translation here")
        if m.agg in ("sum", "avg") and target.kind not in (NUMBER, OTHER):
            raise DaxError(f"{m.agg} of a {target.kind} expression")
        base = f"{_ITERATOR[m.agg]}({tref}, {target.dax})"
    else:
        target = scope.resolve(m.column, True)
        if m.agg == "count":
            base = f"{'COUNTA' if target.kind == 'boolean' else 'COUNT'}({target.dax})"
        elif m.agg == "count_distinct":
            func = "DISTINCTCOUNT" if m.column in key_columns else "DISTINCTCOUNTNOBLANK"
            base = f"{func}({target.dax})"
        else:
            if m.agg in ("sum", "avg") and target.kind != NUMBER:
                raise DaxError(f"{m.agg} of a {target.kind} column")
            base = f"{_COLUMN_AGG[m.agg]}({target.dax})"
    if not m.filter:
        return base
    return f"CALCULATE({base}, {', '.join(_filter_arg(p, tref) for p in conjuncts(m.filter, scope))})"


def _concatenated_columns(sql: str, scope: Scope) -> list[str]:
    """The columns a SQL concatenation joins (`CAST(a AS TEXT) || '|' || CAST(b AS TEXT)`, MySQL's
    CONCAT), separators aside; empty when it is anything else: its distinct values are the
    distinct combinations of those columns."""
    tree = parse(sql, scope.dialect)
    pending, out = [tree], []
    while pending:
        node = pending.pop(0)
        while isinstance(node, (exp.Paren, exp.Cast)):
            node = node.this
        if isinstance(node, exp.DPipe):
            pending[0:0] = [node.this, node.expression]
        elif isinstance(node, exp.Concat):
            pending[0:0] = list(node.expressions)
        elif isinstance(node, exp.Column) and not node.table:
            out.append(node.name)
        elif not (isinstance(node, exp.Literal) and node.is_string):
            return []
    return out if len(out) > 1 else []


def _filter_arg(p: Ref, tref: str) -> str:
    if len(p.columns) == 1:
        return f"KEEPFILTERS({p.dax})"
    return f"FILTER({tref}, {p.dax})"


def metric_dax(mt: Metric, measure_ref: Callable[[str], str], scope: Scope | None) -> str:
    """`measure_ref(name)` -> the DAX reference of an IR measure (DaxError when unknown);
    `scope` resolves identifiers of a derived metric's expression to measures."""
    if mt.type == "simple":
        return measure_ref(mt.measure or "")
    if mt.type == "ratio":
        return f"DIVIDE({measure_ref(mt.numerator or '')}, {measure_ref(mt.denominator or '')})"
    if not mt.expr or scope is None:
        raise DaxError("a derived metric without an expression")
    return translate(mt.expr, scope).dax


def measure_scope(dialect: str, measure_ref: Callable[[str], str]) -> Scope:
    def resolve(ident: str, quoted: bool) -> Ref:
        return Ref(measure_ref(ident), NUMBER)

    return Scope(dialect, resolve)
