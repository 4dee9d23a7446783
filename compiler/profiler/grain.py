"""The grain of a table without a key: the columns no two of its rows share, measured in the
database. A fact table is often stored without a key (a flight, a sale), and BI tools want one: Cube
joins no cube without it, LookML and dbt test and count by it.

Only the columns a fact's grain is made of are tried: those that refer to another table's key
(declared, or text, UUIDs and dates the containment evidence found in one) or are named as an
identifier, first alone and then with the table's dates and times; never a minimal subset, which
in one extract is unique by chance (a product and a customer) and repeats in the next load. Each count is kept, unique or
not: a pair of references the data shows repeated is no bridge's key either. Two queries at most per table,
each counting its rows and its distinct tuples in one statement; tables of more than MAX_ROWS rows
are left alone (the distinct tuples of a warehouse fact are a sort of the whole table).
"""

from __future__ import annotations

from sqlglot import exp

from compiler.calendar import is_calendar_key
from compiler.diagnostics import PR003, Diagnostics
from compiler.profiler import queries as q
from compiler.profiler.options import ProfileOptions
from compiler.profiler.profile import KEY_TYPES, data_type, is_key_candidate
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from ir.catalog import Table
from ir.evidence import Containment, GrainCheck
from ir.snapshot import Snapshot

MAX_ROWS = 2_000_000
MAX_COLUMNS = 8
MIN_REFERENCE_RATIO = 0.9  # a code with a few orphans (a flight's destination) still refers
TIMES = {"date", "timestamp", "timestamp_tz"}


def gather_grains(snapshot: Snapshot, runner: Runner, options: ProfileOptions, containment: list[Containment],
                  diags: Diagnostics) -> list[GrainCheck]:
    refers: dict[str, set[str]] = {}
    for c in containment:
        if len(c.from_.columns) == 1 and not c.sampled and c.from_distinct and c.ratio >= MIN_REFERENCE_RATIO:
            refers.setdefault(c.from_.table_key, set()).add(c.from_.columns[0])
    for t in snapshot.tables:
        for fk in t.foreign_keys:
            refers.setdefault(t.key, set()).update(fk.columns)
    found = []
    for t in snapshot.tables:
        if options.only is not None and t.key != options.only:
            continue
        refs, times = _parts(t, refers.get(t.key, set()), runner.dialect)
        if not refs or not _keyless(t, runner.dialect) or not t.row_count or not 2 <= t.row_count <= MAX_ROWS:
            continue
        for cols in (refs, refs + times) if times else (refs,):
            if len(cols) < 2 or len(cols) > MAX_COLUMNS:
                continue
            try:
                rows, distinct = runner.run(_query(t, cols, runner.dialect))[0]
            except (QueryFailed, QueryTimeout) as e:
                diags.report(PR003, f"grain check of {t.key} skipped: {e}", t.key)
                break
            found.append(GrainCheck(table_key=t.key, columns=cols, rows=rows, distinct=distinct))
            if rows and rows == distinct:
                break
    return found


def _parts(t: Table, refers: set[str], dialect: str) -> tuple[list[str], list[str]]:
    """(identifying columns, time columns) in table order; only columns never null."""
    refs, times = [], []
    declared = {c for fk in t.foreign_keys for c in fk.columns}
    for c in t.columns:
        p = c.profile
        if p is None or p.null_count != 0:
            continue
        dtype = data_type(c, dialect)
        # Small whole numbers sit in some integer key by chance (a monthly count in a key 1..n):
        # an integer refers only when it is named as an identifier or declared so.
        if is_key_candidate(t, c, dtype) or (c.name in refers and (dtype != "integer" or c.name in declared)):
            refs.append(c.name)
        elif dtype in TIMES:
            times.append(c.name)
    return refs, times


def _keyless(t: Table, dialect: str) -> bool:
    """No declared key, and no column that could be a key unique on its own (the key passes find
    that one; a unique amount is no key)."""
    if t.primary_key or t.unique_keys or t.kind != "table":
        return False
    rows = t.row_count
    return not any((c.profile is not None and c.profile.null_count == 0 and c.profile.distinct_exact and c.profile.distinct_count == rows
                    and data_type(c, dialect) in KEY_TYPES) or is_calendar_key(t, c, data_type(c, dialect)) for c in t.columns)


def _query(t: Table, cols: list[str], dialect: str) -> str:
    table = q.table_expr(t.name, t.schema_)
    tuples = exp.select(*[exp.column(c, quoted=True) for c in cols]).distinct().from_(table.copy())
    rows = exp.select(exp.Count(this=exp.Star())).from_(table.copy()).subquery()
    distinct = exp.select(exp.Count(this=exp.Star())).from_(tuples.subquery("mb_grain")).subquery()
    return exp.select(rows, distinct).sql(dialect)
