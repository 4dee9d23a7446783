"""SQL between the IR and Ossie: field expressions and metric aggregates.

Ossie expressions are ANSI SQL (sqlglot's default dialect, double-quoted identifiers). A field's
expression is over its dataset's columns; a metric's is an aggregate over fields written
`dataset.field` (the Ossie expression language's namespacing), so a measure's columns are
rewritten to the fields that expose them, and back when a file is read.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from backends.aggregates import Aggregate, AggregateError, aggregates, build_aggregate, read_aggregate  # noqa: F401

ANSI = ""  # sqlglot's default dialect: ANSI SQL
# Dialects whose unquoted identifiers match any case: a mixed-case column needs no quotes there,
# and quoting it would not change what it names.
_CASE_INSENSITIVE = {"sqlite", "mysql", "tsql", "duckdb", "bigquery", "databricks", "spark", "hive", "clickhouse"}
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


# One error for SQL that does not parse and aggregates the IR cannot hold (backends/aggregates.py).
SqlError = AggregateError


@lru_cache(maxsize=1 << 14)
def _plain(name: str) -> bool:
    """Reads back as a column of that name unquoted (a word that is no keyword)."""
    if not _PLAIN.match(name):
        return False
    try:
        tree = sqlglot.parse_one(name, read=ANSI)
    except SqlglotError:
        return False
    return isinstance(tree, exp.Column) and tree.name == name and not tree.table


def identifier(name: str, dialect: str | None) -> exp.Identifier:
    """`name` as an ANSI identifier: quoted when it is not a plain word, is a keyword, or
    would name something else unquoted (mixed case in a case-sensitive source)."""
    plain = _plain(name)
    sensitive = (dialect or "") not in _CASE_INSENSITIVE and name != name.lower()
    return exp.Identifier(this=name, quoted=not plain or sensitive)


def parse(sql: str, dialect: str | None) -> exp.Expression:
    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except SqlglotError as e:
        raise SqlError(str(e).splitlines()[0]) from None
    if tree is None:
        raise SqlError("empty expression")
    return tree


def to_ansi(sql: str, dialect: str | None) -> str:
    """A source-dialect expression in ANSI SQL."""
    return parse(sql, dialect).sql(dialect=ANSI)


def from_ansi(sql: str, dialect: str | None) -> str:
    """An ANSI expression in the model's dialect."""
    return parse(sql, ANSI).sql(dialect=dialect or None)


def column_sql(column: str, dialect: str | None) -> str:
    return exp.Column(this=identifier(column, dialect)).sql(dialect=ANSI)


def field_ref(dataset: str, field: str) -> exp.Column:
    return exp.Column(this=identifier(field, None), table=identifier(dataset, None))


def source_of(schema: str | None, table: str, dialect: str | None) -> str:
    """A dataset's `source`: schema.table, each part quoted as it needs."""
    parts = [schema, table] if schema else [table]
    return ".".join(identifier(p, dialect).sql(dialect=ANSI) for p in parts)


def split_source(source: str) -> list[str] | None:
    """The parts of a `source` naming a table (database.schema.table); None for a query."""
    try:
        tree = sqlglot.parse_one(source, read=ANSI, into=exp.Table)
    except SqlglotError:
        return None
    if not isinstance(tree, exp.Table) or not tree.name:
        return None
    return [p.name for p in tree.parts]


