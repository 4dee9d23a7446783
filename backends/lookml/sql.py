"""SQL inside LookML: what a `sql:` block cannot carry, and filters Looker's syntax can express.

Column references in expressions are rewritten to `${TABLE}.<quoted column>` (or `${dim}` where a
measure refers to a column that has a dimension), and everything else is transpiled from the
source dialect with sqlglot; quoting and that rewriting are the shared helpers of
backends/sql_common.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from backends.sql_common import ExprError, concat_sql, quote, quoting, render_expr, split_quoted, table_sql

__all__ = [
    "ExprError", "concat_sql", "quote", "quoting", "render_expr", "split_quoted", "table_sql",
    "UNSAFE", "unsafe_reason", "unsafe_name_reason", "SimpleFilter", "simple_filters", "filter_value",
]

# Text LookML cannot carry inside a `sql:` block: `;;` ends the block, `${` starts a
# substitution and `{{` / `{%` start Liquid. None of them can be escaped.
UNSAFE = (";;", "${", "{{", "{%")


def unsafe_reason(text: str) -> str | None:
    for token in UNSAFE:
        if token in text:
            return f"contains {token!r}, which LookML cannot escape inside a sql block"
    return None


def unsafe_name_reason(name: str) -> str | None:
    """unsafe_reason for a table or column name, which must also stay on one line: Looker's
    generated SQL does not keep a line break inside a quoted identifier."""
    if "\n" in name or "\r" in name:
        return "contains a line break, which a quoted identifier in LookML SQL cannot keep"
    return unsafe_reason(name)


@dataclass(frozen=True)
class SimpleFilter:
    column: str
    quoted: bool
    op: str  # '=', '>', '>=', '<', '<='
    value: str | bool | None  # string literal text, number text, a day, True, or None (IS NULL)
    kind: str  # 'string' | 'number' | 'boolean' | 'date' (value 'YYYY-MM-DD') | 'null' (IS NULL)


_OPS = {exp.EQ: "=", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<="}
_SAFE_STRING = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .]*\Z")
_FILTER_WORDS = {"null", "empty", "not", "and", "or"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# Looker's words for a bound on a date: "after" is on or after, "before" strictly before. (A
# filter on one day is a range up to the next, which has no day after 9999-12-31: not written.)
_DATE_WORDS = {">=": "after", "<": "before"}


def simple_filters(sql: str, dialect: str) -> list[SimpleFilter] | None:
    """The conjuncts of `sql` when every one is `col = 'v'`, `col <op> n`, `col = TRUE` / `col`,
    `col IS NULL` or `col >= 'YYYY-MM-DD'` / `col < 'YYYY-MM-DD'`, with values Looker's filter
    syntax reads literally; None otherwise."""
    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except Exception:
        return None
    out: list[SimpleFilter] = []
    for part in tree.flatten() if isinstance(tree, exp.And) else [tree]:
        while isinstance(part, exp.Paren):
            part = part.this
        f = _one_filter(part)
        if f is None:
            return None
        out.append(f)
    return out


def _column(node: exp.Expression) -> exp.Identifier | None:
    if isinstance(node, exp.Column) and not node.table and isinstance(node.this, exp.Identifier):
        return node.this
    return None


def _one_filter(node: exp.Expression) -> SimpleFilter | None:
    ident = _column(node)
    if ident is not None:
        return SimpleFilter(ident.this, bool(ident.quoted), "=", True, "boolean")
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null) and (ident := _column(node.this)) is not None:
        return SimpleFilter(ident.this, bool(ident.quoted), "=", None, "null")
    op = _OPS.get(type(node))
    if op is None:
        return None
    ident = _column(node.this)
    value = node.expression
    if ident is None:
        return None
    if isinstance(value, exp.Boolean) and op == "=" and value.this is True:
        return SimpleFilter(ident.this, bool(ident.quoted), "=", True, "boolean")
    if isinstance(value, exp.Literal):
        text = str(value.this)
        if value.is_string:
            if op in _DATE_WORDS and _DAY.match(text):
                return SimpleFilter(ident.this, bool(ident.quoted), op, text, "date")
            if op == "=" and reads_literally(text):
                return SimpleFilter(ident.this, bool(ident.quoted), op, text, "string")
            return None
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return SimpleFilter(ident.this, bool(ident.quoted), op, text, "number")
    return None


def reads_literally(text: str) -> bool:
    """Whether Looker's filter syntax reads `text` as the value itself (no operator, wildcard,
    comma or filter word in it), so it can be written bare in `filters: [field: "text"]`."""
    return bool(_SAFE_STRING.match(text)) and text == text.strip() and text.lower() not in _FILTER_WORDS


def filter_value(f: SimpleFilter) -> str:
    """The Looker filter expression for one simple filter."""
    if f.kind == "boolean":
        return "yes"
    if f.kind == "null":
        return "NULL"
    if f.kind == "date":
        return f"{_DATE_WORDS[f.op]} {str(f.value).replace('-', '/')}"
    if f.kind == "string":
        return str(f.value)
    return str(f.value) if f.op == "=" else f"{f.op}{f.value}"
