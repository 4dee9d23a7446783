"""SemanticModel -> one Ossie document: datasets with fields and keys, relationships, metrics.

Ossie has no dataset-level measures: a measure becomes a semantic-model metric whose expression
aggregates its dataset's fields (`SUM(invoice.total)`, a filter as `CASE WHEN` inside the
aggregate), named `<entity>_<measure>`; a metric inlines its measures' aggregates (a ratio as
`num / NULLIF(den, 0)`). Field expressions are the column, or the field's SQL, in ANSI SQL.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from backends import row_filters
from backends.base import unique_name
from backends.importing import measure_columns
from backends.ossie import extensions as ext, sql, writer
from backends.ossie.codes import OS001, OS002, OS003
from compiler.diagnostics import Diagnostics
from compiler.naming import snake
from ir.semantic import Dimension, Entity, Measure, Metric, SemanticModel, TimeDimension

DATATYPES = {
    "integer": "Integer", "decimal": "Decimal", "float": "Float", "boolean": "Boolean", "string": "String",
    "date": "Date", "time": "Time", "timestamp": "DateTime", "timestamp_tz": "DateTimeTz",
}
_NUMBER_AGGS = {"count": "Integer", "count_distinct": "Integer"}


def file_name(model: SemanticModel, fmt: str = "yaml") -> str:
    return f"{model.name}.{fmt}"


@dataclass
class Plan:
    doc: dict[str, Any]
    # What the file leaves out, for the round trip's expected model: (entity, measure) pairs and
    # metric names.
    left_measures: set[tuple[str, str]] = field(default_factory=set)
    left_metrics: set[str] = field(default_factory=set)
    left_fields: set[tuple[str, str]] = field(default_factory=set)
    # Columns measures read that no field exposes: written as hidden fields (entity -> fields).
    added_fields: dict[str, list[Dimension]] = field(default_factory=dict)


class _Builder:
    def __init__(self, model: SemanticModel, version: str, diags: Diagnostics) -> None:
        self.model, self.version, self.diags = model, version, diags
        self.dialect = model.dialect
        self.where = f"ossie:{file_name(model)}"
        self.carried: Counter[str] = Counter()
        self.plan = Plan(doc={})
        # entity -> measure name -> its aggregate expression (for metrics that use it)
        self.aggregates: dict[str, dict[str, exp.Expression]] = {}
        self.entities = model.entity_index()
        self.extra = {e.name: self._measure_columns(e) for e in model.entities}
        self.plan.added_fields = {k: v for k, v in self.extra.items() if v}

    def _measure_columns(self, e: Entity) -> list[Dimension]:
        """Hidden fields for the columns e's measures read that no field exposes (a metric's
        expression names fields, so such a column needs one)."""
        by_column = e.column_fields()
        taken = {f.name for f in [*e.dimensions, *e.time_dimensions, *e.measures]}
        out: list[Dimension] = []
        for c in measure_columns(e, self.dialect):
            if c not in by_column:
                name = unique_name(snake(c), taken)
                taken.add(name)
                out.append(Dimension(name=name, column=c, data_type="unknown", hidden=True))
        return out

    def extension(self, obj: dict[str, Any], data: dict[str, Any], what: dict[str, str]) -> None:
        """Attach `data` as the COMMON extension, counting each fact it carries for OS001."""
        for key, kind in what.items():
            if data.get(key) not in (None, False):
                self.carried[kind] += 1
        ext.put(obj, data)

    # -- datasets --------------------------------------------------------------------------------

    def dataset(self, e: Entity) -> dict[str, Any]:
        ds: dict[str, Any] = {"name": e.name, "source": sql.source_of(e.table.schema_, e.table.name, self.dialect)}
        based = row_filters.based_sql(e, self.dialect)
        if based is not None:
            # Soft-deleted rows left out at the base: Ossie's source is a table or a query.
            ds["source"] = sql.to_ansi(based, self.dialect)
        # Keys name columns (Ossie's primary_key, unique_keys and relationship columns are the
        # table's columns; fields are what expressions name).
        if e.primary_key:
            ds["primary_key"] = list(e.primary_key)
        if e.unique_keys:
            ds["unique_keys"] = [list(uk) for uk in e.unique_keys]
        if e.description:
            ds["description"] = e.description.value
        if e.synonyms:
            ds["ai_context"] = {"synonyms": list(e.synonyms)}
        fields = [f for f in (self.field(e, d) for d in [*e.dimensions, *e.time_dimensions, *self.extra[e.name]]) if f is not None]
        if fields:
            ds["fields"] = fields
        axis = e.time_axis.dimension if e.time_axis is not None and e.time_axis.entity == e.name and not e.time_axis.path else None
        self.extension(ds, {
            "label": e.label.value if e.label else None, "hidden": e.hidden,
            "kind": e.kind if e.kind != "table" else None, "role": e.role if e.role != "unknown" else None,
            "time_dimension": axis,
            "row_filters": [f.model_dump(mode="json", exclude={"provenance"}, exclude_none=True) for f in e.row_filters] or None,
        }, {"label": "dataset labels", "hidden": "hidden datasets", "time_dimension": "time axes", "row_filters": "row filters"})
        return ds

    def field(self, e: Entity, f: Dimension | TimeDimension) -> dict[str, Any] | None:
        try:
            text = sql.to_ansi(f.expr, self.dialect) if f.expr else sql.column_sql(f.column or f.name, self.dialect)
        except sql.SqlError as err:
            self.diags.report(OS003, f"field {e.name}.{f.name} left out: its expression does not parse ({err})", self.where)
            self.plan.left_fields.add((e.name, f.name))
            return None
        out: dict[str, Any] = {"name": f.name, "expression": _expression(text)}
        datatype = DATATYPES.get(f.data_type)
        if self.version != "0.1.1" and datatype:
            out["datatype"] = datatype
        out["dimension"] = {"is_time": isinstance(f, TimeDimension)}
        if f.label:
            out["label"] = f.label.value
        if f.description:
            out["description"] = f.description.value
        if f.synonyms:
            out["ai_context"] = {"synonyms": list(f.synonyms)}
        # 0.2 has `datatype`; the IR type still travels where it says more (uuid, json...).
        data_type = f.data_type if (self.version == "0.1.1" or datatype is None) and f.data_type != "unknown" else None
        self.extension(out, {
            "data_type": data_type, "hidden": f.hidden,
            "semantic_type": f.semantic_type, "sensitivity": f.sensitivity,
            "accepted_values": getattr(f, "accepted_values", None), "column": f.column if f.expr else None,
        }, {"data_type": "field data types", "hidden": "hidden fields", "sensitivity": "sensitivity classes",
            "accepted_values": "accepted values", "column": "columns read through a cast"})
        return out

    # -- measures and metrics ----------------------------------------------------------------------

    def _refs(self, e: Entity, tree: exp.Expression) -> exp.Expression:
        """`tree` over e's columns, rewritten over `e.field` references. KeyError: a column no
        field exposes."""
        by_column = {**e.column_fields(), **{d.column: d for d in self.extra[e.name] if d.column}}
        folded = {c.lower(): f for c, f in by_column.items()}

        def swap(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column) and not isinstance(node.this, exp.Star):
                f = by_column.get(node.name) or folded.get(node.name.lower())
                if f is None:
                    raise KeyError(node.name)
                return sql.field_ref(e.name, f.name)
            return node

        return tree.copy().transform(swap)

    def measure_aggregate(self, e: Entity, m: Measure) -> exp.Expression:
        arg: exp.Expression | None = None
        if m.column is not None:
            arg = self._refs(e, exp.Column(this=exp.Identifier(this=m.column, quoted=True)))
        elif m.expr is not None:
            arg = self._refs(e, sql.parse(m.expr, self.dialect))
        condition = self._refs(e, sql.parse(m.filter, self.dialect)) if m.filter else None
        if m.joined_filter is not None:
            # A metric reads any dataset's fields over the relationships: the parent's column itself
            # (`"order".currency = 'CAD'`). KeyError where the parent shows no such field.
            jf = m.joined_filter
            parent = self.model.entity(jf.entity)
            if parent is None or not any(d.name == jf.dimension for d in parent.dimensions):
                raise KeyError(f"{jf.entity}.{jf.column}")
            on = exp.EQ(this=sql.field_ref(jf.entity, jf.dimension), expression=exp.Literal.string(jf.value))
            condition = on if condition is None else exp.and_(condition, on)
        if m.agg == "count" and arg is None and condition is None:
            # COUNT(*) names no dataset; a primary key column is never NULL, so counting it
            # counts the rows and says whose they are.
            by_column = e.column_fields()
            if e.primary_key and e.primary_key[0] in by_column:
                arg = sql.field_ref(e.name, by_column[e.primary_key[0]].name)
        return sql.build_aggregate(m.agg, arg, condition)

    def measures(self, taken: set[str]) -> list[dict[str, Any]]:
        out = []
        for e in self.model.entities:
            mine = self.aggregates.setdefault(e.name, {})
            for m in e.measures:
                try:
                    tree = self.measure_aggregate(e, m)
                except (KeyError, sql.SqlError) as err:
                    reason = f"column {err} has no field" if isinstance(err, KeyError) else str(err)
                    self.diags.report(OS003, f"measure {e.name}.{m.name} left out: {reason}", self.where)
                    self.plan.left_measures.add((e.name, m.name))
                    continue
                mine[m.name] = tree
                name = unique_name(m.name if m.name.startswith(f"{e.name}_") else f"{e.name}_{m.name}", taken)
                taken.add(name)
                metric: dict[str, Any] = {"name": name, "expression": _expression(tree.sql(dialect=sql.ANSI))}
                if m.description:
                    metric["description"] = m.description.value
                if m.synonyms:
                    metric["ai_context"] = {"synonyms": list(m.synonyms)}
                datatype = DATATYPES.get(m.data_type or "") or _NUMBER_AGGS.get(m.agg)
                if self.version != "0.1.1" and datatype:
                    metric["datatype"] = datatype
                self.extension(metric, {
                    "dataset": e.name, "measure": m.name, "label": m.label.value if m.label else None,
                    "hidden": m.hidden, "format": m.format, "non_additive_dimension": m.non_additive_dimension,
                }, {"label": "measure labels", "hidden": "hidden measures", "format": "measure formats",
                    "non_additive_dimension": "semi-additive measures"})
                out.append(metric)
        return out

    def _measure_ref(self, ref: str, entity: str | None) -> tuple[str, str] | None:
        """A metric's measure reference (`measure` or `entity.measure`) -> (entity, measure)."""
        ent, _, name = ref.rpartition(".")
        ent = ent or entity
        found = [(e, name) for e, measures in self.aggregates.items() if ent in (None, e) and name in measures]
        return found[0] if len(found) == 1 else None

    def metric_tree(self, mt: Metric) -> exp.Expression:
        def aggregate(ref: str | None) -> exp.Expression:
            hit = self._measure_ref(ref or "", mt.entity)
            if hit is None:
                raise KeyError(ref)
            return self.aggregates[hit[0]][hit[1]].copy()

        if mt.type == "simple":
            return aggregate(mt.measure)
        if mt.type == "ratio":
            return exp.Div(this=aggregate(mt.numerator), expression=exp.Nullif(this=aggregate(mt.denominator), expression=exp.Literal.number(0)))
        tree = sql.parse(mt.expr or "", self.dialect)

        def swap(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column):
                ref = f"{node.table}.{node.name}" if node.table else node.name
                return exp.Paren(this=aggregate(ref))
            return node

        return tree.transform(swap)

    def metrics(self, taken: set[str]) -> list[dict[str, Any]]:
        out = []
        for mt in self.model.metrics:
            try:
                tree = self.metric_tree(mt)
            except (KeyError, sql.SqlError) as err:
                reason = f"measure {err} is not written" if isinstance(err, KeyError) else str(err)
                self.diags.report(OS003, f"metric {mt.name} left out: {reason}", self.where)
                self.plan.left_metrics.add(mt.name)
                continue
            name = unique_name(mt.name, taken)
            taken.add(name)
            metric: dict[str, Any] = {"name": name, "expression": _expression(tree.sql(dialect=sql.ANSI))}
            if mt.description:
                metric["description"] = mt.description.value
            if mt.synonyms:
                metric["ai_context"] = {"synonyms": list(mt.synonyms)}
            self.extension(metric, {
                "type": mt.type, "entity": mt.entity, "measure": mt.measure, "numerator": mt.numerator,
                "denominator": mt.denominator, "expr": mt.expr, "label": mt.label.value if mt.label else None,
            }, {"label": "metric labels"})
            out.append(metric)
        return out

    # -- relationships ---------------------------------------------------------------------------

    def relationships(self) -> list[dict[str, Any]]:
        by_table = {e.table.key: e for e in self.model.entities}
        taken: set[str] = set()
        out = []
        for r in self.model.relationships:
            src, dst = by_table.get(r.from_.table_key), by_table.get(r.to.table_key)
            if src is None or dst is None:
                continue
            name = f"{src.name}_to_{dst.name}"
            if name in taken:
                name = f"{src.name}_{'_'.join(snake(c) for c in r.from_.columns)}_to_{dst.name}"
            name = unique_name(name, taken)
            taken.add(name)
            rel: dict[str, Any] = {
                "name": name, "from": src.name, "to": dst.name,
                "from_columns": list(r.from_.columns), "to_columns": list(r.to.columns),
            }
            self.extension(rel, {
                "cardinality": r.cardinality, "origin": r.origin if r.origin != "declared" else None,
                "confidence": r.confidence if r.origin in ("inferred", "llm") else None, "role": r.role,
            }, {"cardinality": "relationship cardinality", "role": "join roles"})
            out.append(rel)
        return out

    def build(self) -> Plan:
        m = self.model
        sm: dict[str, Any] = {"name": m.name}
        if m.description:
            sm["description"] = m.description.value
        sm["datasets"] = [self.dataset(e) for e in m.entities]
        rels = self.relationships()
        if rels:
            sm["relationships"] = rels
        taken: set[str] = set()
        metrics = self.measures(taken) + self.metrics(taken)
        if metrics:
            sm["metrics"] = metrics
        ext.put(sm, {"dialect": m.dialect or None, "source": m.source, "database": m.database})
        self.plan.doc = {"version": self.version, "semantic_model": [sm]}
        if self.carried:
            kinds = ", ".join(f"{kind} ({n})" for kind, n in sorted(self.carried.items()))
            self.diags.report(OS001, f"carried in custom_extensions (vendor COMMON), which other tools may ignore: {kinds}", self.where)
        if m.explores:
            self.diags.report(OS002, f"{len(m.explores)} explores left out: Ossie relationships carry the joins and "
                                     "each consumer plans its own join paths", self.where)
        return self.plan


def _expression(text: str) -> dict[str, Any]:
    return {"dialects": [{"dialect": "ANSI_SQL", "expression": text}]}


def build(model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> Plan:
    return _Builder(model, options.get("version") or "0.1.1", diags).build()


def render(plan: Plan, header: str, fmt: str = "yaml") -> str:
    if fmt == "json":  # JSON has no comments: the header is left out
        return json.dumps(plan.doc, indent=2, ensure_ascii=False) + "\n"
    return writer.dump(plan.doc, header)


def expected(model: SemanticModel, plan: Plan) -> SemanticModel:
    """The model as the Ossie file expresses it: no explores, nothing the emit left out."""
    entities = []
    for e in model.entities:
        # Ossie keys name columns: a key made by an expression field is its columns' key.
        dims = [d if d.primary_key == (d.column in e.primary_key) else d.model_copy(update={"primary_key": d.column in e.primary_key})
                for d in e.dimensions if (e.name, d.name) not in plan.left_fields]
        times = [t for t in e.time_dimensions if (e.name, t.name) not in plan.left_fields]
        measures = [x for x in e.measures if (e.name, x.name) not in plan.left_measures]
        dims += plan.added_fields.get(e.name, [])
        entities.append(e.model_copy(update={"dimensions": dims, "time_dimensions": times, "measures": measures}))
    metrics = [x for x in model.metrics if x.name not in plan.left_metrics]
    return model.model_copy(update={"entities": entities, "metrics": metrics, "explores": []})
