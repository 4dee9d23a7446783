"""Times stored as something else, and the SQL reading each as its time (normalize_types decides,
build_entities reads): days kept as YYYYMMDD or YYMMDD numbers or text (perhaps with a time of
day after them: `931107 00:00:00`), Unix times in seconds or milliseconds, text of days written
with slashes or dots, day, month or year first; and years that are a table's only time, kept as
numbers and read as their first day too.

Not a pass: the recognisers and conversions normalize_types uses, each from a column's profile
and name alone (no query).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlglot import exp

from compiler.calendar import DAY_WORDS, YEARS, day_ending, is_day_number_key, is_year_column
from compiler.naming import words
from compiler.time_kinds import MONTH_WORDS, PERIOD_WORDS
from compiler.types import TIME_TYPES, normalize_type, sqlglot_dialect
from ir.catalog import Column, ColumnProfile, Table
from passes.text_values import counted_whole
from compiler.whole_numbers import whole_bounds
from passes.value_kinds import name_words

# The profile's pattern classes of days written with slashes or dots: day or month first, and
# year first (compiler/profiler/patterns.py).
SLASH_PATTERNS = ("slash_date", "slash_ymd")
_CLOCKS = {0: "", 1: " %H:%M", 2: " %H:%M:%S"}
_TWELVE_HOUR = {1: " %I:%M %p", 2: " %I:%M:%S %p"}


def slashed(p: ColumnProfile | None) -> bool:
    """Every value (over the whole table, as the profile counted) a day written with slashes or
    dots, in one of SLASH_PATTERNS."""
    return p is not None and any(p.patterns.get(name) == 1.0 for name in SLASH_PATTERNS)


def slash_layout(p: ColumnProfile) -> str | None:
    """The strptime layout of days written with slashes or dots (`%d/%m/%Y %H:%M`), read from the
    least and greatest values: the year first where a first field has four digits; else the day
    first where a first field is above 12, the month where a second one is (among them and the
    most frequent values); where neither is (every value seen in the first twelve days), which
    comes first is not known and None is returned. Both extremes must parse with it."""
    values = [str(v).strip() for v in (p.min, p.max) if v is not None]
    if len(values) != 2:
        return None
    sep = "." if "." in values[0].split(" ")[0] else "/"
    # The most frequent values say more where the extremes are all early days (1/1 .. 9/9).
    seen = values + [str(t.value).strip() for t in p.top_values if t.value is not None]
    fields = [v.split(" ")[0].split(sep) for v in seen]
    if any(len(f) != 3 or not all(x.isdigit() for x in f) for f in fields):
        return None
    clocks = {v.count(":") for v in values}
    if len(clocks) != 1 or (clock := clocks.pop()) not in _CLOCKS:
        return None
    # A 12-hour clock (10:54:59 AM): both extremes say so, or neither does.
    halves = {v[-2:].upper() in ("AM", "PM") for v in values}
    if len(halves) != 1 or (twelve := halves.pop()) and not clock:
        return None
    if all(len(f[0]) == 4 for f in fields):
        # Year first, every field padded (all values one length: 2015/07/01 00:00:01): ISO text
        # but for the separators, which SQLite and T-SQL read once they are dashes (slash_cast).
        if not (p.min_length == p.max_length == 10 + {0: 0, 1: 6, 2: 9}[clock]):
            return None
        day = f"%Y{sep}%m{sep}%d"
    elif any(int(f[0]) > 12 for f in fields) or _whole_column(p, "slash_day_first", "slash_month_first"):
        day = f"%d{sep}%m{sep}%Y"
    elif any(int(f[1]) > 12 for f in fields) or _whole_column(p, "slash_month_first", "slash_day_first"):
        day = f"%m{sep}%d{sep}%Y"
    else:
        return None
    layout = day + (_TWELVE_HOUR[clock] if twelve else _CLOCKS[clock])
    if twelve and not all(v[-3] == " " for v in values):
        layout = layout.replace(" %p", "%p")
    try:
        for v in values:
            datetime.strptime(v, layout)
    except ValueError:
        return None
    return layout


def _whole_column(p: ColumnProfile, found: str, other: str) -> bool:
    """Some value of the whole column, as the profiler counted it, has a field past 12 where
    `found` says (its share is kept, rounded, whenever one value matched), and none where `other`
    says: a column mixing both is no one layout."""
    return found in p.patterns and other not in p.patterns


def layout_lengths(layout: str) -> tuple[int, int]:
    """The least and greatest lengths of a value written in a slash_layout: a day or month of one
    or two digits, an hour of one or two, minutes and seconds of two (`1/1/2011 8:26` is 13
    characters, `12/31/2011 18:26` 16)."""
    lo = hi = 10
    if not year_first(layout):
        lo = 8
    twelve = "%p" in layout
    clock = {3: 0, 5: 1, 6: 2}[layout.count("%") - twelve]  # the keys of _CLOCKS: none, %H:%M, %H:%M:%S
    lo, hi = lo + {0: 0, 1: 5, 2: 8}[clock], hi + {0: 0, 1: 6, 2: 9}[clock]
    if twelve:  # AM or PM, after a space or not
        lo, hi = lo + 2, hi + 3
    return lo, hi


def year_first(layout: str | None) -> bool:
    return layout is not None and layout.startswith("%Y")


def iso_after_separators(name: str, layout: str, data_type: str, dialect: str | None) -> str:
    """A padded year-first day (year_first) read as its time where no parse function is written
    (NO_STRPTIME): its separators made dashes, which leaves ISO text; SQLite's date functions read
    that as it is (DATE or DATETIME of it, NULL where it is no day), the others cast it."""
    sep = layout[2]
    text = exp.Anonymous(this="REPLACE", expressions=[exp.column(name, quoted=True), exp.Literal.string(sep), exp.Literal.string("-")])
    if dialect == "sqlite":
        return exp.Anonymous(this="DATE" if data_type == "date" else "DATETIME", expressions=[text]).sql(dialect="sqlite")
    to = exp.DataType.build("DATE" if data_type == "date" else "TIMESTAMP")
    return exp.TryCast(this=text, to=to).sql(dialect=sqlglot_dialect(dialect))


_KEY_WORDS = frozenset({"key", "id", "sk", "fk", "pk", "no", "nr", "num", "number", "code"})


def compact_date_type(table: Table, col: Column, calendar: bool = True) -> str | None:
    """'date' for a column of days kept as digits (YYYYMMDD or YYMMDD, compact_layout) named as
    a day in any language names are read in (compiler.calendar.DAY_WORDS); None otherwise.
    `calendar`: the snapshot holds a table of one row a day keyed by such numbers, which a fact's
    day may join as it is (day_number_calendar). Without one, a whole number of YYYYMMDD days
    named as a day in glued words (the Star Schema Benchmark's lo_orderdate) is that day too:
    nothing else reads it. A day's key (OrderDateKey) stays the number a calendar joins."""
    p = col.profile
    if col.data_type not in ("integer", "string") or p is None or p.min is None or p.max is None:
        return None
    if col.data_type == "string" and not (p.min_length == p.max_length and p.min_length in (6, 8)):
        return None
    if col.name in table.primary_key or any(col.name in fk.columns for fk in table.foreign_keys):
        return None  # a declared key: it joins as what it is (a calendar's DateKey)
    ws = words(col.name)
    layout = compact_layout(p)
    if layout is not None and layout.digits == 6 and month_named(table, col) and month_layout(table, col):
        return None  # months kept as YYYYMM (201201 .. 201212), read by month_time: no days of 2020
    if ws and set(ws) & DAY_WORDS and ws[-1] not in _KEY_WORDS:
        return "date" if layout is not None else None
    if ws and any(day_ending(w) for w in ws) and ws[-1] not in _KEY_WORDS and layout is not None and layout.digits == 8:
        return "date"  # ERDAT, WADAT_IST: days of eight digits named by an abbreviated Datum
    if calendar or col.data_type != "integer" or layout is None or layout.digits != 8:
        return None
    glued = name_words(col.name, None)
    return "date" if glued and set(glued) & DAY_WORDS and glued[-1] not in _KEY_WORDS else None


def day_number_calendar(tables: list[Table], dialect: str | None) -> bool:
    """Whether a table is a calendar keyed by its days as whole numbers YYYYMMDD
    (compiler.calendar.is_day_number_key, the one facts' day numbers join): columns are not typed
    yet, so each is read as its declared type."""
    return any(is_day_number_key(t, c, normalize_type(c.type, dialect)) for t in tables for c in t.columns)


# A two-digit year of 50..99 is 19yy, of 00..49 20yy: the pivot of RFC 5280's UTCTime, fixed so
# that a snapshot compiles to the same SQL in any year. Days kept as YYMMDD (the PKDD'99 bank's
# 930101) are of the late 20th century or the early 21st.
PIVOT = 50


@dataclass(frozen=True)
class Compact:
    """How a column keeps its days as digits: `digits` 8 (YYYYMMDD) or 6 (YYMMDD, whose
    `centuries` its least and greatest values fall in by PIVOT: one, or both); `clock`: a time of
    day follows after a space (`931107 00:00:00`)."""

    digits: int
    centuries: tuple[int, ...] = ()
    clock: bool = False
    number: bool = False  # kept as a whole number (else as text)
    zero: bool = False  # a day of zeros ('00000000', 0) stands for no day and is read as NULL


def zero_day(value: object) -> bool:
    """A day kept as digits that are all zeros ('00000000', '000000', 0): the initial value that
    ERP systems and COBOL-era files write where a day is not known (SAP's DATS fields are
    '00000000' until the goods leave or the invoice is posted). It is no day, not the least one."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int):
        return value == 0
    return isinstance(value, str) and len(value) in (6, 8) and set(value) == {"0"}


def compact_layout(p: ColumnProfile, clock: bool = False) -> Compact | None:
    """The layout of days kept as digits, read from the least and greatest values (whole numbers,
    or text of one length), each of which must be a valid day in it (month 01-12, a day the
    month has); with `clock`, each followed by a valid time of day. None otherwise. A least
    value of zeros (zero_day) is no day: the least other value among the most frequent ones
    stands for it, and one must be seen (0 .. 20001231 alone says nothing of days)."""
    zero = not clock and zero_day(p.min) and not zero_day(p.max)
    least = p.min
    if zero:
        seen = sorted((v.value for v in p.top_values if v.value is not None and not zero_day(v.value)
                       and type(v.value) is type(p.min)))
        if not seen:
            return None
        least = seen[0]
    found = [_compact_day(v, clock) for v in (least, p.max)]
    if any(f is None for f in found) or len({f[0] for f in found}) != 1:  # type: ignore[index]
        return None
    number = isinstance(p.min, int)
    if found[0][0] == 8:  # type: ignore[index]
        return Compact(8, clock=clock, number=number, zero=zero)
    return Compact(6, tuple(sorted({f[1].year // 100 for f in found})), clock, number, zero)  # type: ignore[index]


def _compact_day(value: object, clock: bool = False) -> tuple[int, datetime] | None:
    """(digits, moment) of one value kept as YYYYMMDD or YYMMDD (whole numbers drop a 20yy
    year's leading zero: 50101 is 2005-01-01), and a time of day after it when `clock`."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    day, _, time = text.partition(" ")
    if clock != bool(time) or not day.isdigit():
        return None
    if isinstance(value, int):
        day = day.zfill(6) if len(day) <= 6 else day
    if len(day) == 8 and "1900" <= day[:4] <= "2100":
        full = day
    elif len(day) == 6:
        full = ("19" if int(day[:2]) >= PIVOT else "20") + day
    else:
        return None
    try:
        moment = datetime.strptime(full + (" " + time if clock else ""),
                                   "%Y%m%d" + {0: "", 1: " %H:%M", 2: " %H:%M:%S"}.get(time.count(":"), "?"))
    except ValueError:
        return None
    return len(day), moment


def compact(col: Column) -> Compact | None:
    """The layout of a column typed as a day or time kept as digits (normalize_types)."""
    p = col.profile
    if p is None:
        return None
    return compact_layout(p, clock=p.patterns.get("compact_time") == 1.0 and col.data_type != "date")


def compact_cast(name: str, dialect: str | None, layout: Compact = Compact(8)) -> str:
    """Days kept as digits (YYYYMMDD or YYMMDD, whole numbers or text, perhaps with a time of day)
    read as dates (or times) in the source dialect. The day is rebuilt as ISO text from its
    parts and cast: every SQL engine reads that, where the parse functions differ in name and
    format letters (and SQLite has none). A YYMMDD day gets its century first (PIVOT): added as
    a number to a whole number, written before text."""
    column: exp.Expression = exp.column(name, quoted=True)
    if layout.zero:  # the day of zeros is no day: NULL, which every engine's cast passes through
        column = exp.Nullif(this=column, expression=exp.Literal.number(0) if layout.number
                            else exp.Literal.string("0" * layout.digits))
    varchar = exp.DataType.build("VARCHAR")
    if layout.digits == 8:
        text: exp.Expression = exp.Cast(this=column, to=varchar)
    elif layout.number:
        text = exp.Cast(this=exp.Add(this=column, expression=_century(layout, exp.GTE(
            this=column.copy(), expression=exp.Literal.number(PIVOT * 10_000)), 1_000_000)), to=varchar)
    else:
        head = exp.Substring(this=column.copy(), start=exp.Literal.number(1), length=exp.Literal.number(2))
        text = exp.Concat(expressions=[_century(layout, exp.GTE(this=head, expression=exp.Literal.string(str(PIVOT))), None),
                                       column.copy()])
    part = lambda start, length: exp.Substring(this=text.copy(), start=exp.Literal.number(start),  # noqa: E731
                                               length=exp.Literal.number(length))
    dash = exp.Literal.string("-")
    pieces = [part(1, 4), dash, part(5, 2), dash.copy(), part(7, 2)]
    if layout.clock:
        pieces += [exp.Literal.string(" "), part(10, 8)]
    return _read_iso(exp.Concat(expressions=pieces), dialect, layout.clock)


def _read_iso(iso: exp.Expression, dialect: str | None, clock: bool = False) -> str:
    """ISO text (a day, or a day and a time of day) read as a date or timestamp in the dialect:
    every engine casts that, and SQLite has its DATE and DATETIME functions."""
    if dialect == "sqlite":
        return exp.Anonymous(this="DATETIME" if clock else "DATE", expressions=[iso]).sql(dialect="sqlite")
    return exp.Cast(this=iso, to=exp.DataType.build("TIMESTAMP" if clock else "DATE")).sql(dialect=sqlglot_dialect(dialect))


def year_time(table: Table, col: Column, key: list[str], referenced: bool) -> bool:
    """A year that is its table's only time and part of its key (a country's figures by year, a
    player's seasons): also read as the first day of that year, so the table has a time axis.
    Never in a table of years (its whole key) nor one another table joins by."""
    if col.data_type != "integer" or not is_year_column(col, "integer") or col.name not in key or len(key) < 2 or referenced:
        return False
    if any(c.data_type in TIME_TYPES for c in table.columns):
        return False
    # Two years in a key (from and to): neither alone is the row's time.
    return not any(c.name in key and c is not col and is_year_column(c, c.data_type) for c in table.columns)


def year_cast(name: str, dialect: str | None) -> str:
    """A year read as its first day, through ISO text as compact_cast does."""
    text = exp.Cast(this=exp.column(name, quoted=True), to=exp.DataType.build("VARCHAR"))
    return _read_iso(exp.Concat(expressions=[text, exp.Literal.string("-01-01")]), dialect)


# A column or a table named as months, or as a period, whose six digits (201301) are a month.
MONTH_NAMES = MONTH_WORDS | PERIOD_WORDS


def yyyymm(value: object) -> tuple[int, int] | None:
    """(year, month) of a month kept as six digits YYYYMM (201301, '201301'); None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    if len(text) != 6 or not text.isdigit():
        return None
    year, month = int(text[:4]), int(text[4:])
    return (year, month) if 1900 <= year <= 2100 and 1 <= month <= 12 else None


def month_named(table: Table, col: Column) -> bool:
    """A column named as a month, or a day or month column of a table named for months (`Date` in
    `yearmonth`)."""
    ws, tws = words(col.name), set(words(table.name)) | set(name_words(table.name, None) or ())
    if not ws or ws[-1] in _KEY_WORDS:
        return False
    return bool(set(ws) & MONTH_NAMES) or bool(set(ws) & DAY_WORDS and tws & MONTH_NAMES)


def month_layout(table: Table, col: Column) -> bool:
    """Months kept as six digits YYYYMM, whole numbers or text of six characters: the least and
    greatest values are months of 1900..2100, and the column holds no more values than months
    lie between them. Days kept as YYMMDD (930101) are six digits too: where the least and
    greatest values read both ways, only a name of months (month_named) makes them months."""
    p = col.profile
    if col.data_type not in ("integer", "string") or p is None:
        return False
    if col.data_type == "string" and not (p.min_length == p.max_length == 6):
        return False
    lo, hi = yyyymm(p.min), yyyymm(p.max)
    if lo is None or hi is None or hi < lo:
        return False
    span = (hi[0] - lo[0]) * 12 + hi[1] - lo[1] + 1
    if p.distinct_count is not None and p.distinct_count > span:
        return False
    return compact_layout(p) is None or month_named(table, col)


def month_time(table: Table, col: Column, referenced: bool) -> bool:
    """A month kept as YYYYMM (month_layout), named as a day or a month (a word of DAY_WORDS or
    MONTH_NAMES, or a day word in a table named for months), that is its table's only time:
    also read as the first day of that month, so the table has a time axis by month (a
    customer's consumption per month). Never a whole key another table joins by (a table of
    months), nor a key of its own (`month_id`)."""
    if referenced or not month_layout(table, col):
        return False
    ws = words(col.name)
    if not ws or ws[-1] in _KEY_WORDS or not (set(ws) & (DAY_WORDS | MONTH_NAMES) or month_named(table, col)):
        return False
    return not any(c.data_type in TIME_TYPES for c in table.columns)


def month_cast(name: str, dialect: str | None) -> str:
    """A month kept as YYYYMM read as its first day, through ISO text as compact_cast does."""
    text = exp.Cast(this=exp.column(name, quoted=True), to=exp.DataType.build("VARCHAR"))
    part = lambda start, length: exp.Substring(this=text.copy(), start=exp.Literal.number(start),  # noqa: E731
                                               length=exp.Literal.number(length))
    return _read_iso(exp.Concat(expressions=[part(1, 4), exp.Literal.string("-"), part(5, 2), exp.Literal.string("-01")]), dialect)


# A column named as the period a row of statistics is for (time_kinds.PERIOD_WORDS, and an
# ONS `time`); and words that may stand with them (a reference period, an observation's).
STAT_PERIOD_WORDS = PERIOD_WORDS | {"time"}
_PERIOD_QUALIFIERS = frozenset({"ref", "reference", "reporting", "obs", "observation", "stat", "statistical"})
# Periods written as SDMX and ISO 8601 write them: a year (2021), a quarter (2021-Q3), a month
# (2021-05); each read as its first day, at the granularity kept (a quarter as the month it opens).
_PERIOD_FORMS = (("year", re.compile(r"^(19|20|21)[0-9]{2}$")), ("quarter", re.compile(r"^(19|20|21)[0-9]{2}-Q[1-4]$")),
                 ("month", re.compile(r"^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])$")))


def period_named(col: Column) -> bool:
    """A column named as the period a row is for (TIME_PERIOD, ref_period, Zeitraum): a period
    word, and nothing but qualifiers of one beside it."""
    ws = words(col.name)
    return bool(ws) and bool(set(ws) & STAT_PERIOD_WORDS) and set(ws) <= STAT_PERIOD_WORDS | _PERIOD_QUALIFIERS


def period_form(table: Table, col: Column, referenced: bool) -> str | None:
    """'year', 'quarter' or 'month' for a column named as a period (period_named) that is its
    table's only time and holds periods written in one form: text whose values are all as long
    as one another, the least and the greatest of that form (2019-01 .. 2023-12; 2015-Q1 ..
    2023-Q4; 2010 .. 2023, as text or as a whole number), as statistics are published in long form
    (SDMX-CSV's TIME_PERIOD). Never a column another table joins by. None otherwise."""
    p = col.profile
    if referenced or p is None or not period_named(col) or p.min is None or p.max is None:
        return None
    if any(c.data_type in TIME_TYPES for c in table.columns):
        return None
    # Four digits named only `time` may be a time of day (1930) or a race's seconds: a year only
    # where a period word says so (TIME_PERIOD).
    years = bool(set(words(col.name)) & PERIOD_WORDS)
    if col.data_type == "integer":
        lo, hi = whole_bounds(p)  # (text of digits typed a number by normalize_types: '2010' .. '2023')
        ok = lo is not None and hi is not None and YEARS[0] <= lo <= hi <= YEARS[1]  # named a period: as a year column
        return "year" if ok and years else None
    if col.data_type != "string" or p.min_length is None or p.min_length != p.max_length:
        return None
    for form, pattern in _PERIOD_FORMS:
        if pattern.match(str(p.min)) and pattern.match(str(p.max)) and (form != "year" or years):
            return form
    return None


def period_cast(name: str, form: str, dialect: str | None) -> str:
    """A period of `form` (period_form) read as its first day, through ISO text."""
    if form == "year":
        return year_cast(name, dialect)
    text = exp.Cast(this=exp.column(name, quoted=True), to=exp.DataType.build("VARCHAR"))
    if form == "month":
        return _read_iso(exp.Concat(expressions=[text, exp.Literal.string("-01")]), dialect)
    part = lambda start, length: exp.Substring(this=text.copy(), start=exp.Literal.number(start),  # noqa: E731
                                               length=exp.Literal.number(length))
    opens = exp.Case(this=part(7, 1), ifs=[exp.If(this=exp.Literal.string(str(q)), true=exp.Literal.string(f"-{m}-01"))
                                           for q, m in ((1, "01"), (2, "04"), (3, "07"))], default=exp.Literal.string("-10-01"))
    return _read_iso(exp.Concat(expressions=[part(1, 4), opens]), dialect)


# Seconds since 1970 between 1973 and 2100, and the same in milliseconds, microseconds
# (an analytics export's event_timestamp) and nanoseconds: the ranges never overlap.
_EPOCH_SECONDS = (100_000_000, 4_102_444_800)
_EPOCH_MILLIS = (100_000_000_000, 4_102_444_800_000)
_EPOCH_MICROS = (100_000_000_000_000, 4_102_444_800_000_000)
_EPOCH_NANOS = (100_000_000_000_000_000, 4_102_444_800_000_000_000)
_EPOCH_UNITS = ((1, _EPOCH_SECONDS), (1000, _EPOCH_MILLIS), (1_000_000, _EPOCH_MICROS), (1_000_000_000, _EPOCH_NANOS))
# (`on` and `date` as a day is named: `available_on`, `arrival_date`; the values say seconds, not YYYYMMDD.)
_EPOCH_WORDS = frozenset({"timestamp", "ts", "time", "datetime", "at", "on", "date", "epoch", "unix", "unixtime", "posix"})
# A last word saying what happened to the row, as a moment's name leaves out its "at" (Hacker
# News' users.created, an API's `updated`): a Unix time where its values are one.
_EVENT_WORDS = frozenset({"created", "updated", "modified", "changed", "registered", "joined", "published", "posted",
                          "opened", "closed", "started", "ended", "finished", "completed", "expired", "erstellt",
                          "geaendert", "creado", "actualizado", "modificado", "cree", "modifie", "criado", "creato"})


def epoch_time_type(table: Table, col: Column) -> str | None:
    """'timestamp_tz' for whole numbers named as a moment (`timestamp`, `created_at`, `event_ts`,
    `epoch`, or what happened to the row: `created`, `updated`) whose every value lies in the seconds (or milli-, micro- or
    nanoseconds) since 1970 of 1973 to 2100:
    a Unix time, an instant wherever it is read. Never a key."""
    p = col.profile
    if p is None:
        return None
    bounds = text_epoch_bounds(table, col) if col.data_type == "string" else (p.min, p.max) if col.data_type == "integer" else None
    if bounds is None or not isinstance(bounds[0], int) or not isinstance(bounds[1], int):
        return None
    ws = words(col.name)
    if not ws or not (ws[-1] in _EPOCH_WORDS | _EVENT_WORDS or set(ws) & {"epoch", "unix", "unixtime", "posix"}) or ws[-1] in _KEY_WORDS:
        return None
    if col.name in table.primary_key or any(col.name in fk.columns for fk in table.foreign_keys):
        return None
    # A 0 standing for "unknown" among Unix times (a few rows stamped 1970) is allowed only where
    # the name says a moment and nothing else (timestamp, ts, epoch; not a `time` a duration
    # may be called by, which counts up from 0).
    sentinel = ws[-1] in ("timestamp", "ts", "epoch", "unixtime") or bool(set(ws) & {"epoch", "unix"})
    if col.data_type == "string":
        return "timestamp_tz" if _text_epoch_unit(p, *bounds) is not None else None
    return "timestamp_tz" if _epoch_unit(bounds[0], bounds[1], sentinel) is not None else None


def text_epoch_bounds(table: Table, col: Column) -> tuple[int, int] | None:
    """The least and greatest of whole numbers kept as text (a CSV loaded into SQLite: MovieLens'
    ratings.timestamp, '964982703'), every value of the whole table counted, no zero in front:
    read from the least and greatest text where all are one width (text orders them as numbers
    then); else bounded by their widths, 10**(shortest - 1) to 10**longest - 1 (nine and ten
    digits: 1973 to 2286, seconds since 1970 whatever lies between). None for other text."""
    p = col.profile
    if p is None or not counted_whole(table, col) or p.patterns.get("integer") != 1.0 or p.patterns.get("zero_padded"):
        return None
    if not p.min_length or not p.max_length or not isinstance(p.min, str) or not isinstance(p.max, str):
        return None
    if not (p.min.isdigit() and p.max.isdigit()):
        return None  # a sign, a space: no width says the value
    if p.min_length == p.max_length:
        return int(p.min), int(p.max)
    return 10 ** (p.min_length - 1), 10 ** p.max_length - 1


def _text_epoch_unit(p, lo: int, hi: int) -> int | None:
    """Seconds or milliseconds for text bounded by its widths (text_epoch_bounds): nine or ten
    digits are seconds, twelve or thirteen milliseconds (fifteen or sixteen microseconds,
    eighteen or nineteen nanoseconds), whatever the greatest value is."""
    if _epoch_unit(lo, hi) is not None:
        return _epoch_unit(lo, hi)
    for unit, (a, _b) in _EPOCH_UNITS:
        if a <= lo and len(str(hi)) <= len(str(_b)):
            return unit
    return None


def _epoch_unit(lo: int, hi: int, sentinel: bool = False) -> int | None:
    """1 for seconds, 1000 for milliseconds (10**6, 10**9 for micro- and nanoseconds); None when the values are neither (a least value of 0
    is a sentinel when `sentinel`)."""
    for unit, (a, b) in _EPOCH_UNITS:
        if (a <= lo or (sentinel and lo == 0)) and a <= hi <= b and lo <= hi:
            return unit
    return None


def epoch_cast(col: Column, dialect: str | None) -> str | None:
    """A Unix time read as the instant it is, in the source dialect."""
    p = col.profile
    value: exp.Expression = exp.column(col.name, quoted=True)
    if p is not None and isinstance(p.min, str) and isinstance(p.max, str):
        # Whole numbers kept as text: read as the number first ('' is no value).
        lo, hi = (int(p.min), int(p.max)) if p.min_length == p.max_length and p.min.isdigit() and p.max.isdigit() else (
            10 ** ((p.min_length or 1) - 1), 10 ** (p.max_length or 1) - 1)
        unit = _text_epoch_unit(p, lo, hi)
        value = exp.Cast(this=exp.Nullif(this=value, expression=exp.Literal.string("")), to=exp.DataType.build("BIGINT"))
    else:
        unit = _epoch_unit(p.min, p.max, True) if p is not None and isinstance(p.min, int) and isinstance(p.max, int) else None
    if unit is None:
        return None
    if unit != 1 and (dialect in ("sqlite", "tsql") or sqlglot_dialect(dialect) in _SCALE_DROPPED):
        value = exp.Div(this=value, expression=exp.Literal.number(unit))
    if dialect == "sqlite":
        return exp.Anonymous(this="DATETIME", expressions=[value, exp.Literal.string("unixepoch")]).sql(dialect="sqlite")
    if dialect == "tsql":
        return exp.DateAdd(this=exp.Cast(this=exp.Literal.string("1970-01-01"), to=exp.DataType.build("DATETIME2", dialect="tsql")),
                           expression=value, unit=exp.var("SECOND")).sql(dialect="tsql")
    if unit != 1 and sqlglot_dialect(dialect) not in _SCALE_DROPPED:
        # Milli-, micro- and nanoseconds as the function of that unit where there is one
        # (BigQuery's TIMESTAMP_MICROS, Snowflake's TO_TIMESTAMP(x, 6)): BigQuery's
        # TIMESTAMP_SECONDS rejects the FLOAT64 a division gives.
        return exp.UnixToTime(this=value, scale=exp.Literal.number(_SCALES[unit])).sql(dialect=sqlglot_dialect(dialect))
    return exp.UnixToTime(this=value).sql(dialect=sqlglot_dialect(dialect))


# The power of ten of a Unix time's unit, as sqlglot's UnixToTime scale gives it.
_SCALES = {1000: 3, 10 ** 6: 6, 10 ** 9: 9}
# Dialects whose rendering of a scaled UnixToTime leaves the scale out (Oracle's days since
# 1970): the number is divided down to seconds first there.
_SCALE_DROPPED = frozenset({"oracle"})


# Dialects without a function sqlglot writes to parse a day in a given layout.
NO_STRPTIME = frozenset({"sqlite", "tsql"})


def readable_without_strptime(layout: str | None, dialect: str | None) -> bool:
    """Whether a day written with slashes or dots in `layout` is still read as its time where no
    parse function is written: a padded year-first day on both (its separators made dashes), and
    on SQLite any layout, rebuilt from its fields (fields_cast). T-SQL keeps the rest as text."""
    if layout is None:
        return False
    return year_first(layout) or dialect == "sqlite"


def fields_cast(name: str, layout: str, data_type: str) -> str:
    """A day or month first (`12/1/2010 8:26`, `31.12.2020`), padded or not, read on SQLite (which
    has no strptime) by rebuilding ISO text from its fields: SQLite's CAST AS INTEGER reads the
    digits a text starts with, so each field is the number after its separator (the day after the
    first, the year after the second, the hour after the space, minutes and seconds after each
    colon), laid out with printf and read by DATE or DATETIME (NULL where it is no day: month 13)."""
    sep = layout[2]
    col = exp.column(name, quoted=True)

    def after(text: exp.Expression, mark: str) -> exp.Expression:
        at = exp.Anonymous(this="INSTR", expressions=[text, exp.Literal.string(mark)])
        return exp.Substring(this=text, start=exp.Add(this=at, expression=exp.Literal.number(1)))

    def num(text: exp.Expression) -> exp.Expression:
        return exp.Cast(this=text, to=exp.DataType.build("INTEGER"))

    second_field = after(col, sep)
    fields = {"first": num(col), "second": num(second_field), "%Y": num(after(second_field, sep))}
    day_first = layout.startswith("%d")
    parts = [fields["%Y"], fields["second"] if day_first else fields["first"], fields["first"] if day_first else fields["second"]]
    pattern = "%04d-%02d-%02d"
    if "%H" in layout or "%I" in layout:
        minutes = after(col, ":")
        hour = num(after(col, " "))
        if "%p" in layout:  # 12 AM is hour 0, 12 PM hour 12, 1 PM hour 13
            pm = exp.GT(this=exp.Anonymous(this="INSTR", expressions=[exp.Upper(this=col.copy()), exp.Literal.string("PM")]),
                        expression=exp.Literal.number(0))
            hour = exp.Add(this=exp.Mod(this=hour, expression=exp.Literal.number(12)),
                           expression=exp.Case(ifs=[exp.If(this=pm, true=exp.Literal.number(12))], default=exp.Literal.number(0)))
        parts += [hour, num(minutes)]
        pattern += " %02d:%02d"
        parts.append(num(after(minutes, ":")) if "%S" in layout else exp.Literal.number(0))
        pattern += ":%02d"
    iso = exp.Anonymous(this="PRINTF", expressions=[exp.Literal.string(pattern), *parts])
    return exp.Anonymous(this="DATE" if data_type == "date" else "DATETIME", expressions=[iso]).sql(dialect="sqlite")


def layout_cast(name: str, layout: str, data_type: str, dialect: str | None) -> str | None:
    """Text in a strptime layout read as its time, NULL where a value does not parse."""
    if dialect in NO_STRPTIME:
        return None
    if dialect == "postgres" and "%p" in layout:
        # sqlglot writes PostgreSQL's format with %p left in it; AM there matches AM and PM.
        fmt = exp.StrToTime(this=exp.column(name, quoted=True), format=exp.Literal.string(layout.replace("%p", "")))
        pattern = fmt.sql(dialect="postgres").rsplit("'", 2)[-2].rstrip() + (" AM" if " %p" in layout else "AM")
        parsed = exp.Anonymous(this="TO_TIMESTAMP", expressions=[exp.column(name, quoted=True), exp.Literal.string(pattern)])
        if data_type == "date":
            parsed = exp.Cast(this=parsed, to=exp.DataType.build("DATE"))
        return parsed.sql(dialect="postgres")
    parsed = exp.StrToTime(this=exp.column(name, quoted=True), format=exp.Literal.string(layout), safe=True)
    if data_type == "date":
        parsed = exp.Cast(this=parsed, to=exp.DataType.build("DATE"))
    return parsed.sql(dialect=sqlglot_dialect(dialect))


def _century(layout: Compact, late: exp.Expression, scale: int | None) -> exp.Expression:
    """The century a YYMMDD day is of (PIVOT), times `scale` as a number, or as text when None: a
    constant where the least and greatest values fall in one century, else chosen per row."""
    def value(century: int) -> exp.Expression:
        return exp.Literal.number(century * scale) if scale else exp.Literal.string(str(century))
    if len(layout.centuries) == 1:
        return value(layout.centuries[0])
    return exp.Case(ifs=[exp.If(this=late, true=value(19))], default=value(20))
