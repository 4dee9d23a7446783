"""The round-trip check: read emitted files back and compare them with the model they came from.

Generic over backends. Each facet of backends.base.CAPABILITIES is a projection of a
SemanticModel into {key: value} pairs; a backend declares which facets its files preserve, and
every key missing, unexpected or with a different value becomes an RT001 diagnostic.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from backends.base import Backend, Files
from compiler.diagnostics import RT001, Diagnostic, Diagnostics
from ir.semantic import SemanticModel
from compiler.types import TIME_TYPES

# (entity or None, kind, name) identifies an object; the value is ((attribute, value), ...).
Key = tuple[str | None, str, str]
Value = tuple[tuple[str, Any], ...]
Projection = dict[Key, Value]
Locate = Callable[[str | None], str | None]

NUMBER = {"integer", "decimal", "float"}
# A time of day (`time`) is no point in time: targets without a type for it (Cube's `time` is a
# timestamp) hold it as text, so it compares as text.
TIME = TIME_TYPES


_CATEGORY = {**dict.fromkeys(NUMBER, "number"), "boolean": "boolean", **dict.fromkeys(TIME, "time")}


def _column(f) -> str | None:
    # A field emitted from an expression has no single column to compare.
    return f.column if not f.expr else None


# The projections run over every field of a large model twice per round trip: plain loops,
# with the helpers above inlined.


def _entities(m: SemanticModel) -> Iterable[tuple[Key, Value]]:
    for e in m.entities:
        yield (e.name, "entity", e.name), (("schema", e.table.schema_), ("table", e.table.name))


def _dimensions(m: SemanticModel) -> Iterable[tuple[Key, Value]]:
    category = _CATEGORY.get
    for e in m.entities:
        entity = e.name
        for d in e.dimensions:
            yield (entity, "dimension", d.name), (
                ("type", category(d.data_type, "string")),
                ("primary_key", d.primary_key),
                ("hidden", d.hidden),
                ("column", d.column if not d.expr else None),
            )


def _time_dimensions(m: SemanticModel) -> Iterable[tuple[Key, Value]]:
    for e in m.entities:
        entity = e.name
        for t in e.time_dimensions:
            yield (entity, "time dimension", t.name), (
                ("type", "date" if t.data_type == "date" else "timestamp"),
                ("hidden", t.hidden),
                ("column", t.column if not t.expr else None),
            )


def _measures(m: SemanticModel) -> Iterable[tuple[Key, Value]]:
    for e in m.entities:
        entity = e.name
        for x in e.measures:
            yield (entity, "measure", x.name), (("agg", x.agg), ("hidden", x.hidden))


def _texts(m: SemanticModel, attr: str) -> Iterable[tuple[Key, Value]]:
    kinds = {kind: f"{kind} {attr}" for kind in ("entity", "dimension", "time dimension", "measure", "explore", "metric")}
    entity_kind = kinds["entity"]
    field_kinds = (kinds["dimension"], kinds["time dimension"], kinds["measure"])
    for e in m.entities:
        entity = e.name
        t = getattr(e, attr)
        if t is not None:
            yield (entity, entity_kind, entity), ((attr, t.value),)
        for kind, fields in zip(field_kinds, (e.dimensions, e.time_dimensions, e.measures)):
            for f in fields:
                t = getattr(f, attr)
                if t is not None:
                    yield (entity, kind, f.name), ((attr, t.value),)
    kind = kinds["explore"]
    for x in m.explores:
        t = getattr(x, attr)
        if t is not None:
            yield (None, kind, x.name), ((attr, t.value),)
    kind = kinds["metric"]
    for mt in m.metrics:
        t = getattr(mt, attr)
        if t is not None:
            yield (mt.entity, kind, mt.name), ((attr, t.value),)


def _explores(m: SemanticModel) -> Iterable[tuple[Key, Value]]:
    for x in m.explores:
        yield (None, "explore", x.name), (("root", x.root),)
        for j in x.joins:
            yield (None, "join", f"{x.name}.{j.alias}"), (
                ("entity", j.entity),
                ("from", j.from_alias),
                ("cardinality", j.cardinality),
                ("type", j.type),
                ("on", (tuple(j.from_columns), tuple(j.to_columns))),
            )


def _relationships(m: SemanticModel) -> Iterable[tuple[Key, Value]]:
    for r in m.relationships:
        name = f"{r.from_.table_key}({', '.join(r.from_.columns)}) -> {r.to.table_key}({', '.join(r.to.columns)})"
        yield (r.from_.table, "relationship", name), (("cardinality", r.cardinality),)


def _row_filters(m: SemanticModel) -> Iterable[tuple[Key, Value]]:
    for e in m.entities:
        for f in e.row_filters:
            # As text: True == 1 in Python, and a flag's true (NOT c) is no number's 1 (c <> 1), nor
            # a text's '1' (c <> '1'), shown quoted.
            v = f.deleted_value
            value = None if v is None else repr(v) if isinstance(v, str) else str(v).lower()
            yield (e.name, "row filter", f.column), (("kind", f.kind), ("deleted_value", value))


def _metrics(m: SemanticModel) -> Iterable[tuple[Key, Value]]:
    for mt in m.metrics:
        yield (mt.entity, "metric", mt.name), (("type", mt.type),)


FACETS: dict[str, Callable[[SemanticModel], Iterable[tuple[Key, Value]]]] = {
    "entities": _entities,
    "dimensions": _dimensions,
    "time_dimensions": _time_dimensions,
    "measures": _measures,
    "labels": lambda m: _texts(m, "label"),
    "descriptions": lambda m: _texts(m, "description"),
    "explores": _explores,
    "relationships": _relationships,
    "metrics": _metrics,
    "row_filters": _row_filters,
}


def project(model: SemanticModel, facet: str) -> Projection:
    """One facet of a model as {key: value}. A duplicate key keeps its first value."""
    out: Projection = {}
    for key, value in FACETS[facet](model):
        if key not in out:
            out[key] = value
    return out


def _subject(key: Key) -> str:
    entity, kind, name = key
    if kind == "entity" or entity is None or kind.startswith("entity "):
        return f"{kind} {name}"
    return f"{kind} {entity}.{name}"


def _where(key: Key, target: str, locate: Locate | None) -> str:
    entity = key[0]
    path = locate(entity) if locate else None
    if path:
        return f"{target}:{path}"
    if entity is None or key[1] == "entity":
        return f"{target}:{key[2]}"
    return f"{target}:{entity}.{key[2]}"


def _show(v: Any) -> str:
    return repr(v) if isinstance(v, str) or v is None else str(v)


def compare(
    expected: SemanticModel,
    actual: SemanticModel,
    capabilities: frozenset[str],
    target: str,
    locate: Locate | None = None,
) -> list[Diagnostic]:
    """RT001 for every difference between the two models in the facets `capabilities` names."""
    severity = "error"
    out: list[Diagnostic] = []
    for facet in FACETS:
        if facet not in capabilities:
            continue
        want, got = project(expected, facet), project(actual, facet)
        if want == got:
            continue
        for key in sorted(want.keys() | got.keys(), key=lambda k: (k[0] or "", k[1], k[2])):
            where = _where(key, target, locate)
            if key not in got:
                msg = f"{_subject(key)} is missing from the {target} files"
            elif key not in want:
                msg = f"{_subject(key)} is in the {target} files but not in the model"
            elif want[key] != got[key]:
                diffs = [
                    f"{attr} {_show(w)} became {_show(g)}"
                    for (attr, w), (_, g) in zip(want[key], got[key])
                    if w != g
                ]
                msg = f"{_subject(key)} changed: " + "; ".join(diffs)
            else:
                continue
            out.append(Diagnostic(RT001.code, f"{msg} [{facet}]", where, severity))
    return out


def check(backend: Backend, model: SemanticModel, files: Files, diags: Diagnostics, options: dict | None = None) -> list[Diagnostic]:
    """Read `files` back with `backend` and compare with `model` in the facets the backend
    declares; report and return the RT001s. The backend's `expected` gives the model as its
    target expresses it, its `read_comparable`/`expected_comparable` cheaper stand-ins for the
    two models, and `locate` the file a difference points at (all have defaults)."""
    if not backend.capabilities:
        return []
    actual = backend.read_comparable(files, diags)
    expected = backend.expected_comparable(model, options or {})
    found = compare(expected, actual, frozenset(backend.capabilities), backend.name, lambda entity: backend.locate(entity, files))
    return [diags.report(RT001, d.message, d.location) for d in found]
