"""dbt semantic models and metrics people wrote -> SemanticModel with human provenance.

Reads a dbt project's YAML (`semantic_models:` and `metrics:` lists, with `models:` column
descriptions and types), MetricFlow's own YAML (`semantic_model:` / `metric:` documents), or a
compiled `target/semantic_manifest.json`. A semantic model becomes an entity over its dbt model's
relation; its entities key dimensions (the primary one the primary key, foreign ones
relationships to the semantic model whose primary or unique entity has that name); dimensions and
measures map one to one. A simple metric over a measure of the same name lends it its label and
description; with a filter over its semantic model's dimensions it becomes a filtered measure; ratio
and derived metrics over one entity's measures become metrics. What does not map (cumulative and
conversion metrics, median and percentile measures, natural entities, filters on other semantic
models, saved queries) is reported with its file and line.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlglot import exp

from backends.dbt.codes import DB101, DB102, DB103, DB104
from backends.importing import Fields, Reading, at, ident, mark_keys, new_entity, relationship, split_name
from compiler.diagnostics import Diagnostics
from compiler.yamlio import YamlSyntaxError, load_located
from ir.semantic import Dimension, Entity, Measure, Metric, SemanticModel, TimeAxis, TimeDimension

AGGS = {"sum": "sum", "count": "count", "count_distinct": "count_distinct", "average": "avg", "avg": "avg", "min": "min", "max": "max"}
DATE_GRAINS = {"day", "week", "month", "quarter", "year"}
TYPES = {"string": "string", "varchar": "string", "text": "string", "integer": "integer", "int": "integer", "bigint": "integer",
         "numeric": "decimal", "decimal": "decimal", "float": "float", "double": "float", "boolean": "boolean", "date": "date",
         "timestamp": "timestamp", "timestamp_tz": "timestamp_tz"}
_REF = re.compile(r"""ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)""")
_JINJA = re.compile(r"\{\{\s*(Dimension|TimeDimension|Entity)\(\s*'([^']+)'(?:\s*,\s*'[^']*')?\s*\)(?:\.grain\('[^']*'\))?\s*\}\}")


class _Doc:
    """One semantic model or metric, with where it was written."""

    def __init__(self, data: dict, path: str, node: Any = None) -> None:
        self.data, self.path, self.node = data, path, node if node is not None else data

    def at(self, key: Any = None) -> str:
        return at(self.path, self.node, key)


class _Importer:
    def __init__(self, files: dict[str, str], diags: Diagnostics, dialect: str | None) -> None:
        self.r = Reading("dbt", diags, human=True)
        self.dialect = dialect or ""
        self.semantic_models: list[_Doc] = []
        self.metrics: list[_Doc] = []
        self.columns: dict[str, dict[str, dict]] = {}  # dbt model -> column -> its `models:` entry
        self.project = "dbt"
        self.load(files)
        self.model = SemanticModel(name=ident(self.project, "model"), dialect=self.dialect, source="dbt")
        self.by_sm: dict[str, Entity] = {}
        self.fields: dict[str, Fields] = {}
        self.entity_names: dict[str, tuple[str, str, str]] = {}  # dbt entity name -> (sm, column, type) of its primary/unique owner
        self.measures: dict[str, tuple[str, Measure]] = {}  # measure name -> (sm, measure)
        self.metric_measure: dict[str, str] = {}  # metric name -> "entity.measure" it stands for
        self.combined: set[str] = set()  # ratio and derived metrics, which other metrics cannot read in the IR
        self.own: dict[str, dict[str, str | None]] = {}  # semantic model -> its entity names -> their columns

    # -- loading ---------------------------------------------------------------------------------

    def load(self, files: dict[str, str]) -> None:
        for path in sorted(files):
            text = files[path]
            name = path.rsplit("/", 1)[-1]
            if name.endswith(".json"):
                self.load_manifest(path, text)
                continue
            try:
                docs = load_located(text, all_documents=True)
            except YamlSyntaxError as e:
                self.r.report(DB101, f"does not parse: {e.message}", f"{path}:{e.line}" if e.line else path)
                continue
            for doc in docs:
                if not isinstance(doc, dict):
                    continue
                if name == "dbt_project.yml" and isinstance(doc.get("name"), str):
                    self.project = doc["name"]
                for sm in _items(doc, "semantic_models", "semantic_model"):
                    self.semantic_models.append(_Doc(sm, path))
                for m in _items(doc, "metrics", "metric"):
                    self.metrics.append(_Doc(m, path))
                for m in doc.get("models") or []:
                    if isinstance(m, dict) and isinstance(m.get("name"), str):
                        self.columns[m["name"]] = {c["name"]: c for c in m.get("columns") or [] if isinstance(c, dict) and "name" in c}
                for key in ("saved_queries", "saved_query", "exposures"):
                    if doc.get(key):
                        self.r.report(DB104, f"{key} are not part of the semantic model; not imported", at(path, doc, key))

    def load_manifest(self, path: str, text: str) -> None:
        try:
            doc = json.loads(text)
        except ValueError as e:
            self.r.report(DB101, f"does not parse as JSON: {e}", path)
            return
        if not isinstance(doc, dict) or "semantic_models" not in doc:
            return
        for i, sm in enumerate(doc.get("semantic_models") or []):
            self.semantic_models.append(_Doc(sm, f"{path}#/semantic_models/{i}"))
        for i, m in enumerate(doc.get("metrics") or []):
            self.metrics.append(_Doc(m, f"{path}#/metrics/{i}"))
        if doc.get("saved_queries"):
            self.r.report(DB104, "saved_queries are not part of the semantic model; not imported", path)

    # -- semantic models -----------------------------------------------------------------------

    def semantic_model(self, d: _Doc) -> None:
        sm = d.data
        name = str(sm.get("name") or "")
        if not name or name in self.by_sm:
            self.r.report(DB103, f"semantic model {name!r} {'has no name' if not name else 'is defined twice'}; not imported", d.at())
            return
        table, schema, model_name = self.relation(sm, d)
        entity = new_entity(self.r, name, table, schema, label=self.r.text(sm.get("label"), d.at("label")),
                            description=self.r.text(sm.get("description"), d.at("description")))
        fields = Fields(entity)
        self.by_sm[name], self.fields[name] = entity, fields
        columns = self.columns.get(model_name or "", {})
        self.own[name] = {str(sm["primary_entity"]): None} if sm.get("primary_entity") else {}
        for e in sm.get("entities") or []:
            self.key(d, name, entity, fields, e, columns)
        for dim in sm.get("dimensions") or []:
            self.dimension(d, entity, fields, dim, columns)
        defaults = sm.get("defaults") or {}
        for m in sm.get("measures") or []:
            self.measure(d, entity, fields, m, defaults)
        axis = fields.get(str(defaults.get("agg_time_dimension") or ""))
        if isinstance(axis, TimeDimension):
            entity.time_axis = TimeAxis(entity=entity.name, dimension=axis.name, provenance=self.r.provenance(d.at("defaults")))
        elif defaults.get("agg_time_dimension"):
            self.r.report(DB103, f"semantic model {name}: agg_time_dimension {defaults['agg_time_dimension']} is not one of its "
                                 "time dimensions", d.at("defaults"))
        rest = sorted(k for k in sm if k not in ("name", "description", "label", "model", "node_relation", "entities", "dimensions",
                                                    "measures", "defaults", "primary_entity", "config", "meta"))
        if rest:
            self.r.report(DB102, f"semantic model {name}: {', '.join(rest)} not imported", d.at())
        self.model.entities.append(entity)

    def relation(self, sm: dict, d: _Doc) -> tuple[str, str | None, str | None]:
        """(table, schema, dbt model name) of a semantic model's `model: ref('x')` or node_relation."""
        ref = _REF.search(str(sm.get("model") or ""))
        if ref:
            return ref.group(2) or ref.group(1), None, ref.group(2) or ref.group(1)
        rel = sm.get("node_relation") or {}
        if rel.get("alias"):
            return str(rel["alias"]), rel.get("schema_name"), str(rel["alias"])
        parts = split_name(str(rel.get("relation_name") or ""))
        if parts:
            return parts[-1], parts[-2] if len(parts) > 1 else None, parts[-1]
        self.r.report(DB103, f"semantic model {sm.get('name')} names no model (`model: ref(...)` or node_relation); its name is "
                             "taken for the table", d.at())
        return str(sm.get("name")), None, None

    def _column_or_expr(self, raw: Any, default: str) -> tuple[str | None, str | None]:
        text = str(raw).strip() if raw is not None else default
        parts = split_name(text)
        return (parts[0], None) if parts and len(parts) == 1 else (None, text)

    def key(self, d: _Doc, sm: str, entity: Entity, fields: Fields, e: dict, columns: dict) -> None:
        name, kind = str(e.get("name") or ""), e.get("type")
        where = at(d.path, e)
        if kind == "natural":
            self.r.report(DB102, f"natural entity {name} of {entity.name} (a slowly changing dimension key) not imported", where)
            return
        column, expr = self._column_or_expr(e.get("expr"), name)
        self.own[sm][name] = column
        if column is None:
            self.r.report(DB102, f"entity {name} of {entity.name} is an expression ({expr}); the IR's keys are columns", where)
            return
        if fields.get(name) is None:
            info = columns.get(column, {})
            fields.add(name, Dimension(
                name=fields.claim(name), column=column, data_type=TYPES.get(str(info.get("data_type", "")).lower(), "unknown"),
                role="key", description=self.r.text(e.get("description") or info.get("description"), where),
                label=self.r.text(e.get("label"), where), provenance=self.r.provenance(where)))
        if kind == "primary":
            entity.primary_key, entity.primary_key_provenance = [column], self.r.provenance(where)
        if kind in ("primary", "unique"):
            self.entity_names.setdefault(name, (sm, column, kind))

    def dimension(self, d: _Doc, entity: Entity, fields: Fields, dim: dict, columns: dict) -> None:
        name = str(dim.get("name") or "")
        where = at(d.path, dim)
        column, expr = self._column_or_expr(dim.get("expr"), name)
        info = columns.get(column or "", {})
        common = dict(name=fields.claim(name), column=column, expr=expr, label=self.r.text(dim.get("label"), where),
                      description=self.r.text(dim.get("description") or info.get("description"), where),
                      provenance=self.r.provenance(where))
        declared = TYPES.get(str(info.get("data_type", "")).lower())
        accepted = _accepted_values(info)
        if dim.get("type") == "time":
            grain = str((dim.get("type_params") or {}).get("time_granularity", "day")).lower()
            kind = declared if declared in ("date", "timestamp", "timestamp_tz") else ("date" if grain in DATE_GRAINS else "timestamp")
            node: Dimension | TimeDimension = TimeDimension(data_type=kind, granularity=grain if grain in ("year", "month") else None, **common)
            if dim.get("is_partition"):
                self.r.report(DB102, f"dimension {entity.name}.{name}: is_partition has no place in the IR", where)
        else:
            node = Dimension(data_type=declared or "unknown", **common)
            if accepted is not None:
                node.accepted_values, node.accepted_values_provenance = accepted, self.r.provenance(where)
        fields.add(name, node)

    def measure(self, d: _Doc, entity: Entity, fields: Fields, m: dict, defaults: dict) -> None:
        name = str(m.get("name") or "")
        where = at(d.path, m)
        agg = str(m.get("agg") or "")
        raw_expr = m.get("expr")
        if agg == "sum_boolean":
            agg, raw_expr = "sum", f"CASE WHEN {raw_expr if raw_expr is not None else name} THEN 1 ELSE 0 END"
        if agg not in AGGS:
            self.r.report(DB102, f"measure {entity.name}.{name} with agg {agg} not imported (the IR aggregates count, "
                                 "count_distinct, sum, average, min and max)", where)
            return
        column, expr = self._column_or_expr(raw_expr, name)
        for key in ("agg_params", "agg_time_dimension"):
            if m.get(key) and not (key == "agg_time_dimension" and m[key] == defaults.get("agg_time_dimension")):
                self.r.report(DB102, f"measure {entity.name}.{name}: {key} has no place in the IR", where)
        nad = m.get("non_additive_dimension")
        window = fields.get(str(nad.get("name") if isinstance(nad, dict) else nad or ""))
        if nad and not isinstance(window, TimeDimension):
            self.r.report(DB103, f"measure {entity.name}.{name}: its non_additive_dimension is not a time dimension of "
                                 f"{entity.name}", where)
        if isinstance(nad, dict) and (nad.get("window_choice", "max") != "max" or nad.get("window_groupings")):
            # Summed as if additive it would give other numbers: left out rather than changed.
            self.r.report(DB102, f"measure {entity.name}.{name} not imported: a non-additive window other than the latest "
                                 "value (window_choice max, no window_groupings) has no place in the IR", where)
            return
        measure = Measure(name=fields.names.claim(ident(name, "measure")), agg=AGGS[agg], column=column, expr=expr,
                          label=self.r.text(m.get("label"), where), description=self.r.text(m.get("description"), where),
                          provenance=self.r.provenance(where))
        if isinstance(window, TimeDimension):
            # Summed over entities, taken at the latest time: a balance (semi-additive).
            measure.additivity, measure.non_additive_dimension = "semi_additive", window.name
        entity.measures.append(measure)
        self.measures.setdefault(name, (entity.name, measure))

    # -- relationships ---------------------------------------------------------------------------

    def relationships(self) -> None:
        """A foreign entity joins the semantic model whose primary or unique entity has its name
        (many_to_one); two primary entities of one name join one to one (once)."""
        for d in self.semantic_models:
            sm = str(d.data.get("name"))
            entity = self.by_sm.get(sm)
            for e in d.data.get("entities") or [] if entity is not None else []:
                kind, name = e.get("type"), str(e.get("name"))
                owner = self.entity_names.get(name)
                column, _ = self._column_or_expr(e.get("expr"), name)
                if kind == "foreign" and owner is None:
                    self.r.report(DB103, f"foreign entity {name} of {entity.name} names no semantic model's primary or unique "
                                         "entity; no relationship", at(d.path, e))
                    continue
                if owner is None or column is None or owner[0] == sm:
                    continue
                if kind == "foreign":
                    cardinality = "many_to_one"
                elif kind == "primary" and owner[2] == "primary" and owner[0] < sm:
                    cardinality = "one_to_one"
                else:
                    continue
                self.model.relationships.append(relationship(entity, [column], self.by_sm[owner[0]], [owner[1]], cardinality, "human",
                                                             evidence=[f"entity {name} in {at(d.path, e)}"]))

    # -- metrics ---------------------------------------------------------------------------------

    def metric(self, d: _Doc) -> bool:
        m = d.data
        name, kind = str(m.get("name") or ""), m.get("type")
        where = d.at()
        params = m.get("type_params") or {}
        common = dict(label=self.r.text(m.get("label"), where), description=self.r.text(m.get("description"), where),
                      provenance=self.r.provenance(where))
        if kind == "simple":
            ref = params.get("measure")
            measure_name = ref.get("name") if isinstance(ref, dict) else ref
            found = self.measures.get(str(measure_name))
            if found is None:
                self.r.report(DB103, f"metric {name} reads measure {measure_name}, which is not defined", where)
                return True
            ent, measure = found
            condition = [c for c in (m.get("filter"), ref.get("filter") if isinstance(ref, dict) else None) if c]
            if not condition:
                if name == measure_name:
                    measure.label = measure.label or common["label"]
                    measure.description = measure.description or common["description"]
                    self.metric_measure[name] = f"{ent}.{measure.name}"
                    return True
                self.model.metrics.append(Metric(name=ident(name, "metric"), type="simple", entity=ent, measure=measure.name, **common))
                self.metric_measure[name] = f"{ent}.{measure.name}"
                return True
            try:
                sql = " AND ".join(f"({self.filter_sql(ent, c)})" for c in condition)
            except ValueError as e:
                self.r.report(DB102, f"metric {name} not imported: its filter {e}", where)
                return True
            entity = self.model.entity(ent)
            assert entity is not None
            both = f"({measure.filter}) AND {sql}" if measure.filter else sql
            filtered = measure.model_copy(update={"name": self.fields[self.sm_of(ent)].names.claim(ident(name, "measure")), "filter": both,
                                                  "label": common["label"], "description": common["description"], "provenance": common["provenance"]})
            entity.measures.append(filtered)
            self.metric_measure[name] = f"{ent}.{filtered.name}"
            return True
        if kind in ("ratio", "derived"):
            inputs = [params.get("numerator"), params.get("denominator")] if kind == "ratio" else list(params.get("metrics") or [])
            names = [(i.get("name") if isinstance(i, dict) else i) for i in inputs]
            if any(str(n) not in self.metric_measure for n in names):
                return False
            extras = [k for i in inputs if isinstance(i, dict) for k in i if k not in ("name", "alias")]
            if extras or m.get("filter"):
                self.r.report(DB102, f"metric {name} not imported: {', '.join(sorted(set(extras)) or ['filter'])} on its inputs has "
                                     "no place in the IR", where)
                return True
            if any(str(n) in self.combined for n in names):
                self.r.report(DB102, f"metric {name} combines metrics that are themselves ratios or derived; the IR's metrics "
                                     "read measures", where)
                return True
            refs = [self.metric_measure[str(n)] for n in names]
            # Owned by its first measure's entity; measures of others are joined to it by
            # resolve_metrics (or the metric is reported, AN009).
            owner = refs[0].split(".")[0]
            local = [r.split(".", 1)[1] if r.split(".")[0] == owner else r for r in refs]
            if kind == "ratio":
                self.model.metrics.append(Metric(name=ident(name, "metric"), type="ratio", entity=owner, numerator=local[0],
                                                 denominator=local[1], **common))
            else:
                aliases = {(i.get("alias") or i.get("name")) if isinstance(i, dict) else i: target for i, target in zip(inputs, local)}
                try:
                    tree = exp.maybe_parse(str(params.get("expr") or ""), dialect=self.dialect or None)
                except Exception as e:  # noqa: BLE001 - sqlglot's parse errors vary
                    self.r.report(DB102, f"metric {name}: its expr does not parse ({str(e).splitlines()[0]})", where)
                    return True
                expr = tree.transform(lambda n: exp.column(*reversed(aliases[n.name].split("."))) if isinstance(n, exp.Column) and n.name in aliases else n)
                self.model.metrics.append(Metric(name=ident(name, "metric"), type="derived", entity=owner,
                                                 expr=expr.sql(dialect=self.dialect or None), **common))
            self.metric_measure[name] = f"{owner}.{ident(name, 'metric')}"
            self.combined.add(name)
            return True
        self.r.report(DB102, f"metric {name} of type {kind} not imported (the IR has simple, ratio and derived metrics)", where)
        return True

    def sm_of(self, entity_name: str) -> str:
        return next(k for k, v in self.by_sm.items() if v.name == entity_name)

    def filter_sql(self, entity_name: str, text: str) -> str:
        """A MetricFlow filter (`{{ Dimension('order__status') }} = 'x'`) as SQL over the semantic
        model's own columns. ValueError for one on another semantic model."""
        sm = self.sm_of(entity_name)
        fields = self.fields[sm]

        def swap(match: re.Match) -> str:
            kind, ref = match.group(1), match.group(2)
            if kind == "Entity":
                if ref not in self.own[sm] or self.own[sm][ref] is None:
                    raise ValueError(f"refers to entity {ref}, which is no key column of {sm}")
                return str(self.own[sm][ref])
            path, _, dim = ref.rpartition("__")
            if path.split("__")[-1] not in self.own[sm]:
                raise ValueError(f"refers to {ref}, a dimension reached through another semantic model")
            f = fields.get(dim)
            if f is None:
                raise ValueError(f"refers to {ref}, which is not defined")
            return f.column or f"({f.expr})"

        out = _JINJA.sub(swap, str(text)).strip()
        if "{{" in out or "{%" in out:
            raise ValueError(f"{text.strip()!r} uses Jinja the IR cannot resolve")
        return out

    def run(self) -> SemanticModel:
        for d in self.semantic_models:
            self.semantic_model(d)
        self.relationships()
        pending = [d for d in self.metrics if not self.metric(d)]
        for _ in range(len(pending)):  # metrics over metrics, in dependency order
            pending = [d for d in pending if not self.metric(d)]
        for d in pending:
            self.r.report(DB103, f"metric {d.data.get('name')} reads metrics that are not defined or not imported", d.at())
        mark_keys(self.model)
        return self.model


def _accepted_values(column: dict) -> list | None:
    """The values of a column's `accepted_values` test in a dbt `models:` entry, if it has one."""
    for test in [*(column.get("data_tests") or []), *(column.get("tests") or [])]:
        spec = test.get("accepted_values") if isinstance(test, dict) else None
        if isinstance(spec, dict):
            values = spec.get("values") or (spec.get("arguments") or {}).get("values")
            if isinstance(values, list):
                return [v for v in values if isinstance(v, (str, int, float, bool))]
    return None


def _items(doc: dict, plural: str, singular: str) -> list[dict]:
    if isinstance(doc.get(singular), dict):
        return [doc[singular]]
    return [x for x in doc.get(plural) or [] if isinstance(x, dict)]


def import_project(files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
    return _Importer(files, diags, dialect).run()


def sniff(files: dict[str, str]) -> int:
    """3 with MetricFlow semantic models or metrics (entities, measures with `agg`, metric
    `type_params`), 1 for a dbt project without, 0 otherwise."""
    score = 0
    for path, text in files.items():
        head = str(text)[:20000]
        if path.endswith("semantic_manifest.json"):
            return 3
        if re.search(r"^\s*-?\s*(semantic_models?|metrics?)\s*:", head, re.MULTILINE) and re.search(
                r"^\s*(entities|type_params|agg)\s*:", head, re.MULTILINE):
            return 3
        if path.rsplit("/", 1)[-1] == "dbt_project.yml":
            score = 1
    return score
