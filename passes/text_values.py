"""Money kept as text, as a CSV import loads it (every column text, a missing value ''): typed by
its values over the whole table and read through a cast (normalize_types).

Money: every value is a currency symbol and a number ($1,250.00, -$12.50, £30, 1.234,56 €), one
symbol and one way of writing it (the profiler's money classes, compiler/profiler/patterns.py).
It is typed `decimal` and read through CAST(NULLIF(REPLACE(...), '') AS DOUBLE), the symbol and
the thousands separators stripped, a decimal comma made a dot. A symbol that names one currency
(£, €) is the model's currency when every such column carries it and mb.yaml names none; `$`
(dollars of several countries) leaves the default.
"""

from __future__ import annotations

from sqlglot import exp

from compiler.profiler.patterns import MONEY_SEPARATORS, MONEY_SYMBOLS
from compiler.types import sqlglot_dialect
from ir.catalog import Column, ColumnProfile, Table
from passes.value_kinds import names_a_code

# The currency a symbol names alone. `$` is the dollar of a dozen countries: left to the default.
CURRENCY_OF = {"£": "GBP", "€": "EUR"}


def textual(col: Column) -> bool:
    """Text, or a column of no declared type the profiler read as text (SQLite's)."""
    return col.data_type == "string" or (col.data_type == "unknown" and col.profile is not None and col.profile.min_length is not None)


def counted_whole(table: Table, col: Column) -> bool:
    """The column's pattern shares were counted over the whole table: not a sample, not its
    first rows only (a stray 'n/a' further on would fail every cast)."""
    p, tp = col.profile, table.profile
    if not textual(col) or p is None or tp is None or not table.row_count or tp.sample is not None:
        return False
    return tp.pattern_rows is None or tp.pattern_rows >= table.row_count


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


def model_currency(columns: list[Column]) -> str | None:
    """The currency every money column typed from text names by its symbol; None where they
    differ, where one is `$`, or where there is none."""
    symbols = {money_symbol(c) for c in columns}
    return CURRENCY_OF.get(next(iter(symbols))) if len(symbols) == 1 else None  # type: ignore[arg-type]
