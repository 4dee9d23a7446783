"""Superset-side names: stable UUIDs, bundle paths, native column types.

UUIDs are uuid5 of a fixed namespace and the object's identity (database name, schema, table),
so compiling the same source twice gives the same UUIDs and a re-import updates the datasets
Superset already has instead of adding copies.
"""

from __future__ import annotations

import re
import uuid
from functools import lru_cache

from sqlglot import exp

from compiler.naming import fit_identifier, snake

# uuid5(NAMESPACE_URL, "https://github.com/metadata-builder/mb/backends/superset"), written out
# so that no change of that string can ever change every UUID we emit.
NAMESPACE = uuid.UUID("04c891ee-64ca-586a-8447-0a0f2a49b89c")

EXPORT_VERSION = "1.0.0"
PASSWORD_MASK = "X" * 10  # what Superset's own exports put where a password was
VIRTUAL_SUFFIX = "_explore"
# Superset's metric_type is free text; the aggregations keep Superset's own words (count, sum...)
# and model metrics are told apart by their kind.
METRIC_KINDS = ("simple", "ratio", "derived")


def database_uuid(database_name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"database/{database_name}"))


def dataset_uuid(database_name: str, schema: str | None, table_name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"dataset/{database_name}/{schema or ''}/{table_name}"))


def explore_name(table_name: str) -> str:
    """The explore a virtual dataset stands for: its name less the suffix."""
    return table_name[: -len(VIRTUAL_SUFFIX)] if table_name.endswith(VIRTUAL_SUFFIX) else table_name


_UNSAFE_FILE = re.compile(r"[^A-Za-z0-9_.-]+")


def file_part(name: str) -> str:
    """A portable file name for `name` (Superset only reads the folder a file is in): a name in
    other letters by its words in ASCII (商品 is product.yaml, Größe grosse.yaml), not "unnamed"."""
    if not name.isascii():
        name = snake(name, "unnamed")
    out = _UNSAFE_FILE.sub("_", name).strip("._") or "unnamed"
    return out[:100]


class Taken:
    """Names in use, compared case-insensitively; kept folded so a lookup does not refold them all."""

    def __init__(self, names=()):
        self._folded = {n.lower() for n in names}

    def add(self, name: str) -> None:
        self._folded.add(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._folded


def unique(name: str, taken: "set[str] | Taken") -> str:
    """`name`, or `name_2`, `name_3`... whichever is not in `taken` (compared case-insensitively:
    Superset's metadata database may fold case, and so may a file system)."""
    folded = taken._folded if isinstance(taken, Taken) else {t.lower() for t in taken}
    if name.lower() not in folded:
        return name
    n = 2
    while f"{name}_{n}".lower() in folded:
        n += 1
    return f"{name}_{n}"


def unique_fitted(name: str, taken: "set[str] | Taken", dialect: str) -> str:
    """`unique`, within the dialect's identifier limit: the virtual dataset's SQL aliases its
    columns and tables so, and PostgreSQL cuts a longer alias at 63 bytes (two joined columns
    sharing their first 63 characters became one ambiguous column). compiler.naming.fit_identifier
    cuts a long name to a stem and a stable hash; a short one is `unique`'s."""
    return fit_identifier(unique(fit_identifier(name, dialect), taken), dialect)


# Normalized type -> a type sqlglot renders in each dialect's own spelling.
_SQLGLOT_TYPE = {
    "integer": "BIGINT",
    "decimal": "DECIMAL",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "string": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "timestamp_tz": "TIMESTAMPTZ",
    "time": "TIME",
    "interval": "INTERVAL",
    "binary": "VARBINARY",
    "json": "JSON",
    "uuid": "UUID",
    "geography": "GEOGRAPHY",
}


@lru_cache(maxsize=None)
def native_type(data_type: str, dialect: str) -> str | None:
    """A column type in the source dialect's spelling for a normalized type (None for unknown
    and nested types): the stand-in when the IR does not know the column's own type, so
    VARCHAR rather than VARCHAR(120).
    """
    name = _SQLGLOT_TYPE.get(data_type)
    if name is None:
        return None
    try:
        return exp.DataType.build(name).sql(dialect=dialect or None)
    except Exception:  # a dialect without that type
        return name


_NUMBER = exp.DataType.INTEGER_TYPES | exp.DataType.REAL_TYPES
_TIME = exp.DataType.TEMPORAL_TYPES


@lru_cache(maxsize=None)
def read_type(type_text: str | None, dialect: str) -> str:
    """A normalized type for a Superset column type (what the reader and round trip compare)."""
    if not type_text:
        return "unknown"
    try:
        t = exp.DataType.build(type_text, dialect=dialect or None)
    except Exception:
        return "unknown"
    if t.is_type(exp.DataType.Type.BOOLEAN, exp.DataType.Type.BIT):
        return "boolean"
    if t.is_type(exp.DataType.Type.DATE, exp.DataType.Type.DATE32):
        return "date"
    if t.is_type(*_TIME):
        return "timestamp"
    if t.is_type(*exp.DataType.INTEGER_TYPES):
        return "integer"
    if t.is_type(*_NUMBER):
        return "decimal"
    return "string"
