"""SQL inside LookML: identifier quoting per dialect, `${...}` references, filters.

Column references in expressions are rewritten to `${TABLE}.<quoted column>` (or `${dim}` where a
measure refers to a column that has a dimension), and everything else is transpiled from the
source dialect with sqlglot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

# Text LookML cannot carry inside a `sql:` block: `;;` ends the block, `${` starts a
# substitution and `{{` / `{%` start Liquid. None of them can be escaped.
UNSAFE = (";;", "${", "{{", "{%")


def unsafe_reason(text: str) -> str | None:
    for token in UNSAFE:
        if token in text:
            return f"contains {token!r}, which LookML cannot escape inside a sql block"
    return None


@dataclass(frozen=True)
class Quoting:
    start: str
    end: str
    escaped_end: str

    def quote(self, name: str) -> str:
        return self.start + name.replace(self.end, self.escaped_end) + self.end


@lru_cache(maxsize=None)
def quoting(dialect: str) -> Quoting:
    """Identifier quote characters of a sqlglot dialect (ANSI double quotes when unknown)."""
    try:
        gen = Dialect.get_or_raise(dialect or None).generator()
        return Quoting(gen._identifier_start, gen._identifier_end, gen._escaped_identifier_end)
    except Exception:  # unknown dialect: ANSI
        return Quoting('"', '"', '""')


def quote(name: str, dialect: str) -> str:
    return quoting(dialect).quote(name)


def table_sql(name: str, schema: str | None, dialect: str) -> str:
    q = quoting(dialect)
    return f"{q.quote(schema)}.{q.quote(name)}" if schema else q.quote(name)


_QUOTED_PART = {
    '"': re.compile(r'"((?:[^"]|"")*)"'),
    "`": re.compile(r"`((?:[^`\\]|``|\\.)*)`"),
    "[": re.compile(r"\[((?:[^\]]|\]\])*)\]"),
}


def split_quoted(text: str, dialect: str | None = None) -> list[str] | None:
    """`"s"."t"` -> ["s", "t"]; None when `text` is not a dot-separated list of quoted parts."""
    text = text.strip()
    if not text:
        return None
    opener = text[0]
    pattern = _QUOTED_PART.get(opener)
    if pattern is None:
        return None
    q = quoting(dialect) if dialect else None
    parts: list[str] = []
    pos = 0
    while True:
        m = pattern.match(text, pos)
        if not m:
            return None
        body = m.group(1)
        if opener == "[":
            parts.append(body.replace("]]", "]"))
        elif opener == "`" and (q is None or q.escaped_end == "\\`"):
            parts.append(re.sub(r"\\(.)", r"\1", body.replace("``", "`"), flags=re.DOTALL))
        else:
            parts.append(body.replace(opener * 2, opener))
        pos = m.end()
        if pos == len(text):
            return parts
        if text[pos] != ".":
            return None
        pos += 1


class ExprError(ValueError):
    pass


def render_expr(
    sql: str,
    dialect: str,
    ref: Callable[[str, bool], str],
) -> str:
    """Transpile `sql` (source dialect) for LookML, each column reference replaced by
    `ref(column_name, quoted_in_source)`."""
    if "__MBREF" in sql:
        raise ExprError("uses the reserved placeholder __MBREF")
    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except Exception as e:  # sqlglot raises several error types
        raise ExprError(f"does not parse: {e}") from None
    refs: list[str] = []

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier):
            refs.append(ref(node.this.this, bool(node.this.quoted)))
            return exp.column(f"__MBREF{len(refs) - 1}__")
        return node

    tree = tree.transform(swap)
    try:
        out = tree.sql(dialect=dialect or None)
    except Exception as e:
        raise ExprError(f"cannot be generated: {e}") from None
    # Replace from the highest index so __MBREF1__ never clobbers part of __MBREF10__.
    for i in range(len(refs) - 1, -1, -1):
        out = out.replace(f"__MBREF{i}__", refs[i])
    return out


@dataclass(frozen=True)
class SimpleFilter:
    column: str
    quoted: bool
    op: str  # '=', '>', '>=', '<', '<='
    value: str | bool  # string literal text, number text, or True
    kind: str  # 'string' | 'number' | 'boolean'


_OPS = {exp.EQ: "=", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<="}
_SAFE_STRING = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .]*\Z")
_FILTER_WORDS = {"null", "empty", "not", "and", "or"}


def simple_filters(sql: str, dialect: str) -> list[SimpleFilter] | None:
    """The conjuncts of `sql` when every one is `col = 'v'`, `col <op> n` or `col = TRUE` / `col`,
    with values Looker's filter syntax reads literally; None otherwise."""
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
            if op == "=" and _SAFE_STRING.match(text) and text == text.strip() and text.lower() not in _FILTER_WORDS:
                return SimpleFilter(ident.this, bool(ident.quoted), op, text, "string")
            return None
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return SimpleFilter(ident.this, bool(ident.quoted), op, text, "number")
    return None


def filter_value(f: SimpleFilter) -> str:
    """The Looker filter expression for one simple filter."""
    if f.kind == "boolean":
        return "yes"
    if f.kind == "string":
        return str(f.value)
    return str(f.value) if f.op == "=" else f"{f.op}{f.value}"


def concat_sql(parts: list[str], dialect: str) -> str:
    """`parts` (already LookML references) cast to text and joined with '|', in `dialect`."""
    items: list[exp.Expression] = []
    for i in range(len(parts)):
        if i:
            items.append(exp.Literal.string("|"))
        items.append(exp.cast(exp.column(f"__MBREF{i}__"), "varchar"))
    try:
        out = exp.Concat(expressions=items).sql(dialect=dialect or None)
    except Exception:
        out = exp.Concat(expressions=items).sql()
    for i in range(len(parts) - 1, -1, -1):
        out = out.replace(f"__MBREF{i}__", parts[i])
    return out
