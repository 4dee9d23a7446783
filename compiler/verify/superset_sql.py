"""The SQL Superset writes for a question, from the bundle's datasets: a metric's expression
grouped by a column's expression, over the physical table, or over a virtual dataset's SQL
(`FROM (...) AS virtual_table`) when the grouping column comes through a join."""

from __future__ import annotations

import yaml
from sqlglot import exp

from backends import row_filters
from compiler.types import sqlglot_dialect
from compiler.verify.common import Loss, Unaskable, parts
from compiler.verify.queries import Query
from ir.semantic import SemanticModel

# Superset's year time grain per engine (its db_engine_specs' `_time_grain_expressions`, P1Y).
_YEAR_GRAIN = {
    "duckdb": "DATE_TRUNC('year', {col})",
    "postgres": "DATE_TRUNC('year', {col})",
    "mysql": "DATE(DATE_SUB({col}, INTERVAL DAYOFYEAR({col}) - 1 DAY))",
    "sqlite": "DATETIME({col}, 'start of year')",
}


class Superset:
    def __init__(self, files: dict[str, str | bytes], model: SemanticModel):
        self.model = model
        self.datasets = [yaml.safe_load(t) for p, t in sorted(files.items())
                         if p.startswith("datasets/") and p.endswith(".yaml") and isinstance(t, str)]

    def _based(self, d: dict) -> bool:
        """A table's dataset: the table, or its live rows (soft-deleted ones left out)."""
        return not d.get("sql") or row_filters.based_table(d["sql"], sqlglot_dialect(self.model.dialect)) is not None

    def _source(self, d: dict, e) -> str:
        if d.get("sql"):
            return f"({d['sql']}) AS virtual_table"
        return exp.table_(e.table.name, db=d.get("schema") or e.table.schema_, quoted=True).sql(self.model.dialect)

    def _physical(self, table: str) -> dict:
        for d in self.datasets:
            if self._based(d) and d.get("table_name") == table:
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

    def _local(self, e, metric: str, column: str | None) -> str:
        """The entity's dataset's metric, overall or by one of its own columns."""
        d = self._physical(e.table.name)
        if not any(m["metric_name"] == metric for m in d.get("metrics") or []):
            # A metric only an explore's virtual dataset holds (a line's money per its order's
            # currency, which the table's own dataset cannot read): asked there, as a chart would.
            d = next((v for v in self.datasets if not self._based(v) and self._starts_at(v, e.table.name)
                      and any(m["metric_name"] == metric for m in v.get("metrics") or [])), d)
        source = self._source(d, e)
        value = self._metric(d, metric)
        if column is None:
            return f"SELECT {value} AS v FROM {source}"
        g = self._column(d, column)
        return f"SELECT {g} AS g, {value} AS v FROM {source} GROUP BY {g}"

    def sql(self, query: Query) -> str:
        if query.metric:  # the dataset's metric of that name, its expression as Superset runs it
            return self._local(self.model.entity_index()[query.entity], query.measure, query.column)
        e, m = parts(self.model, query)
        if m.non_additive_dimension:
            raise Loss("SS001", "a Superset metric cannot keep a balance from being summed over time")
        dialect = self.model.dialect
        if query.year:
            return self._by_year(e, m)
        if not query.path:
            return self._local(e, m.name, query.column)
        for d in self.datasets:
            if self._based(d):
                continue
            tree = exp.maybe_parse(d["sql"], dialect=dialect)
            frm = tree.args.get("from_") or tree.args.get("from")
            root = row_filters.live_table(frm.this, self.model.dialect) if frm is not None else None
            if not isinstance(root, exp.Table) or root.name != e.table.name:
                continue
            column = self._through(tree, root.alias_or_name, query)
            if column is None:
                continue
            value = self._metric(d, m.name)
            g = exp.to_identifier(column, quoted=True).sql(dialect)
            return f"SELECT {g} AS g, {value} AS v FROM ({d['sql']}) AS virtual_table GROUP BY {g}"
        raise Unaskable(f"no virtual dataset starts at {e.table.name} and joins {'+'.join(query.path[0].from_columns)}")

    def _by_year(self, e, m) -> str:
        """By year as a Superset chart asks it: the dataset's main datetime column truncated by
        the engine's year grain. The dataset of the measure's table is asked when it has one,
        else a virtual dataset starting at the table that has one; whichever column it names,
        which the reference's time axis may not be."""
        dialect = self.model.dialect
        try:
            candidates = [self._physical(e.table.name)]
        except Unaskable:
            candidates = []
        candidates += [d for d in self.datasets if not self._based(d) and self._starts_at(d, e.table.name)]
        d = next((d for d in candidates if d.get("main_dttm_col")), None)
        if d is None:
            raise Unaskable(f"no dataset of table {e.table.name} has a main datetime column")
        column = next((c for c in d.get("columns") or [] if c["column_name"] == d["main_dttm_col"]), None)
        if column is None or not column.get("is_dttm"):
            raise Unaskable(f"dataset {d['table_name']}: its main datetime column {d['main_dttm_col']} is no time column")
        if column.get("python_date_format"):
            raise Unaskable(f"dataset {d['table_name']}: column {column['column_name']} is read as {column['python_date_format']}")
        grain = _YEAR_GRAIN.get(sqlglot_dialect(dialect) or "")
        if grain is None:
            raise Unaskable(f"no year time grain known here for a {dialect} database")
        value = self._metric(d, m.name)
        source = self._source(d, e)
        g = grain.format(col=self._column(d, column["column_name"]))
        return f"SELECT {g} AS g, {value} AS v FROM {source} GROUP BY {g}"

    def _starts_at(self, d: dict, table: str) -> bool:
        tree = exp.maybe_parse(d["sql"], dialect=self.model.dialect)
        frm = tree.args.get("from_") or tree.args.get("from")
        root = row_filters.live_table(frm.this, self.model.dialect) if frm is not None else None
        return isinstance(root, exp.Table) and root.name == table

    def _through(self, tree: exp.Select, alias: str, query: Query) -> str | None:
        """The output name of the virtual dataset's column for the question's path, if it has one."""
        index = self.model.entity_index()
        for hop in query.path:
            table = index[hop.to_entity].table.name
            nxt = None
            for j in tree.args.get("joins") or []:
                t = row_filters.live_table(j.this, self.model.dialect)
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
