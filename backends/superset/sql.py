"""SQL text for the bundle: table names, and expressions whose column references are rewritten.

All of it is the shared, dialect-generic helpers of backends/sql_common.py; only which column
references a Superset expression rewrites is decided here.
"""

from __future__ import annotations

from typing import Callable

from backends import sql_common
from backends.sql_common import ExprError, quote, resolve_column, table_sql

__all__ = ["ExprError", "quote", "table_sql", "render_expr", "resolve_column"]


def render_expr(sql: str, dialect: str, ref: Callable[[str, bool], str]) -> str:
    """`sql` (source dialect) regenerated for the same dialect, each unqualified column reference
    replaced by `ref(column_name, quoted_in_source)`."""
    return sql_common.render_expr(sql, dialect, ref, qualified=False)
