"""Start from what exists: a model people wrote becomes `overrides:` (docs/interchange.md).

`mb adopt PATH` writes them into mb.yaml; an `adopt:` entry in mb.yaml reads the project on every
run instead, so the hand-written files stay the source of truth. Either way `mb compile` of a live
source keeps every label, description, hidden flag, measure, metric, key and join people wrote
(human provenance, located in their files) and adds what inference finds for tables and columns
they did not write about; where the two disagree on a key or a join, the written one is kept and
the difference reported (IM004). Overrides written in mb.yaml itself win over adopted ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compiler.convert import read_project
from compiler.diagnostics import IM005, Diagnostics
from compiler.overrides import (
    ColumnOverride, EndOverride, MeasureOverride, MetricOverride, Overrides, RelationshipOverride, TableOverride,
)
from ir.semantic import SemanticModel


def overrides_from(model: SemanticModel, diags: Diagnostics) -> Overrides:
    """The overrides that make inference reproduce what `model` (imported, human) says."""
    out = Overrides()
    keys = {e.table.key: e.table.key for e in model.entities}
    for e in model.entities:
        key = e.table.key
        where = e.primary_key_provenance.location if e.primary_key_provenance else None
        t = TableOverride(label=_v(e.label), description=_v(e.description), hidden=True if e.hidden else None,
                          primary_key=list(e.primary_key) or None, role=e.role if _human(e.role_provenance) else None,
                          time_dimension=_axis_column(e))
        origin = _loc(e.label) or _loc(e.description) or where
        if origin:
            out.origins[("tables", key)] = origin
        if where:
            out.origins[("tables", key, "primary_key")] = where
        for f in [*e.dimensions, *e.time_dimensions]:
            if f.column is None:
                diags.report(IM005, f"{e.name}.{f.name} is computed ({f.expr}); overrides hold no computed dimensions (keep it in "
                                    "the target's own extension files)", _prov(f) or e.name)
                continue
            if f.provenance is not None and f.provenance.origin != "human":
                continue  # a column the importer exposed, not one people wrote about
            c = ColumnOverride(label=_v(f.label), description=_v(f.description), hidden=True if f.hidden else None,
                               accepted_values=getattr(f, "accepted_values", None) if _human(getattr(f, "accepted_values_provenance", None)) else None)
            if c.model_dump(exclude_none=True):
                t.columns[f.column] = c
                if _prov(f):
                    out.origins[("tables", key, "columns", f.column)] = _prov(f)
        for m in e.measures:
            if m.additivity == "semi_additive" and m.column and m.non_additive_dimension:
                t.columns.setdefault(m.column, ColumnOverride()).additivity = "semi_additive"
            t.measures.append(MeasureOverride(name=m.name, agg=m.agg, expr=m.column or m.expr, filter=m.filter, label=_v(m.label),
                                              description=_v(m.description), format=m.format, hidden=m.hidden))
            if _prov(m):
                out.origins[("tables", key, "measures", len(t.measures) - 1)] = _prov(m)
        for mt in (x for x in model.metrics if x.entity == e.name):
            t.metrics.append(MetricOverride(name=mt.name, type=mt.type, measure=mt.measure, numerator=mt.numerator,
                                            denominator=mt.denominator, expr=mt.expr, label=_v(mt.label), description=_v(mt.description)))
            if mt.provenance and mt.provenance.location:
                out.origins[("tables", key, "metrics", len(t.metrics) - 1)] = mt.provenance.location
        out.tables[key] = t
    for r in model.relationships:
        if r.from_.table_key not in keys or r.to.table_key not in keys:
            continue
        out.relationships.add.append(RelationshipOverride.model_validate({
            "from": EndOverride(table=r.from_.table_key, columns=list(r.from_.columns)),
            "to": EndOverride(table=r.to.table_key, columns=list(r.to.columns)), "cardinality": r.cardinality,
            "role": r.role if _human(r.role_provenance) else None}))
        where = next((ev.split(" in ", 1)[1] for ev in r.evidence if " in " in ev), None)
        if where:
            out.origins[("relationships", "add", len(out.relationships.add) - 1)] = where
    for x in model.explores:
        if x.provenance is not None and x.provenance.origin == "human":
            diags.report(IM005, f"explore {x.name}: its joins are adopted as relationships; the explores are built again from them",
                         x.provenance.location or x.name)
    return out


def merge(base: Overrides, adopted: Overrides) -> Overrides:
    """`base` (written in mb.yaml) over `adopted`: a table's settings and columns from base win,
    measures and metrics of one name too; relationships are added from both."""
    out = adopted.model_copy(deep=True)
    for key, t in base.tables.items():
        mine = out.tables.get(key)
        if mine is None:
            out.tables[key] = t.model_copy(deep=True)
            continue
        update: dict[str, Any] = {k: v for k, v in t.model_dump(exclude_none=True).items() if k not in ("columns", "measures", "metrics")}
        merged = mine.model_copy(update=update)
        merged.columns = {**mine.columns, **t.columns}
        names = {m.name for m in t.measures}
        merged.measures = [m for m in mine.measures if m.name not in names] + list(t.measures)
        names = {m.name for m in t.metrics}
        merged.metrics = [m for m in mine.metrics if m.name not in names] + list(t.metrics)
        out.tables[key] = merged
        for path in [p for p in out.origins if p[:2] == ("tables", key) and p[2:3] in (("measures",), ("metrics",))]:
            del out.origins[path]  # their indexes moved: located in mb.yaml from here on
    out.relationships.add = list(adopted.relationships.add) + list(base.relationships.add)
    out.relationships.remove = list(base.relationships.remove)
    out.origins.update(base.origins)
    return out


def adopt(path: Path, fmt: str | None, diags: Diagnostics, dialect: str | None = None) -> Overrides:
    _, model = read_project(path, fmt, diags, dialect)
    return overrides_from(model, diags)


def as_yaml(overrides: Overrides) -> dict[str, Any]:
    """The `overrides:` mapping to write into mb.yaml (only what is set)."""
    return overrides.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)


def _human(p) -> bool:
    return p is not None and p.origin == "human"


def _axis_column(e) -> str | None:
    """The column of an entity's own time axis, when people chose it."""
    axis = e.time_axis
    if axis is None or not _human(axis.provenance) or axis.entity != e.name:
        return None
    t = next((t for t in e.time_dimensions if t.name == axis.dimension), None)
    return t.column if t is not None else None


def _v(text) -> str | None:
    return text.value if text is not None else None


def _loc(text) -> str | None:
    return text.provenance.location if text is not None and text.provenance is not None else None


def _prov(f) -> str | None:
    return f.provenance.location if f.provenance is not None and f.provenance.origin == "human" else None
