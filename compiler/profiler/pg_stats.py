"""PostgreSQL's own statistics as a fast path for distinct counts, used only when fresh.

An exact COUNT(DISTINCT) of every column of a big table costs many times a plain aggregate scan
in PostgreSQL (each one sorts the column, and any of them keeps the whole scan from running in
parallel). ANALYZE has already estimated each column's distinct count (`pg_stats.n_distinct`),
so for columns no key decision rests on the profiler reads that estimate instead, labelled
`distinct_source: pg_stats` and `distinct_exact: false`.

The statistics are used for a table only when they describe the table as it is:
* it was analyzed (`pg_stat_all_tables.last_analyze` or `last_autoanalyze` is set; both are lost
  when the server's statistics are reset, and then the estimates are not trusted either);
* fewer than STALE_SHARE of its rows were inserted, updated or deleted since (`n_mod_since_analyze`);
* the row count ANALYZE saw (`pg_class.reltuples`) is within STALE_SHARE of the exact count.
And a column's count is read only where ANALYZE settled it rather than extrapolated it
(TableStats.settled); the others are estimated from a row sample (profile.py).

Key candidates are still counted exactly (their uniqueness decides keys and joins): the estimate
only chooses how (profile._hashed_distinct), and one a valid single-column unique index covers
needs no count at all: its distinct values are its non-null values (an index is a constraint, not
a statistic, so this holds whether or not the statistics are fresh).

The same fresh statistics give the top values of columns of many values (`most_common_vals` and
`most_common_freqs`: ANALYZE's sample's most frequent values, the counts scaled to the table),
labelled `top_values_source: pg_stats`, so that no GROUP BY of the whole table is run for
values that would be of little use: only values seen in at least 1% of ANALYZE's sample are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from ir.catalog import Table

STALE_SHARE = 0.1  # PostgreSQL's own autovacuum_analyze_scale_factor default
SETTLED_REPEATS = 3


@dataclass
class TableStats:
    reltuples: float
    analyzed: bool
    modified: int | None  # rows changed since the last ANALYZE; None when unknown
    sample_rows: float = 0.0  # rows ANALYZE reads: 300 x default_statistics_target, at most the table's
    n_distinct: dict[str, float] = field(default_factory=dict)  # column -> pg_stats.n_distinct
    # column -> ANALYZE's most common values (as text) and their shares of the rows, most frequent first
    common: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    unique: set[str] = field(default_factory=set)  # columns a valid single-column unique index covers

    def fresh(self, rows: int | None) -> bool:
        """Whether ANALYZE's figures describe the table that has `rows` rows now."""
        if not self.analyzed or rows is None or self.reltuples < 0 or self.modified is None:
            return False
        slack = STALE_SHARE * max(rows, 1)
        return self.modified <= slack and abs(self.reltuples - rows) <= slack

    def settled(self, column: str) -> bool:
        """Whether ANALYZE's distinct count of `column` is worth reading instead of estimating
        one from a row sample: it read every row, or found every value different (-1), or its
        sample saw each value about SETTLED_REPEATS times or more. Otherwise it extrapolated
        from rows that mostly showed each value once: 10-20% low on the benchmark's columns,
        where a row sample's frequencies (estimate.py) came within 1%."""
        nd = self.n_distinct.get(column)
        if nd is None or nd == 0:
            return False
        if nd == -1 or self.sample_rows >= self.reltuples:
            return True
        values = nd if nd > 0 else -nd * self.reltuples
        return values * SETTLED_REPEATS <= self.sample_rows

    def distinct(self, column: str, rows: int, non_null: int) -> int | None:
        """The estimated distinct count of `column` in a table of `rows` rows, or None."""
        nd = self.n_distinct.get(column)
        if nd is None or nd == 0:  # 0: PostgreSQL could not estimate it
            return None
        # A negative n_distinct is a share of the rows (-1: unique), so it grows with the table.
        estimate = nd if nd > 0 else -nd * rows
        return int(round(min(estimate, non_null)))

    def common_values(self, column: str, rows: int, min_share: float = 0.0) -> list[tuple[str, int]]:
        """ANALYZE's most common values of `column` that it saw in at least `min_share` of its
        sample's rows, as (text, estimated count in `rows` rows)."""
        return [(value, max(1, int(round(share * rows)))) for value, share in self.common.get(column, [])
                if value is not None and share >= min_share]


def read_stats(runner: Runner, tables: list[Table]) -> dict[str, TableStats]:
    """Table key -> its statistics, for the tables ANALYZE has seen; {} when they cannot be read
    (the caller then counts as it would without them)."""
    schemas = sorted({t.schema_ for t in tables if t.schema_})
    plain = any(t.schema_ is None for t in tables)
    where = _schema_filter("n.nspname", schemas, plain)
    tables_sql = (
        "SELECT n.nspname, c.relname, n.nspname = current_schema(), c.reltuples, "
        "s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL, s.n_mod_since_analyze, "
        "300 * current_setting('default_statistics_target')::integer "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid "
        f"WHERE c.relkind IN ('r', 'm') AND ({where})"
    )
    columns_sql = (
        "SELECT schemaname, tablename, attname, n_distinct FROM pg_catalog.pg_stats "
        f"WHERE NOT inherited AND ({_schema_filter('schemaname', schemas, plain)})"
    )
    # Array elements as text: most_common_vals is of the column's type (anyarray), its text
    # form parsed back as text[] gives each value as CAST(value AS TEXT) would.
    common_sql = (
        "SELECT s.schemaname, s.tablename, s.attname, m.v, m.f FROM pg_catalog.pg_stats s, "
        "unnest(s.most_common_vals::text::text[], s.most_common_freqs) WITH ORDINALITY AS m(v, f, o) "
        f"WHERE NOT s.inherited AND ({_schema_filter('s.schemaname', schemas, plain)}) ORDER BY 1, 2, 3, m.o"
    )
    # Unique indexes that are valid (a failed CREATE UNIQUE INDEX CONCURRENTLY leaves an invalid
    # one, over duplicates), on one column, whole (no WHERE) and not over an expression; not of a
    # table with INHERITS children, whose rows the profile reads too and the index does not cover.
    unique_sql = (
        "SELECT n.nspname, c.relname, a.attname FROM pg_catalog.pg_index i "
        "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE i.indisunique AND i.indisvalid AND i.indnatts = 1 AND i.indpred IS NULL AND i.indexprs IS NULL "
        "AND NOT c.relhassubclass "
        f"AND ({where})"
    )
    try:
        found = runner.run(tables_sql)
        columns = runner.run(columns_sql)
    except (QueryFailed, QueryTimeout):
        return {}
    common, unique = _optional(runner, common_sql), _optional(runner, unique_sql)
    wanted = {(t.schema_, t.name): t.key for t in tables}
    by_name: dict[tuple[str, str], TableStats] = {}
    out: dict[str, TableStats] = {}
    for schema, name, is_default, reltuples, analyzed, modified, sample in found:
        key = wanted.get((schema, name)) or (wanted.get((None, name)) if is_default else None)
        if key is None:
            continue
        stats = TableStats(float(reltuples), bool(analyzed), None if modified is None else int(modified),
                           min(float(reltuples), float(sample)))
        by_name[(schema, name)] = out[key] = stats
    for schema, name, column, n_distinct in columns:
        stats = by_name.get((schema, name))
        if stats is not None and n_distinct is not None:
            stats.n_distinct[column] = float(n_distinct)
    for schema, name, column, value, share in common:
        stats = by_name.get((schema, name))
        if stats is not None and share is not None:
            stats.common.setdefault(column, []).append((value, float(share)))
    for schema, name, column in unique:
        stats = by_name.get((schema, name))
        if stats is not None:
            stats.unique.add(column)
    return out


def _optional(runner: Runner, sql: str) -> list[tuple]:
    """Rows of a catalog query whose failure only costs what it adds."""
    try:
        return runner.run(sql)
    except (QueryFailed, QueryTimeout):
        return []


def _schema_filter(column: str, schemas: list[str], default: bool) -> str:
    terms = []
    if schemas:
        literals = ", ".join(exp.Literal.string(s).sql(dialect="postgres") for s in schemas)
        terms.append(f"{column} IN ({literals})")
    if default:
        terms.append(f"{column} = current_schema()")
    return " OR ".join(terms) or "FALSE"
