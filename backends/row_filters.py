"""An entity's row filters (Entity.row_filters, decided by passes.soft_deletes) in each target's
language: one SQL condition, a derived base selecting the rows that meet it, and Power Query's.

Every target filters at the entity's base (a derived table, a cube's `sql`, a virtual dataset, a
filtered dbt model, a partition's step), not in its explores: a join then meets only the live rows
of the entity it joins, as its root does, and every target counts the same rows."""

from __future__ import annotations

import re
from typing import Callable, NamedTuple

import sqlglot
from sqlglot import exp

from backends.sql_common import quote, table_sql
from compiler.types import sqlglot_dialect
from ir.semantic import Entity, RowFilter


# Dialects whose true/false columns are numbers (T-SQL's BIT, Oracle's NUMBER(1)): no NOT on them.
NUMERIC_FLAGS = frozenset({"tsql", "oracle"})


def _condition(f: RowFilter, column: str, dialect: str = "") -> str:
    """The row is live: the mark unset (a NULL flag is unset) or, for a time, NULL."""
    if f.kind == "timestamp":
        return f"{column} IS NULL"
    if isinstance(f.deleted_value, str):  # a text flag ('Y', 'true', '1' kept as text): compared as text
        return f"({column} IS NULL OR {column} <> {text_literal(f.deleted_value, dialect)})"
    if f.deleted_value is True and sqlglot_dialect(dialect) in NUMERIC_FLAGS:
        return f"({column} IS NULL OR {column} = 0)"
    if f.deleted_value is True:
        # NOT reads a boolean in every dialect that has one and a MySQL/SQLite 0/1 alike.
        return f"({column} IS NULL OR NOT {column})"
    return f"({column} IS NULL OR {column} <> {int(f.deleted_value or 0)})"


def text_literal(value: str, dialect: str = "") -> str:
    """A text value as an SQL string literal of the dialect."""
    try:
        return exp.Literal.string(value).sql(dialect=sqlglot_dialect(dialect))
    except Exception:  # noqa: BLE001 - an unknown dialect: ANSI quoting
        return "'" + value.replace("'", "''") + "'"


def live_sql(entity: Entity, dialect: str) -> str | None:
    """The condition a live row meets, columns quoted for the dialect; None when the entity keeps
    every row."""
    return conditions_sql(entity.row_filters, dialect)


def conditions_sql(filters: list[RowFilter], dialect: str) -> str | None:
    if not filters:
        return None
    return " AND ".join(_condition(f, quote(f.column, dialect), dialect) for f in filters)


def based_sql(entity: Entity, dialect: str, source: str | None = None) -> str | None:
    """SELECT * FROM the entity's table (or `source`) WHERE its rows are live; None when the
    entity keeps every row."""
    where = live_sql(entity, dialect)
    if where is None:
        return None
    return f"SELECT * FROM {source or table_sql(entity.table.name, entity.table.schema_, dialect)} WHERE {where}"


def _m_condition(f: RowFilter, field: str, m_string: Callable[[str], str]) -> str:
    if f.kind == "timestamp":
        return f"{field} = null"
    if isinstance(f.deleted_value, str):  # a text flag: null <> "Y" holds, so a NULL one is live
        return f"{field} <> {m_string(f.deleted_value)}"
    if f.deleted_value is True:
        # A connector may read a 0/1 flag (MySQL's TINYINT(1)) as a number, and in M 1 <> true
        # holds: both forms are ruled out. null <> true holds too, so a NULL flag is live, as in SQL.
        return f"{field} <> true and {field} <> 1"
    return f"{field} <> {int(f.deleted_value or 0)}"


def m_live(entity: Entity, m_string: Callable[[str], str]) -> str | None:
    """Power Query's `each` function keeping the live rows (Table.SelectRows), columns by their
    source name; None when every row is kept."""
    return m_conditions(entity.row_filters, m_string)


def m_conditions(filters: list[RowFilter], m_string: Callable[[str], str]) -> str | None:
    if not filters:
        return None
    parts = [_m_condition(f, f"Record.Field(_, {m_string(f.column)})", m_string) for f in filters]
    return "each " + " and ".join(parts)


_M_STRING = r'"(?:[^"]|"")*"'
_M_PART = re.compile(rf"Record\.Field\(_, ({_M_STRING})\) (<>|=) (true|null|-?\d+|{_M_STRING})")
_M_KEEP = re.compile(r"Table\.SelectRows\(\w+, (each .*)\)\s*,?\s*$", re.MULTILINE)


def from_m(m: str, m_text: Callable[[str], str], m_string: Callable[[str], str]) -> list[RowFilter]:
    """The filters a partition's Table.SelectRows step (m_live) keeps rows by, read back; `m_text`
    reads an M text literal's body, `m_string` writes one. Only the conditions m_live writes are
    read: a step keeping rows by anything else (a person's `[status] = "open"`, or
    mb's condition and one more) gives no filter at all."""
    keep = _M_KEEP.search(m)
    if keep is None:
        return []
    out: list[RowFilter] = []
    for name, op, value in _M_PART.findall(keep.group(1)):
        column = m_text(name[1:-1])
        if any(f.column == column and f.deleted_value is True for f in out) and value == "1":
            continue  # the number form m_live writes beside `<> true`: one filter
        if op == "=" and value == "null":
            out.append(RowFilter(column=column, kind="timestamp"))
        elif op == "<>" and value.startswith('"'):
            out.append(RowFilter(column=column, kind="flag", deleted_value=m_text(value[1:-1])))
        elif op == "<>" and value != "null":
            out.append(RowFilter(column=column, kind="flag", deleted_value=True if value == "true" else int(value)))
    if m_conditions(out, m_string) != keep.group(1).strip():
        return []  # not the step m_live writes: a person's own, kept whole or not at all
    return out


class Based(NamedTuple):
    """A derived base read back: the table it selects from, as written there, and its filters."""

    table: str
    filters: list[RowFilter]


def based_table(text: str, dialect: str | None) -> Based | None:
    """The table a derived base (based_sql) selects from and the filters it keeps rows by; None
    for any other SQL. Only the conditions `_condition` writes are read: a person's own filtered
    query (`WHERE status = 'open'`) is no table, and reading it as one would drop its WHERE."""
    d = sqlglot_dialect(dialect)
    try:
        tree = sqlglot.parse_one(text, read=d)
    except Exception:  # noqa: BLE001 - not SQL mb wrote
        return None
    return _based_select(tree, d)


def _based_select(tree, d: str | None) -> Based | None:
    if not isinstance(tree, exp.Select) or not tree.is_star or len(tree.expressions) != 1:
        return None
    # based_sql writes a FROM and a WHERE and nothing else (no join, grouping, order, limit, CTE).
    if {k for k, v in tree.args.items() if v} - {"expressions", "from", "from_", "where"}:
        return None
    source = tree.args.get("from_") or tree.args.get("from")
    where = tree.args.get("where")
    if source is None or where is None or not isinstance(source.this, exp.Table) or source.this.alias:
        return None
    filters = read_where(where.this, d)
    return Based(source.this.sql(dialect=d), filters) if filters else None


def select_where(sql: str | exp.Expression, dialect: str | None) -> exp.Expression | None:
    """The WHERE condition of one SELECT, given as text in the dialect or parsed; None for text
    that is no SQL sqlglot reads, any other statement, or a SELECT without one. Every reader of
    a query's filter (a partition's native query, a staged dbt model) reads it so."""
    if isinstance(sql, str):
        try:
            sql = sqlglot.parse_one(sql, read=sqlglot_dialect(dialect))
        except Exception:  # noqa: BLE001 - not SQL sqlglot reads
            return None
    where = sql.args.get("where") if isinstance(sql, exp.Select) else None
    return where.this if where is not None else None


def where_filters(sql: str | exp.Expression, dialect: str | None) -> list[RowFilter]:
    """mb's row filters a SELECT's WHERE (select_where) keeps rows by; none for a query without
    one or with a person's own condition (read_where)."""
    where = select_where(sql, dialect)
    return (read_where(where, dialect) or []) if where is not None else []


def read_where(condition, dialect: str | None) -> list[RowFilter] | None:
    """The filters a WHERE condition (live_sql's) keeps rows by; None when any part of it is not
    a condition `_condition` writes (a person's own filter: no soft-delete filter of mb's)."""
    if condition is None:
        return None
    d = sqlglot_dialect(dialect)
    filters = []
    for part in condition.flatten() if isinstance(condition, exp.And) else [condition]:
        f = _read_condition(part, d)
        if f is None:
            return None
        filters.append(f)
    return filters


def _read_condition(part, dialect: str | None) -> RowFilter | None:
    """The filter `_condition` writes as `part`, found by writing each filter the column could
    carry and comparing; None when no filter writes it."""

    column = part.find(exp.Column)
    if column is None or column.table:
        return None
    numbers = {int(n.this) for n in part.find_all(exp.Literal) if n.is_int}
    texts = {n.this for n in part.find_all(exp.Literal) if n.is_string}
    candidates = [RowFilter(column=column.name, kind="timestamp"), RowFilter(column=column.name, kind="flag", deleted_value=True),
                  *(RowFilter(column=column.name, kind="flag", deleted_value=n) for n in sorted(numbers)),
                  *(RowFilter(column=column.name, kind="flag", deleted_value=t) for t in sorted(texts))]
    written = part.unnest().sql(dialect=dialect)
    for f in candidates:
        # A true/false flag is `NOT c` in a dialect with booleans, `c = 0` in one without.
        for form in dict.fromkeys([dialect or "", "tsql"]):
            mine = sqlglot.parse_one(_condition(f, column.sql(dialect=dialect), form), read=dialect)
            if mine.unnest().sql(dialect=dialect) == written:
                return f
    return None


def live_table(node, dialect: str | None = None):
    """A table, or a table's live rows selected in a subquery (based_sql, read as based_table
    reads it) as that table under the subquery's alias; any other node, a person's own filtered
    subquery too, as it is. Readers of SQL that joins entities use it."""

    if isinstance(node, exp.Subquery) and _based_select(node.this, sqlglot_dialect(dialect)) is not None:
        inner = node.this.args.get("from_") or node.this.args.get("from")
        table = inner.this.copy()
        table.set("alias", exp.TableAlias(this=exp.to_identifier(node.alias_or_name)))
        return table
    return node
