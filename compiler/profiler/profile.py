"""Profiling one table: what to compute per column, the queries, and reading results back.

Per table: one batched aggregate scan, then (only when needed) one whole-table query for exact
distinct counts of key candidates, then one UNION ALL query for top values. On a big DuckDB
table the key candidates' exact counts always come after the scan, and a column of very many
values is counted in parts by hash (queries.PART_VALUES), so that memory stays bounded. On a
sampled table a query for the sample's value frequencies scales its distinct counts to the table (estimate.py);
on a big PostgreSQL table read whole, fresh ANALYZE estimates (pg_stats.py), else a row
sample's, stand in for the distinct counts of columns no key decision rests on; its key
candidates are counted by hashing where ANALYZE shows their values repeat (or not at all under a
unique index), its columns of few values share one GROUP BY for their top values, and those of
many take ANALYZE's most common values (_top_values). Small DuckDB tables read whole are profiled
in groups (compiler.profiler.profile_snapshot): their aggregate scans are a few statements
stacking the group's columns of one type (shared_aggregate), and their top values one statement
with an aggregation per column type (shared_top_values). A failure is
contained: a failed batch is retried column by column, a failed shared query table by table, a
timeout skips the statistic, and either way the table records what is missing in
`profile.skipped`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from sqlglot import exp

from compiler.diagnostics import PR001, PR002, Code
from compiler.profiler import queries as q
from compiler.profiler.codes import code_presence
from compiler.profiler import redaction
from compiler.profiler.estimate import estimate_distinct, frequency_query, read_frequencies
from compiler.profiler.pg_stats import TableStats
from compiler.profiler.options import ProfileOptions
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from compiler.profiler.sampling import Sampling, plan_sample
from compiler.naming import read_words
from compiler.profiler.values import clean, from_text, round_float, sort_key
from ir.catalog import Column, ColumnProfile, Table, TableProfile, ValueCount
from compiler.types import normalize_type

# Statistics by normalized type. Types outside COUNTABLE (binary, json, arrays, ...) only get a
# null count: many databases cannot compare or group them.
COUNTABLE = {"integer", "decimal", "float", "boolean", "string", "date", "timestamp", "timestamp_tz", "time",
             "uuid", "interval", "unknown"}
ORDERED = {"integer", "decimal", "float", "date", "timestamp", "timestamp_tz", "time", "string"}
NUMERIC = {"integer", "decimal", "float"}
KEY_TYPES = {"integer", "string", "uuid"}
# Last words of names that usually hold keys. Only used to choose *exact* distinct counts on big
# tables (cost), never to filter evidence; near-unique columns get exact counts whatever their name.
_KEY_WORDS = {"id", "key", "code", "no", "nr", "num", "number", "uuid", "guid", "sk", "pk", "fk", "ref"}
# Dialects whose big tables get distinct counts from a row sample's value frequencies when
# there is no fresher estimate (they have TABLESAMPLE BERNOULLI and no HyperLogLog).
ROW_SAMPLED = {"postgres"}
ESTIMATE_ROWS = 50_000
# Dialects whose big tables count their key candidates' distinct values exactly in a query of
# their own, after the aggregate scan (begin_table says why).
SPLIT_DISTINCT = {"duckdb"}
_NEAR_UNIQUE = 0.9  # approximate distinct / non-null above which a count is redone exactly
_MAX_TEXT_KEY = 64  # longest text value a near-unique column may hold to count as a possible key
# Top values of a big PostgreSQL table read whole: columns of at most this many (estimated)
# values are counted exactly (enumerations rest on them), several in one GROUP BY while the
# product of their counts stays within COMBINED_GROUPS; columns of more values take ANALYZE's
# most common values where its statistics are fresh (an estimate, labelled so).
EXACT_TOP_DISTINCT = 1_000
COMBINED_GROUPS = 10_000
# ANALYZE's most common values kept as top values: those it saw in at least this share of its
# sample's rows (300 of its usual 30,000: a count within about 6%). Below, a value's frequency
# in the sample says little (of 50,000 values spread evenly, some show 10 times their share).
MIN_COMMON_SHARE = 0.01
# Types whose most common values read back from their text form as the column's values (an
# array of `box`, say, is written with another delimiter).
_COMMON_TYPES = ORDERED | {"uuid", "boolean"}
HASHED_DISTINCT = 100_000  # key candidates estimated to hold at most this many values: counted by hashing
# Tables of at most this many rows share their aggregate scans (shared_aggregate): about where a
# table's own scan, measured with DuckDB 2.0 on 10 columns, became as fast as the stacked one.
STACK_ROWS = 10_000


@dataclass
class Outcome:
    """What profiling one table reported, merged into the run's diagnostics in table order."""

    problems: list[tuple[Code, str, str]] = field(default_factory=list)


@dataclass
class _Job:
    table: Table
    dialect: str
    options: ProfileOptions
    plans: list[q.ColumnPlan]
    types: dict[int, str]
    sampling: Sampling | None
    catalog: TableStats | None = None  # fresh PostgreSQL statistics, for the "catalog" distinct counts
    estimated: bool = False  # a big PostgreSQL table read whole: distinct counts estimated, keys checked
    hints: dict[int, int] = field(default_factory=dict)  # ANALYZE's estimates of the "deferred" key candidates
    profiles: dict[int, ColumnProfile] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    unsampled: set[int] = field(default_factory=set)  # columns whose values could not be sampled
    listed: dict[int, list] | None = None  # values the aggregate scan listed (small DuckDB tables)
    rows: int | None = None
    pattern_rows: int | None = None
    outcome: Outcome = field(default_factory=Outcome)


# Documents no database compares or groups (XML in PostgreSQL, SQL Server and Oracle): typed as
# text for the model, profiled as JSON is, by their null count, since COUNT(DISTINCT) or MIN of
# one fails (PostgreSQL: "could not identify an equality operator for type xml").
_DOCUMENT_TYPES = {"XML", "XMLTYPE", "SYS.XMLTYPE"}


def data_type(column: Column, dialect: str) -> str:
    if (column.type or "").strip().upper().split("(", 1)[0].strip() in _DOCUMENT_TYPES:
        return "json"
    return column.data_type or normalize_type(column.type, dialect)


def textual(dtype: str, dialect: str) -> bool:
    """Profiled as text: text, and a SQLite column declared without a type (a view's MAX(...), a
    table's `weight` with no type), which holds what each row was given, read as text by its
    lengths and patterns (normalize_types types it by them)."""
    return dtype == "string" or (dtype == "unknown" and dialect == "sqlite")


def is_key_candidate(table: Table, column: Column, dtype: str) -> bool:
    if dtype not in KEY_TYPES:
        return False
    declared = [table.primary_key] + [uk.columns for uk in table.unique_keys]
    if any(column.name in cols for cols in declared if cols):
        return True
    ws = read_words(column.name)  # playerid, as PostgreSQL folds playerID
    return bool(ws) and (ws[-1] in _KEY_WORDS or ws[-1].endswith("key"))  # custkey, orderkey


def shares_queries(table: Table, options: ProfileOptions, dialect: str) -> bool:
    """Whether a table is a small DuckDB table read whole, whose statistics and top values can be
    computed by queries shared with other such tables (shared_aggregate, shared_top_values)."""
    if dialect != "duckdb" or table.row_count is None or table.row_count > options.pattern_rows:
        return False
    return plan_sample(options.sample, table.row_count, dialect) is None


def shared_aggregate(jobs: list[_Job], runner: Runner) -> None:
    """The aggregate scans of many small tables (shares_queries) as a few statements: the columns
    of one type and one set of statistics, of every table, are stacked into one stream grouped by
    table and column (queries.stacked_aggregate_query), so that DuckDB's fixed cost per aggregate
    is paid once per statement rather than once per column. A table that statements failed for,
    or whose rows they did not see (an empty table has no group), runs its own scan, and so
    does a table of more than STACK_ROWS rows: there, the fixed cost is small beside the rows,
    which a grouped aggregation reads more slowly than a table's own scan."""
    streams: dict[tuple, list[tuple[int, q.ColumnPlan]]] = {}
    for tag, job in enumerate(jobs):
        if (job.table.row_count or 0) > STACK_ROWS:
            continue
        small = _small(job)
        for p in job.plans:
            streams.setdefault((job.table.columns[p.index].type, q.stats_shape(p, small)), []).append((tag, p))
    rows_of: dict[int, int] = {}
    found: list[dict[int, list]] = [{} for _ in jobs]
    stats_of: dict[int, list[str]] = {}
    failed: set[int] = set()
    for (_type, shape), members in streams.items():
        sql, stats = q.stacked_aggregate_query(
            [(tag, q.table_expr(jobs[tag].table.name, jobs[tag].table.schema_), p) for tag, p in members], runner.dialect, shape[-1])
        try:
            rows = runner.run(sql)
        except (QueryFailed, QueryTimeout):
            failed.update(tag for tag, _p in members)
            continue
        for tag, index, count, *values in rows:
            rows_of[int(tag)] = int(count)
            found[int(tag)][int(index)] = values
        for _tag, p in members:
            stats_of[id(p)] = stats
    for tag, job in enumerate(jobs):
        if tag in failed or any(p.index not in found[tag] for p in job.plans):
            _aggregate(job, runner)
            continue
        layout, row = q.Layout([(None, "rows")]), [rows_of[tag]]
        for p in job.plans:
            layout.slots += [(p.index, stat) for stat in stats_of[id(p)]]
            row += found[tag][p.index]
        _read_aggregate(job, layout, tuple(row))


def shared_top_values(jobs: list[_Job], runner: Runner) -> None:
    """The top values of many tables' columns in one statement; when it fails, each table runs
    its own query (and reports its own problem). The jobs are small DuckDB tables read whole."""
    columns, wanted_by_tag = [], {}
    for tag, job in enumerate(jobs):
        wanted = top_values_wanted(job) if job.plans else []
        if wanted:
            wanted_by_tag[tag] = wanted
            table = q.table_expr(job.table.name, job.table.schema_)
            columns += [(tag, table, p.index, p.name, job.table.columns[p.index].type) for p in wanted]
    if not columns:
        return
    try:
        rows = runner.run(q.shared_top_values_query(columns, jobs[0].options.top_n))
    except (QueryFailed, QueryTimeout):
        for tag in wanted_by_tag:
            _top_values(jobs[tag], runner)
        return
    found: dict[int, list[tuple]] = {tag: [] for tag in wanted_by_tag}
    for tag, index, top in rows:
        found[int(tag)] += [(index, value["v"], value["n"]) for value in top]
    for tag, got in found.items():
        read_top_values(jobs[tag], got)


def profile_table(table: Table, runner: Runner, options: ProfileOptions, stats: TableStats | None = None) -> Outcome:
    """Fill `table.profile` and each column's `profile`. Never raises for a database problem.
    `stats`: PostgreSQL's statistics of the table, if any (used only when fresh)."""
    job = begin_table(table, runner, options, stats)
    if job.plans:
        _top_values(job, runner)
        code_presence(job, runner, _run)
    return finish_table(job)


def begin_table(table: Table, runner: Runner, options: ProfileOptions, stats: TableStats | None = None) -> _Job:
    """Everything up to the top values: statistics, exact follow-ups, value classes, redaction."""
    job = plan_table(table, runner.dialect, options, stats, held_as_text(table, runner))
    if job.plans:
        _aggregate(job, runner)
    return continue_table(job, runner)


_SQLITE_NUMBERS = ("integer", "decimal", "float")


def held_as_text(table: Table, runner: Runner) -> set[str]:
    """SQLite's columns declared as numbers that hold text on some row: a type there is an
    affinity, and a value that reads as no number ('T' for a trace of rain, '' for none, loaded
    from a CSV file) is kept as the text it was given. Profiled as text, they are typed by their
    values, as the same file loaded as text elsewhere (normalize_types), and read through the
    same cast: summed or averaged as they stand, SQLite would take 'T' and '' for 0."""
    if runner.dialect != "sqlite":
        return set()
    numbers = [c.name for c in table.columns if data_type(c, "sqlite") in _SQLITE_NUMBERS]
    if not numbers:
        return set()
    counts = [exp.func("SUM", exp.If(this=exp.EQ(this=exp.func("TYPEOF", exp.column(c, quoted=True)), expression=exp.Literal.string("text")),
                                     true=exp.Literal.number(1), false=exp.Literal.number(0))) for c in numbers]
    sql = exp.select(*counts).from_(q.table_expr(table.name, table.schema_)).sql(dialect="sqlite")
    try:
        (row,) = runner.run(sql)
    except (QueryFailed, QueryTimeout):
        return set()
    return {c for c, n in zip(numbers, row) if n}


def plan_table(table: Table, dialect: str, options: ProfileOptions, stats: TableStats | None = None,
               as_text: set[str] = frozenset()) -> _Job:
    """What to compute for each column of a table (no query yet); `as_text`: columns profiled as
    text whatever their declared type (held_as_text)."""
    sampling = plan_sample(options.sample, table.row_count, dialect)
    big = (table.row_count or 0) > options.exact_distinct_rows
    # PostgreSQL has no approximate distinct count. A big table's non-key columns take ANALYZE's
    # estimates when they describe the table as it is, else an estimate from a row sample; its
    # key candidates are counted exactly after the scan, so that no COUNT(DISTINCT) keeps the
    # scan from running in parallel. (A view cannot be sampled: it is counted as before.)
    estimated = big and sampling is None and dialect in ROW_SAMPLED and table.kind != "view"
    # DuckDB holds far more memory for an exact COUNT(DISTINCT) among a wide scan's aggregates
    # than for the same count alone (TPC-H SF1's lineitem: 1.4 GB against 0.2 GB): a big
    # table's key candidates get an approximate count in the scan and their exact count in a
    # narrow query after it (_exact_follow_up). The same counts, about the same time.
    split = big and sampling is None and dialect in SPLIT_DISTINCT
    catalog = stats if estimated and stats is not None and stats.fresh(table.row_count) else None
    unique = stats.unique if estimated and stats is not None else set()  # a constraint, not a statistic: always valid
    # Patterns ride along in the aggregate scan when the table is small enough to read whole for them.
    expected = _expected_rows(table.row_count, sampling)
    inline_patterns = expected is not None and expected <= options.pattern_rows
    # A small DuckDB table's value sample (its first rows) rides along in the aggregate scan too:
    # one query less per table. Under one row group (122,880 rows) the scan runs on one thread,
    # so the list holds the rows a LIMIT would read, the same on every run.
    list_values = dialect == "duckdb" and sampling is None and table.row_count is not None and table.row_count <= 100_000
    plans, types = [], {}
    for i, col in enumerate(table.columns):
        dtype = "unknown" if col.name in as_text else data_type(col, dialect)
        types[i] = dtype
        distinct = "none"
        if dtype in COUNTABLE:
            key = is_key_candidate(table, col, dtype)
            distinct = "approx" if big and not key else "exact"
            if split and key:
                distinct = "deferred"
            if estimated:
                if col.name in unique:  # its unique index says it: every non-null value differs
                    distinct = "unique"
                elif key:
                    distinct = "deferred"
                else:
                    distinct = "catalog" if catalog is not None and catalog.settled(col.name) else "estimate"
        plans.append(q.ColumnPlan(
            index=i, name=col.name, data_type=dtype, distinct=distinct,
            minmax=dtype in ORDERED or textual(dtype, dialect), moments=dtype in NUMERIC, text=textual(dtype, dialect),
            patterns=textual(dtype, dialect) and inline_patterns,
            # A day is often kept as a date and time at midnight (MariaDB's DATETIME, an ORM's
            # default): a calendar's day, and a time whose hours and minutes mean nothing.
            midnights=dtype == "timestamp",
            fractions=dtype == "float",
            values=redaction.SAMPLE_ROWS if list_values and dtype in redaction.SAMPLED_TYPES else 0,
        ))
    return _Job(table, dialect, options, plans, types, sampling, catalog, estimated, listed={} if list_values else None)


def continue_table(job: _Job, runner: Runner) -> _Job:
    """After the aggregate scan, up to the top values: distinct count estimates and exact
    follow-ups, pattern classes of big tables, value classes, redaction."""
    if job.plans:
        _catalog_distinct(job)
        _estimate_sampled(job, runner)
        _estimate_whole(job, runner)
        if not any(p.patterns for p in job.plans):  # else counted in the scan (a table small enough)
            _patterns(job, runner)
        _exact_follow_up(job, runner)
        redaction.sample_classes(job, runner)
        redaction.redact(job, job.options, lambda col, dtype: is_key_candidate(job.table, col, dtype))
    return job


def finish_table(job: _Job) -> Outcome:
    """After the top values: drop secrets, and store the profiles in the table."""
    if job.plans:
        redaction.scrub(job)
    table = job.table
    for i, col in enumerate(table.columns):
        col.profile = job.profiles.get(i)
    table.profile = TableProfile(rows=job.rows, sample=job.sampling.policy if job.sampling else None,
                                 pattern_rows=job.pattern_rows, skipped=job.skipped)
    if table.row_count is None and job.sampling is None and job.rows is not None:
        # A view is not counted when the schema is read; the scan just read it whole. Its keys and
        # grain are inferred from its rows like a table's (Cube drops a keyless cube's joins).
        table.row_count = job.rows
    return job.outcome


def _expected_rows(row_count: int | None, sampling: Sampling | None) -> int | None:
    """Rows the statistics will be computed on: the table's, or about its sample's."""
    if sampling is None:
        return row_count
    policy = sampling.policy
    if policy.rows is not None:
        return policy.rows
    return None if row_count is None or policy.percent is None else math.ceil(row_count * policy.percent / 100)


def _run(job: _Job, runner: Runner, sql: str, what: str) -> list[tuple] | None:
    """Run one query; on timeout or failure record the skipped statistic and return None."""
    try:
        return runner.run(sql)
    except QueryTimeout as e:
        job.skipped.append(f"{what}: {e}")
        job.outcome.problems.append((PR001, f"{what} query {e}; the snapshot has no {what} for it", job.table.key))
    except QueryFailed as e:
        job.skipped.append(f"{what}: query failed")
        job.outcome.problems.append((PR002, f"{what} query failed ({e}); the snapshot has no {what} for it", job.table.key))
    return None


def _small(job: _Job) -> bool:
    """Known to be small: the table's row count (or its sample's) is within the exact-count bound."""
    expected = _expected_rows(job.table.row_count, job.sampling)
    return expected is not None and expected <= job.options.exact_distinct_rows


def _aggregate(job: _Job, runner: Runner) -> None:
    small = _small(job)
    sql, layout = q.aggregate_query(q.table_expr(job.table.name, job.table.schema_), job.plans, job.dialect, job.sampling, small)
    try:
        rows = runner.run(sql)
    except QueryTimeout as e:
        job.skipped.append(f"statistics: {e}")
        job.outcome.problems.append((PR001, f"statistics query {e}; the table is in the snapshot without them", job.table.key))
        return
    except QueryFailed:
        # One column of an odd type can sink the batch: retry column by column, so only it is lost.
        for plan in job.plans:
            sql, layout = q.aggregate_query(q.table_expr(job.table.name, job.table.schema_), [plan], job.dialect, job.sampling, small)
            one = _run(job, runner, sql, f"statistics of {plan.name}")
            if one:
                _read_aggregate(job, layout, one[0])
        return
    _read_aggregate(job, layout, rows[0])


def _read_aggregate(job: _Job, layout: q.Layout, row: tuple) -> None:
    stats: dict[int, dict[str, object]] = {}
    for (index, stat), value in zip(layout.slots, row):
        if index is None:
            job.rows = int(value)
        elif stat == "values":
            if job.listed is not None:
                job.listed[index] = list(value or [])
        else:
            stats.setdefault(index, {})[stat] = value
    for index, s in stats.items():
        job.profiles[index] = _column_profile(s, job.rows or 0, job.types[index])
        if job.sampling is not None:
            _sampled_distinct(job.profiles[index], job.rows or 0, job.table.row_count)


def _sampled_distinct(p: ColumnProfile, sample_rows: int, table_rows: int | None) -> None:
    """A distinct count measured on a sample is an estimate of the table's, and says so.

    This first guess stands when the sample's value frequencies cannot be read (_estimate_sampled
    replaces it): values that repeat within the sample (categories, codes) are mostly all seen,
    so the count is kept; values (nearly) all different in the sample keep being different beyond
    it, so the count is scaled to the table. Key decisions do not rest on either: key candidates
    and near-unique columns are counted again, exactly, on the whole table (_exact_follow_up)."""
    if p.distinct_count is None:
        return
    non_null = sample_rows - (p.null_count or 0)
    if table_rows and sample_rows and non_null and p.distinct_count >= _NEAR_UNIQUE * non_null:
        p.distinct_count = min(round(p.distinct_count * table_rows / sample_rows), round(non_null * table_rows / sample_rows))
    p.distinct_exact, p.distinct_source = False, "sample"


def _catalog_distinct(job: _Job) -> None:
    """Distinct counts of the "catalog" columns from PostgreSQL's statistics (an estimate), and
    of the "unique" ones from their unique index (exact: every non-null value is different)."""
    if job.rows is None:
        return
    for plan in job.plans:
        prof = job.profiles.get(plan.index)
        if prof is None or plan.distinct not in ("catalog", "unique", "deferred"):
            continue
        non_null = job.rows - (prof.null_count or 0)
        if plan.distinct == "unique":
            prof.distinct_count, prof.distinct_exact, prof.distinct_source = non_null, True, None
            continue
        if job.catalog is None:
            continue
        estimate = job.catalog.distinct(plan.name, job.rows, non_null)
        if plan.distinct == "deferred":  # a key candidate, counted exactly later: the estimate only picks the query
            if estimate is not None:
                job.hints[plan.index] = estimate
            continue
        if estimate is not None:
            prof.distinct_count, prof.distinct_exact, prof.distinct_source = estimate, False, "pg_stats"


def _estimate_sampled(job: _Job, runner: Runner) -> None:
    """Sampled distinct counts scaled to the table from the sample's value frequencies
    (estimate.py), for the columns no exact count will replace: key candidates get one."""
    table_rows, sample_rows = job.table.row_count, job.rows
    if job.sampling is None or not table_rows or not sample_rows:
        return
    wanted = [p for p in job.plans
              if p.index in job.profiles and job.profiles[p.index].distinct_count
              and not is_key_candidate(job.table, job.table.columns[p.index], p.data_type)]
    if not wanted:
        return
    percent = job.sampling.policy.percent if job.dialect in ROW_SAMPLED else None
    sql = frequency_query(q.table_expr(job.table.name, job.table.schema_), wanted, job.dialect, job.sampling, percent)
    rows = _run(job, runner, sql, "sampled value frequencies")
    if rows is None:
        return  # the first guesses of _sampled_distinct stand
    for index, frequencies in read_frequencies(rows).items():
        prof = job.profiles[index]
        # The table's non-null values, from the scan's null share. The share of them this query
        # read is measured on its own values: a seeded sample is not always the same rows from
        # one query to the next (DuckDB's depends on the plan).
        non_null = table_rows * (sample_rows - (prof.null_count or 0)) / sample_rows
        seen = sum(k * f for k, f in frequencies.items())
        if not non_null or not seen:
            continue
        prof.distinct_count = estimate_distinct(frequencies, min(1.0, seen / non_null), non_null)
        prof.distinct_exact, prof.distinct_source = False, "sample"


def _estimate_whole(job: _Job, runner: Runner) -> None:
    """Distinct counts of the "estimate" columns (a big PostgreSQL table read whole, without fresh
    statistics) from the value frequencies of a row sample of about ESTIMATE_ROWS rows."""
    wanted = [p for p in job.plans if p.distinct == "estimate" and p.index in job.profiles]
    if not wanted or not job.rows:
        return
    percent = min(100.0, float(f"{100.0 * ESTIMATE_ROWS / job.rows:.3g}"))
    sql = frequency_query(q.table_expr(job.table.name, job.table.schema_), wanted, job.dialect, None, percent)
    rows = _run(job, runner, sql, "distinct count estimates")
    if rows is None:
        return
    found = read_frequencies(rows)
    for plan in wanted:
        prof = job.profiles[plan.index]
        non_null = job.rows - (prof.null_count or 0)
        frequencies = found.get(plan.index, {})
        seen = sum(k * f for k, f in frequencies.items())
        if non_null and not seen:
            continue  # no value in the sample: no estimate rather than a wrong one
        estimate = estimate_distinct(frequencies, min(1.0, seen / non_null), non_null) if non_null else 0
        prof.distinct_count, prof.distinct_exact, prof.distinct_source = estimate, False, "sample"


def _column_profile(s: dict, rows: int, dtype: str) -> ColumnProfile:
    non_null = int(s["non_null"])
    p = ColumnProfile(null_count=rows - non_null)
    if "distinct" in s:
        # LIST_UNIQUE(LIST(x)) of no rows is NULL where COUNT(DISTINCT x) is 0.
        p.distinct_count, p.distinct_exact = int(s["distinct"] or 0), True
    elif "distinct_approx" in s:
        # HyperLogLog can overshoot; a count above the non-null values is certainly wrong.
        p.distinct_count, p.distinct_exact = min(int(s["distinct_approx"]), non_null), False
    p.min, p.max = clean(s.get("min"), dtype), clean(s.get("max"), dtype)
    p.mean = round_float(s.get("mean"))
    if "stddev" in s:
        p.stddev = round_float(s["stddev"])
    elif s.get("mean_sq") is not None and s.get("mean") is not None and non_null > 1:
        mean, mean_sq = float(s["mean"]), float(s["mean_sq"])
        p.stddev = round_float(math.sqrt(max(0.0, (mean_sq - mean * mean) * non_null / (non_null - 1))))
    if "fractions" in s:
        p.fraction_count = int(s["fractions"] or 0)  # SUM over no rows is NULL
    if s.get("min_length") is not None:
        p.min_length, p.max_length = int(s["min_length"]), int(s["max_length"])
        p.avg_length = round_float(s.get("avg_length"))
    _read_patterns(p, s, non_null)
    return p


def _patterns(job: _Job, runner: Runner) -> None:
    """Pattern shares of the text columns of a big table, from its first `pattern_rows` rows."""
    wanted = [p for p in job.plans if p.text and p.index in job.profiles]
    if not wanted:
        return
    table = q.table_expr(job.table.name, job.table.schema_)
    sql, layout = q.patterns_query(table, wanted, job.dialect, job.options.pattern_rows)
    rows = _run(job, runner, sql, "pattern classes")
    if not rows:
        return
    stats: dict[int, dict[str, int]] = {}
    for (index, stat), value in zip(layout.slots, rows[0]):
        if index is None:
            read = int(value)
        else:
            stats.setdefault(index, {})[stat] = int(value or 0)
    if job.rows is None or read < job.rows:
        job.pattern_rows = read
    for index, s in stats.items():
        _read_patterns(job.profiles[index], s, s["non_null"])
    if job.pattern_rows is not None and job.sampling is None:
        _recount_uniform(job, runner, wanted, table)


def _recount_uniform(job: _Job, runner: Runner, read: list, table) -> None:
    """Pattern shares over the whole table of the columns whose first rows are all of one class
    (all numbers, all ISO dates): a CSV loaded as text into a big table has them far down too, and
    only a count of every value may type it (one stray 'n/a' fails every cast). One more scan, of
    those columns only; ColumnProfile.patterns_whole says they were recounted."""
    uniform = [p for p in read if any(share == 1.0 for name, share in job.profiles[p.index].patterns.items()
                                      if name != "zero_padded")]
    if not uniform:
        return
    sql, layout = q.patterns_query(table, uniform, job.dialect, None)
    rows = _run(job, runner, sql, "pattern classes of the whole table")
    if not rows:
        return
    stats: dict[int, dict[str, int]] = {}
    for (index, stat), value in zip(layout.slots, rows[0]):
        if index is not None:
            stats.setdefault(index, {})[stat] = int(value or 0)
    for index, s in stats.items():
        profile = job.profiles[index]
        profile.patterns = {}
        _read_patterns(profile, s, s["non_null"])
        profile.patterns_whole = True


def _read_patterns(p: ColumnProfile, stats: dict, non_null: int) -> None:
    # '' is a missing value, as a CSV import writes it: a date column with some empty rows is
    # still all dates (normalize_types reads it through NULLIF(column, '')).
    given = non_null - int(stats.get("empty") or 0)
    for key, value in stats.items():
        if key.startswith("pattern:") and value and given > 0:
            p.patterns[key.split(":", 1)[1]] = round(int(value) / given, 4)


def _exact_follow_up(job: _Job, runner: Runner) -> None:
    """Exact, whole-table distinct counts where key decisions depend on them: key candidates of
    a sampled table or deferred by the scan, and columns an approximate count shows to be
    (nearly) unique."""
    wanted = []
    for plan in job.plans:
        prof = job.profiles.get(plan.index)
        if prof is None or plan.data_type not in KEY_TYPES:
            continue
        column = job.table.columns[plan.index]
        non_null = (job.rows or 0) - (prof.null_count or 0)
        if job.sampling is not None and job.rows and job.table.row_count:
            non_null = non_null * job.table.row_count / job.rows  # the estimate is of the table's
        near_unique = prof.distinct_exact is False and non_null and (prof.distinct_count or 0) >= _NEAR_UNIQUE * non_null
        if plan.data_type == "string" and (prof.max_length or 0) > _MAX_TEXT_KEY:
            near_unique = False  # long unique text is prose (comments), not a key: skip the costly count
        if near_unique or plan.distinct == "deferred" or (job.sampling is not None and is_key_candidate(job.table, column, plan.data_type)):
            wanted.append(plan)
    if not wanted:
        return
    if job.sampling is None:  # the scan read the whole table: its min and max stand
        wanted = _hashed_distinct(job, runner, wanted)
        if not wanted:
            return
        wanted = [replace(p, minmax=False) for p in wanted]
    table = q.table_expr(job.table.name, job.table.schema_)
    # A column of very many values is counted in parts (queries.PART_VALUES says why), as many
    # as the estimate at hand asks for (or the rows, when there is none).
    parts = {p.index: q.parts(job.dialect, _expected_distinct(job, p)) for p in wanted}
    apart = frozenset(i for i, n in parts.items() if n > 1)
    # The whole table's null counts (and min, max) are already known unless the scan read a sample.
    if job.sampling is not None or len(apart) < len(wanted):
        sql, layout = q.exact_query(table, wanted, job.dialect, apart)
        rows = _run(job, runner, sql, "exact distinct counts")
        if rows:
            _read_exact(job, layout, rows[0])
    for plan in wanted:
        if plan.index in apart:
            _count_in_parts(job, runner, table, plan, parts[plan.index])


def _expected_distinct(job: _Job, plan: q.ColumnPlan) -> int:
    prof = job.profiles[plan.index]
    return prof.distinct_count if prof.distinct_count is not None else (job.table.row_count or job.rows or 0)


def _count_in_parts(job: _Job, runner: Runner, table, plan: q.ColumnPlan, parts: int) -> None:
    """One column's exact distinct count, added up over `parts` queries; a part that fails or
    times out leaves the estimate standing (and says so in `skipped`)."""
    total = 0
    for part in range(parts):
        rows = _run(job, runner, q.distinct_part_query(table, plan.name, job.dialect, part, parts), f"exact distinct count of {plan.name}")
        if not rows:
            return
        total += int(rows[0][0])
    prof = job.profiles[plan.index]
    prof.distinct_count, prof.distinct_exact, prof.distinct_source = total, True, None


def _read_exact(job: _Job, layout: q.Layout, row: tuple) -> None:
    total = None
    for (index, stat), value in zip(layout.slots, row):
        if index is None:
            total = int(value)
            continue
        prof = job.profiles[index]
        if stat == "non_null":
            prof.null_count = total - int(value)
        elif stat == "distinct":
            prof.distinct_count, prof.distinct_exact, prof.distinct_source = int(value), True, None
        elif stat in ("min", "max"):
            setattr(prof, stat, clean(value, job.types[index]))


def _hashed_distinct(job: _Job, runner: Runner, wanted: list[q.ColumnPlan]) -> list[q.ColumnPlan]:
    """Exact distinct counts of key candidates ANALYZE shows to repeat, by a DISTINCT subquery
    each: PostgreSQL hashes those values, in parallel, where a COUNT(DISTINCT) sorts them all in
    one process. (Near-unique columns stay with COUNT(DISTINCT): hashing a million values spills.)
    Returns the columns left to count."""
    hashed = []
    for plan in wanted:
        hint = job.hints.get(plan.index)
        non_null = (job.rows or 0) - (job.profiles[plan.index].null_count or 0)
        if hint is not None and hint <= HASHED_DISTINCT and hint < _NEAR_UNIQUE * non_null:
            hashed.append(plan)
    if not hashed:
        return wanted
    sql = q.hashed_distinct_query(q.table_expr(job.table.name, job.table.schema_), [p.name for p in hashed], job.dialect)
    rows = _run(job, runner, sql, "exact distinct counts")
    if not rows:
        return [p for p in wanted if p not in hashed]  # the problem is reported once, not retried
    for plan, value in zip(hashed, rows[0]):
        prof = job.profiles[plan.index]
        prof.distinct_count, prof.distinct_exact, prof.distinct_source = int(value), True, None
    return [p for p in wanted if p not in hashed]


def _top_values(job: _Job, runner: Runner) -> None:
    wanted = top_values_wanted(job)
    if wanted and job.estimated:
        wanted = _combined_top_values(job, runner, _common_values(job, wanted))
    if not wanted:
        return
    # On the whole table, the GROUP BY sees every value: estimated distinct counts become exact.
    groups = job.sampling is None and any(job.profiles[p.index].distinct_exact is False for p in wanted)
    sql = q.top_values_query(q.table_expr(job.table.name, job.table.schema_), wanted, job.dialect, job.sampling,
                             job.options.top_n, groups)
    rows = _run(job, runner, sql, "top values")
    if rows is not None:
        read_top_values(job, rows)


def _common_values(job: _Job, wanted: list[q.ColumnPlan]) -> list[q.ColumnPlan]:
    """Top values of the columns of many values from ANALYZE's most common values, where its
    statistics are fresh (an estimate, labelled `top_values_source: pg_stats`; none when ANALYZE
    saw no value more common than the others). Returns the columns still to count."""
    if job.catalog is None or not job.rows:
        return wanted
    rest = []
    for plan in wanted:
        prof = job.profiles[plan.index]
        if (plan.name not in job.catalog.n_distinct or (prof.distinct_count or 0) <= EXACT_TOP_DISTINCT
                or plan.data_type not in _COMMON_TYPES):
            rest.append(plan)
            continue
        values = [ValueCount(value=value, count=count) for text, count in job.catalog.common_values(plan.name, job.rows, MIN_COMMON_SHARE)
                  if (value := from_text(text, plan.data_type)) is not None]
        values.sort(key=lambda vc: (-vc.count, sort_key(vc.value)))
        prof.top_values = values[:job.options.top_n]
        prof.top_values_source = "pg_stats" if prof.top_values else None
    return rest


def _combined_top_values(job: _Job, runner: Runner, wanted: list[q.ColumnPlan]) -> list[q.ColumnPlan]:
    """Exact top values (and distinct counts) of columns of few values, several columns counted
    by one GROUP BY over all of them: one scan instead of one each; each column's counts are the
    sums over the others' values. Returns the columns left to count one by one."""
    few = sorted((p for p in wanted if 0 < (job.profiles[p.index].distinct_count or 0) <= EXACT_TOP_DISTINCT),
                 key=lambda p: (job.profiles[p.index].distinct_count, p.index))
    groups: list[list[q.ColumnPlan]] = []
    product = COMBINED_GROUPS + 1
    for plan in few:
        count = job.profiles[plan.index].distinct_count or 1
        if product * count > COMBINED_GROUPS:
            groups.append([])
            product = 1
        groups[-1].append(plan)
        product *= count
    done: set[int] = set()
    for group in groups:
        if len(group) > 1 and _count_combined(job, runner, group):
            done.update(p.index for p in group)
    return [p for p in wanted if p.index not in done]


def _count_combined(job: _Job, runner: Runner, group: list[q.ColumnPlan]) -> bool:
    """One GROUP BY over the group's columns; False (nothing set) when it failed or found more
    combinations than COMBINED_GROUPS (the estimates were off): the columns are counted alone.
    A timeout is reported, as the columns' own queries' would be, and not run again one by one."""
    sql = q.combined_values_query(q.table_expr(job.table.name, job.table.schema_), [p.name for p in group], job.dialect,
                                  COMBINED_GROUPS + 1)
    try:
        rows = runner.run(sql)
    except QueryTimeout as e:
        job.skipped.append(f"top values: {e}")
        job.outcome.problems.append((PR001, f"top values query {e}; the snapshot has no top values for it", job.table.key))
        return True
    except QueryFailed:  # a type GROUP BY cannot compare, say: each column's own query tells which
        return False
    if len(rows) > COMBINED_GROUPS:
        return False
    counts: list[dict[str, int]] = [{} for _ in group]
    for *texts, n in rows:
        for found, text in zip(counts, texts):
            if text is not None:
                found[text] = found.get(text, 0) + int(n)
    for plan, found in zip(group, counts):
        prof = job.profiles[plan.index]
        values = [ValueCount(value=value, count=n) for text, n in found.items() if (value := from_text(text, plan.data_type)) is not None]
        values.sort(key=lambda vc: (-vc.count, sort_key(vc.value)))
        prof.top_values = values[:job.options.top_n]
        prof.distinct_count, prof.distinct_exact, prof.distinct_source = len(found), True, None
    return True


def top_values_wanted(job: _Job) -> list[q.ColumnPlan]:
    wanted = []
    for plan in job.plans:
        prof = job.profiles.get(plan.index)
        if prof is None or prof.redacted or plan.distinct == "none" or not prof.distinct_count:
            continue
        non_null = (job.rows or 0) - (prof.null_count or 0)
        # All-unique values have no "top"; very many distinct values make the GROUP BY costly.
        if prof.distinct_count < non_null and prof.distinct_count <= job.options.top_values_max_distinct:
            wanted.append(plan)
    return wanted


def read_top_values(job: _Job, rows: list[tuple]) -> None:
    """Rows (column index, value as text, count[, distinct values]) of top_values_query, into the profiles."""
    found: dict[int, list[ValueCount]] = {}
    distinct: dict[int, int] = {}
    for index, text, count, *rest in rows:
        index = int(index)
        if rest:
            distinct[index] = int(rest[0])
        # A value the snapshot cannot hold (NaN, infinity, bytes) is no top value: None would read as NULL.
        if (value := from_text(text, job.types[index])) is not None:
            found.setdefault(index, []).append(ValueCount(value=value, count=int(count)))
    for index, values in found.items():
        values.sort(key=lambda vc: (-vc.count, sort_key(vc.value)))
        job.profiles[index].top_values = values
    for index, count in distinct.items():
        prof = job.profiles[index]
        prof.distinct_count, prof.distinct_exact, prof.distinct_source = count, True, None
