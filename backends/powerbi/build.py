"""Plan -> TMDL nodes, one list of top-level nodes per file.

Every table, column and measure carries an `mb_name` annotation (its IR name) because its
TMDL name is the display name; the model carries `mb_dialect`. No lineage tags: Power BI
adds them on first save, and random GUIDs would make the output non-deterministic.
"""

from __future__ import annotations

import json

from ir.semantic import Dimension
from backends import row_filters
from backends.sql_common import cast_columns
from backends.powerbi import columns as cols, mquery, names
from backends.powerbi.plan import ColumnPlan, MeasurePlan, Plan, TablePlan, reads_converted
from backends.powerbi.tmdl_parse import Node

COMPATIBILITY_LEVEL = "1567"
MB_NAME = "mb_name"
KEY_OF = "mb_key_of"


def prop(kind: str, value: str | None = None, expr: bool = False) -> Node:
    return Node(kind=kind, value=value, is_expr=expr)


def annotation(name: str, value: str) -> Node:
    return Node(kind="annotation", name=name, value=value, is_expr=True)


def _doc(t) -> str | None:
    return names.doc_text(t.value) if t is not None else None


def database(plan: Plan) -> list[Node]:
    return [Node(kind="database", name=plan.model.name, children=[prop("compatibilityLevel", COMPATIBILITY_LEVEL)])]


def model(plan: Plan) -> list[Node]:
    root = Node(
        kind="model",
        name="Model",
        children=[
            prop("culture", "en-US"),
            prop("defaultPowerBIDataSourceVersion", "powerBI_V3"),
            prop("sourceQueryCulture", "en-US"),
            Node(kind="dataAccessOptions", children=[prop("legacyRedirects"), prop("returnErrorValuesAsNull")]),
            annotation("mb_dialect", plan.model.dialect or "unknown"),
            # Auto date/time off: Desktop would add a hidden calendar per date column beside the
            # model's own, each spanning its column's range (1985 to a 9999-01-01 "still open"
            # placeholder is three million rows), and a date hierarchy no measure is dated by.
            annotation("__PBI_TimeIntelligenceEnabled", "0"),
        ],
    )
    refs = [Node(kind="table", name=t.display, ref=True) for t in plan.tables]
    return [root, *refs]


def expressions(plan: Plan, options: dict) -> list[Node]:
    out = []
    for name, value, doc in mquery.parameters(plan.model.dialect, options, plan.model.name):
        out.append(Node(kind="expression", name=name, value=mquery.parameter_expression(value), is_expr=True, doc=doc,
                        children=[annotation("PBI_ResultType", "Text")]))
    return out


def relationships(plan: Plan) -> list[Node]:
    out = []
    for r in plan.relationships:
        children = []
        if not r.active:
            children.append(prop("isActive", "false"))
        if r.from_card != "many":
            children.append(prop("fromCardinality", r.from_card))
        if r.to_card != "one":
            children.append(prop("toCardinality", r.to_card))
        if r.from_card == "one" and r.to_card == "one":
            children.append(prop("crossFilteringBehavior", "bothDirections"))
        children.append(prop("fromColumn", names.tmdl_ref(r.from_table.display, r.from_column)))
        children.append(prop("toColumn", names.tmdl_ref(r.to_table.display, r.to_column)))
        out.append(Node(kind="relationship", name=r.name, children=children))
    return out


def table(t: TablePlan, dialect: str, currency: str | None = None) -> list[Node]:
    children: list[Node] = []
    if t.date_table:
        children.append(prop("dataCategory", "Time"))
    if t.entity.hidden or t.hidden:
        children.append(prop("isHidden"))
    children += [_measure(m, currency) for m in t.measures]
    # Balances and levels summed only as the model sums them: plainly over the things of a table
    # of one row per thing, never on a snapshot (over time) nor on rows after each event.
    summed = {m.column for m in t.entity.measures if m.agg == "sum" and not m.non_additive_dimension and m.column}
    source = mquery.source_names(_source_columns(t))
    shown = {c.field.name: c.display for c in t.columns if c.dax is None}
    children += [_column(c, source, c.field.column in summed, currency, shown) for c in t.columns]
    children.append(_partition(t, dialect))
    children.append(annotation(MB_NAME, t.entity.name))
    if t.role_of is not None:
        children.append(annotation("mb_role_of", t.role_of))
    return [Node(kind="table", name=t.display, doc=_doc(t.entity.description), children=children)]


def _measure(m: MeasurePlan, currency: str | None = None) -> Node:
    src = m.source
    children = []
    fmt = cols.measure_format(getattr(src, "format", None), getattr(src, "data_type", None), currency)
    if fmt is None and getattr(src, "type", None) == "ratio":
        fmt = cols.FORMATS["decimal"]
    if fmt:
        children.append(prop("formatString", fmt))
    if getattr(src, "hidden", False):
        children.append(prop("isHidden"))
    children.append(annotation(MB_NAME, src.name))
    if m.role is not None:  # the measure again, along a role-playing relationship
        children.append(annotation("mb_role", m.role))
    if hasattr(src, "type"):  # a metric
        children.append(annotation("mb_metric", src.type))
    return Node(kind="measure", name=m.display, value=m.dax, is_expr=True, doc=_doc(src.description), children=children)


def _column(c: ColumnPlan, source: dict[str, str], summed: bool = False, currency: str | None = None,
            shown: dict[str, str] | None = None) -> Node:
    f = c.field
    children = [prop("dataType", cols.data_type(f))]
    if isinstance(f, Dimension) and f.sort_by and (by := (shown or {}).get(f.sort_by)) is not None:
        children.append(prop("sortByColumn", names.tmdl_name(by)))  # a month's name in the order of its number
    if c.key:
        children.append(prop("isKey"))
    if f.hidden:
        children.append(prop("isHidden"))
    fmt = cols.format_string(f, currency)
    if fmt:
        children.append(prop("formatString", fmt))
    category = cols.category(f)
    if category:
        children.append(prop("dataCategory", category))
    children.append(prop("summarizeBy", cols.summarize_by(f, summed)))
    if c.dax is None:
        children.append(prop("sourceColumn", source.get(f.column, f.column)))
    children.append(annotation(MB_NAME, f.name))
    if c.key_of is not None:  # the compound key it joins, for reading the relationship back
        children.append(annotation(KEY_OF, json.dumps(c.key_of, ensure_ascii=False)))
    if f.sensitivity:
        children.append(annotation("mb_sensitivity", f.sensitivity))  # personal data, flagged
    if isinstance(f, Dimension) and cols.DATA_TYPES.get(f.data_type) == "dateTime" and f.data_type != "time":
        children.append(annotation("mb_field", "dimension"))  # a date the IR treats as a plain dimension
    hint = cols.DATE_HINT.get(f.data_type)
    if hint:
        children.append(annotation("UnderlyingDateTimeDataType", hint))
    return Node(kind="column", name=c.display, value=c.dax, is_expr=c.dax is not None, doc=_doc(f.description), children=children)


def _source_columns(t: TablePlan) -> list[str]:
    return [c.field.column for c in t.columns if c.dax is None and c.field.column]


def _source_casts(t: TablePlan, dialect: str) -> dict[str, tuple[str, str]]:
    """Column -> (the SQL reading it, its type) for the numbers, money and true/false kept as text
    the table binds (normalize_types), and the times its native query converts (plan.reads_converted)."""
    casts = cast_columns(t.entity, dialect)
    out = {c.field.column: (casts[c.field.column], c.field.data_type) for c in t.columns
           if c.dax is None and c.field.column in casts and c.field.data_type in mquery.TEXT_READERS}
    out.update({c.field.column: (c.field.expr, c.field.data_type) for c in t.columns
                if c.dax is None and c.field.expr and reads_converted(c.field, dialect)})
    return out


def _partition(t: TablePlan, dialect: str) -> Node:
    m = mquery.partition_source(dialect, t.entity.table.schema_, t.entity.table.name, _source_columns(t), mquery.sql_quoter(dialect),
                                _source_casts(t, dialect), where=row_filters.live_sql(t.entity, dialect),
                                keep_rows=row_filters.m_live(t.entity, mquery.m_string))
    return Node(kind="partition", name=t.display, value="m", is_expr=True, children=[prop("mode", "import"), prop("source", m, expr=True)])
