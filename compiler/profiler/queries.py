"""Profiling and evidence SQL, built as sqlglot expressions and rendered per dialect.

Identifiers are always sqlglot identifiers with quoted=True, so a name is never spliced into SQL
text: quotes, spaces, keywords and `'); DROP TABLE x;--` come out escaped for the dialect.
Each builder returns SQL text plus the layout needed to read its result back by position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from compiler.profiler.patterns import PATTERNS, predicate
from compiler.profiler.sampling import Sampling

# Dialects with an approximate distinct count (HyperLogLog). sqlglot's ApproxDistinct renders
# APPROX_COUNT_DISTINCT for these; T-SQL's spelling is written out by hand.
_APPROX = {"duckdb", "snowflake", "bigquery", "spark", "databricks", "trino", "presto", "redshift", "tsql"}
_NO_STDDEV = {"sqlite"}  # stddev comes from AVG(x) and AVG(x*x) instead


@dataclass
class ColumnPlan:
    """What to compute for one column. `index` ties result rows back to the column."""

    index: int
    name: str
    data_type: str
    distinct: str = "exact"  # exact | approx | none
    minmax: bool = False
    moments: bool = False
    text: bool = False  # length statistics
    patterns: bool = False  # pattern-class counts (in the aggregate scan; else patterns_query)


@dataclass
class Layout:
    """Result positions of an aggregate query: (column index or None for the table, statistic)."""

    slots: list[tuple[int | None, str]] = field(default_factory=list)


def table_expr(name: str, schema: str | None) -> exp.Table:
    return exp.table_(name, db=schema, quoted=True)


def has_approx(dialect: str) -> bool:
    return dialect in _APPROX


def _col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def _source(table: exp.Table, sampling: Sampling | None, dialect: str) -> exp.Expression:
    return sampling.apply(table, dialect) if sampling else table.copy()


def _double(value: exp.Expression, dialect: str) -> exp.Expression:
    if dialect == "mysql":
        # CAST(... AS DOUBLE) needs MySQL 8.0.17 / MariaDB 10.4.5, and without a double MySQL
        # rounds AVG/STDDEV of integers to div_precision_increment (4) decimals; `* 1E0` works everywhere.
        return exp.Mul(this=value, expression=exp.Literal.number("1E0"))
    return exp.Cast(this=value, to=exp.DataType.build("double"))


def _text(value: exp.Expression, dialect: str) -> exp.Expression:
    # PostgreSQL types normalized to "string" include enums, citext and inet, on which
    # length() and `~` are not defined: a cast to text makes them all plain strings.
    return exp.Cast(this=value, to=exp.DataType.build("text")) if dialect == "postgres" else value


def _approx(value: exp.Expression, dialect: str) -> exp.Expression:
    if dialect == "tsql":
        return exp.Anonymous(this="APPROX_COUNT_DISTINCT", expressions=[value])
    return exp.ApproxDistinct(this=value)


def _stddev(value: exp.Expression, dialect: str) -> exp.Expression:
    if dialect == "tsql":
        return exp.Anonymous(this="STDEV", expressions=[value])
    return exp.StddevSamp(this=value)


def _count_if(cond: exp.Expression) -> exp.Expression:
    return exp.Sum(this=exp.Case(ifs=[exp.If(this=cond, true=exp.Literal.number(1))], default=exp.Literal.number(0)))


def _slots():
    """A select list and its layout, filled together: each statistic gets a positional alias
    (s0, s1, ...) and the layout remembers which column and statistic it holds."""
    layout = Layout()
    selects: list[exp.Expression] = []

    def add(expr: exp.Expression, index: int | None, stat: str) -> None:
        selects.append(exp.alias_(expr, f"s{len(selects)}", quoted=True))
        layout.slots.append((index, stat))

    return selects, layout, add


def aggregate_query(table: exp.Table, plans: list[ColumnPlan], dialect: str, sampling: Sampling | None) -> tuple[str, Layout]:
    """One scan: row count, and per column non-null count, distinct count, min/max, moments,
    length statistics and pattern-class counts."""
    selects, layout, add = _slots()

    add(exp.Count(this=exp.Star()), None, "rows")
    for p in plans:
        c = _col(p.name)
        add(exp.Count(this=c.copy()), p.index, "non_null")
        if p.distinct == "exact" or (p.distinct == "approx" and not has_approx(dialect)):
            add(exp.Count(this=exp.Distinct(expressions=[c.copy()])), p.index, "distinct")
        elif p.distinct == "approx":
            add(_approx(c.copy(), dialect), p.index, "distinct_approx")
        if p.minmax:
            add(exp.Min(this=c.copy()), p.index, "min")
            add(exp.Max(this=c.copy()), p.index, "max")
        if p.moments:
            x = _double(c.copy(), dialect)
            add(exp.Avg(this=x.copy()), p.index, "mean")
            if dialect in _NO_STDDEV:
                add(exp.Avg(this=exp.Mul(this=x.copy(), expression=x.copy())), p.index, "mean_sq")
            else:
                add(_stddev(x.copy(), dialect), p.index, "stddev")
        if p.text:
            t = _text(c.copy(), dialect)
            length = exp.Length(this=t.copy())
            add(exp.Min(this=length.copy()), p.index, "min_length")
            add(exp.Max(this=length.copy()), p.index, "max_length")
            add(exp.Avg(this=_double(length.copy(), dialect)), p.index, "avg_length")
        if p.patterns:
            _add_patterns(add, p, dialect)
    query = exp.select(*selects).from_(_source(table, sampling, dialect))
    return query.sql(dialect=dialect), layout


def _add_patterns(add, p: ColumnPlan, dialect: str) -> None:
    t = _text(_col(p.name), dialect)
    for pattern in PATTERNS:
        add(_count_if(predicate(pattern, t, dialect)), p.index, f"pattern:{pattern.name}")


def patterns_query(table: exp.Table, plans: list[ColumnPlan], dialect: str, rows: int) -> tuple[str, Layout]:
    """Pattern-class counts over the first `rows` rows (storage order, so the scan stops early):
    regexes cost far more than the other aggregates, and shares need no full scan."""
    selects, layout, add = _slots()

    add(exp.Count(this=exp.Star()), None, "rows")
    for p in plans:
        add(exp.Count(this=_col(p.name)), p.index, "non_null")
        _add_patterns(add, p, dialect)
    head = exp.select(*(_col(p.name) for p in plans)).from_(table.copy()).limit(rows).subquery("mb_head")
    return exp.select(*selects).from_(head).sql(dialect=dialect), layout


def exact_query(table: exp.Table, plans: list[ColumnPlan], dialect: str) -> tuple[str, Layout]:
    """Whole-table non-null and exact distinct counts (and min/max) of key candidates."""
    selects, layout, add = _slots()

    add(exp.Count(this=exp.Star()), None, "rows")
    for p in plans:
        c = _col(p.name)
        add(exp.Count(this=c.copy()), p.index, "non_null")
        add(exp.Count(this=exp.Distinct(expressions=[c.copy()])), p.index, "distinct")
        if p.minmax:
            add(exp.Min(this=c.copy()), p.index, "min")
            add(exp.Max(this=c.copy()), p.index, "max")
    return exp.select(*selects).from_(table.copy()).sql(dialect=dialect), layout


def top_values_query(table: exp.Table, plans: list[ColumnPlan], dialect: str, sampling: Sampling | None, n: int) -> str:
    """Rows (column index, value as text, count): the `n` most frequent values of each column.

    One UNION ALL statement; values are cast to text so the branches share a type. Ties at the
    cut are broken by value, so the same data always gives the same rows.
    """
    branches = []
    for p in plans:
        c = _col(p.name)
        count = exp.Count(this=exp.Star())
        inner = (
            exp.select(
                exp.alias_(exp.Literal.number(p.index), "i", quoted=True),
                exp.alias_(exp.Cast(this=c.copy(), to=exp.DataType.build("text")), "v", quoted=True),
                exp.alias_(count, "n", quoted=True),
            )
            .from_(_source(table, sampling, dialect))
            .where(exp.Not(this=exp.Is(this=c.copy(), expression=exp.Null())))
            .group_by(c.copy())
            .order_by(exp.Ordered(this=count.copy(), desc=True), exp.Ordered(this=c.copy()))
            .limit(n)
        )
        branches.append(exp.select(_col("i"), _col("v"), _col("n")).from_(inner.subquery(f"t{p.index}", copy=False)))
    query = branches[0]
    for b in branches[1:]:
        query = exp.union(query, b, distinct=False)
    return query.sql(dialect=dialect)


@dataclass
class Check:
    """One containment check: distinct non-null tuples of `from_cols` found in `to_cols`."""

    index: int
    from_table: exp.Table
    from_cols: list[str]
    to_table: exp.Table
    to_cols: list[str]
    sampling: Sampling | None = None


def containment_query(checks: list[Check], dialect: str) -> str:
    """Rows (check index, distinct referencing values, how many are in the referenced key)."""
    branches = []
    for chk in checks:
        values = [exp.alias_(_col(c), f"v{i}", quoted=True) for i, c in enumerate(chk.from_cols)]
        not_null = exp.and_(*(exp.Not(this=exp.Is(this=_col(c), expression=exp.Null())) for c in chk.from_cols))
        distinct = exp.select(*values).distinct().from_(_source(chk.from_table, chk.sampling, dialect)).where(not_null)
        join_on = exp.and_(*(exp.EQ(this=_col(f"v{i}", "f"), expression=_col(k, "t")) for i, k in enumerate(chk.to_cols)))
        branch = (
            exp.select(
                exp.alias_(exp.Literal.number(chk.index), "i", quoted=True),
                exp.alias_(exp.Count(this=exp.Star()), "from_distinct", quoted=True),
                exp.alias_(exp.Count(this=_col(chk.to_cols[0], "t")), "matched", quoted=True),
            )
            .from_(distinct.subquery("f", copy=False))
            .join(exp.alias_(chk.to_table.copy(), "t", table=True), on=join_on, join_type="left")
        )
        branches.append(branch)
    query = branches[0]
    for b in branches[1:]:
        query = exp.union(query, b, distinct=False)
    return query.sql(dialect=dialect)
