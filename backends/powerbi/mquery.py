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

from sqlglot import exp

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


def m_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


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


def partition_source(dialect: str, schema: str | None, table: str, columns: list[str], quote) -> str:
    """The M of one table's partition. `quote(name)` quotes an identifier for the source."""
    kind = connector(dialect)
    keep = "{" + ", ".join(m_string(c) for c in columns) + "}"
    if kind == ODBC:
        select = ", ".join(quote(c) for c in columns) or "*"
        target = f"{quote(schema)}.{quote(table)}" if schema else quote(table)
        sql = f"SELECT {select} FROM {target}"
        return "\n".join(["let", f"    Source = Odbc.Query(DSN, {m_string(sql)})", "in", "    Source"])
    if kind in KIND_NAVIGATED:
        call, kinds = KIND_NAVIGATED[kind]
        steps = [f"    Source = {call}"]
        prev = "Source"
        for k, name in zip(kinds, ["Database", m_string(schema or DEFAULT_KIND_SCHEMA), m_string(table)]):
            steps.append(f"    {k}Data = {prev}{{[Name = {name}, Kind = {m_string(k)}]}}[Data]")
            prev = f"{k}Data"
        steps.append(f"    Columns = Table.SelectColumns({prev}, {keep})")
        return "\n".join(["let", ",\n".join(steps), "in", "    Columns"])
    call, key, default_schema = NAVIGATED[kind]
    schema_value = m_string(schema) if schema else ("Database" if default_schema is None else m_string(default_schema))
    steps = [
        f"    Source = {call}",
        f"    Data = Source{{[{key} = {schema_value}, Item = {m_string(table)}]}}[Data]",
        f"    Columns = Table.SelectColumns(Data, {keep})",
    ]
    return "\n".join(["let", ",\n".join(steps), "in", "    Columns"])


def sql_quoter(dialect: str):
    """A function quoting one identifier for `dialect` with sqlglot."""

    def quote(name: str) -> str:
        try:
            return exp.to_identifier(name, quoted=True).sql(dialect=dialect or None)
        except Exception:  # an unknown dialect: ANSI quoting
            return '"' + name.replace('"', '""') + '"'

    return quote
