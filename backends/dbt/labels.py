"""Labels as MetricFlow accepts them: unique among metrics and among semantic models; unique
among the dimensions, the entities and the measures of one semantic model; and one label per
entity name across the project (or none). A clash is resolved by naming the object in the label
("Count (Orders)"); an entity that disagrees with the label its name already has gets none."""

from __future__ import annotations

from backends.dbt.metrics import MetricPlan
from backends.dbt.plan import Plan


def _unique(label: str | None, qualifier: str, name: str, used: set[str]) -> str | None:
    if label is None:
        return None
    for candidate in (label, f"{label} ({qualifier})", f"{label} ({name})"):
        if candidate not in used:
            used.add(candidate)
            return candidate
    n = 2
    while f"{label} ({name} {n})" in used:
        n += 1
    used.add(f"{label} ({name} {n})")
    return f"{label} ({name} {n})"


def assign(plan: Plan, metrics: list[MetricPlan]) -> None:
    models: set[str] = set()
    canonical: dict[str, str | None] = {}
    for p in plan.entities:
        for e in p.entities:
            if e.type == "primary":
                canonical[e.name] = e.column.field.label.value if e.column.field.label and e.expr is None else None
    for p in plan.entities:
        p.label = _unique(p.entity.label.value if p.entity.label else None, p.entity.name, p.primary, models)
        used: set[str] = set()
        for e in p.entities:
            wanted = e.column.field.label.value if e.column.field.label and e.type != "unique" and e.expr is None else None
            agreed = canonical.setdefault(e.name, wanted)
            e.label = wanted if wanted == agreed and wanted not in used else None
            if e.label:
                used.add(e.label)
        used = set()
        for d in p.dims:
            d.label = _unique(d.column.field.label.value if d.column.field.label else None, d.name, d.name, used)
        if p.fact_time is not None:  # the time dimension a fact model borrows: the parent column's label
            f = p.fact_time.column.field
            p.fact_time.label = _unique(f.label.value if f.label else None, p.fact_time.name, p.fact_time.name, used)
        used = set()
        for m in p.measures:
            m.label = _unique(m.measure.label.value if m.measure.label else None, m.name, m.name, used)
    used = set()
    for mp in metrics:
        label = mp.label.value if mp.label else mp.name.replace("_", " ").title()
        qualifier = mp.owner.entity.label.value if mp.owner and mp.owner.entity.label else (mp.owner.primary if mp.owner else mp.name)
        mp.label_text = _unique(label, qualifier, mp.name, used)
