"""SQL between the IR and Ossie: field expressions and metric aggregates.

Ossie expressions are ANSI SQL (sqlglot's default dialect, double-quoted identifiers). A field's
expression is over its dataset's columns; a metric's is an aggregate over fields written
`dataset.field` (the Ossie expression language's namespacing), so a measure's columns are
rewritten to the fields that expose them, and back when a file is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

ANSI = ""  # sqlglot's default dialect: ANSI SQL
# Dialects whose unquoted identifiers match any case: a mixed-case column needs no quotes there,
# and quoting it would not change what it names.
_CASE_INSENSITIVE = {"sqlite", "mysql", "tsql", "duckdb", "bigquery", "databricks", "spark", "hive", "clickhouse"}
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Aggregations the IR has, as Ossie writes them.
AGG_FUNCTIONS = {"sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}


class SqlError(Exception):
    pass


@lru_cache(maxsize=1 << 14)
def _plain(name: str) -> bool:
    """Reads back as a column of that name unquoted (a word that is no keyword)."""
    if not _PLAIN.match(name):
        return False
    try:
        tree = sqlglot.parse_one(name, read=ANSI)
    except SqlglotError:
        return False
    return isinstance(tree, exp.Column) and tree.name == name and not tree.table


def identifier(name: str, dialect: str | None) -> exp.Identifier:
    """`name` as an ANSI identifier: quoted when it is not a plain word, is a keyword, or
    would name something else unquoted (mixed case in a case-sensitive source)."""
    plain = _plain(name)
    sensitive = (dialect or "") not in _CASE_INSENSITIVE and name != name.lower()
    return exp.Identifier(this=name, quoted=not plain or sensitive)


def parse(sql: str, dialect: str | None) -> exp.Expression:
    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except SqlglotError as e:
        raise SqlError(str(e).splitlines()[0]) from None
    if tree is None:
        raise SqlError("empty expression")
    return tree


def to_ansi(sql: str, dialect: str | None) -> str:
    """A source-dialect expression in ANSI SQL."""
    return parse(sql, dialect).sql(dialect=ANSI)


def from_ansi(sql: str, dialect: str | None) -> str:
    """An ANSI expression in the model's dialect."""
    return parse(sql, ANSI).sql(dialect=dialect or None)


def column_sql(column: str, dialect: str | None) -> str:
    return exp.Column(this=identifier(column, dialect)).sql(dialect=ANSI)


def field_ref(dataset: str, field: str) -> exp.Column:
    return exp.Column(this=identifier(field, None), table=identifier(dataset, None))


def source_of(schema: str | None, table: str, dialect: str | None) -> str:
    """A dataset's `source`: schema.table, each part quoted as it needs."""
    parts = [schema, table] if schema else [table]
    return ".".join(identifier(p, dialect).sql(dialect=ANSI) for p in parts)


def split_source(source: str) -> list[str] | None:
    """The parts of a `source` naming a table (database.schema.table); None for a query."""
    try:
        tree = sqlglot.parse_one(source, read=ANSI, into=exp.Table)
    except SqlglotError:
        return None
    if not isinstance(tree, exp.Table) or not tree.name:
        return None
    return [p.name for p in tree.parts]


@dataclass
class Aggregate:
    """One aggregate of a metric expression, in IR terms."""

    dataset: str | None  # None: COUNT(*) or a constant, which names no dataset
    agg: str
    arg: exp.Expression | None  # over `dataset.field` columns; None: rows
    filter: exp.Expression | None = None


def build_aggregate(agg: str, arg: exp.Expression | None, condition: exp.Expression | None) -> exp.Expression:
    """SUM(x), COUNT(DISTINCT x), COUNT(*)...; a filter as CASE WHEN inside the aggregate."""
    if condition is not None:
        arg = exp.Case(ifs=[exp.If(this=condition, true=arg if arg is not None else exp.Literal.number(1))])
    if agg == "count":
        return exp.Count(this=arg if arg is not None else exp.Star())
    if agg == "count_distinct":
        return exp.Count(this=exp.Distinct(expressions=[arg]))
    return AGG_FUNCTIONS[agg](this=arg)


def read_aggregate(node: exp.Expression) -> Aggregate:
    """An aggregate call as the IR has it; SqlError for what the IR cannot hold (MEDIAN,
    SUM(DISTINCT x), an aggregate over several datasets...)."""
    agg: str
    if isinstance(node, exp.Count):
        inner = node.this
        if isinstance(inner, exp.Distinct):
            if len(inner.expressions) != 1:
                raise SqlError("COUNT(DISTINCT ...) of several expressions")
            agg, arg = "count_distinct", inner.expressions[0]
        else:
            agg, arg = "count", None if isinstance(inner, exp.Star) or inner is None else inner
    else:
        agg = next((name for name, cls in AGG_FUNCTIONS.items() if type(node) is cls), "")
        if not agg:
            raise SqlError(f"{node.sql(dialect=ANSI)[:60]}: no IR aggregation (count, count_distinct, sum, avg, min, max) matches it")
        arg = node.this
        if isinstance(arg, exp.Distinct):
            raise SqlError(f"{node.sql(dialect=ANSI)[:60]}: no IR aggregation matches an aggregate of DISTINCT values")
    condition = None
    if isinstance(arg, exp.Case) and len(arg.args.get("ifs") or []) == 1 and arg.this is None:
        default = arg.args.get("default")
        if default is None or isinstance(default, exp.Null) or (agg == "sum" and _is_zero(default)):
            condition, arg = arg.args["ifs"][0].this, arg.args["ifs"][0].args.get("true")
    if agg in ("count",) and isinstance(arg, exp.Literal):
        arg = None  # COUNT(CASE WHEN c THEN 1 END) counts rows
    datasets = {c.table for part in (arg, condition) if part is not None for c in part.find_all(exp.Column)}
    if "" in datasets:
        raise SqlError("a column not written dataset.field")
    if len(datasets) > 1:
        raise SqlError(f"one aggregate over several datasets ({', '.join(sorted(datasets))})")
    return Aggregate(next(iter(datasets), None), agg, arg, condition)


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
