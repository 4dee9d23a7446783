"""mb's decisions, read from the SemanticModel IR (not from any backend's files) as facts.

Only what a user is shown counts: hidden entities and hidden fields are left out. Key columns
(role `key`) are scored as primary keys, not as dimensions. The IR is read by attribute with
defaults, so fields added to it later do not break the benchmark.

The business time axis is read from the IR when the IR has a field for it: an entity field whose
name mentions `time` (other than `time_dimensions`), holding the name of a time dimension or an
object naming `dimension` (and the `entity` holding it, when the axis is a parent's reached by
joins). When the IR has no such field, the time axis is reported as not decided (None), not
guessed; an entity whose field is empty has no axis.
"""

from __future__ import annotations

from typing import Any

from bench.semantics.facts import Facts, Field, Join, canonical, measure, parse, text, time_column


def facts(model: Any) -> Facts:
    out = Facts()
    dialect = _dialect(getattr(model, "dialect", None))
    axis_seen = False
    entities = {e.name: e for e in getattr(model, "entities", [])}
    for entity in getattr(model, "entities", []):
        if getattr(entity, "hidden", False):
            continue
        table = entity.table.name.lower()
        pk = tuple(c.lower() for c in getattr(entity, "primary_key", []) or [])
        if pk:
            out.primary_keys.append(Field(table, ", ".join(pk), name=entity.name))
        for d in getattr(entity, "dimensions", []):
            if getattr(d, "hidden", False) or getattr(d, "role", "dimension") == "key":
                continue
            kind = "a numeric column mb also aggregates (role measure)" if getattr(d, "role", "") == "measure" else ""
            out.dimensions.append(Field(table, _expr(d, dialect), name=d.name, kind=kind))
        for t in getattr(entity, "time_dimensions", []):
            if getattr(t, "hidden", False):
                continue
            out.time_dimensions.append(Field(table, time_column(_sql(t), dialect), name=t.name))
        for m in getattr(entity, "measures", []):
            if getattr(m, "hidden", False):
                continue
            out.measures.append(measure(table, _sql(m, default=None), m.agg, getattr(m, "filter", None), name=m.name,
                                        primary_key=pk, dialect=dialect))
        axis_seen = axis_seen or bool(_axis_fields(entity))
        axis = _time_axis(entity, entities, dialect)
        if axis is not None:
            out.time_axes.append(Field(table, axis, name=entity.name))
    if not axis_seen:
        out.time_axes = None
    for r in getattr(model, "relationships", []):
        many = (r.from_.table.lower(), tuple(c.lower() for c in r.from_.columns))
        one = (r.to.table.lower(), tuple(c.lower() for c in r.to.columns))
        out.joins.append(Join(many=many, one=one, cardinality=str(r.cardinality)))
    for x in getattr(model, "explores", []):
        root = entities.get(x.root)
        if root is not None:
            out.explores.append(Field(root.table.name.lower(), name=x.name))
    return out


def _dialect(dialect: str | None) -> str:
    return {"sqlite": "sqlite", "postgresql": "postgres", "postgres": "postgres", "mysql": "mysql", "mariadb": "mysql"}.get(
        (dialect or "duckdb").lower(), (dialect or "duckdb").lower())


def _sql(f: Any, default: str | None = "") -> str | None:
    if getattr(f, "column", None):
        return f'"{f.column}"'
    if getattr(f, "expr", None):
        return f.expr
    return default


def _expr(f: Any, dialect: str) -> str:
    return text(canonical(parse(_sql(f), dialect)))


def _axis_fields(entity: Any) -> list[str]:
    """Fields of the entity that state a time axis: a name with `time` in it, other than the list of
    time dimensions itself."""
    return [n for n in getattr(type(entity), "model_fields", {}) if "time" in n and n != "time_dimensions"
            and not n.endswith("_provenance")]


def _time_axis(entity: Any, entities: dict[str, Any], dialect: str) -> str | None:
    """The axis column, as `column` on the entity's own table or `table.column` on another's.

    A text value names a time dimension (or its column); an object value names `dimension` of
    `entity` (its own, or a parent's reached by joins)."""
    for name in _axis_fields(entity):
        value = getattr(entity, name, None)
        owner, dim = entity, None
        if isinstance(value, str):
            dim = value
        elif value is not None and isinstance(getattr(value, "dimension", None), str):
            dim = value.dimension
            owner = entities.get(getattr(value, "entity", None) or entity.name, entity)
        if dim is None:
            continue
        times = {t.name: t for t in getattr(owner, "time_dimensions", [])}
        times.update({(t.column or "").lower(): t for t in times.values() if getattr(t, "column", None) and t.column.lower() not in times})
        hit = times.get(dim) or times.get(dim.lower())
        if hit is None:
            continue
        column = time_column(_sql(hit), dialect)
        return column if owner is entity else f"{owner.table.name.lower()}.{column}"
    return None


def _fields(obj: Any) -> list[tuple[str, Any]]:
    names = getattr(type(obj), "model_fields", {}) or {}
    return [(n, getattr(obj, n, None)) for n in names]
