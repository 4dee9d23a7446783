"""LookML naming rules: identifiers, dimension-group names, strings.

LookML names are lowercase ``[a-z0-9_]`` and may not start with a digit. A dimension group
named ``X`` generates one field per timeframe (``X_raw``, ``X_date``...), so its fields share
the view's namespace with dimensions and measures.
"""

from __future__ import annotations

import re

from backends.base import unique_name

_VALID = re.compile(r"[a-z_][a-z0-9_]*\Z")
_BAD_RUN = re.compile(r"[^a-z0-9_]+")

# Keys the lkml lexer always treats as the start of an expression block when followed by ':';
# a field with one of these names cannot appear as a key in `filters: [name: "v"]`.
from lkml.keys import EXPR_BLOCK_KEYS  # noqa: E402

EXPR_KEYS = frozenset(EXPR_BLOCK_KEYS)

# Suffixes stripped from a time dimension's name to name its dimension group: `invoice_date`
# becomes group `invoice`, whose `invoice_date` field then carries the original name.
TIME_SUFFIXES = ("_timestamp", "_date", "_time", "_at", "_ts", "_on", "_dt")

DATE_TIMEFRAMES = ("raw", "date", "week", "month", "quarter", "year")
TIMESTAMP_TIMEFRAMES = ("raw", "time", "hour", "date", "week", "month", "quarter", "year")


def is_identifier(name: str) -> bool:
    return bool(_VALID.match(name))


def sanitize(name: str) -> str:
    """A valid LookML identifier close to `name` (lowercased, runs of other characters -> _)."""
    out = _BAD_RUN.sub("_", name.lower()).strip("_") or "field"
    if out[0].isdigit():
        out = "_" + out
    return out


unique = unique_name  # `name`, or `name_2`, `name_3`... whichever is first not in `taken`


def timeframes(data_type: str, granularity: str | None = None) -> tuple[str, ...]:
    if granularity == "year":
        return ("raw", "year")  # a year kept as a number: its months and days would all be January 1st
    if granularity == "month":
        return ("raw", "month", "quarter", "year")  # a month kept as YYYYMM: its days would all be the 1st
    # A day kept as a date and time: its time and hour would be midnight on every row.
    return DATE_TIMEFRAMES if data_type == "date" or granularity == "day" else TIMESTAMP_TIMEFRAMES


def group_fields(group: str, data_type: str, granularity: str | None = None) -> list[str]:
    """The field names a dimension group generates."""
    return [f"{group}_{tf}" for tf in timeframes(data_type, granularity)]


def group_name_candidates(name: str) -> list[str]:
    """Preferred dimension-group names for a time dimension, best first."""
    for suffix in TIME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if is_identifier(stem):
                return [stem, name]
    return [name]


def quote_string(value: str) -> str:
    r"""A LookML double-quoted string. Backslash and double quote are escaped with a backslash;
    newlines stay literal (LookML strings may span lines, and lkml keeps them)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unquote_string(raw: str) -> str:
    """Inverse of quote_string for the text lkml returns (it keeps escapes as written)."""
    if "\\" not in raw:
        return raw
    return _UNESCAPE.sub(r"\1", raw)
