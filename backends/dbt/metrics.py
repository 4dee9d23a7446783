"""MetricFlow metrics: a simple metric per visible measure (MetricFlow queries metrics, not
measures) and the model's own metrics, written in the semantic file of the entity that owns them
(Metric.entity, decided by the resolve_metrics pass)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from compiler.diagnostics import Diagnostics
from backends.dbt.codes import DB004
from ir.provenance import Text
from ir.semantic import Metric
from backends.dbt import names as nm
from backends.dbt.plan import EntityPlan, Plan, SemMeasure
from backends.sql_common import ExprError, rewrite_columns, sqlglot_dialect

NAME = "dbt_backend"


@dataclass
class MetricPlan:
    name: str
    type: str  # simple | ratio | derived
    owner: EntityPlan | None  # the semantic file it is written in
    label: Text | None = None
    description: Text | None = None
    measure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    expr: str | None = None
    inputs: list[str] = field(default_factory=list)
    label_text: str = ""  # the label written, unique among metrics (labels.assign)


def _resolve(plan: Plan, ref: str, entity: str | None) -> SemMeasure | None:
    """A measure reference (`measure` or `entity.measure`) -> the emitted measure."""
    ent, _, name = ref.rpartition(".")
    ent = ent or entity
    found = [
        sm for p in plan.entities if ent in (None, p.entity.name)
        for sm in p.measures if sm.measure.name == name
    ]
    return found[0] if len(found) == 1 else None


def build(plan: Plan, diags: Diagnostics) -> list[MetricPlan]:
    dialect = plan.model.dialect
    names = nm.Names(dialect)
    out: list[MetricPlan] = []
    simple: dict[str, str] = {}  # measure name -> its simple metric
    for p in plan.entities:
        for sm in p.measures:
            if sm.measure.hidden:
                continue
            name = names.claim(sm.name, "metric")
            simple[sm.name] = name
            out.append(MetricPlan(name, "simple", p, sm.measure.label, sm.measure.description, measure=sm.name))
    by_name = plan.by_name()
    for mt in plan.model.metrics:
        where = f"metric {mt.name}"
        owner = by_name.get(mt.entity or "")
        mp = MetricPlan(names.claim(mt.name, "metric"), mt.type, owner, mt.label, mt.description)
        if mt.type == "simple" and mt.measure and (sm := _resolve(plan, mt.measure, mt.entity)):
            mp.measure = sm.name
        elif mt.type == "ratio" and mt.numerator and mt.denominator:
            num, den = _resolve(plan, mt.numerator, mt.entity), _resolve(plan, mt.denominator, mt.entity)
            mp.numerator = simple.get(num.name) if num else None
            mp.denominator = simple.get(den.name) if den else None
        elif mt.type == "derived" and mt.expr:
            mp.expr = _derived(plan, mt, simple, dialect, mp.inputs)
        if not (mp.measure or (mp.numerator and mp.denominator) or mp.expr):
            names.taken.discard(mp.name)
            diags.report(DB004, f"metric {mt.name} left out: its measures are not emitted as visible dbt measures", where)
            continue
        out.append(mp)
    return out


def _derived(plan: Plan, mt: Metric, simple: dict[str, str], dialect: str, inputs: list[str]) -> str | None:
    def ref(column: str) -> exp.Expression:
        sm = _resolve(plan, column, mt.entity)
        name = simple.get(sm.name) if sm else None
        if name is None:
            raise ExprError(f"unknown measure {column}")
        if name not in inputs:
            inputs.append(name)
        return exp.column(name)

    try:
        return rewrite_columns(mt.expr or "", dialect, ref).sql(dialect=sqlglot_dialect(dialect))
    except ExprError:
        return None


def as_ir(mp: MetricPlan) -> Metric:
    """The IR metric a dbt metric reads back as."""
    label = Text.inferred(mp.label_text, NAME, "metric_label") if mp.label_text else mp.label
    return Metric(name=mp.name, type=mp.type, entity=mp.owner.entity.name if mp.owner else None, measure=mp.measure,
                  numerator=mp.numerator, denominator=mp.denominator, expr=mp.expr, label=label, description=mp.description)
