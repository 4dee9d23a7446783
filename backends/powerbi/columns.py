"""Column and measure properties: dataType, formatString, summarizeBy, dataCategory.

Choices:
- Decimal source columns are `double` except money (semantic currency_amount), which is
  Power BI's fixed `decimal` (exact to 4 places, like the source's numeric).
- Every time type is `dateTime`; the `UnderlyingDateTimeDataType` annotation (what Power BI
  Desktop itself writes) says Date or Time, so a date stays a date when read back.
- Types Power BI has no column type for (json, uuid, interval, arrays...) are text.
- summarizeBy renders the column's additivity (decided once by the decide_additivity pass, which
  every target's measures follow): sum for additive values; sum for semi-additive ones (balances,
  stock levels) unless the table holds one row per item per time, where summing over time would
  be wrong; none for everything else (keys, codes, flags, years, rates, unit prices).
"""

from __future__ import annotations

from backends.currency import is_dollars, symbol
from ir.semantic import Dimension, TimeDimension

DATA_TYPES = {
    "integer": "int64",
    "decimal": "double",
    "float": "double",
    "boolean": "boolean",
    "string": "string",
    "date": "dateTime",
    "timestamp": "dateTime",
    "timestamp_tz": "dateTime",
    "time": "dateTime",
    "binary": "binary",
}
READ_TYPES = {"int64": "integer", "double": "float", "decimal": "decimal", "boolean": "boolean", "string": "string", "binary": "binary"}
DATE_HINT = {"date": "Date", "time": "Time"}
FORMATS = {"integer": "#,0", "decimal": "#,0.00", "currency": "\\$#,0.00;(\\$#,0.00);\\$#,0.00", "percent": "0.00%"}
# semantic_type -> Power BI's dataCategory (what map visuals and link rendering look for).
CATEGORIES = {
    "city": "City",
    "country": "Country",
    "region": "StateOrProvince",
    "postal_code": "PostalCode",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "address": "Address",
    "continent": "Continent",
    "county": "County",
    "url": "WebUrl",
    "image_url": "ImageUrl",
}
PERCENT = {"percentage"}


def data_type(f: Dimension | TimeDimension) -> str:
    if isinstance(f, Dimension) and f.data_type == "decimal" and f.semantic_type == "currency_amount":
        return "decimal"
    return DATA_TYPES.get(f.data_type, "string")


def is_key(f: Dimension | TimeDimension) -> bool:
    return isinstance(f, Dimension) and (f.role == "key" or f.primary_key or f.foreign_key or f.semantic_type == "identifier")


def summarize_by(f: Dimension | TimeDimension, summed: bool = False) -> str:
    """`summed`: the model has a plain sum of the column (a semi-additive value's is plain only
    on a table of one row per thing, without a time)."""
    if not isinstance(f, Dimension) or f.data_type not in ("integer", "decimal", "float"):
        return "none"
    if f.additivity == "additive" or (f.additivity == "semi_additive" and summed):
        return "sum"
    return "none"


def money_format(currency: str | None) -> str:
    """Power BI's format string for money in `currency`: its symbol, every character escaped."""
    if is_dollars(currency):
        return FORMATS["currency"]
    sign = "".join("\\" + ch for ch in symbol(currency))
    return f"{sign}#,0.00;({sign}#,0.00);{sign}#,0.00"


def format_string(f: Dimension | TimeDimension, currency: str | None = None) -> str | None:
    if isinstance(f, TimeDimension):
        return "Short Date" if f.data_type == "date" or f.granularity == "day" else "General Date"
    if f.data_type == "time":
        return "Long Time"
    if f.data_type == "integer":
        return "0" if is_key(f) or f.role != "measure" else FORMATS["integer"]
    if f.data_type in ("decimal", "float"):
        if f.semantic_type == "currency_amount":
            return money_format(currency)
        if f.semantic_type in PERCENT:
            return FORMATS["percent"]
        return FORMATS["decimal"]
    return None


def category(f: Dimension | TimeDimension) -> str | None:
    return CATEGORIES.get(f.semantic_type or "") if isinstance(f, Dimension) else None


def measure_format(fmt: str | None, data_type: str | None, currency: str | None = None) -> str | None:
    if fmt == "currency":
        return money_format(currency)
    if fmt in FORMATS:
        return FORMATS[fmt]
    if data_type == "integer":
        return FORMATS["integer"]
    if data_type in ("decimal", "float"):
        return FORMATS["decimal"]
    return None
