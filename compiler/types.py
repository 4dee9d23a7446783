"""Type families: each column's raw type, as its dialect spells it, mapped to one normalized data
type. A leaf module (imports nothing of ours): frontends, the profiler, passes and tools use it."""

from __future__ import annotations

import re
from functools import lru_cache

from sqlglot import exp
from sqlglot.errors import ParseError

T = exp.DataType.Type

# Type names, not enum members: sqlglot adds and renames members between releases.
_GROUPS: dict[str, str] = {
    "integer": "TINYINT UTINYINT SMALLINT USMALLINT MEDIUMINT UMEDIUMINT INT UINT BIGINT UBIGINT INT128 "
    "UINT128 INT256 UINT256 SERIAL SMALLSERIAL BIGSERIAL BIT YEAR",
    "decimal": "DECIMAL DECIMAL32 DECIMAL64 DECIMAL128 DECIMAL256 BIGDECIMAL MONEY SMALLMONEY UDECIMAL",
    "float": "FLOAT DOUBLE",
    "boolean": "BOOLEAN",
    "string": "CHAR NCHAR VARCHAR NVARCHAR TEXT MEDIUMTEXT LONGTEXT TINYTEXT BPCHAR NAME ENUM ENUM8 ENUM16 "
    "SET CITEXT INET IPADDRESS XML FIXEDSTRING LOWCARDINALITY",
    "date": "DATE DATE32",
    "timestamp": "DATETIME DATETIME64 DATETIME2 TIMESTAMP TIMESTAMP_S TIMESTAMP_MS TIMESTAMP_NS TIMESTAMPNTZ SMALLDATETIME",
    "timestamp_tz": "TIMESTAMPTZ TIMESTAMPLTZ DATETIMEOFFSET",
    "time": "TIME TIMETZ",
    "interval": "INTERVAL",
    "binary": "BINARY VARBINARY BLOB MEDIUMBLOB LONGBLOB TINYBLOB IMAGE",
    "json": "JSON JSONB VARIANT OBJECT SUPER",
    "uuid": "UUID UNIQUEIDENTIFIER",
    "array": "ARRAY LIST",
    "struct": "STRUCT MAP NESTED HSTORE UNION",
    "geography": "GEOGRAPHY GEOMETRY POINT",
}
# The normalized types that are a moment or a day: what a time dimension is.
TIME_TYPES = frozenset({"date", "timestamp", "timestamp_tz"})
_BY_TYPE = {
    getattr(T, name): group for group, names in _GROUPS.items() for name in names.split() if hasattr(T, name)
}


@lru_cache(maxsize=4096)
def normalize_type(raw: str, dialect: str) -> str:
    """The normalized data type of `raw` in `dialect`; 'unknown' when nothing fits."""
    text = (raw or "").strip()
    if not text:
        return "unknown"
    upper = text.upper()
    if dialect == "sqlite" and len(upper.split("(", 1)[0].split()) > 1:
        # SQLite takes any words as a type and decides by its affinity rules (`BLOB SUB_TYPE
        # TEXT` is text); a grammar would read only the first word.
        return _affinity(upper)
    try:
        dt = exp.DataType.build(text, dialect=dialect, udt=True)
    except (ParseError, ValueError, TypeError, KeyError):
        dt = None
    if dt is not None and dt.this in _BY_TYPE:
        group = _BY_TYPE[dt.this]
        if group == "decimal":
            # Numbers with no scale are integers (Oracle NUMBER(10), NUMERIC(9,0)); a precision
            # alone means scale 0 in the SQL standard and in PostgreSQL, MySQL, SQL Server,
            # DuckDB and Oracle (NUMERIC(4) holds 7369, never 7369.5). Bare NUMERIC has any scale.
            params = [e for e in dt.expressions if isinstance(e, exp.DataTypeParam)]
            if len(params) == 2 and params[1].name == "0" and "MONEY" not in upper:
                return "integer"
            if len(params) == 1 and "MONEY" not in upper and dialect != "sqlite":
                return "integer"
        if group == "date" and dialect == "oracle":
            return "timestamp"  # an Oracle DATE carries a time of day
        if group == "integer" and dt.this == T.BIT and dialect in ("tsql",):
            return "boolean"
        if group == "integer" and dt.this == T.TINYINT and dialect == "mysql" and upper.replace(" ", "") == "TINYINT(1)":
            return "boolean"
        if group == "integer" and dt.this == T.BIT and dialect == "mysql" and upper.replace(" ", "") in ("BIT", "BIT(1)"):
            return "boolean"  # one bit: yes or no (a badge given for a tag or not), never a number to add up
        return group
    return _affinity(upper)


_FIXED_CHARS = re.compile(r"^\s*(N?CHAR|CHARACTER|NATIONAL\s+CHAR(ACTER)?|BPCHAR)\s*(\(\s*\d+\s*\))?\s*$", re.IGNORECASE)


def fixed_width_text(raw: str | None) -> bool:
    """A text type of a fixed width (CHAR(4), CHARACTER(3), NCHAR(10), PostgreSQL's bpchar): a width
    the designer fixed for codes (a sales organisation '1000', a client '800', a postal code), where
    a number that varies in size would be kept as a number."""
    return bool(raw) and _FIXED_CHARS.match(raw) is not None  # type: ignore[arg-type]


def _affinity(upper: str) -> str:
    """SQLite-style affinity rules for type names no grammar knows (`NVARCHAR2`, `DATETIMEOFFSET`, user types)."""
    if "INT" in upper and "INTERVAL" not in upper and "POINT" not in upper:
        return "integer"
    if "BOOL" in upper:
        return "boolean"
    if any(k in upper for k in ("CHAR", "CLOB", "TEXT", "STRING")):
        return "string"
    if any(k in upper for k in ("BLOB", "BINARY", "BYTEA", "RAW")):
        return "binary"
    if any(k in upper for k in ("REAL", "FLOA", "DOUB")):
        return "float"
    if any(k in upper for k in ("DEC", "NUMERIC", "NUMBER", "MONEY")):
        return "decimal"
    if "TIMESTAMP" in upper or "DATETIME" in upper:
        return "timestamp_tz" if ("TZ" in upper or "ZONE" in upper or "OFFSET" in upper) else "timestamp"
    if "DATE" in upper:
        return "date"
    if "TIME" in upper:
        return "time"
    if "JSON" in upper:
        return "json"
    if "UUID" in upper:
        return "uuid"
    return "unknown"


@lru_cache(maxsize=None)
def sqlglot_dialect(dialect: str | None) -> str | None:
    """The name sqlglot knows a dialect by; None (generic SQL) for one it does not know. Cached:
    every generated expression asks, tens of thousands of times in a large compile."""
    try:
        from sqlglot.dialects.dialect import Dialect

        Dialect.get_or_raise(dialect or None)
        return dialect or None
    except Exception:  # noqa: BLE001 - an unknown dialect reads as generic SQL
        return None


@lru_cache(maxsize=4096)
def is_column_cast(expr: str | None, column: str | None, dialect: str | None) -> bool:
    """Whether `expr` only casts `column` (a time kept as ISO text, read as a time; a number or
    money kept as text, its '' read as NULL; a true/false kept as text read as a boolean):
    targets that type their columns themselves (a dbt staging model, a Power BI column) bind the
    column instead."""
    return bool(column) and cast_column(expr, dialect) == column


@lru_cache(maxsize=4096)
def cast_column(expr: str | None, dialect: str | None) -> str | None:
    """The column `expr` only casts (see is_column_cast); None for any other expression."""
    if not expr:
        return None
    import sqlglot

    try:
        tree = sqlglot.parse_one(expr, read=sqlglot_dialect(dialect))
    except Exception:  # noqa: BLE001 - an expression sqlglot cannot read is no plain cast
        return None
    if isinstance(tree, exp.Case):
        return flag_column(tree)
    if not isinstance(tree, (exp.Cast, exp.TryCast)):
        return None
    inner = unblanked(tree.this)
    return inner.name if isinstance(inner, exp.Column) and not inner.table else None


def unblanked(node: exp.Expression) -> exp.Expression:
    """The column of NULLIF(column, ''): text that writes a missing value as '' (normalize_types),
    of NULLIF(NULLIF(column, 'T'), ''), numbers with a marker of none, and of money written as text, its symbol and separators replaced (REPLACE(column, '$', ''))."""
    if isinstance(node, exp.Nullif) and _is_text(node.expression) and node.expression.name == "":
        node = node.this
        if isinstance(node, exp.Nullif) and (_is_text(node.expression) or _spelled_text(node.expression)):
            node = node.this  # a marker of no number among numbers ('T' for a trace): no value either
        while isinstance(node, exp.Replace) and _is_text(node.expression) and _is_text(node.args.get("replacement")):
            node = node.this
    return node


def _is_text(node: exp.Expression | None) -> bool:
    return isinstance(node, exp.Literal) and node.is_string


def _spelled_text(node: exp.Expression | None) -> bool:
    """Text spelled in pieces, no column in it: (CHR(92) || 'N'), a dump's '\\N' as Cube's files write it."""
    if node is None:
        return False
    node = node.unnest()
    return isinstance(node, (exp.DPipe, exp.Concat)) and not any(True for _ in node.find_all(exp.Column))


def flag_column(tree: exp.Expression) -> str | None:
    """The column of CASE WHEN LOWER(column) IN ('t') THEN TRUE WHEN LOWER(column) IN ('f') THEN
    FALSE END, a true/false kept as text (normalize_types); None for any other expression."""
    if not isinstance(tree, exp.Case) or tree.args.get("default") is not None or tree.this is not None:
        return None
    ifs = tree.args.get("ifs") or []
    columns = set()
    for branch, truth in zip(ifs, (True, False)):
        cond, then = branch.this, branch.args.get("true")
        if not (isinstance(cond, exp.In) and isinstance(cond.this, exp.Lower) and isinstance(cond.this.this, exp.Column)
                and not cond.this.this.table and cond.expressions and all(_is_text(e) for e in cond.expressions)):
            return None
        if not (isinstance(then, exp.Boolean) and then.this is truth):
            return None
        columns.add(cond.this.this.name)
    return columns.pop() if len(ifs) == 2 and len(columns) == 1 else None


@lru_cache(maxsize=4096)
def is_column_conversion(expr: str | None, column: str | None, dialect: str | None) -> bool:
    """Whether `expr` reads `column` alone as a time: a plain cast, a day kept as YYYYMMDD rebuilt
    as a date, a Unix time read as its instant (normalize_types); or as a number, money or a
    true/false kept as text, or a calendar's 0/1 number as a true/false. A dbt staging model
    selects it in the column's place."""
    if not expr or not column:
        return False
    import sqlglot

    try:
        tree = sqlglot.parse_one(expr, read=sqlglot_dialect(dialect))
    except Exception:  # noqa: BLE001 - an expression sqlglot cannot read is no conversion
        return False
    if flag_column(tree) == column:
        return True  # a true/false kept as text: a dbt staging model selects its CASE
    dated = (isinstance(tree, (exp.Cast, exp.TryCast))
             and tree.to.is_type(*exp.DataType.TEMPORAL_TYPES, *exp.DataType.NUMERIC_TYPES, exp.DataType.Type.BOOLEAN)) or (
        isinstance(tree, exp.Anonymous) and tree.name.upper() in ("DATE", "DATETIME", "TO_TIMESTAMP")) or isinstance(
        tree, (exp.Date, exp.UnixToTime, exp.DateAdd, exp.StrToTime, exp.StrToDate, exp.TsOrDsToDate))
    columns = list(tree.find_all(exp.Column))
    return dated and bool(columns) and all(c.name == column and not c.table for c in columns)
