"""The model as Power BI expresses it, for the round-trip check: what PB001 left out removed,
display names standing in for labels, no explores, composite keys not keys."""

from __future__ import annotations

from compiler.types import is_column_cast
from ir.catalog import TableRef
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Metric, SemanticModel, TimeDimension
from backends.powerbi import mquery, names
from backends.powerbi.plan import reads_converted


def _label(display: str, name: str, original: Text | None) -> Text | None:
    if display == name:
        return None
    if original is not None and original.value == display:
        return original
    return Text.inferred(display, by="backends.powerbi", rule="display_name")


def _description(t: Text | None) -> Text | None:
    value = names.doc_text(t.value) if t is not None else None
    if value is None:
        return None
    return t if t.value == value else t.model_copy(update={"value": value})


def _schema(dialect: str, schema: str | None) -> str | None:
    default = mquery.NAVIGATED.get(dialect, (None, None, None))[2]
    if dialect in mquery.KIND_NAVIGATED:
        default = mquery.DEFAULT_KIND_SCHEMA  # navigation needs a schema: a table without one is read from it
    return schema if schema is not None else default


def expected_model(plan) -> SemanticModel:
    entities: list[Entity] = []
    metrics: list[Metric] = []
    dialect = plan.model.dialect
    for t in (t for t in plan.tables if t.role_of is None):  # a role copy relates; it adds no entity
        e = t.entity
        dims, times = [], []
        for c in t.columns:
            if c.key_of is not None:
                continue  # a compound key made one column: it renders a relationship
            f = c.field
            update = {"label": _label(c.display, f.name, f.label), "description": _description(f.description)}
            if isinstance(f, Dimension):
                update["primary_key"] = c.key
            if c.dax is None and (is_column_cast(f.expr, f.column, dialect) or reads_converted(f, dialect)):
                update["expr"] = None  # bound as its column, typed by the model
            (dims if isinstance(f, Dimension) else times).append(f.model_copy(update=update))
        measures = []
        for m in (m for m in t.measures if m.role is None):  # role measures render relationships
            src = m.source
            update = {"label": _label(m.display, src.name, src.label), "description": _description(src.description)}
            if isinstance(src, Metric):
                metrics.append(src.model_copy(update={**update, "entity": e.name}))
            else:
                measures.append(src.model_copy(update=update))
        entities.append(
            e.model_copy(
                update={
                    "table": TableRef(name=e.table.name, schema=_schema(dialect, e.table.schema_)),
                    "label": _label(t.display, e.name, e.label),
                    "description": _description(e.description),
                    "primary_key": [c.field.column for c in t.columns if c.key],
                    "dimensions": [d for d in dims if isinstance(d, Dimension)],
                    "time_dimensions": [x for x in times if isinstance(x, TimeDimension)],
                    "measures": measures,
                }
            )
        )
    relationships = []
    for r in plan.relationships:
        rel = r.rel
        if r.reversed:
            rel = rel.model_copy(update={"from_": rel.to, "to": rel.from_, "cardinality": "many_to_one"})
        relationships.append(
            rel.model_copy(
                update={
                    "from_": rel.from_.model_copy(update={"schema_": _schema(dialect, rel.from_.schema_)}),
                    "to": rel.to.model_copy(update={"schema_": _schema(dialect, rel.to.schema_)}),
                }
            )
        )
    return SemanticModel(name=plan.model.name, dialect=dialect, entities=entities, relationships=relationships, metrics=metrics)
