"""SQL helpers any backend may share: identifier quoting per sqlglot dialect and rewriting the
column references of an expression.

(LookML has its own copies in backends/lookml/sql.py; they could import these.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect


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


def sqlglot_dialect(dialect: str) -> str | None:
    try:
        Dialect.get_or_raise(dialect or None)
        return dialect or None
    except Exception:
        return None


class ExprError(ValueError):
    pass


def rewrite_columns(sql: str, dialect: str, ref: Callable[[str], exp.Expression]) -> exp.Expression:
    """`sql` parsed in `dialect`, each unqualified column replaced by `ref(column name)`."""
    try:
        tree = sqlglot.parse_one(sql, read=sqlglot_dialect(dialect))
    except Exception as e:  # sqlglot raises several error types
        raise ExprError(f"does not parse: {e}") from None

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier) and not node.table:
            return ref(node.this.this)
        return node

    return tree.transform(swap)


def columns_of(sql: str, dialect: str) -> list[str] | None:
    """The column names an expression refers to, in order; None when it does not parse."""
    try:
        tree = sqlglot.parse_one(sql, read=sqlglot_dialect(dialect))
    except Exception:
        return None
    return [c.name for c in tree.find_all(exp.Column, bfs=False)]
