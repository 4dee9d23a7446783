"""Database values -> snapshot values: plain, JSON-safe, rounded, so snapshots are stable."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any
from uuid import UUID

from compiler.value_words import FALSE_TEXTS, TRUE_TEXTS

MAX_TEXT = 200  # longer sample values are cut: a snapshot is for reading and diffing
_SIGNIFICANT = 10  # parallel float sums differ in the last bits from run to run; this hides it
# "\x01" and "\x00": a MySQL BIT(1) cast to text is its one byte.


def round_float(x: Any) -> float | None:
    if x is None:
        return None
    f = float(x)
    if math.isnan(f) or math.isinf(f):
        return None
    return float(f"{f:.{_SIGNIFICANT}g}")


def clean(value: Any, data_type: str) -> Any:
    """A value the database returned, as the snapshot stores it (None when unrepresentable)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round_float(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        if data_type == "integer" or value == value.to_integral_value():
            return int(value)
        return round_float(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None
    return _cut(str(value))


def from_text(text: Any, data_type: str) -> Any:
    """A top value (cast to text in SQL so UNION branches agree) back to its column's type."""
    if text is None or not isinstance(text, str):
        return clean(text, data_type)
    try:
        if data_type == "integer":
            return int(text)
        if data_type in ("decimal", "float"):
            return clean(Decimal(text), data_type)
    except (ValueError, ArithmeticError):
        pass
    if data_type == "boolean" and text.lower() in TRUE_TEXTS | FALSE_TEXTS:
        return text.lower() in TRUE_TEXTS
    return _cut(text)


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def sort_key(value: Any) -> tuple:
    """Orders values of mixed Python types (SQLite columns can hold any) deterministically."""
    if isinstance(value, bool):
        return (0, int(value), "")
    if isinstance(value, (int, float)):
        return (1, value, "")
    return (2, 0, str(value))
