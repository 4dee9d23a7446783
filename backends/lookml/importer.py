"""A LookML project people wrote -> SemanticModel with human provenance.

Views become entities (a derived table becomes a view-kind entity of the view's name: the IR holds
no SQL of its own for an entity, so that is reported), dimensions and dimension groups fields,
measures measures (filters translated to SQL by filters.py), `type: number` measures over other
measures metrics (a ratio when it is `a / b`), explores explores, and each join a relationship
as well, in the direction of its cardinality. `${TABLE}.col` is a column; `${dim}` inside an
expression is replaced by that dimension's SQL. What has no place in the IR is reported with
its file and line: LK102 for content (derived-table SQL, Liquid, measure types such as median or
list, untranslatable filters), LK103 once per view for presentation-only parameters.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import sqlglot
from sqlglot.errors import SqlglotError

from backends.importing import Fields, Reading, ident, mark_keys, new_entity, relationship, split_name
from backends.lookml import filters, names, project
from backends.lookml.codes import LK101, LK102, LK103, LK104
from compiler.diagnostics import Diagnostics
from ir.semantic import Dimension, Entity, Explore, Join, Measure, Metric, SemanticModel, TimeDimension

AGGS = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "average": "avg", "min": "min", "max": "max"}
DIM_TYPES = {"string": "string", "number": "decimal", "yesno": "boolean", "zipcode": "string", "int": "integer"}
TIME_DIM_TYPES = {"date": "date", "date_time": "timestamp", "time": "timestamp"}
FORMATS = {
    "usd": "currency", "usd_0": "currency", "eur": "currency", "eur_0": "currency", "gbp": "currency", "gbp_0": "currency",
    "percent_0": "percent", "percent_1": "percent", "percent_2": "percent", "percent_3": "percent", "percent_4": "percent",
    "decimal_0": "integer", "id": "integer", "decimal_1": "decimal", "decimal_2": "decimal", "decimal_3": "decimal", "decimal_4": "decimal",
}
CARDINALITIES = {"many_to_one", "one_to_one", "one_to_many", "many_to_many"}
JOIN_TYPES = {"left_outer", "inner", "full_outer"}
# Parameters that only shape how Looker shows things: reported once per view (LK103).
PRESENTATION = {
    "group_label", "group_item_label", "drill_fields", "html", "link", "links", "value_format", "value_format_name",
    "order_by_field", "tags", "suggestions", "suggest_dimension", "suggest_explore", "suggest_persist_for", "required_fields",
    "view_label", "can_filter", "full_suggestions", "alias", "style", "map_layer_name", "convert_tz", "sets",
    "required_access_grants", "allow_fill", "case_sensitive", "skip_drill_filter", "fields_hidden_by_default", "bypass_suggest_restrictions",
    "allowed_value", "default_value", "precision",
}
_REF = re.compile(r"\$\{(\w+)(?:\.(\w+))?\}")
_ON_PAIR = re.compile(r"\$\{(\w+)\.(\w+)\}\s*=\s*\$\{(\w+)\.(\w+)\}")


class _Importer:
    def __init__(self, files: dict[str, str], diags: Diagnostics, dialect: str | None) -> None:
        self.r = Reading("lookml", diags, human=True)
        self.project = project.load(files, dialect)
        self.dialect = self.project.dialect or ""
        self.model = SemanticModel(name=ident(self.project.model_name or "lookml", "model"), dialect=self.dialect, source="lookml")
        self.entities: dict[str, Entity] = {}  # view name -> entity
        self.fields: dict[str, Fields] = {}
        self.kinds: dict[tuple[str, str], str] = {}  # (view, field) -> LookML type
        self.sql: dict[tuple[str, str], str | None] = {}  # (view, field) -> its SQL, ${TABLE}. removed
        self.by_measure: dict[tuple[str, str], Measure] = {}
        self.numbers: list[tuple[str, dict, str]] = []  # (view, `type: number` measure, where)

    def report_notes(self) -> None:
        for kind, message, where in self.project.notes:
            code = {"error": LK101, "presentation": LK103, "unknown": LK104}.get(kind, LK102)
            self.r.report(code, message, where)
        settings = sorted(k for k in self.project.model_params if k not in ("connection", "label"))
        if settings:
            self.r.report(LK103, f"model settings {', '.join(settings)} have no place in the IR",
                          self.project.model_params[settings[0]])

    # -- views -----------------------------------------------------------------------------------

    def view(self, v: project.Located) -> None:
        data = v.data
        where = v.where
        table, schema, kind = v.name, None, "table"
        if "derived_table" in data:
            kind = "view"
            how = "explore_source" if "explore_source" in data["derived_table"] else "sql"
            self.r.report(LK102, f"view {v.name} is a derived table ({how}); imported as a view named {v.name} (the IR holds no SQL "
                                 "of its own for an entity: create that view in the database, or keep this view in LookML)", where)
        elif data.get("sql_table_name"):
            parts = split_name(data["sql_table_name"]) or [data["sql_table_name"].strip()]
            table, schema = parts[-1], (parts[-2] if len(parts) > 1 else None)
        entity = new_entity(self.r, v.name, table, schema, kind=kind,
                            label=self.r.text(_unq(data.get("label")), where), description=self.r.text(_unq(data.get("description")), where))
        self.entities[v.name] = entity
        self.fields[v.name] = Fields(entity)
        shown: Counter[str] = Counter()
        lost: Counter[str] = Counter()
        for key in data:
            if key in PRESENTATION or key.endswith("__all") and key[:-5] in PRESENTATION:
                shown[key.replace("__all", "")] += 1
            elif key not in ("name", "sql_table_name", "derived_table", "extends__all", "extension", "label", "description",
                             "dimensions", "dimension_groups", "measures", "filters", "parameters"):
                lost[key] += 1
        for kind_key in ("filters", "parameters"):
            if data.get(kind_key):
                lost[f"{kind_key[:-1]} fields"] += len(data[kind_key])
        for d in data.get("dimensions", []):
            self._note_params(d, shown, lost, ("name", "type", "sql", "primary_key", "hidden", "label", "description"))
            self.kinds[(v.name, d["name"])] = d.get("type", "string")
            self.sql[(v.name, d["name"])] = self._raw_sql(d)
        for g in data.get("dimension_groups", []):
            self._note_params(g, shown, lost, ("name", "type", "sql", "hidden", "label", "description", "timeframes", "datatype"))
            self.kinds[(v.name, g["name"])] = "group"
            self.sql[(v.name, g["name"])] = self._raw_sql(g)
        for d in data.get("dimensions", []):
            self.dimension(v, d)
        for g in data.get("dimension_groups", []):
            self.dimension_group(v, g)
        pk = [d for d in data.get("dimensions", []) if d.get("primary_key") == "yes"]
        for d in pk:
            entity.primary_key.extend(c for c in self._key_columns(v.name, d["name"]) if c not in entity.primary_key)
        if entity.primary_key:
            entity.primary_key_provenance = self.r.provenance(v.places.get(("dimension", pk[0]["name"]), where))
        if shown:
            self.r.report(LK103, f"view {v.name}: presentation parameters not imported: "
                                 + ", ".join(f"{k} ({n})" for k, n in sorted(shown.items())), where)
        if lost:
            self.r.report(LK102, f"view {v.name}: parameters with no place in the IR not imported: "
                                 + ", ".join(f"{k} ({n})" for k, n in sorted(lost.items())), where)
        self.model.entities.append(entity)

    def _note_params(self, f: dict, shown: Counter, lost: Counter, known: tuple[str, ...]) -> None:
        for key in f:
            bare = key.replace("__all", "")
            if bare in known or key in known:
                continue
            (shown if bare in PRESENTATION else lost)[bare] += 1

    def _raw_sql(self, f: dict) -> str | None:
        text = f.get("sql")
        return text.strip() if isinstance(text, str) else f"${{TABLE}}.{f['name']}"

    def resolve(self, view: str, text: str, seen: frozenset = frozenset()) -> str:
        """SQL over the view's columns: `${TABLE}.` dropped, `${field}` replaced by its SQL.
        ValueError for Liquid, another view's field, or an unknown one."""
        if "{%" in text or "{{" in text:
            raise ValueError("it uses Liquid templating")

        def swap(m: re.Match) -> str:
            first, second = m.group(1), m.group(2)
            if first == "TABLE" and second is None:
                return "\x00TABLE"
            ref_view, name = (first, second) if second else (view, first)
            if ref_view != view:
                raise ValueError(f"it refers to another view's field ${{{ref_view}.{name}}}")
            if (view, name) not in self.sql:
                base = name.rsplit("_", 1)[0]
                if (view, base) in self.sql and self.kinds.get((view, base)) == "group":
                    name = base  # a timeframe of a dimension group: the group's SQL
                else:
                    raise ValueError(f"it refers to ${{{name}}}, which is not a dimension of {view}")
            if name in seen:
                raise ValueError(f"${{{name}}} refers to itself")
            inner = self.resolve(view, self.sql[(view, name)] or "", seen | {name})
            return inner if re.fullmatch(r"[\w\"`\[\].]+", inner) else f"({inner})"

        out = _REF.sub(swap, text)
        return re.sub(r"\x00TABLE\.", "", out).replace("\x00TABLE", "")

    def column_or_expr(self, view: str, text: str) -> tuple[str | None, str | None]:
        resolved = self.resolve(view, text)
        parts = split_name(resolved)
        if parts is not None and len(parts) == 1:
            return parts[0], None
        try:
            sqlglot.parse_one(resolved, read=self.dialect or None)
        except SqlglotError as e:
            hint = "" if self.dialect else " (if it is written in one database's SQL, give that dialect: --dialect)"
            raise ValueError(f"its SQL does not parse{hint}: {str(e).splitlines()[0]}") from None
        return None, resolved

    def _key_columns(self, view: str, name: str) -> list[str]:
        f = self.fields[view].get(name)
        if f is None:
            return []
        if f.column:
            return [f.column]
        # A compound key written as an expression over several columns (CONCAT(a, b), a || b).
        text = self.sql.get((view, name)) or ""
        cols = [self.fields[view].get(n) for n in re.findall(r"\$\{(\w+)\}", text)]
        cols += [None] if "${TABLE}." in text else []
        return [c.column for c in cols if c is not None and c.column] if all(c is not None for c in cols) else []

    def dimension(self, v: project.Located, d: dict) -> None:
        where = v.places.get(("dimension", d["name"]), v.where)
        kind = d.get("type", "string")
        try:
            column, expr = self.column_or_expr(v.name, self.sql[(v.name, d["name"])] or "")
        except ValueError as e:
            self.r.report(LK102, f"dimension {v.name}.{d['name']} not imported: {e}", where)
            return
        if kind not in DIM_TYPES and kind not in TIME_DIM_TYPES:
            self.r.report(LK102, f"dimension {v.name}.{d['name']} of type {kind} imported as a string (the IR has no {kind} type)", where)
        common = dict(
            name=self.fields[v.name].claim(d["name"]), column=column, expr=expr, hidden=d.get("hidden") == "yes",
            label=self.r.text(_unq(d.get("label")), where), description=self.r.text(_unq(d.get("description")), where),
            provenance=self.r.provenance(where),
        )
        if kind in TIME_DIM_TYPES:
            node: Dimension | TimeDimension = TimeDimension(data_type=TIME_DIM_TYPES[kind], **common)
        else:
            node = Dimension(data_type=DIM_TYPES.get(kind, "string"), primary_key=d.get("primary_key") == "yes", **common)
        self.fields[v.name].add(d["name"], node)

    def dimension_group(self, v: project.Located, g: dict) -> None:
        where = v.places.get(("dimension_group", g["name"]), v.where)
        if g.get("type", "time") != "time":
            self.r.report(LK102, f"dimension group {v.name}.{g['name']} of type {g.get('type')} not imported (only type: time "
                                 "has an IR counterpart, a time dimension)", where)
            return
        datatype = g.get("datatype", "timestamp")
        if datatype in ("epoch", "yyyymmdd"):
            self.r.report(LK102, f"dimension group {v.name}.{g['name']} of datatype {datatype} not imported (IR time dimensions "
                                 "are dates and timestamps)", where)
            return
        try:
            column, expr = self.column_or_expr(v.name, self.sql[(v.name, g["name"])] or "")
        except ValueError as e:
            self.r.report(LK102, f"dimension group {v.name}.{g['name']} not imported: {e}", where)
            return
        node = TimeDimension(
            name=self.fields[v.name].claim(g["name"]), column=column, expr=expr, hidden=g.get("hidden") == "yes",
            data_type="date" if datatype == "date" else "timestamp",
            granularity=_granularity(set(g.get("timeframes") or ()) - {"raw"}),
            label=self.r.text(_unq(g.get("label")), where), description=self.r.text(_unq(g.get("description")), where),
            provenance=self.r.provenance(where),
        )
        self.fields[v.name].add(g["name"], node)

    # -- measures and metrics --------------------------------------------------------------------

    def measures(self, v: project.Located) -> None:
        entity = self.entities[v.name]
        numbers = []
        for m in v.data.get("measures", []):
            where = v.places.get(("measure", m["name"]), v.where)
            kind = m.get("type", "count")
            if kind == "number":
                numbers.append((m, where))
                continue
            if kind not in AGGS:
                self.r.report(LK102, f"measure {v.name}.{m['name']} of type {kind} not imported (the IR aggregates count, "
                                     "count_distinct, sum, average, min and max)", where)
                continue
            measure = self.measure(v.name, m, kind, where)
            if measure is not None:
                entity.measures.append(measure)
                self.by_measure[(v.name, m["name"])] = measure
        # After every view's measures: a number measure may read another view's.
        self.numbers.extend((v.name, m, where) for m, where in numbers)

    def measure(self, view: str, m: dict, kind: str, where: str) -> Measure | None:
        column = expr = None
        try:
            if kind != "count" and m.get("sql") is not None:
                column, expr = self.column_or_expr(view, m["sql"].strip())
            elif kind != "count":
                column = m["name"]
            condition = self.filter(view, m)
        except (ValueError, filters.Untranslatable) as e:
            self.r.report(LK102, f"measure {view}.{m['name']} not imported: {e}", where)
            return None
        fmt = FORMATS.get(m.get("value_format_name", ""))
        return Measure(
            name=self.fields[view].names.claim(ident(m["name"], "measure")), agg=AGGS[kind], column=column, expr=expr, filter=condition,
            format=fmt, hidden=m.get("hidden") == "yes", label=self.r.text(_unq(m.get("label")), where),
            description=self.r.text(_unq(m.get("description")), where), provenance=self.r.provenance(where),
        )

    def filter(self, view: str, m: dict) -> str | None:
        """The SQL condition of a measure's filters (`filters: [field: "expr"]`, or the older
        `filters: {field: f value: "expr"}` blocks), ANDed."""
        pairs: list[tuple[str, str]] = []
        for group in m.get("filters__all", []):
            for f in group if isinstance(group, list) else [group]:
                if "field" in f and "value" in f:
                    pairs.append((f["field"], str(f["value"])))
                else:
                    pairs.extend((k, str(val)) for k, val in f.items())
        parts = []
        for name, expression in pairs:
            ref_view, _, fname = name.rpartition(".")
            if ref_view and ref_view != view:
                raise ValueError(f"its filter is on another view's field {name}")
            kind = self.kinds.get((view, fname))
            if kind is None and self.kinds.get((view, fname.rsplit("_", 1)[0])) == "group":
                fname, kind = fname.rsplit("_", 1)[0], "group"  # a timeframe of a dimension group
            if kind is None:
                raise ValueError(f"its filter names {name}, which is not a dimension of {view}")
            field_sql = self.resolve(view, self.sql[(view, fname)] or "")
            parts.append(filters.condition(field_sql, "date" if kind == "group" else kind, names.unquote_string(expression)))
        return " AND ".join(parts) if parts else None

    def metric(self, view: str, m: dict, where: str) -> None:
        text = (m.get("sql") or "").strip()
        refs = _REF.findall(text)
        measures = {(rv or view, n) if n else (view, rv) for rv, n in refs}
        refs_ok = refs and all(key in self.by_measure for key in measures) and "{%" not in text
        if not refs_ok:
            self.r.report(LK102, f"measure {view}.{m['name']} (type: number) not imported: the IR's metrics combine measures "
                                 "(${{measure}}), and this one refers to other things", where)
            return

        def ref(r: re.Match) -> str:
            v, name = (r.group(1), r.group(2)) if r.group(2) else (view, r.group(1))
            local = self.by_measure[(v, name)].name
            return local if v == view else f"{self.entities[v].name}.{local}"  # joined by resolve_metrics

        local = _REF.sub(ref, text)
        common = dict(
            name=self.fields[view].names.claim(ident(m["name"], "metric")), entity=self.entities[view].name,
            label=self.r.text(_unq(m.get("label")), where), description=self.r.text(_unq(m.get("description")), where),
            provenance=self.r.provenance(where),
        )
        ratio = re.fullmatch(r"\s*(?:1\.0\s*\*\s*)?([\w.]+)\s*/\s*(?:NULLIF\(\s*([\w.]+)\s*,\s*0\s*\)|([\w.]+))\s*", local, re.IGNORECASE)
        if ratio:
            metric = Metric(type="ratio", numerator=ratio.group(1), denominator=ratio.group(2) or ratio.group(3), **common)
        elif re.fullmatch(r"\s*[\w.]+\s*", local):
            metric = Metric(type="simple", measure=local.strip(), **common)
        else:
            metric = Metric(type="derived", expr=local, **common)
        self.model.metrics.append(metric)

    # -- explores --------------------------------------------------------------------------------

    def explore(self, x: project.Located) -> None:
        data = x.data
        root_view = data.get("view_name") or data.get("from") or x.name
        if root_view not in self.entities:
            self.r.report(LK104, f"explore {x.name} starts from view {root_view}, which is not imported", x.where)
            return
        root_alias = x.name if data.get("from") or data.get("view_name") else root_view
        aliases = {root_alias: root_view}
        joins = []
        ignored = sorted(k for k in data if k not in ("name", "view_name", "from", "label", "description", "joins", "extends__all", "extension"))
        if ignored:
            code = LK103 if all(k.replace("__all", "") in PRESENTATION | {"hidden", "group_label", "fields"} for k in ignored) else LK102
            self.r.report(code, f"explore {x.name}: parameters not imported: {', '.join(k.replace('__all', '') for k in ignored)}", x.where)
        for j in data.get("joins", []):
            where = x.places.get(("join", j["name"]), x.where)
            target = j.get("from") or j["name"]
            if target not in self.entities:
                self.r.report(LK104, f"join {x.name}.{j['name']} names view {target}, which is not imported", where)
                continue
            aliases[j["name"]] = target
        for j in data.get("joins", []):
            join = self.join(x, j, aliases, root_alias)
            if join is not None:
                joins.append(join)
        joins, orphans = _in_join_order(joins, self.entities[root_view].name)
        for j in orphans:
            self.r.report(LK102, f"join {x.name}.{j.alias} not imported: it hangs from {j.from_alias}, which is not imported",
                          x.places.get(("join", j.alias), x.where))
        self.model.explores.append(Explore(
            name=ident(x.name, "explore"), root=self.entities[root_view].name, joins=joins,
            label=self.r.text(_unq(data.get("label")), x.where), description=self.r.text(_unq(data.get("description")), x.where),
            provenance=self.r.provenance(x.where),
        ))

    def join(self, x: project.Located, j: dict, aliases: dict[str, str], root_alias: str) -> Join | None:
        where = x.places.get(("join", j["name"]), x.where)
        if j["name"] not in aliases:
            return None
        kind = j.get("type", "left_outer")
        if kind not in JOIN_TYPES:
            self.r.report(LK102, f"join {x.name}.{j['name']} of type {kind} not imported", where)
            return None
        on = j.get("sql_on") or ""
        pairs = _ON_PAIR.findall(on)
        if j.get("foreign_key") and not pairs:
            target = aliases[j["name"]]
            pk = self.entities[target].primary_key
            fk = j["foreign_key"].split(".")[-1]
            pairs = [(root_alias, fk, j["name"], self._field_of_column(target, pk[0]))] if len(pk) == 1 else []
        rest = _ON_PAIR.sub("", on)
        rest = re.sub(r"(?i)\band\b|[\s()]", "", rest)
        if not pairs or rest:
            self.r.report(LK102, f"join {x.name}.{j['name']} not imported: its sql_on is not a conjunction of field equalities", where)
            return None
        from_alias, from_cols, to_cols = None, [], []
        try:
            for a1, f1, a2, f2 in pairs:
                if a1 == j["name"] and a2 != j["name"]:
                    a1, f1, a2, f2 = a2, f2, a1, f1
                if a2 != j["name"] or a1 not in aliases or (from_alias and a1 != from_alias):
                    raise ValueError(f"${{{a1}.{f1}}} = ${{{a2}.{f2}}} does not join {j['name']} to one earlier view")
                from_alias = a1
                from_cols.append(self._column_of(aliases[a1], f1))
                to_cols.append(self._column_of(aliases[a2], f2))
        except ValueError as e:
            self.r.report(LK102, f"join {x.name}.{j['name']} not imported: {e}", where)
            return None
        cardinality = j.get("relationship", "many_to_one")
        if cardinality not in CARDINALITIES:
            cardinality = "many_to_one"
        ignored = sorted(k for k in j if k not in ("name", "from", "sql_on", "relationship", "type", "foreign_key"))
        if ignored:
            self.r.report(LK103 if set(k.replace("__all", "") for k in ignored) <= PRESENTATION | {"fields"} else LK102,
                          f"join {x.name}.{j['name']}: parameters not imported: {', '.join(k.replace('__all', '') for k in ignored)}", where)
        # A join named other than its view (`join: billing_address { from: address }`) names the
        # role the joined row plays: the relationship's role.
        role = j["name"] if j.get("from") and j["from"] != j["name"] else None
        self._relationship(aliases[from_alias], from_cols, aliases[j["name"]], to_cols, cardinality, where, role)
        return Join(alias=ident(j["name"], "join"), entity=self.entities[aliases[j["name"]]].name,
                    from_alias=ident(from_alias, "join") if from_alias != root_alias else self.entities[aliases[root_alias]].name,
                    from_columns=from_cols, to_columns=to_cols, cardinality=cardinality, type=kind)

    def _column_of(self, view: str, name: str) -> str:
        f = self.fields[view].get(name)
        if f is None:
            base = name.rsplit("_", 1)[0]
            f = self.fields[view].get(base) if self.kinds.get((view, base)) == "group" else None
        if f is None or f.column is None:
            raise ValueError(f"{view}.{name} is not a column field")
        return f.column

    def _field_of_column(self, view: str, column: str) -> str:
        f = next((f for f in self.entities[view].dimensions if f.column == column), None)
        return f.name if f else column

    def _relationship(self, src_view: str, src_cols: list[str], dst_view: str, dst_cols: list[str], cardinality: str, where: str,
                      role: str | None = None) -> None:
        src, dst = self.entities[src_view], self.entities[dst_view]
        if cardinality == "one_to_many":
            src, dst, src_cols, dst_cols, cardinality, role = dst, src, dst_cols, src_cols, "many_to_one", None
        key = (src.table.key, tuple(src_cols), dst.table.key, tuple(dst_cols))
        if any((r.from_.table_key, tuple(r.from_.columns), r.to.table_key, tuple(r.to.columns)) == key for r in self.model.relationships):
            return
        rel = relationship(src, src_cols, dst, dst_cols, cardinality, "human", evidence=[f"joined in {where}"])
        if role:
            rel.role, rel.role_provenance = ident(role, "join"), self.r.provenance(where)
        self.model.relationships.append(rel)

    def run(self) -> SemanticModel:
        self.report_notes()
        for name, v in self.project.views.items():
            if name not in self.project.abstract:
                self.view(v)
        for name, v in self.project.views.items():
            if name in self.entities:
                self.measures(v)
        for view, m, where in self.numbers:
            self.metric(view, m, where)
        for name, x in self.project.explores.items():
            if name not in self.project.abstract:
                self.explore(x)
        mark_keys(self.model)
        return self.model


def _in_join_order(joins: list[Join], root: str) -> tuple[list[Join], list[Join]]:
    """(joins ordered so each hangs from the root or an earlier join, those that hang from none).
    Looker resolves the order itself, so projects list joins in any order; the written order is
    kept where it already works."""
    done, out, pending = {root}, [], list(joins)
    while pending:
        ready = next((j for j in pending if j.from_alias in done), None)
        if ready is None:
            break
        out.append(ready)
        done.add(ready.alias)
        pending.remove(ready)
    return out, pending


def _unq(raw: Any) -> str | None:
    return names.unquote_string(raw) if isinstance(raw, str) else None


def import_project(files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
    return _Importer(files, diags, dialect).run()


def sniff(files: dict[str, str]) -> int:
    """3 for a folder with a model file and views, 2 for views alone, 0 otherwise."""
    names_ = [p.rsplit("/", 1)[-1] for p in files]
    has_views = any(n.endswith((".view.lkml", ".view.lookml")) or ("view:" in str(files[p])[:2000] and n.endswith(".lkml"))
                    for p, n in zip(files, names_))
    has_model = any(n.endswith((".model.lkml", ".model.lookml")) for n in names_)
    return 3 if has_views and has_model else 2 if has_views else 0


def _granularity(timeframes: set) -> str | None:
    """The coarsest time a dimension group's timeframes say every value names: a year kept as a
    number shows its years only, a month kept as YYYYMM its months, quarters and years."""
    if timeframes == {"year"}:
        return "year"
    return "month" if timeframes == {"month", "quarter", "year"} else None
