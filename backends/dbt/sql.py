"""SQL inside the dbt files: casts in staging models, expressions over staged columns, and the
composite-key expressions data tests compare. Everything is generated with sqlglot for the
source dialect (dbt runs on the warehouse the source lives in)."""

from __future__ import annotations

from functools import lru_cache

from sqlglot import exp

from backends.sql_common import ExprError, identifier_sql, quote, rewrite_columns, sqlglot_dialect

# Casts that keep every value: integers widen to BIGINT, floats to DOUBLE. A decimal is cast only
# to the precision and scale its source column spells (decimal_cast): a guess could round money.
CAST_TYPES = {
    "integer": "bigint",
    "float": "double",
    "string": "text",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp",
    "timestamp_tz": "timestamptz",
}
# SQLite stores dates as text or numbers; CAST(... AS DATE) there yields a number, not a date.
# Nor has it exact decimals: a cast to DECIMAL(p,s) gives a float.
NO_CAST = {"sqlite": {"date", "timestamp", "timestamp_tz", "boolean", "decimal"}}
_DECIMALS = {exp.DataType.Type.DECIMAL, exp.DataType.Type.BIGDECIMAL}
# Text dbt's Jinja would read as a tag, in an identifier or an expression.
JINJA = ("{{", "}}", "{%", "%}", "{#", "#}")


def jinja_unsafe(text: str) -> bool:
    return any(t in text for t in JINJA)


# The type functions below are pure functions of a few strings and are asked once per column:
# cached, since building and printing a sqlglot type costs far more than a lookup.
@lru_cache(maxsize=4096)
def cast_type(data_type: str, dialect: str, native_type: str | None = None) -> str | None:
    """The type a staging model casts a column of `data_type` (declared in the source as
    `native_type`) to, in `dialect`; or None."""
    if data_type in NO_CAST.get(dialect, ()):
        return None
    if data_type == "decimal":
        return decimal_cast(native_type, dialect)
    target = CAST_TYPES.get(data_type)
    if target is None:
        return None
    return exp.DataType.build(target).sql(dialect=sqlglot_dialect(dialect)).lower()


def _parsed_decimal(type_text: str | None, dialect: str) -> exp.DataType | None:
    """`type_text` as a decimal type with its precision (and scale) spelled out, else None."""
    if not type_text:
        return None
    try:
        t = exp.DataType.build(type_text, dialect=sqlglot_dialect(dialect))
    except Exception:  # sqlglot raises several error types for a type it does not know
        return None
    params = [p.this for p in t.expressions]
    if t.this not in _DECIMALS or not 1 <= len(params) <= 2 or not all(isinstance(p, exp.Literal) and p.is_int for p in params):
        return None
    return t


@lru_cache(maxsize=4096)
def decimal_cast(native_type: str | None, dialect: str) -> str | None:
    """The source's own decimal type (say numeric(12, 2)), which casts without rounding; None when
    the source does not spell the precision."""
    t = _parsed_decimal(native_type, dialect)
    return t.sql(dialect=sqlglot_dialect(dialect)).lower() if t is not None else None


@lru_cache(maxsize=4096)
def type_category_of(yaml_type: str | None, dialect: str) -> str | None:
    """The normalized type a staging column's `data_type` came from (inverse of cast_type)."""
    if yaml_type is None:
        return None
    for normalized in CAST_TYPES:
        if cast_type(normalized, dialect) == yaml_type:
            return normalized
    if _parsed_decimal(yaml_type, dialect) is not None:
        return "decimal"
    return yaml_type


_MARK = "__mb_column__"


@lru_cache(maxsize=256)
def _cast_template(cast: str, dialect: str) -> tuple[str, str] | None:
    """A cast of a marker column to `cast` as sqlglot prints it, and the marker's text in it."""
    d = sqlglot_dialect(dialect)
    marker = identifier_sql(_MARK, dialect, quoted=True)
    text = exp.Cast(this=exp.column(exp.to_identifier(_MARK, quoted=True)), to=exp.DataType.build(cast, dialect=d)).sql(dialect=d)
    return (text, marker) if text.count(marker) == 1 else None


def projection(raw: str, name: str, cast: str | None, dialect: str) -> str:
    """A staging model's select item: the raw column, cast and renamed when it must be. The text
    sqlglot prints for the cast of that column, built from a per-type template (printed by
    sqlglot once) with the quoted column put in: one staging column per source column adds up."""
    col = identifier_sql(raw, dialect, quoted=True)
    if cast:
        template = _cast_template(cast, dialect)
        if template is None:
            d = sqlglot_dialect(dialect)
            text = exp.Cast(this=exp.column(exp.to_identifier(raw, quoted=True)), to=exp.DataType.build(cast, dialect=d)).sql(dialect=d)
        else:
            text = template[0].replace(template[1], col)
    else:
        text = col
    return text if not cast and raw == name else f"{text} as {identifier_sql(name, dialect)}"


def over_staged(sql: str, dialect: str, staged: dict[str, str]) -> str:
    """`sql` over raw columns rewritten over the staged column names."""

    def ref(column: str) -> exp.Expression:
        if column not in staged:
            raise ExprError(f"refers to unknown column {column!r}")
        return exp.column(staged[column])

    return rewrite_columns(sql, dialect, ref).sql(dialect=sqlglot_dialect(dialect))


def when(filter_sql: str, then: str, dialect: str) -> str:
    """`case when <filter> then <then> end`: a filtered measure MetricFlow can aggregate."""
    d = sqlglot_dialect(dialect)
    case = exp.Case(ifs=[exp.If(this=exp.condition(filter_sql, dialect=d), true=exp.maybe_parse(then, dialect=d))])
    return case.sql(dialect=d)


def key_expr(columns: list[str], dialect: str, quoted: bool) -> str:
    """One column, or a composite key as `a || '|' || b` (cast to text) in `dialect`."""
    d = sqlglot_dialect(dialect)
    idents = [exp.column(exp.to_identifier(c, quoted=quoted)) for c in columns]
    if len(idents) == 1:
        return idents[0].sql(dialect=d)
    items: list[exp.Expression] = []
    for i, ident in enumerate(idents):
        if i:
            items.append(exp.Literal.string("|"))
        items.append(exp.cast(ident, "text"))
    return exp.Concat(expressions=items).sql(dialect=d)


def identifier(name: str, dialect: str) -> str:
    """A staged name as SQL: quoted only when it must be (staged names are plain, as in staging models)."""
    return identifier_sql(name, dialect)


def qualified(table: str, column: str, dialect: str) -> str:
    """`table.column`, each part quoted only when it must be."""
    return f"{identifier_sql(table, dialect)}.{identifier_sql(column, dialect)}"


def column_sql(name: str, dialect: str) -> str:
    return quote(name, dialect)


__all__ = ["ExprError", "cast_type", "decimal_cast", "type_category_of", "projection", "over_staged", "when", "key_expr", "jinja_unsafe", "identifier", "qualified"]
