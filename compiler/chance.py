"""When the data's uniqueness says nothing: n whole numbers drawn from a range of at least n*n
values are all different more often than not (the birthday bound), so a unique column of such
numbers (a day's traded volume, a population) is no key for being unique. Numbers a sequence gave,
or drawn from a range too narrow to miss a repeat by chance, are."""

from __future__ import annotations


def unique_by_chance(rows: int | None, least: object, greatest: object) -> bool:
    """True when `rows` distinct whole numbers between `least` and `greatest` could well be
    distinct by chance."""
    if not rows or rows < 2 or not isinstance(least, int) or not isinstance(greatest, int):
        return False
    return greatest - least + 1 >= rows * rows
