"""Hand-written MetricFlow semantic models (dbt `semantic_models:` files, or MetricFlow's own
`semantic_model:` documents) reduced to facts.

What each MetricFlow construct counts as:
- a measure is a measure on the table its expression reads (`expr` defaults to its name);
- a simple metric with a `filter` is a filtered measure (`{{ Dimension('order__is_food') }}` is
  resolved to the column of the semantic model whose primary entity is `order`); metrics without
  a filter restate a measure and add nothing; ratio, derived and cumulative metrics are not scored;
  a filter through a join or on a metric has no place on the measure's table (listed, not scored);
- a categorical dimension is a dimension, unless its expression is one of the model's entity
  columns (then it is a key) or a constant; a time dimension is a time dimension on the column it
  casts;
- `defaults.agg_time_dimension` is the table's business time axis;
- a foreign entity joins every model whose primary (or unique, natural) entity has the same name,
  many-to-one, and models sharing such an entity join one-to-one, as MetricFlow would join them;
- a model with measures is an entry point (what LookML calls an explore root);
- a primary entity is the table's primary key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlglot import exp

from bench.semantics.facts import Facts, Field, Join, Measure, canonical, measure, parse, text, time_column
from bench.semantics.placement import Placer, Unplaced, place_or_list

_REF = re.compile(r"""ref\(\s*['"]([^'"]+)['"]\s*\)""")
_JINJA = re.compile(r"""\{\{\s*(Dimension|TimeDimension|Entity|Metric)\(\s*['"]([^'"]+)['"][^}]*\)\s*\}\}""")
ONE_SIDES = ("primary", "unique", "natural")


@dataclass
class SemanticModel:
    name: str
    relation: str
    entities: list[dict] = field(default_factory=list)
    dimensions: list[dict] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)
    agg_time: str | None = None
    primary_entity: str | None = None  # a primary entity named without a column

    def entity_expr(self, types: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(e["name"], str(e.get("expr") or e["name"])) for e in self.entities if str(e.get("type", "")).lower() in types]

    @property
    def primary(self) -> tuple[str, str] | None:
        found = self.entity_expr(("primary",))
        return found[0] if found else None

    @property
    def key(self) -> str | None:
        return self.primary[1] if self.primary else None


@dataclass
class Metric:
    name: str
    measure: str
    filter: str


def read(paths: list[Path]) -> tuple[list[SemanticModel], list[Metric]]:
    models: list[SemanticModel] = []
    metrics: list[Metric] = []
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.y*ml")))
    for f in files:
        for doc in yaml.safe_load_all(f.read_text(encoding="utf-8")):
            if not isinstance(doc, dict):
                continue
            for sm in doc.get("semantic_models") or []:
                models.append(_model(sm))
            if isinstance(doc.get("semantic_model"), dict):
                models.append(_model(doc["semantic_model"]))
            raw_metrics = list(doc.get("metrics") or [])
            if isinstance(doc.get("metric"), dict):
                raw_metrics.append(doc["metric"])
            for m in raw_metrics:
                metric = _metric(m)
                if metric:
                    metrics.append(metric)
    return models, metrics


def _model(sm: dict) -> SemanticModel:
    if "model" in sm:
        hit = _REF.search(str(sm["model"]))
        relation = hit.group(1) if hit else str(sm["model"])
    else:
        relation = str((sm.get("node_relation") or {}).get("alias") or sm["name"])
    entities = list(sm.get("entities") or [])
    return SemanticModel(
        name=str(sm["name"]), relation=relation.lower(), entities=entities,
        dimensions=list(sm.get("dimensions") or []), measures=list(sm.get("measures") or []),
        agg_time=(sm.get("defaults") or {}).get("agg_time_dimension"), primary_entity=sm.get("primary_entity"))


def _metric(m: dict) -> Metric | None:
    if str(m.get("type", "")).lower() != "simple":
        return None
    ref = (m.get("type_params") or {}).get("measure")
    name = ref.get("name") if isinstance(ref, dict) else ref
    filters = []
    for f in (m.get("filter"), ref.get("filter") if isinstance(ref, dict) else None):
        filters += f if isinstance(f, list) else [f] if f else []
    if not (name and filters):
        return None  # an unfiltered simple metric restates its measure
    return Metric(name=str(m["name"]), measure=str(name), filter=" AND ".join(f"({str(f).strip()})" for f in filters))


def facts(models: list[SemanticModel], metrics: list[Metric], placer: Placer) -> Facts:
    out = Facts()
    by_measure: dict[str, tuple[SemanticModel, dict]] = {}
    for sm in models:
        _model_facts(sm, placer, out)
        for ms in sm.measures:
            by_measure[str(ms["name"])] = (sm, ms)
    for j in _joins(models, placer, out):
        out.joins.append(j)
    for metric in metrics:
        if metric.measure not in by_measure:
            out.unplaced.append(f"metric {metric.name}: measure {metric.measure} not found")
            continue
        sm, ms = by_measure[metric.measure]
        try:
            where = _filter_sql(metric.filter, sm, models)
            out.measures.append(_measure(sm, ms, placer, where, name=metric.name))
        except Unplaced as e:
            out.unplaced.append(f"metric {metric.name}: {e}")
    return out


def _model_facts(sm: SemanticModel, placer: Placer, out: Facts) -> None:
    entity_cols = {text(canonical(parse(expr))) for _, expr in sm.entity_expr(("primary", "unique", "natural", "foreign"))}
    try:
        base = placer.base_table(sm.relation, sm.key)
    except Unplaced as e:
        out.unplaced.append(f"semantic model {sm.name}: {e}")
        return
    if sm.primary:
        place_or_list(out, f"{sm.name} primary entity", lambda: out.primary_keys.append(Field(*_place(placer, sm, sm.key), name=sm.primary[0])))
    for d in sm.dimensions:
        expr = str(d.get("expr") or d["name"])
        if not parse(expr).find(exp.Column):
            out.unplaced.append(f"{sm.name}.{d['name']}: a constant ({expr}), not a column of the table")
        elif str(d.get("type", "")).lower() == "time":
            place_or_list(out, f"{sm.name}.{d['name']}", lambda: out.time_dimensions.append(
                Field(*_place(placer, sm, expr, same_grain=False, time=True), name=d["name"])))
        elif text(canonical(parse(expr))) not in entity_cols:
            place_or_list(out, f"{sm.name}.{d['name']}", lambda: out.dimensions.append(
                Field(*_place(placer, sm, expr, same_grain=False), name=d["name"])))
    if sm.agg_time:
        dim = next((d for d in sm.dimensions if d["name"] == sm.agg_time), None)
        expr = str(dim.get("expr") or dim["name"]) if dim else sm.agg_time
        place_or_list(out, f"{sm.name} time axis", lambda: out.time_axes.append(Field(*_place(placer, sm, expr, time=True), name=sm.agg_time)))
    for ms in sm.measures:
        place_or_list(out, f"{sm.name}.{ms['name']}", lambda: out.measures.append(_measure(sm, ms, placer)))
    if sm.measures:
        out.explores.append(Field(base, name=sm.name))


def _place(placer: Placer, sm: SemanticModel, expr: str, same_grain: bool = True, time: bool = False) -> tuple[str, str]:
    table, node = placer.place(sm.relation, canonical(parse(expr)), sm.key, same_grain)
    return table, time_column(node.sql(dialect="duckdb")) if time else text(canonical(node))


def _measure(sm: SemanticModel, ms: dict, placer: Placer, where: str | None = None, name: str = "") -> Measure:
    expr = str(ms.get("expr") if ms.get("expr") is not None else ms["name"])
    table, node = placer.place(sm.relation, canonical(parse(expr)), sm.key)
    cond = None
    if where:
        cond_table, cond = placer.place(sm.relation, canonical(parse(where)), sm.key)
        if cond_table != table:
            raise Unplaced(f"filter reads {cond_table}, measure reads {table}")
    pk: tuple[str, ...] = ()
    if sm.key:
        try:
            pk_table, pk_col = _place(placer, sm, sm.key)
            pk = (pk_col,) if pk_table == table else ()
        except Unplaced:
            pk = ()
    return measure(table, node.sql(dialect="duckdb"), str(ms["agg"]), cond.sql(dialect="duckdb") if cond is not None else None,
                   name=name or ms["name"], primary_key=pk)


def _filter_sql(where: str, sm: SemanticModel, models: list[SemanticModel]) -> str:
    """Jinja references in a MetricFlow filter, replaced by the columns they name."""

    def column(m: re.Match) -> str:
        kind, ref = m.group(1), m.group(2)
        if kind == "Metric":
            raise Unplaced(f"filters on the metric {ref!r}")
        parts = ref.split("__")
        if kind == "Entity" and len(parts) == 1:
            own = dict(sm.entity_expr(("primary", "unique", "natural", "foreign")))
            if ref in own:
                return f"({own[ref]})"
        if kind == "Entity" or len(parts) < 2:
            raise Unplaced(f"filter reference {ref!r} is not a dimension of an entity")
        entity, dim_name = parts[-2], parts[-1]
        owner = next((x for x in models if entity in ((x.primary or ("",))[0], x.primary_entity)), None)
        if owner is None:
            raise Unplaced(f"no semantic model has the primary entity {entity!r}")
        dim = next((d for d in owner.dimensions if d["name"] == dim_name), None)
        if dim is None:
            raise Unplaced(f"{owner.name} has no dimension {dim_name!r}")
        expr = str(dim.get("expr") or dim["name"])
        if owner.relation != sm.relation:
            raise Unplaced(f"filters through a join on {owner.relation}.{text(canonical(parse(expr)))}")
        return f"({expr})"

    resolved = _JINJA.sub(column, where)
    if "{{" in resolved or "{%" in resolved:
        raise Unplaced(f"filter has Jinja the benchmark does not resolve: {where.strip()!r}")
    return resolved


def _joins(models: list[SemanticModel], placer: Placer, out: Facts) -> list[Join]:
    """MetricFlow's join paths: a foreign entity to every model where that entity is primary, unique
    or natural (many-to-one), and such one-sides to each other (one-to-one)."""
    owners: dict[str, list[tuple[SemanticModel, str]]] = {}
    for sm in models:
        for name, expr in sm.entity_expr(ONE_SIDES):
            owners.setdefault(name, []).append((sm, expr))
    joins = []
    for sm in models:
        for kind, cardinality in (("foreign", "many_to_one"), (ONE_SIDES, "one_to_one")):
            for name, expr in sm.entity_expr(kind if isinstance(kind, tuple) else (kind,)):
                for other, other_expr in owners.get(name, []):
                    if other is sm or (cardinality == "one_to_one" and other.name < sm.name):
                        continue
                    try:
                        many = _place(placer, sm, expr, same_grain=False)
                        one = _place(placer, other, other_expr, same_grain=False)
                    except Unplaced as e:
                        out.unplaced.append(f"join {sm.name}.{name} -> {other.name}: {e}")
                        continue
                    joins.append(Join(many=(many[0], (many[1],)), one=(one[0], (one[1],)), cardinality=cardinality))
    return joins
