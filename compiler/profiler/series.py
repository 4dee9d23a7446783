"""Tables of one row per thing and time (a country's figures each day, a store's each week): each
numeric column followed from one time to the next within each thing, counting the rises and the
falls, and how far it moved against how far it strays from its thing's mean. Cumulative cases,
points so far, a meter reading: they rise and never fall, and summed over the days they count
every day again. A price or a temperature moves a little from one day to the next, where a day's
sales or volume jump about: a level, averaged rather than summed. Their names need not say so
(`Confirmed`, `Close`); the data does.

Only tables whose key, declared or the grain the database proved (grain.py), is one time column
and one or more other columns; one query per table, LAG over the key's other columns ordered by
the time; tables of more than MAX_ROWS rows are left alone.

A table with no time of its own, keyed by an id of its own, whose rows refer to an occurrence
that has one (a race's date) and to the things it holds figures of (a driver) is followed the
same way through that reference (`SeriesCheck.through`): each thing within each calendar year,
in the order of the occurrences. A driver's points in the standings after each race rise through
the season and start again the next: a running total that restarts each year (a season, a year to
date), whatever the table is called.
"""

from __future__ import annotations

import math

from sqlglot import exp

from compiler.diagnostics import PR003, Diagnostics
from compiler.naming import words
from compiler.profiler import queries as q
from compiler.profiler.evidence import unique_by_profile
from compiler.profiler.grain import MIN_REFERENCE_RATIO, _named_for, times_of
from compiler.profiler.options import ProfileOptions
from compiler.profiler.profile import data_type, textual
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from compiler.time_kinds import kind_by_name
from compiler.profiler.values import round_float
from ir.catalog import Column, Table
from compiler.types import TIME_TYPES
from ir.evidence import Containment, GrainCheck, SeriesCheck, grains_by_table
from ir.snapshot import Snapshot

MAX_ROWS = 2_000_000
# Value columns followed in one query; a wider table takes several (a country's 60 daily figures:
# a cumulative count of tests or vaccinations far down the table is one too; a player's three dozen ratings).
MAX_COLUMNS = 16
NUMBERS = {"integer", "decimal", "float"}


def gather_series(snapshot: Snapshot, runner: Runner, options: ProfileOptions, grains: list[GrainCheck] | None,
                  diags: Diagnostics, containment: list[Containment] | None = None) -> list[SeriesCheck]:
    proven = {k: g.columns for k, g in grains_by_table(grains).items()}
    tables = {t.key: t for t in snapshot.tables}
    references = _references(snapshot, containment or [])
    found: list[SeriesCheck] = []
    for t in snapshot.tables:
        if options.only is not None and t.key != options.only:
            continue
        key = t.primary_key or proven.get(t.key, [])
        plan = _plan(t, key, runner.dialect)
        through: tuple[str, Table, str, str] | None = None
        if plan is None:
            plan = _plan_states(t, references.get(t.key, {}), runner.dialect)
        if plan is None:
            found_through = _plan_through(t, references.get(t.key, {}), tables, runner.dialect)
            if found_through is None:
                continue
            through, things, values = found_through
            plan = (through[2], things, values)
        time, things, all_values = plan
        texts = {c.name for c in t.columns if c.name in all_values and _text_number(t, c, runner.dialect)}
        for start in range(0, len(all_values), MAX_COLUMNS):
            values = all_values[start:start + MAX_COLUMNS]
            sql = _query(t, time, things, values, runner.dialect, through, texts)
            try:
                (row,) = runner.run(sql)
            except (QueryFailed, QueryTimeout) as e:
                diags.report(PR003, f"series check of {t.key} skipped: {e}", t.key)
                break
            for i, column in enumerate(values):
                steps, ups, downs, moved, spread, present = row[_PER_VALUE * i:_PER_VALUE * (i + 1)]
                found.append(SeriesCheck(table_key=t.key, column=column, time=time, things=things, steps=int(steps or 0),
                                         increases=int(ups or 0), decreases=int(downs or 0),
                                         change=_mean(moved, steps), spread=_root_mean(spread, present),
                                         through=through[0] if through is not None else None))
    return found


def _birth(name: str) -> bool:
    """A birth date is a thing's (a driver's), not an occurrence's."""
    kind = kind_by_name(name)
    return kind is not None and kind[0] == "birth"


def _references(snapshot: Snapshot, containment: list[Containment]) -> dict[str, dict[str, tuple[str, str]]]:
    """Per table, its columns that refer to another table's key: {column: (table key, key column)},
    declared, or found in it (nearly all values) and named for it (raceId in races.raceId)."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for t in snapshot.tables:
        for fk in t.foreign_keys:
            if len(fk.columns) == 1:
                out.setdefault(t.key, {})[fk.columns[0]] = (fk.ref_table.key, fk.ref_columns[0])
    tables = {t.key: t for t in snapshot.tables}
    # A column named as the key it is found in (driverId in drivers.driverId) before one whose
    # name only begins a table's (driverId in driverStandings.driverStandingsId).
    best: dict[tuple[str, str], tuple[int, str, str]] = {}
    for c in containment:
        column, src = c.from_.columns[0] if len(c.from_.columns) == 1 else "", tables.get(c.from_.table_key)
        if (not column or src is None or c.sampled or not c.from_distinct or c.ratio < MIN_REFERENCE_RATIO
                or c.from_.table_key == c.to.table_key or not _named_for(column, c.to.table, c.to.columns[0])):
            continue
        own = src.column(column)
        if own is None or unique_by_profile(src, own):
            continue  # a table's own id, found in another's by chance
        rank = 0 if words(column) == words(c.to.columns[0]) else 1
        found = best.get((c.from_.table_key, column))
        if found is None or rank < found[0]:
            best[(c.from_.table_key, column)] = (rank, c.to.table_key, c.to.columns[0])
    for (table_key, column), (_, target, key) in sorted(best.items()):
        out.setdefault(table_key, {}).setdefault(column, (target, key))
    return out


def _plan_through(t: Table, refs: dict[str, tuple[str, str]], tables: dict[str, Table],
                  dialect: str) -> tuple[tuple[str, Table, str, str], list[str], list[str]] | None:
    """((reference, the table it refers to, that table's time, its key), things, value columns) of a table
    with no time of its own, keyed by an id of its own (unique on the whole table), with one
    reference to a table keyed by it that has one date or moment (an occurrence) and others to the
    things; None otherwise."""
    if not t.row_count or not 2 <= t.row_count <= MAX_ROWS or len(refs) < 2:
        return None
    if times_of(t, [c.name for c in t.columns], dialect):
        return None  # a table with a time of its own is followed by its key, or not at all
    if not any(unique_by_profile(t, c) for c in t.columns if c.name not in refs):
        return None
    occurrences = []
    for column, (target_key, target_column) in refs.items():
        target = tables.get(target_key)
        if target is None or target.kind != "table" or target.column(target_column) is None:
            continue
        if not (target.primary_key == [target_column] or unique_by_profile(target, target.column(target_column))):
            continue
        times = [c.name for c in target.columns if data_type(c, dialect) in TIME_TYPES
                 and c.profile is not None and c.profile.null_count == 0 and not _birth(c.name)]
        if len(times) == 1:
            occurrences.append((column, target, times[0], target_column))
    if len(occurrences) != 1:
        return None  # no occurrence, or two that could each order the rows
    through = occurrences[0]
    things = [c.name for c in t.columns if c.name in refs and c.name != through[0]]
    values = [c.name for c in t.columns if c.name not in refs and _number(t, c, dialect)
              and c.profile is not None and c.profile.null_count != t.row_count and not unique_by_profile(t, c)]
    if not values:
        return None
    return through, things, values


# A table of dated states holds at least this many rows per thing on average (a player's ratings
# at each of a dozen dates), so its series have steps to count.
STATE_ROWS_PER_THING = 2


def _plan_states(t: Table, refs: dict[str, tuple[str, str]], dialect: str) -> tuple[str, list[str], list[str]] | None:
    """(time, things, value columns) of a table keyed by an id of its own (a surrogate) whose rows
    each refer to one thing (by one reference, or by several to the same table: a player's two
    register ids) and carry one date or moment: a thing's state as of each date (a player's
    ratings at each snapshot). Followed within the thing in the order of the time, as a table keyed
    by thing and time is. None otherwise: a table referring to two things or more (a match, an
    order line) holds events between them, not one thing's states."""
    if not t.row_count or not 2 <= t.row_count <= MAX_ROWS or not refs:
        return None
    if len({target for target, _ in refs.values()}) != 1:
        return None
    own = [c for c in t.columns if c.name not in refs and (t.primary_key == [c.name] or unique_by_profile(t, c))]
    if not own:
        return None
    times = [n for n in times_of(t, [c.name for c in t.columns if c.name not in refs], dialect)
             if not _birth(n)]
    if len(times) != 1 or t.primary_key == [times[0]]:
        return None
    things = sorted(refs)
    p = t.column(things[0]).profile
    if p is None or not p.distinct_count or t.row_count < STATE_ROWS_PER_THING * p.distinct_count:
        return None
    values = [c.name for c in t.columns if c.name not in refs and c.name != times[0] and _number(t, c, dialect)
              and c.profile is not None and c.profile.null_count != t.row_count and not unique_by_profile(t, c)
              and t.primary_key != [c.name]]
    return (times[0], things, values) if values else None


def _plan(t: Table, key: list[str], dialect: str) -> tuple[str, list[str], list[str]] | None:
    """(time, things, value columns) of a table keyed by one time and other columns; None otherwise."""
    if len(key) < 2 or not t.row_count or not 2 <= t.row_count <= MAX_ROWS:
        return None
    columns = {c.name: c for c in t.columns}
    if any(k not in columns for k in key):
        return None
    times = times_of(t, key, dialect)
    if len(times) != 1:
        return None
    values = [c.name for c in t.columns if c.name not in key and _number(t, c, dialect)
              and c.profile is not None and c.profile.null_count != t.row_count]
    if not values:
        return None
    return times[0], [k for k in key if k != times[0]], values


def _number(t: Table, c: Column, dialect: str) -> bool:
    """A numeric column, or text whose every value in the whole table is a number (a CSV loaded as
    text: read through a cast, so it is followed as the same file typed would be)."""
    return data_type(c, dialect) in NUMBERS or _text_number(t, c, dialect)


def _text_number(t: Table, c: Column, dialect: str) -> bool:
    p, tp = c.profile, t.profile
    if not textual(data_type(c, dialect), dialect) or p is None or tp is None or tp.sample is not None:
        return False
    whole = tp.pattern_rows is None or bool(p.patterns_whole)
    return whole and p.patterns.get("numeric") == 1.0 and not p.patterns.get("zero_padded")


_PER_VALUE = 6  # steps, rises, falls, summed size of the steps, summed squares about each thing's mean, values


# Rounded as the profile's means are: the database adds floats in parallel, in no fixed order, so
# the last digits differ from run to run and the snapshot would not be byte-identical.
def _mean(total: object, count: object) -> float | None:
    return round_float(float(total) / int(count)) if total is not None and count else None


def _root_mean(total: object, count: object) -> float | None:
    mean = float(total) / int(count) if total is not None and count else None
    return round_float(math.sqrt(max(mean, 0.0))) if mean is not None else None


def _query(t: Table, time: str, things: list[str], values: list[str], dialect: str,
           through: tuple[str, Table, str, str] | None = None, texts: set[str] | frozenset[str] = frozenset()) -> str:
    """`through`: (reference, referenced table, its time, its key): the rows are followed in the order of
    the referenced rows' times, within each thing and calendar year of that time. `texts`: value
    columns of numbers kept as text, read as doubles ('' as NULL): compared as text, '9' > '10'."""
    own = "mb_t" if through is not None else None

    def col(name: str) -> exp.Column:
        return exp.column(name, table=own, quoted=True)

    if through is None:
        partition: list[exp.Expression] = [col(k) for k in things]
        order: list[exp.Expression] = [col(time)]
    else:
        occurrence = exp.column(through[2], table="mb_o", quoted=True)
        year = (exp.TimeToStr(this=occurrence.copy(), format=exp.Literal.string("%Y")) if dialect == "sqlite"
                else exp.Extract(this=exp.var("YEAR"), expression=occurrence.copy()))
        partition = [col(k) for k in things] + [year]
        order = [occurrence.copy(), col(through[0])]

    def within(fn: exp.Expression, ordered: bool) -> exp.Expression:
        by = exp.Order(expressions=[exp.Ordered(this=o.copy()) for o in order]) if ordered else None
        return exp.Window(this=fn, partition_by=[p.copy() for p in partition], order=by)

    def value(v: str) -> exp.Expression:
        return q.as_double(col(v), dialect)

    def read(v: str) -> exp.Expression:
        if v not in texts:
            return col(v)
        return q.as_double(exp.Nullif(this=col(v), expression=exp.Literal.string("")), dialect)

    inner = [read(v).as_(f"v{i}") for i, v in enumerate(values)]
    inner += [within(exp.Anonymous(this="LAG", expressions=[read(v)]), True).as_(f"p{i}")
              for i, v in enumerate(values)]
    inner += [within(exp.Avg(this=value(v) if v not in texts else read(v)), False).as_(f"m{i}") for i, v in enumerate(values)]
    source = q.table_expr(t.name, t.schema_)
    if through is None:
        rows = exp.select(*inner).from_(source).subquery("mb_series")
    else:
        target = through[1]
        on = exp.EQ(this=col(through[0]), expression=exp.column(through[3], table="mb_o", quoted=True))
        rows = exp.select(*inner).from_(exp.alias_(source, "mb_t")).join(
            exp.alias_(q.table_expr(target.name, target.schema_), "mb_o"), on=on).subquery("mb_series")

    def count_if(condition: exp.Expression) -> exp.Expression:
        return exp.Sum(this=exp.If(this=condition, true=exp.Literal.number(1), false=exp.Literal.number(0)))

    out: list[exp.Expression] = []
    for i in range(len(values)):
        v, p, m = exp.column(f"v{i}"), exp.column(f"p{i}"), exp.column(f"m{i}")
        both = exp.and_(exp.Not(this=exp.Is(this=v.copy(), expression=exp.Null())),
                        exp.Not(this=exp.Is(this=p.copy(), expression=exp.Null())))
        off = exp.Paren(this=exp.Sub(this=q.as_double(v.copy(), dialect), expression=m.copy()))
        out += [count_if(both), count_if(exp.GT(this=v.copy(), expression=p.copy())),
                count_if(exp.LT(this=v.copy(), expression=p.copy())),
                exp.Sum(this=exp.Abs(this=exp.Sub(this=q.as_double(v.copy(), dialect), expression=p.copy()))),
                exp.Sum(this=exp.Mul(this=off, expression=off.copy())), exp.Count(this=v.copy())]
    return exp.select(*out).from_(rows).sql(dialect)
