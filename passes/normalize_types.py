"""Every column gets its normalized data type (compiler.types holds the type families).

A text column that holds no value at all and is named as a date or time (`begin_date`,
`occurrence_end_time`, `closed_at`) is typed as that time: loaded from a CSV file or a sparse
extract, an empty column arrives as text because there was nothing to read, and its name is the
only thing that says what it will hold. A column with values keeps its declared type.
"""

from __future__ import annotations

from compiler.naming import words
from compiler.pipeline import Context, State
from compiler.types import normalize_type
from ir.catalog import Column, Table

_DATE_WORDS = frozenset({"date", "dt", "day"})
_TIME_WORDS = frozenset({"time", "timestamp", "datetime", "ts", "at"})


def empty_time_type(table: Table, col: Column) -> str | None:
    """'date' or 'timestamp' for an empty text column named as one; None otherwise."""
    p = col.profile
    if col.data_type != "string" or p is None or not table.row_count or p.null_count != table.row_count:
        return None
    ws = words(col.name)
    if len(ws) < 2:
        return None  # a bare `date` or `time` column is as likely a label as a moment
    if ws[-1] in _DATE_WORDS:
        return "date"
    if ws[-1] in _TIME_WORDS:
        return "timestamp"
    return None


def run(state: State, ctx: Context) -> None:
    dialect = state.snapshot.source.dialect
    for table in state.snapshot.tables:
        for col in table.columns:
            col.data_type = normalize_type(col.type, dialect)  # type: ignore[assignment]
            if (typed := empty_time_type(table, col)) is not None:
                col.data_type = typed  # type: ignore[assignment]
