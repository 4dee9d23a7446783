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
dialect's parse function in that layout (none in SQLite and T-SQL: it stays text there), and year
first with every field padded (`2015/07/01 00:00:01`), read so too, or where no parse function is
written as the ISO text its separators made dashes leave. Other columns with values keep their
declared type.

Text whose every value is a number (`29.99`, `-4`), as the profile counted them over the whole
table, is typed as that number: whole numbers `integer`, others `decimal`; the column is read
through a cast of NULLIF(column, '') (value_cast), as a CSV import writes a missing value as ''.
Codes stay text: a value with a zero in front (`01234`), whole numbers all of one width of five
digits or more (postal codes, account numbers), whole numbers too long for a BIGINT, a declared
key, and a column named as an identifier or a code (value_kinds.names_a_code). The pattern shares
leave the empty strings out (the profiler counts them apart). A SQLite column declared without a
type (a view's `MAX(price)`) is profiled as text and typed by its values the same way.

A whole number or text of eight or six digits named as a day (`start_date`, `ds`, `date`,
`fecha`; never a key: `DateKey` joins its calendar as it is) whose smallest and largest values are
days written YYYYMMDD (`20160404`) or YYMMDD (`930101`, its century by stored_times.PIVOT) is
typed as a date (where no table keyed one row a day by such numbers is there to join, also a whole
number of YYYYMMDD days named so in glued words, `lo_orderdate`): transit feeds, warehouse partitions, mainframe extracts and old bank exports keep
days so, and summed or averaged they were numbers like 20,160,404. It is read through a cast from
that layout. So is text whose every value is such a day and a time of day (`931107 00:00:00`),
whatever its name, typed as a timestamp. A whole number named as a moment (`timestamp`, `created_at`,
`epoch`) whose values are seconds, milli-, micro- or nanoseconds since 1970 between 1973 and 2100 is a Unix time,
typed timestamp_tz and read as that instant.

A float column whose every non-null value is a whole number (the profile counted no fraction
over the values it read) and that names an identifier or a code (`CustomerID`, `RatecodeID`,
`payment_type`: value_kinds.names_a_code, a last word naming a kind of row, or a declared key)
is typed `integer`: pandas and CSV loaders store an integer column with NULLs as a double, so
customer 17850 shows as 17850.0 and rate code 1 as 1.0. It is read through CAST(column AS
BIGINT) (value_cast), as numbers kept as text are. A float that measures something (a fare, a
passenger count) keeps its type, whole or not: AVG of an integer truncates in some engines.

Money written with a currency symbol ($1,250.00, 1.234,56 €) is typed `decimal`, and text whose
values are the two words of a true/false pair (t/f, yes/no) `boolean`, each read through its cast
(passes/text_values.py); a symbol naming one currency is the model's currency where mb.yaml names
none. A calendar's whole number of 0 and 1 (a holiday, a weekday, the last day of a month: the
Star Schema Benchmark's d_holidayfl) is `boolean` too, read through CAST(column AS BOOLEAN).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlglot import exp

from compiler.naming import words
from compiler.pipeline import Context, State
from compiler.types import TIME_TYPES, fixed_width_text, normalize_type, sqlglot_dialect
from ir.catalog import Column, Table
from passes.join_names import singular
from passes.value_kinds import names_a_code, names_a_kind, names_a_number_of
from passes.text_values import (calendar_flag_type, counted_whole, declared_key, flag_cast, held_as_text, marked_numbers, money_cast,
                                model_currency, number_flag_cast, number_marker, text_flag_type, text_money_type, textual)
from passes.stored_times import (
    NO_STRPTIME,
    compact,
    compact_cast,
    compact_date_type,
    day_number_calendar,
    compact_layout,
    epoch_cast,
    epoch_time_type,
    fields_cast,
    iso_after_separators,
    layout_cast,
    layout_lengths,
    readable_without_strptime,
    slash_layout,
    slashed,
    year_first,
)

_DATE_WORDS = frozenset({"date", "dt", "day"})
_TIME_WORDS = frozenset({"time", "timestamp", "datetime", "ts", "at"})


def empty_time_type(table: Table, col: Column, dialect: str) -> str | None:
    """'date' or 'timestamp' for an empty text column named as one; None otherwise."""
    p = col.profile
    if col.data_type != "string" or p is None or not table.row_count or p.null_count != table.row_count:
        return None
    ws = words(col.name)
    if len(ws) < 2:
        return None  # a bare `date` or `time` column is as likely a label as a moment
    if _series_holds_numbers(table, col, dialect):
        return None  # the third of five numbered slots (Div3TotalGTime): its filled siblings say what it holds
    if ws[-1] in _DATE_WORDS:
        return "date"
    if ws[-1] in _TIME_WORDS:
        return "timestamp"
    return None


_DIGITS = re.compile(r"\d+")


def _series_holds_numbers(table: Table, col: Column, dialect: str) -> bool:
    """A column of a numbered series (slot1_minutes .. slot5_minutes, Div1TotalGTime ..
    Div5TotalGTime) whose other members, filled on some rows, are declared numbers: the empty one
    holds the same numbers when it holds any, a span of minutes, not a moment. Their declared
    types are read in the source's dialect (Oracle's BINARY_DOUBLE is a number)."""
    if not _DIGITS.search(col.name):
        return False
    stem = _DIGITS.sub("#", col.name.lower())
    for other in table.columns:
        p = other.profile
        if (other is not col and _DIGITS.sub("#", other.name.lower()) == stem and p is not None and p.null_count is not None
                and p.null_count < (table.row_count or 0) and normalize_type(other.type, dialect) in ("integer", "decimal", "float")):
            return True
    return False


def text_time_type(table: Table, col: Column) -> str | None:
    """'date' or 'timestamp' for a text column whose values, all of them, are ISO dates (with a
    time of day: a timestamp); None otherwise. The pattern shares must cover the whole table
    (not its first rows only, unless every value of the table has one length) and the values
    seen must parse."""
    p, tp = col.profile, table.profile
    if not textual(col) or p is None or tp is None or not table.row_count or p.null_count is None:
        return None
    iso = p.patterns.get("iso_date") == 1.0
    digits = p.patterns.get("compact_time") == 1.0
    if p.null_count >= table.row_count or not (iso or digits or slashed(p)):
        return None
    if tp.sample is not None:
        return None
    if tp.pattern_rows is not None and tp.pattern_rows < table.row_count and not p.patterns_whole and (
            p.min_length is None or p.min_length != p.max_length) and not _slash_lengths(p, iso or digits):
        # Patterns read from the first rows only: the whole table's values must still all be as
        # long as an ISO moment, between two that parse, for a stray 'n/a' to be ruled out.
        return None
    if digits:
        return "timestamp" if p.min_length == p.max_length and compact_layout(p, clock=True) is not None else None
    if not iso:
        layout = slash_layout(p)
        return None if layout is None else ("timestamp" if "%H" in layout or "%I" in layout else "date")
    for value in (p.min, p.max):
        if value not in (None, "") and _iso_moment(value) is None:  # '' is no value (the least text there is)
            return None
    return "date" if p.max_length == 10 else "timestamp"


def _slash_lengths(p, other_pattern: bool) -> bool:
    """Days written with slashes and unpadded fields (`12/1/2010 8:26`, the UCI Online Retail CSV)
    differ in length by nature: with their patterns read from the first rows only, the whole
    table's values all as long as the layout allows, between a least and a greatest value that
    parse in it, rule out a stray 'n/a' as one length does for ISO text; a value that is still
    no day is read as NULL by the cast, never as another day."""
    if other_pattern or p.min_length is None or p.max_length is None or (layout := slash_layout(p)) is None:
        return False
    lo, hi = layout_lengths(layout)
    return lo <= p.min_length and p.max_length <= hi


_BIGINT_DIGITS = 18  # whole numbers longer than this may not fit a BIGINT: an identifier anyway
_CODE_WIDTH = 5  # whole numbers all of one width of this many digits or more: postal codes, account numbers


def text_number_type(table: Table, col: Column, named: frozenset[str] = frozenset()) -> str | None:
    """'integer' or 'decimal' for a text column whose values, all of them over the whole table,
    are numbers; None for other text and for codes written in digits. `named`: the other tables,
    as a column names them (_table_names), whose number a reference holds as they do."""
    p = col.profile
    if not counted_whole(table, col) or p is None:
        return None  # a sample, or the first rows only: a stray 'n/a' further on would fail every cast
    marked = marked_numbers(table, col) is not None  # numbers and one marker of no number ('T' for a trace)
    if (p.patterns.get("numeric") != 1.0 and not marked) or p.patterns.get("zero_padded"):
        return None  # a zero in front keeps a code's width: 01234 is no 1234
    whole = p.patterns.get("integer") == p.patterns.get("numeric")
    # One width (an empty string, length 0, may hide the shortest value: taken as that width too).
    one_width = p.min_length in (0, p.max_length) and (p.max_length or 0) >= _CODE_WIDTH
    if whole and ((p.max_length or 0) > _BIGINT_DIGITS or one_width):
        return None
    if declared_key(table, col.name) or (whole and fixed_width_text(col.type)):
        return None  # digits in a CHAR(n) are a code of that width ('1000', '800'), not a quantity
    if names_a_code(col.name) and not (whole and _positions(table, col, named)):
        return None
    return "integer" if whole else "decimal"


# A thing's number (IMDb's seasonNumber and episodeNumber, a page's number) counts the things of a
# sequence from the first: a few small numbers, each on many rows, as 1..12 seasons are over
# thousands of episodes. An order's or an invoice's number names one thing, on a row or a few.
_POSITION_DIGITS = 5
_POSITION_ROWS_PER_VALUE = 10


def _positions(table: Table, col: Column, named: frozenset[str] = frozenset()) -> bool:
    """Whole numbers kept as text and named as a thing's number (names_a_number_of) that are
    places in a sequence: at most _POSITION_DIGITS digits, starting at the first (0 or 1), each
    number on _POSITION_ROWS_PER_VALUE rows or more on average. Read as the numbers they are (an
    ordinal, never summed: its name is a code's to the value kinds), their missing mark (\\N) as
    no value. A key of its own table, or a number naming another table (customer_number beside
    customers), is a reference: it keeps its key's type, or the join is lost."""
    p = col.profile
    rows = table.row_count
    if (p is None or not names_a_number_of(col.name) or not p.distinct_count or not rows or p.distinct_count >= rows
            or str(p.min).strip() not in ("0", "1") or "_".join(singular(w) for w in words(col.name)[:-1]) in named):
        return False
    return (p.max_length or 0) <= _POSITION_DIGITS and rows >= _POSITION_ROWS_PER_VALUE * p.distinct_count


def _table_names(tables) -> frozenset[str]:
    """Each table's name as a column's leading words name it (customers: customer)."""
    return frozenset("_".join(singular(w) for w in words(t.name)) for t in tables)


# Whole numbers a double holds exactly (2**53): an identifier beyond it was never stored whole.
_EXACT_WHOLE = 2 ** 53


def whole_float_type(table: Table, col: Column) -> str | None:
    """'integer' for a float column of whole numbers only that names an identifier or a code;
    None otherwise (a measure stays a float: it is summed and averaged as one)."""
    p = col.profile
    if col.data_type != "float" or p is None or p.fraction_count != 0 or p.redacted:
        return None
    if not table.row_count or p.null_count is None or p.null_count >= table.row_count:
        return None  # no value read: nothing says it is whole
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < _EXACT_WHOLE for v in (p.min, p.max)):
        return None  # infinities, or too large for a BIGINT to read
    if declared_key(table, col.name) or names_a_code(col.name) or names_a_kind(col.name):
        return "integer"
    return None


def _iso_moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def value_cast(col: Column, dialect: str | None) -> str | None:
    """The SQL reading a column typed above from its values as that type, in the source dialect
    (a time, a number, money or a true/false kept as text); None where the column is read as it is."""
    if col.data_type in TIME_TYPES:
        return time_cast(col, dialect)
    declared = "unknown" if held_as_text(col, dialect) else normalize_type(col.type, dialect)
    if declared == "float" and col.data_type == "integer":
        return exact_cast(col.name, dialect)  # a whole-valued float read as the identifier or code it is
    if declared == "integer" and col.data_type == "boolean":
        return number_flag_cast(col, dialect)  # a calendar's 0/1 part (a holiday): true where 1
    if declared not in ("string", "unknown"):
        return None
    if col.data_type == "decimal" and (money := money_cast(col, dialect)) is not None:
        return money
    if col.data_type in ("integer", "decimal"):
        return number_cast(col.name, col.data_type, dialect, number_marker(col.profile))
    if col.data_type == "boolean":
        return flag_cast(col, dialect)
    return None


def number_cast(column: str, data_type: str, dialect: str | None, marker: str | None = None) -> str:
    """CAST(NULLIF(column, '') AS BIGINT or DOUBLE): '' is a missing value; a decimal is read as a
    double, as DECIMAL without a scale rounds to whole numbers in MySQL and to 3 places in DuckDB.
    A marker of no number ('T') is no value either: NULLIF(NULLIF(column, 'T'), '')."""
    to = exp.DataType.build("BIGINT" if data_type == "integer" else "DOUBLE")
    value: exp.Expression = _no_empty(column)
    if marker is not None:
        value = exp.Nullif(this=exp.Nullif(this=exp.column(column, quoted=True), expression=exp.Literal.string(marker)),
                           expression=exp.Literal.string(""))
    return exp.Cast(this=value, to=to).sql(dialect=sqlglot_dialect(dialect))


def exact_cast(column: str, dialect: str | None) -> str:
    """CAST(column AS BIGINT): a float column of whole numbers read as them (17850.0 as 17850)."""
    return exp.Cast(this=exp.column(column, quoted=True), to=exp.DataType.build("BIGINT")).sql(dialect=sqlglot_dialect(dialect))


def _no_empty(column: str) -> exp.Expression:
    return exp.Nullif(this=exp.column(column, quoted=True), expression=exp.Literal.string(""))


def time_cast(col: Column, dialect: str | None) -> str | None:
    """The SQL reading a text column typed as a time above as that time, in the source dialect;
    None where the column needs no cast (a time column, or SQLite, whose date functions read ISO
    text as it is)."""
    if col.data_type not in TIME_TYPES:
        return None
    declared = "unknown" if held_as_text(col, dialect) else normalize_type(col.type, dialect)
    if col.data_type in ("date", "timestamp") and declared in ("integer", "string") and (layout := compact(col)) is not None:
        return compact_cast(col.name, dialect, layout)
    if col.data_type == "timestamp_tz" and (declared == "integer" or (declared in ("string", "unknown") and col.profile is not None
                                                                       and col.profile.patterns.get("integer") == 1.0)):
        return epoch_cast(col, dialect)  # a Unix time, kept as a number or as its digits in text
    if declared not in ("string", "unknown"):
        return None
    layout = slash_layout(col.profile) if slashed(col.profile) else None  # type: ignore[arg-type]
    if layout is not None:
        if dialect in NO_STRPTIME and year_first(layout):
            return iso_after_separators(col.name, layout, col.data_type, dialect)
        if dialect == "sqlite":
            return fields_cast(col.name, layout, col.data_type)
        return layout_cast(col.name, layout, col.data_type, dialect)
    if dialect == "sqlite":
        return None
    to = exp.DataType.build("DATE" if col.data_type == "date" else "TIMESTAMP")
    return exp.Cast(this=_no_empty(col.name), to=to).sql(dialect=sqlglot_dialect(dialect))


def run(state: State, ctx: Context) -> None:
    dialect = state.snapshot.source.dialect
    money: list[Column] = []
    calendar = day_number_calendar(state.snapshot.tables, dialect)
    named = _table_names(state.snapshot.tables)
    for table in state.snapshot.tables:
        for col in table.columns:
            col.data_type = normalize_type(col.type, dialect)  # type: ignore[assignment]
            text = held_as_text(col, dialect)
            if text:  # SQLite's INTEGER column holding 'T' or '' on some rows: typed by its values, as text is
                col.data_type = "unknown"
            if dialect in NO_STRPTIME and slashed(p := col.profile) and not readable_without_strptime(slash_layout(p), dialect):  # type: ignore[arg-type]
                continue  # no function reads a day or month first there (T-SQL): it stays text
            if (amount := text_money_type(table, col)) is not None:
                money.append(col)
            if (typed := empty_time_type(table, col, dialect) or text_time_type(table, col) or compact_date_type(table, col, calendar)
                          or epoch_time_type(table, col) or text_number_type(table, col, named - _table_names([table])) or amount
                          or text_flag_type(table, col, dialect) or whole_float_type(table, col)) is not None:
                col.data_type = typed  # type: ignore[assignment]
            elif text:
                col.data_type = "string"  # text and numbers mixed ('T' and 'NA'): text, read as it is
        # Once the table's columns are typed, so that its calendar is known by them: its 0/1 parts.
        for col in table.columns:
            if calendar_flag_type(table, col, dialect) is not None:
                col.data_type = "boolean"
    # mb.yaml's currency stands; else amounts all written with £ (or all with €) are in that currency.
    if state.model.currency is None and ctx.config.currency is None and money and (currency := model_currency(money)) is not None:
        state.model.currency = currency
