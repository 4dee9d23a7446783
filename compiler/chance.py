"""When the data's uniqueness says nothing: n whole numbers drawn from a range of at least n*n
values are all different more often than not (the birthday bound), so a unique column of such
numbers (a day's traded volume, a population) is no key for being unique. Numbers a sequence gave,
or drawn from a range too narrow to miss a repeat by chance, are. A column unique beside the
table's own identifier, where that identifier repeats, is unique by chance too: the rows are
numbered within something else."""

from __future__ import annotations

from compiler.naming import read_words
from ir.catalog import Table


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
