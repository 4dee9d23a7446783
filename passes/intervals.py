"""Validity intervals: two time columns of one table that open and close the period a row holds
(from_date and to_date, valid_from and valid_to, start_date and end_date, eff_dt and exp_dt,
von and bis), and the tables keyed by the opening one: histories of states, one row per thing
per period (an employee's salary from one raise to the next).

A value in such a row is in force for its whole period: added up over the rows it counts each
state once per period it held (every salary an employee ever had), which is no figure anyone
asks for: decide_additivity averages them. The periods still open (an end left empty, or a
far-future placeholder such as 9999-01-01) are what holds now: derive_measures counts them, and
averages and, where the value adds up over the things, sums their values (the payroll now).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from compiler.naming import words
from ir.catalog import ColumnProfile
from ir.semantic import Entity

# The word that opens a period -> the words that close it, in the languages names are read in.
CLOSES: dict[str, tuple[str, ...]] = {
    "from": ("to", "thru", "through", "until", "till"),
    "start": ("end", "stop", "finish"),
    "started": ("ended", "stopped", "finished"),
    "begin": ("end",),
    "beginning": ("end", "ending"),
    "effective": ("expiry", "expiration", "expires", "expired", "end"),
    "eff": ("exp", "end", "expiry", "expiration"),
    "valid": ("invalid", "expired"),
    "von": ("bis",),
    "ab": ("bis",),
    "beginn": ("ende",),
    "desde": ("hasta",),
    "inicio": ("fin", "fim", "termino"),
    "debut": ("fin",),
    "van": ("tot",),
}


def interval_end(start: str, others: Iterable[str]) -> str | None:
    """The column among `others` that closes the period `start` opens (to_date for from_date), or
    None: the same name with the opening word swapped for a closing one."""
    ws = words(start)
    by_words = {words(o): o for o in others if o != start}
    for i, w in enumerate(ws):
        for end in CLOSES.get(w, ()):
            found = by_words.get(ws[:i] + (end,) + ws[i + 1:])
            if found is not None:
                return found
    return None


def state_history(entity: Entity) -> tuple[str, str] | None:
    """(start, end) when the entity's primary key holds the opening time of a period another of
    its time columns closes: each row is one state of a thing over a period. Not when the key
    holds the closing time too: a row that the period's both ends tell apart (a procedure from
    10:02 to 10:40 in an encounter) is an event that lasted, whose cost adds up."""
    times = [t.column for t in entity.time_dimensions if t.column]
    for col in entity.primary_key:
        if col in times:
            end = interval_end(col, times)
            if end is not None and end not in entity.primary_key:
                return col, end
    return None


# A period that has not ended yet is written with no end, or with a placeholder end far in the
# future (9999-12-31, 2999-01-01): a date no event has, that many rows share.
FAR_FUTURE_YEAR = 2100


@dataclass(frozen=True)
class OpenEnd:
    """How the rows of a table of periods that still hold are told apart: their `column` (the
    period's end) is empty, or on or after the placeholder day `since`."""

    column: str
    since: str | None  # 'YYYY-MM-DD'; None: the end is empty


def period(entity: Entity) -> tuple[str, str] | None:
    """(start, end) of the period each row holds: the history's, else any pair of time columns
    that open and close one (a department assignment from_date to_date, keyed by employee and
    department)."""
    history = state_history(entity)
    if history is not None:
        return history
    return next(periods([t.column for t in entity.time_dimensions if t.column]), None)


def periods(times: list[str]) -> Iterator[tuple[str, str]]:
    """(start, end) of each pair among the time columns `times` that opens and closes a period."""
    for start in times:
        end = interval_end(start, times)
        if end is not None:
            yield start, end


PLACEHOLDER_SHARE = 0.01  # of the rows with an end: the open periods are more than a stray few


def open_end(entity: Entity, profiles: Mapping[str, ColumnProfile]) -> OpenEnd | None:
    """The rows whose period is still open, from the profile of the period's end: a far-future
    placeholder day (_placeholder_day), else empty ends on some rows but not all. None when
    every period has ended (or nothing was profiled)."""
    found = period(entity)
    if found is None:
        return None
    end = found[1]
    p = profiles.get(end)
    if p is None:
        return None
    day = _placeholder_day(p, entity.row_count)
    if day is not None:
        return OpenEnd(end, day)
    rows = entity.row_count
    if p.null_count and rows and p.null_count < rows:
        return OpenEnd(end, None)
    return None


def _placeholder_day(p: ColumnProfile, rows: int | None = None) -> str | None:
    """The far-future day standing for "not ended": the largest value, the last or first day of a
    year (9999-12-31, 2999-12-31, 2100-01-01), held by a share of the rows. Dates shifted into the
    future to hide them (a clinical extract's 2150s) end on any day, a few rows each."""
    top = str(p.max or "")[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", top) or int(top[:4]) < FAR_FUTURE_YEAR or top[5:] not in ("12-31", "01-01"):
        return None
    filled = (rows or 0) - (p.null_count or 0)
    needed = max(2, PLACEHOLDER_SHARE * filled)
    repeats = any(str(v.value)[:10] == top and v.count >= needed for v in p.top_values)
    return top if repeats else None
