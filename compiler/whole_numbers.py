"""Whole numbers as a column's profile holds its bounds: as numbers, or as text of digits (a CSV
loaded as text). A leaf: the profiler's grain, the calendar's years and the passes read bounds
the same way, so a year kept as text ('2010' .. '2023') is a year to all of them."""

from __future__ import annotations

from ir.catalog import ColumnProfile


def _num(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def whole_bounds(p: ColumnProfile | None) -> tuple[float, float] | tuple[None, None]:
    """The least and greatest of whole numbers, kept as numbers or as text of digits all of one
    length (a CSV loaded as text: '2010' .. '2023', where text orders them as numbers)."""
    if p is None:
        return None, None
    lo, hi = _num(p.min), _num(p.max)
    if (lo is None and isinstance(p.min, str) and isinstance(p.max, str) and p.min.isdigit() and p.max.isdigit()
            and p.min_length is not None and p.min_length == p.max_length):
        lo, hi = float(p.min), float(p.max)
    return (lo, hi) if lo is not None and hi is not None else (None, None)
