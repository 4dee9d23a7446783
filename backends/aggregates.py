"""Aggregate calls in SQL, as the IR holds them: SUM(x), COUNT(DISTINCT x), COUNT(*), a filter as
CASE WHEN inside the aggregate; built for targets that write aggregates (Ossie metrics) and read
from files people wrote (Ossie metrics, Superset metrics)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

ANSI = ""  # sqlglot's default dialect
AGG_FUNCTIONS = {"sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}


class AggregateError(ValueError):
    pass


@dataclass
class Aggregate:
    """One aggregate of a metric expression, in IR terms."""

    dataset: str | None  # None: COUNT(*) or a constant, which names no dataset
    agg: str
    arg: exp.Expression | None  # over `dataset.field` columns; None: rows
    filter: exp.Expression | None = None
    # Conditions on another dataset's field (`"order".currency = 'CAD'`), each as (dataset, field,
    # value): a measure's filter on its parent (Measure.joined_filter), reached over a relationship.
    joined: tuple[tuple[str, str, str], ...] = ()


def build_aggregate(agg: str, arg: exp.Expression | None, condition: exp.Expression | None) -> exp.Expression:
    """SUM(x), COUNT(DISTINCT x), COUNT(*)...; a filter as CASE WHEN inside the aggregate."""
    if condition is not None:
        arg = exp.Case(ifs=[exp.If(this=condition, true=arg if arg is not None else exp.Literal.number(1))])
    if agg == "count":
        return exp.Count(this=arg if arg is not None else exp.Star())
    if agg == "count_distinct":
        return exp.Count(this=exp.Distinct(expressions=[arg]))
    return AGG_FUNCTIONS[agg](this=arg)


def read_aggregate(node: exp.Expression, qualified: bool = True) -> Aggregate:
    """An aggregate call as the IR has it; AggregateError for what the IR cannot hold (MEDIAN,
    SUM(DISTINCT x), an aggregate over several datasets...). `qualified`: columns must name their
    dataset (`orders.amount`, as in Ossie); else they are the one table's columns."""
    agg: str
    if isinstance(node, exp.Count):
        inner = node.this
        if isinstance(inner, exp.Distinct):
            if len(inner.expressions) != 1:
                raise AggregateError("COUNT(DISTINCT ...) of several expressions")
            agg, arg = "count_distinct", inner.expressions[0]
        else:
            agg, arg = "count", None if isinstance(inner, exp.Star) or inner is None else inner
    else:
        agg = next((name for name, cls in AGG_FUNCTIONS.items() if type(node) is cls), "")
        if not agg:
            raise AggregateError(f"{node.sql(dialect=ANSI)[:60]}: no IR aggregation (count, count_distinct, sum, avg, min, max) matches it")
        arg = node.this
        if isinstance(arg, exp.Distinct):
            raise AggregateError(f"{node.sql(dialect=ANSI)[:60]}: no IR aggregation matches an aggregate of DISTINCT values")
    condition = None
    if isinstance(arg, exp.Case) and len(arg.args.get("ifs") or []) == 1 and arg.this is None:
        default = arg.args.get("default")
        if default is None or isinstance(default, exp.Null) or (agg == "sum" and _is_zero(default)):
            condition, arg = arg.args["ifs"][0].this, arg.args["ifs"][0].args.get("true")
    if agg in ("count",) and isinstance(arg, exp.Literal):
        arg = None  # COUNT(CASE WHEN c THEN 1 END) counts rows
    if not qualified:
        return Aggregate(None, agg, arg, condition)
    joined: list[tuple[str, str, str]] = []
    own = {c.table for c in arg.find_all(exp.Column)} if arg is not None else set()
    if condition is not None and len(own) == 1:
        # A conjunct `other.field = 'value'` on a dataset the aggregated value is not of.
        kept = []
        for part in condition.flatten() if isinstance(condition, exp.And) else [condition]:
            while isinstance(part, exp.Paren):
                part = part.this
            if (isinstance(part, exp.EQ) and isinstance(part.this, exp.Column) and part.this.table not in own | {""}
                    and isinstance(part.expression, exp.Literal) and part.expression.is_string):
                joined.append((part.this.table, part.this.name, part.expression.this))
            else:
                kept.append(part)
        condition = exp.and_(*kept) if kept else None
    datasets = {c.table for part in (arg, condition) if part is not None for c in part.find_all(exp.Column)}
    if "" in datasets:
        raise AggregateError("a column not written dataset.field")
    if len(datasets) > 1:
        raise AggregateError(f"one aggregate over several datasets ({', '.join(sorted(datasets))})")
    if len({d for d, _, _ in joined}) > 1:
        raise AggregateError(f"one aggregate filtered on several other datasets ({', '.join(sorted({d for d, _, _ in joined}))})")
    return Aggregate(next(iter(datasets), None), agg, arg, condition, tuple(joined))


def _is_zero(node: exp.Expression) -> bool:
    return isinstance(node, exp.Literal) and not node.is_string and node.this in ("0", "0.0")


def aggregates(tree: exp.Expression) -> list[exp.AggFunc]:
    """The outermost aggregate calls of a metric expression, in order."""
    out: list[exp.AggFunc] = []
    for node in tree.walk(bfs=False):
        if isinstance(node, exp.AggFunc) and not any(isinstance(p, exp.AggFunc) for p in _ancestors(node)):
            out.append(node)
    return out


def _ancestors(node: exp.Expression):
    p = node.parent
    while p is not None:
        yield p
        p = p.parent


def ratio_of(tree: exp.Expression) -> tuple[exp.Expression, exp.Expression] | None:
    """(numerator, denominator) of `a / b` or `a / NULLIF(b, 0)`, parentheses aside."""
    while isinstance(tree, exp.Paren):
        tree = tree.this
    if not isinstance(tree, exp.Div):
        return None
    num, den = tree.this, tree.expression
    while isinstance(num, exp.Paren):
        num = num.this
    while isinstance(den, exp.Paren):
        den = den.this
    if isinstance(den, exp.Nullif) and isinstance(den.expression, exp.Literal) and den.expression.this in ("0", 0):
        den = den.this
    return num, den
