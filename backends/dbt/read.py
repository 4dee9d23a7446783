"""dbt files -> SemanticModel, for the round-trip check.

Entities come from sources.yml (table, raw columns, key and relationship tests), the staging
models (staged names, SQL mapping staged to raw columns, data types, descriptions) and the
semantic files (labels, which columns are visible, measures, metrics). A semantic model built on
a fact model (marts/fct_*.sql) belongs to the staging model that fact model selects from; the
time column the fact model joins in is no column of the entity and is not read. Only the files' own
content is read: nothing is taken from the model they were generated from.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple, get_args

import sqlglot
import yaml
from sqlglot import exp

from compiler.diagnostics import RT002, Diagnostics
from compiler.yamlio import load_written
from ir.catalog import DataType, TableRef
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, Measure, Metric, Relationship, RelationshipEnd, RowFilter, SemanticModel, TimeDimension
from backends import row_filters, templating
from backends.dbt.expected import cardinality
from backends.dbt.plan import AGG
from backends.dbt.sql import type_category_of
from backends.sql_common import columns_of, sqlglot_dialect
from compiler.types import TIME_TYPES, flag_column, unblanked

TIME = TIME_TYPES
DATA_TYPES = set(get_args(DataType))
IR_AGG = {v: k for k, v in AGG.items()}
_SOURCE = re.compile(r"\{\{\s*source\('([^']*)',\s*'([^']*)'\)\s*\}\}")
_REF = re.compile(r"ref\('([^']*)'\)")
_FROM_REF = re.compile(r"\bfrom\s+\{\{\s*ref\('([^']*)'\)\s*\}\}", re.I)
_DIALECT = re.compile(r"^# mb-dialect: (\S+)", re.M)
_READ = Provenance(origin="declared", by="dbt")


def _load(path: str, text: str, diags: Diagnostics) -> dict:
    try:  # ryaml, parsed once for this and the structural check (compiler/yamlio.py)
        data = load_written(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        diags.report(RT002, f"invalid YAML: {getattr(e, 'problem', None) or e}" + (f" (line {mark.line + 1})" if mark else ""), path)
        return {}
    return _rendered(data) if isinstance(data, dict) else {}


def _rendered(node: Any) -> Any:
    """The strings as dbt's Jinja renders them (the writer made them literal templates)."""
    if isinstance(node, str):
        return templating.plain(node)
    if isinstance(node, dict):
        return {_rendered(k): _rendered(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_rendered(v) for v in node]
    return node


def _text(v: Any) -> Text | None:
    return Text.declared(str(v)) if v is not None else None


def _tests(items: list | None) -> list[tuple[str, dict]]:
    out = []
    for t in items or []:
        if isinstance(t, str):
            out.append((t, {}))
        elif isinstance(t, dict):
            name, body = next(iter(t.items()))
            out.append((name, dict((body or {}).get("arguments") or {})))
    return out


class Staged(NamedTuple):
    """What a staging model says of its table: (source, table), staged name -> raw column, staged
    name -> the expression of a column computed from its row (more than a column or its cast:
    what a documented code stands for), and mb's row filters its `where` keeps the live rows by."""

    source: tuple[str, str] | None
    mapping: dict[str, str]
    computed: dict[str, str]
    row_filters: list[RowFilter]


def _staged_sql(text: str, dialect: str) -> Staged:
    m = _SOURCE.search(text)
    body = _SOURCE.sub("__mb_source__", text)
    try:
        tree = sqlglot.parse_one(body, read=sqlglot_dialect(dialect))
    except Exception:
        return Staged(None, {}, {}, [])
    out, computed = {}, {}
    for proj in tree.expressions if isinstance(tree, exp.Select) else []:
        col = proj.find(exp.Column)
        if col is not None:
            out[proj.alias_or_name] = col.name
        inner = proj.unalias()
        # A column read through its cast (a number, money or a true/false kept as text) is that column.
        if not isinstance(unblanked(inner.this) if isinstance(inner, exp.Cast) else inner, exp.Column) and flag_column(inner) is None:
            computed[proj.alias_or_name] = inner.sql(dialect=sqlglot_dialect(dialect))
    # Soft-deleted rows left out (backends.row_filters): only the condition mb writes is read; a
    # person's own `where` is no soft-delete filter.
    filters = [f.model_copy(update={"provenance": _READ}) for f in row_filters.where_filters(tree, dialect)]
    return Staged((m.group(1), m.group(2)) if m else None, out, computed, filters)


def read(files: dict[str, str], diags: Diagnostics) -> SemanticModel:
    dialect = ""
    yml = {}
    for path, text in sorted(files.items()):
        if path.endswith(".yml"):
            yml[path] = _load(path, text, diags)
            if path.endswith("/sources.yml") and (m := _DIALECT.search(text)):
                dialect = m.group(1)
    tables: dict[str, dict] = {}  # entity -> source table entry
    schemas: dict[str, str] = {}
    sources: dict[tuple[str, str], str] = {}
    for data in yml.values():
        for src in data.get("sources") or []:
            for t in src.get("tables") or []:
                tables[t["name"]] = t
                schemas[t["name"]] = src.get("schema")
                sources[(src["name"], t["name"])] = t["name"]
    # Fact model -> the staging model it selects from (its FROM clause).
    marts = {path.rsplit("/", 1)[1][:-4]: m.group(1) for path, text in files.items()
             if "/marts/" in path and path.endswith(".sql") and (m := _FROM_REF.search(text))}
    staging: dict[str, dict] = {}
    semantic: dict[str, tuple[dict, str]] = {}
    metrics: list[tuple[dict, str | None]] = []
    for path, data in yml.items():
        for mdl in data.get("models") or []:
            staging[mdl["name"]] = mdl
        sms = data.get("semantic_models") or []
        owners = []
        for sm in sms:
            ref = _REF.search(sm.get("model", ""))
            if ref:
                stg = marts.get(ref.group(1), ref.group(1))
                # The first semantic model on a table is the table's; a later one is the table
                # again in a role (a self reference), which adds nothing to the model.
                if stg not in semantic:
                    semantic[stg] = (sm, path)
                owners.append(stg)
        owner = owners[0] if owners and len(set(owners)) == 1 else None
        metrics += [(mt, owner) for mt in data.get("metrics") or []]
    model = SemanticModel(name="", dialect=dialect)
    stg_entity: dict[str, str] = {}
    measure_owner: dict[str, str] = {}
    for path, text in sorted(files.items()):
        if not path.endswith(".sql") or "/staging/" not in path:
            continue
        stg = path.rsplit("/", 1)[1][:-4]
        staged_sql = _staged_sql(text, dialect)
        src, mapping, computed = staged_sql.source, staged_sql.mapping, staged_sql.computed
        if src is None or src not in sources or stg not in staging:
            diags.report(RT002, "staging model does not select from a known source", path)
            continue
        name = sources[src]
        stg_entity[stg] = name
        entity = _entity(name, tables[name], schemas[name], staging[stg], mapping, semantic.get(stg, ({}, ""))[0], dialect, computed)
        entity.row_filters = staged_sql.row_filters
        model.entities.append(entity)
        measure_owner.update({m.name: name for m in entity.measures})
    simple = {mt.get("type_params", {}).get("measure") for mt, _ in metrics if mt.get("type") == "simple"}
    for e in model.entities:
        for m in e.measures:
            m.hidden = m.name not in simple
    for mt, owner in metrics:
        tp = mt.get("type_params") or {}
        model.metrics.append(Metric(
            name=mt["name"], type=mt.get("type", "simple"), entity=stg_entity.get(owner) if owner else None,
            measure=tp.get("measure"), numerator=tp.get("numerator"), denominator=tp.get("denominator"), expr=tp.get("expr"),
            label=_text(mt.get("label")), description=_text(mt.get("description")),
        ))
    model.relationships = sorted(_relationships(tables, schemas, sources, model, dialect), key=Relationship.sort_key)
    return model


def _pk(table: dict, dialect: str) -> list[str]:
    for c in table.get("columns") or []:
        if ("unique", {}) in _tests(c.get("data_tests")):
            return [c["name"]]
    for name, args in _tests(table.get("data_tests")):
        if name == "unique" and "column_name" in args:
            return columns_of(args["column_name"], dialect) or []
    return []


def _entity(name: str, table: dict, schema: str | None, stg: dict, mapping: dict[str, str], sm: dict, dialect: str,
            computed: dict[str, str]) -> Entity:
    pk = _pk(table, dialect)
    e = Entity(name=name, table=TableRef(name=table.get("identifier") or name, schema=schema), primary_key=pk,
               label=_text(sm.get("label")), description=_text(stg.get("description")))
    visible: dict[str, dict] = {}
    for d in sm.get("dimensions") or []:
        visible.setdefault(d.get("expr") or d["name"], d)
    labels: dict[str, Any] = {}
    primary = None
    for ent in sm.get("entities") or []:
        if ent.get("type") == "primary":
            primary = ent.get("expr")
        if ent.get("type") != "unique":
            labels.setdefault(ent.get("expr"), ent.get("label"))
    for col in stg.get("columns") or []:
        staged = col["name"]
        raw = mapping.get(staged, staged)
        dt = type_category_of(col.get("data_type"), dialect) or "unknown"
        d = visible.get(staged)
        label = d.get("label") if d else labels.get(staged)
        common = dict(name=staged, column=raw, label=_text(label), description=_text(col.get("description")),
                      hidden=d is None and staged != primary)
        if dt in TIME:
            e.time_dimensions.append(TimeDimension(data_type=dt, **common))
        elif staged in computed:
            e.dimensions.append(Dimension(data_type=dt if dt in DATA_TYPES else "unknown", **{**common, "column": None},
                                          expr=computed[staged]))
        else:
            e.dimensions.append(Dimension(data_type=dt if dt in DATA_TYPES else "unknown", primary_key=raw in pk, **common))
    for m in sm.get("measures") or []:
        agg = IR_AGG.get(m.get("agg"), m.get("agg"))
        expr = str(m.get("expr", ""))
        e.measures.append(Measure(name=m["name"], agg=agg, column=None if agg == "count" and expr == "1" else expr,
                                  label=_text(m.get("label")), description=_text(m.get("description"))))
    return e


def _relationships(tables, schemas, sources, model: SemanticModel, dialect: str):
    pks = {e.name: e.primary_key for e in model.entities}
    for name, t in tables.items():
        found = [(c["name"], args) for c in t.get("columns") or [] for n, args in _tests(c.get("data_tests")) if n == "relationships"]
        found += [(None, args) for n, args in _tests(t.get("data_tests")) if n == "relationships"]
        for column, args in found:
            m = re.fullmatch(r"source\('([^']*)',\s*'([^']*)'\)", str(args.get("to", "")))
            if not m or (m.group(1), m.group(2)) not in sources:
                continue
            target = sources[(m.group(1), m.group(2))]
            frm = [column] if column else columns_of(args.get("column_name", ""), dialect) or []
            to = columns_of(str(args.get("field", "")), dialect) or []
            ends = [RelationshipEnd(table=tables[x].get("identifier") or x, schema=schemas[x], columns=cols)
                    for x, cols in ((name, frm), (target, to))]
            yield Relationship(**{"from": ends[0]}, to=ends[1], cardinality=cardinality(frm, pks.get(name, [])),
                               origin="declared")
