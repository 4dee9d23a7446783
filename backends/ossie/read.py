"""Ossie documents -> SemanticModel: mb's own files for the round trip, and files people wrote.

Datasets become entities, fields dimensions (time dimensions where `is_time`, or where a 0.2
`datatype` is temporal and `is_time` is unset), relationships keep their direction (`from` is the
many side). A metric that is one aggregate over one dataset becomes a measure of it; a metric
combining aggregates becomes a ratio (`a / b`, `a / NULLIF(b, 0)`) or derived metric over
measures made from each aggregate; a metric over other metrics' names becomes a derived metric.
What has no place in the IR (ontologies, `ai_context` instructions and examples, other vendors'
extensions, aggregates the IR lacks such as MEDIAN) is reported with its file and line.
"""

from __future__ import annotations

import json
from typing import Any

from sqlglot import exp

from backends import row_filters
from backends.base import Files
from backends.importing import Fields, Reading, at, ident, mark_keys, new_entity, relationship
from backends.aggregates import ratio_of
from backends.ossie import extensions as ext, sql
from backends.ossie.codes import OS101, OS102, OS103, OS104
from compiler.diagnostics import Diagnostics
from compiler.yamlio import YamlSyntaxError, load_located, load_yaml
from ir.provenance import Provenance
from ir.semantic import Dimension, Entity, JoinedFilter, JoinStep, Measure, Metric, RowFilter, SemanticModel, TimeAxis, TimeDimension
from compiler.types import TIME_TYPES

IR_TYPES = {
    "Integer": "integer", "Decimal": "decimal", "Float": "float", "Boolean": "boolean", "String": "string",
    "Date": "date", "Time": "time", "DateTime": "timestamp", "DateTimeTz": "timestamp_tz", "Opaque": "unknown",
}
TEMPORAL = {"Date", "Time", "DateTime", "DateTimeTz"}
# Dialects of an expression entry read in the model's dialect when there is no ANSI_SQL one.
DIALECTS = {"SNOWFLAKE": "snowflake", "DATABRICKS": "databricks", "BIGQUERY": "bigquery"}
_INFERRED_NUMBER = Provenance.inferred("ossie", "aggregated_by_sum_or_avg")


def documents(files: Files, diags: Diagnostics, located: bool) -> list[tuple[str, Any]]:
    """(path, document) of every file that holds an Ossie model. Reading mb's own files
    (`located` False) every file must be one; importing a folder, other YAML files are passed
    over, and only a folder with no Ossie model at all is an error."""
    out = []
    skipped = []
    for path in sorted(files):
        text = files[path]
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        try:
            doc = load_located(text) if located else load_yaml(text)
        except YamlSyntaxError as e:
            diags.report(OS101, f"does not parse: {e.message}", f"{path}:{e.line}" if e.line else path)
            continue
        if not is_ossie(doc):
            skipped.append(path)
            continue
        out.append((path, doc))
    for path in skipped if (not located or not out) else []:
        diags.report(OS101, "holds no `semantic_model` (nor `ontology_mappings`)", path)
    return out


def is_ossie(doc: Any) -> bool:
    return isinstance(doc, dict) and (isinstance(doc.get("semantic_model"), list) or isinstance(doc.get("ontology_mappings"), list))


class _Reader:
    def __init__(self, reading: Reading, dialect: str | None) -> None:
        self.r = reading
        self.dialect = dialect
        self.model: SemanticModel | None = None
        self.entities: dict[str, Entity] = {}  # dataset name -> entity
        self.fields: dict[str, Fields] = {}  # dataset name -> its fields
        self.typed: set[tuple[str, str]] = set()  # (entity, field) whose type the file gives
        self.metric_names: dict[str, str] = {}  # Ossie metric name -> IR metric or entity.measure
        self.version = ""

    # -- documents and models ----------------------------------------------------------------

    def document(self, path: str, doc: dict) -> None:
        self.version = str(doc.get("version") or "")
        models = list(doc.get("semantic_model") or [])
        for i, mapping in enumerate(doc.get("ontology_mappings") or []):
            if isinstance(mapping, dict) and isinstance(mapping.get("semantic_model"), dict):
                models.append(mapping["semantic_model"])
        extra = [k for k in ("ontology", "requires") if doc.get(k)]
        if extra or any(isinstance(m, dict) and m.get("concept_mappings") for m in doc.get("ontology_mappings") or []):
            self.r.report(OS102, "the ontology (concepts, constraints, concept mappings) has no place in the IR; only the "
                                 "semantic model its mappings hold is imported", at(path, doc, "ontology" if "ontology" in doc else None))
        for sm in models:
            if isinstance(sm, dict):
                self.semantic_model(path, sm)

    def semantic_model(self, path: str, sm: dict) -> None:
        mine, others = ext.take(sm)
        self._others(path, sm, others)
        if self.model is None:
            dialect = self.dialect if self.dialect is not None else mine.get("dialect", "")
            self.dialect = dialect
            self.model = SemanticModel(
                name=ident(str(sm.get("name") or "model"), "model"), dialect=dialect or "",
                source=mine.get("source") or path, database=mine.get("database"),
                description=self.r.text(sm.get("description"), at(path, sm, "description")),
            )
        self._ai_context(path, sm, f"semantic model {sm.get('name')}")
        datasets = [d for d in sm.get("datasets") or [] if isinstance(d, dict)]
        for ds in datasets:
            self.dataset(path, ds)
        for i, rel in enumerate(sm.get("relationships") or []):
            if isinstance(rel, dict):
                self.relationship(path, rel)
        trees = [(m, self.metric_tree(path, m)) for m in sm.get("metrics") or [] if isinstance(m, dict)]
        pending = [(m, t) for m, t in trees if t is not None and not self.metric(path, m, t, final=False)]
        for m, t in pending:  # metrics over other metrics' names, once those are known
            self.metric(path, m, t, final=True)

    def _others(self, path: str, obj: dict, others: list[tuple[int, str]]) -> None:
        for i, vendor in others:
            node = obj.get("custom_extensions")
            self.r.report(OS102, f"custom extension of vendor {vendor} not imported (mb reads only its own COMMON keys)", at(path, node, i))

    def _ai_context(self, path: str, obj: dict, what: str) -> list[str]:
        """The synonyms of an ai_context; the rest of it is reported."""
        ctx = obj.get("ai_context")
        if ctx is None:
            return []
        where = at(path, obj, "ai_context")
        if isinstance(ctx, str):
            self.r.report(OS102, f"ai_context of {what} (free text) has no place in the IR", where)
            return []
        if not isinstance(ctx, dict):
            return []
        rest = sorted(k for k in ctx if k != "synonyms")
        if rest:
            self.r.report(OS102, f"ai_context {', '.join(rest)} of {what} have no place in the IR", where)
        return [str(s) for s in ctx.get("synonyms") or [] if isinstance(s, (str, int, float))]

    # -- datasets and fields ---------------------------------------------------------------------

    def dataset(self, path: str, ds: dict) -> None:
        name = str(ds.get("name") or "")
        where = at(path, ds)
        if not name or name in self.entities:
            self.r.report(OS104, f"dataset {name!r} {'has no name' if not name else 'is defined twice'}; the second is not imported", where)
            return
        parts = sql.split_source(str(ds.get("source") or ""))
        based = None if parts else row_filters.based_table(str(ds.get("source") or ""), sql.ANSI)
        if based:
            parts = sql.split_source(based.table)  # a table's live rows (mb's row_filters, in its extension)
        if not parts:
            self.r.report(OS102, f"dataset {name}: source {ds.get('source')!r} is a query, not a table; imported as a view of that "
                                 "name (the IR holds no SQL of its own for an entity)", at(path, ds, "source"))
            parts = [name]
        if len(parts) > 2 and self.model is not None and self.model.database is None:
            self.model.database = parts[-3]
        mine, others = ext.take(ds)
        self._others(path, ds, others)
        entity = new_entity(self.r, name, parts[-1], parts[-2] if len(parts) > 1 else None,
                            kind=mine.get("kind") if mine.get("kind") in ("view", "materialized_view") else ("table" if parts != [name] or ds.get("source") else "view"),
                            label=self.r.text(mine.get("label"), where), description=self.r.text(ds.get("description"), at(path, ds, "description")),
                            hidden=bool(mine.get("hidden")), synonyms=self._ai_context(path, ds, f"dataset {name}"))
        if mine.get("role") in ("fact", "dimension", "bridge"):
            entity.role, entity.role_provenance = mine["role"], self.r.provenance(where)
        for f in mine.get("row_filters") or []:
            if isinstance(f, dict) and isinstance(f.get("column"), str) and f.get("kind") in ("flag", "timestamp"):
                entity.row_filters.append(RowFilter(column=f["column"], kind=f["kind"], deleted_value=f.get("deleted_value"),
                                                    provenance=self.r.provenance(where)))
        if based and not entity.row_filters:  # no extension (a file another tool rewrote): the source's WHERE tells
            entity.row_filters = [f.model_copy(update={"provenance": self.r.provenance(where)}) for f in based.filters]
        fields = Fields(entity)
        self.entities[name], self.fields[name] = entity, fields
        for i, f in enumerate(ds.get("fields") or []):
            if isinstance(f, dict):
                self.field(path, name, fields, f)
        axis = fields.get(str(mine.get("time_dimension") or ""))
        if isinstance(axis, TimeDimension):
            entity.time_axis = TimeAxis(entity=entity.name, dimension=axis.name, provenance=self.r.provenance(where))
        entity.primary_key = self._columns(path, name, ds.get("primary_key") or [], at(path, ds, "primary_key"), "primary key") or []
        if entity.primary_key:
            entity.primary_key_provenance = self.r.provenance(at(path, ds, "primary_key"))
        for uk in ds.get("unique_keys") or []:
            cols = self._columns(path, name, uk if isinstance(uk, list) else [uk], at(path, ds, "unique_keys"), "unique key")
            if cols:
                entity.unique_keys.append(cols)
        assert self.model is not None
        self.model.entities.append(entity)

    def _expression(self, path: str, obj: dict, what: str) -> tuple[str, str | None] | None:
        """(SQL text, its sqlglot dialect) of an expression object: the ANSI_SQL entry, else one
        in the model's dialect."""
        entries = ((obj.get("expression") or {}).get("dialects") if isinstance(obj.get("expression"), dict) else obj.get("expression")) or []
        by_dialect = {e.get("dialect"): e.get("expression") for e in entries if isinstance(e, dict) and isinstance(e.get("expression"), str)}
        if "ANSI_SQL" in by_dialect:
            return by_dialect["ANSI_SQL"], sql.ANSI
        for name, dialect in DIALECTS.items():
            if name in by_dialect and dialect == self.dialect:
                return by_dialect[name], dialect
        found = ", ".join(sorted(map(str, by_dialect))) or "none"
        self.r.report(OS103, f"{what}: no ANSI_SQL expression (dialects given: {found})", at(path, obj, "expression"))
        return None

    def field(self, path: str, dataset: str, fields: Fields, f: dict) -> None:
        original = str(f.get("name") or "")
        where = at(path, f)
        what = f"field {dataset}.{original}"
        found = self._expression(path, f, what)
        if not original or found is None:
            return
        text, dialect = found
        try:
            tree = sql.parse(text, dialect)
        except sql.SqlError as e:
            self.r.report(OS103, f"{what}: expression does not parse ({e})", at(path, f, "expression"))
            return
        column = expr = None
        mine, others = ext.take(f)
        if isinstance(tree, exp.Column) and tree.table in ("", dataset) and not isinstance(tree.this, exp.Star):
            column = tree.name
        else:
            expr = tree.sql(dialect=self.dialect or None)
            column = mine.get("column") if isinstance(mine.get("column"), str) else None  # the column it casts
        self._others(path, f, others)
        datatype = f.get("datatype")
        dim = f.get("dimension") if isinstance(f.get("dimension"), dict) else {}
        is_time = dim.get("is_time") if isinstance(dim.get("is_time"), bool) else datatype in TEMPORAL
        data_type = mine.get("data_type") or IR_TYPES.get(str(datatype))
        name = fields.claim(original)
        common = dict(
            name=name, column=column, expr=expr, hidden=bool(mine.get("hidden")), provenance=self.r.provenance(where),
            label=self.r.text(f.get("label"), at(path, f, "label")), description=self.r.text(f.get("description"), at(path, f, "description")),
            synonyms=self._ai_context(path, f, what), semantic_type=mine.get("semantic_type"), sensitivity=mine.get("sensitivity"),
        )
        if data_type:
            self.typed.add((dataset, name))
        # A time role without a temporal type: in 0.1 (no `datatype` yet) that is how a date is
        # said; from 0.2 on it may be a year number or a month name, which the IR's time
        # dimensions (dates and timestamps) cannot be.
        if is_time and (data_type in TIME_TYPES or (data_type is None and self.version.startswith("0.1"))):
            node: Dimension | TimeDimension = TimeDimension(data_type=data_type or "timestamp", **common)
        else:
            if is_time:
                self.r.report(OS102, f"{what}: its time role is not imported (its type is {datatype or 'not given'}; IR time "
                                     "dimensions are dates and timestamps)", at(path, f, "dimension"))
            node = Dimension(data_type=data_type or "unknown", **common)
            if isinstance(mine.get("accepted_values"), list):
                node.accepted_values, node.accepted_values_provenance = mine["accepted_values"], self.r.provenance(where)
        fields.add(original, node)

    def _columns(self, path: str, dataset: str, names: list, where: str, what: str) -> list[str] | None:
        """The columns a key names. Ossie keys name columns; a file may also name a field, whose
        column is meant. A column no field exposes gets a hidden dimension, so the key can be
        used; a field that is an expression cannot be a key column (reported, None)."""
        fields = self.fields[dataset]
        entity = self.entities[dataset]
        out = []
        for n in map(str, names):
            by_column = next((f for f in [*entity.dimensions, *entity.time_dimensions] if f.column == n), None)
            f = by_column or fields.get(n)
            if f is not None and f.column is None:
                self.r.report(OS104, f"{what} of {dataset} names {n!r}, an expression field, not a column; the key is not imported", where)
                return None
            if f is None:
                f = Dimension(name=fields.claim(n), column=n, data_type="unknown", hidden=True, provenance=self.r.provenance(where))
                fields.add(n, f)
            out.append(f.column)
        return out

    # -- relationships ---------------------------------------------------------------------------

    def relationship(self, path: str, rel: dict) -> None:
        where = at(path, rel)
        src, dst = self.entities.get(str(rel.get("from"))), self.entities.get(str(rel.get("to")))
        if src is None or dst is None:
            missing = rel.get("from") if src is None else rel.get("to")
            self.r.report(OS104, f"relationship {rel.get('name')} names dataset {missing!r}, which is not defined; not imported", where)
            return
        src_cols = self._columns(path, str(rel["from"]), list(rel.get("from_columns") or []), where, f"relationship {rel.get('name')}")
        dst_cols = self._columns(path, str(rel["to"]), list(rel.get("to_columns") or []), where, f"relationship {rel.get('name')}")
        if not src_cols or not dst_cols or len(src_cols) != len(dst_cols):
            return
        mine, others = ext.take(rel)
        self._others(path, rel, others)
        self._ai_context(path, rel, f"relationship {rel.get('name')}")
        cardinality = mine.get("cardinality")
        if cardinality not in ("many_to_one", "one_to_one", "one_to_many", "many_to_many"):
            # `from` is the many side; it is one row per row only when it joins on its own key.
            cardinality = "one_to_one" if src.primary_key and sorted(src_cols) == sorted(src.primary_key) else "many_to_one"
        origin = mine.get("origin") if mine.get("origin") in ("declared", "inferred", "llm", "human") else ("human" if self.r.human else "declared")
        r = relationship(src, src_cols, dst, dst_cols, cardinality, origin, name=str(rel.get("name") or "") or None,
                         evidence=[f"declared in {where}"] if self.r.human else [])
        if isinstance(mine.get("confidence"), (int, float)) and 0 <= mine["confidence"] <= 1:
            r.confidence = float(mine["confidence"])
        if isinstance(mine.get("role"), str):
            r.role, r.role_provenance = mine["role"], self.r.provenance(where)
        assert self.model is not None
        self.model.relationships.append(r)

    # -- metrics ---------------------------------------------------------------------------------

    def metric_tree(self, path: str, m: dict) -> exp.Expression | None:
        name = str(m.get("name") or "")
        found = self._expression(path, m, f"metric {name}")
        if not name or found is None:
            return None
        try:
            return sql.parse(*found)
        except sql.SqlError as e:
            self.r.report(OS103, f"metric {name}: expression does not parse ({e})", at(path, m, "expression"))
            return None

    def metric(self, path: str, m: dict, tree: exp.Expression, final: bool) -> bool:
        """Read one metric; False when it refers to metrics not read yet (tried again at the end)."""
        name = str(m.get("name"))
        mine, others = ext.take(m)
        aggs = sql.aggregates(tree)
        if not aggs:
            refs = [c for c in tree.find_all(exp.Column) if not c.table]
            if refs and all(c.name in self.metric_names for c in refs):
                self._others(path, m, others)
                self._metric_over_metrics(path, m, tree, refs)
                return True
            if not final:
                return False
            self.r.report(OS103, f"metric {name}: {tree.sql(dialect=sql.ANSI)!r} aggregates nothing the IR can name (an "
                                 "aggregate of a dataset's fields, or other metrics by name)", at(path, m, "expression"))
            return True
        self._others(path, m, others)
        synonyms = self._ai_context(path, m, f"metric {name}")
        if mine.get("dataset") and mine.get("measure") and len(aggs) == 1:
            self._measure(path, m, aggs[0], str(mine["dataset"]), str(mine["measure"]), mine, synonyms, name)
        elif mine.get("type") in ("simple", "ratio", "derived"):
            self._own_metric(path, m, mine, synonyms)
        elif len(aggs) == 1 and aggs[0] is tree:
            self._measure(path, m, tree, None, name, mine, synonyms, name)
        else:
            self._combined(path, m, tree, aggs, synonyms)
        return True

    def _dataset_of(self, agg: sql.Aggregate, path: str, m: dict) -> str | None:
        if agg.dataset is None and len(self.entities) == 1:
            return next(iter(self.entities))
        if agg.dataset is None:
            self.r.report(OS103, f"metric {m.get('name')}: an aggregate that names no dataset (COUNT(*)) in a model of "
                                 f"{len(self.entities)} datasets", at(path, m, "expression"))
            return None
        if agg.dataset not in self.entities:
            self.r.report(OS104, f"metric {m.get('name')} aggregates dataset {agg.dataset!r}, which is not defined", at(path, m, "expression"))
            return None
        return agg.dataset

    def _build_measure(self, path: str, m: dict, node: exp.Expression, dataset: str | None) -> tuple[str, Measure] | None:
        """(dataset, measure without name) of one aggregate call; None (reported) if it does not map."""
        try:
            agg = sql.read_aggregate(node)
        except sql.SqlError as e:
            self.r.report(OS103, f"metric {m.get('name')}: {e}", at(path, m, "expression"))
            return None
        ds = dataset or self._dataset_of(agg, path, m)
        if ds is None:
            return None
        fields = self.fields[ds]
        entity = self.entities[ds]

        def back(tree: exp.Expression) -> exp.Expression:
            def swap(node: exp.Expression) -> exp.Expression:
                if isinstance(node, exp.Column) and node.table:
                    f = fields.get(node.name)
                    if f is None:
                        raise KeyError(node.name)
                    if f.column is not None:
                        return exp.Column(this=sql.identifier(f.column, self.dialect))
                    return exp.Paren(this=sql.parse(f.expr or "", self.dialect))
                return node
            return tree.copy().transform(swap)

        try:
            arg = back(agg.arg) if agg.arg is not None else None
            condition = back(agg.filter) if agg.filter is not None else None
        except KeyError as e:
            self.r.report(OS104, f"metric {m.get('name')} names field {ds}.{e.args[0]}, which is not defined", at(path, m, "expression"))
            return None
        column = expr = None
        if isinstance(arg, exp.Column):
            column = arg.name
            if agg.agg == "count" and column in entity.primary_key[:1] and len(entity.primary_key) >= 1 and condition is None:
                column = None  # COUNT(key) counts the rows
        elif arg is not None:
            expr = arg.sql(dialect=self.dialect or None)
        if agg.agg in ("sum", "avg") and column is not None and self.r.human:
            self._number(ds, column)
        joined = None
        if agg.joined:
            joined = self._joined_filter(ds, agg.joined)
            if joined is None:
                self.r.report(OS103, f"metric {m.get('name')}: a filter on {agg.joined[0][0]}, which no relationship from {ds} "
                                     "joins as its parent by one value", at(path, m, "expression"))
                return None
        return ds, Measure(name="_", agg=agg.agg, column=column, expr=expr,
                           filter=condition.sql(dialect=self.dialect or None) if condition is not None else None,
                           joined_filter=joined)

    def _joined_filter(self, ds: str, joined: tuple[tuple[str, str, str], ...]) -> JoinedFilter | None:
        """The filter on a parent's field (`"order".currency = 'CAD'` in a metric of order_line):
        one condition, over the one many-to-one relationship from `ds` to that dataset."""
        assert self.model is not None
        if len(joined) != 1:
            return None
        other, field_name, value = joined[0]
        parent, f = self.entities.get(other), self.fields.get(other, {}).get(field_name) if other in self.fields else None
        rels = [r for r in self.model.relationships if r.from_.table_key == self.entities[ds].table.key and parent is not None
                and r.to.table_key == parent.table.key and r.cardinality == "many_to_one"]
        if parent is None or not isinstance(f, Dimension) or f.column is None or len(rels) != 1:
            return None
        step = JoinStep(from_entity=ds, from_columns=list(rels[0].from_.columns), to_entity=other, to_columns=list(rels[0].to.columns))
        return JoinedFilter(path=[step], entity=other, dimension=f.name, column=f.column, value=value)

    def _number(self, dataset: str, column: str) -> None:
        """A field summed or averaged whose file gives no type is a number."""
        for d in self.entities[dataset].dimensions:
            if d.column == column and (dataset, d.name) not in self.typed and d.data_type == "unknown":
                d.data_type, d.role, d.semantic_provenance = "decimal", "measure", _INFERRED_NUMBER

    def _measure(self, path: str, m: dict, node: exp.Expression, dataset: str | None, name: str, mine: dict,
                 synonyms: list[str], metric_name: str) -> None:
        built = self._build_measure(path, m, node, dataset if dataset in self.entities else None)
        if built is None:
            return
        ds, measure = built
        entity = self.entities[ds]
        measure.name = self.fields[ds].measure_names.claim(ident(name, "measure"))
        measure.label = self.r.text(mine.get("label"), at(path, m))
        measure.description = self.r.text(m.get("description"), at(path, m, "description"))
        measure.synonyms, measure.hidden, measure.format = synonyms, bool(mine.get("hidden")), mine.get("format")
        measure.data_type = IR_TYPES.get(str(m.get("datatype"))) if m.get("datatype") in IR_TYPES and m.get("datatype") != "Opaque" else None
        measure.provenance = self.r.provenance(at(path, m))
        window = self.fields[ds].get(str(mine.get("non_additive_dimension") or ""))
        if isinstance(window, TimeDimension):
            measure.additivity, measure.non_additive_dimension = "semi_additive", window.name
        entity.measures.append(measure)
        self.metric_names[metric_name] = f"{entity.name}.{measure.name}"

    def _own_metric(self, path: str, m: dict, mine: dict, synonyms: list[str]) -> None:
        """A metric mb wrote: its structure is in the extension, by measure name."""
        assert self.model is not None
        name = str(m.get("name"))
        self.model.metrics.append(Metric(
            name=ident(name, "metric"), type=mine["type"], entity=mine.get("entity"), measure=mine.get("measure"),
            numerator=mine.get("numerator"), denominator=mine.get("denominator"), expr=mine.get("expr"),
            label=self.r.text(mine.get("label"), at(path, m)), description=self.r.text(m.get("description"), at(path, m, "description")),
            synonyms=synonyms, provenance=self.r.provenance(at(path, m)),
        ))
        self.metric_names[name] = ident(name, "metric")

    def _combined(self, path: str, m: dict, tree: exp.Expression, aggs: list[exp.AggFunc], synonyms: list[str]) -> None:
        """A metric combining aggregates: a measure per aggregate (an identical one is reused),
        and a ratio or derived metric over them."""
        built = [self._build_measure(path, m, node, None) for node in aggs]
        if any(b is None for b in built):
            return
        refs: dict[int, str] = {}
        owner = None
        for node, (ds, measure) in zip(aggs, built):
            entity = self.entities[ds]
            same = next((x for x in entity.measures if (x.agg, x.column, x.expr, x.filter, x.joined_filter)
                         == (measure.agg, measure.column, measure.expr, measure.filter, measure.joined_filter)), None)
            if same is None:
                measure.name = self.fields[ds].measure_names.claim(_measure_name(measure))
                measure.provenance = self.r.provenance(at(path, m, "expression"))
                entity.measures.append(measure)
                same = measure
            owner = owner or entity.name
            refs[id(node)] = f"{entity.name}.{same.name}"
        assert self.model is not None and owner is not None
        name = str(m.get("name"))
        common = dict(name=ident(name, "metric"), entity=owner, synonyms=synonyms, provenance=self.r.provenance(at(path, m)),
                      description=self.r.text(m.get("description"), at(path, m, "description")))
        ratio = ratio_of(tree)
        if ratio is not None and id(ratio[0]) in refs and id(ratio[1]) in refs:
            metric = Metric(type="ratio", numerator=_local(refs[id(ratio[0])], owner), denominator=_local(refs[id(ratio[1])], owner), **common)
        else:
            def swap(node: exp.Expression) -> exp.Expression:
                ref = refs.get(id(node))
                return exp.column(*reversed(ref.split("."))) if ref else node
            expr = tree.transform(swap).sql(dialect=self.dialect or None)
            metric = Metric(type="derived", expr=expr, **common)
        self.model.metrics.append(metric)
        self.metric_names[name] = metric.name

    def _metric_over_metrics(self, path: str, m: dict, tree: exp.Expression, refs: list[exp.Column]) -> None:
        """A metric over other metrics' names: derived, over the measures those stand for."""
        assert self.model is not None
        name = str(m.get("name"))
        targets = {c.name: self.metric_names[c.name] for c in refs}
        if any("." not in t for t in targets.values()):
            self.r.report(OS103, f"metric {name} combines metrics that are themselves combinations; the IR's derived metrics "
                                 "read measures only", at(path, m, "expression"))
            return
        owner = next(iter(targets.values())).split(".")[0]

        def swap(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column) and not node.table and node.name in targets:
                ent, _, measure = targets[node.name].partition(".")
                return exp.column(measure, ent) if ent != owner else exp.column(measure)
            return node

        self.model.metrics.append(Metric(
            name=ident(name, "metric"), type="derived", entity=owner, expr=tree.transform(swap).sql(dialect=self.dialect or None),
            description=self.r.text(m.get("description"), at(path, m, "description")), synonyms=self._ai_context(path, m, f"metric {name}"),
            provenance=self.r.provenance(at(path, m)),
        ))
        self.metric_names[name] = ident(name, "metric")


def _local(ref: str, owner: str) -> str:
    ent, _, name = ref.partition(".")
    return name if ent == owner else ref


def _measure_name(m: Measure) -> str:
    what = m.column or ("rows" if m.expr is None else "expr")
    base = {"count": "count", "count_distinct": "count_distinct", "sum": "total", "avg": "average", "min": "min", "max": "max"}[m.agg]
    return ident(base if m.agg == "count" and what == "rows" else f"{base}_{what}", "measure") + ("_filtered" if m.filter else "")


def read(files: Files, diags: Diagnostics, human: bool = False, dialect: str | None = None, fmt: str = "ossie") -> SemanticModel:
    """Every Ossie document in `files` as one SemanticModel. `human`: files people wrote
    (provenance human, with file:line; lines are tracked, at some cost), else mb's own."""
    reader = _Reader(Reading(fmt, diags, human), dialect)
    for path, doc in documents(files, diags, located=human):
        reader.document(path, doc)
    model = reader.model or SemanticModel(name="model", dialect=dialect or "")
    mark_keys(model)
    return model


def sniff(files: Files) -> int:
    """3 when a file declares an Ossie version and holds a semantic model, 2 for a semantic model
    alone, 0 otherwise (cheap: the first lines only)."""
    best = 0
    for path, text in files.items():
        if isinstance(text, bytes) or not path.endswith((".yaml", ".yml", ".json")):
            continue
        head = text[:4000]
        if "semantic_model" in head or "ontology_mappings" in text or ("version:" in head and "ontology:" in head):
            best = max(best, 3 if ("version" in head and ("0.1" in head or "0.2" in head)) else 2)
            if path.endswith(".json"):
                try:
                    json.loads(text)
                except ValueError:
                    best = min(best, 1)
    return best
