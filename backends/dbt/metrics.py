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
from backends.templating import Template, literal
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
    filter: str | None = None  # a simple metric's condition on a joined entity's dimension (Measure.joined_filter)


def _resolve(plan: Plan, ref: str, entity: str | None) -> SemMeasure | None:
    """A measure reference (`measure` or `entity.measure`) -> the emitted measure."""
    ent, _, name = ref.rpartition(".")
    ent = ent or entity
    found = [
        sm for p in plan.entities if ent in (None, p.entity.name)
        for sm in p.measures if sm.measure.name == name
    ]
    return found[0] if len(found) == 1 else None


def joined_filter(plan: Plan, p: EntityPlan, sm: SemMeasure) -> str | None:
    """A measure's condition on its parent's dimension as MetricFlow writes it, through the
    foreign entity its join reads (`{{ Dimension('order_entity__currency') }} = 'CAD'`); None
    where the join is no foreign entity of the parent's primary one or the dimension is not shown."""
    jf = sm.measure.joined_filter
    parent = plan.by_name().get(jf.entity) if jf is not None else None
    if jf is None or parent is None or len(jf.path[0].from_columns) != 1:
        return None
    entity = next((e.name for e in p.entities if e.type == "foreign" and e.expr is None
                   and e.column.raw == jf.path[0].from_columns[0] and e.name == parent.primary), None)
    dim = next((d.name for d in parent.dims if not d.column.time and d.column.field.name == jf.dimension), None)
    if entity is None or dim is None:
        return None
    return Template("{{ Dimension('" + f"{entity}__{dim}" + "') }} = " + literal(exp.Literal.string(jf.value).sql()))


def build(plan: Plan, diags: Diagnostics) -> list[MetricPlan]:
    dialect = plan.model.dialect
    names = nm.Names(dialect)
    out: list[MetricPlan] = []
    simple: dict[str, str] = {}  # measure name -> its simple metric
    filters: dict[str, str] = {}  # measure name -> the condition its metrics put on a joined entity
    for p in plan.entities:
        kept = []
        for sm in p.measures:
            if sm.measure.joined_filter is not None:
                condition = joined_filter(plan, p, sm)
                if condition is None:
                    # Unfiltered, the measure would add every currency its label names one of.
                    diags.report(DB004, f"measure {sm.measure.name} left out: its filter on {sm.measure.joined_filter.entity}."
                                 f"{sm.measure.joined_filter.dimension} names no dimension of a joined entity", f"{p.entity.name}.{sm.measure.name}")
                    continue
                filters[sm.name] = condition
            kept.append(sm)
        p.measures[:] = kept
        for sm in p.measures:
            if sm.measure.hidden:
                continue
            name = names.claim(sm.name, "metric")
            simple[sm.name] = name
            out.append(MetricPlan(name, "simple", p, sm.measure.label, sm.measure.description, measure=sm.name,
                                  filter=filters.get(sm.name)))
    by_name = plan.by_name()
    for mt in plan.model.metrics:
        where = f"metric {mt.name}"
        owner = by_name.get(mt.entity or "")
        mp = MetricPlan(names.claim(mt.name, "metric"), mt.type, owner, mt.label, mt.description)
        if mt.type == "simple" and mt.measure and (sm := _resolve(plan, mt.measure, mt.entity)):
            mp.measure, mp.filter = sm.name, filters.get(sm.name)
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
