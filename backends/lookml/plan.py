"""From the SemanticModel to LookML-shaped blocks, deciding every name once.

The plan is shared by the emitter (which renders its blocks) and by the round trip (which
compares the files read back with `expected`, the model as LookML expresses it: LookML names,
objects reported with LK001 left out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.diagnostics import Diagnostics
from compiler.types import is_column_cast, is_column_conversion
from backends.lookml.codes import LK001, LK002, LK003
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Explore, Join, Measure, Metric, SemanticModel, TimeDimension
from backends import row_filters, sql_common
from backends.joined import joined_alias
from backends.currency import code as currency_code, symbol as currency_symbol
from backends.lookml import names, sql
from backends.lookml.writer import Bare, BareList, Block, Filters, Quoted, QuotedList, Sql

NUMBER_TYPES = {"integer", "decimal", "float"}
AGG_TYPES = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "avg": "average", "min": "min", "max": "max"}
FORMATS = {"integer": "decimal_0", "decimal": "decimal_2", "percent": "percent_2"}  # money: the model's currency
NAMED_CURRENCIES = {"usd", "eur", "gbp"}  # Looker's value_format_name for money
COMPOUND_PREFIX = "pk_"


def dimension_type(data_type: str) -> str:
    if data_type in NUMBER_TYPES:
        return "number"
    if data_type == "boolean":
        return "yesno"
    return "string"


def view_path(view: str) -> str:
    return f"views/{view}.view.lkml"


def _text(t: Text | None) -> str | None:
    return t.value if t is not None and t.value != "" else None


def _keep_text(t: Text | None) -> Text | None:
    return t if t is not None and t.value != "" else None


class Overlay:
    """`base.model_copy(update=update)` as far as reading attributes goes, without pydantic's
    copy (which costs more than everything else in the round trip on a large model)."""

    def __init__(self, base, update: dict) -> None:
        self.__dict__ = {**base.__dict__, **update} if base is not None else dict(update)


@dataclass
class ViewPlan:
    entity: Entity  # the source entity
    name: str
    block: Block
    expected_parts: tuple = ()
    # IR column -> LookML field reference name (dimension, or a dimension group's `_raw` field).
    column_refs: dict[str, str] = field(default_factory=dict)
    # Column -> the field reading it through a cast (a day kept as text): a key's part.
    cast_refs: dict[str, str] = field(default_factory=dict)
    field_names: dict[str, str] = field(default_factory=dict)  # IR field name -> LookML name
    taken: set[str] = field(default_factory=set)  # every field name the view's namespace holds

    def expected(self) -> Entity:
        """The entity as LookML expresses it."""
        update, dims, times, measures = self.expected_parts
        return self.entity.model_copy(
            update={
                **update,
                "dimensions": [d.model_copy(update=u) for d, u in dims],
                "time_dimensions": [t.model_copy(update=u) for t, u in times],
                "measures": [m.model_copy(update=u) for m, u in measures],
            }
        )
    measure_names: dict[str, str] = field(default_factory=dict)  # IR measure name -> LookML name

    def comparable(self) -> "Overlay":
        """What `expected` returns, as overlays on the source nodes instead of copies."""
        update, dims, times, measures = self.expected_parts
        return Overlay(
            self.entity,
            {
                **update,
                "dimensions": [Overlay(d, u) for d, u in dims],
                "time_dimensions": [Overlay(t, u) for t, u in times],
                "measures": [Overlay(m, u) for m, u in measures],
            },
        )


@dataclass
class Plan:
    model: SemanticModel
    views: list[ViewPlan]
    explores: list[Block]
    expected_explores: list[Explore]
    expected_metrics: list[Metric]

    def expected(self) -> SemanticModel:
        """The model as LookML expresses it: LookML names, what LK001 left out removed."""
        return SemanticModel(
            name=self.model.name,
            dialect=self.model.dialect,
            entities=[v.expected() for v in self.views],
            explores=self.expected_explores,
            metrics=self.expected_metrics,
        )

    def comparable(self) -> "Overlay":
        """What `expected` returns, without copying a node: for the round trip's projections."""
        return Overlay(
            None,
            {
                "name": self.model.name,
                "dialect": self.model.dialect,
                "entities": [v.comparable() for v in self.views],
                "relationships": [],
                "explores": self.expected_explores,
                "metrics": self.expected_metrics,
            },
        )


def build(model: SemanticModel, diags: Diagnostics) -> Plan:
    dialect = model.dialect
    views: list[ViewPlan] = []
    taken_views: set[str] = set()
    for entity in model.entities:
        vp = _plan_view(entity, dialect, taken_views, diags, model.currency, model)
        if vp is not None:
            taken_views.add(vp.name)
            views.append(vp)
    by_entity = {v.entity.name: v for v in views}
    expected_metrics = _plan_metrics(model.metrics, by_entity, dialect, diags)
    explores: list[Block] = []
    expected_explores: list[Explore] = []
    taken_explores: set[str] = set()
    for x in model.explores:
        planned = _plan_explore(x, by_entity, taken_explores, diags)
        if planned is not None:
            block, exp_x = planned
            taken_explores.add(block.name)
            explores.append(block)
            expected_explores.append(exp_x)
    return Plan(model, views, explores, expected_explores, expected_metrics)


def _identifier(name: str, taken: set[str], what: str, where: str, diags: Diagnostics) -> str:
    out = name if names.is_identifier(name) else names.sanitize(name)
    out = names.unique(out, taken)
    if out != name:
        diags.report(LK002, f"{what} {name!r} is named {out!r} in LookML", where)
    return out


# --------------------------------------------------------------------------- views


def _plan_view(entity: Entity, dialect: str, taken_views: set[str], diags: Diagnostics, currency: str | None = None,
               model: SemanticModel | None = None) -> ViewPlan | None:
    where = f"{entity.name}"
    for part in (entity.table.schema_ or "", entity.table.name):
        reason = sql.unsafe_name_reason(part)
        if reason:
            diags.report(LK001, f"view {entity.name} left out: table name {part!r} {reason}", where)
            return None
    for f in entity.row_filters:  # its live rows are selected by name: kept whole, it would count deleted rows
        reason = sql.unsafe_name_reason(f.column)
        if reason:
            diags.report(LK001, f"view {entity.name} left out: soft-delete column {f.column!r} {reason}", where)
            return None
        reason = sql.unsafe_name_reason(f.deleted_value) if isinstance(f.deleted_value, str) else None
        if reason:  # a text mark's value is written in the same SQL
            diags.report(LK001, f"view {entity.name} left out: soft-delete value {f.deleted_value!r} {reason}", where)
            return None
    vname = _identifier(entity.name, taken_views, "view", where, diags)
    block = Block("view", vname)
    based = row_filters.based_sql(entity, dialect)
    if based is None:
        block.add("sql_table_name", Sql(sql.table_sql(entity.table.name, entity.table.schema_, dialect)))
    else:  # soft-deleted rows left out at the base, so each explore and join sees only live rows
        derived = Block("derived_table")
        derived.add("sql", Sql(based))
        block.add("derived_table", derived)
    if _text(entity.label):
        block.add("label", Quoted(_text(entity.label)))
    if _text(entity.description):
        block.add("description", Quoted(_text(entity.description)))

    # (source node, changes) pairs: the expected model is only materialized when asked for.
    exp_dims: list[tuple[Dimension, dict]] = []
    exp_times: list[tuple[TimeDimension, dict]] = []
    exp_measures: list[tuple[Measure, dict]] = []
    vp = ViewPlan(entity, vname, block)
    taken: set[str] = set()
    known_columns = sql_common.known_columns(entity)
    col_ref = sql_common.column_ref(known_columns, dialect, "${TABLE}.")

    # Dimensions first: they own the plainest names.
    dim_blocks: list[Block] = []
    blocks_of: dict[str, Block] = {}
    for d in entity.dimensions:
        fwhere = f"{entity.name}.{d.name}"
        rendered = _field_sql(d, dialect, col_ref, fwhere, "dimension", diags)
        if rendered is None:
            continue
        fname = _identifier(d.name, taken, "dimension", fwhere, diags)
        taken.add(fname)
        vp.field_names[d.name] = fname
        if d.column is not None and d.expr is None:
            vp.column_refs.setdefault(d.column, fname)
        elif d.column is not None and is_column_cast(d.expr, d.column, dialect):
            vp.cast_refs.setdefault(d.column, fname)
        b = Block("dimension", fname)
        b.add("type", Bare(dimension_type(d.data_type)))
        b.add("sql", Sql(rendered))
        _common(b, d)
        dim_blocks.append(b)
        blocks_of[d.name] = b
        exp_dims.append(
            (
                d,
                {
                    "name": fname,
                    "data_type": d.data_type if d.data_type in NUMBER_TYPES or d.data_type == "boolean" else "string",
                    "label": _keep_text(d.label),
                    "description": _keep_text(d.description),
                },
            )
        )
    for d in entity.dimensions:
        if d.sort_by and d.name in blocks_of and d.sort_by in blocks_of:
            blocks_of[d.name].add("order_by_field", Bare(vp.field_names[d.sort_by]))  # a month's name by its number
    # Measures next, then dimension groups take names whose generated fields collide with nothing.
    planned_measures: list[tuple[Measure, str]] = []
    for m in entity.measures:
        fname = _identifier(m.name, taken, "measure", f"{entity.name}.{m.name}", diags)
        taken.add(fname)
        planned_measures.append((m, fname))

    group_blocks: list[Block] = []
    for t in entity.time_dimensions:
        fwhere = f"{entity.name}.{t.name}"
        rendered = _field_sql(t, dialect, col_ref, fwhere, "time dimension", diags)
        if rendered is None:
            continue
        gname = _group_name(t, taken, fwhere, diags)
        taken.add(gname)
        taken.update(names.group_fields(gname, t.data_type, t.granularity))
        vp.field_names[t.name] = gname
        if t.column is not None and t.expr is None:
            vp.column_refs.setdefault(t.column, f"{gname}_raw")
        elif t.column is not None and is_column_conversion(t.expr, t.column, dialect):
            vp.cast_refs.setdefault(t.column, f"{gname}_raw")
        b = Block("dimension_group", gname)
        b.add("type", Bare("time"))
        b.add("timeframes", BareList(list(names.timeframes(t.data_type, t.granularity))))
        if t.data_type == "date":
            b.add("datatype", Bare("date"))
            b.add("convert_tz", Bare("no"))
        b.add("sql", Sql(rendered))
        label = _group_label(t, gname)
        _common(b, t.model_copy(update={"label": label}) if label is not t.label else t)
        group_blocks.append(b)
        exp_times.append((t, {"name": gname, "label": _keep_text(label), "description": _keep_text(t.description)}))

    compound: Block | None = None
    # Once the dimension groups are named: a key column may be a group's (`${start_date_raw}`).
    pk_parts = _key_parts(entity, vp, dialect)
    if len(pk_parts) == 1 and pk_parts[0][2]:
        pk_block = dim_blocks[[b.name for b in dim_blocks].index(pk_parts[0][0])]
        pk_block.params.insert(0, ("primary_key", Bare("yes")))
    elif pk_parts:
        cname = names.unique(f"{COMPOUND_PREFIX}{len(pk_parts)}_" + "_".join(n for n, _, _ in pk_parts), taken)
        taken.add(cname)
        compound = Block(
            "dimension",
            cname,
            comment=(
                f"The primary key is compound ({', '.join(n for n, _, _ in pk_parts)}); LookML allows one "
                "primary_key field per view, so this hidden field concatenates the key columns."
                if all(own for _, _, own in pk_parts) else
                f"The primary key is ({', '.join(n for n, _, _ in pk_parts)}); a dimension group cannot be a "
                "primary_key field, so this hidden field concatenates the key columns."
            ),
        )
        compound.add("primary_key", Bare("yes"))
        compound.add("hidden", Bare("yes"))
        compound.add("type", Bare("string"))
        compound.add("sql", Sql(sql.concat_sql([part for _, part, _ in pk_parts], dialect)))

    location_blocks = _locations(entity, vp, taken)

    dim_by_column: dict[str, str] = {}
    dim_info: dict[str, tuple[str, str]] = {}
    for d in entity.dimensions:
        # A measure of a number kept as text reads it through its dimension's cast (its '' as NULL).
        if (d.column and (not d.expr or is_column_cast(d.expr, d.column, dialect)) and d.name in vp.field_names
                and d.column not in dim_by_column):
            dim_by_column[d.column] = vp.field_names[d.name]
            dim_info[d.column] = (vp.field_names[d.name], dimension_type(d.data_type))
    for t in entity.time_dimensions:
        # A date filter names the group's date timeframe (`filters: [end_date: "after 9999/01/01"]`).
        if t.column and not t.expr and t.name in vp.field_names and t.column not in dim_info \
                and "date" in names.timeframes(t.data_type, t.granularity):
            dim_info[t.column] = (f"{vp.field_names[t.name]}_date", "date")

    def measure_ref(name: str, quoted: bool) -> str:
        col = sql_common.resolve_column(name, quoted, known_columns)
        if col is not None and col in dim_by_column:
            return "${" + dim_by_column[col] + "}"
        return col_ref(name, quoted)

    measure_blocks: list[Block] = []
    for m, fname in planned_measures:
        fwhere = f"{entity.name}.{m.name}"
        alias = joined_alias(model, entity.name, m.joined_filter) if m.joined_filter is not None and model is not None else None
        planned = _plan_measure(m, fname, entity, dialect, measure_ref, dim_info, fwhere, diags, currency, alias)
        if planned is None:
            continue
        b, agg = planned
        vp.field_names[m.name] = fname
        vp.measure_names[m.name] = fname
        measure_blocks.append(b)
        exp_measures.append(
            (m, {"name": fname, "agg": agg, "label": _keep_text(m.label), "description": _keep_text(m.description)})
        )

    for b in ([compound] if compound else []) + dim_blocks + location_blocks + group_blocks + measure_blocks:
        block.add(b.key, b)
    vp.block = block
    vp.taken = taken
    vp.expected_parts = (
        {
            "name": vname,
            "label": _keep_text(entity.label),
            "description": _keep_text(entity.description),
            "dimensions": exp_dims,
            "time_dimensions": exp_times,
        },
        exp_dims,
        exp_times,
        exp_measures,
    )
    return vp


def _locations(entity: Entity, vp: ViewPlan, taken: set[str]) -> list[Block]:
    """A `type: location` field for each of the entity's points on the map (pair_locations),
    reading the two coordinate dimensions."""
    out = []
    for loc in entity.locations:
        lat, lon = vp.field_names.get(loc.latitude), vp.field_names.get(loc.longitude)
        if lat is None or lon is None:
            continue
        name = names.unique(loc.name, taken)
        taken.add(name)
        b = Block("dimension", name)
        b.add("type", Bare("location"))
        b.add("sql_latitude", Sql("${" + lat + "}"))
        b.add("sql_longitude", Sql("${" + lon + "}"))
        if loc.label is not None and loc.label.value:
            b.add("label", Quoted(loc.label.value))
        vp.field_names[loc.name] = name
        out.append(b)
    return out


def _column_field(vp: ViewPlan, column: str) -> str | None:
    """The view's field showing a column as it is, else through its cast; None when it has none."""
    return vp.column_refs.get(column) or vp.cast_refs.get(column)


def _key_parts(entity: Entity, vp: ViewPlan, dialect: str) -> list[tuple[str, str, bool]]:
    """(name, sql, is a dimension of its own) for each primary key column, in key order; none when
    the key has a column that is no field of the view."""
    parts: list[tuple[str, str, bool]] = []
    for column, is_time in sql_common.key_fields(entity, dialect) or ():
        ref = _column_field(vp, column)
        if ref is None:
            return []
        parts.append((ref.removesuffix("_raw") if is_time else ref, "${" + ref + "}", not is_time))
    return parts


def _field_sql(f, dialect: str, col_ref, where: str, what: str, diags: Diagnostics) -> str | None:
    """The `sql:` of a dimension or dimension group; None (after LK001) when not expressible."""
    if f.expr:
        reason = sql.unsafe_reason(f.expr)
        if reason is None:
            try:
                return sql.render_expr(f.expr, dialect, col_ref)
            except sql.ExprError as e:
                reason = f"expression {e}"
        diags.report(LK001, f"{what} {f.name} left out: expression {f.expr!r} {reason}", where)
        return None
    if f.column is None:
        diags.report(LK001, f"{what} {f.name} left out: it has neither a column nor an expression", where)
        return None
    reason = sql.unsafe_name_reason(f.column)
    if reason:
        diags.report(LK001, f"{what} {f.name} left out: column {f.column!r} {reason}", where)
        return None
    return col_ref(f.column, True)


def _common(b: Block, f) -> None:
    if f.hidden:
        b.add("hidden", Bare("yes"))
    if _text(f.label):
        b.add("label", Quoted(_text(f.label)))
    if _text(f.description):
        b.add("description", Quoted(_text(f.description)))
    if getattr(f, "sensitivity", None):
        # Personal data stays a visible field; the tag flags it (Looker's field tags).
        b.add("tags", QuotedList([f.sensitivity]))


def _group_label(t: TimeDimension, group: str) -> Text | None:
    """Looker labels a group's fields "<label> <Timeframe>": a machine label "Invoice Date" on
    group `invoice` would give "Invoice Date Month", so the suffix the name lost goes too.
    A human label is kept as written."""
    label = t.label
    if label is None or label.provenance.origin == "human" or not t.name.startswith(group + "_"):
        return label
    suffix = " " + t.name[len(group) + 1 :].replace("_", " ")
    value = label.value
    if value.lower().endswith(suffix) and len(value) > len(suffix):
        return label.model_copy(update={"value": value[: -len(suffix)].rstrip()})
    return label


def _group_name(t: TimeDimension, taken: set[str], where: str, diags: Diagnostics) -> str:
    base = t.name if names.is_identifier(t.name) else names.sanitize(t.name)

    def free(g: str) -> bool:
        return g not in taken and not any(f in taken for f in names.group_fields(g, t.data_type, t.granularity))

    for cand in names.group_name_candidates(base):
        if free(cand):
            if base != t.name:
                diags.report(LK002, f"time dimension {t.name!r} is dimension group {cand!r} in LookML", where)
            return cand
    n = 2
    while not free(f"{base}_{n}"):
        n += 1
    out = f"{base}_{n}"
    diags.report(LK002, f"time dimension {t.name!r} is dimension group {out!r}: its timeframe fields collided", where)
    return out


def _plan_measure(
    m: Measure, fname: str, entity: Entity, dialect: str, ref, dims: dict[str, tuple[str, str]], where: str, diags: Diagnostics,
    currency: str | None = None, joined: str | None = None,
):
    """(block, agg as read back) or None after LK001. `joined`: the alias every explore joins the
    parent of the measure's joined filter under."""
    if m.joined_filter is not None and (joined is None or not sql.reads_literally(m.joined_filter.value)):
        diags.report(LK001, f"measure {m.name} left out: it is filtered on {m.joined_filter.entity}.{m.joined_filter.dimension}, "
                     "which not every explore holding the view joins under one name, or on a value Looker's filter "
                     "syntax does not read as written", where)
        return None
    if m.non_additive_dimension:
        diags.report(LK003, f"measure {m.name} left out: LookML has no measure that keeps a balance from being summed over "
                     f"{m.non_additive_dimension}", where)
        return None
    for label, text in (("column", m.column), ("expression", m.expr), ("filter", m.filter)):
        if text is not None:
            reason = sql.unsafe_name_reason(text) if label == "column" else sql.unsafe_reason(text)
            if reason:
                diags.report(LK001, f"measure {m.name} left out: {label} {text!r} {reason}", where)
                return None
    try:
        if m.expr:
            value = sql.render_expr(m.expr, dialect, ref)
        elif m.column:
            value = ref(m.column, True)
        else:
            value = None
    except sql.ExprError as e:
        diags.report(LK001, f"measure {m.name} left out: expression {e}", where)
        return None
    if value is None and m.agg != "count":
        diags.report(LK001, f"measure {m.name} left out: {m.agg} needs a column or an expression", where)
        return None

    agg = m.agg
    filters: list[tuple[str, str]] | None = None
    condition: str | None = None
    if m.filter:
        filters = _filters(m.filter, dialect, sql_common.known_columns(entity), dims)
        if filters is None:
            try:
                condition = sql.render_expr(m.filter, dialect, ref)
            except sql.ExprError as e:
                diags.report(LK001, f"measure {m.name} left out: filter {e}", where)
                return None

    b = Block("measure", fname)
    if agg == "count" and condition is not None:
        # `type: count` takes no sql; a count under an arbitrary condition is a sum of 0/1.
        agg = "sum"
        b.comment = "A count under a condition LookML filters cannot express: summing 1 per matching row."
        value = f"CASE WHEN {condition} THEN 1 ELSE 0 END"
    elif condition is not None:
        value = f"CASE WHEN {condition} THEN {value} END"
    if m.joined_filter is not None:
        # The parent's field as every explore holding this view joins it (joined_alias).
        filters = [*(filters or []), (f"{joined}.{m.joined_filter.dimension}", m.joined_filter.value)]
    b.add("type", Bare(AGG_TYPES[agg]))
    if agg != "count":
        b.add("sql", Sql(value))
    if filters:
        b.add("filters", Filters(filters))
    if m.format == "currency":
        code = currency_code(currency).lower()
        # Looker names formats for dollars, euros and pounds only: other money by its symbol.
        b.add(*(("value_format_name", Bare(code)) if code in NAMED_CURRENCIES
                else ("value_format", Quoted(f'"{currency_symbol(currency)}"#,##0.00'))))
    elif m.format in FORMATS:
        b.add("value_format_name", Bare(FORMATS[m.format]))
    _common(b, m)
    return b, agg


def _filters(text: str, dialect: str, columns: dict[str, None], dims: dict[str, tuple[str, str]]) -> list[tuple[str, str]] | None:
    """`filters: [...]` pairs for a filter made only of simple comparisons on dimensions."""
    simple = sql.simple_filters(text, dialect)
    if not simple:
        return None
    out: list[tuple[str, str]] = []
    for f in simple:
        col = sql_common.resolve_column(f.column, f.quoted, columns)
        if col is None or col not in dims:
            return None
        dname, dtype = dims[col]
        # lkml reads `sql: "v"` (and the other expression keys) inside a list as a sql block.
        if dname in names.EXPR_KEYS or dname in {k for k, _ in out}:
            return None
        if f.kind != "null" and dtype != {"string": "string", "number": "number", "boolean": "yesno", "date": "date"}[f.kind]:
            return None
        out.append((dname, sql.filter_value(f)))
    return out


# --------------------------------------------------------------------------- metrics

RATIO_SQL = "1.0 * ${{{num}}} / NULLIF(${{{den}}}, 0)"


def _reference(member: str) -> str:
    return "${" + member + "}"


def _plan_metrics(metrics: list[Metric], views: dict[str, ViewPlan], dialect: str, diags: Diagnostics) -> list[Metric]:
    """Metrics become `type: number` measures in the view of the entity that owns them
    (Metric.entity, decided by resolve_metrics)."""
    expected: list[Metric] = []
    for metric in metrics:
        where = f"metric {metric.name}"
        vp = views.get(metric.entity or "")
        problem = None
        if vp is None:
            problem = "its owner has no view" if metric.entity else "it has no owner entity"
        elif metric.path:
            problem = "it reads measures of other views, and a view's measure cannot rely on a join every explore has"
        if problem:
            diags.report(LK001, f"metric {metric.name} left out: {problem}", where)
            continue
        try:
            text = sql_common.metric_sql(
                metric, vp.measure_names, f"view {vp.name}", _reference, RATIO_SQL, dialect, sql.unsafe_reason
            )
        except sql.ExprError as e:
            diags.report(LK001, f"metric {metric.name} left out: {e}", where)
            continue
        fname = _identifier(metric.name, vp.taken, "metric", f"{vp.entity.name}.{metric.name}", diags)
        vp.taken.add(fname)
        b = Block("measure", fname)
        b.add("type", Bare("number"))
        b.add("sql", Sql(text))
        if metric.format in FORMATS:
            b.add("value_format_name", Bare(FORMATS[metric.format]))
        if _text(metric.label):
            b.add("label", Quoted(_text(metric.label)))
        if _text(metric.description):
            b.add("description", Quoted(_text(metric.description)))
        vp.block.add("measure", b)
        expected.append(
            metric.model_copy(
                update={"name": fname, "entity": vp.name, "label": _keep_text(metric.label), "description": _keep_text(metric.description)}
            )
        )
    return expected


# --------------------------------------------------------------------------- explores


def _plan_explore(x: Explore, views: dict[str, ViewPlan], taken: set[str], diags: Diagnostics) -> tuple[Block, Explore] | None:
    where = f"explore {x.name}"
    root = views.get(x.root)
    if root is None:
        diags.report(LK001, f"explore {x.name} left out: its root {x.root} has no view", where)
        return None
    xname = _identifier(x.name, taken, "explore", where, diags)
    block = Block("explore", xname)
    if xname != root.name:
        block.add("view_name", Bare(root.name))
    if _text(x.label):
        block.add("label", Quoted(_text(x.label)))
    if _text(x.description):
        block.add("description", Quoted(_text(x.description)))
    # IR alias -> (LookML alias, view plan). The root answers to the explore's and root's names.
    aliases: dict[str, tuple[str, ViewPlan]] = {x.root: (root.name, root), x.name: (root.name, root)}
    used = {root.name}
    joins: list[Join] = []
    for j in x.joins:
        jwhere = f"{where} join {j.alias}"
        target = views.get(j.entity)
        source = aliases.get(j.from_alias)
        problem = None
        if target is None:
            problem = f"the joined entity {j.entity} has no view"
        elif source is None:
            problem = f"it hangs from {j.from_alias}, which is not in the explore"
        elif not j.from_columns or len(j.from_columns) != len(j.to_columns):
            problem = "its join columns do not pair up"
        else:
            # A key kept as text and read as a number (a label '12') is joined through its cast
            # field, as its values are compared everywhere else.
            missing = [c for c in j.from_columns if _column_field(source[1], c) is None] + [
                c for c in j.to_columns if _column_field(target, c) is None
            ]
            if missing:
                problem = f"join columns {missing} have no LookML field to reference"
        if problem:
            diags.report(LK001, f"join {j.alias} left out: {problem}", jwhere)
            continue
        alias = _identifier(j.alias, used, "join alias", jwhere, diags)
        used.add(alias)
        aliases[j.alias] = (alias, target)
        src_alias, src = source
        on = " AND ".join(
            "${" + f"{src_alias}.{_column_field(src, fc)}" + "} = ${" + f"{alias}.{_column_field(target, tc)}" + "}"
            for fc, tc in zip(j.from_columns, j.to_columns)
        )
        jb = Block("join", alias)
        if alias != target.name:
            jb.add("from", Bare(target.name))
        jb.add("type", Bare(j.type))
        jb.add("relationship", Bare(j.cardinality))
        jb.add("sql_on", Sql(on))
        block.add("join", jb)
        joins.append(j.model_copy(update={"alias": alias, "entity": target.name, "from_alias": src_alias}))
    expected = x.model_copy(
        update={
            "name": xname,
            "root": root.name,
            "label": _keep_text(x.label),
            "description": _keep_text(x.description),
            "joins": joins,
        }
    )
    return block, expected
