"""LookML files -> the part of the SemanticModel they express (for the round-trip check)."""

from __future__ import annotations

import re

from compiler.diagnostics import RT002, Diagnostics
from compiler.types import cast_column
from ir.catalog import TableRef
from ir.provenance import Provenance, Text
from ir import semantic
from ir.semantic import Entity, SemanticModel
from backends import row_filters, templating
from backends.lookml import names, parse, sql
from backends.lookml.plan import COMPOUND_PREFIX, RATIO_SQL

AGGS = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "average": "avg", "min": "min", "max": "max"}
TYPES = {"number": "decimal", "yesno": "boolean", "string": "string"}
CARDINALITIES = {"many_to_one", "one_to_one", "one_to_many", "many_to_many"}
JOIN_TYPES = {"left_outer", "inner", "full_outer"}

_DIALECT = re.compile(r"^# mb-dialect: (\S+)$", re.MULTILINE)
_REF = re.compile(r"\$\{(\w+)\}")
_QUALIFIED_REF = re.compile(r"\$\{(\w+)\.(\w+)\}")
_ON_PAIR = re.compile(r"\$\{(\w+)\.(\w+)\}\s*=\s*\$\{(\w+)\.(\w+)\}")
_RATIO = re.compile(re.escape(RATIO_SQL.format(num="@", den="@")).replace("@", r"(\w+)"))
_READ = Provenance(origin="declared", by="lookml")


class _Node:
    """Plain attributes, for the round trip: what the projections read, without validation."""

    def __init__(self, **attrs) -> None:
        self.__dict__ = attrs


class _LightText:
    __slots__ = ("value", "provenance")

    def __init__(self, value: str, provenance: Provenance) -> None:
        self.value = value
        self.provenance = provenance


class _LightTableRef:
    def __init__(self, name: str, schema: str | None = None) -> None:
        self.name = name
        self.schema_ = schema


class _Build:
    """The node classes a read builds: the IR's pydantic models, or plain attribute holders."""

    def __init__(self, light: bool) -> None:
        for cls in ("Dimension", "TimeDimension", "Measure", "Metric", "Entity", "Explore", "Join", "SemanticModel", "Location"):
            setattr(self, cls, _Node if light else getattr(semantic, cls))
        self.TableRef = _LightTableRef if light else TableRef
        self.Text = _LightText if light else Text


_MODELS = _Build(light=False)
_LIGHT = _Build(light=True)


def read(files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
    return _read(files, diags, dialect, _MODELS)


def read_comparable(files: dict[str, str], diags: Diagnostics, dialect: str | None = None):
    """What `read` returns, as plain objects with the same attributes (no pydantic validation):
    the round trip compares projections of it, and this is several times cheaper to build."""
    return _read(files, diags, dialect, _LIGHT)


def _read(files: dict[str, str], diags: Diagnostics, dialect: str | None, nodes: _Build):
    paths = sorted(files)
    model_name = None
    for path in paths:
        if path.endswith(".model.lkml"):
            model_name = path.rsplit("/", 1)[-1][: -len(".model.lkml")]
            if dialect is None:
                m = _DIALECT.search(files[path])
                dialect = m.group(1) if m else None
    # One file at a time: its views are read as soon as it is parsed, so the parsed documents
    # of the whole project are never held at once. Explores wait for every view.
    entities: list = []
    metrics: list = []
    raw_explores: list[dict] = []
    for path in paths:
        try:
            doc = parse.load(files[path])
        except parse.LookMLSyntaxError as e:
            diags.report(RT002, f"LookML does not parse: {e}", f"lookml:{path}")
            continue
        for v in doc.get("views", []):
            entity, view_metrics = _view(v, dialect, nodes)
            entities.append(entity)
            metrics.extend(view_metrics)
        raw_explores.extend(doc.get("explores", []))
        del doc
    by_name = {e.name: e for e in entities}
    explores = [_explore(x, by_name, dialect, nodes) for x in raw_explores]
    return nodes.SemanticModel(
        name=model_name or "lookml",
        dialect=dialect or "",
        entities=entities,
        relationships=[],
        explores=explores,
        metrics=metrics,
    )


def _text(raw, nodes: _Build = _MODELS) -> Text | None:
    if raw is None:
        return None
    return nodes.Text(value=names.unquote_string(raw), provenance=_READ)


def _field_text(raw, nodes: _Build = _MODELS) -> Text | None:
    """A field's label or description, which the writer made a Liquid literal."""
    if raw is None:
        return None
    return nodes.Text(value=templating.plain(names.unquote_string(raw)), provenance=_READ)


def _yes(raw) -> bool:
    return raw == "yes"


def _column_or_expr(text: str | None, dialect: str | None) -> tuple[str | None, str | None]:
    if text is None:
        return None, None
    if text.startswith("${TABLE}."):
        parts = sql.split_quoted(text[len("${TABLE}.") :], dialect)
        if parts is not None and len(parts) == 1:
            return parts[0], None
    return None, text.replace("${TABLE}.", "")


def _view(v: dict, dialect: str | None, nodes: _Build = _MODELS) -> tuple[Entity, list]:
    name = v["name"]
    # A derived table of a table's live rows (backends.row_filters) is that table and its filters;
    # any other derived table stays a view of its own name.
    based = None if v.get("sql_table_name") else row_filters.based_table((v.get("derived_table") or {}).get("sql") or "", dialect)
    raw_table = v.get("sql_table_name") or (based.table if based else name)
    parts = sql.split_quoted(raw_table, dialect) or [raw_table]
    table = nodes.TableRef(name=parts[-1], schema=parts[-2] if len(parts) > 1 else None)
    dims: list = []
    compound_members: list[str] = []
    locations: list = []
    for d in v.get("dimensions", []):
        text = d.get("sql")
        if d.get("type") == "location":
            lat, lon = _REF.fullmatch(d.get("sql_latitude") or ""), _REF.fullmatch(d.get("sql_longitude") or "")
            if lat and lon:
                locations.append(nodes.Location(name=d["name"], latitude=lat.group(1), longitude=lon.group(1),
                                                label=_field_text(d.get("label"), nodes)))
                continue
        if d["name"].startswith(COMPOUND_PREFIX) and _yes(d.get("primary_key")) and _yes(d.get("hidden")):
            refs = _REF.findall(text or "")
            if refs and d["name"].startswith(f"{COMPOUND_PREFIX}{len(refs)}_"):
                compound_members += refs
                continue
        column, expr = _column_or_expr(text, dialect)
        dims.append(
            nodes.Dimension(
                name=d["name"],
                column=column,
                expr=expr,
                data_type=TYPES.get(d.get("type", "string"), "unknown"),
                primary_key=_yes(d.get("primary_key")),
                hidden=_yes(d.get("hidden")),
                label=_field_text(d.get("label"), nodes),
                description=_field_text(d.get("description"), nodes),
            )
        )
    for d in dims:
        if d.name in compound_members:
            d.primary_key = True
    times: list = []
    for g in v.get("dimension_groups", []):
        column, expr = _column_or_expr(g.get("sql"), dialect)
        times.append(
            nodes.TimeDimension(
                name=g["name"],
                column=column,
                expr=expr,
                data_type="date" if g.get("datatype") == "date" else "timestamp",
                hidden=_yes(g.get("hidden")),
                label=_field_text(g.get("label"), nodes),
                description=_field_text(g.get("description"), nodes),
            )
        )
    # A dimension casting its column (a number kept as text) stands for that column in a measure.
    dim_columns = {d.name: d.column or cast_column(d.expr, dialect) for d in dims if d.column or cast_column(d.expr, dialect)}
    measures: list = []
    metrics: list = []
    for m in v.get("measures", []):
        mtype = m.get("type", "count")
        text = m.get("sql")
        if mtype == "number":
            metrics.append(_metric(m, name, text or "", nodes))
            continue
        if mtype not in AGGS:
            continue  # not a measure the IR knows; the round trip reports it missing
        column, expr = None, None
        ref = _REF.fullmatch(text or "")
        if ref and ref.group(1) in dim_columns:
            column = dim_columns[ref.group(1)]
        else:
            column, expr = _column_or_expr(text, dialect)
        filters = [f for group in m.get("filters__all", []) for f in group]
        filter_sql = " AND ".join(f"{k} = {_sql_string(val)}" for f in filters for k, val in f.items()) or None
        measures.append(
            nodes.Measure(
                name=m["name"],
                agg=AGGS[mtype],
                column=column,
                expr=expr,
                filter=filter_sql,
                hidden=_yes(m.get("hidden")),
                label=_field_text(m.get("label"), nodes),
                description=_field_text(m.get("description"), nodes),
            )
        )
    entity = nodes.Entity(
        name=name,
        table=table,
        label=_text(v.get("label"), nodes),
        description=_text(v.get("description"), nodes),
        primary_key=_key_columns(dims, times, compound_members),
        dimensions=dims,
        time_dimensions=times,
        measures=measures,
        locations=locations,
        row_filters=_read_filters(based),
    )
    return entity, metrics


def _read_filters(based) -> list:
    return [f.model_copy(update={"provenance": _READ}) for f in based.filters] if based else []


def _sql_string(value: str) -> str:
    return "'" + names.unquote_string(value).replace("'", "''") + "'"


def _metric(m: dict, view: str, text: str, nodes: _Build = _MODELS):
    common = dict(name=m["name"], entity=view, label=_field_text(m.get("label"), nodes), description=_field_text(m.get("description"), nodes))
    ratio = _RATIO.match(text)
    if ratio:
        return nodes.Metric(type="ratio", numerator=ratio.group(1), denominator=ratio.group(2), **common)
    single = _REF.fullmatch(text)
    if single:
        return nodes.Metric(type="simple", measure=single.group(1), **common)
    return nodes.Metric(type="derived", expr=_REF.sub(r"\1", text), **common)


def _explore(x: dict, entities: dict[str, Entity], dialect: str | None, nodes: _Build = _MODELS):
    root = x.get("view_name") or x.get("from") or x["name"]
    root_alias = x["name"] if x.get("from") else root
    alias_entity: dict[str, str] = {root_alias: root}
    joins: list = []
    for j in x.get("joins", []):
        alias = j["name"]
        entity = j.get("from") or alias
        alias_entity[alias] = entity
        from_alias, from_cols, to_cols = "", [], []
        for a1, f1, a2, f2 in _ON_PAIR.findall(j.get("sql_on", "")):
            if a1 == alias and a2 != alias:
                a1, f1, a2, f2 = a2, f2, a1, f1
            from_alias = a1
            from_cols.append(_field_column(entities.get(alias_entity.get(a1, a1)), f1, dialect))
            to_cols.append(_field_column(entities.get(entity), f2, dialect))
        joins.append(
            nodes.Join(
                alias=alias,
                entity=entity,
                from_alias=from_alias,
                from_columns=from_cols,
                to_columns=to_cols,
                cardinality=j.get("relationship") if j.get("relationship") in CARDINALITIES else "many_to_one",
                type=j.get("type") if j.get("type") in JOIN_TYPES else "left_outer",
            )
        )
    return nodes.Explore(
        name=x["name"],
        root=root,
        label=_text(x.get("label"), nodes),
        description=_text(x.get("description"), nodes),
        joins=joins,
    )


def _field_column(entity: Entity | None, field_name: str, dialect: str | None = None) -> str:
    """The column behind a referenced field (also one that only casts it: a key kept as text and
    read as a number); the field name itself when it cannot be resolved."""
    if entity is None:
        return field_name
    for d in entity.dimensions:
        if d.name == field_name:
            return d.column or cast_column(d.expr, dialect) or field_name
    for t in entity.time_dimensions:
        if field_name.startswith(t.name + "_") and field_name[len(t.name) + 1 :] in names.TIMESTAMP_TIMEFRAMES:
            return t.column or field_name
    return field_name


def _key_columns(dims: list, times: list, compound: list[str]) -> list[str]:
    """The primary key's columns: the one dimension marked as the key, or the fields a hidden
    compound key concatenates, a dimension group's by its raw timeframe (`${start_date_raw}`)."""
    if not compound:
        return [d.column for d in dims if d.primary_key and d.column]
    columns = {d.name: d.column for d in dims} | {f"{t.name}_raw": t.column for t in times}
    return [c for c in (columns.get(ref) for ref in compound) if c]
