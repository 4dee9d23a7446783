"""The model as the dbt files express it, for the round-trip check: staged (dbt) names, objects
reported as left out removed, and the facts dbt has no place for normalized:

- a label lives on a MetricFlow element, so a field that is none (a hidden column) has none;
- a relationship's cardinality is what its keys say: one_to_one from a primary key, else many_to_one;
- explores have no dbt form (MetricFlow joins by entity name at query time);
- metrics are the ones written: a simple metric per visible measure, the model's own, the fact ratios.
"""

from __future__ import annotations

from ir.provenance import Text
from compiler.types import is_column_conversion
from ir.semantic import Relationship, SemanticModel
from backends.dbt.metrics import MetricPlan, as_ir
from backends.dbt.plan import EntityPlan, Plan

NAME = "dbt_backend"


def cardinality(from_columns: list[str], pk: list[str]) -> str:
    return "one_to_one" if pk and sorted(from_columns) == sorted(pk) else "many_to_one"


def _labels(p: EntityPlan) -> dict[str, str | None]:
    """Staged column -> the label its semantic-model element carries (a dimension's, else an entity's)."""
    out: dict[str, str | None] = {}
    for d in p.dims:
        out.setdefault(d.column.name, d.label)
    for e in p.entities:
        if e.type != "unique" and e.expr is None:
            out.setdefault(e.column.name, e.label)
    return out


def _text(label: str | None) -> Text | None:
    return Text.inferred(label, NAME, "dbt_label") if label is not None else None


def expected(plan: Plan, metrics: list[MetricPlan]) -> SemanticModel:
    model = plan.model
    entities = []
    by_name = plan.by_name()
    for e in model.entities:
        p = by_name[e.name]
        staged = {id(c.field): c for c in p.columns}
        labels = _labels(p)
        pk = {c.raw for c in p.pk}
        dims, times = [], []
        for f, is_time in [(d, False) for d in e.dimensions] + [(t, True) for t in e.time_dimensions]:
            c = staged.get(id(f))
            if c is None:
                continue
            upd = {"name": c.name, "label": _text(labels.get(c.name)),
                   "hidden": False if c is p.pk_entity else f.hidden}
            if is_column_conversion(f.expr, f.column, model.dialect):
                upd["expr"] = None  # the staging model converts the column: a plain typed column in dbt
            if not is_time:
                upd["primary_key"] = f.column in pk
                dims.append(f.model_copy(update=upd))
            else:
                times.append(f.model_copy(update=upd))
        measures = [sm.measure.model_copy(update={"name": sm.name, "label": _text(sm.label)}) for sm in p.measures]
        # A source always names its schema (the dialect's default when the catalog has none).
        table = e.table.model_copy(update={"schema_": p.schema})
        entities.append(e.model_copy(update={"table": table, "label": _text(p.label), "dimensions": dims, "time_dimensions": times, "measures": measures}))
    rels = []
    for rel, a, b in plan.relationships:
        rels.append(rel.model_copy(update={
            "cardinality": cardinality(rel.from_.columns, [c.raw for c in a.pk]),
            "from_": rel.from_.model_copy(update={"schema_": a.schema}),
            "to": rel.to.model_copy(update={"schema_": b.schema}),
        }))
    out_metrics = [as_ir(mp) for mp in metrics]
    return model.model_copy(update={
        "entities": entities, "relationships": sorted(rels, key=Relationship.sort_key), "explores": [], "metrics": out_metrics,
    })
