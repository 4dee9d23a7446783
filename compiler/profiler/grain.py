"""The grain of a table without a key: the columns no two of its rows share, measured in the
database. A fact table is often stored without a key (a flight, a sale), and BI tools want one: Cube
joins no cube without it, LookML and dbt test and count by it.

Only the columns a fact's grain is made of are tried: first a parent and a whole number its profile
shows numbering each parent's rows 1..n (compiler.chance.numbered_within: a title's credits by
title and position, before title and person, unique together by chance); then those that refer to another table's
key (declared, or found in one by the containment evidence: an integer only when named for that
key or its table), an order's lines by their order and product; then with the other columns named
as identifiers; then with whole numbers named as ordinals (a line number, a point's sequence in
its shape); then with the table's dates and times. Never a smaller subset
than these, which in one extract is unique by chance (a product and a customer) and repeats in
the next load. A table with nothing named a key is tried as a panel: a thing named in text and a
time whose grid its rows fill (_panels). A unique tuple holding several times is tried again
without the later ones (a validity period's end follows from its start), then without the columns
it does not need, where a smaller tuple would not be unique by chance (_smaller); tuples that
repeat, or a table's one reference, are tried with one category more (_labels: a country's
languages). Each count is kept,
unique or not: a pair of references the data shows repeated is no bridge's key either. Four
queries at most per table and one per time dropped, each counting its rows and its distinct
tuples in one statement; tables of more than MAX_ROWS rows are left alone (the distinct tuples of
a warehouse fact are a sort of the whole table).
"""

from __future__ import annotations

from sqlglot import exp

from compiler.calendar import is_calendar_key, is_year_column
from compiler.chance import numbered_within, repeated_own_identifier, unique_by_chance
from compiler.diagnostics import PR003, Diagnostics
from compiler.naming import ORDINAL_WORDS, read_words, words
from compiler.profiler import queries as q
from compiler.profiler.evidence import unique_by_profile
from compiler.profiler.options import ProfileOptions
from compiler.profiler.profile import KEY_TYPES, data_type, is_key_candidate
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from compiler.time_kinds import kind_by_name, stamped_at_once
from compiler.types import TIME_TYPES
from compiler.value_words import names_level
from ir.catalog import Column, Table
from ir.evidence import Containment, GrainCheck
from ir.snapshot import Snapshot

MAX_ROWS = 2_000_000
MAX_COLUMNS = 8
MAX_QUERIES = 4
# A panel's rows fill at least this share of the grid of its times by its things, and are at
# least PANEL_ROWS (a dozen rows fill a grid of six things and two days by chance).
PANEL_FILL = 0.5
PANEL_ROWS = 50
MIN_REFERENCE_RATIO = 0.9  # a code with a few orphans (a flight's destination) still refers
TIMES = TIME_TYPES
COLLISIONS = 3  # pairs random rows would share, for a unique tuple of fewer or other columns to count
MAX_DROPS = 4


def _references(snapshot: Snapshot, containment: list[Containment]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per table: columns found in a key, and those of them named for it (or declared references)."""
    found_in: dict[str, set[str]] = {}
    named_for: dict[str, set[str]] = {}
    for c in containment:
        if len(c.from_.columns) == 1 and not c.sampled and c.from_distinct and c.ratio >= MIN_REFERENCE_RATIO:
            found_in.setdefault(c.from_.table_key, set()).add(c.from_.columns[0])
            if _named_for(c.from_.columns[0], c.to.table, c.to.columns[0]):
                named_for.setdefault(c.from_.table_key, set()).add(c.from_.columns[0])
    for t in snapshot.tables:
        for fk in t.foreign_keys:
            found_in.setdefault(t.key, set()).update(fk.columns)
            named_for.setdefault(t.key, set()).update(fk.columns)
    return found_in, named_for


def gather_grains(snapshot: Snapshot, runner: Runner, options: ProfileOptions, containment: list[Containment],
                  diags: Diagnostics) -> list[GrainCheck]:
    found_in, named_for = _references(snapshot, containment)
    found = []
    for t in snapshot.tables:
        if options.only is not None and t.key != options.only:
            continue
        refs, named, ordinals, times = _parts(t, found_in.get(t.key, set()), named_for.get(t.key, set()), runner.dialect)
        if not _keyless(t, runner.dialect) or not t.row_count or not 2 <= t.row_count <= MAX_ROWS:
            continue
        tried: list[list[str]] = []
        candidates = [refs, _ordered(t, refs + named), _ordered(t, refs + named + ordinals),
                      _ordered(t, refs + named + ordinals + times)] if refs + named else []
        # An order's lines by the order's number and their own (SSB's lo_orderkey and lo_linenumber,
        # AdventureWorksDW's SalesOrderNumber and SalesOrderLineNumber): before the things each line
        # refers to, which may be unique with a line number by chance, and which on a wide fact are
        # more than a grain is tried with at once.
        candidates[0:0] = _numbered_lines(t, named, ordinals, found_in.get(t.key, set()), runner.dialect)
        # Each parent's rows numbered 1..n, as the profile shows (compiler.chance.numbered_within):
        # the parent and that number first, before two references unique together by chance (a
        # title's credits by title and person).
        candidates[0:0] = _numbered_within_parent(t, refs + named, ordinals)
        unique: list[str] | None = None
        failed = False
        for cols in candidates + _panels(t, times, runner.dialect):
            if len(cols) < 2 or len(cols) > MAX_COLUMNS or cols in tried or len(tried) == MAX_QUERIES:
                continue
            tried.append(cols)
            check = _count(t, cols, runner, diags)
            if check is None:
                failed = True
                break
            found.append(check)
            if check.unique:
                found += _without_later_times(t, cols, times, runner, diags)
                unique = found[-1].columns
                break
        if unique is not None:
            found += _smaller(t, unique, set(refs), runner, diags)
        elif not failed:
            # The parts tried repeat, or the one thing referred to is no key alone: one category
            # more may name each row (a country's languages, a budget by month, store and category).
            base = tried[-1] if tried else refs
            for label in _labels(t, base, runner.dialect)[:MAX_QUERIES - len(tried)] if base and len(base) < MAX_COLUMNS else ():
                check = _count(t, _ordered(t, base + [label]), runner, diags)
                if check is None:
                    break
                found.append(check)
                if check.unique:
                    break
    return found


# A keyed snapshot's grain is checked up to this many rows (Contoso's FactInventory has eight
# million): one distinct count of a few narrow columns.
SNAPSHOT_MAX_ROWS = 10_000_000
# Times that say when a row was written, not what moment it holds (compiler.time_kinds' kinds).
_NOT_BUSINESS = ("load", "audit", "created", "birth", "validity")


def gather_snapshot_grains(snapshot: Snapshot, runner: Runner, options: ProfileOptions, containment: list[Containment],
                           diags: Diagnostics) -> list[GrainCheck]:
    """The grain of a snapshot kept under a surrogate key: a table with a key of its own whose rows
    are one per business time and the things it refers to (Contoso's FactInventory, keyed by
    InventoryKey, one row per DateKey, StoreKey, ProductKey and CurrencyKey). Its key says nothing
    about the time, so a stock level on it could not be taken at the latest date; the tuple counted
    unique says it can. Only on a table holding a number named as a stock or a balance, exactly one
    business time and at least one reference, with rows enough for the count to tell: one query
    per such table, kept unique or not (a
    bank's transactions hold several rows per account and day, and their balance after each stays
    a balance per event)."""
    found_in, named_for = _references(snapshot, containment)
    found: list[GrainCheck] = []
    for t in snapshot.tables:
        if options.only is not None and t.key != options.only:
            continue
        if t.kind != "table" or _keyless(t, runner.dialect) or not t.row_count or not 2 <= t.row_count <= SNAPSHOT_MAX_ROWS:
            continue
        if not any(data_type(c, runner.dialect) in ("integer", "decimal", "float") and names_level(c.name) for c in t.columns):
            continue
        times = [c.name for c in t.columns if c.profile is not None and _is_time(c, data_type(c, runner.dialect))
                 and (kind_by_name(c.name) or ("",))[0] not in _NOT_BUSINESS and not stamped_at_once(c.profile, t.row_count)]
        if len(times) != 1 or t.column(times[0]).profile.null_count != 0 or _nearly_unique(t, t.column(times[0])):
            continue
        refs, _named, _ordinals, _times = _parts(t, found_in.get(t.key, set()), named_for.get(t.key, set()), runner.dialect)
        # (the surrogate itself, unique alone, is no part of the rows' grain)
        things = [r for r in refs if r not in times and not unique_by_profile(t, t.column(r))]
        cols = _ordered(t, times + things)
        # Rows too few for random ones to meet (COLLISIONS): a few payments each on a day of its
        # own are unique by chance, and the next load repeats them.
        if not things or len(cols) > MAX_COLUMNS or _collisions(t, cols) < COLLISIONS:
            continue
        check = _count(t, cols, runner, diags)
        if check is not None:
            found.append(check)
    return found


def is_line_ordinal(name: str, dtype: str | None) -> bool:
    """A whole number named as a place in a sequence: a line's number, a step, a stint."""
    return dtype == "integer" and bool(set(read_words(name)) & ORDINAL_WORDS)


def _numbered_lines(t: Table, named: list[str], ordinals: list[str], found_in: set[str], dialect: str) -> list[list[str]]:
    """The lines of a transaction kept on the fact itself: the transaction's number, an identifier
    found in no key (an order kept in no table of its own), with the lines' ordinal; each such
    number in turn (a purchase order's and a tracking number are the order's too)."""
    # (a line number 1..5 sits in some small key by chance, or is named as a number: it still
    # numbers the lines)
    counted = [c for c in named + ordinals if is_line_ordinal(c, data_type(t.column(c), dialect))]
    numbers = [c for c in named if c not in found_in and c not in counted]
    return [_ordered(t, [n] + counted) for n in numbers] if counted else []


def _numbered_within_parent(t: Table, keys: list[str], ordinals: list[str]) -> list[list[str]]:
    out = []
    for o in ordinals:
        numbered = numbered_within(t, t.column(o))
        parents = [c.name for c in numbered[0] if c.name in keys] if numbered is not None else []
        if len(parents) == 1:
            out.append(_ordered(t, [parents[0], o]))
    return out


def _smaller(t: Table, cols: list[str], refs: set[str], runner: Runner, diags: Diagnostics) -> list[GrainCheck]:
    """A unique grain less the columns it does not need (a team's season is its year and team, not
    its franchise and division too: a key that holds those is joined by nothing), dropped from
    the last while the rest stays unique, and only where random rows would repeat the rest
    (COLLISIONS): a subset unique by chance in this extract repeats in the next. Never a
    reference: a sale is its product, customer, channel and promotion, whichever three happen
    to be unique. MAX_DROPS queries at most."""
    out: list[GrainCheck] = []
    for c in [c for c in reversed(cols) if c not in refs][:MAX_DROPS]:
        fewer = [x for x in cols if x != c]
        if len(fewer) < 2 or _collisions(t, fewer) < COLLISIONS:
            continue
        check = _count(t, fewer, runner, diags)
        if check is None:
            break
        if check.unique:
            out.append(check)
            cols = fewer
    return out


def _collisions(t: Table, cols: list[str]) -> float:
    """Pairs of rows random values of these columns would share: rows squared over twice the
    number of their combinations (0 when a count is unknown)."""
    grid = 1.0
    for name in cols:
        c = t.column(name)
        d = c.profile.distinct_count if c is not None and c.profile is not None else None
        if not d:
            return 0.0
        grid *= d
    rows = t.row_count or 0
    return rows * rows / (2 * grid)


def _count(t: Table, cols: list[str], runner: Runner, diags: Diagnostics) -> GrainCheck | None:
    try:
        rows, distinct = runner.run(_query(t, cols, runner.dialect))[0]
    except (QueryFailed, QueryTimeout) as e:
        diags.report(PR003, f"grain check of {t.key} skipped: {e}", t.key)
        return None
    return GrainCheck(table_key=t.key, columns=cols, rows=rows, distinct=distinct)


def _without_later_times(t: Table, cols: list[str], times: list[str], runner: Runner, diags: Diagnostics) -> list[GrainCheck]:
    """A grain holding several times, less the later ones while it stays unique: an employee's
    salary from a day to a day is keyed by the employee and the first day (the end of a validity
    period follows from its start, and a key holding it hides the history). One query each."""
    found: list[GrainCheck] = []
    while len(held := [c for c in cols if c in times]) >= 2:
        fewer = [c for c in cols if c != held[-1]]
        check = _count(t, fewer, runner, diags)
        if check is None or not check.unique:
            break
        found.append(check)
        cols = fewer
    return found


def _parts(t: Table, found_in: set[str], named_for: set[str], dialect: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """(references, other columns named as identifiers, whole numbers named as ordinals, time
    columns, or where there are none its years), each in table order; only columns never null."""
    refs, named, ordinals, times = [], [], [], []
    for c in t.columns:
        p = c.profile
        if p is None or p.null_count != 0:
            continue
        dtype = _whole_numbers(c, data_type(c, dialect))
        key_named = is_key_candidate(t, c, dtype)
        # Small whole numbers sit in some integer key by chance (a monthly count or a line number
        # in a key 1..n): an integer refers when declared so, or named for the key it is in.
        if c.name in found_in and (dtype != "integer" or c.name in named_for):
            refs.append(c.name)
        elif key_named:
            named.append(c.name)
        elif is_line_ordinal(c.name, dtype):
            ordinals.append(c.name)  # a point of a shape by its sequence, a line by its number
        elif (_is_time(c, dtype) or is_year_column(c, dtype)) and not _nearly_unique(t, c):
            times.append(c.name)
    return refs, named, ordinals, times_of(t, times, dialect)


# Text whose every value the profile counted is a day or a moment (2014-01-31, 1/31/2014 9:05,
# 2015/07/01 00:00:01): a file loaded as text keeps its dates so, and they are a grain's time as
# much as a DATE column is (weather readings by day and station).
TEXT_TIME_PATTERNS = ("iso_date", "slash_date", "slash_ymd", "compact_time")


def _whole_numbers(c: Column, dtype: str) -> str:
    """A text column whose every value is a whole number with no zero in front is read as the
    number it holds (a file loaded as text: bikes available '0'..'27'), so that it refers only
    where an integer would, named for the key it sits in, not wherever small numbers in a text key
    happen to contain it (a station's ids '2'..'84')."""
    p = c.profile
    if dtype == "string" and p is not None and p.patterns.get("integer") == 1.0 and not p.patterns.get("zero_padded"):
        return "integer"
    return dtype


def _is_time(c: Column, dtype: str) -> bool:
    if dtype in TIMES:
        return True
    p = c.profile
    return dtype == "string" and p is not None and any(p.patterns.get(n) == 1.0 for n in TEXT_TIME_PATTERNS)


NEARLY_UNIQUE = 0.99  # distinct values per row of a moment that makes any tuple holding it unique


def _nearly_unique(t: Table, c: Column) -> bool:
    """A moment almost every row has its own of (a trip's pickup to the second): any tuple holding
    it is unique in this extract because it nearly is, and repeats in the next (a taxi trip keyed
    by vendor, pickup time and zones had 589 repeats in three million)."""
    d = c.profile.distinct_count if c.profile is not None else None
    return bool(d and t.row_count and d < t.row_count and d >= NEARLY_UNIQUE * t.row_count)


def times_of(t: Table, names: list[str], dialect: str) -> list[str]:
    """The times among `names`: its dates and moments, or where there are none its years (a
    country's figures each year)."""
    columns = [c for c in t.columns if c.name in names]
    return ([c.name for c in columns if _is_time(c, data_type(c, dialect))]
            or [c.name for c in columns if is_year_column(c, data_type(c, dialect))])


def _panels(t: Table, times: list[str], dialect: str) -> list[list[str]]:
    """A thing named in text and a time, where the table's rows fill their grid: a country's figures
    each day, a ticker's prices. The rows of a panel number about the things times the times (each
    thing has a row at most times); a sales table's customers and days leave most of theirs empty,
    and are never tried (unique there by chance, they would repeat in the next load)."""
    rows = t.row_count or 0
    found: list[list[str]] = []
    if rows < PANEL_ROWS:
        return found
    for time in times:
        moments = t.column(time).profile.distinct_count or 0
        for c in t.columns:
            p = c.profile
            if data_type(c, dialect) != "string" or p is None or p.null_count != 0 or not p.distinct_count:
                continue
            grid = moments * p.distinct_count
            if p.distinct_count >= 2 and moments >= 2 and PANEL_FILL * grid <= rows <= grid:
                found.append(_ordered(t, [c.name, time]))
    return found


def _labels(t: Table, base: list[str], dialect: str) -> list[str]:
    """Text that, beside the columns `base` (the one thing a table refers to; the parts tried),
    may name each of its rows: a country's languages, a budget's category, a fielder's position.
    A label repeats across rows, and the rows are enough for random tuples to meet twice
    (COLLISIONS expected), so a unique tuple says something. Fewest values first."""
    rows = t.row_count or 0
    found = []
    for c in t.columns:
        p = c.profile
        if (c.name in base or data_type(c, dialect) != "string" or p is None or p.null_count != 0
                or not p.distinct_count or not 2 <= p.distinct_count <= rows / 2):
            continue
        if _collisions(t, [*base, c.name]) >= COLLISIONS:
            found.append((p.distinct_count, c.name))
    return [name for _, name in sorted(found)]


def _named_for(column: str, table: str, key: str) -> bool:
    """orderNumber in orders.orderNumber, product_id in products: the column is the key's name,
    or names its table (its first word begins the table's name)."""
    ws, tws = words(column), words(table)
    return ws == words(key) or (bool(ws) and bool(tws) and tws[0].startswith(ws[0]) and len(ws[0]) >= 3)


def _ordered(t: Table, cols: list[str]) -> list[str]:
    wanted = set(cols)
    return [c.name for c in t.columns if c.name in wanted]




def _keyless(t: Table, dialect: str) -> bool:
    """No declared key, and no column that could be a key unique on its own (the key passes find
    that one; a unique amount is no key), or the table's own identifier repeats
    (repeated_own_identifier: its key is a composite whatever else is unique)."""
    if t.primary_key or t.unique_keys or t.kind != "table":
        return False
    if repeated_own_identifier(t) is not None:
        return True
    return not any((data_type(c, dialect) in KEY_TYPES and unique_by_profile(t, c) and not _by_chance(t, c, dialect)
                    and not _decimal_text(c, dialect))
                   or is_calendar_key(t, c, data_type(c, dialect)) for c in t.columns)


def _decimal_text(c: Column, dialect: str) -> bool:
    """Text whose every value is a number with a fraction somewhere (a file loaded as text: a
    reading of 41.73): a measure, unique by chance as a double is, never a key."""
    p = c.profile
    return (data_type(c, dialect) == "string" and p is not None and p.patterns.get("numeric") == 1.0
            and (p.patterns.get("integer") or 0) < 1.0)


def _by_chance(t: Table, c: Column, dialect: str) -> bool:
    """Unique whole numbers named as nothing a key is named, spread too widely for their
    uniqueness to mean anything (a day's traded volume)."""
    return (data_type(c, dialect) == "integer" and c.profile is not None and not is_key_candidate(t, c, "integer")
            and unique_by_chance(t.row_count, c.profile.min, c.profile.max))


def _query(t: Table, cols: list[str], dialect: str) -> str:
    table = q.table_expr(t.name, t.schema_)
    tuples = exp.select(*[exp.column(c, quoted=True) for c in cols]).distinct().from_(table.copy())
    rows = exp.select(exp.Count(this=exp.Star())).from_(table.copy()).subquery()
    distinct = exp.select(exp.Count(this=exp.Star())).from_(tuples.subquery("mb_grain")).subquery()
    return exp.select(rows, distinct).sql(dialect)
