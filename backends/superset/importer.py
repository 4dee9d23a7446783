"""A Superset bundle people exported (a folder, or its zip) -> SemanticModel with human provenance.

Physical datasets become entities, their columns dimensions (time dimensions where `is_dttm`,
calculated columns expressions), their metrics measures when a metric is one aggregation of the
dataset's columns (`SUM(amount)`, `COUNT(DISTINCT id)`, a filter written as `CASE WHEN` inside
it), or a ratio of two. The database's SQLAlchemy URI gives the dialect. Virtual datasets (a SQL
query) become view-kind entities of their name, and other metrics are reported with their file and
line (SS102); charts, dashboards and display settings once (SS103).
"""

from __future__ import annotations

import io
import zipfile

import sqlglot
from sqlglot.errors import SqlglotError

from backends.aggregates import AggregateError, aggregates, ratio_of, read_aggregate
from backends.base import Files
from backends.importing import Fields, Reading, at, ident, mark_keys, new_entity
from backends.superset.codes import SS101, SS102, SS103
from compiler.diagnostics import Diagnostics
from compiler.yamlio import YamlSyntaxError, load_located
from ir.semantic import Dimension, Measure, Metric, SemanticModel, TimeDimension

SCHEMES = {"postgresql": "postgres", "postgres": "postgres", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite", "duckdb": "duckdb",
           "mssql": "tsql", "snowflake": "snowflake", "bigquery": "bigquery", "redshift": "redshift", "trino": "trino", "presto": "presto",
           "oracle": "oracle", "clickhouse": "clickhouse", "databricks": "databricks", "hive": "hive"}
TYPES = [("BOOL", "boolean"), ("TIMESTAMP", "timestamp"), ("DATETIME", "timestamp"), ("DATE", "date"), ("TIME", "time"),
         ("BIGINT", "integer"), ("INT", "integer"), ("NUMERIC", "decimal"), ("DECIMAL", "decimal"), ("DOUBLE", "float"),
         ("FLOAT", "float"), ("REAL", "float"), ("CHAR", "string"), ("TEXT", "string"), ("STRING", "string"), ("UUID", "uuid"),
         ("JSON", "json")]
SETTINGS = {"main_dttm_col", "cache_timeout", "offset", "default_endpoint", "filter_select_enabled", "fetch_values_predicate",
            "extra", "normalize_columns", "always_filter_main_dttm", "template_params", "catalog", "version", "external_url",
            "is_managed_externally", "uuid", "database_uuid", "sql", "table_name", "schema", "description", "columns", "metrics"}


def _type(native: str | None) -> str:
    text = (native or "").upper()
    return next((t for key, t in TYPES if key in text), "unknown")


def unpack(files: Files) -> dict[str, str]:
    """The bundle's YAML files by path inside the bundle folder (a zip's members included; its
    top folder dropped)."""
    out: dict[str, str] = {}
    for path, content in sorted(files.items()):
        if isinstance(content, bytes) and path.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                for member in z.namelist():
                    if member.endswith((".yaml", ".yml")):
                        inner = member.split("/", 1)[1] if "/" in member else member
                        out.setdefault(inner, z.read(member).decode("utf-8", "replace"))
        elif isinstance(content, str):
            out.setdefault(path, content)
    return out


class _Importer:
    def __init__(self, files: Files, diags: Diagnostics, dialect: str | None) -> None:
        self.r = Reading("superset", diags, human=True)
        self.dialect = dialect
        self.docs: dict[str, dict] = {}
        try:
            texts = unpack(files)
        except zipfile.BadZipFile as e:
            self.r.report(SS101, f"not a zip: {e}", next(p for p in files if p.endswith(".zip")))
            texts = {}
        for path, text in texts.items():
            try:
                doc = load_located(text)
            except YamlSyntaxError as e:
                self.r.report(SS101, f"does not parse: {e.message}", f"{path}:{e.line}" if e.line else path)
                continue
            if isinstance(doc, dict):
                self.docs[path] = doc
        uris = [d.get("sqlalchemy_uri") for p, d in self.docs.items() if "databases/" in p and d.get("sqlalchemy_uri")]
        if self.dialect is None and uris:
            scheme = str(uris[0]).split("://", 1)[0].split("+", 1)[0].lower()
            self.dialect = SCHEMES.get(scheme, "")
        self.model = SemanticModel(name="superset", dialect=self.dialect or "", source="superset")
        names = [d.get("database_name") for p, d in self.docs.items() if "databases/" in p and d.get("database_name")]
        if names:
            self.model.name = ident(str(names[0]), "model")

    def dataset(self, path: str, d: dict) -> None:
        where = at(path, d)
        table = str(d.get("table_name") or "")
        kind = "table"
        if d.get("sql"):
            kind = "view"
            self.r.report(SS102, f"dataset {table} is virtual (a SQL query); imported as a view named {table} (the IR holds no SQL of "
                                 "its own for an entity)", at(path, d, "sql"))
        entity = new_entity(self.r, table, table, d.get("schema") or None, kind=kind, description=self.r.text(d.get("description"), where))
        fields = Fields(entity)
        for c in d.get("columns") or []:
            name = str(c.get("column_name") or "")
            cw = at(path, c)
            expr = str(c["expression"]).strip() if c.get("expression") else None
            if expr:
                try:
                    sqlglot.parse_one(expr, read=self.dialect or None)
                except SqlglotError as e:
                    self.r.report(SS102, f"column {table}.{name}: its expression does not parse ({str(e).splitlines()[0]}); not imported", cw)
                    continue
            common = dict(name=fields.claim(name), column=None if expr else name, expr=expr, label=self.r.text(c.get("verbose_name"), cw),
                          description=self.r.text(c.get("description"), cw), hidden=c.get("is_active") is False,
                          provenance=self.r.provenance(cw))
            data_type = _type(c.get("type"))
            if c.get("is_dttm") and data_type in ("date", "timestamp", "unknown"):
                node: Dimension | TimeDimension = TimeDimension(data_type="date" if data_type == "date" else "timestamp", **common)
            else:
                node = Dimension(data_type=data_type, **common)
            fields.add(name, node)
        for m in d.get("metrics") or []:
            self.metric(path, entity, fields, m)
        shown = sorted(k for k in d if k not in SETTINGS | {"sql"} and d.get(k) not in (None, "", [], {}))
        settings = sorted(k for k in ("main_dttm_col", "cache_timeout", "offset", "default_endpoint", "extra") if d.get(k))
        if settings or shown:
            self.r.report(SS103, f"dataset {table}: {', '.join(settings + shown)} not imported", where)
        self.model.entities.append(entity)

    def metric(self, path: str, entity, fields: Fields, m: dict) -> None:
        name, where = str(m.get("metric_name") or ""), at(path, m)
        try:
            tree = sqlglot.parse_one(str(m.get("expression") or ""), read=self.dialect or None)
            aggs = aggregates(tree)
            built = [read_aggregate(a, qualified=False) for a in aggs]
        except (SqlglotError, AggregateError) as e:
            self.r.report(SS102, f"metric {entity.name}.{name} not imported: {str(e).splitlines()[0]}", where)
            return
        common = dict(label=self.r.text(m.get("verbose_name"), where), description=self.r.text(m.get("description"), where),
                      provenance=self.r.provenance(where))
        fmt = "percent" if "%" in str(m.get("d3format") or "") else None

        def measure(agg, measure_name: str) -> Measure:
            arg, cond = agg.arg, agg.filter
            column = arg.name if arg is not None and isinstance(arg, sqlglot.exp.Column) else None
            expr = arg.sql(dialect=self.dialect or None) if arg is not None and column is None else None
            return Measure(name=fields.names.claim(ident(measure_name, "measure")), agg=agg.agg, column=column, expr=expr,
                           filter=cond.sql(dialect=self.dialect or None) if cond is not None else None, format=fmt)

        if len(aggs) == 1 and aggs[0] is tree:
            entity.measures.append(measure(built[0], name).model_copy(update=common))
            return
        ratio = ratio_of(tree)
        if len(aggs) == 2 and ratio is not None and ratio[0] is aggs[0] and ratio[1] is aggs[1]:
            num, den = measure(built[0], f"{name}_numerator"), measure(built[1], f"{name}_denominator")
            num.hidden = den.hidden = True
            entity.measures.extend([num, den])
            self.model.metrics.append(Metric(name=fields.names.claim(ident(name, "metric")), type="ratio", entity=entity.name,
                                             numerator=num.name, denominator=den.name, **common))
            return
        self.r.report(SS102, f"metric {entity.name}.{name} is neither one aggregation nor a ratio of two; not imported", where)

    def run(self) -> SemanticModel:
        others = [p for p in self.docs if p.startswith(("charts/", "dashboards/"))]
        if others:
            self.r.report(SS103, f"{len(others)} charts and dashboards are not part of the model; not imported", others[0])
        for path, d in self.docs.items():
            if path.startswith("datasets/") or "/datasets/" in path:
                self.dataset(path, d)
        mark_keys(self.model)
        return self.model


def import_bundle(files: Files, diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
    return _Importer(files, diags, dialect).run()


def sniff(files: Files) -> int:
    paths = list(unpack({p: c for p, c in files.items() if not isinstance(c, bytes) or p.endswith(".zip")}))
    if any(p.startswith("datasets/") for p in paths) and any(p.startswith("databases/") for p in paths):
        return 3
    return 2 if any(p.startswith("datasets/") for p in paths) else 0
