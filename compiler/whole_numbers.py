"""Whole numbers as a column's profile holds its bounds: as numbers, or as text of digits (a CSV
loaded as text). A leaf: the profiler's grain, the calendar's years and the passes read bounds
the same way, so a year kept as text ('2010' .. '2023') is a year to all of them."""

from __future__ import annotations

import re

from ir.catalog import ColumnProfile

# A whole number written as a decimal: '1.0', '0.00' (a driver's or an extract's text of a float).
_WHOLE_DECIMAL = re.compile(r"^(-?\d+)\.0+$")


def whole(v):
    """A float that is a whole number as the int it is (a profile's 1.0, a code 99.0 of a column
    typed integer, read as 1 and 99); any other value as it is."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def whole_text(v) -> str:
    """A value as text, a whole number written as a decimal ('1.0', '0.00', a float 1.0) as the
    whole number it is ('1', '0')."""
    text = str(v)
    m = _WHOLE_DECIMAL.match(text)
    return m.group(1) if m else text


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
