"""mb's decisions, read from the SemanticModel IR (not from any backend's files) as facts.

Only what a user is shown counts: hidden entities and hidden fields are left out. Key columns
(role `key`) are scored as primary keys, not as dimensions. The IR is read by attribute with
defaults, so fields added to it later do not break the benchmark.

The business time axis is read from the IR when the IR states one: a text field of the entity
whose name mentions `time` and whose value names one of its time dimensions (or their column),
or a true flag on a time dimension whose name mentions `default`, `primary` or `axis`. When the IR
has neither, the time axis is reported as not decided (None), not guessed.
"""

from __future__ import annotations

from typing import Any

from bench.semantics.facts import Facts, Field, Join, canonical, measure, parse, text, time_column


def facts(model: Any) -> Facts:
    out = Facts()
    dialect = _dialect(getattr(model, "dialect", None))
    axis_seen = False
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
        axis = _time_axis(entity, dialect)
        if axis is not None:
            axis_seen = True
            out.time_axes.append(Field(table, axis, name=entity.name))
    if not axis_seen:
        out.time_axes = None
    entities = {e.name: e for e in getattr(model, "entities", [])}
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


def _time_axis(entity: Any, dialect: str) -> str | None:
    times = {t.name: t for t in getattr(entity, "time_dimensions", [])}
    columns = {(t.column or "").lower(): t for t in times.values() if getattr(t, "column", None)}
    for name, value in _fields(entity):
        if "time" in name and isinstance(value, str) and name not in ("name",):
            hit = times.get(value) or columns.get(value.lower())
            if hit is not None:
                return time_column(_sql(hit), dialect)
    for t in times.values():
        for name, value in _fields(t):
            if value is True and any(w in name for w in ("default", "primary", "axis")):
                return time_column(_sql(t), dialect)
    return None


def _fields(obj: Any) -> list[tuple[str, Any]]:
    names = getattr(type(obj), "model_fields", {}) or {}
    return [(n, getattr(obj, n, None)) for n in names]
