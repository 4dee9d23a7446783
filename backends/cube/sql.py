"""SQL inside Cube members: `{CUBE}.<quoted column>` references and what Cube cannot carry.

Quoting and expression rewriting are the dialect-generic helpers of backends/sql_common.py.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from backends.sql_common import ExprError, concat_sql, quote, render_expr, split_quoted, table_sql

__all__ = ["ExprError", "concat_sql", "quote", "render_expr", "split_quoted", "table_sql", "unsafe_reason", "spell_backslashes", "cube_ref", "column_of"]

# Cube reads `sql` values as Python f-strings: braces start a reference and a backslash starts
# an escape, and neither survives the trip as literal SQL text.
UNSAFE = ("{", "}", "\\")


def unsafe_reason(text: str) -> str | None:
    for token in UNSAFE:
        if token in text:
            return f"contains {token!r}, which Cube reads as template syntax"
    return None


def spell_backslashes(text: str, dialect: str | None) -> str:
    """`text` with each backslash inside a string literal spelled as the character it is, CHR(92)
    (SQLite's CHAR(92)), so that Cube's template reading leaves it alone: a dump's null marker
    '\\N' is (CHR(92) || 'N'). Text without one, or that does not parse, is returned as it is."""
    if "\\" not in text:
        return text
    try:
        tree = sqlglot.parse_one(text, read=dialect or None)
    except sqlglot.errors.ParseError:
        return text

    def spell(node: exp.Expression) -> exp.Expression:
        if not (isinstance(node, exp.Literal) and node.is_string and "\\" in node.this):
            return node
        pieces: list[exp.Expression] = []
        for i, part in enumerate(node.this.split("\\")):
            if i:
                pieces.append(exp.Chr(expressions=[exp.Literal.number(92)]))
            if part:
                pieces.append(exp.Literal.string(part))
        out = pieces[0]
        for piece in pieces[1:]:
            out = exp.DPipe(this=out, expression=piece)
        return exp.paren(out, copy=False)

    return tree.transform(spell).sql(dialect=dialect or None)


def cube_ref(column: str, dialect: str, cube: str = "CUBE") -> str:
    return "{" + cube + "}." + quote(column, dialect)


_REF = re.compile(r"\{(\w+)\}\.(.+)\Z", re.DOTALL)


def column_of(text: str, dialect: str | None = None) -> tuple[str, str] | None:
    """`{CUBE}."col"` -> ("CUBE", "col"); None when `text` is not one quoted column reference."""
    m = _REF.match(text.strip())
    if not m:
        return None
    parts = split_quoted(m.group(2), dialect)
    if parts is None or len(parts) != 1:
        return None
    return m.group(1), parts[0]
