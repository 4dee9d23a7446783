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

A whole number or text of eight digits named as a date (`start_date`, `ds`, `date`; never a key:
`DateKey` joins its calendar as it is) whose smallest and largest values are dates written
YYYYMMDD (`20160404`) is typed as a date: transit feeds, warehouse partitions and mainframe
extracts keep days so, and summed or averaged they were numbers like 20,160,404. It is read
through a cast from that layout. A whole number named as a moment (`timestamp`, `created_at`,
`epoch`) whose values are seconds or milliseconds since 1970 between 1973 and 2100 is a Unix time,
typed timestamp_tz and read as that instant.
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
    iso = p.patterns.get("iso_date") == 1.0
    if p.null_count >= table.row_count or not (iso or p.patterns.get("slash_date") == 1.0):
        return None
    if tp.sample is not None:
        return None
    if tp.pattern_rows is not None and tp.pattern_rows < table.row_count and (
            p.min_length is None or p.min_length != p.max_length):
        # Patterns read from the first rows only: the whole table's values must still all be as
        # long as an ISO moment, between two that parse, for a stray 'n/a' to be ruled out.
        return None
    if not iso:
        layout = slash_layout(p)
        return None if layout is None else ("timestamp" if "%H" in layout else "date")
    for value in (p.min, p.max):
        if value is not None and _iso_moment(value) is None:
            return None
    return "date" if p.max_length == 10 else "timestamp"


def slash_layout(p) -> str | None:
    """The strptime layout of days written with slashes or dots (`%d/%m/%Y %H:%M`), read from the
    least and greatest values: the day comes first where a first field is above 12, the month
    where a second one is (among them and the most frequent values); where neither is (every
    value seen in the first twelve days), which comes first is not known and None is returned.
    Both extremes must parse with it."""
    values = [str(v).strip() for v in (p.min, p.max) if v is not None]
    if len(values) != 2:
        return None
    sep = "." if "." in values[0].split(" ")[0] else "/"
    # The most frequent values say more where the extremes are all early days (1/1 .. 9/9).
    seen = values + [str(t.value).strip() for t in p.top_values if t.value is not None]
    fields = [v.split(" ")[0].split(sep) for v in seen]
    if any(len(f) != 3 or not all(x.isdigit() for x in f) for f in fields):
        return None
    if any(int(f[0]) > 12 for f in fields):
        day = f"%d{sep}%m{sep}%Y"
    elif any(int(f[1]) > 12 for f in fields):
        day = f"%m{sep}%d{sep}%Y"
    else:
        return None
    clocks = {v.count(":") for v in values}
    if len(clocks) != 1:
        return None
    layout = day + {0: "", 1: " %H:%M", 2: " %H:%M:%S"}[clocks.pop()]
    try:
        for v in values:
            datetime.strptime(v, layout)
    except ValueError:
        return None
    return layout


_COMPACT_DATE_WORDS = frozenset({"date", "dt", "ds", "day", "yyyymmdd"})
_KEY_WORDS = frozenset({"key", "id", "sk", "fk", "pk", "no", "nr", "num", "number", "code"})


def compact_date_type(table: Table, col: Column) -> str | None:
    """'date' for a column of YYYYMMDD days named as a date (see above); None otherwise."""
    p = col.profile
    if col.data_type not in ("integer", "string") or p is None or p.min is None or p.max is None:
        return None
    if col.data_type == "string" and not (p.min_length == p.max_length == 8):
        return None
    ws = words(col.name)
    if not ws or not set(ws) & _COMPACT_DATE_WORDS or ws[-1] in _KEY_WORDS:
        return None
    if col.name in table.primary_key or any(col.name in fk.columns for fk in table.foreign_keys):
        return None  # a declared key: it joins as what it is (a calendar's DateKey)
    return "date" if _compact_day(p.min) is not None and _compact_day(p.max) is not None else None


# Seconds since 1970 between 1973 and 2100, and the same in milliseconds.
_EPOCH_SECONDS = (100_000_000, 4_102_444_800)
_EPOCH_MILLIS = (100_000_000_000, 4_102_444_800_000)
_EPOCH_WORDS = frozenset({"timestamp", "ts", "time", "datetime", "at", "epoch", "unix", "unixtime", "posix"})


def epoch_time_type(table: Table, col: Column) -> str | None:
    """'timestamp_tz' for whole numbers named as a moment (`timestamp`, `created_at`, `event_ts`,
    `epoch`) whose every value lies in the seconds (or milliseconds) since 1970 of 1973 to 2100:
    a Unix time, an instant wherever it is read. Never a key."""
    p = col.profile
    if col.data_type != "integer" or p is None or not isinstance(p.min, int) or not isinstance(p.max, int):
        return None
    ws = words(col.name)
    if not ws or not (ws[-1] in _EPOCH_WORDS or set(ws) & {"epoch", "unix", "unixtime", "posix"}) or ws[-1] in _KEY_WORDS:
        return None
    if col.name in table.primary_key or any(col.name in fk.columns for fk in table.foreign_keys):
        return None
    # A 0 standing for "unknown" among Unix times (a few rows stamped 1970) is allowed only where
    # the name says a moment and nothing else (timestamp, ts, epoch; not a `time` a duration
    # may be called by, which counts up from 0).
    sentinel = ws[-1] in ("timestamp", "ts", "epoch", "unixtime") or bool(set(ws) & {"epoch", "unix"})
    return "timestamp_tz" if _epoch_unit(p.min, p.max, sentinel) is not None else None


def _epoch_unit(lo: int, hi: int, sentinel: bool = False) -> int | None:
    """1 for seconds, 1000 for milliseconds; None when the values are neither (a least value of 0
    is a sentinel when `sentinel`)."""
    for unit, (a, b) in ((1, _EPOCH_SECONDS), (1000, _EPOCH_MILLIS)):
        if (a <= lo or (sentinel and lo == 0)) and a <= hi <= b and lo <= hi:
            return unit
    return None


def _epoch_cast(col: Column, dialect: str | None) -> str | None:
    """A Unix time read as the instant it is, in the source dialect."""
    p = col.profile
    unit = _epoch_unit(p.min, p.max, True) if p is not None and isinstance(p.min, int) and isinstance(p.max, int) else None
    if unit is None:
        return None
    value: exp.Expression = exp.column(col.name, quoted=True)
    if unit != 1:
        value = exp.Div(this=value, expression=exp.Literal.number(unit))
    if dialect == "sqlite":
        return exp.Anonymous(this="DATETIME", expressions=[value, exp.Literal.string("unixepoch")]).sql(dialect="sqlite")
    if dialect == "tsql":
        return exp.DateAdd(this=exp.Cast(this=exp.Literal.string("1970-01-01"), to=exp.DataType.build("DATETIME2", dialect="tsql")),
                           expression=value, unit=exp.var("SECOND")).sql(dialect="tsql")
    return exp.UnixToTime(this=value).sql(dialect=sqlglot_dialect(dialect))


def _compact_day(value: object) -> datetime | None:
    text = str(value).strip()
    if len(text) != 8 or not text.isdigit() or not "1900" <= text[:4] <= "2100":
        return None
    try:
        return datetime.strptime(text, "%Y%m%d")
    except ValueError:
        return None


def _iso_moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def time_cast(col: Column, dialect: str | None) -> str | None:
    """The SQL reading a text column typed as a time above as that time, in the source dialect;
    None where the column needs no cast (a time column, or SQLite, whose date functions read ISO
    text as it is)."""
    if col.data_type not in ("date", "timestamp", "timestamp_tz"):
        return None
    declared = normalize_type(col.type, dialect)
    if col.data_type == "date" and declared in ("integer", "string") and _compact(col):
        return _compact_cast(col.name, dialect)
    if col.data_type == "timestamp_tz" and declared == "integer":
        return _epoch_cast(col, dialect)
    if declared != "string":
        return None
    layout = slash_layout(col.profile) if col.profile is not None and col.profile.patterns.get("slash_date") == 1.0 else None
    if layout is not None:
        return _layout_cast(col.name, layout, col.data_type, dialect)
    if dialect == "sqlite":
        return None
    to = exp.DataType.build("DATE" if col.data_type == "date" else "TIMESTAMP")
    return exp.Cast(this=exp.column(col.name, quoted=True), to=to).sql(dialect=sqlglot_dialect(dialect))


# Dialects without a function sqlglot writes to parse a day in a given layout.
_NO_STRPTIME = frozenset({"sqlite", "tsql"})


def _layout_cast(name: str, layout: str, data_type: str, dialect: str | None) -> str | None:
    """Text in a strptime layout read as its time, NULL where a value does not parse."""
    if dialect in _NO_STRPTIME:
        return None
    parsed = exp.StrToTime(this=exp.column(name, quoted=True), format=exp.Literal.string(layout), safe=True)
    if data_type == "date":
        parsed = exp.Cast(this=parsed, to=exp.DataType.build("DATE"))
    return parsed.sql(dialect=sqlglot_dialect(dialect))


def _compact(col: Column) -> bool:
    p = col.profile
    return p is not None and _compact_day(p.min) is not None


def _compact_cast(name: str, dialect: str | None) -> str:
    """YYYYMMDD, as a whole number or as text, read as a date in the source dialect. The day is
    rebuilt as ISO text from its parts and cast: every SQL engine reads that, where the parse
    functions differ in name and format letters (and SQLite has none)."""
    text = exp.Cast(this=exp.column(name, quoted=True), to=exp.DataType.build("VARCHAR"))
    part = lambda start, length: exp.Substring(this=text.copy(), start=exp.Literal.number(start),  # noqa: E731
                                               length=exp.Literal.number(length))
    dash = exp.Literal.string("-")
    iso = exp.Concat(expressions=[part(1, 4), dash, part(5, 2), dash.copy(), part(7, 2)])
    if dialect == "sqlite":
        return exp.Anonymous(this="DATE", expressions=[iso]).sql(dialect="sqlite")
    return exp.Cast(this=iso, to=exp.DataType.build("DATE")).sql(dialect=sqlglot_dialect(dialect))


def run(state: State, ctx: Context) -> None:
    dialect = state.snapshot.source.dialect
    for table in state.snapshot.tables:
        for col in table.columns:
            col.data_type = normalize_type(col.type, dialect)  # type: ignore[assignment]
            if dialect in _NO_STRPTIME and (p := col.profile) is not None and p.patterns.get("slash_date") == 1.0:
                continue  # no function reads it there: it stays text
            if (typed := empty_time_type(table, col) or text_time_type(table, col) or compact_date_type(table, col)
                          or epoch_time_type(table, col)) is not None:
                col.data_type = typed  # type: ignore[assignment]
