"""Money and true/false kept as text, as a CSV import loads them (every column text, a missing
value ''): typed by their values over the whole table and read through a cast (normalize_types).

Money: every value is a currency symbol and a number ($1,250.00, -$12.50, £30, 1.234,56 €), one
symbol and one way of writing it (the profiler's money classes, compiler/money_text.py).
It is typed `decimal` and read through CAST(NULLIF(REPLACE(...), '') AS DOUBLE), the symbol and
the thousands separators stripped, a decimal comma made a dot. A symbol that names one currency
(£, €) is the model's currency when every such column carries it and mb.yaml names none; `$`
(dollars of several countries) leaves the default.

True/false: the values, every one of them counted over the whole table, are the true and the
false word of one pair (t/f, yes/no, sim/não), in any case. It is typed `boolean` and read through
CASE WHEN LOWER(column) IN (true word) THEN TRUE WHEN LOWER(column) IN (false word) THEN FALSE
END: '' and anything else is NULL. Two values of no one pair (M/F, N/S) stay text. Dialects with
neither a boolean nor a number a condition can test (T-SQL, Oracle) keep it as text.
"""

from __future__ import annotations

from sqlglot import exp

from compiler.calendar import holds_calendar_parts
from compiler.money_text import MONEY_SEPARATORS, MONEY_SYMBOLS
from compiler.types import normalize_type, sqlglot_dialect
from compiler.value_words import DELETED_WORDS, LETTER_TRUTH_PAIRS, NULL_SPELLINGS, TRUTH_PAIRS
from ir.catalog import Column, ColumnProfile, Table
from passes.value_kinds import name_words, names_a_code, names_a_flag

# The currency a symbol names alone. `$` is the dollar of a dozen countries: left to the default.
CURRENCY_OF = {"£": "GBP", "€": "EUR"}

# (true, false) words, lower case (compiler.value_words.TRUTH_PAIRS); a column holds both words of
# one pair and nothing else. The single letters (S/N, J/N, O/N) only where the name says flag.
PAIRS = TRUTH_PAIRS
_PAIRS = {frozenset(p): p for p in PAIRS}
_LETTER_PAIRS = {frozenset(p): p for p in LETTER_TRUTH_PAIRS}
_TRUE_WORDS = frozenset(t for t, _ in PAIRS)
_LETTER_TRUE_WORDS = frozenset(t for t, _ in LETTER_TRUTH_PAIRS)
# No boolean to read the text as, and no number a CASE WHEN can test.
NO_BOOLEAN = frozenset({"tsql", "oracle"})


def textual(col: Column) -> bool:
    """Text, or a column of no declared type the profiler read as text (SQLite's)."""
    return col.data_type == "string" or (col.data_type == "unknown" and col.profile is not None and col.profile.min_length is not None)


def held_as_text(col: Column, dialect: str | None) -> bool:
    """A SQLite column declared as a number that the profiler read as text, since some of its
    rows hold text ('T', ''): typed by its values and read through a cast as text is."""
    return (dialect == "sqlite" and normalize_type(col.type, dialect) in ("integer", "decimal", "float")
            and col.profile is not None and col.profile.min_length is not None)


def counted_whole(table: Table, col: Column) -> bool:
    """The column's pattern shares were counted over the whole table: not a sample, not its
    first rows only (a stray 'n/a' further on would fail every cast)."""
    p, tp = col.profile, table.profile
    if not textual(col) or p is None or tp is None or not table.row_count or tp.sample is not None:
        return False
    return tp.pattern_rows is None or tp.pattern_rows >= table.row_count or bool(p.patterns_whole)


def declared_key(table: Table, column: str) -> bool:
    return (column in table.primary_key or any(column in u.columns for u in table.unique_keys)
            or any(column in fk.columns for fk in table.foreign_keys))


def money_class(col: Column) -> str | None:
    """The profiler's money class every value of the column is in; None for other columns. A
    whole amount (€30) is in both euro classes: the English writing is read first."""
    return _money_class(col.profile)


def _money_class(p: ColumnProfile | None) -> str | None:
    return next((name for name in MONEY_SYMBOLS if p is not None and p.patterns.get(name) == 1.0), None)


def text_money_type(table: Table, col: Column) -> str | None:
    """'decimal' for a text column of money written with a symbol; None otherwise."""
    if not counted_whole(table, col) or money_class(col) is None:
        return None
    if declared_key(table, col.name) or names_a_code(col.name):
        return None
    return "decimal"


def money_symbol(col: Column) -> str | None:
    cls = money_class(col)
    return MONEY_SYMBOLS[cls] if cls else None


def written_in_another_currency(p: ColumnProfile | None, currency: str) -> bool:
    """Money written with a symbol that is not `currency`'s: £ or € in another currency, $ in
    pounds or euros."""
    cls = _money_class(p)
    if cls is None:
        return False
    symbol = MONEY_SYMBOLS[cls]
    named = CURRENCY_OF.get(symbol)
    return named != currency if named else currency in CURRENCY_OF.values()


def money_cast(col: Column, dialect: str | None) -> str | None:
    """CAST(NULLIF(REPLACE(REPLACE(column, symbol, ''), thousands, ''), '') AS DOUBLE), the decimal
    comma replaced by a dot; None for a column of no money class."""
    cls = money_class(col)
    if cls is None:
        return None
    group, decimal = MONEY_SEPARATORS[cls]
    value: exp.Expression = exp.column(col.name, quoted=True)
    for old, new in ((MONEY_SYMBOLS[cls], ""), (group, ""), (decimal, ".")):
        if old != new:
            value = exp.Replace(this=value, expression=exp.Literal.string(old), replacement=exp.Literal.string(new))
    blank = exp.Nullif(this=value, expression=exp.Literal.string(""))
    return exp.Cast(this=blank, to=exp.DataType.build("DOUBLE")).sql(dialect=sqlglot_dialect(dialect))


# A marker standing for no number among numbers (a weather record's 'T' for a trace of rain, 'NA',
# '-', '?'): short, no digit in it. Numbers must be most of the values, or it is a code's column.
MARKER_LENGTH = 3
MARKED_SHARE = 0.5


def number_marker(p: ColumnProfile | None) -> str | None:
    """The one value, besides numbers and '', of a column of numbers kept as text (its top values,
    counted in the data): read as no value (NULL) where the column is read as a number. A trace of
    rain is not measured, so it adds nothing to a sum, as a missing reading does not; None where
    every value is a number, or the others are more than one marker."""
    if p is None or p.redacted or p.top_values_source is not None:
        return None
    share = p.patterns.get("numeric") or 0.0
    if not 0.0 < share < 1.0 or p.patterns.get("zero_padded"):
        return None
    others = [v.value for v in p.top_values or () if isinstance(v.value, str) and v.value != "" and not _is_number(v.value)]
    if not others:
        # Among many distinct numbers the marker may fall past the top values' cut (a district's
        # '?' for the one year it has no rate); a marker sorts before or after every number, so
        # it is the least or greatest value. marked_numbers proves it stands alone.
        others = [v for v in (p.min, p.max) if isinstance(v, str) and v != "" and not _is_number(v)]
    if len(others) != 1:
        return None
    if others[0].strip().lower() in NULL_SPELLINGS:
        # A spelling of no value (a dump's \\N, 'NULL'), however many rows it fills: years of
        # death or end on a few rows only are still numbers.
        return others[0]
    # Numbers must be more than half: an even split ('111' beside 'xxx', share 0.5) says no more of
    # numbers than of words.
    if share <= MARKED_SHARE or len(others[0]) > MARKER_LENGTH or any(ch.isdigit() or ch.isspace() for ch in others[0]):
        return None
    if p.distinct_count is not None and p.distinct_count < 3:
        # One number beside the marker (an order's notes: '111' and 'xxx' on two rows of 20,000)
        # is no column of numbers: nothing to tell a marker from a note.
        return None
    return others[0]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def marked_numbers(table: Table, col: Column) -> str | None:
    """The marker of a column whose values, all of them over the whole table, are numbers and that
    one marker: the marker's rows (its top-value count) are every value the numbers leave, within
    the rounding of the pattern shares, and '' is counted apart."""
    p = col.profile
    if not counted_whole(table, col) or p is None or (marker := number_marker(p)) is None or not table.row_count:
        return None
    blank = sum(v.count for v in p.top_values or () if v.value == "")
    given = table.row_count - (p.null_count or 0) - blank
    numbers = p.patterns.get("numeric", 0.0) * given
    marked = next((v.count for v in p.top_values or () if v.value == marker), None)
    if marked is None:
        # Seen as the least or greatest value only: the numbers must leave one row, no room for
        # a second value (the shares are rounded to four places: 0.5e-4 of the rows either way).
        left, slack = given - numbers, 0.5e-4 * given
        return marker if given > 0 and 0 < left - slack and left + slack < 2 else None
    return marker if given > 0 and abs(numbers + marked - given) <= 0.5e-4 * given + 0.5 else None


def flag_words(col: Column) -> tuple[str, str] | None:
    """(true, false) word of the pair a text column's top values are, in lower case; None otherwise."""
    p = col.profile
    if p is None or any(not isinstance(v.value, str) for v in p.top_values):
        return None
    seen = {v.value.lower() for v in p.top_values if v.value != ""}
    ws = name_words(col.name)
    # S/N, J/N, O/N: true and false in a flag's column (is_deleted, borrado), elsewhere compass points.
    letters = names_a_flag(ws) or bool(set(ws) & DELETED_WORDS)
    if (len(seen) == 1 and ((word := next(iter(seen))) in _TRUE_WORDS or letters and word in _LETTER_TRUE_WORDS)
            and any(v.value == "" for v in p.top_values)):
        # A yes and nothing else, the rest left blank (OpenFlights' codeshare 'Y' or ''): marked or not.
        return word, ""
    if len(seen) != 2:
        return None
    return _PAIRS.get(frozenset(seen)) or (_LETTER_PAIRS.get(frozenset(seen)) if letters else None)


def text_flag_type(table: Table, col: Column, dialect: str | None) -> str | None:
    """'boolean' for a text column whose values, every one counted over the whole table, are the
    two words of a true/false pair; None otherwise."""
    p, tp = col.profile, table.profile
    if dialect in NO_BOOLEAN or not textual(col) or p is None or tp is None or tp.sample is not None:
        return None
    if p.top_values_source is not None or p.redacted or not table.row_count or p.null_count is None:
        return None  # estimated or withheld values
    if sum(v.count for v in p.top_values) != table.row_count - p.null_count:
        return None  # some value is not among the top values
    if flag_words(col) is None or declared_key(table, col.name):
        return None
    return "boolean"


def calendar_flag_type(table: Table, col: Column, dialect: str | None) -> str | None:
    """'boolean' for a whole number of a calendar (compiler.calendar.holds_calendar_parts) whose
    values, counted over the whole table, are 0 and 1 (the Star Schema Benchmark's d_holidayfl,
    d_weekdayfl): a part of a day that is there or not, a holiday or a weekday. Anywhere else a
    0/1 column may be a count that never passed 1; on a calendar every number is a part of the
    day, and one of two values says yes or no."""
    p, tp = col.profile, table.profile
    if dialect in NO_BOOLEAN or col.data_type != "integer" or p is None or tp is None or tp.sample is not None:
        return None
    if p.null_count != 0 or not p.distinct_exact or p.distinct_count != 2 or (p.min, p.max) != (0, 1):
        return None
    if declared_key(table, col.name) or not holds_calendar_parts(table):
        return None
    return "boolean"


def number_flag_cast(col: Column, dialect: str | None) -> str:
    """CAST(column AS BOOLEAN): a 0/1 number read as false or true (a plain cast, which targets that
    type their columns themselves read as the column, typed)."""
    return exp.Cast(this=exp.column(col.name, quoted=True), to=exp.DataType.build("BOOLEAN")).sql(dialect=sqlglot_dialect(dialect))


def _spellings(word: str, values: list[str]) -> list[str]:
    """What LOWER() gives for the column's spellings of `word` in any engine: SQLite and PostgreSQL
    under the C locale lower ASCII letters only (SÍ -> sÍ)."""
    out = {word}
    for v in values:
        if v.lower() == word:
            out.add("".join(ch.lower() if ch.isascii() else ch for ch in v))
    return sorted(out)


def flag_cast(col: Column, dialect: str | None) -> str | None:
    """CASE WHEN LOWER(column) IN (true) THEN TRUE WHEN LOWER(column) IN (false) THEN FALSE END."""
    words = flag_words(col)
    if words is None:
        return None
    values = [v.value for v in col.profile.top_values if isinstance(v.value, str)]  # type: ignore[union-attr]
    lower = exp.Lower(this=exp.column(col.name, quoted=True))
    ifs = [exp.If(this=exp.In(this=lower.copy(), expressions=[exp.Literal.string(s) for s in _spellings(word, values)]),
                  true=exp.Boolean(this=truth)) for word, truth in zip(words, (True, False))]
    return exp.Case(ifs=ifs).sql(dialect=sqlglot_dialect(dialect))


def model_currency(columns: list[Column]) -> str | None:
    """The currency every money column typed from text names by its symbol; None where they
    differ, where one is `$`, or where there is none."""
    symbols = {money_symbol(c) for c in columns}
    return CURRENCY_OF.get(next(iter(symbols))) if len(symbols) == 1 else None  # type: ignore[arg-type]
