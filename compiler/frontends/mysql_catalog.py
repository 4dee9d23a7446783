"""What SQLAlchemy's MySQL/MariaDB reflection gets wrong, put right from information_schema.

SQLAlchemy reads a MySQL table by parsing SHOW CREATE TABLE, line by line: a backtick in a name
comes back doubled (`a``b`), a column whose name holds a line break is dropped (its definition
spans two lines), and a foreign key to a table with a backtick in its name is lost.
information_schema has every name as it is; these functions read it and repair what reflection
returned: column names and missing columns (in their place), names in keys, foreign keys.
"""

from __future__ import annotations

from typing import Any

from ir.catalog import Column, ForeignKey, TableRef

_COLUMNS = (
    "SELECT column_name, column_type, is_nullable, column_default, column_comment FROM information_schema.columns "
    "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position"
)
_FOREIGN_KEYS = (
    "SELECT k.constraint_name, k.column_name, k.referenced_table_schema, k.referenced_table_name, k.referenced_column_name "
    "FROM information_schema.key_column_usage k "
    "JOIN information_schema.referential_constraints r "
    "  ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name AND r.table_name = k.table_name "
    "WHERE k.table_schema = %s AND k.table_name = %s AND k.referenced_table_name IS NOT NULL "
    "ORDER BY k.constraint_name, k.ordinal_position"
)


def _rows(conn: Any, sql: str, params: tuple) -> list[tuple]:
    return [tuple(r) for r in conn.exec_driver_sql(sql, params).fetchall()]


def unescape(name: str, real: set[str]) -> str:
    """A name reflection returned with its backticks doubled, as it really is."""
    if name in real or "``" not in name:
        return name
    fixed = name.replace("``", "`")
    return fixed if fixed in real else name


def repair_columns(conn: Any, schema: str, table: str, columns: list[Column]) -> list[Column]:
    """`columns` as information_schema has them: names unescaped, dropped columns put back."""
    info = _rows(conn, _COLUMNS, (schema, table))
    if not info:
        return columns
    real = {r[0] for r in info}
    by_name = {unescape(c.name, real): c for c in columns}
    out = []
    for name, column_type, nullable, default, comment in info:
        col = by_name.get(name)
        if col is None:  # reflection lost it: read it from information_schema
            col = Column(name=name, type=str(column_type).upper(), nullable=nullable == "YES",
                         default=None if default is None else str(default), comment=comment or None)
        elif col.name != name:
            col = col.model_copy(update={"name": name})
        out.append(col)
    return out


def foreign_keys(conn: Any, schema: str, table: str) -> list[ForeignKey]:
    """The table's foreign keys, names exact, however their tables and columns are named."""
    keys: dict[str, ForeignKey] = {}
    for name, column, ref_schema, ref_table, ref_column in _rows(conn, _FOREIGN_KEYS, (schema, table)):
        fk = keys.get(name)
        if fk is None:
            fk = keys[name] = ForeignKey(columns=[], ref_table=TableRef(name=ref_table, schema=ref_schema), ref_columns=[], name=name)
        fk.columns.append(column)
        fk.ref_columns.append(ref_column)
    return list(keys.values())
