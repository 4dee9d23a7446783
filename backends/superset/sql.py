"""SQL text for the bundle: table names, and expressions whose column references are rewritten.

Quoting comes from backends/sql_common.py (shared by the backends); what is here could move there
too (render_expr and resolve_column are not Superset-specific).
"""

from __future__ import annotations

from typing import Callable

import sqlglot
from sqlglot import exp

from backends.sql_common import ExprError, quote

__all__ = ["ExprError", "quote", "table_sql", "render_expr", "resolve_column"]

_PLACEHOLDER = "__MBREF{}__"


def table_sql(name: str, schema: str | None, dialect: str) -> str:
    return f"{quote(schema, dialect)}.{quote(name, dialect)}" if schema else quote(name, dialect)


def render_expr(sql: str, dialect: str, ref: Callable[[str, bool], str]) -> str:
    """`sql` (source dialect) regenerated for the same dialect, each unqualified column reference
    replaced by `ref(column_name, quoted_in_source)`."""
    if "__MBREF" in sql:
        raise ExprError("uses the reserved placeholder __MBREF")
    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except Exception as e:  # sqlglot raises several error types
        raise ExprError(f"does not parse: {e}") from None
    refs: list[str] = []

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and isinstance(node.this, exp.Identifier):
            refs.append(ref(node.this.this, bool(node.this.quoted)))
            return exp.column(_PLACEHOLDER.format(len(refs) - 1))
        return node

    tree = tree.transform(swap)
    try:
        out = tree.sql(dialect=dialect or None)
    except Exception as e:
        raise ExprError(f"cannot be generated: {e}") from None
    # From the highest index down, so __MBREF1__ never clobbers part of __MBREF10__.
    for i in range(len(refs) - 1, -1, -1):
        out = out.replace(_PLACEHOLDER.format(i), refs[i])
    return out


def resolve_column(name: str, quoted: bool, columns: dict[str, None]) -> str | None:
    """The known column `name` refers to: exact, or (unquoted) the one case-insensitive match."""
    if name in columns:
        return name
    if not quoted:
        hits = [c for c in columns if c.lower() == name.lower()]
        if len(hits) == 1:
            return hits[0]
    return None
