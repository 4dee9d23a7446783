"""Validity intervals: two time columns of one table that open and close the period a row holds
(from_date and to_date, valid_from and valid_to, start_date and end_date, eff_dt and exp_dt,
von and bis), and the tables keyed by the opening one: histories of states, one row per thing
per period (an employee's salary from one raise to the next).

A value in such a row is in force for its whole period: added up over the rows it counts each
state once per period it held (every salary an employee ever had), which is no figure anyone
asks for: decide_additivity averages them.
"""

from __future__ import annotations

from collections.abc import Iterable

from compiler.naming import words
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
