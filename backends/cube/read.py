"""Cube YAML files -> the part of the SemanticModel they express (for the round-trip check)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from compiler.diagnostics import RT002, Diagnostics
from ir.catalog import TableRef
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, Explore, Join, Measure, Metric, SemanticModel, TimeDimension
from backends import row_filters
from backends.cube import sql, writer
from backends.cube.cubes import COMPOUND_KEY, GEO, ROW_KEY
from backends.cube.joins import ROLE_OF
from backends.cube.plan import RATIO_SQL
from compiler.yamlio import load_written

TYPES = {"number": "decimal", "boolean": "boolean", "string": "string"}
AGGS = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "avg": "avg", "min": "min", "max": "max"}
CARDINALITIES = {"many_to_one", "one_to_one", "one_to_many"}
_DIALECT = re.compile(r"^# mb-dialect: (\S+)$", re.MULTILINE)
_PAIR = re.compile(r"\{CUBE\}\.(.+?) = \{(\w+)\}\.(.+)\Z", re.DOTALL)
_REF = re.compile(r"\{(\w+)\}")
_RATIO = re.compile(re.escape(RATIO_SQL.format(num="@", den="@")).replace("@", r"(\w+)"))
_READ = Provenance(origin="declared", by="cube")


def read(files: dict[str, str], diags: Diagnostics) -> SemanticModel:
    cubes: list[dict[str, Any]] = []
    views: list[dict[str, Any]] = []
    dialect = None
    for path in sorted(files):
        if not path.endswith((".yml", ".yaml")):
            continue
        m = _DIALECT.search(files[path])
        dialect = dialect or (m.group(1) if m else None)
        try:
            doc = load_written(files[path]) or {}
        except yaml.YAMLError as e:
            diags.report(RT002, f"Cube YAML does not parse: {e}", f"cube:{path}")
            continue
        cubes.extend(doc.get("cubes") or [])
        views.extend(doc.get("views") or [])
    role_of = {c["name"]: c["meta"][ROLE_OF] for c in cubes if isinstance(c.get("meta"), dict) and ROLE_OF in c["meta"]}
    by_name = {c["name"]: c for c in cubes}
    entities: list[Entity] = []
    metrics: list[Metric] = []
    for c in cubes:
        if c["name"] not in role_of:
            entity, cube_metrics = _cube(c, dialect)
            entities.append(entity)
            metrics.extend(cube_metrics)
    explores = [_view(v, by_name, role_of, dialect) for v in views]
    return SemanticModel(name="cube", dialect=dialect or "", entities=entities, explores=explores, metrics=metrics)


def _text(raw: Any) -> Text | None:
    """A title or description, as Cube evaluates the string the writer escaped."""
    return Text(value=writer.plain(str(raw)), provenance=_READ) if raw is not None else None


def _column_or_expr(text: str | None, dialect: str | None) -> tuple[str | None, str | None]:
    if text is None:
        return None, None
    ref = sql.column_of(text, dialect)
    if ref is not None and ref[0] == "CUBE":
        return ref[1], None
    return None, text.replace("{CUBE}.", "")


def _common(d: dict[str, Any]) -> dict[str, Any]:
    return {"hidden": d.get("public") is False, "label": _text(d.get("title")), "description": _text(d.get("description"))}


def _cube(c: dict[str, Any], dialect: str | None) -> tuple[Entity, list[Metric]]:
    # A cube's `sql` of a table's live rows (backends.row_filters) is that table and its filters.
    based = None if c.get("sql_table") else row_filters.based_table(c.get("sql") or "", dialect)
    raw_table = c.get("sql_table") or (based.table if based else c["name"])
    parts = sql.split_quoted(raw_table, dialect) or [raw_table]
    dims: list[Dimension] = []
    times: list[TimeDimension] = []
    compound: list[str] = []
    for d in c.get("dimensions") or []:
        meta = d.get("meta") if isinstance(d.get("meta"), dict) else {}
        if COMPOUND_KEY in meta and isinstance(meta[COMPOUND_KEY], list):
            compound += [str(m) for m in meta[COMPOUND_KEY]]
            continue
        if GEO in meta or ROW_KEY in meta or d.get("type") == "geo":
            continue
        column, expr = _column_or_expr(d.get("sql"), dialect)
        if d.get("type") == "time":
            times.append(TimeDimension(name=d["name"], column=column, expr=expr, data_type="timestamp", **_common(d)))
        else:
            dims.append(Dimension(name=d["name"], column=column, expr=expr, data_type=TYPES.get(d.get("type"), "unknown"),
                                  primary_key=bool(d.get("primary_key")), **_common(d)))
    for d in dims:
        if d.name in compound:
            d.primary_key = True
    measures: list[Measure] = []
    metrics: list[Metric] = []
    for m in c.get("measures") or []:
        meta = m.get("meta") if isinstance(m.get("meta"), dict) else {}
        if m.get("type") == "number":
            metrics.append(_metric(m, c["name"], meta.get("mb_metric")))
            continue
        if m.get("type") not in AGGS:
            continue  # not a measure the IR knows; the round trip reports it missing
        column, expr = _column_or_expr(m.get("sql"), dialect)
        filters = [f["sql"].replace("{CUBE}.", "") for f in m.get("filters") or [] if isinstance(f, dict) and "sql" in f]
        measures.append(Measure(name=m["name"], agg=AGGS[m["type"]], column=column, expr=expr,
                                filter=" AND ".join(filters) or None, **_common(m)))
    entity = Entity(
        name=c["name"],
        table=TableRef(name=parts[-1], schema=parts[-2] if len(parts) > 1 else None),
        primary_key=_key_columns(dims, times, compound),
        dimensions=dims,
        time_dimensions=times,
        measures=measures,
        row_filters=[f.model_copy(update={"provenance": _READ}) for f in based.filters] if based else [],
        **_common(c),
    )
    return entity, metrics


def _metric(m: dict[str, Any], cube: str, kind: str | None) -> Metric:
    common = dict(name=m["name"], entity=cube, label=_text(m.get("title")), description=_text(m.get("description")))
    text = m.get("sql") or ""
    ratio = _RATIO.fullmatch(text)
    if kind == "ratio" and ratio:
        return Metric(type="ratio", numerator=ratio.group(1), denominator=ratio.group(2), **common)
    single = re.fullmatch(r"\{(\w+)\}", text)
    if kind == "simple" and single:
        return Metric(type="simple", measure=single.group(1), **common)
    return Metric(type="derived", expr=_REF.sub(r"\1", text), **common)


def _join_columns(source: dict[str, Any] | None, target: str, dialect: str | None) -> tuple[list[str], list[str], str]:
    for j in (source or {}).get("joins") or []:
        if j.get("name") != target:
            continue
        left, right = [], []
        for part in str(j.get("sql", "")).split(" AND "):
            m = _PAIR.match(part.strip())
            lq = sql.split_quoted(m.group(1), dialect) if m else None
            rq = sql.split_quoted(m.group(3), dialect) if m else None
            if lq and rq:
                left.append(lq[-1])
                right.append(rq[-1])
        rel = j.get("relationship")
        return left, right, rel if rel in CARDINALITIES else "many_to_one"
    return [], [], "many_to_one"


def _view(v: dict[str, Any], cubes: dict[str, dict[str, Any]], role_of: dict[str, str], dialect: str | None) -> Explore:
    items = v.get("cubes") or []
    root = str(items[0]["join_path"]).split(".")[-1] if items else v["name"]
    joins: list[Join] = []
    for item in items[1:]:
        path = str(item["join_path"]).split(".")
        if len(path) < 2:
            continue
        source, target = path[-2], path[-1]
        left, right, rel = _join_columns(cubes.get(source), target, dialect)
        joins.append(Join(alias=target, entity=role_of.get(target, target), from_alias=source, from_columns=left,
                          to_columns=right, cardinality=rel, type="left_outer"))
    return Explore(name=v["name"], root=root, label=_text(v.get("title")), description=_text(v.get("description")), joins=joins)


def _key_columns(dims: list[Dimension], times: list[TimeDimension], compound: list[str]) -> list[str]:
    """The primary key's columns, in the order a compound key lists its members (a time among them)."""
    if not compound:
        return [d.column for d in dims if d.primary_key and d.column]
    columns = {f.name: f.column for f in [*times, *dims]}
    return [c for c in (columns.get(m) for m in compound) if c]
