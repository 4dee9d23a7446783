"""What the target clients of the same-number check share."""

from __future__ import annotations

import re

from sqlglot import exp

from compiler.types import cast_column, sqlglot_dialect
from compiler.verify.queries import Query
from ir.semantic import Entity, Measure, SemanticModel


class Unaskable(Exception):
    """The target's files give no way to ask this question (the reason says why)."""


class Loss(Unaskable):
    """The target itself cannot express this question (Power BI relates no table to itself,
    MetricFlow has no composite entity): a documented loss its backend reports when compiling,
    under `code`, rather than a gap in the generated files."""

    def __init__(self, code: str, reason: str):
        super().__init__(f"{reason} ({code})")
        self.code = code


def unquote(text: str) -> str:
    """`"Invoice"` / `` `a`.`b` `` / [x] -> the last name part, unquoted."""
    try:
        # Generic SQL keeps MySQL's backticks and T-SQL's brackets as part of the name.
        return exp.to_table(text.strip(), dialect=None).name.strip('"`[]')
    except Exception:
        return re.split(r"\.", text.strip())[-1].strip('"`[]')


def _member_sql(sql: str | None, dialect: str) -> exp.Expression | None:
    """A target's SQL of one member, its table reference (`${TABLE}.`, `{CUBE}.`) dropped, parsed."""
    if not sql:
        return None
    text = re.sub(r"\$\{TABLE\}\.|\{CUBE\}\.", "", sql.strip())
    try:
        return exp.maybe_parse(text, dialect=dialect or None)
    except Exception:
        return None


def column_of(sql: str | None, dialect: str) -> str | None:
    """The column a one-column SQL text names (`${TABLE}."Total"`, `{CUBE}.x`, `"Total"`), or reads
    through its cast (a number, money or a true/false kept as text), else None."""
    tree = _member_sql(sql, dialect)
    if tree is None or isinstance(tree, exp.Column):
        return tree.name if tree is not None else None
    return cast_column(tree.sql(dialect=sqlglot_dialect(dialect)), dialect)


def read_column(sql: str | None, dialect: str) -> str | None:
    """The one column an SQL text reads, bare or inside an expression (a year kept as a number
    read as its first day: `CAST(CAST(${TABLE}."year" AS TEXT) || '-01-01' AS DATE)`), else None."""
    tree = _member_sql(sql, dialect)
    if tree is None:
        return None
    names = {c.name for c in tree.find_all(exp.Column)}
    return names.pop() if len(names) == 1 else None


def parts(model: SemanticModel, query: Query) -> tuple[Entity, Measure]:
    e = model.entity_index()[query.entity]
    return e, next(m for m in e.measures if m.name == query.measure)
