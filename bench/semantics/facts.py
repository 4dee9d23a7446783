"""The facts a semantic model states, in a form two models can be compared by meaning.

A hand-written model and mb's IR are both reduced to the same facts: measures as (table,
expression, aggregation, filter), dimensions and time dimensions as (table, expression), joins as
an unordered pair of (table, columns) ends, the business time axis per table, explore roots and
primary keys. Names never take part: `total_revenue` and `revenue` are the same measure when both
sum `order_items.product_price`.

SQL is normalized with sqlglot so spelling does not matter either: identifiers are lowercased and
unquoted, table qualifiers dropped, `x = TRUE` read as `x`, and the aggregate idioms people write
in place of a filter (`sum(case when c then x else 0 end)`, `sum_boolean`, `sum(1)`) are rewritten
to the filtered measure they mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp

ROWS = "*"
PLAIN_AGGS = frozenset({"sum", "count", "count_distinct", "avg", "min", "max"})
AGG_ALIASES = {"average": "avg", "mean": "avg", "countdistinct": "count_distinct"}


@dataclass(frozen=True)
class Measure:
    table: str
    expr: str  # a column name, ROWS for count(*), or normalized SQL
    agg: str
    filter: str | None = None
    name: str = field(default="", compare=False)

    @property
    def key(self) -> tuple:
        return (self.table, self.expr, self.agg, self.filter)

    @property
    def plain(self) -> bool:
        """A plain aggregate: sum/count/count_distinct/avg/min/max of one column, or count(*)."""
        if self.filter is not None or self.agg not in PLAIN_AGGS:
            return False
        if self.expr == ROWS:
            return self.agg == "count"
        return is_column(self.expr)

    def describe(self) -> str:
        what = f"{self.agg}({self.expr})" if self.expr != ROWS else "count(*)"
        where = f" where {self.filter}" if self.filter else ""
        return f"{self.table}: {what}{where}"


@dataclass(frozen=True)
class Field:
    """A dimension, time dimension, time axis or explore root (expr empty for a root)."""

    table: str
    expr: str = ""
    name: str = field(default="", compare=False)
    kind: str = field(default="", compare=False)  # what the model says it is, for the error listing

    @property
    def key(self) -> tuple:
        return (self.table, self.expr)

    def describe(self) -> str:
        return f"{self.table}.{self.expr}" if self.expr else self.table


@dataclass(frozen=True)
class Join:
    """A join between two tables; `many` is the referencing side when the cardinality is known."""

    many: tuple[str, tuple[str, ...]]
    one: tuple[str, tuple[str, ...]]
    cardinality: str = field(default="many_to_one", compare=False)

    @property
    def key(self) -> frozenset:
        return frozenset({self.many, self.one})

    def describe(self) -> str:
        (a, ac), (b, bc) = self.many, self.one
        return f"{a}({', '.join(ac)}) -> {b}({', '.join(bc)}) [{self.cardinality}]"


@dataclass
class Facts:
    """Everything one model states, plus what could not be placed on a table of the database."""

    measures: list[Measure] = field(default_factory=list)
    dimensions: list[Field] = field(default_factory=list)
    time_dimensions: list[Field] = field(default_factory=list)
    time_axes: list[Field] | None = field(default_factory=list)  # None: the model has no such notion
    joins: list[Join] = field(default_factory=list)
    explores: list[Field] = field(default_factory=list)
    primary_keys: list[Field] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


# --- SQL normalization ------------------------------------------------------------------------


def parse(sql: str, dialect: str | None = None) -> exp.Expression:
    return sqlglot.parse_one(str(sql), read=dialect or "duckdb")


def canonical(node: exp.Expression) -> exp.Expression:
    """Lowercase unquoted identifiers, no table qualifiers, no outer parentheses, `x = TRUE` as x."""
    node = node.copy()
    for col in list(node.find_all(exp.Column)):
        col.set("table", None)
        col.set("db", None)
        col.set("catalog", None)
    for ident in node.find_all(exp.Identifier):
        ident.set("this", ident.name.lower())
        ident.set("quoted", False)

    def simplify(n: exp.Expression) -> exp.Expression:
        if isinstance(n, exp.EQ):
            left, right = n.this, n.expression
            if isinstance(right, exp.Boolean):
                return left if right.this else exp.Not(this=left)
            if isinstance(left, exp.Boolean):
                return right if left.this else exp.Not(this=right)
        if isinstance(n, exp.Paren) and not isinstance(n.this, (exp.Binary, exp.Unary)):
            return n.this  # atoms, calls and CASE need no parentheses
        return n

    node = node.transform(simplify)
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def text(node: exp.Expression) -> str:
    if isinstance(node, exp.Column):
        return node.name
    if isinstance(node, exp.Star):
        return ROWS
    return node.sql(dialect="duckdb")


def norm_expr(sql: str, dialect: str | None = None) -> str:
    return text(canonical(parse(sql, dialect)))


def is_column(expr: str) -> bool:
    try:
        return isinstance(parse(expr), exp.Column)
    except sqlglot.errors.ParseError:
        return False


def time_column(sql: str, dialect: str | None = None) -> str:
    """The column a time dimension reads: casts and truncations around one column are dropped."""
    node = canonical(parse(sql, dialect))
    cols = list(node.find_all(exp.Column))
    if isinstance(node, (exp.Cast, exp.Func)) and len(cols) == 1:
        return cols[0].name
    return text(node)


# --- measures ---------------------------------------------------------------------------------


def _literal(node: exp.Expression | None) -> object:
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Literal) and not node.is_string:
        try:
            return float(node.this)
        except ValueError:
            return None
    if isinstance(node, exp.Null):
        return "null"
    return None


def _and(a: exp.Expression | None, b: exp.Expression | None) -> exp.Expression | None:
    if a is None:
        return b
    if b is None:
        return a
    return exp.and_(a, b)


def measure(table: str, expr: str | None, agg: str, filter: str | None = None, name: str = "",
            primary_key: tuple[str, ...] = (), dialect: str | None = None) -> Measure:
    """The measure an aggregation means, whatever idiom it was written in.

    - sum(1), count(1), count(pk) and count_distinct(pk) count rows;
    - sum(case when c then x else 0 end) is sum(x) filtered by c (likewise count and avg with a
      NULL else), and a then-branch of 1 (or TRUE under sum_boolean) counts rows filtered by c;
    - sum_boolean(c) counts rows filtered by c.
    """
    agg = AGG_ALIASES.get(agg.lower(), agg.lower())
    node = canonical(parse(expr, dialect)) if expr not in (None, "", ROWS) else exp.Star()
    cond = canonical(parse(filter, dialect)) if filter else None
    pk = tuple(c.lower() for c in primary_key)

    case = node if isinstance(node, exp.Case) and len(node.args.get("ifs") or []) == 1 else None
    if case is not None and agg in ("sum", "sum_boolean", "count", "count_distinct", "avg", "min", "max"):
        branch = case.args["ifs"][0]
        default = _literal(case.args.get("default")) if case.args.get("default") is not None else "null"
        neutral = {"sum": (0.0, "null", False), "sum_boolean": (False, 0.0, "null")}.get(agg, ("null",))
        if default in neutral:
            cond = _and(cond, branch.this)
            node = branch.args["true"]
    if agg == "sum_boolean":
        if _literal(node) is not True:
            cond = _and(cond, node)
        agg, node = "count", exp.Star()
    value = _literal(node)
    if agg == "sum" and value == 1.0 or agg == "count" and value is not None and value != "null":
        agg, node = "count", exp.Star()
    if agg in ("count", "count_distinct") and isinstance(node, exp.Column) and pk == (node.name,):
        agg, node = "count", exp.Star()
    return Measure(table=table, expr=text(node), agg=agg, filter=condition(cond), name=name)


def rows_by_data(facts: Facts, unique: set[tuple[str, str]]) -> None:
    """count(c) and count_distinct(c) of a column unique and never null in the data count rows."""
    facts.measures = [Measure(m.table, ROWS, "count", m.filter, m.name)
                      if m.agg in ("count", "count_distinct") and (m.table, m.expr) in unique else m for m in facts.measures]


def condition(cond: exp.Expression | None) -> str | None:
    """A filter as text, its AND-ed parts sorted so their order does not matter."""
    if cond is None:
        return None
    parts = sorted(text(canonical(p)) for p in cond.flatten()) if isinstance(cond, exp.And) else [text(canonical(cond))]
    return " AND ".join(parts)
