"""Every column gets its normalized data type (compiler.types holds the type families).

A text column that holds no value at all and is named as a date or time (`begin_date`,
`occurrence_end_time`, `closed_at`) is typed as that time: loaded from a CSV file or a sparse
extract, an empty column arrives as text because there was nothing to read, and its name is the
only thing that says what it will hold.

A text column whose every value is an ISO-8601 date or date and time (`2017-10-02`,
`2017-10-02 10:56:33`), as the profile counted them over the whole table, is typed as that time
whatever its name: SQLite keeps dates as such text, and so do tables loaded from files as text.
build_entities reads it through a cast (time_cast). Other columns with values keep their
declared type.
"""

from __future__ import annotations

from datetime import datetime

from sqlglot import exp

from compiler.naming import words
from compiler.pipeline import Context, State
from compiler.types import normalize_type, sqlglot_dialect
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


def text_time_type(table: Table, col: Column) -> str | None:
    """'date' or 'timestamp' for a text column whose values, all of them, are ISO dates (with a
    time of day: a timestamp); None otherwise. The pattern shares must cover the whole table
    (not its first rows only, unless every value of the table has one length) and the values
    seen must parse."""
    p, tp = col.profile, table.profile
    if col.data_type != "string" or p is None or tp is None or not table.row_count or p.null_count is None:
        return None
    if p.null_count >= table.row_count or p.patterns.get("iso_date") != 1.0:
        return None
    if tp.sample is not None:
        return None
    if tp.pattern_rows is not None and tp.pattern_rows < table.row_count and (
            p.min_length is None or p.min_length != p.max_length):
        # Patterns read from the first rows only: the whole table's values must still all be as
        # long as an ISO moment, between two that parse, for a stray 'n/a' to be ruled out.
        return None
    for value in (p.min, p.max):
        if value is not None and _iso_moment(value) is None:
            return None
    return "date" if p.max_length == 10 else "timestamp"


def _iso_moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def time_cast(col: Column, dialect: str | None) -> str | None:
    """The SQL reading a text column typed as a time above as that time, in the source dialect;
    None where the column needs no cast (a time column, or SQLite, whose date functions read ISO
    text as it is)."""
    if col.data_type not in ("date", "timestamp") or dialect == "sqlite":
        return None
    if normalize_type(col.type, dialect) != "string":
        return None
    to = exp.DataType.build("DATE" if col.data_type == "date" else "TIMESTAMP")
    return exp.Cast(this=exp.column(col.name, quoted=True), to=to).sql(dialect=sqlglot_dialect(dialect))


def run(state: State, ctx: Context) -> None:
    dialect = state.snapshot.source.dialect
    for table in state.snapshot.tables:
        for col in table.columns:
            col.data_type = normalize_type(col.type, dialect)  # type: ignore[assignment]
            if (typed := empty_time_type(table, col) or text_time_type(table, col)) is not None:
                col.data_type = typed  # type: ignore[assignment]
