"""When the data's uniqueness says nothing: n whole numbers drawn from a range of at least n*n
values are all different more often than not (the birthday bound), so a unique column of such
numbers (a day's traded volume, a population) is no key for being unique. Numbers a sequence gave,
or drawn from a range too narrow to miss a repeat by chance, are. A column unique beside the
table's own identifier, where that identifier repeats, is unique by chance too: the rows are
numbered within something else."""

from __future__ import annotations

from compiler.naming import read_words
from compiler.value_words import CLOCK_NUMBERED_WORDS
from ir.catalog import Column, ColumnProfile, Table


def unique_by_chance(rows: int | None, least: object, greatest: object) -> bool:
    """True when `rows` distinct whole numbers between `least` and `greatest` could well be
    distinct by chance."""
    if not rows or rows < 2 or not isinstance(least, int) or not isinstance(greatest, int):
        return False
    return greatest - least + 1 >= rows * rows

def repeated_own_identifier(t: Table) -> str | None:
    """The table's own identifier, `id` or `id` behind the short prefix most of its columns share
    (c_id among a customer table's c_* columns), when the profile shows it repeated and never null:
    it numbers the rows within something else (TPC-C's customers 1..3000 in each district), so the
    key is it with the columns naming that something, and a column unique beside it (a first name,
    a comment drawn at random) is unique by chance, no key."""
    ws = [read_words(c.name) for c in t.columns]
    firsts = [w[0] for w in ws if len(w) > 1]
    prefix = max(sorted(set(firsts)), key=firsts.count) if firsts else None
    if prefix is not None and (firsts.count(prefix) < max(2, 0.8 * len(ws)) or len(prefix) > 5):
        prefix = None
    rows = t.row_count or 0
    for c, w in zip(t.columns, ws):
        p = c.profile
        if (w == ("id",) or (prefix is not None and w == (prefix, "id"))) and p is not None and p.null_count == 0 \
                and p.distinct_count and rows >= 2 and p.distinct_count < (rows if p.distinct_exact else 0.9 * rows):
            return c.name
    return None


def numbered_within(t: Table, ordinal: Column) -> tuple[list[Column], int, int] | None:
    """The columns whose rows `ordinal` numbers 1..n (or 0..n), as the profile shows it: its first
    number is its most frequent value, held by exactly as many rows as another never-null,
    repeated column has distinct values (every title has an alternative title numbered 1), and
    each next number by no more rows than the one before (a title with a third has a second).
    Returns those columns (the parent, or more than one when columns copy each other), the first
    number and the rows holding it; None when the profile shows no such numbering."""
    p = ordinal.profile
    tops = [] if p is None or p.null_count else [(_whole(v.value), v.count) for v in p.top_values or ()]
    if len(tops) < 2 or any(v is None for v, _n in tops) or tops[0][0] not in (0, 1):
        return None
    by_value = sorted(tops)
    start = by_value[0][0]
    if ([v for v, _n in by_value] != list(range(start, start + len(by_value))) or by_value[0] != tops[0]
            or any(later[1] > earlier[1] for earlier, later in zip(by_value, by_value[1:]))):
        return None
    first, rows = tops[0]
    if rows >= (t.row_count or 0):
        return None
    parents = [c for c in t.columns if c is not ordinal and c.profile is not None and c.profile.null_count == 0
               and c.profile.distinct_exact and c.profile.distinct_count == rows]
    return (parents, first, rows) if parents else None


# Seconds since 1970 of the years 2000 to 2100: an identifier within these (or these in
# milliseconds or microseconds) is a time something started, taken as its number.
_CLOCK_SECONDS = (946_684_800, 4_102_444_800)


def numbered_by_clock(p: ColumnProfile | None, column: str) -> bool:
    """An identifier whose values are all times (seconds, milliseconds or microseconds since 1970,
    in 2000..2100), repeated: the moment something started used as its number (GA4's
    `ga_session_id`, the second a user's session began). It is unique only within the thing it
    started for, two users starting a session in the same second share it: counted distinct, it is
    counted with that thing (its parent on the row), never alone.

    Its name must say a session, visit or start (CLOCK_NUMBERED_WORDS), and its values be sparse
    as start seconds are (fewer than half the numbers of their range): an invoice numbered from
    2019000001 on, or a barcode, has the digits of a clock reading but none of these."""
    lo, hi = (_whole(p.min), _whole(p.max)) if p is not None else (None, None)
    if lo is None or hi is None or not set(read_words(column)) & CLOCK_NUMBERED_WORDS:
        return False
    if p is not None and p.distinct_count and 2 * p.distinct_count > hi - lo + 1:
        return False
    return any(_CLOCK_SECONDS[0] * scale <= lo and hi <= _CLOCK_SECONDS[1] * scale for scale in (1, 1000, 1_000_000))


def _whole(value: object) -> int | None:
    """A whole number, or its digits kept as text ('7', not '07')."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and (value == "0" or not value.startswith("0")):
        return int(value)
    return None
