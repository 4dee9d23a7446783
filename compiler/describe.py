"""Plain-data answers about an analysed source: its tables, one table in full, its relationships
and its measures with the SQL they mean. The library functions behind `mb serve` (REST and the
web explorer) and `mb mcp`; faces only turn them into JSON.

Facts are read from the SemanticModel generically (model_dump), so a field a pass adds to an
entity, a dimension or a relationship shows up here without a change. Profiles go through
compiler.disclosure, so sensitive columns show counts only.
"""

from __future__ import annotations

from typing import Any

import sqlglot
from sqlglot import exp

from backends.sql_common import sqlglot_dialect
from compiler.disclosure import visible_profile
from compiler.explain import NotFound
from ir.catalog import Table
from ir.semantic import Entity, Measure, Relationship, SemanticModel, TimeDimension
from ir.snapshot import Snapshot


def _dump(obj: Any, exclude: set[str] | None = None) -> dict[str, Any]:
    return obj.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=exclude)


def resolve_table(snap: Snapshot, model: SemanticModel, name: str) -> tuple[Table, Entity]:
    """A table by name, schema.name or entity name: exact first, then case-insensitive when that
    names one table only."""
    entities = {e.table.key: e for e in model.entities}
    pairs = [(t, entities[t.key]) for t in snap.tables if t.key in entities]
    for t, e in pairs:
        if name in (t.key, e.name) or (name == t.name and not t.schema_):
            return t, e
    folded = name.casefold()
    matches = [(t, e) for t, e in pairs if folded in (t.key.casefold(), t.name.casefold(), e.name.casefold())]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NotFound(f"{name!r} names {len(matches)} tables: {', '.join(sorted(t.key for t, _ in matches))}")
    raise NotFound(f"no table {name!r}")


def _text(t: Any) -> str | None:
    return t.value if t is not None else None


def list_tables(snap: Snapshot, model: SemanticModel) -> list[dict[str, Any]]:
    entities = {e.table.key: e for e in model.entities}
    out = []
    for t in snap.tables:
        e = entities.get(t.key)
        if e is None:
            continue
        out.append({
            "table": t.key, "name": t.name, "schema": t.schema_, "entity": e.name, "kind": t.kind, "role": e.role,
            "label": _text(e.label), "description": _text(e.description), "row_count": t.row_count,
            "columns": len(t.columns), "measures": len(e.measures), "hidden": e.hidden,
        })
    return out


def touches(rel: Relationship, table_key: str) -> bool:
    return table_key in (rel.from_.table_key, rel.to.table_key)


def list_relationships(model: SemanticModel, table: str | None = None, suggestions: bool = True) -> list[dict[str, Any]]:
    """Relationships (joined) and, with `suggestions`, the ones below the confidence threshold
    (status `suggested`: not joined until a person accepts them). `table` is a table key."""
    rows = [(r, "joined") for r in model.relationships]
    if suggestions:
        rows += [(r, "suggested") for r in getattr(model, "suggested_relationships", [])]
    return [{**_dump(r), "status": status} for r, status in rows if table is None or touches(r, table)]


def _table_expr(entity: Entity) -> exp.Table:
    return exp.Table(this=exp.to_identifier(entity.table.name, quoted=True),
                     db=exp.to_identifier(entity.table.schema_, quoted=True) if entity.table.schema_ else None)


_AGG = {"sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}


def measure_sql(entity: Entity, measure: Measure, dialect: str) -> str | None:
    """What the measure means, as one query over its table in the source dialect
    (`SELECT SUM("Total") AS sum_total FROM "Invoice"`); None when its SQL does not parse."""
    read = sqlglot_dialect(dialect)
    try:
        if measure.column is not None:
            arg: exp.Expression | None = exp.column(measure.column, quoted=True)
        elif measure.expr:
            arg = sqlglot.parse_one(measure.expr, read=read)
        else:
            arg = None
        if measure.agg == "count":
            agg: exp.Expression = exp.Count(this=arg or exp.Star())
        elif measure.agg == "count_distinct":
            agg = exp.Count(this=exp.Distinct(expressions=[arg or exp.Star()]))
        else:
            agg = _AGG[measure.agg](this=arg)
        query = exp.select(exp.alias_(agg, measure.name, quoted=False)).from_(_table_expr(entity))
        if measure.filter:
            query = query.where(sqlglot.parse_one(measure.filter, read=read))
        return query.sql(dialect=read)
    except Exception:  # noqa: BLE001 - sqlglot raises several kinds; the caller shows "no SQL"
        return None


def list_measures(model: SemanticModel, entity_name: str | None = None) -> dict[str, Any]:
    """Measures (each with the SQL it means) and metrics, of one entity or of all."""
    measures = []
    for e in model.entities:
        if entity_name is not None and e.name != entity_name:
            continue
        for m in e.measures:
            measures.append({"table": e.table.key, "entity": e.name, **_dump(m), "sql": measure_sql(e, m, model.dialect)})
    metrics = [_dump(m) for m in model.metrics if entity_name is None or m.entity == entity_name]
    return {"measures": measures, "metrics": metrics}


def describe_table(snap: Snapshot, model: SemanticModel, name: str) -> dict[str, Any]:
    """One table in full: its entity's facts, each column with its catalog facts, its field (role,
    semantic type, sensitivity, label, description, with provenance) and its visible profile, the
    relationships it takes part in, its measures and metrics, and the explores rooted at it."""
    table, entity = resolve_table(snap, model, name)
    fields = entity.column_fields()
    columns = []
    for c in table.columns:
        f = fields.get(c.name)
        columns.append({
            "name": c.name, "type": c.type, "data_type": c.data_type, "nullable": c.nullable, "comment": c.comment,
            "primary_key": c.name in entity.primary_key,
            "field": {**_dump(f), "kind": "time_dimension" if isinstance(f, TimeDimension) else "dimension"} if f is not None else None,
            "profile": visible_profile(c.profile, f),
        })
    measures = list_measures(model, entity.name)
    return {
        "table": table.key, "name": table.name, "schema": table.schema_, "kind": table.kind, "comment": table.comment,
        "row_count": table.row_count,
        "unique_keys": [_dump(u) for u in table.unique_keys],
        "entity": _dump(entity, exclude={"dimensions", "time_dimensions", "measures"}),
        "columns": columns,
        "relationships": list_relationships(model, table.key),
        "measures": measures["measures"],
        "metrics": measures["metrics"],
        "explores": [_dump(x) for x in model.explores if x.root == entity.name],
    }
