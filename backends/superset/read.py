"""A Superset bundle -> the part of the SemanticModel it expresses (for the round-trip check).

Physical datasets become entities (named by their table, as plan.dataset_names names them),
columns become dimensions (time dimensions when `is_dttm`), metrics become measures (their
`metric_type` is the aggregation) or model metrics (`simple`, `ratio`, `derived`). A virtual
dataset's SQL is parsed back into an explore. The zip, when present, must hold exactly the
folder's files, byte for byte.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any

import sqlglot
import yaml
from sqlglot import exp

from backends import row_filters
from backends.base import Files
from backends.superset import names
from backends.superset.bundle import DIALECT_MARK
from compiler.diagnostics import RT001, RT002, Diagnostics
from ir.catalog import TableRef
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, Explore, Join, Measure, Metric, SemanticModel, TimeDimension
from compiler.yamlio import load_written

AGGS = {"count", "count_distinct", "sum", "avg", "min", "max"}
JOIN_TYPES = {("LEFT", ""): "left_outer", ("", "INNER"): "inner", ("", ""): "inner", ("FULL", "OUTER"): "full_outer", ("FULL", ""): "full_outer"}
CARDINALITIES = {"many_to_one", "one_to_one", "one_to_many", "many_to_many"}
_READ = Provenance(origin="declared", by="superset")
_DIALECT = re.compile(r"^# " + re.escape(DIALECT_MARK) + r"(\S+)$", re.MULTILINE)


def _text(value: Any) -> Text | None:
    return Text(value=str(value), provenance=_READ) if value not in (None, "") else None


def read(files: Files, diags: Diagnostics) -> SemanticModel:
    dialect = ""
    docs: dict[str, dict] = {}
    for path in sorted(files):
        content = files[path]
        if path.endswith(".zip"):
            _check_zip(path, content, files, diags)
            continue
        try:
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            doc = load_written(text)
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            diags.report(RT002, f"YAML does not parse: {e}", f"superset:{path}")
            continue
        if path.startswith("databases/"):
            m = _DIALECT.search(text)
            dialect = m.group(1) if m else dialect
        if isinstance(doc, dict):
            docs[path] = doc
    datasets = [d for p, d in docs.items() if p.startswith("datasets/")]
    # A table's live rows (a virtual dataset leaving soft-deleted rows out, backends.row_filters) is
    # the table's dataset still.
    physical = [d for d in datasets if not d.get("sql") or row_filters.based_table(d["sql"], dialect)]
    counts: dict[str, int] = {}
    for d in physical:
        counts[d["table_name"].lower()] = counts.get(d["table_name"].lower(), 0) + 1
    by_table: dict[tuple[str | None, str], str] = {}
    entities: list[Entity] = []
    metrics: list[Metric] = []
    for d in physical:
        name = f"{d['schema']}.{d['table_name']}" if counts[d["table_name"].lower()] > 1 and d.get("schema") else d["table_name"]
        by_table[(d.get("schema"), d["table_name"])] = name
        entity, entity_metrics = _entity(d, name, dialect)
        based = row_filters.based_table(d["sql"], dialect) if d.get("sql") else None
        entity.row_filters = [f.model_copy(update={"provenance": _READ}) for f in based.filters] if based else []
        entities.append(entity)
        metrics.extend(entity_metrics)
    explores = []
    for d in datasets:
        if d.get("sql") and not row_filters.based_table(d["sql"], dialect):
            x = _explore(d, by_table, dialect)
            if x is None:
                diags.report(RT002, f"virtual dataset SQL does not parse: {d['table_name']}", f"superset:{d['table_name']}")
            else:
                explores.append(x)
    model_name = next((d["database_name"] for p, d in docs.items() if p.startswith("databases/")), "superset")
    return SemanticModel(name=model_name, dialect=dialect, entities=entities, explores=explores, metrics=metrics)


def _check_zip(path: str, archive: str | bytes, files: Files, diags: Diagnostics) -> None:
    # Text here means the caller read a binary file as text; if it decoded, encoding gives
    # back the very bytes, so the zip is still checked rather than refused.
    data = archive.encode("utf-8") if isinstance(archive, str) else archive
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
        bad = bundle.testzip()
        # Entries sit under one root folder, which is not part of the folder's paths.
        contents = {n.split("/", 1)[1]: bundle.read(n) for n in bundle.namelist()}
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, IndexError, ValueError, OSError) as e:
        diags.report(RT002, f"the zip does not read: {e}", f"superset:{path}")
        return
    if bad is not None:
        diags.report(RT002, f"the zip entry {bad} fails its CRC check", f"superset:{path}")
    folder = {p: c.encode("utf-8") if isinstance(c, str) else c for p, c in files.items() if not p.endswith(".zip")}
    for p in sorted(folder.keys() | contents.keys()):
        if folder.get(p) != contents.get(p):
            diags.report(RT001, f"{p} differs between the zip and the folder", f"superset:{path}")


def _entity(d: dict, name: str, dialect: str) -> tuple[Entity, list[Metric]]:
    dims: list[Dimension] = []
    times: list[TimeDimension] = []
    for c in d.get("columns") or []:
        expr = c.get("expression") or None
        common = dict(
            name=c["column_name"],
            column=None if expr else c["column_name"],
            expr=expr,
            hidden=not c.get("groupby", True) and not c.get("filterable", True),
            label=_text(c.get("verbose_name")),
            description=_text(c.get("description")),
        )
        data_type = names.read_type(c.get("type"), dialect)
        if c.get("is_dttm"):
            times.append(TimeDimension(data_type="date" if data_type == "date" else "timestamp", **common))
        else:
            dims.append(Dimension(data_type=data_type, **common))
    measures: list[Measure] = []
    metrics: list[Metric] = []
    for m in d.get("metrics") or []:
        kind = m.get("metric_type")
        common = dict(name=m["metric_name"], label=_text(m.get("verbose_name")), description=_text(m.get("description")))
        if kind in AGGS:
            measures.append(Measure(agg=kind, expr=m.get("expression"), **common))
        elif kind in names.METRIC_KINDS:
            metrics.append(Metric(type=kind, entity=name, expr=m.get("expression"), **common))
    entity = Entity(
        name=name,
        table=TableRef(name=d["table_name"], schema=d.get("schema")),
        description=_text(d.get("description")),
        dimensions=dims,
        time_dimensions=times,
        measures=measures,
    )
    return entity, metrics


def _explore(d: dict, by_table: dict[tuple[str | None, str], str], dialect: str) -> Explore | None:
    try:
        tree = sqlglot.parse_one(d["sql"], read=dialect or None)
    except Exception:  # sqlglot raises several error types
        return None
    # sqlglot names the FROM clause `from_` since version 28, `from` before.
    source = tree.args.get("from_") or tree.args.get("from")
    if not isinstance(tree, exp.Select) or source is None or not isinstance(row_filters.live_table(source.this), exp.Table):
        return None
    root = row_filters.live_table(source.this)
    root_alias = root.alias_or_name
    alias_entity = {root_alias: _entity_of(root, by_table)}
    joins: list[Join] = []
    for j in tree.args.get("joins") or []:
        table = row_filters.live_table(j.this)
        if not isinstance(table, exp.Table):
            return None
        alias = table.alias_or_name
        alias_entity[alias] = _entity_of(table, by_table)
        from_alias, from_cols, to_cols = "", [], []
        for eq in _equalities(j.args.get("on")):
            left, right = eq.this, eq.expression
            if left.table == alias and right.table != alias:
                left, right = right, left
            from_alias = left.table
            from_cols.append(left.name)
            to_cols.append(right.name)
        comments = [c.strip() for node in j.walk() for c in (node.comments or [])]
        cardinality = next((c for c in comments if c in CARDINALITIES), "many_to_one")
        kind = JOIN_TYPES.get(((j.side or "").upper(), (j.kind or "").upper()), "inner")
        joins.append(Join(alias=alias, entity=alias_entity[alias], from_alias=from_alias, from_columns=from_cols,
                          to_columns=to_cols, cardinality=cardinality, type=kind))
    return Explore(name=names.explore_name(d["table_name"]), root=alias_entity[root_alias], description=_text(d.get("description")), joins=joins)


def _entity_of(table: exp.Table, by_table: dict[tuple[str | None, str], str]) -> str:
    name = _table_name(table)
    return by_table.get((table.db or None, name), name)


def _table_name(table: exp.Table) -> str:
    """The table's name as written: T-SQL reads a leading # (## for a global one) as a temporary
    table's mark and takes it off the name, where the name here is `#sales` itself."""
    ident = table.this
    if isinstance(ident, exp.Identifier):
        if ident.args.get("global_"):
            return "##" + table.name
        if ident.args.get("temporary"):
            return "#" + table.name
    return table.name


def _equalities(on: exp.Expression | None) -> list[exp.EQ]:
    if on is None:
        return []
    parts = on.flatten() if isinstance(on, exp.And) else [on]
    return [p for p in parts if isinstance(p, exp.EQ) and isinstance(p.this, exp.Column) and isinstance(p.expression, exp.Column)]
