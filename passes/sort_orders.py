"""Names of months and of days of the week that sort by their number (Dimension.sort_by).

A calendar (compiler.calendar.holds_calendar_parts) holds a month's name ('January', 'Jan',
'Enero', 'Janvier') beside its number 1..12, and a weekday's name beside its number in the week:
sorted as text, April comes first and Friday before Monday. A name column every value of which
is a month's (or a weekday's) name in one of the languages names are read in sorts by the
whole-number column of the same calendar named as that part (a month word, or a day word with a
week word: MonthNumberOfYear, d_monthnuminyear, month_of_year, DayNumberOfWeek) whose values are
1..12 (1..7 or 0..6) and as many as the names. Only on a calendar: there both are parts of one
day, so each name has one number, which Power BI requires of a sort column and refuses to load
otherwise."""

from __future__ import annotations

from compiler.calendar import DAY_NAMES as _DAY_NAMES
from compiler.calendar import MONTH_NAMES as _MONTH_NAMES
from compiler.calendar import DAY_PART, MONTH_PART, WEEK_PART, WEEKDAY_WORDS, holds_calendar_parts
from compiler.naming import words
from ir.catalog import Column, Table
from ir.provenance import Provenance
from ir.semantic import Dimension, Entity

NAME = "decide_enumerations"

# Stems a word starts with (or, for the week, holds: d_daynuminweek), from the calendar's own words.
_MONTH_WORDS = tuple(sorted(MONTH_PART))
_DAY_WORDS = tuple(sorted(DAY_PART | WEEKDAY_WORDS))
_WEEK_WORDS = tuple(sorted(WEEK_PART | WEEKDAY_WORDS))


def _names(col: Column | None, known: frozenset[str], most: int) -> int | None:
    """How many names the column holds (at most `most`, counted exactly), when each value the
    profile shows (its most frequent, least and greatest) is one of `known`."""
    p = col.profile if col is not None else None
    if p is None or not p.distinct_count or not p.distinct_exact or p.distinct_count > most or not p.top_values:
        return None
    values = [v.value for v in p.top_values] + [p.min, p.max]
    if not all(isinstance(v, str) and v.strip().lower().rstrip(".") in known for v in values):
        return None
    return p.distinct_count


def _numbers(col: Column | None, ranges: tuple[tuple[int, int], ...], distinct: int) -> bool:
    p = col.profile if col is not None else None
    return (col is not None and col.data_type == "integer" and p is not None and p.distinct_exact
            and p.distinct_count == distinct and (p.min, p.max) in ranges)


def _named(name: str, stems: tuple[str, ...]) -> bool:
    return any(w.startswith(stems) for w in words(name))


def order_names(entity: Entity, table: Table | None) -> None:
    """Set `sort_by` on the month and weekday names of a calendar (see the module's text)."""
    if table is None or not holds_calendar_parts(table):
        return
    columns = {c.name: c for c in table.columns}
    numbers = [d for d in entity.dimensions if d.column and d.data_type == "integer" and not d.primary_key]
    for d in entity.dimensions:
        if d.data_type != "string" or d.column is None or (d.sort_by_provenance is not None and d.sort_by_provenance.origin == "human"):
            continue
        column = columns.get(d.column)
        if (count := _names(column, _MONTH_NAMES, 12)) is not None:
            by = _first(numbers, columns, lambda n: _named(n, _MONTH_WORDS), ((1, 12),), count)
        elif (count := _names(column, _DAY_NAMES, 7)) is not None:
            by = _first(numbers, columns, lambda n: _named(n, _DAY_WORDS) and _within(n, _WEEK_WORDS),
                        ((1, 7), (0, 6)), count)
        else:
            continue
        if by is not None:
            d.sort_by = by.name
            d.sort_by_provenance = Provenance.inferred(NAME, "name_by_number", 0.8, [
                f"{d.column} names the parts of the calendar's days that {by.column} numbers"])


def _within(name: str, stems: tuple[str, ...]) -> bool:
    """A stem anywhere in a word: glued names (d_daynuminweek) hold the week after the day."""
    return any(s in w for w in words(name) for s in stems)


def _first(numbers: list[Dimension], columns: dict[str, Column], named, ranges, count: int) -> Dimension | None:
    return next((n for n in numbers if named(n.column) and _numbers(columns.get(n.column), ranges, count)), None)
