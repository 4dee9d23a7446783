"""The whole Cube plan: entity cubes, metrics as number measures, role cubes and views, and
the model as Cube expresses it (for the round trip)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler.diagnostics import Diagnostics
from backends.cube.codes import CB001, CB002
from ir.semantic import Metric, SemanticModel
from backends import sql_common
from backends.cube import joins as joining, names, sql
from backends.cube.cubes import CubePlan, keep, plan_cube, text

RATIO_SQL = "1.0 * {{{num}}} / NULLIF({{{den}}}, 0)"


def _reference(member: str) -> str:
    return "{" + member + "}"


@dataclass
class Plan:
    model: SemanticModel
    cubes: list[CubePlan]  # entity cubes, then role copies
    views: list[dict[str, Any]]
    expected_model: SemanticModel

    def expected(self) -> SemanticModel:
        return self.expected_model


def build(model: SemanticModel, diags: Diagnostics) -> Plan:
    taken: set[str] = set()
    entity_cubes: dict[str, CubePlan] = {}
    cube_names = _cube_names(model)
    joinable = _joinable(model, cube_names)
    for entity in model.entities:
        where = entity.name
        bad = [p for p in (entity.table.schema_ or "", entity.table.name) if sql.unsafe_reason(p)]
        if bad:
            diags.report(CB001, f"cube {entity.name} left out: table name {bad[0]!r} {sql.unsafe_reason(bad[0])}", where)
            continue
        name = cube_names[entity.name]
        if name != entity.name:
            diags.report(CB002, f"cube {entity.name!r} is named {name!r} in Cube", where)
        taken.add(name)
        entity_cubes[entity.name] = plan_cube(entity, name, model.dialect, diags, joinable[entity.name], model.currency)
    metrics = _metrics(model.metrics, entity_cubes, model.dialect, diags)
    jp = joining.build(model, entity_cubes, taken, diags)
    _joined_filters(entity_cubes, jp.sigs, diags)
    for cube in jp.cubes.values():
        shown = [m["name"] for k in ("dimensions", "measures", "segments") for m in cube.doc.get(k, [])]
        if alias := names.sql_alias(cube.name, max(map(len, shown), default=0), model.dialect):
            cube.doc = names.with_sql_alias(cube.doc, alias)
    expected = SemanticModel(
        name=model.name,
        dialect=model.dialect,
        entities=[c.expected for c in entity_cubes.values() if c.expected is not None],
        explores=jp.expected,
        metrics=metrics,
    )
    return Plan(model, list(jp.cubes.values()), jp.views, expected)


def _joined_filters(cubes: dict[str, CubePlan], sigs: dict, diags: Diagnostics) -> None:
    """A measure filtered on its parent's dimension (Measure.joined_filter) filters on the member
    of the cube its cube joins along that join (`{order.currency} = 'CAD'`: Cube adds the join);
    left out where the cube has no such join or the parent no such member, as unfiltered it would
    add every currency its title names one of."""
    for cube in list(cubes.values()):
        for m in cube.entity.measures:
            jf, member = m.joined_filter, cube.measures.get(m.name)
            if jf is None or member is None:
                continue
            parent = cubes.get(jf.entity)
            step = jf.path[0]
            target = parent.members.get(jf.dimension) if parent is not None else None
            body = next(x for x in cube.doc["measures"] if x["name"] == member)
            if (parent is None or target is None
                    or sigs.get((cube.name, parent.name)) != (cube.name, tuple(step.from_columns), parent.name, tuple(step.to_columns))):
                diags.report(CB001, f"measure {m.name} left out: its filter on {jf.entity}.{jf.dimension} needs a join "
                             f"from {cube.name} the cube lacks", f"{cube.entity.name}.{m.name}")
                cube.doc["measures"].remove(body)
                del cube.measures[m.name]
                cube.members.pop(m.name, None)
                if cube.expected is not None:
                    cube.expected.measures = [x for x in cube.expected.measures if x.name != member]
                continue
            value = "'" + jf.value.replace("'", "''") + "'"
            body["filters"] = [*body.get("filters", []), {"sql": "{" + f"{parent.name}.{target}" + "} = " + value}]


def _cube_names(model: SemanticModel) -> dict[str, str]:
    out: dict[str, str] = {}
    taken: set[str] = set()
    for entity in model.entities:
        name = names.unique(entity.name if names.is_identifier(entity.name) else names.sanitize(entity.name), taken)
        taken.add(name)
        out[entity.name] = name
    return out


def _joinable(model: SemanticModel, cube_names: dict[str, str]) -> dict[str, frozenset[str]]:
    """For each entity, the cubes it may join: every entity its table relates to, either way.
    One pass over the relationships (one pass per entity made planning quadratic)."""
    by_table = {(x.table.schema_, x.table.name): x.name for x in model.entities}
    entities_of: dict[tuple, list[str]] = {}
    for x in model.entities:
        entities_of.setdefault((x.table.schema_, x.table.name), []).append(x.name)
    out: dict[str, set[str]] = {x.name: set() for x in model.entities}
    for r in model.relationships:
        ends = [(r.from_.schema_, r.from_.table), (r.to.schema_, r.to.table)]
        related = [by_table[k] for k in ends if k in by_table]
        for k in set(ends):
            for entity in entities_of.get(k, ()):
                out[entity].update(cube_names[n] for n in related if n != entity)
    return {k: frozenset(v) for k, v in out.items()}


def _metrics(metrics: list[Metric], cubes: dict[str, CubePlan], dialect: str, diags: Diagnostics) -> list[Metric]:
    """Metrics become `type: number` measures of the cube of the entity that owns them."""
    out: list[Metric] = []
    for metric in metrics:
        where = f"metric {metric.name}"
        # The owner is the model's decision (Metric.entity, set by resolve_metrics).
        cube = cubes.get(metric.entity or "")
        problem = None
        if cube is None:
            problem = "its owner has no cube" if metric.entity else "it has no owner entity"
        elif metric.path:
            problem = "it reads measures of other cubes"
        if problem:
            diags.report(CB001, f"metric {metric.name} left out: {problem}", where)
            continue
        try:
            body = sql_common.metric_sql(
                metric, cube.measures, f"cube {cube.name}", _reference, RATIO_SQL, dialect, sql.unsafe_reason
            )
        except sql.ExprError as e:
            diags.report(CB001, f"metric {metric.name} left out: {e}", where)
            continue
        member = names.member_name(metric.name, cube.taken, dialect)
        if member != metric.name:
            diags.report(CB002, f"metric {metric.name!r} is named {member!r} in Cube", f"{cube.entity.name}.{metric.name}")
        cube.taken.add(member)
        doc: dict[str, Any] = {"name": member, "type": "number", "sql": body, "meta": {"mb_metric": metric.type}}
        if metric.format == "percent":  # Cube's other formats are no more than a number's
            doc["format"] = "percent"
        if text(metric.label):
            doc["title"] = text(metric.label)
        if text(metric.description):
            doc["description"] = text(metric.description)
        cube.doc.setdefault("measures", []).append(doc)
        out.append(metric.model_copy(update={"name": member, "entity": cube.name, "label": keep(metric.label), "description": keep(metric.description)}))
    return out
