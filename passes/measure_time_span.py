"""The days the model's time axes hold (SemanticModel.time_span), from the profile of each
entity's own axis column: what a time spine must cover. MetricFlow joins its spine for
cumulative and filled metrics, and a day the spine lacks is a day those metrics lose (a history
from 1985 under a spine from 1990). A far-future day standing for a period still open is no day
anything happened, and is left out."""

from __future__ import annotations

from datetime import date, datetime

from compiler.pipeline import Context, State
from ir.semantic import TimeSpan
from passes.intervals import FAR_FUTURE_YEAR
from passes.stored_times import yyyymm

NAME = "measure_time_span"


def _day(value, yearly: bool, monthly: bool = False) -> date | None:
    """A profile's min or max as a day: a date or datetime, ISO text, or a year kept as a number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if yearly and isinstance(value, int) and 1 <= value < FAR_FUTURE_YEAR:
        return date(value, 1, 1)
    month = yyyymm(value) if monthly else None  # a month kept as YYYYMM
    if month is not None:
        return date(month[0], month[1], 1)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    days: list[date] = []
    for e in state.model.entities:
        axis, table = e.time_axis, tables.get(e.table.key)
        if axis is None or axis.entity != e.name or table is None:
            continue  # a borrowed axis is its parent's, measured there
        t = next((t for t in e.time_dimensions if t.name == axis.dimension), None)
        col = table.column(t.column) if t is not None and t.column else None
        if col is None or col.profile is None:
            continue
        yearly = t.granularity == "year"
        monthly = t.granularity == "month"
        days += [d for d in (_day(col.profile.min, yearly, monthly), _day(col.profile.max, yearly, monthly)) if d is not None and d.year < FAR_FUTURE_YEAR]
    state.model.time_span = TimeSpan(first=min(days).isoformat(), last=max(days).isoformat()) if days else None
