"""TMDL files -> the part of the SemanticModel they express (for the round-trip check)."""

from __future__ import annotations

import json
import re

import sqlglot
from sqlglot import exp

from compiler.diagnostics import RT002, Diagnostics
from ir.catalog import TableRef
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, Measure, Metric, Relationship, RelationshipEnd, RowFilter, SemanticModel, TimeDimension
from backends import row_filters
from backends.powerbi import columns as cols
from backends.powerbi.build import KEY_OF, MB_NAME
from backends.powerbi.mquery import m_string, m_text, renamed_columns
from backends.powerbi.dax_parse import DaxSyntaxError, aggregation, call_name, measure_refs, parse as parse_dax
from compiler.readonce import parsed_once
from backends.powerbi.tmdl_parse import Node, TmdlSyntaxError, parse as parse_tmdl, unquote_name

_READ = Provenance(origin="declared", by="powerbi")
_NAV = re.compile(r'\[Schema = ("(?:[^"]|"")*"|Database), Item = "((?:[^"]|"")*)"\]')
_KIND = re.compile(r'\[Name = "((?:[^"]|"")*)", Kind = "(Schema|Table)"\]')
_ODBC = re.compile(r'Odbc\.Query\(DSN, "((?:[^"]|"")*)"\)')
_REF = re.compile(r"^('(?:[^']|'')*'|[^.']+)\.('(?:[^']|'')*'|.+)$")
CARDINALITY = {("many", "one"): "many_to_one", ("one", "one"): "one_to_one", ("many", "many"): "many_to_many", ("one", "many"): "one_to_many"}


def _text(value: str | None) -> Text | None:
    return Text(value=value, provenance=_READ) if value else None


def _label(node: Node) -> Text | None:
    return _text(node.name) if node.name != node.annotation(MB_NAME) else None


def parse_files(files: dict[str, str], diags: Diagnostics) -> dict[str, list[Node]]:
    out: dict[str, list[Node]] = {}
    for path in sorted(files):
        if not path.endswith(".tmdl"):
            continue
        try:
            out[path] = parsed_once(files[path], parse_tmdl)
        except TmdlSyntaxError as e:
            diags.report(RT002, f"TMDL does not parse: {e}", f"powerbi:{path}:{e.line}")
    return out


def source_table(m: str, dialect: str) -> TableRef | None:
    """The source table a partition's M reads (the shapes mquery.py writes)."""
    nav = _NAV.search(m)
    if nav:
        schema = nav.group(1)
        return TableRef(name=m_text(nav.group(2)), schema=None if schema == "Database" else m_text(schema[1:-1]))
    kinds = {k: m_text(v) for v, k in _KIND.findall(m)}
    if "Table" in kinds:
        return TableRef(name=kinds["Table"], schema=kinds.get("Schema"))
    odbc = _ODBC.search(m)
    if odbc:
        tree = sqlglot.parse_one(m_text(odbc.group(1)), read=dialect or None)
        t = tree.find(exp.Table)
        return TableRef(name=t.name, schema=t.db or None) if t else None
    return None


def live_rows(m: str, dialect: str) -> str | None:
    """The condition, in DuckDB's SQL, a partition keeps the rows of its table by (soft-deleted
    rows left out, backends.row_filters): a native query's WHERE, or a navigated source's
    Table.SelectRows step; None where it keeps every row."""
    odbc = _ODBC.search(m)
    if odbc:
        where = row_filters.select_where(m_text(odbc.group(1)), dialect)
        return where.sql("duckdb") if where is not None else None
    return row_filters.conditions_sql(row_filters.from_m(m, m_text, m_string), "duckdb")


def partition_filters(m: str, dialect: str) -> list[RowFilter]:
    """mb's row filters (backends.row_filters) a partition keeps the live rows of its table by:
    a native query's WHERE or a navigated source's Table.SelectRows step, read only where it is
    exactly the condition mb writes; a person's own filter gives none."""
    odbc = _ODBC.search(m)
    found = row_filters.where_filters(m_text(odbc.group(1)), dialect) if odbc else row_filters.from_m(m, m_text, m_string)
    return [f.model_copy(update={"provenance": _READ}) for f in found]


_STRING = r'"(?:[^"]|"")*"'
_NUMBERS = re.compile(r'\{"((?:[^"]|"")*)", each if _ = null or Text\.Trim\(_\) = ""(?: or _ = ("(?:[^"]|"")*"))? then null '
                      r'else (Int64|Number)\.From\((.*?), "en-US"\), ')
_REPLACE = re.compile(rf"^Text\.Replace\((.*), ({_STRING}), ({_STRING})\)$")
_FLAGS = re.compile(rf'\{{"((?:[^"]|"")*)", each if _ = null then null else if List\.Contains\(\{{((?:{_STRING}(?:, )?)+)\}}, Text\.Lower\(_\)\) '
                    rf'then true else if List\.Contains\(\{{((?:{_STRING}(?:, )?)+)\}}, Text\.Lower\(_\)\) then false else null, type logical\}}')


def _words(listed: str) -> list[exp.Expression]:
    return [exp.Literal.string(m_text(w[1:-1])) for w in re.findall(_STRING, listed)]

# A calendar's 0/1 number read as a true/false (mquery.value_reader): true where not 0.
_NUMBER_FLAGS = re.compile(r'\{"((?:[^"]|"")*)", each if _ = null then null else _ <> 0, type logical\}')


def read_columns(m: str, dialect: str) -> dict[str, str]:
    """Source column -> the SQL (DuckDB's) a partition reads it through, for the columns it does
    not read as they are: a number, money or a true/false kept as text, read from its text, and a
    calendar's 0/1 number read as a true/false (mquery.partition_source)."""
    odbc = _ODBC.search(m)
    if odbc:
        tree = sqlglot.parse_one(m_text(odbc.group(1)), read=dialect or None)
        return {p.alias: _sqlite_times(p.unalias()).sql(dialect="duckdb") for p in tree.expressions
                if isinstance(p, exp.Alias) and not isinstance(p.unalias(), exp.Column)}
    out = {}
    for column, marker, reader, text in _NUMBERS.findall(m):
        name = m_text(column)
        value: exp.Expression = exp.column(name, quoted=True)
        replaced = []
        while (r := _REPLACE.match(text)) is not None:
            text = r.group(1)
            replaced.append((m_text(r.group(2)[1:-1]), m_text(r.group(3)[1:-1])))
        if text != "_":
            continue
        for old, new in reversed(replaced):
            value = exp.Replace(this=value, expression=exp.Literal.string(old), replacement=exp.Literal.string(new))
        to = exp.DataType.build("BIGINT" if reader == "Int64" else "DOUBLE")
        value = exp.Trim(this=value)
        if marker:  # a marker of no number ('T' for a trace), read as null
            value = exp.Nullif(this=value, expression=exp.Literal.string(m_text(marker[1:-1])))
        out[name] = exp.Cast(this=exp.Nullif(this=value, expression=exp.Literal.string("")), to=to).sql(dialect="duckdb")
    for column, true, false in _FLAGS.findall(m):
        name = m_text(column)
        lower = exp.Lower(this=exp.column(name, quoted=True))
        ifs = [exp.If(this=exp.In(this=lower.copy(), expressions=_words(words)), true=exp.Boolean(this=truth))
               for words, truth in ((true, True), (false, False))]
        out[name] = exp.Case(ifs=ifs).sql(dialect="duckdb")
    for column in _NUMBER_FLAGS.findall(m):
        name = m_text(column)
        out[name] = exp.Cast(this=exp.column(name, quoted=True), to=exp.DataType.build("BOOLEAN")).sql(dialect="duckdb")
    return out


# SQLite's date functions of one argument read ISO text as that time; sqlglot keeps them as
# unknown functions, which DuckDB has no DATETIME of: a cast says the same there.
_SQLITE_TIMES = {"DATETIME": "TIMESTAMP", "DATE": "DATE"}


def _sqlite_times(tree: exp.Expression) -> exp.Expression:
    def cast(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and str(node.this).upper() in _SQLITE_TIMES and len(node.expressions) == 1:
            return exp.Cast(this=node.expressions[0], to=exp.DataType.build(_SQLITE_TIMES[str(node.this).upper()]))
        return node
    return tree.transform(cast)


def split_ref(text: str) -> tuple[str, str]:
    m = _REF.match(text.strip())
    if not m:
        return text, ""
    return unquote_name(m.group(1)), unquote_name(m.group(2))


def read(files: dict[str, str], diags: Diagnostics) -> SemanticModel:
    docs = parse_files(files, diags)
    name, dialect = "powerbi", ""
    for path, nodes in docs.items():
        for n in nodes:
            if n.kind == "database" and n.name:
                name = n.name
            if n.kind == "model":
                dialect = (n.annotation("mb_dialect") or "").replace("unknown", "")  # written for a model of no dialect
    entities: list[Entity] = []
    metrics: list[Metric] = []
    columns: dict[tuple[str, str], tuple[Entity, list[str]]] = {}  # (table, column display) -> source columns
    for path, nodes in docs.items():
        for t in (n for n in nodes if n.kind == "table" and not n.ref):
            entity, table_metrics = _table(t, dialect, columns)
            if t.annotation("mb_role_of"):
                continue  # the table again in a role (a self reference): its columns relate, it adds no entity
            entities.append(entity)
            metrics.extend(table_metrics)
    rels: list[Relationship] = []
    for path, nodes in docs.items():
        for r in (n for n in nodes if n.kind == "relationship"):
            ends = [columns.get(split_ref(r.prop(k) or "")) for k in ("fromColumn", "toColumn")]
            if None in ends:
                diags.report(RT002, f"relationship {r.name} refers to an unknown column", f"powerbi:{path}:{r.line}")
                continue
            (fe, fc), (te, tc) = ends
            card = CARDINALITY.get(((r.prop("fromCardinality") or "many").lower(), (r.prop("toCardinality") or "one").lower()), "many_to_one")
            rels.append(
                Relationship(
                    **{"from": RelationshipEnd(table=fe.table.name, schema=fe.table.schema_, columns=fc),
                       "to": RelationshipEnd(table=te.table.name, schema=te.table.schema_, columns=tc)},
                    cardinality=card,
                    origin="declared",
                )
            )
    return SemanticModel(name=name, dialect=dialect, entities=entities, relationships=rels, metrics=metrics)


def key_columns(c: Node) -> list[str] | None:
    """The columns of the compound key a calculated column joins (build.KEY_OF), if it is one."""
    try:
        value = json.loads(c.annotation(KEY_OF) or "null")
    except ValueError:
        return None
    return value if isinstance(value, list) and len(value) > 1 and all(isinstance(v, str) for v in value) else None


def _table(t: Node, dialect: str, columns: dict) -> tuple[Entity, list[Metric]]:
    partition = next(iter(t.objects("partition")), None)
    table = source_table(partition.prop("source") or "", dialect) if partition else None
    renamed = renamed_columns(partition.prop("source") or "") if partition else {}
    entity = Entity(
        name=t.annotation(MB_NAME) or t.name,
        table=table or TableRef(name=t.name),
        label=_label(t),
        description=_text(t.doc),
        hidden=t.prop("isHidden") is not None,
        row_filters=partition_filters(partition.prop("source") or "", dialect) if partition else [],
    )
    for c in t.objects("column"):
        key_of = key_columns(c)
        if key_of is not None:  # a compound key made one column: the relationship over it is over its columns
            columns[(t.name, c.name)] = (entity, key_of)
            continue
        field_name = c.annotation(MB_NAME) or c.name
        common = dict(
            name=field_name,
            column=renamed.get(c.prop("sourceColumn") or "", c.prop("sourceColumn")),
            expr=c.value if c.is_expr else None,
            label=_label(c),
            description=_text(c.doc),
            hidden=c.prop("isHidden") is not None,
        )
        hint = c.annotation("UnderlyingDateTimeDataType")
        dtype = (c.prop("dataType") or "string").lower()
        if dtype == "datetime" and hint != "Time" and c.annotation("mb_field") != "dimension":
            entity.time_dimensions.append(TimeDimension(data_type="date" if hint == "Date" else "timestamp", **common))
        else:
            data_type = {"Time": "time", "Date": "date"}.get(hint or "", "timestamp") if dtype == "datetime" else cols.READ_TYPES.get(dtype, "unknown")
            entity.dimensions.append(Dimension(data_type=data_type, primary_key=c.prop("isKey") is not None, **common))
            if entity.dimensions[-1].primary_key and common["column"]:
                entity.primary_key.append(common["column"])
        if common["column"]:
            columns[(t.name, c.name)] = (entity, [common["column"]])
    metrics: list[Metric] = []
    measure_names = {m.name: m.annotation(MB_NAME) or m.name for m in t.objects("measure")}
    for m in t.objects("measure"):
        if m.annotation("mb_role"):
            continue  # a measure along a role-playing relationship renders a relationship, not an IR measure
        common = dict(name=m.annotation(MB_NAME) or m.name, label=_label(m), description=_text(m.doc))
        try:
            tree = parse_dax(m.value or "")
        except DaxSyntaxError:
            tree = None
        kind = m.annotation("mb_metric")
        if kind:
            refs = [measure_names.get(r, r) for r in measure_refs(tree)] if tree is not None else []
            extra = {}
            if kind == "ratio" and call_name(tree) == "DIVIDE" and len(refs) == 2:
                extra = {"numerator": refs[0], "denominator": refs[1]}
            elif kind == "simple" and refs:
                extra = {"measure": refs[0]}
            else:
                extra = {"expr": m.value}
            metrics.append(Metric(type=kind, entity=entity.name, **extra, **common))
            continue
        agg = aggregation(tree) if tree is not None else None
        if agg is None:
            continue  # not a measure the IR knows; the round trip reports it missing
        entity.measures.append(Measure(agg=agg, hidden=m.prop("isHidden") is not None, **common))
    return entity, metrics
