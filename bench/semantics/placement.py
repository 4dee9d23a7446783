"""Placing a hand-written model's expressions on the tables mb was shown.

A semantic model reads a relation. When that relation is a table of the benchmark database, its
columns are the table's. When it is a model given by SQL (a dbt staging model that renames and
casts the columns of a source table), each column is traced back through that SQL with sqlglot's
lineage, never through a hand-written map:

- a column that is one source column renamed, cast, truncated to a date or scaled by a constant
  (cents to dollars) is that source column; any other expression over one source column stays that
  expression over the source column (`coalesce(type = 'jaffle', false)`);
- a column computed from several columns, by an aggregate or a window, has no place: the fact is
  reported as unplaced and counted neither for nor against mb;
- a measure or time axis must land on the relation's own grain (the table its primary key comes
  from); a column a model joined in from another table has no place for them, since summing it at
  another grain is another number. Dimensions may land on the joined table, where mb offers them.
"""

from __future__ import annotations

from typing import Callable

from sqlglot import exp
from sqlglot.lineage import lineage
from sqlglot.optimizer.scope import build_scope

from bench.semantics.facts import Facts, parse


class Unplaced(Exception):
    """A fact of the reference that no table of the database holds."""


def place_or_list(out: Facts, what: str, fn: Callable[[], None]) -> None:
    """Run `fn`, which adds a fact to `out`; a fact with no place is listed, not scored."""
    try:
        fn()
    except Unplaced as e:
        out.unplaced.append(f"{what}: {e}")


class Placer:
    def __init__(self, tables: set[str], models: dict[str, str] | None = None,
                 schema: dict[str, dict[str, str]] | None = None, dialect: str = "duckdb"):
        self.tables = {t.lower() for t in tables}
        self.models = {k.lower(): v for k, v in (models or {}).items()}
        self.schema = schema or {}
        self.dialect = dialect

    def place(self, relation: str, node: exp.Expression, key: str | None = None,
              same_grain: bool = True) -> tuple[str, exp.Expression]:
        """(table, expression over that table's columns) for an expression over `relation`.

        `key` is the relation's primary key expression, which says what its grain is."""
        relation = relation.lower()
        if relation in self.tables:
            return relation, node
        if relation not in self.models:
            raise Unplaced(f"{relation} is neither a table of the database nor a model given by SQL")
        placed: set[str] = set()

        def to_source(n: exp.Expression) -> exp.Expression:
            if not isinstance(n, exp.Column):
                return n
            table, source = self.trace(relation, n.name)
            placed.add(table)
            return source if isinstance(source, exp.Column) else exp.Paren(this=source)

        node = node.transform(to_source)
        if not placed:
            return self.base_table(relation, key), node
        if len(placed) > 1:
            raise Unplaced(f"reads columns of several tables ({', '.join(sorted(placed))})")
        table = placed.pop()
        if same_grain:
            base = self.base_table(relation, key)
            if table != base:
                raise Unplaced(f"{relation} joins it in from {table}; its own rows are {base}'s")
        return table, node

    def base_table(self, relation: str, key_expr: str | None) -> str:
        """The table whose rows the relation's rows are: where its key comes from, else its only source."""
        relation = relation.lower()
        if relation in self.tables:
            return relation
        if relation not in self.models:
            raise Unplaced(f"{relation} is neither a table of the database nor a model given by SQL")
        if key_expr:
            cols = list(parse(key_expr).find_all(exp.Column))
            if len(cols) == 1:
                return self.trace(relation, cols[0].name)[0]
        sources = self._sources(relation)
        if len(sources) != 1:
            raise Unplaced(f"{relation} reads {len(sources)} tables and has no key to say which is its grain")
        return sources.pop()

    def trace(self, relation: str, column: str) -> tuple[str, exp.Expression]:
        """The source table, and the expression over one of its columns, a model's column is.

        Renames, casts, date truncations and scaling by a constant are dropped (a unit change is
        the same fact); anything else over the one column stays (`coalesce(type = 'jaffle', false)`).
        """
        try:
            node = lineage(column.lower(), self.models[relation], schema=self.schema, sources=self._other_sources(relation),
                           dialect=self.dialect)
        except Exception as e:  # sqlglot raises plain errors for an unknown column
            raise Unplaced(f"{relation}.{column}: {e}") from None
        steps: list[exp.Expression] = []
        while node.downstream:
            expression = node.expression.this if isinstance(node.expression, exp.Alias) else node.expression
            if expression.find(exp.AggFunc) or expression.find(exp.Window):
                raise Unplaced(f"{relation}.{column} is an aggregate or a window")
            if len(node.downstream) != 1 or len(list(expression.find_all(exp.Column))) != 1:
                raise Unplaced(f"{relation}.{column} is computed from several columns")
            steps.append(expression)
            node = node.downstream[0]
        if not isinstance(node.expression, exp.Table):
            raise Unplaced(f"{relation}.{column} reads no column of a table")
        result: exp.Expression = exp.column(node.name.split(".")[-1].lower())
        for step in reversed(steps):
            inner = result
            result = step.transform(lambda n: inner.copy() if isinstance(n, exp.Column) else n)
        return node.expression.name.lower(), _unit_free(result)

    def _other_sources(self, relation: str) -> dict[str, str]:
        return {k: v for k, v in self.models.items() if k != relation and k not in self.tables}

    def _sources(self, relation: str, seen: frozenset[str] = frozenset()) -> set[str]:
        root = build_scope(parse(self.models[relation], self.dialect))
        found: set[str] = set()
        for scope in root.traverse() if root else []:
            for source in scope.sources.values():
                if isinstance(source, exp.Table):
                    name = source.name.lower()
                    if name in self.models and name not in seen and name not in self.tables:
                        found |= self._sources(name, seen | {relation})
                    else:
                        found.add(name)
        return found


def _unit_free(node: exp.Expression) -> exp.Expression:
    """A column under casts, parentheses, date truncation or scaling by a constant is that column."""
    while True:
        if isinstance(node, (exp.Cast, exp.TryCast, exp.Paren)):
            node = node.this
        elif isinstance(node, (exp.DateTrunc, exp.TimestampTrunc)) and isinstance(node.this, exp.Expression):
            node = node.this
        elif isinstance(node, (exp.Div, exp.Mul)) and isinstance(node.expression, exp.Literal):
            node = node.this
        elif isinstance(node, exp.Mul) and isinstance(node.this, exp.Literal):
            node = node.expression
        else:
            return node
