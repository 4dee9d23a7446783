"""From the SemanticModel to Superset datasets, deciding every name once.

One physical dataset per entity (its table), one virtual dataset per explore (virtual.py). The
plan also yields `expected`: the model as the bundle expresses it (Superset names: a dataset is
its table, a field its column; what Superset has no place for left out), which the round trip
compares with what read.py finds in the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backends.currency import code as currency_code, is_dollars
from backends.sql_common import cast_columns, known_columns, through_casts
from backends.superset.sql import ExprError, quote as sql_quote
from compiler.types import sqlglot_dialect
from sqlglot import exp
from backends import row_filters
from backends.superset import exprs, names
from compiler.diagnostics import Diagnostics
from backends.superset.codes import SS001, SS002
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Measure, Metric, SemanticModel, TimeDimension

D3FORMATS = {"integer": ",d", "decimal": ",.2f", "currency": "$,.2f", "percent": ".2%"}


def text(t: Text | None) -> str | None:
    return t.value if t is not None and t.value != "" else None


def keep(t: Text | None) -> Text | None:
    return t if text(t) is not None else None


@dataclass
class Physical:
    entity: Entity
    name: str  # the dataset's name as the round trip sees it: its table, schema-qualified if shared
    file: str
    uuid: str
    known: dict[str, None]  # the entity's raw columns, in order
    columns: list[dict[str, Any]] = field(default_factory=list)
    field_columns: dict[str, str] = field(default_factory=dict)  # IR field -> Superset column_name
    metrics: list[dict[str, Any]] = field(default_factory=list)
    measure_sql: dict[str, str] = field(default_factory=dict)  # IR measure -> aggregate SQL
    main_dttm_col: str | None = None
    expected: Entity | None = None
    lost: list[str] = field(default_factory=list)  # what Superset has no place for
    joined: list[Measure] = field(default_factory=list)  # measures filtered on a parent's column: on explores only
    joined_ref: Any = None  # the ref the dataset's metrics read its columns through
    dialect: str = ""

    def dataset_body(self, database_name: str, database_uuid: str) -> dict[str, Any]:
        t = self.entity.table
        return {
            "table_name": t.name,
            "main_dttm_col": self.main_dttm_col,
            "description": text(self.entity.description),
            "offset": 0,
            "cache_timeout": None,
            "schema": t.schema_,
            # Soft-deleted rows left out at the base (row_filters): the dataset is virtual then.
            "sql": row_filters.based_sql(self.entity, self.dialect),
            "filter_select_enabled": True,
            "uuid": self.uuid,
            "metrics": self.metrics,
            "columns": self.columns,
            "version": names.EXPORT_VERSION,
            "database_uuid": database_uuid,
        }


def dataset_names(entities: list[Entity]) -> dict[str, str]:
    """Entity -> dataset name: the table name, schema-qualified where two schemas share it."""
    counts: dict[str, int] = {}
    for e in entities:
        counts[e.table.name.lower()] = counts.get(e.table.name.lower(), 0) + 1
    out: dict[str, str] = {}
    for e in entities:
        t = e.table
        out[e.name] = f"{t.schema_}.{t.name}" if counts[t.name.lower()] > 1 and t.schema_ else t.name
    return out


def plan_entity(entity: Entity, name: str, file: str, database_name: str, dialect: str, diags: Diagnostics,
                currency: str | None = None) -> Physical:
    t = entity.table
    p = Physical(entity, name, file, names.dataset_uuid(database_name, t.schema_, t.name), known_columns(entity),
                 dialect=dialect)
    ref = exprs.column_ref(p.known, dialect)
    # Real columns keep their names; an expression column takes a free one.
    plain = {f.column for f in (*entity.dimensions, *entity.time_dimensions) if f.column and not f.expr}
    taken: set[str] = set(plain)
    placed: set[str] = set()
    exp_fields: list[tuple[Dimension | TimeDimension, dict]] = []
    for f in [*entity.dimensions, *entity.time_dimensions]:
        where = f"{entity.name}.{f.name}"
        is_time = isinstance(f, TimeDimension)
        expression: str | None = None
        if f.column and not f.expr and f.column not in placed:
            column_name = f.column
            placed.add(f.column)
        else:
            # A derived field, or a second field on a column already placed: a calculated column.
            try:
                expression = exprs.field_sql(f.column, f.expr, dialect, ref)
            except ExprError as e:
                diags.report(SS001, f"{'time dimension' if is_time else 'dimension'} {f.name} left out: {e}", where)
                continue
            column_name = names.unique(f.name, taken)
            if column_name != f.name:
                diags.report(SS002, f"field {f.name!r} is column {column_name!r} in Superset", where)
        taken.add(column_name)
        p.field_columns[f.name] = column_name
        # The source's own spelling (VARCHAR(120), NUMERIC(12,2)) is what Superset itself would
        # record on syncing the dataset; the normalized type's spelling only stands in for it.
        # A field computed by an expression (a year read as its first day) has the field's type.
        native = (None if expression else f.native_type) or names.native_type(f.data_type, dialect)
        p.columns.append(
            {
                "column_name": column_name,
                "verbose_name": text(f.label),
                "is_dttm": is_time,
                "is_active": True,
                "type": native,
                "groupby": not f.hidden,
                "filterable": not f.hidden,
                "expression": expression,
                "description": text(f.description),
                "python_date_format": None,
            }
        )
        axis = entity.time_axis
        if is_time and axis is not None and not axis.path and axis.dimension == f.name:
            p.main_dttm_col = column_name  # the business time axis, decided by choose_time_axes
        read_back = names.read_type(native, dialect)
        update: dict[str, Any] = {"name": column_name, "label": keep(f.label), "description": keep(f.description)}
        if is_time:
            update["data_type"] = "date" if read_back == "date" else "timestamp"
        else:
            update.update(data_type=read_back, primary_key=False)
        if expression is not None:
            update["expr"] = expression
        exp_fields.append((f, update))
        if getattr(f, "primary_key", False):
            p.lost.append(f"primary key {entity.name}.{f.name}")
    if text(entity.label):
        p.lost.append(f"label of {entity.name}")

    metric_taken: set[str] = set()
    exp_measures = []
    measure_ref = through_casts(ref, cast_columns(entity, dialect), p.known, dialect)
    # A metric reads its dataset's own rows: the parent's column a measure is filtered on
    # (Measure.joined_filter: a line's money per its order's currency) is not among them, and
    # summed unfiltered it would add the currencies its label names one of. It is a metric of the
    # explore's virtual dataset, which selects that column (bundle.py).
    p.joined = [m for m in entity.measures if m.joined_filter is not None]
    p.joined_ref = measure_ref
    for m in entity.measures:
        where = f"{entity.name}.{m.name}"
        if m.joined_filter is not None:
            continue
        if m.non_additive_dimension:
            diags.report(SS001, f"measure {m.name} left out: a Superset metric cannot keep a balance from being summed over "
                         f"{m.non_additive_dimension}", where)
            continue
        try:
            sql = exprs.measure_sql(m, dialect, measure_ref)
        except ExprError as e:
            diags.report(SS001, f"measure {m.name} left out: {e}", where)
            continue
        metric_name = names.unique(m.name, metric_taken)
        if metric_name != m.name:
            diags.report(SS002, f"measure {m.name!r} is metric {metric_name!r} in Superset", where)
        metric_taken.add(metric_name)
        p.measure_sql[m.name] = sql
        body = _metric_body(metric_name, m.label, m.agg, sql, m.description, D3FORMATS.get(m.format or ""))
        if m.format == "currency" and not is_dollars(currency):
            # Superset's own currency setting shows the code's symbol; the d3 format's `$` is dollars.
            body["d3format"], body["currency"] = D3FORMATS["decimal"], {"symbol": currency_code(currency), "symbolPosition": "prefix"}
        p.metrics.append(body)
        if m.hidden:
            p.lost.append(f"hidden flag of measure {entity.name}.{m.name}")
        exp_measures.append(m.model_copy(update={"name": metric_name, "hidden": False, "label": keep(m.label), "description": keep(m.description)}))
    dims = [f.model_copy(update=u) for f, u in exp_fields if isinstance(f, Dimension)]
    times = [f.model_copy(update=u) for f, u in exp_fields if isinstance(f, TimeDimension)]
    p.expected = entity.model_copy(
        update={
            "name": name,
            "label": None,
            "description": keep(entity.description),
            "dimensions": dims,
            "time_dimensions": times,
            "measures": exp_measures,
        }
    )
    return p


def _metric_body(name: str, label: Text | None, kind: str, sql: str, description: Text | None, d3format: str | None) -> dict[str, Any]:
    return {
        "metric_name": name,
        "verbose_name": text(label),
        "metric_type": kind,
        "expression": sql,
        "description": text(description),
        "d3format": d3format,
    }


def plan_metrics(model: SemanticModel, plans: dict[str, Physical], diags: Diagnostics) -> list[Metric]:
    """Model metrics join the metrics of the dataset of the entity that owns them (Metric.entity)."""
    expected: list[Metric] = []
    for metric in model.metrics:
        where = f"metric {metric.name}"
        p = plans.get(metric.entity or "")
        problem = None
        if p is None:
            problem = "its owner has no dataset" if metric.entity else "it has no owner entity"
        elif metric.path:
            problem = "it reads measures of other datasets"
        if problem:
            diags.report(SS001, f"metric {metric.name} left out: {problem}", where)
            continue
        try:
            sql = exprs.metric_sql(metric, p.measure_sql, p.entity.name, model.dialect)
        except ExprError as e:
            diags.report(SS001, f"metric {metric.name} left out: {e}", where)
            continue
        taken = {m["metric_name"] for m in p.metrics}
        metric_name = names.unique(metric.name, taken)
        if metric_name != metric.name:
            diags.report(SS002, f"metric {metric.name!r} is metric {metric_name!r} in Superset", where)
        p.metrics.append(_metric_body(metric_name, metric.label, metric.type, sql, metric.description,
                                      D3FORMATS.get(metric.format or "")))
        expected.append(
            metric.model_copy(
                update={"name": metric_name, "entity": p.name, "label": keep(metric.label), "description": keep(metric.description)}
            )
        )
    return expected


def joined_metrics(root: Physical, parent_columns: dict, dialect: str, placed: set[tuple[str, str]]) -> list[dict]:
    """The root's measures filtered on a parent's column (Measure.joined_filter: a line's money
    per its order's currency) as metrics of the explore's virtual dataset, which selects that
    column beside the root's own (`"order__currency" = 'CAD'`); a physical dataset has no such
    column, so they are metrics there only. `parent_columns` is the virtual dataset's column for
    each parent dimension it selects (virtual.Virtual.parent_columns)."""
    out = []
    taken = {m["metric_name"] for m in root.metrics}
    for m in root.joined:
        jf = m.joined_filter
        step = jf.path[0]  # type: ignore[union-attr]
        column = parent_columns.get((jf.entity, tuple(step.from_columns), tuple(step.to_columns), jf.dimension))  # type: ignore[union-attr]
        if column is None:
            continue
        on = exp.EQ(this=exp.column(column, quoted=True), expression=exp.Literal.string(jf.value)).sql(sqlglot_dialect(dialect))  # type: ignore[union-attr]

        def ref(name: str, quoted: bool, column=column) -> str:
            return sql_quote(column, dialect) if name == column else root.joined_ref(name, quoted)

        try:
            body = exprs.measure_sql(m.model_copy(update={"joined_filter": None, "filter": f"({m.filter}) AND {on}" if m.filter else on}),
                                     dialect, ref)
        except ExprError:
            continue
        name = names.unique(m.name, taken)
        taken.add(name)
        placed.add((root.entity.name, m.name))
        out.append(_metric_body(name, m.label, m.agg, body, m.description, D3FORMATS.get(m.format or "")))
    return out
