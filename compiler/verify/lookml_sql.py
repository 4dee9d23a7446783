"""The SQL Looker writes for a question, from the LookML files: the explore that starts at the
measure's view, only the joins the question needs, `${TABLE}` and `${field}` substituted, a
count as COUNT(DISTINCT primary key) as Looker counts. Only explores starting at the measure's
view are used: through another explore the measure's rows may repeat (fan-out), which Looker
answers with symmetric aggregates that this generator does not write, so such a question is
unaskable here rather than answered differently."""

from __future__ import annotations

import re

import lkml
from sqlglot import exp

from backends import row_filters
from compiler.types import sqlglot_dialect
from compiler.verify.common import Loss, Unaskable, column_of, parts, read_column, unquote
from compiler.verify.queries import Query, q
from ir.semantic import SemanticModel

_REF = re.compile(r"\$\{(\w+)(?:\.(\w+))?\}")
AGG = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "avg": "average", "min": "min", "max": "max"}
# A count under a condition `filters:` cannot say is written as a sum of 1 per matching row.
_TYPES = {agg: {t} | ({"sum"} if agg == "count" else set()) for agg, t in AGG.items()}
_COUNTED = re.compile(r"\s*CASE WHEN .+ THEN 1 ELSE 0 END\s*", re.DOTALL | re.IGNORECASE)
# Looker's bounds on a date: "after" is on or after, "before" strictly before.
_DATE_BOUND = re.compile(r"(after|before) (\d{4})/(\d{2})/(\d{2})", re.IGNORECASE)


class LookML:
    def __init__(self, files: dict[str, str | bytes], model: SemanticModel):
        self.model = model
        self.views: dict[str, dict] = {}
        self.explores: dict[str, dict] = {}
        for path, text in sorted(files.items()):
            if path.endswith(".lkml") and isinstance(text, str):
                doc = lkml.load(text)
                self.views |= {v["name"]: v for v in doc.get("views", [])}
                self.explores |= {x["name"]: x for x in doc.get("explores", [])}

    def _fields(self, view: str) -> dict[str, dict]:
        v = self.views[view]
        out = {d["name"]: d for d in v.get("dimensions", [])}
        # A group's raw timeframe is its sql as it stands (a compound key may read `${start_raw}`).
        out |= {f"{g['name']}_raw": g for g in v.get("dimension_groups", []) if "sql" in g}
        out |= {m["name"]: m for m in v.get("measures", [])}
        return out

    def _sql(self, view: str, alias: str, text: str, depth: int = 0) -> str:
        if depth > 20:
            raise Unaskable(f"field references in view {view} loop")

        def swap(m: re.Match) -> str:
            a, b = m.group(1), m.group(2)
            if a == "TABLE" and b is None:
                return self._quoted(alias)
            if b is None:
                return "(" + self._sql(view, alias, self._fields(view)[a]["sql"], depth + 1) + ")"
            raise Unaskable(f"{view}: a reference to another view (${{{a}.{b}}}) in a field")

        return _REF.sub(swap, text)

    def _source(self, view: str) -> str:
        """What a view reads: its table, or its derived table's SQL (a table's live rows)."""
        v = self.views[view]
        derived = (v.get("derived_table") or {}).get("sql")
        return f"({derived})" if derived and "sql_table_name" not in v else v.get("sql_table_name", view)

    def _table(self, view: str) -> str:
        """The table a view reads, through a derived table of its live rows (backends.row_filters)."""
        v = self.views[view]
        derived = (v.get("derived_table") or {}).get("sql")
        if derived and "sql_table_name" not in v:
            based = row_filters.based_table(derived, sqlglot_dialect(self.model.dialect))
            return unquote(based.table if based else view)
        return unquote(v.get("sql_table_name", view))

    def _view_of(self, table: str) -> str:
        found = [n for n, v in self.views.items() if self._table(n) == table]
        if not found:
            raise Unaskable(f"no view reads table {table}")
        return found[0]

    def _dimension(self, view: str, column: str) -> dict:
        for d in self.views[view].get("dimensions", []):
            if column_of(d.get("sql"), self.model.dialect) == column:
                return d
        raise Unaskable(f"view {view} has no dimension on column {column}")

    def sql(self, query: Query) -> str:
        if query.metric:
            return self._metric_sql(query)
        e, m = parts(self.model, query)
        if m.non_additive_dimension:
            raise Loss("LK003", "LookML has no measure that keeps a balance from being summed over time")
        view = self._view_of(e.table.name)
        x = self.explores.get(view)
        if x is None or x.get("from", x.get("view_name", view)) != view:
            raise Unaskable(f"no explore starts at view {view}")
        measure = self._fields(view).get(m.name)
        if (measure is None or measure.get("type") not in _TYPES[m.agg] or "measures" not in self.views[view]
                or measure not in self.views[view]["measures"]):
            raise Unaskable(f"view {view} has no {AGG[m.agg]} measure {m.name}")
        if measure["type"] != AGG[m.agg] and not _COUNTED.fullmatch(measure.get("sql", "")):
            raise Unaskable(f"view {view} has no {AGG[m.agg]} measure {m.name}: a sum of {measure.get('sql')!r}")
        needed: dict[str, str] = {}  # a join a filter on a joined view's field needs (`order.currency`), by alias
        value = self._measure(view, measure, self._filters(view, measure, x, needed))
        joins: list[str] = []
        group = None
        if query.column is not None:
            alias, target_view = view, view
            for hop in query.path:
                alias, target_view, on = self._join(x, alias, hop)
                if alias not in needed:
                    joins.append(on)
            if query.year:
                group = self._year(target_view, alias, query.column)
            else:
                d = self._dimension(target_view, query.column)
                group = self._sql(target_view, alias, d["sql"])
        # Looker joins what the measure's filter names, once, whatever the question's path.
        joins = [*needed.values(), *joins]
        base = f"FROM {self._source(view)} AS {self._quoted(view)}"
        if group is None:
            return f"SELECT {value} AS v {base}" + "".join(f" {j}" for j in joins)
        return f"SELECT {group} AS g, {value} AS v {base} {' '.join(joins)} GROUP BY {group}"

    def _metric_sql(self, query: Query) -> str:
        """A metric's `type: number` measure, each measure it names aggregated as Looker writes
        it; overall or by a dimension of its own view."""
        e = self.model.entity_index()[query.entity]
        view = self._view_of(e.table.name)
        fields = self._fields(view)
        metric = fields.get(query.measure)
        if metric is None or metric.get("type") != "number" or metric not in self.views[view].get("measures", []):
            raise Unaskable(f"view {view} has no number measure {query.measure}")

        def swap(m: re.Match) -> str:
            ref = fields.get(m.group(1))
            if m.group(2) is not None or ref is None or ref not in self.views[view].get("measures", []):
                raise Unaskable(f"metric {view}.{query.measure} names {m.group(0)}, not a measure of its view")
            return self._measure(view, ref, self._filters(view, ref))

        value = _REF.sub(swap, metric["sql"])
        base = f"FROM {self._source(view)} AS {self._quoted(view)}"
        if query.column is None:
            return f"SELECT {value} AS v {base}"
        group = self._sql(view, view, self._dimension(view, query.column)["sql"])
        return f"SELECT {group} AS g, {value} AS v {base} GROUP BY {group}"

    def _year(self, view: str, alias: str, column: str) -> str:
        """The year timeframe of the view's dimension group on `column` (its sql names that column
        alone), as Looker writes it: the group's sql formatted as the year's text ('2024')."""
        dialect = sqlglot_dialect(self.model.dialect)
        for g in self.views[view].get("dimension_groups", []):
            if "sql" not in g or "year" not in (g.get("timeframes") or []) or g.get("type", "time") != "time":
                continue
            if read_column(g["sql"], dialect) != column:
                continue
            if g.get("datatype", "timestamp") not in ("date", "timestamp", "datetime"):
                raise Unaskable(f"view {view}: dimension group {g['name']} has datatype {g['datatype']}")
            time = exp.maybe_parse(self._sql(view, alias, g["sql"]), dialect=dialect)
            return exp.TimeToStr(this=time, format=exp.Literal.string("%Y")).sql(dialect)
        raise Unaskable(f"view {view} has no dimension group with a year timeframe on column {column}")

    def _filters(self, view: str, measure: dict, x: dict | None = None, needed: dict[str, str] | None = None) -> str | None:
        """A measure's `filters` as Looker writes them into its CASE WHEN: only plain values (a
        field equal to one value); Looker's filter expressions (`-x`, `%x%`, ranges) are unaskable.
        A field of a view joined in explore `x` (`order.currency`) is read through that join,
        which goes into `needed` by its alias."""
        found = [f for key, group in measure.items() if key.startswith("filters") for item in group
                 for f in (item if isinstance(item, list) else [item])]
        conditions = []
        for f in found:
            for field, value in f.items():
                alias, _, name = str(field).rpartition(".")
                if alias and alias != view:
                    j = next((j for j in (x or {}).get("joins", []) if j["name"] == alias), None)
                    if j is None or needed is None:
                        raise Unaskable(f"measure {view}.{measure['name']} filters {field}, which no join of its explore holds")
                    jview = j.get("from", j.get("view_name", alias))
                    target = self._filter_field(jview, name)
                    body = self._sql(jview, alias, target["sql"])
                    needed[alias] = f"LEFT JOIN {self._source(jview)} AS {self._quoted(alias)} ON {self._sql_on(x, j)}"
                else:
                    target = self._filter_field(view, name or field)
                    body = self._sql(view, view, target["sql"])
                if str(value).upper() == "NULL":
                    conditions.append(f"({body}) IS NULL")
                    continue
                bound = _DATE_BOUND.fullmatch(str(value))
                if bound and target.get("type") == "time":
                    day = "-".join(bound.group(2, 3, 4))
                    conditions.append(f"({body}) {'>=' if bound.group(1).lower() == 'after' else '<'} '{day}'")
                    continue
                if not re.fullmatch(r"[A-Za-z0-9 _.]+", str(value)) or value.upper() == "EMPTY":
                    raise Unaskable(f"measure {view}.{measure['name']} filters {field} by {value!r}, a Looker filter expression")
                if target.get("type") == "yesno" and str(value).lower() in ("yes", "no"):
                    # Looker tests a yesno field's condition itself (MySQL keeps booleans as 0/1,
                    # which equal no 'yes'); "no" is every row where it does not hold.
                    conditions.append(f"({body})" if str(value).lower() == "yes" else f"NOT COALESCE(({body}), FALSE)")
                    continue
                literal = value if re.fullmatch(r"-?\d+(\.\d+)?", value) else "'" + value.replace("'", "''") + "'"
                conditions.append(f"({body}) = {literal}")
        return " AND ".join(conditions) or None

    def _filter_field(self, view: str, field: str) -> dict:
        """The field a filter names: a dimension, or a timeframe of a dimension group (a filter on
        `end_date` bounds the group's own column)."""
        fields = self._fields(view)
        if field in fields:
            return fields[field]
        for g in self.views[view].get("dimension_groups", []):
            if "sql" in g and field in {f"{g['name']}_{tf}" for tf in g.get("timeframes", [])}:
                return g
        raise Unaskable(f"view {view} has no field {field} to filter on")

    def _measure(self, view: str, measure: dict, where: str | None = None) -> str:
        t = measure["type"]
        if t == "count":
            pk = next((d for d in self.views[view].get("dimensions", []) if d.get("primary_key") == "yes"), None)
            counted = self._sql(view, view, pk["sql"]) if pk else "1"
            if where:
                counted = f"CASE WHEN {where} THEN {counted} END"
            return f"COUNT(DISTINCT {counted})" if pk else f"COUNT({counted})"
        body = self._sql(view, view, measure["sql"])
        if t == "sum" and _COUNTED.fullmatch(measure["sql"]):
            # Written for a count (the answer of no row is a count's 0, not a sum's NULL).
            return f"COALESCE(SUM({f'CASE WHEN {where} THEN {body} END' if where else body}), 0)"
        if where:
            body = f"CASE WHEN {where} THEN {body} END"
        return {"sum": "SUM({})", "average": "AVG({})", "min": "MIN({})", "max": "MAX({})",
                "count_distinct": "COUNT(DISTINCT {})"}[t].format(body)

    def _join(self, x: dict, alias: str, hop) -> tuple[str, str, str]:
        """The join of explore `x` that follows `hop` from `alias`: (its alias, its view, SQL)."""
        target = self.model.entity_index()[hop.to_entity].table.name
        for j in x.get("joins", []):
            jview = j.get("from", j.get("view_name", j["name"]))
            if jview not in self.views or self._table(jview) != target:
                continue
            pairs = re.findall(r"\$\{(\w+)\.(\w+)\}\s*=\s*\$\{(\w+)\.(\w+)\}", j.get("sql_on", ""))
            src_view = self._alias_view(x, alias)
            got = set()
            for a, fa, b, fb in pairs:
                if a == alias and b == j["name"]:
                    got.add((column_of(self._fields(src_view)[fa].get("sql"), self.model.dialect),
                             column_of(self._fields(jview)[fb].get("sql"), self.model.dialect)))
            if got == set(zip(hop.from_columns, hop.to_columns)):
                on = self._sql_on(x, j)
                return j["name"], jview, f"LEFT JOIN {self._source(jview)} AS {self._quoted(j['name'])} ON {on}"
        raise Unaskable(f"explore {x['name']} has no join from {alias} on {'+'.join(hop.from_columns)}")

    def _quoted(self, alias: str) -> str:
        """A view's or join's name as the table alias Looker writes, quoted as the dialect quotes
        (a view may be named `order`, as a published Shopify block's is)."""
        return q(alias).sql(dialect=sqlglot_dialect(self.model.dialect))

    def _alias_view(self, x: dict, alias: str) -> str:
        if alias == x["name"]:
            return x.get("from", x.get("view_name", alias))
        j = next(j for j in x.get("joins", []) if j["name"] == alias)
        return j.get("from", j.get("view_name", alias))

    def _sql_on(self, x: dict, j: dict) -> str:
        def swap(m: re.Match) -> str:
            a, b = m.group(1), m.group(2)
            view = self._alias_view(x, a)
            return "(" + self._sql(view, a, self._fields(view)[b]["sql"]) + ")"

        return _REF.sub(swap, j["sql_on"])
