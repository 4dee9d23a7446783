"""Profiling and evidence SQL, built as sqlglot expressions and rendered per dialect.

Identifiers are always sqlglot identifiers with quoted=True, so a name is never spliced into SQL
text: quotes, spaces, keywords and `'); DROP TABLE x;--` come out escaped for the dialect.
Each builder returns SQL text plus the layout needed to read its result back by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sqlglot import exp

from compiler.calendar import MIDNIGHT
from compiler.profiler.patterns import PATTERNS, predicate
from compiler.profiler.sampling import Sampling

# Dialects with an approximate distinct count (HyperLogLog). sqlglot's ApproxDistinct renders
# APPROX_COUNT_DISTINCT for these; T-SQL's spelling is written out by hand.
_APPROX = {"duckdb", "snowflake", "bigquery", "spark", "databricks", "trino", "presto", "redshift", "tsql"}
_NO_STDDEV = {"sqlite"}
_SEPARATE_DISTINCT = {"spark", "databricks"}  # several exact distinct counts: one subquery each  # stddev comes from AVG(x) and AVG(x*x) instead


@dataclass
class ColumnPlan:
    """What to compute for one column. `index` ties result rows back to the column."""

    index: int
    name: str
    data_type: str
    distinct: str = "exact"  # exact | approx | none | deferred (exact, after the scan); a big PostgreSQL table also: catalog | estimate | unique (profile.py)
    minmax: bool = False
    moments: bool = False
    text: bool = False  # length statistics
    patterns: bool = False  # pattern-class counts (in the aggregate scan; else patterns_query)
    midnights: bool = False  # count the values at midnight (a date and time column that may be a calendar's day)
    fractions: bool = False  # count the values with a fraction (a float column that may hold whole numbers only)
    values: int = 0  # DuckDB: the values of the first this many rows, as a list, in the aggregate scan


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


def source_sql(table: exp.Table, sampling: Sampling | None, dialect: str) -> str:
    """The FROM item reading `table` (through its sample), as SQL text."""
    if sampling is None:  # rendered by sqlglot once per table, not once per query
        return _table_sql(table, dialect)
    return _source(table, sampling, dialect).sql(dialect=dialect)


@lru_cache(maxsize=65536)
def _table_sql(table: exp.Table, dialect: str) -> str:
    return table.sql(dialect=dialect)


# Statements are rendered by sqlglot once per dialect and shape, with placeholder identifiers
# where names go; per table and column only the placeholders are replaced, by names sqlglot
# quoted for the dialect. Building and rendering a sqlglot tree per query (deep copies
# included) cost more than running the query on small tables.
_COL, _TBL, _SUB, _KEY = "mb__col", "mb__tbl", "mb__sub", "mb__key"
_IDX = "918273645"  # a placeholder number (a column or check index)
_TEMPLATES: dict[tuple, object] = {}


@lru_cache(maxsize=65536)
def quote(name: str, dialect: str) -> str:
    """An identifier quoted for the dialect (quotes inside it escaped)."""
    return exp.to_identifier(name, quoted=True).sql(dialect=dialect)


def _template(dialect: str, key: tuple, build):
    found = _TEMPLATES.get((dialect, key))
    if found is None:  # two threads may both build it: the same text, no harm
        found = _TEMPLATES[(dialect, key)] = build()
    return found


@lru_cache(maxsize=None)
def _placeholders(dialect: str) -> re.Pattern:
    names = [quote(n, dialect) for n in (_COL, _TBL, _SUB, _KEY)] + [_IDX]
    return re.compile("|".join(re.escape(n) for n in names))


def _fill(template: str, dialect: str, values: dict[str, str]) -> str:
    """Replace the placeholders in one pass (a substituted name is never scanned again)."""
    by_text = {(k if k == _IDX else quote(k, dialect)): v for k, v in values.items()}
    return _placeholders(dialect).sub(lambda m: by_text[m.group(0)], template)


def _placeholder_table(name: str) -> exp.Table:
    return exp.table_(name, quoted=True)


def as_double(value: exp.Expression, dialect: str) -> exp.Expression:
    if dialect == "mysql":
        # CAST(... AS DOUBLE) needs MySQL 8.0.17 / MariaDB 10.4.5, and without a double MySQL
        # rounds AVG/STDDEV of integers to div_precision_increment (4) decimals; `* 1E0` works everywhere.
        return exp.Mul(this=value, expression=exp.Literal.number("1E0"))
    return exp.Cast(this=value, to=exp.DataType.build("double"))


def text_of(column: str, dialect: str) -> str:
    """A column read as text in the dialect's own cast: built as a tree, not as text, since MySQL
    and MariaDB reject CAST(x AS TEXT) and read CAST(x AS CHAR)."""
    return exp.Cast(this=exp.column(column, quoted=True), to=exp.DataType.build("text")).sql(dialect=dialect)


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


def _small_distinct(c: exp.Expression, dialect: str) -> exp.Expression | None:
    """An exact distinct count over the set of a small table's values, for engines where several
    COUNT(DISTINCT)s in one scan cost far more than the scan (NULLs are not counted either way)."""
    if dialect == "duckdb":
        # DuckDB runs each COUNT(DISTINCT) as a pipeline of its own: eight of them make a
        # 1,000-row scan 10x slower.
        return exp.Anonymous(this="LIST_UNIQUE", expressions=[exp.Anonymous(this="LIST", expressions=[c.copy()])])
    if dialect in ("spark", "databricks"):
        # Spark rewrites n COUNT(DISTINCT)s into an Expand of every row n times and two
        # aggregations: 16 of them made a 60,000-row scan 3x slower than collecting sets.
        return exp.Anonymous(this="SIZE", expressions=[exp.Anonymous(this="COLLECT_SET", expressions=[c.copy()])])
    return None


def _count_if(cond: exp.Expression) -> exp.Expression:
    return exp.Sum(this=exp.Case(ifs=[exp.If(this=cond, true=exp.Literal.number(1))], default=exp.Literal.number(0)))


def _stat_exprs(p: ColumnPlan, dialect: str, small: bool) -> list[tuple[str, exp.Expression]]:
    """(statistic, expression over the placeholder column) for one column's aggregate scan."""
    c = _col(_COL)
    out: list[tuple[str, exp.Expression]] = [("non_null", exp.Count(this=c.copy()))]
    if p.distinct == "exact" or (p.distinct == "approx" and not has_approx(dialect)):
        listed = _small_distinct(c, dialect) if small else None
        # MySQL's collations count 'Smith' and 'SMITH' once; a key the other engines find unique
        # must be unique there too (containment_query compares the same way).
        counted = _exact(c.copy(), _bytewise(p, dialect))
        out.append(("distinct", listed or exp.Count(this=exp.Distinct(expressions=[counted]))))
    elif p.distinct == "approx" or (p.distinct == "deferred" and has_approx(dialect)):
        # deferred: counted exactly later; the estimate stands if that count cannot be had.
        out.append(("distinct_approx", _approx(c.copy(), dialect)))
    if p.minmax:
        out += [("min", exp.Min(this=c.copy())), ("max", exp.Max(this=c.copy()))]
    if p.moments:
        x = as_double(c.copy(), dialect)
        out.append(("mean", exp.Avg(this=x.copy())))
        if dialect in _NO_STDDEV:
            out.append(("mean_sq", exp.Avg(this=exp.Mul(this=x.copy(), expression=x.copy()))))
        else:
            out.append(("stddev", _stddev(x.copy(), dialect)))
    if p.text:
        length = exp.Length(this=_text(c.copy(), dialect))
        out += [("min_length", exp.Min(this=length.copy())), ("max_length", exp.Max(this=length.copy())),
                ("avg_length", exp.Avg(this=as_double(length.copy(), dialect)))]
    if p.patterns:
        out += _pattern_exprs(dialect)
    if p.midnights:
        # The value is its own day read back as a date and time: midnight. sqlglot writes the casts
        # in every dialect (SQLite: DATETIME(DATE(x))).
        day = exp.Cast(this=exp.Cast(this=c.copy(), to=exp.DataType.build("DATE")), to=exp.DataType.build("TIMESTAMP"))
        out.append((f"pattern:{MIDNIGHT}", _count_if(exp.EQ(this=day, expression=c.copy()))))
    if p.fractions:
        # An identifier or a code stored as a float because its column has NULLs (pandas, a CSV
        # import: CustomerID 17850.0) holds whole numbers only; normalize_types reads it as one.
        # ROUND, not FLOOR: SQLite has no FLOOR without its math functions; T-SQL's takes a length.
        rounded = exp.Round(this=c.copy(), decimals=exp.Literal.number(0)) if dialect == "tsql" else exp.Round(this=c.copy())
        out.append(("fractions", _count_if(exp.NEQ(this=c.copy(), expression=rounded))))
    if p.values and dialect == "duckdb":
        # LIST keeps NULLs: the values of the first rows, as a LIMIT query would read them.
        listed = exp.Anonymous(this="LIST", expressions=[c.copy()])
        out.append(("values", exp.Anonymous(this="LIST_SLICE", expressions=[listed, exp.Literal.number(1), exp.Literal.number(p.values)])))
    return out


def _pattern_exprs(dialect: str) -> list[tuple[str, exp.Expression]]:
    return _pattern_exprs_of(_text(_col(_COL), dialect), dialect)


def _pattern_exprs_of(value: exp.Expression, dialect: str) -> list[tuple[str, exp.Expression]]:
    # The empty strings are counted too: a file loaded as text writes a missing value as '', and
    # the pattern shares are of the values there are (profile._read_patterns).
    empty = ("empty", _count_if(exp.EQ(this=value.copy(), expression=exp.Literal.string(""))))
    return [(f"pattern:{pattern.name}", _count_if(predicate(pattern, value, dialect))) for pattern in PATTERNS] + [empty]


def stats_shape(p: ColumnPlan, small: bool) -> tuple:
    """What decides a column's statistics in an aggregate scan (columns alike get the same SQL);
    `small` comes last."""
    return ("stats", p.distinct, p.minmax, p.moments, p.text, p.patterns, p.midnights, p.fractions, p.values, p.data_type == "string",
            small)


def _column_stats(p: ColumnPlan, dialect: str, small: bool) -> list[tuple[str, str]]:
    """(statistic, SQL template) of a column plan's shape, rendered once per dialect."""
    return _template(dialect, stats_shape(p, small), lambda: [(stat, e.sql(dialect=dialect)) for stat, e in _stat_exprs(p, dialect, small)])


class _Select:
    """A select list and its layout, filled together: each statistic gets a positional alias
    (s0, s1, ...) and the layout remembers which column and statistic it holds."""

    def __init__(self, dialect: str):
        self.dialect = dialect
        self.items: list[str] = []
        self.layout = Layout()

    def add(self, sql: str, index: int | None, stat: str) -> None:
        self.items.append(f"{sql} AS {quote(f's{len(self.items)}', self.dialect)}")
        self.layout.slots.append((index, stat))

    def add_column(self, templates: list[tuple[str, str]], p: ColumnPlan) -> None:
        column = quote(p.name, self.dialect)
        for stat, template in templates:
            self.add(_fill(template, self.dialect, {_COL: column}), p.index, stat)

    def sql(self, source: str, whole: bool = False) -> str:
        """The statement over `source`. `whole`: the source is a whole table (not a sample), so
        separate reads of it see the same rows."""
        if whole and self.dialect in _SEPARATE_DISTINCT:
            return self._separate_distinct(source)
        return f"SELECT {', '.join(self.items)} FROM {source}"

    def _separate_distinct(self, source: str) -> str:
        # Spark plans several COUNT(DISTINCT)s in one scan as an Expand of every row (with every
        # column the other aggregates read) once per distinct count: three of them on TPC-H
        # SF0.1's lineitem took 10x the scan. Each on its own is a plain two-step aggregation
        # reading one column; the single-row results are joined back in the select's order.
        distinct = [i for i, item in enumerate(self.items) if item.upper().startswith("COUNT(DISTINCT")]
        if len(distinct) < 2:
            return f"SELECT {', '.join(self.items)} FROM {source}"
        rest = [item for i, item in enumerate(self.items) if i not in set(distinct)]
        parts = [f"(SELECT {', '.join(rest)} FROM {source}) AS {quote('mb_scan', self.dialect)}"]
        parts += [f"(SELECT {self.items[i]} FROM {source}) AS {quote(f'mb_d{i}', self.dialect)}" for i in distinct]
        names = ", ".join(quote(f"s{i}", self.dialect) for i in range(len(self.items)))
        return f"SELECT {names} FROM {' CROSS JOIN '.join(parts)}"


def aggregate_query(table: exp.Table, plans: list[ColumnPlan], dialect: str, sampling: Sampling | None,
                    small: bool = False) -> tuple[str, Layout]:
    """One scan: row count, and per column non-null count, distinct count, min/max, moments,
    length statistics and pattern-class counts. `small`: the table is known to be small enough
    for distinct counts over an in-memory list of its values."""
    select = _Select(dialect)
    select.add("COUNT(*)", None, "rows")
    for p in plans:
        select.add_column(_column_stats(p, dialect, small), p)
    return select.sql(source_sql(table, sampling, dialect), whole=sampling is None), select.layout


def patterns_query(table: exp.Table, plans: list[ColumnPlan], dialect: str, rows: int | None) -> tuple[str, Layout]:
    """Pattern-class counts over the first `rows` rows (storage order, so the scan stops early):
    regexes cost far more than the other aggregates, and shares need no full scan. `rows` None:
    every row."""
    select = _Select(dialect)
    select.add("COUNT(*)", None, "rows")
    templates = [("non_null", exp.Count(this=_col(_COL)).sql(dialect=dialect))]
    templates += _template(dialect, ("patterns",), lambda: [(s, e.sql(dialect=dialect)) for s, e in _pattern_exprs(dialect)])
    for p in plans:
        select.add_column(templates, p)
    head = exp.select(*(_col(p.name) for p in plans)).from_(table.copy())
    if rows is not None:
        head = head.limit(rows)
    head = head.subquery("mb_head")
    return select.sql(head.sql(dialect=dialect)), select.layout


def stacked_aggregate_query(columns: list[tuple[int, exp.Table, ColumnPlan]], dialect: str, small: bool) -> tuple[str, list[str]]:
    """The aggregate scans of columns of many tables at once: columns alike (one type, one
    `stats_shape`) are stacked into one stream of (table tag, column index, value) and grouped
    by table and column, so that each statistic is one aggregate of the statement, not one per
    column (DuckDB's fixed cost per aggregate was most of a small table's scan).

    Rows: (table tag, column index, the table's rows, then one value per statistic named in the
    returned list). A table without rows has no row. Each table's column is read by a scan of
    its own, so on a small DuckDB table (one row group, one thread) listed values keep the order
    the table's own scan gives them."""
    templates = _column_stats(columns[0][2], dialect, small)
    t, i, v = quote("t", dialect), quote("i", dialect), quote("v", dialect)
    items = [t, i, "COUNT(*)"] + [_fill(template, dialect, {_COL: v}) for _stat, template in templates]
    branches = " UNION ALL ".join(
        f"SELECT {tag} AS {t}, {p.index} AS {i}, {quote(p.name, dialect)} AS {v} FROM {source_sql(table, None, dialect)}"
        for tag, table, p in columns)
    sql = f"SELECT {', '.join(items)} FROM ({branches}) AS {quote('mb_values', dialect)} GROUP BY {t}, {i}"
    return sql, [stat for stat, _template in templates]


def exact_query(table: exp.Table, plans: list[ColumnPlan], dialect: str, apart: frozenset[int] = frozenset()) -> tuple[str, Layout]:
    """Whole-table non-null and exact distinct counts (and min/max) of key candidates; the
    columns in `apart` get no distinct count here (distinct_part_query counts theirs)."""
    select = _Select(dialect)
    select.add("COUNT(*)", None, "rows")
    for p in plans:
        exact = ColumnPlan(p.index, p.name, p.data_type, distinct="none" if p.index in apart else "exact", minmax=p.minmax)
        select.add_column(_column_stats(exact, dialect, False), p)
    return select.sql(source_sql(table, None, dialect), whole=True), select.layout


# Distinct values a query holds at a time where the dialect can split a column's values by hash
# (DuckDB): exact distinct counts (distinct_part_query) and containment checks (containment_query)
# of columns with more values than this run in parts, which bounds their hash tables whatever
# the table's size. The parts' counts add up to the whole's.
PART_VALUES = 1_000_000


def parts(dialect: str, values: int | None) -> int:
    """In how many parts to split `values` distinct values (1 where the dialect cannot split)."""
    if dialect != "duckdb" or not values:
        return 1
    return max(1, -(-int(values) // PART_VALUES))


def _in_part(value: exp.Expression, parts: int) -> exp.Expression:
    """HASH(value) % parts = the part's placeholder (_IDX): the one rule that splits values into parts."""
    return exp.EQ(this=exp.Mod(this=exp.Anonymous(this="HASH", expressions=[value]), expression=exp.Literal.number(parts)),
                  expression=exp.Literal.number(_IDX))


def _part_source(table: exp.Table, column: str, data_type: str, dialect: str, part: tuple[int, int]) -> str:
    """The values of `column` in `table` whose hash is part[0] modulo part[1], as a subquery.
    Cast first, so that equal values of two columns (INTEGER and BIGINT, VARCHAR and an enum)
    hash alike and fall in the same part."""
    def build() -> str:
        c = _col(_COL)
        cast = exp.Cast(this=c.copy(), to=exp.DataType.build("hugeint" if data_type == "integer" else "text"))
        return exp.select(c.copy()).from_(_placeholder_table(_TBL)).where(_in_part(cast, part[1])).subquery().sql(dialect=dialect)

    template = _template(dialect, ("part-source", data_type == "integer", part[1]), build)
    return _fill(template, dialect, {_COL: quote(column, dialect), _TBL: source_sql(table, None, dialect), _IDX: str(part[0])})


def distinct_part_query(table: exp.Table, column: str, dialect: str, part: int, parts: int) -> str:
    """The exact distinct count of the values of `column` whose hash is `part` modulo `parts`:
    the parts' counts add up to the column's, and each query holds only its part's values (a
    hash table of every distinct value of a big key column can outgrow the data read)."""
    def build() -> str:
        c = _col(_COL)
        return (exp.select(exp.Count(this=exp.Distinct(expressions=[c.copy()])))
                .from_(_placeholder_table(_TBL)).where(_in_part(c.copy(), parts)).sql(dialect=dialect))

    template = _template(dialect, ("distinct-part", parts), build)
    return _fill(template, dialect, {_COL: quote(column, dialect), _TBL: source_sql(table, None, dialect), _IDX: str(part)})


def top_values_query(table: exp.Table, plans: list[ColumnPlan], dialect: str, sampling: Sampling | None, n: int,
                     groups: bool = False) -> str:
    """Rows (column index, value as text, count): the `n` most frequent values of each column;
    with `groups`, a fourth value: how many distinct values the column has (the GROUP BY found
    them all before the cut, so an exact distinct count costs a window over its groups).

    One UNION ALL statement; values are cast to text so the branches share a type. Ties at the
    cut are broken by value, so the same data always gives the same rows.
    """
    def build() -> str:
        c = _col(_COL)
        count = exp.Count(this=exp.Star())
        index = exp.alias_(exp.Literal.number(_IDX), "i", quoted=True)
        text = exp.alias_(exp.Cast(this=c.copy(), to=exp.DataType.build("text")), "v", quoted=True)
        present = exp.Not(this=exp.Is(this=c.copy(), expression=exp.Null()))
        if groups:
            # The groups first, then the window over them: Spark rejects ORDER BY COUNT(*) in a
            # SELECT that also holds a window, and the count of groups must precede the cut.
            grouped = (exp.select(index, text, exp.alias_(count, "n", quoted=True), exp.alias_(c.copy(), "k", quoted=True))
                       .from_(_placeholder_table(_TBL)).where(present).group_by(c.copy()))
            inner = (
                exp.select(_col("i"), _col("v"), _col("n"), exp.alias_(exp.Window(this=exp.Count(this=exp.Star())), "d", quoted=True))
                .from_(grouped.subquery(exp.to_identifier("g", quoted=True)))
                .order_by(exp.Ordered(this=_col("n"), desc=True), exp.Ordered(this=_col("k")))
                .limit(n)
            )
        else:
            inner = (
                exp.select(index, text, exp.alias_(count, "n", quoted=True))
                .from_(_placeholder_table(_TBL))
                .where(present)
                .group_by(c.copy())
                .order_by(exp.Ordered(this=count.copy(), desc=True), exp.Ordered(this=c.copy()))
                .limit(n)
            )
        outer = [_col("i"), _col("v"), _col("n")] + ([_col("d")] if groups else [])
        return exp.select(*outer).from_(inner.subquery(exp.to_identifier(_SUB, quoted=True))).sql(dialect=dialect)

    template = _template(dialect, ("top", n, groups), build)
    source = source_sql(table, sampling, dialect)
    return " UNION ALL ".join(
        _fill(template, dialect, {_COL: quote(p.name, dialect), _TBL: source, _IDX: str(p.index), _SUB: quote(f"t{p.index}", dialect)})
        for p in plans)


def combined_values_query(table: exp.Table, columns: list[str], dialect: str, limit: int) -> str:
    """Rows (each column's value as text, ..., count): how many rows hold each combination of
    the columns' values (NULL included), at most `limit` combinations."""
    names = [quote(c, dialect) for c in columns]
    values = ", ".join(text_of(c, dialect) for c in columns)
    return (f"SELECT {values}, COUNT(*) FROM {source_sql(table, None, dialect)} GROUP BY {', '.join(names)} "
            f"LIMIT {int(limit)}")


def hashed_distinct_query(table: exp.Table, columns: list[str], dialect: str) -> str:
    """One row: the exact number of distinct non-null values of each column, each counted by a
    DISTINCT subquery of its own (hashed, where COUNT(DISTINCT) sorts)."""
    source = source_sql(table, None, dialect)
    parts = []
    for i, column in enumerate(columns):
        c = quote(column, dialect)
        parts.append(f"(SELECT COUNT(*) FROM (SELECT DISTINCT {c} FROM {source} WHERE {c} IS NOT NULL) AS {quote(f'mb_d{i}', dialect)})")
    return f"SELECT {', '.join(parts)}"


def shared_top_values_query(columns: list[tuple[int, exp.Table, int, str, str]], n: int) -> str:
    """DuckDB: the top `n` values of many tables' columns in one statement, one aggregation per
    column type instead of one per column (each GROUP BY of a 1,000-row column cost DuckDB more
    than its work).

    `columns`: (table tag, table, column index, column name, column type as the catalog spells it).
    Rows: (table tag, column index, list of `n` structs {v: value as text, n: count}). Columns of
    one type share one stream of (tag, index, value), so values keep their own type's order: the
    tie at the cut is broken by value, as top_values_query does, and the same data always gives
    the same rows."""
    dialect = "duckdb"
    t, i, v, c = (quote(name, dialect) for name in ("t", "i", "v", "n"))
    by_type: dict[str, list[tuple[int, exp.Table, int, str]]] = {}
    for tag, table, index, name, type_ in columns:
        by_type.setdefault(type_, []).append((tag, table, index, name))
    parts = []
    for group in by_type.values():
        branches = " UNION ALL ".join(
            f"SELECT {tag} AS {t}, {index} AS {i}, {quote(name, dialect)} AS {v} FROM {source_sql(table, None, dialect)}"
            f" WHERE {quote(name, dialect)} IS NOT NULL"
            for tag, table, index, name in group)
        counted = f"SELECT {t}, {i}, {v}, COUNT(*) AS {c} FROM ({branches}) AS {quote('mb_values', dialect)} GROUP BY {t}, {i}, {v}"
        # The n smallest (-count, value): the most frequent first, ties by the value's own order.
        top = f"ARG_MIN({{'v': CAST({v} AS TEXT), 'n': {c}}}, {{'n': -{c}, 'v': {v}}}, {int(n)})"
        parts.append(f"SELECT {t}, {i}, {top} AS {v} FROM ({counted}) AS {quote('mb_counts', dialect)} GROUP BY {t}, {i}")
    return " UNION ALL ".join(parts)


def head_query(table: exp.Table, columns: list[str], dialect: str, sampling: Sampling | None, rows: int) -> str:
    """The first `rows` rows of `columns` (through the sample, if any)."""
    template = _template(dialect, ("head", rows), lambda: exp.select(_col(_COL)).from_(_placeholder_table(_TBL)).limit(rows).sql(dialect=dialect))
    return _fill(template, dialect, {_COL: ", ".join(quote(c, dialect) for c in columns), _TBL: source_sql(table, sampling, dialect)})


def values_query(table: exp.Table, plans: list[ColumnPlan], dialect: str, rows: int) -> str:
    """Rows (column index, value as text): up to `rows` non-null values of each column."""
    def build() -> str:
        c = _col(_COL)
        inner = (
            exp.select(exp.alias_(exp.Literal.number(_IDX), "i", quoted=True),
                       exp.alias_(exp.Cast(this=c.copy(), to=exp.DataType.build("text")), "v", quoted=True))
            .from_(_placeholder_table(_TBL))
            .where(exp.Not(this=exp.Is(this=c.copy(), expression=exp.Null())))
            .limit(rows)
        )
        return exp.select(_col("i"), _col("v")).from_(inner.subquery(exp.to_identifier(_SUB, quoted=True))).sql(dialect=dialect)

    template = _template(dialect, ("values", rows), build)
    source = source_sql(table, None, dialect)
    return " UNION ALL ".join(
        _fill(template, dialect, {_COL: quote(p.name, dialect), _TBL: source, _IDX: str(p.index), _SUB: quote(f"t{p.index}", dialect)})
        for p in plans)


@dataclass
class Check:
    """One containment check: distinct non-null tuples of `from_cols` found in `to_cols`."""

    index: int
    from_table: exp.Table
    from_cols: list[str]
    to_table: exp.Table
    to_cols: list[str]
    sampling: Sampling | None = None
    data_type: str = ""  # the referencing column's normalized type (how a part's hash reads it)


def containment_query(checks: list[Check], dialect: str, part: tuple[int, int] | None = None) -> str:
    """Rows (check index, distinct referencing values, how many are in the referenced key).

    Single-column checks against the same key share one branch: the distinct values of every
    referencing column, tagged with the check's index, are joined to the key once. A check
    whose column holds no values has no row. `part` (p, n): only the values, on both sides,
    whose hash is p modulo n (single-column checks on unsampled tables, where the dialect has
    `parts`); the n parts' rows add up to the whole's."""
    if part is not None and any(len(chk.from_cols) != 1 or chk.sampling is not None for chk in checks):
        raise ValueError("only unsampled single-column checks run in parts")
    groups: dict[tuple, list[Check]] = {}
    branches = []
    for chk in checks:
        if len(chk.from_cols) == 1 and len(chk.to_cols) == 1:
            groups.setdefault((chk.to_table.sql(dialect=dialect), chk.to_cols[0]), []).append(chk)
        else:
            branches.append(_composite_check(chk, dialect))
    def value_template(exact: bool) -> str:
        return _template(dialect, ("contain-values", exact), lambda: (
            exp.select(exp.alias_(exp.Literal.number(_IDX), "i", quoted=True), exp.alias_(_exact(_col(_COL), exact), "v0", quoted=True))
            .distinct().from_(_placeholder_table(_TBL)).where(exp.Not(this=exp.Is(this=_col(_COL), expression=exp.Null())))
            .sql(dialect=dialect)))

    def join_template(exact: bool) -> str:
        if exact:
            # The key's bytes as a derived table of their own: joined to a cast of the key
            # column, MariaDB compared every value with every key row (88 s for 100k values
            # against 20k keys); a derived table gets a key of its own, and lookups.
            keys = (exp.select(exp.alias_(_exact(_col(_KEY), True), "k", quoted=True)).distinct().from_(_placeholder_table(_TBL))
                    .where(exp.Not(this=exp.Is(this=_col(_KEY), expression=exp.Null()))))
            target, key = keys.subquery("t", copy=False), _col("k", "t")
        else:
            target, key = exp.alias_(_placeholder_table(_TBL), "t", table=True, quoted=True), _col(_KEY, "t")
        return _template(dialect, ("contain-join", exact), lambda: (
            exp.select(exp.alias_(_col("i", "f"), "i", quoted=True),
                       exp.alias_(exp.Count(this=exp.Star()), "from_distinct", quoted=True),
                       exp.alias_(exp.Count(this=key), "matched", quoted=True))
            .from_(exp.alias_(_placeholder_table(_SUB), "f", table=True, quoted=True))
            .join(target, on=exp.EQ(this=_col("v0", "f"), expression=key), join_type="left")
            .group_by(_col("i", "f"))
            .sql(dialect=dialect)))

    for (to_table, to_col), group in groups.items():
        # MySQL and MariaDB compare text by its collation, mostly case- and accent-blind: 'Smith'
        # would be found in a key holding 'SMITH' there and nowhere else. Bytes compare alike everywhere.
        exact = dialect == "mysql" and all(chk.data_type == "string" for chk in group)
        value, join = value_template(exact), join_template(exact)
        if part is not None:
            sources = [_part_source(chk.from_table, chk.from_cols[0], chk.data_type, dialect, part) for chk in group]
            to_table = _part_source(group[0].to_table, to_col, group[0].data_type, dialect, part)
        else:
            sources = [source_sql(chk.from_table, chk.sampling, dialect) for chk in group]
        values = " UNION ALL ".join(
            _fill(value, dialect, {_IDX: str(chk.index), _COL: quote(chk.from_cols[0], dialect), _TBL: source})
            for chk, source in zip(group, sources))
        branches.append(_fill(join, dialect, {_SUB: f"({values})", _TBL: to_table, _KEY: quote(to_col, dialect)}))
    return " UNION ALL ".join(branches)


def _bytewise(p: ColumnPlan, dialect: str) -> bool:
    return dialect == "mysql" and p.data_type == "string"


def _exact(value: exp.Expression, exact: bool) -> exp.Expression:
    return exp.Cast(this=value, to=exp.DataType.build("BINARY")) if exact else value


def _composite_check(chk: Check, dialect: str) -> str:
    values = [exp.alias_(_col(c), f"v{i}", quoted=True) for i, c in enumerate(chk.from_cols)]
    not_null = exp.and_(*(exp.Not(this=exp.Is(this=_col(c), expression=exp.Null())) for c in chk.from_cols))
    distinct = exp.select(*values).distinct().from_(_source(chk.from_table, chk.sampling, dialect)).where(not_null)
    join_on = exp.and_(*(exp.EQ(this=_col(f"v{i}", "f"), expression=_col(k, "t")) for i, k in enumerate(chk.to_cols)))
    return (
        exp.select(
            exp.alias_(exp.Literal.number(chk.index), "i", quoted=True),
            exp.alias_(exp.Count(this=exp.Star()), "from_distinct", quoted=True),
            exp.alias_(exp.Count(this=_col(chk.to_cols[0], "t")), "matched", quoted=True),
        )
        .from_(distinct.subquery("f", copy=False))
        .join(exp.alias_(chk.to_table.copy(), "t", table=True), on=join_on, join_type="left")
        .sql(dialect=dialect)
    )
