"""Every column gets its normalized data type (compiler.types holds the type families).

A text column that holds no value at all and is named as a date or time (`begin_date`,
`occurrence_end_time`, `closed_at`) is typed as that time: loaded from a CSV file or a sparse
extract, an empty column arrives as text because there was nothing to read, and its name is the
only thing that says what it will hold.

A text column whose every value is an ISO-8601 date or date and time (`2017-10-02`,
`2017-10-02 10:56:33`), as the profile counted them over the whole table, is typed as that time
whatever its name: SQLite keeps dates as such text, and so do tables loaded from files as text.
build_entities reads it through a cast (time_cast). So is text of days written with slashes or
dots, day or month first as its values show (`31/12/2020 23:59`, `01/31/2021`), read through the
dialect's parse function in that layout (none in SQLite and T-SQL: it stays text there). Other
columns with values keep their declared type.

A whole number or text of eight or six digits named as a day (`start_date`, `ds`, `date`,
`fecha`; never a key: `DateKey` joins its calendar as it is) whose smallest and largest values are
days written YYYYMMDD (`20160404`) or YYMMDD (`930101`, its century by stored_times.PIVOT) is
typed as a date: transit feeds, warehouse partitions, mainframe extracts and old bank exports keep
days so, and summed or averaged they were numbers like 20,160,404. It is read through a cast from
that layout. So is text whose every value is such a day and a time of day (`931107 00:00:00`),
whatever its name, typed as a timestamp. A whole number named as a moment (`timestamp`, `created_at`,
`epoch`) whose values are seconds or milliseconds since 1970 between 1973 and 2100 is a Unix time,
typed timestamp_tz and read as that instant.
"""

from __future__ import annotations

from datetime import datetime

from sqlglot import exp

from compiler.naming import words
from compiler.pipeline import Context, State
from compiler.types import TIME_TYPES, normalize_type, sqlglot_dialect
from ir.catalog import Column, Table
from passes.stored_times import (
    NO_STRPTIME,
    compact,
    compact_cast,
    compact_date_type,
    compact_layout,
    epoch_cast,
    epoch_time_type,
    layout_cast,
    slash_layout,
)

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
    iso = p.patterns.get("iso_date") == 1.0
    digits = p.patterns.get("compact_time") == 1.0
    if p.null_count >= table.row_count or not (iso or digits or p.patterns.get("slash_date") == 1.0):
        return None
    if tp.sample is not None:
        return None
    if tp.pattern_rows is not None and tp.pattern_rows < table.row_count and (
            p.min_length is None or p.min_length != p.max_length):
        # Patterns read from the first rows only: the whole table's values must still all be as
        # long as an ISO moment, between two that parse, for a stray 'n/a' to be ruled out.
        return None
    if digits:
        return "timestamp" if p.min_length == p.max_length and compact_layout(p, clock=True) is not None else None
    if not iso:
        layout = slash_layout(p)
        return None if layout is None else ("timestamp" if "%H" in layout else "date")
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
    if col.data_type not in TIME_TYPES:
        return None
    declared = normalize_type(col.type, dialect)
    if col.data_type in ("date", "timestamp") and declared in ("integer", "string") and (layout := compact(col)) is not None:
        return compact_cast(col.name, dialect, layout)
    if col.data_type == "timestamp_tz" and declared == "integer":
        return epoch_cast(col, dialect)
    if declared != "string":
        return None
    layout = slash_layout(col.profile) if col.profile is not None and col.profile.patterns.get("slash_date") == 1.0 else None
    if layout is not None:
        return layout_cast(col.name, layout, col.data_type, dialect)
    if dialect == "sqlite":
        return None
    to = exp.DataType.build("DATE" if col.data_type == "date" else "TIMESTAMP")
    return exp.Cast(this=exp.column(col.name, quoted=True), to=to).sql(dialect=sqlglot_dialect(dialect))


def run(state: State, ctx: Context) -> None:
    dialect = state.snapshot.source.dialect
    for table in state.snapshot.tables:
        for col in table.columns:
            col.data_type = normalize_type(col.type, dialect)  # type: ignore[assignment]
            if dialect in NO_STRPTIME and (p := col.profile) is not None and p.patterns.get("slash_date") == 1.0:
                continue  # no function reads it there: it stays text
            if (typed := empty_time_type(table, col) or text_time_type(table, col) or compact_date_type(table, col)
                          or epoch_time_type(table, col)) is not None:
                col.data_type = typed  # type: ignore[assignment]
