"""SQL helpers the backends share, none specific to one target: identifier quoting per sqlglot
dialect, table names, splitting quoted names, resolving and rewriting the column references of an
expression, and concatenating keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from compiler.types import is_column_cast, is_column_conversion, sqlglot_dialect

if TYPE_CHECKING:
    from ir.semantic import Entity, Metric


@dataclass(frozen=True)
class Quoting:
    start: str
    end: str
    escaped_end: str

    def quote(self, name: str) -> str:
        if self.escaped_end.startswith("\\"):  # a backslash escapes (BigQuery): a backslash of the name is escaped too
            name = name.replace("\\", "\\\\")
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
# MySQL's backticks hold a backslash as it is; only a doubled backtick stands for one.
_DOUBLED_BACKTICK = re.compile(r"`((?:[^`]|``)*)`")


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
    if opener == "`" and q is not None and q.escaped_end == "``":
        pattern = _DOUBLED_BACKTICK
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


@lru_cache(maxsize=None)
def _generator(dialect: str):
    return Dialect.get_or_raise(sqlglot_dialect(dialect)).generator()


def identifier_sql(name: str, dialect: str, quoted: bool | None = None) -> str:
    """`exp.to_identifier(name, quoted).sql(dialect)`, the same text, through one cached generator:
    a full `.sql()` builds a generator per call, which dominates when every column of thousands
    of tables is printed. `quoted=None`: quoted only when the dialect needs it."""
    return _generator(dialect).identifier_sql(exp.to_identifier(name, quoted=quoted))


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


def key_fields(entity: Entity, dialect: str | None = None) -> list[tuple[str, bool]] | None:
    """The primary key's columns in key order, each with whether it is a time dimension's (a
    history row keyed by employee and start date); None when the entity has no key or a key
    column is no field here (a part of a key left out is no key: it would merge rows). A field
    reading its column through a cast (a day kept as text) stands for the column, as does a time
    read through its conversion (a stamp kept as text): it reads each value as one time."""
    by_column: dict[str, bool] = {}
    for t in entity.time_dimensions:
        if t.column and (not t.expr or is_column_conversion(t.expr, t.column, dialect)):
            by_column.setdefault(t.column, True)
    for d in entity.dimensions:
        if d.column and (not d.expr or is_column_cast(d.expr, d.column, dialect)):
            by_column[d.column] = False
    # An IR built without Entity.primary_key (by a program, not the passes) marks its key fields.
    key = list(entity.primary_key) or [d.column for d in entity.dimensions if d.primary_key and d.column and not d.expr]
    if not key or any(c not in by_column for c in key):
        return None
    return [(c, by_column[c]) for c in key]


def known_columns(entity: Entity) -> dict[str, None]:
    """The entity's known columns, in order (a dict for fast membership)."""
    return dict.fromkeys(f.column for f in (*entity.dimensions, *entity.time_dimensions, *entity.measures) if f.column)


def resolve_column(name: str, quoted: bool, columns: dict[str, None]) -> str | None:
    """The known column `name` refers to: exact, or (unquoted) the one case-insensitive match."""
    if name in columns:
        return name
    if not quoted:
        hits = [c for c in columns if c.lower() == name.lower()]
        if len(hits) == 1:
            return hits[0]
    return None


def cast_columns(entity: Entity, dialect: str) -> dict[str, str]:
    """Column -> the cast its dimension reads it through (a number kept as text, its '' as NULL:
    normalize_types): a measure over the column reads it so too."""
    return {d.column: d.expr for d in entity.dimensions if d.column and d.expr and is_column_cast(d.expr, d.column, dialect)}


def through_casts(ref: Callable[[str, bool], str], casts: dict[str, str], columns: dict[str, None],
                  dialect: str) -> Callable[[str, bool], str]:
    """`ref`, rendering a column of `casts` as its cast (the column in it by `ref`)."""
    if not casts:
        return ref

    def cast_ref(name: str, quoted: bool) -> str:
        col = resolve_column(name, quoted, columns)
        if col in casts:
            return render_expr(casts[col], dialect, ref)
        return ref(name, quoted)

    return cast_ref


def column_ref(columns: dict[str, None], dialect: str, prefix: str = "") -> Callable[[str, bool], str]:
    """A `ref` for render_expr: `prefix` + the column quoted as the table spells it (a column not
    known is kept as written, quoted only when it was quoted in the source)."""

    def ref(name: str, quoted: bool) -> str:
        col = resolve_column(name, quoted, columns)
        if col is None:
            return prefix + (quote(name, dialect) if quoted else name)
        return prefix + quote(col, dialect)

    return ref


def substitute_columns(
    sql: str,
    dialect: str,
    text_for: Callable[[exp.Column], str | None],
    placeholder: str = "__MBREF",
) -> str:
    """`sql` (source dialect) regenerated for the same dialect, each column for which
    `text_for(column)` gives text replaced by that text (None leaves the column as it is).

    The replacements stand in the tree as placeholder columns until the SQL is generated, so
    sqlglot never reads the text put in."""
    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except Exception as e:  # sqlglot raises several error types
        raise ExprError(f"does not parse: {e}") from None
    texts: list[str] = []

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column):
            text = text_for(node)
            if text is not None:
                texts.append(text)
                return exp.column(f"{placeholder}{len(texts) - 1}__")
        return node

    tree = tree.transform(swap)
    try:
        out = tree.sql(dialect=dialect or None)
    except Exception as e:
        raise ExprError(f"cannot be generated: {e}") from None
    # From the highest index down, so __MBREF1__ never clobbers part of __MBREF10__.
    for i in range(len(texts) - 1, -1, -1):
        out = out.replace(f"{placeholder}{i}__", texts[i])
    return out


def render_expr(sql: str, dialect: str, ref: Callable[[str, bool], str], *, qualified: bool = True) -> str:
    """`sql` (source dialect) regenerated for the same dialect, each column reference replaced by
    `ref(column_name, quoted_in_source)`; with `qualified=False` only the unqualified ones (a
    qualified reference is then kept as written)."""
    if "__MBREF" in sql:
        raise ExprError("uses the reserved placeholder __MBREF")

    def text_for(node: exp.Column) -> str | None:
        if isinstance(node.this, exp.Identifier) and (qualified or not node.table):
            return ref(node.this.this, bool(node.this.quoted))
        return None

    return substitute_columns(sql, dialect, text_for)


def concat_sql(parts: list[str], dialect: str, empty_nulls: bool = False) -> str:
    """`parts` (SQL text, put in as they are) cast to text and joined with '|', in `dialect`.
    `empty_nulls`: an empty part is empty text, so the whole is never NULL (a key over columns
    that may be empty)."""
    items: list[exp.Expression] = []
    for i in range(len(parts)):
        if i:
            items.append(exp.Literal.string("|"))
        part: exp.Expression = exp.cast(exp.column(f"__MBREF{i}__"), "varchar")
        if empty_nulls:
            part = exp.Coalesce(this=part, expressions=[exp.Literal.string("")])
        items.append(part)
    try:
        out = exp.Concat(expressions=items).sql(dialect=dialect or None)
    except Exception:
        out = exp.Concat(expressions=items).sql()
    for i in range(len(parts) - 1, -1, -1):
        out = out.replace(f"__MBREF{i}__", parts[i])
    return out


def metric_sql(
    metric: Metric,
    members: dict[str, str],
    owner: str,
    reference: Callable[[str], str],
    ratio_sql: str,
    dialect: str,
    unsafe_reason: Callable[[str], str | None],
) -> str:
    """The SQL of a metric as a number member over the measures of one view or cube.

    `members` maps the measures' model names to their member names, `reference(member)` writes a
    reference to one (`${m}`, `{m}`), `ratio_sql` has `{num}` and `{den}` for the two member
    names, and `owner` ("view orders") names the holder in errors. Raises ExprError when the
    metric names a measure not in `members` or lacks what its type needs.
    """

    def measure(ref: str, quoted: bool = False) -> str:
        name = ref.split(".")[-1]
        if name not in members:
            raise ExprError(f"refers to {ref!r}, which is not a measure of {owner}")
        return members[name]

    if metric.type == "simple" and metric.measure:
        return reference(measure(metric.measure))
    if metric.type == "ratio" and metric.numerator and metric.denominator:
        return ratio_sql.format(num=measure(metric.numerator), den=measure(metric.denominator))
    if metric.type == "derived" and metric.expr and not unsafe_reason(metric.expr):
        return render_expr(metric.expr, dialect, lambda ref, quoted: reference(measure(ref)))
    raise ExprError(f"a {metric.type} metric without what that type needs")
