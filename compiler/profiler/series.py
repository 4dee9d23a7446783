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
"""

from __future__ import annotations

import math

from sqlglot import exp

from compiler.diagnostics import PR003, Diagnostics
from compiler.profiler import queries as q
from compiler.profiler.grain import times_of
from compiler.profiler.options import ProfileOptions
from compiler.profiler.profile import data_type
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from ir.catalog import Table
from ir.evidence import GrainCheck, SeriesCheck, grains_by_table
from ir.snapshot import Snapshot

MAX_ROWS = 2_000_000
MAX_COLUMNS = 16
NUMBERS = {"integer", "decimal", "float"}


def gather_series(snapshot: Snapshot, runner: Runner, options: ProfileOptions, grains: list[GrainCheck] | None,
                  diags: Diagnostics) -> list[SeriesCheck]:
    proven = {k: g.columns for k, g in grains_by_table(grains).items()}
    found: list[SeriesCheck] = []
    for t in snapshot.tables:
        if options.only is not None and t.key != options.only:
            continue
        key = t.primary_key or proven.get(t.key, [])
        plan = _plan(t, key, runner.dialect)
        if plan is None:
            continue
        time, things, values = plan
        try:
            (row,) = runner.run(_query(t, time, things, values, runner.dialect))
        except (QueryFailed, QueryTimeout) as e:
            diags.report(PR003, f"series check of {t.key} skipped: {e}", t.key)
            continue
        for i, column in enumerate(values):
            steps, ups, downs, moved, spread, present = row[_PER_VALUE * i:_PER_VALUE * (i + 1)]
            found.append(SeriesCheck(table_key=t.key, column=column, time=time, things=things, steps=int(steps or 0),
                                     increases=int(ups or 0), decreases=int(downs or 0),
                                     change=_mean(moved, steps), spread=_root_mean(spread, present)))
    return found


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
    values = [c.name for c in t.columns if c.name not in key and data_type(c, dialect) in NUMBERS
              and c.profile is not None and c.profile.null_count != t.row_count][:MAX_COLUMNS]
    if not values:
        return None
    return times[0], [k for k in key if k != times[0]], values


_PER_VALUE = 6  # steps, rises, falls, summed size of the steps, summed squares about each thing's mean, values


def _mean(total: object, count: object) -> float | None:
    return float(total) / int(count) if total is not None and count else None


def _root_mean(total: object, count: object) -> float | None:
    mean = _mean(total, count)
    return math.sqrt(max(mean, 0.0)) if mean is not None else None


def _query(t: Table, time: str, things: list[str], values: list[str], dialect: str) -> str:
    def within(fn: exp.Expression, ordered: bool) -> exp.Expression:
        order = exp.Order(expressions=[exp.Ordered(this=exp.column(time, quoted=True))]) if ordered else None
        return exp.Window(this=fn, partition_by=[exp.column(k, quoted=True) for k in things], order=order)

    def value(v: str) -> exp.Expression:
        return q.as_double(exp.column(v, quoted=True), dialect)

    inner = [exp.column(v, quoted=True).as_(f"v{i}") for i, v in enumerate(values)]
    inner += [within(exp.Anonymous(this="LAG", expressions=[exp.column(v, quoted=True)]), True).as_(f"p{i}")
              for i, v in enumerate(values)]
    inner += [within(exp.Avg(this=value(v)), False).as_(f"m{i}") for i, v in enumerate(values)]
    rows = exp.select(*inner).from_(q.table_expr(t.name, t.schema_)).subquery("mb_series")

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
