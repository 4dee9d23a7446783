"""Frontend for DuckDB database files, read through DuckDB's own catalog functions.

duckdb-engine's SQLAlchemy reflection cannot read keys, so this frontend asks DuckDB directly:
duckdb_tables(), duckdb_views(), duckdb_columns(), duckdb_constraints() and duckdb_indexes().
The file is opened read-only; nothing is written to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType

from compiler.diagnostics import FE001, FE002, FE013, FE015, Diagnostics, InputError
from compiler.frontends.common import report_missing_schemas, report_no_match
from compiler.options import SourceOptions
from ir.catalog import Column, ForeignKey, Table, TableRef, UniqueKey
from ir.snapshot import Snapshot, Source

DEFAULT_SCHEMA = "main"
DIALECT = "duckdb"


def read(location: str, options: SourceOptions, diags: Diagnostics) -> Snapshot:
    path = Path(location)
    if not path.exists():
        raise InputError(FE001, f"no such file: {location}", location)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        text = _message(e)
        code = FE002 if "not a valid duckdb database" in text.lower() else FE013
        raise InputError(code, f"cannot open the DuckDB file: {text}", location) from None
    try:
        tables = _read_catalog(con, options, diags, location)
    except duckdb.Error as e:
        raise InputError(FE013, f"reading the DuckDB catalog failed: {_message(e)}", location) from None
    finally:
        con.close()
    return Snapshot(source=Source(dialect=DIALECT, description=path.name, database=path.stem), tables=tables)


def _read_catalog(con: Any, options: SourceOptions, diags: Diagnostics, location: str) -> list[Table]:
    (database,) = con.execute("SELECT current_database()").fetchone()
    schemas = list(options.schemas) or [DEFAULT_SCHEMA]
    # Objects of this file in the schemas asked for; columns and constraints are matched to the
    # tables kept here, so internal and temporary objects never get in.
    scope = "database_name = ? AND list_contains(?::VARCHAR[], schema_name)"
    objects = f"{scope} AND NOT internal AND NOT temporary"

    existing = {
        r["schema_name"] for r in _rows(con, "SELECT schema_name FROM duckdb_schemas() WHERE database_name = ?", [database])
    }
    missing = [s for s in schemas if s not in existing]
    if missing:
        report_missing_schemas(diags, missing, sorted(existing))
        return []

    tables: dict[tuple[str, str], Table] = {}
    seen: list[tuple[str, str]] = []
    for row in _rows(con, f"SELECT * FROM duckdb_tables() WHERE {objects}", [database, schemas]):
        seen.append((row["schema_name"], row["table_name"]))
        if options.wants(row["table_name"], row["schema_name"]):
            tables[(row["schema_name"], row["table_name"])] = Table(
                name=row["table_name"], schema=row["schema_name"], kind="table", comment=row.get("comment") or None
            )
    for row in _rows(con, f"SELECT * FROM duckdb_views() WHERE {objects}", [database, schemas]):
        seen.append((row["schema_name"], row["view_name"]))
        if options.wants(row["view_name"], row["schema_name"]):
            tables[(row["schema_name"], row["view_name"])] = Table(
                name=row["view_name"],
                schema=row["schema_name"],
                kind="view",
                comment=row.get("comment") or None,
                definition=view_query(row.get("sql"), DIALECT),
            )

    if seen and not tables:
        report_no_match(diags, options, seen)
        return []

    col_sql = f"SELECT * FROM duckdb_columns() WHERE {scope} ORDER BY schema_name, table_name, column_index"
    for row in _rows(con, col_sql, [database, schemas]):
        table = tables.get((row["schema_name"], row["table_name"]))
        if table is not None:
            table.columns.append(
                Column(
                    name=row["column_name"],
                    type=row["data_type"],
                    nullable=bool(row["is_nullable"]),
                    default=row.get("column_default"),
                    comment=row.get("comment") or None,
                )
            )

    con_sql = f"SELECT * FROM duckdb_constraints() WHERE {scope} ORDER BY constraint_index"
    for row in _rows(con, con_sql, [database, schemas]):
        table = tables.get((row["schema_name"], row["table_name"]))
        if table is not None:
            _add_constraint(table, row, diags)

    idx_sql = f"SELECT * FROM duckdb_indexes() WHERE {scope} AND is_unique ORDER BY index_name"
    for row in _rows(con, idx_sql, [database, schemas]):
        table = tables.get((row["schema_name"], row["table_name"]))
        cols = _index_columns(row.get("sql"))
        if table is not None and cols:
            _add_unique(table, cols, row.get("index_name"))

    _count_rows([t for t in tables.values() if t.kind == "table"], con, database, diags)
    return list(tables.values())


COUNTS_PER_QUERY = 200  # row counts of this many tables in one UNION ALL statement


def _count_rows(tables: list[Table], con: Any, database: str, diags: Diagnostics) -> None:
    """Row counts, many tables per statement (a statement per table cost more than counting a
    small table); when a shared statement fails, table by table, so only the failing one is left empty."""
    for start in range(0, len(tables), COUNTS_PER_QUERY):
        part = tables[start:start + COUNTS_PER_QUERY]
        # Names quoted by sqlglot one by one: rendering a whole statement per table cost more.
        queries = [f"SELECT {i}, COUNT(*) FROM {_quote(database)}.{_quote(t.schema_)}.{_quote(t.name)}" for i, t in enumerate(part)]
        try:
            for i, count in con.execute(" UNION ALL ".join(queries)).fetchall():
                part[i].row_count = count
            continue
        except duckdb.Error:
            pass
        for t, query in zip(part, queries):
            try:
                (_i, t.row_count) = con.execute(query).fetchone()
            except duckdb.Error as e:
                diags.report(FE015, f"could not count rows ({_message(e)}); row_count left empty", t.key)


def _quote(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect=DIALECT)


def _add_constraint(table: Table, row: dict, diags: Diagnostics) -> None:
    kind = row["constraint_type"]
    cols = list(row.get("constraint_column_names") or [])
    if kind == "PRIMARY KEY":
        table.primary_key = cols
    elif kind == "UNIQUE":
        _add_unique(table, cols, None)
    elif kind == "FOREIGN KEY":
        ref_table = row.get("referenced_table")
        ref_cols = list(row.get("referenced_column_names") or [])
        if not ref_table or not ref_cols:  # DuckDB versions without these columns: read the text
            ref_table, ref_cols = _parse_references(row.get("constraint_text") or "")
        if not ref_table:
            diags.report(FE015, f"foreign key not understood: {row.get('constraint_text')}", table.key)
            return
        # DuckDB only allows foreign keys inside one schema.
        table.foreign_keys.append(
            ForeignKey(columns=cols, ref_table=TableRef(name=ref_table, schema=table.schema_), ref_columns=ref_cols)
        )


def _add_unique(table: Table, cols: list[str], name: str | None) -> None:
    if not cols or cols == table.primary_key or any(uk.columns == cols for uk in table.unique_keys):
        return
    table.unique_keys.append(UniqueKey(columns=cols, name=name))


def _parse_references(text: str) -> tuple[str | None, list[str]]:
    try:
        create = sqlglot.parse_one(f"CREATE TABLE _t ({text})", dialect=DIALECT)
    except sqlglot.errors.SqlglotError:
        return None, []
    ref = create.find(exp.Reference)
    if ref is None or not isinstance(ref.this, exp.Schema):
        return None, []
    return ref.this.this.name, [c.name for c in ref.this.expressions]


def _index_columns(sql: str | None) -> list[str]:
    """The plain columns of a CREATE UNIQUE INDEX statement; empty when any part is an expression."""
    if not sql:
        return []
    try:
        create = sqlglot.parse_one(sql, dialect=DIALECT)
    except sqlglot.errors.SqlglotError:
        return []
    params = create.find(exp.IndexParameters)
    if params is None:
        return []
    cols = []
    for item in params.args.get("columns") or []:
        node = item.this if isinstance(item, exp.Ordered) else item
        if not isinstance(node, exp.Column):
            return []
        cols.append(node.name)
    return cols


def view_query(sql: str | None, dialect: str) -> str | None:
    """The query of a view: `CREATE [OR REPLACE] VIEW name [(cols)] AS <query>` -> `<query>`.

    Text that is already a bare query is returned as is (minus a trailing semicolon).
    """
    if sql is None:
        return None
    text = sql.strip()
    try:
        tokens = sqlglot.Dialect.get_or_raise(dialect).tokenize(text)
    except Exception:  # a tokenizer hiccup must not lose the definition
        tokens = []
    view_at = next((i for i, t in enumerate(tokens) if t.token_type == TokenType.VIEW), None)
    if tokens and tokens[0].token_type == TokenType.CREATE and view_at is not None:
        depth = 0
        for tok in tokens[view_at:]:
            if tok.token_type == TokenType.L_PAREN:
                depth += 1
            elif tok.token_type == TokenType.R_PAREN:
                depth -= 1
            elif tok.token_type == TokenType.ALIAS and depth == 0:
                text = text[tok.end + 1:].strip()
                break
    return text.rstrip(";").rstrip() or None


def _rows(con: Any, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _message(e: BaseException) -> str:
    return " ".join(str(e).split())
