"""Power Query (M) partitions and connection parameters, per source dialect.

The connection is a set of parameters in expressions.tmdl (Server, Database, and for ODBC a
DSN) so one model can be pointed at another server without touching the table files. Choices:
- tsql -> Sql.Database; postgres / redshift -> PostgreSQL.Database; mysql / mariadb ->
  MySQL.Database; oracle -> Oracle.Database; all navigate by [Schema, Item].
- snowflake -> Snowflake.Databases and bigquery -> GoogleBigQuery.Database navigate by
  [Name, Kind] (the connectors' own navigation shape).
- anything else (duckdb, sqlite, trino...) -> Odbc.Query over a DSN with a native SELECT of the
  emitted columns quoted for the source dialect: ODBC navigation tables differ per driver,
  a native query does not.
Each partition keeps exactly the model's columns (Table.SelectColumns), so columns the source
gains later do not break a refresh.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from backends.powerbi import names
from compiler.types import flag_column, sqlglot_dialect, unblanked

NAVIGATED = {
    "tsql": ("Sql.Database(Server, Database)", "Schema", "dbo"),
    "postgres": ("PostgreSQL.Database(Server, Database)", "Schema", "public"),
    "redshift": ("AmazonRedshift.Database(Server, Database)", "Schema", "public"),
    "mysql": ("MySQL.Database(Server, Database, [ReturnSingleDatabase = true])", "Schema", None),
    "oracle": ("Oracle.Database(Server)", "Schema", None),
}
KIND_NAVIGATED = {
    "snowflake": ("Snowflake.Databases(Server, Warehouse)", ["Database", "Schema", "Table"]),
    "bigquery": ("GoogleBigQuery.Database()", ["Database", "Schema", "Table"]),
}
ODBC = "odbc"
DEFAULT_KIND_SCHEMA = "PUBLIC"  # Snowflake's default schema; navigation by [Name, Kind] needs one


def connector(dialect: str) -> str:
    if dialect in NAVIGATED:
        return dialect
    if dialect in KIND_NAVIGATED:
        return dialect
    return ODBC


_M_NAMED = {"\r": "#(cr)", "\n": "#(lf)", "\t": "#(tab)"}
_M_ESCAPE = re.compile('"|#\\(|[\x00-\x1f\x7f-\x9f\u2028\u2029]')
_M_UNESCAPE = re.compile(r'""|#\(([^)]*)\)')
_M_CODES = {"cr": "\r", "lf": "\n", "tab": "\t", "#": "#"}


def _m_escape(m: re.Match) -> str:
    ch = m.group()
    if ch == '"':
        return '""'
    if ch == "#(":
        return "#(#)("  # `#(#)` is a literal `#`
    return _M_NAMED.get(ch) or f"#({ord(ch):04X})"


def m_string(text: str) -> str:
    """An M text literal: quotes doubled, `#(` and control characters escaped (`#(lf)`), so
    the literal stays on one line and means exactly `text`."""
    return '"' + _M_ESCAPE.sub(_m_escape, text) + '"'


def m_text(body: str) -> str:
    """The text of an M literal, given what stands between its quotes."""

    def un(m: re.Match) -> str:
        if m.group() == '""':
            return '"'
        out = []
        for code in m.group(1).split(","):
            code = code.strip()
            out.append(_M_CODES.get(code.lower()) if code.lower() in _M_CODES else chr(int(code, 16)))
        return "".join(out)

    return _M_UNESCAPE.sub(un, body)


def source_names(columns: list[str]) -> dict[str, str]:
    """The name each source column gets in the partition: its own, unless a TMDL property
    cannot hold it (a line break, a control character), then its cleaned display form, unique."""
    taken = {c.casefold() for c in columns if names.tmdl_safe(c)}
    out = {}
    for c in columns:
        if names.tmdl_safe(c):
            out[c] = c
        else:
            out[c] = names.unique(names.clean(c) or "column", taken)
            taken.add(out[c].casefold())
    return out


_RENAME = re.compile(r'\{("(?:[^"]|"")*"), ("(?:[^"]|"")*")\}')


def renamed_columns(m: str) -> dict[str, str]:
    """{name in the model: source column} for the columns a partition renames."""
    i = m.find("Table.RenameColumns(")
    if i < 0:
        return {}
    return {m_text(new[1:-1]): m_text(old[1:-1]) for old, new in _RENAME.findall(m[i:])}


def parameters(dialect: str, options: dict, model_name: str) -> list[tuple[str, str, str]]:
    """(name, M value text, description) of the connection parameters."""
    kind = connector(dialect)
    server = str(options.get("server") or "localhost")
    database = str(options.get("database") or model_name)
    if kind == ODBC:
        dsn = str(options.get("dsn") or f"dsn={model_name}")
        return [("DSN", m_string(dsn), f"ODBC connection string of the {dialect} source.")]
    out = [("Server", m_string(server), f"Server (host) of the {dialect} source.")]
    if kind == "snowflake":
        out.append(("Warehouse", m_string(str(options.get("warehouse") or "COMPUTE_WH")), "Snowflake warehouse that runs the queries."))
    if kind != "oracle":
        out.append(("Database", m_string(database), f"Database of the {dialect} source."))
    return out


def parameter_expression(value: str) -> str:
    return f'{value} meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]'


# How M reads a number kept as text (normalize_types): its '' (or blanks) as null, as NULLIF does.
NUMBER_READERS = {"integer": ("Int64.From", "Int64.Type"), "decimal": ("Number.From", "type number")}
# The types a partition reads from text through a step of M, and the M type each step gives.
TEXT_READERS = {**{t: r[1] for t, r in NUMBER_READERS.items()}, "boolean": "type logical"}


def value_reader(cast: str, data_type: str, dialect: str) -> str | None:
    """The M function body reading a column's text as `cast` (its SQL in `dialect`) does: a number,
    money with its symbol and separators replaced, a true/false pair's words; None for another
    expression. The forms are the ones normalize_types writes, and read.read_columns reads back."""
    try:
        tree = sqlglot.parse_one(cast, read=sqlglot_dialect(dialect))
    except Exception:  # noqa: BLE001 - no cast mb wrote
        return None
    if data_type == "boolean" and isinstance(tree, exp.Case) and flag_column(tree) is not None:
        tests = []
        for branch in tree.args["ifs"]:
            words = ", ".join(m_string(e.name) for e in branch.this.expressions)
            tests.append(f"if List.Contains({{{words}}}, Text.Lower(_)) then {'true' if branch.args['true'].this else 'false'}")
        return f"each if _ = null then null else {' else '.join(tests)} else null"
    if (data_type == "boolean" and isinstance(tree, exp.Cast) and tree.to.is_type(exp.DataType.Type.BOOLEAN)
            and isinstance(tree.this, exp.Column)):
        return "each if _ = null then null else _ <> 0"  # a calendar's 0/1 number: true where not 0, as the cast reads it
    if data_type not in NUMBER_READERS or not isinstance(tree, exp.Cast) or not isinstance(tree.this, exp.Nullif):
        return None
    value, replaced, markers = tree.this.this, [], ""
    if isinstance(value, exp.Nullif) and value.expression.is_string:
        markers = f" or _ = {m_string(value.expression.name)}"  # a marker of no number ('T' for a trace)
        value = value.this
    while isinstance(value, exp.Replace):
        replaced.append((value.expression.name, value.args["replacement"].name))
        value = value.this
    if not isinstance(value, exp.Column) or unblanked(tree.this) is not value:
        return None
    text = "_"
    for old, new in reversed(replaced):  # innermost first
        text = f"Text.Replace({text}, {m_string(old)}, {m_string(new)})"
    return f'each if _ = null or Text.Trim(_) = ""{markers} then null else {NUMBER_READERS[data_type][0]}({text}, "en-US")'


def _values_step(last: str, readers: dict[str, tuple[str, str]]) -> str:
    """An M step reading the columns of `readers` (column -> (M function, M type)) from their text."""
    items = ", ".join(f"{{{m_string(c)}, {reader}, {kind}}}" for c, (reader, kind) in readers.items())
    return f"    Values = Table.TransformColumns({last}, {{{items}}})"


def partition_source(dialect: str, schema: str | None, table: str, columns: list[str], quote,
                     casts: dict[str, tuple[str, str]] | None = None, where: str | None = None,
                     keep_rows: str | None = None) -> str:
    """The M of one table's partition. `quote(name)` quotes an identifier for the source.
    Columns whose names TMDL cannot hold are renamed (source_names) in a last step. `casts`:
    column -> (its SQL cast in the source dialect, its type) for numbers, money and true/false kept
    as text: a native query selects the cast, a navigated source reads the text in a step of its own.
    `where` (SQL) and `keep_rows` (M's `each` function) keep the live rows of a table that keeps its
    soft-deleted ones (backends.row_filters): a native query's WHERE, a navigated source's step
    before the columns are chosen (the mark may be no column of the model)."""
    casts = casts or {}
    kind = connector(dialect)
    keep = "{" + ", ".join(m_string(c) for c in columns) + "}"
    if kind == ODBC:
        select = ", ".join(f"{casts[c][0]} AS {quote(c)}" if c in casts else quote(c) for c in columns) or "*"
        target = f"{quote(schema)}.{quote(table)}" if schema else quote(table)
        sql = f"SELECT {select} FROM {target}" + (f" WHERE {where}" if where else "")
        steps, last = [f"    Source = Odbc.Query(DSN, {m_string(sql)})"], "Source"
    elif kind in KIND_NAVIGATED:
        call, kinds = KIND_NAVIGATED[kind]
        steps = [f"    Source = {call}"]
        prev = "Source"
        for k, name in zip(kinds, ["Database", m_string(schema or DEFAULT_KIND_SCHEMA), m_string(table)]):
            steps.append(f"    {k}Data = {prev}{{[Name = {name}, Kind = {m_string(k)}]}}[Data]")
            prev = f"{k}Data"
        if keep_rows:
            steps.append(f"    Live = Table.SelectRows({prev}, {keep_rows})")
            prev = "Live"
        steps.append(f"    Columns = Table.SelectColumns({prev}, {keep})")
        last = "Columns"
    else:
        call, key, default_schema = NAVIGATED[kind]
        schema_value = m_string(schema) if schema else ("Database" if default_schema is None else m_string(default_schema))
        steps = [
            f"    Source = {call}",
            f"    Data = Source{{[{key} = {schema_value}, Item = {m_string(table)}]}}[Data]",
        ]
        if keep_rows:
            steps.append(f"    Live = Table.SelectRows(Data, {keep_rows})")
        steps.append(f"    Columns = Table.SelectColumns({'Live' if keep_rows else 'Data'}, {keep})")
        last = "Columns"
    readers = {c: (reader, TEXT_READERS[casts[c][1]]) for c in columns if c in casts and casts[c][1] in TEXT_READERS
               and (reader := value_reader(casts[c][0], casts[c][1], dialect)) is not None}
    if kind != ODBC and readers:
        steps.append(_values_step(last, readers))
        last = "Values"
    renames = [(old, new) for old, new in source_names(columns).items() if old != new]
    if renames:
        pairs = ", ".join(f"{{{m_string(old)}, {m_string(new)}}}" for old, new in renames)
        steps.append(f"    Renamed = Table.RenameColumns({last}, {{{pairs}}})")
        last = "Renamed"
    return "\n".join(["let", ",\n".join(steps), "in", f"    {last}"])


def sql_quoter(dialect: str):
    """A function quoting one identifier for `dialect` with sqlglot."""

    def quote(name: str) -> str:
        try:
            return exp.to_identifier(name, quoted=True).sql(dialect=dialect or None)
        except Exception:  # an unknown dialect: ANSI quoting
            return '"' + name.replace('"', '""') + '"'

    return quote
