"""Which entity owns each metric (Metric.entity), the measures it reads (Metric.inputs, as
entity.measure) and the joins from its owner to the entities of those measures (Metric.path).

A measure reference is `measure` or `entity.measure`; a bare name is looked up in the owner
named by the metric first, then in every entity, and must name one measure. The owner is the
entity the metric was declared on (a table's `metrics:` in mb.yaml, an LLM suggestion on a
table); a model-wide metric is owned by the entity of its first measure. Measures of other
entities are reached from the owner along many_to_one and one_to_one relationships, shortest
path first; a metric whose measures do not exist, or cannot be joined to its owner, is left out
(AN009), so every target renders the same metrics or reports the same loss.
"""

from __future__ import annotations

from collections import deque

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from compiler.diagnostics import AN009
from compiler.pipeline import Context, State
from ir.provenance import Provenance
from ir.semantic import Entity, JoinStep, Metric, Relationship, SemanticModel

NAME = "resolve_metrics"
FOLLOWED = ("many_to_one", "one_to_one")


def references(metric: Metric, dialect: str) -> list[str] | None:
    """The measure references a metric names, in order; None when its expression does not parse."""
    if metric.type == "derived":
        if not metric.expr:
            return []
        try:
            tree = sqlglot.parse_one(metric.expr, read=dialect or None)
        except SqlglotError:
            return None
        out: list[str] = []
        for c in tree.find_all(exp.Column):
            ref = f"{c.table}.{c.name}" if c.table else c.name
            if ref not in out:
                out.append(ref)
        return out
    return [r for r in (metric.measure, metric.numerator, metric.denominator) if r]


def _find(model: SemanticModel, ref: str, owner: Entity | None) -> Entity | None:
    entity, _, name = ref.rpartition(".")
    if entity:
        e = model.entity(entity)
        return e if e is not None and any(m.name == name for m in e.measures) else None
    if owner is not None and any(m.name == name for m in owner.measures):
        return owner
    found = [e for e in model.entities if any(m.name == name for m in e.measures)]
    return found[0] if len(found) == 1 else None


def join_path(model: SemanticModel, start: Entity, goal: Entity) -> list[JoinStep] | None:
    """The shortest many_to_one / one_to_one path from `start` to `goal` (relationship order
    breaks ties); [] when they are the same entity, None when unreachable."""
    if start is goal:
        return []
    by_key = {e.table.key: e for e in model.entities}
    edges: dict[str, list[Relationship]] = {}
    for rel in model.relationships:
        if rel.cardinality in FOLLOWED and rel.from_.table_key != rel.to.table_key:
            edges.setdefault(rel.from_.table_key, []).append(rel)
    queue = deque([(start, [])])
    seen = {start.table.key}
    while queue:
        here, path = queue.popleft()
        for rel in edges.get(here.table.key, []):
            nxt = by_key.get(rel.to.table_key)
            if nxt is None or nxt.table.key in seen:
                continue
            step = JoinStep(from_entity=here.name, from_columns=list(rel.from_.columns), to_entity=nxt.name,
                            to_columns=list(rel.to.columns), cardinality=rel.cardinality)
            if nxt is goal:
                return [*path, step]
            seen.add(nxt.table.key)
            queue.append((nxt, [*path, step]))
    return None


def run(state: State, ctx: Context) -> None:
    model = state.model
    kept: list[Metric] = []
    for metric in model.metrics:
        where = f"metric {metric.name}"
        owner = model.entity(metric.entity) if metric.entity else None
        if metric.entity and owner is None:
            ctx.diags.report(AN009, f"metric {metric.name} left out: its entity {metric.entity} does not exist", where)
            continue
        refs = references(metric, model.dialect)
        if refs is None or not refs:
            ctx.diags.report(AN009, f"metric {metric.name} left out: it names no measure it could read", where)
            continue
        inputs: list[str] = []
        holders: list[Entity] = []
        missing = []
        for ref in refs:
            holder = _find(model, ref, owner)
            if holder is None:
                missing.append(ref)
                continue
            inputs.append(f"{holder.name}.{ref.rpartition('.')[2]}")
            holders.append(holder)
        if missing:
            ctx.diags.report(AN009, f"metric {metric.name} left out: no single measure is named {', '.join(missing)}", where)
            continue
        owner = owner or holders[0]
        path: list[JoinStep] = []
        unreachable = []
        for holder in {h.name: h for h in holders}.values():
            steps = join_path(model, owner, holder)
            if steps is None:
                unreachable.append(holder.name)
            else:
                path.extend(s for s in steps if s not in path)
        if unreachable:
            ctx.diags.report(AN009, f"metric {metric.name} left out: {', '.join(unreachable)} cannot be joined to its owner "
                             f"{owner.name}", where)
            continue
        metric.entity = owner.name
        metric.inputs = inputs
        metric.path = path
        if metric.provenance is None:
            metric.provenance = Provenance.inferred(NAME, "owner", 0.9, [f"owned by {owner.name}"])
        kept.append(metric)
    model.metrics = kept
