"""The SQL Superset writes for a question, from the bundle's datasets: a metric's expression
grouped by a column's expression, over the physical table, or over a virtual dataset's SQL
(`FROM (...) AS virtual_table`) when the grouping column comes through a join."""

from __future__ import annotations

import yaml
from sqlglot import exp

from compiler.verify.common import Loss, Unaskable, parts
from compiler.verify.queries import Query
from ir.semantic import SemanticModel


class Superset:
    def __init__(self, files: dict[str, str | bytes], model: SemanticModel):
        self.model = model
        self.datasets = [yaml.safe_load(t) for p, t in sorted(files.items())
                         if p.startswith("datasets/") and p.endswith(".yaml") and isinstance(t, str)]

    def _physical(self, table: str) -> dict:
        for d in self.datasets:
            if not d.get("sql") and d.get("table_name") == table:
                return d
        raise Unaskable(f"no dataset reads table {table}")

    @staticmethod
    def _metric(d: dict, name: str) -> str:
        m = next((m for m in d.get("metrics") or [] if m["metric_name"] == name), None)
        if m is None:
            raise Unaskable(f"dataset {d['table_name']} has no metric {name}")
        return m["expression"]

    def _column(self, d: dict, column: str) -> str:
        for c in d.get("columns") or []:
            if c["column_name"] == column and not c.get("expression"):
                return exp.to_identifier(column, quoted=True).sql(self.model.dialect)
            if c.get("expression") and c["column_name"] == column:
                return c["expression"]
        raise Unaskable(f"dataset {d['table_name']} has no column {column}")

    def sql(self, query: Query) -> str:
        e, m = parts(self.model, query)
        if m.non_additive_dimension:
            raise Loss("SS001", "a Superset metric cannot keep a balance from being summed over time")
        dialect = self.model.dialect
        if not query.path:
            d = self._physical(e.table.name)
            source = exp.table_(e.table.name, db=d.get("schema") or e.table.schema_, quoted=True).sql(dialect)
            value = self._metric(d, m.name)
            if query.column is None:
                return f"SELECT {value} AS v FROM {source}"
            g = self._column(d, query.column)
            return f"SELECT {g} AS g, {value} AS v FROM {source} GROUP BY {g}"
        for d in self.datasets:
            if not d.get("sql"):
                continue
            tree = exp.maybe_parse(d["sql"], dialect=dialect)
            frm = tree.find(exp.From)
            root = frm.this if frm is not None else None
            if not isinstance(root, exp.Table) or root.name != e.table.name:
                continue
            column = self._through(tree, root.alias_or_name, query)
            if column is None:
                continue
            value = self._metric(d, m.name)
            g = exp.to_identifier(column, quoted=True).sql(dialect)
            return f"SELECT {g} AS g, {value} AS v FROM ({d['sql']}) AS virtual_table GROUP BY {g}"
        raise Unaskable(f"no virtual dataset starts at {e.table.name} and joins {'+'.join(query.path[0].from_columns)}")

    def _through(self, tree: exp.Select, alias: str, query: Query) -> str | None:
        """The output name of the virtual dataset's column for the question's path, if it has one."""
        index = self.model.entity_index()
        for hop in query.path:
            table = index[hop.to_entity].table.name
            nxt = None
            for j in tree.args.get("joins") or []:
                t = j.this
                if not isinstance(t, exp.Table) or t.name != table:
                    continue
                pairs = set()
                for eq in j.args["on"].find_all(exp.EQ):
                    a, b = eq.this, eq.expression
                    if isinstance(a, exp.Column) and isinstance(b, exp.Column):
                        if a.table == alias and b.table == t.alias_or_name:
                            pairs.add((a.name, b.name))
                        elif b.table == alias and a.table == t.alias_or_name:
                            pairs.add((b.name, a.name))
                if pairs == set(zip(hop.from_columns, hop.to_columns)):
                    nxt = t.alias_or_name
                    break
            if nxt is None:
                return None
            alias = nxt
        for s in tree.expressions:
            src = s.this if isinstance(s, exp.Alias) else s
            if isinstance(src, exp.Column) and src.table == alias and src.name == query.column:
                return s.alias_or_name
        return None
