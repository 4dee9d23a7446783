"""The SQL DDL frontend: hand-written dumps in the style of each tool, hostile names, broken files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from compiler.diagnostics import Diagnostics, InputError
from compiler.frontends import open_source
from compiler.frontends.ddl import read
from compiler.frontends.ddl_split import split
from compiler.options import SourceOptions
from ir.catalog import Table
from ir.snapshot import Snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ddl"


def _read(path: Path, dialect: str | None = None) -> tuple[Snapshot, Diagnostics]:
    diags = Diagnostics()
    return read(str(path), SourceOptions(dialect=dialect), diags), diags


def _write(tmp_path: Path, text: str, name: str = "schema.sql", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _sql(tmp_path: Path, text: str, dialect: str | None = None) -> tuple[Snapshot, Diagnostics]:
    return _read(_write(tmp_path, text), dialect)


def _table(snap: Snapshot, key: str) -> Table:
    t = snap.table(key)
    assert t is not None, f"{key} not in {[x.key for x in snap.tables]}"
    return t


def _cols(table: Table) -> list[tuple[str, str, bool]]:
    return [(c.name, c.type, c.nullable) for c in table.columns]


def _fks(table: Table) -> list[tuple[list[str], str, list[str]]]:
    return sorted((fk.columns, fk.ref_table.key, fk.ref_columns) for fk in table.foreign_keys)


def _uks(table: Table) -> list[list[str]]:
    return sorted(uk.columns for uk in table.unique_keys)


def _where(diags: Diagnostics, code: str) -> list[tuple[int, int]]:
    """(line, col) of every diagnostic with this code."""
    out = []
    for d in diags.items:
        if d.code == code and d.location:
            line, col = d.location.rsplit(":", 2)[1:]
            out.append((int(line), int(col)))
    return out


def _bulk(diags: Diagnostics, kind: str) -> tuple[int, int]:
    """(count, first line) of the one FE005 summarising a kind of skipped statement."""
    hits = [d for d in diags.items if d.code == "FE005" and f" {kind} statement" in d.message]
    assert len(hits) == 1, [d.render() for d in diags.items]
    count = int(hits[0].message.split()[1])
    return count, int(hits[0].location.rsplit(":", 2)[1])


# --- pg_dump ------------------------------------------------------------------------------------


def test_pg_dump_tables_columns_and_types():
    snap, diags = _read(FIXTURES / "pg_dump.sql", "postgres")
    assert sorted(t.key for t in snap.tables) == [
        "public.customers", "sales.OrderLines", "sales.big_orders", "sales.daily_totals", "sales.orders"]
    customers = _table(snap, "public.customers")
    assert _cols(customers) == [
        ("id", "integer", False),
        ("email", "character varying(255)", False),
        ("Full Name", "text", True),
        ("created_at", "timestamp with time zone", False),
        ("balance", "numeric(12,2)", True),
    ]
    assert customers.column("created_at").default == "now()"
    # The serial default comes from a later ALTER TABLE ... SET DEFAULT, kept as written.
    assert customers.column("id").default == "nextval('public.customers_id_seq'::regclass)"
    lines = _table(snap, "sales.OrderLines")
    assert lines.column("tags").type == "text[]"
    assert lines.column("status").default == "'pending'::public.order_status"
    assert _table(snap, "sales.orders").column("note").default == "'n/a'::character varying"
    assert not diags.has_errors()


def test_pg_dump_keys_come_from_alter_table_and_unique_indexes():
    snap, diags = _read(FIXTURES / "pg_dump.sql", "postgres")
    customers = _table(snap, "public.customers")
    assert customers.primary_key == ["id"]
    assert customers.primary_key_name == "customers_pkey"
    assert _uks(customers) == [["email"]]  # the lower(email) index is an expression: not a key
    lines = _table(snap, "sales.OrderLines")
    assert lines.primary_key == ["order_id", "line_no"]
    assert _uks(lines) == [["order_id", "product_code"]]
    assert _fks(lines) == [(["order_id"], "sales.orders", ["id"])]
    assert _fks(_table(snap, "sales.orders")) == [(["customer_id"], "public.customers", ["id"])]
    assert (127, 1) in _where(diags, "FE012")  # the expression index, reported where it is


def test_pg_dump_comments_views_and_skipped_statements():
    snap, diags = _read(FIXTURES / "pg_dump.sql", "postgres")
    customers = _table(snap, "public.customers")
    assert customers.comment == "People who buy things; one row per account."
    assert customers.column("Full Name").comment == "Name as typed, it's free text"
    view = _table(snap, "sales.big_orders")
    assert view.kind == "view"
    assert [(c.name, c.type) for c in view.columns] == [
        ("id", "bigint"), ("customer_id", "integer"), ("customer_email", "character varying(255)"), ("placed_text", "TEXT")]
    assert view.definition.startswith("SELECT o.id,") and view.definition.endswith("WHERE (o.id > 100)")
    totals = _table(snap, "sales.daily_totals")
    assert totals.kind == "materialized_view"
    assert [c.name for c in totals.columns] == ["placed_on", "n"]
    assert "WITH NO DATA" not in totals.definition
    # COPY data is skipped unparsed: the "CREATE TABLE nope" inside a data row is not a table.
    assert snap.table("nope") is None
    assert _bulk(diags, "COPY") == (2, 104)
    assert _bulk(diags, "SET") == (7, 10)
    assert _bulk(diags, "client command") == (2, 5)
    assert {(31, 1), (17, 1), (133, 1)} <= set(_where(diags, "FE005"))  # function, extension, trigger


def test_pg_dump_through_open_source_gives_relationships():
    diags = Diagnostics()
    snap = open_source(str(FIXTURES / "pg_dump.sql"), SourceOptions(dialect="postgres"), diags)
    assert snap.source.dialect == "postgres"
    assert snap.source.description == "pg_dump.sql"
    assert snap.source.database == "pg_dump"
    pairs = sorted((r.from_.table_key, r.to.table_key) for r in snap.relationships)
    assert pairs == [("sales.OrderLines", "sales.orders"), ("sales.orders", "public.customers")]
    assert not [d for d in diags.items if d.code == "FE010"]


# --- mysqldump ----------------------------------------------------------------------------------


def test_mysqldump_tables_comments_and_keys():
    snap, diags = _read(FIXTURES / "mysqldump.sql", "mysql")
    customer = _table(snap, "Customer")
    assert _cols(customer) == [
        ("CustomerId", "int unsigned", False),
        ("Email", "varchar(190)", False),
        ("display name", "varchar(100)", True),
        ("created", "datetime", False),
        ("Status", "enum('active','closed')", False),
    ]
    assert customer.comment == "Registered shoppers"
    assert customer.column("CustomerId").comment == "surrogate key"
    assert customer.column("display name").comment == "shown in the app; can't be empty"
    assert customer.column("display name").default is None  # DEFAULT NULL is no default
    assert customer.column("created").default == "CURRENT_TIMESTAMP"
    assert customer.primary_key == ["CustomerId"]
    assert customer.unique_keys[0].name == "uq_customer_email" and _uks(customer) == [["Email"]]
    item = _table(snap, "order_item")
    assert item.primary_key == ["order_id", "line"]
    assert item.column("price").default == "'0.00'"
    assert _fks(item) == [(["customer_id"], "Customer", ["CustomerId"])]
    assert item.foreign_keys[0].name == "fk_item_customer"
    assert (41, 1) in _where(diags, "FE012")  # ENGINE=... and the /*!50100 PARTITION ... */ dropped
    assert not diags.has_errors()


def test_mysqldump_views_procedures_and_data():
    snap, diags = _read(FIXTURES / "mysqldump.sql", "mysql")
    view = _table(snap, "active_customer")
    assert view.kind == "view"
    assert [(c.name, c.type) for c in view.columns] == [("CustomerId", "int unsigned"), ("Email", "varchar(190)")]
    assert view.definition.startswith("select `Customer`.`CustomerId`")  # the final definition wins
    assert (76, 1) in _where(diags, "FE005")  # the procedure inside DELIMITER ;;
    assert _bulk(diags, "INSERT") == (3, 36)
    assert _bulk(diags, "LOCK") == (2, 34)
    # The placeholder view is dropped and created again: nothing is reported as lost.
    assert not [d for d in diags.items if "dropped" in d.message]
    assert sorted(t.name for t in snap.tables) == ["Customer", "active_customer", "order_item"]


# --- SQL Server ---------------------------------------------------------------------------------


def test_sqlserver_script_with_go_brackets_and_identity():
    snap, diags = _read(FIXTURES / "sqlserver.sql", "tsql")
    cat = _table(snap, "dbo.Product Category")
    assert _cols(cat) == [("CategoryID", "int", False), ("Name", "nvarchar(50)", False), ("RowGuid", "uniqueidentifier", False)]
    assert cat.primary_key == ["CategoryID"] and cat.primary_key_name == "PK_ProductCategory"
    assert _uks(cat) == [["Name"]]
    order = _table(snap, "Sales.SalesOrder")
    assert order.primary_key == ["SalesOrderID"]
    assert order.column("TotalDue").type == "decimal(19, 4)"
    assert order.column("Notes").type == "nvarchar(max)"
    assert order.column("OrderDate").default == "(getdate())"  # ADD CONSTRAINT ... DEFAULT ... FOR
    assert _fks(order) == [(["CategoryID"], "dbo.Product Category", ["CategoryID"])]
    assert {(8, 1), (18, 1)} <= set(_where(diags, "FE012"))  # ON [PRIMARY], WITH (PAD_INDEX ...)
    assert (42, 1) in _where(diags, "FE005")  # the procedure, whole batch up to GO
    assert _bulk(diags, "INSERT") == (2, 63)
    assert _bulk(diags, "USE") == (1, 1)


def test_sqlserver_extended_properties_views_and_statements_without_go():
    snap, _ = _read(FIXTURES / "sqlserver.sql", "tsql")
    order = _table(snap, "Sales.SalesOrder")
    assert order.comment == "Orders placed by customers"
    assert order.column("TotalDue").comment == "Money owed, it's in USD"
    assert _table(snap, "dbo.Product Category").comment == "Grouping of products"  # positional arguments
    view = _table(snap, "Sales.vOrders")
    assert [(c.name, c.type) for c in view.columns] == [
        ("SalesOrderID", "int"), ("TotalDue", "decimal(19, 4)"), ("Category Name", "nvarchar(50)")]
    # Two CREATE TABLEs on consecutive lines with neither ';' nor GO are still two tables.
    assert _table(snap, "dbo.NoGoAfter").primary_key == ["id"]
    assert _fks(_table(snap, "dbo.Second")) == [(["first_id"], "dbo.NoGoAfter", ["id"])]


def test_sqlserver_default_named_after_a_key_constraint(tmp_path):
    """AdventureWorks writes `UNIQUE CONSTRAINT [UQ_..] DEFAULT (NEWID())`: the default's name after
    a key, which sqlglot cannot read. The table is kept, with its unique column."""
    path = _write(tmp_path, """CREATE TABLE [Production].[Document](
    [DocumentID] [int] NOT NULL,
    [rowguid] uniqueidentifier ROWGUIDCOL NOT NULL UNIQUE CONSTRAINT [UQ_Document_rowguid] DEFAULT (NEWID()),
    [ModifiedDate] [datetime] NOT NULL CONSTRAINT [DF_Document_ModifiedDate] DEFAULT (GETDATE())
) ON [PRIMARY];
""")
    snap, diags = _read(path, "tsql")
    doc = _table(snap, "Production.Document")
    assert [c.name for c in doc.columns] == ["DocumentID", "rowguid", "ModifiedDate"]
    assert _uks(doc) == [["rowguid"]]
    assert not diags.has_errors(), diags.render_text()


def test_sqlserver_utf16_script_as_ssms_saves_it(tmp_path):
    text = (FIXTURES / "sqlserver.sql").read_text(encoding="utf-8")
    path = _write(tmp_path, "\ufeff" + text, "ssms.sql", encoding="utf-16-le")
    snap, _ = _read(path, "tsql")
    assert snap.table("dbo.Product Category") is not None


# --- Oracle -------------------------------------------------------------------------------------


def test_oracle_sql_developer_ddl_and_plsql_blocks():
    snap, diags = _read(FIXTURES / "oracle.sql", "oracle")
    dept = _table(snap, "HR.DEPARTMENTS")
    assert _cols(dept) == [
        ("DEPARTMENT_ID", "NUMBER(4,0)", False), ("DEPARTMENT_NAME", "VARCHAR2(30 BYTE)", False), ("LOCATION", "VARCHAR2(100 CHAR)", True)]
    assert dept.primary_key == ["DEPARTMENT_ID"] and dept.primary_key_name == "DEPT_ID_PK"
    assert dept.comment == "Departments table; references locations."
    assert dept.column("DEPARTMENT_NAME").comment == "A not null column"
    emp = _table(snap, "hr.employees")
    assert emp.column("updated_at").type == "TIMESTAMP(6) WITH LOCAL TIME ZONE"
    assert emp.column("hire_date").default == "SYSDATE"
    assert emp.column("salary").comment == "Monthly; before tax"
    # Unquoted hr.departments(department_id) is the same object as "HR"."DEPARTMENTS"("DEPARTMENT_ID").
    assert _fks(emp) == [(["department_id"], "HR.DEPARTMENTS", ["DEPARTMENT_ID"])]
    hist = _table(snap, "hr.job_history")  # ended by '/' instead of ';'
    assert hist.primary_key == ["employee_id", "start_date"]
    assert _fks(hist) == [(["employee_id"], "hr.employees", ["employee_id"])]  # REFERENCES without columns: the PK
    assert {(34, 1), (45, 1)} <= set(_where(diags, "FE005"))
    assert _bulk(diags, "BEGIN") == (1, 50)
    assert _bulk(diags, "client command") == (2, 4)  # SET DEFINE OFF and PROMPT, which have no ';'
    assert (7, 3) in _where(diags, "FE012")  # storage clauses dropped


# --- SQLite, Snowflake, BigQuery, DuckDB --------------------------------------------------------


def test_sqlite_schema_dump():
    snap, diags = _read(FIXTURES / "sqlite_schema.sql", "sqlite")
    assert sorted(t.name for t in snap.tables) == ["album tracks", "artist_names", "artists"]  # no sqlite_sequence
    tracks = _table(snap, "album tracks")
    assert _cols(tracks) == [("TrackId", "INTEGER", False), ("AlbumId", "INTEGER", False), ("title", "", True), ("added_on", "TEXT", True)]
    assert tracks.column("added_on").default == "(datetime('now'))"
    assert tracks.primary_key == ["TrackId", "AlbumId"]
    assert _uks(tracks) == [["title"]]
    assert _fks(tracks) == [(["AlbumId"], "artists", ["ArtistId"])]
    assert _table(snap, "artists").primary_key == ["ArtistId"]
    # SELECT * over a table in the file takes that table's columns.
    assert [c.name for c in _table(snap, "artist_names").columns] == ["ArtistId", "Name"]
    assert (19, 1) in _where(diags, "FE005")  # the trigger, body and all
    assert not [d for d in diags.items if "END" in d.message]


def test_snowflake_transient_table_and_secure_view():
    snap, diags = _read(FIXTURES / "snowflake.sql", "snowflake")
    events = _table(snap, "RAW.PUBLIC.EVENTS")
    assert events.comment == "Raw clickstream"
    assert _cols(events)[:3] == [("EVENT_ID", "NUMBER(38,0)", False), ("PAYLOAD", "VARIANT", True), ("occurredAt", "TIMESTAMP_NTZ(9)", True)]
    assert events.column("USER_ID").comment == "who did it"
    assert events.primary_key == ["EVENT_ID"]
    assert _fks(events) == [(["USER_ID"], "RAW.PUBLIC.USERS", ["USER_ID"])]
    assert _uks(_table(snap, "RAW.PUBLIC.USERS")) == [["USER_ID"]]
    assert [c.type for c in _table(snap, "RAW.PUBLIC.EVENT_USERS").columns] == ["NUMBER(38,0)", "DATE"]
    assert (15, 1) in _where(diags, "FE005")  # the $$ procedure with a ';' in its body


def test_bigquery_backtick_paths_and_nested_types():
    snap, _ = _read(FIXTURES / "bigquery.sql", "bigquery")
    orders = _table(snap, "acme-prod.shop.orders")
    assert orders.schema_ == "acme-prod.shop" and orders.name == "orders"
    assert orders.comment == "Orders as exported"
    assert orders.column("customer").type == "STRUCT<id INT64, name STRING, address STRUCT<city STRING, zip STRING>>"
    assert orders.column("items").type == "ARRAY<STRUCT<sku STRING, qty INT64>>"
    assert orders.column("items").comment == "line items; one per product"
    assert orders.column("order_id").nullable is False
    view = _table(snap, "acme-prod.shop.recent_orders")
    assert [(c.name, c.type) for c in view.columns] == [("order_id", "INT64"), ("placed_at", "TIMESTAMP")]


def test_duckdb_nested_types_and_macros():
    snap, diags = _read(FIXTURES / "duckdb.sql", "duckdb")
    m = _table(snap, "analytics.measurements")
    assert [c.type for c in m.columns] == [
        "BIGINT", "VARCHAR", "DOUBLE[]", "STRUCT(unit VARCHAR, scale INTEGER)", "MAP(VARCHAR, VARCHAR)", "HUGEINT", "TIMESTAMPTZ"]
    assert m.primary_key == ["id"] and m.column("id").default == "nextval('analytics.seq_id')"
    assert (12, 1) in _where(diags, "FE005")


@pytest.mark.parametrize("name, dialect", [
    ("pg_dump.sql", "postgres"), ("mysqldump.sql", "mysql"), ("sqlserver.sql", "tsql"), ("oracle.sql", "oracle"),
    ("sqlite_schema.sql", "sqlite"), ("snowflake.sql", "snowflake"), ("bigquery.sql", "bigquery"), ("duckdb.sql", "duckdb"),
])
def test_dialect_is_guessed_without_dialect_option(name, dialect):
    snap, _ = _read(FIXTURES / name)
    assert snap.source.dialect == dialect


# --- names --------------------------------------------------------------------------------------

HOSTILE = "Robert'); DROP TABLE x;--"


@pytest.mark.parametrize("dialect, q", [("postgres", '"{}"'), ("mysql", "`{}`"), ("tsql", "[{}]"), ("sqlite", '"{}"')])
def test_hostile_names_survive_every_quoting_style(tmp_path, dialect, q):
    def ident(name: str) -> str:
        close = q[-1]
        return q.format(name.replace(close, close * 2))

    text = (
        f"CREATE TABLE {ident(HOSTILE)} (\n"
        f"  {ident('col with spaces')} int NOT NULL,\n"
        f"  {ident('say ' + q[-1] + 'hi' + q[-1])} varchar(10),\n"
        f"  {ident('select')} int,\n"
        f"  {ident('Ünïcødé naïve')} int,\n"
        f"  CONSTRAINT {ident('pk; really')} PRIMARY KEY ({ident('col with spaces')})\n"
        ");\n"
        f"CREATE TABLE x (id int, r int REFERENCES {ident(HOSTILE)} ({ident('col with spaces')}));\n"
    )
    snap, diags = _sql(tmp_path, text, dialect)
    t = _table(snap, HOSTILE)
    assert [c.name for c in t.columns] == ["col with spaces", f"say {q[-1]}hi{q[-1]}", "select", "Ünïcødé naïve"]
    assert t.primary_key == ["col with spaces"] and t.primary_key_name == "pk; really"
    assert _fks(_table(snap, "x")) == [(["r"], HOSTILE, ["col with spaces"])]
    assert not diags.has_errors()


def test_case_is_kept_as_written(tmp_path):
    snap, _ = _sql(tmp_path, 'CREATE TABLE MixedCase (CamelCol int, "quoted UPPER" INT, lower_one Text);', "postgres")
    t = _table(snap, "MixedCase")
    assert [(c.name, c.type) for c in t.columns] == [("CamelCol", "int"), ("quoted UPPER", "INT"), ("lower_one", "Text")]


def test_comment_on_a_hostile_column(tmp_path):
    text = (f'CREATE TABLE "{HOSTILE}" ("say ""hi""" text);\n'
            f'COMMENT ON COLUMN "{HOSTILE}"."say ""hi""" IS \'quotes \'\' and ; semicolons\';\n')
    snap, _ = _sql(tmp_path, text, "postgres")
    assert _table(snap, HOSTILE).column('say "hi"').comment == "quotes ' and ; semicolons"


# --- broken input -------------------------------------------------------------------------------


def test_malformed_column_list_is_an_error_with_its_position(tmp_path):
    text = ("CREATE TABLE good (id int PRIMARY KEY);\n"
            "\n"
            "CREATE TABLE broken (\n"
            "    id int,\n"
            "    amount numeric(10,2 NOT NULL,\n"
            "    note text\n"
            ");\n"
            "CREATE TABLE after_broken (id int);\n")
    diags = Diagnostics()
    with pytest.raises(InputError) as err:
        read(str(_write(tmp_path, text)), SourceOptions(dialect="postgres"), diags)
    assert err.value.code.code == "FE004"
    assert _where(diags, "FE004") == [(5, 12)]
    assert diags.exit_code() == 2


def test_malformed_table_deep_in_a_dump_points_into_the_file(tmp_path):
    rows = "".join(f"INSERT INTO t VALUES ({i}, 'row; {i}');\n" for i in range(50))
    text = "CREATE TABLE t (id int, s text);\n" + rows + "CREATE TABLE u (\n  a int,\n  b int DEFAULT,\n  c int\n);\n"
    diags = Diagnostics()
    with pytest.raises(InputError):
        read(str(_write(tmp_path, text)), SourceOptions(dialect="postgres"), diags)
    [(line, col)] = _where(diags, "FE004")
    assert (line, col) == (54, 16)


def test_garbage_file_is_an_error_at_its_first_statement(tmp_path):
    diags = Diagnostics()
    with pytest.raises(InputError) as err:
        read(str(_write(tmp_path, "\n\n   this is not SQL at all\nreally not; nope\n")), SourceOptions(), diags)
    assert err.value.code.code == "FE004"
    assert _where(diags, "FE004")[0] == (3, 4)


def test_unknown_dialect_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as err:
        read(str(_write(tmp_path, "CREATE TABLE t (a int);")), SourceOptions(dialect="klingon"), Diagnostics())
    assert err.value.code.code == "FE008"


def test_dialect_aliases_are_accepted(tmp_path):
    snap, _ = _sql(tmp_path, "CREATE TABLE t (a int);", "PostgreSQL")
    assert snap.source.dialect == "postgres"


def test_unparseable_table_options_are_dropped_with_a_warning(tmp_path):
    text = "-- c\nCREATE TABLE t (id int PRIMARY KEY, v text)\n  WITH (fillfactor=70) TABLESPACE fast INHERITS_FROM_NOWHERE 42;\n"
    snap, diags = _sql(tmp_path, text, "postgres")
    assert _cols(_table(snap, "t")) == [("id", "int", False), ("v", "text", True)]
    assert _where(diags, "FE012") == [(2, 1)]


def test_a_table_hidden_by_a_missing_semicolon_is_reported(tmp_path):
    text = "INSERT INTO t VALUES (1)\nCREATE TABLE lost (id int);\nCREATE TABLE t (id int);\n"
    snap, diags = _sql(tmp_path, text, "postgres")
    assert snap.table("lost") is None
    assert (2, 1) in _where(diags, "FE012")


def test_redefined_and_dropped_tables_are_reported(tmp_path):
    text = ("CREATE TABLE a (x int);\nCREATE TABLE a (x int, y int);\n"
            "CREATE TABLE gone (x int);\nDROP TABLE gone;\n")
    snap, diags = _sql(tmp_path, text, "postgres")
    assert [c.name for c in _table(snap, "a").columns] == ["x", "y"]
    assert snap.table("gone") is None
    assert {(2, 1), (4, 1)} <= set(_where(diags, "FE012"))


def test_foreign_key_to_a_table_not_in_the_file_is_left_to_finalize(tmp_path):
    path = _write(tmp_path, "CREATE TABLE a (id int, b_id int REFERENCES elsewhere.b(id));\n")
    diags = Diagnostics()
    snap = open_source(str(path), SourceOptions(dialect="postgres"), diags)
    assert _table(snap, "a").foreign_keys == []
    assert [d.code for d in diags.items if d.code == "FE010"] == ["FE010"]


def test_create_table_as_select_and_inline_keys(tmp_path):
    text = ("CREATE TABLE base (id int PRIMARY KEY, name varchar(20) UNIQUE, CONSTRAINT u2 UNIQUE (id, name));\n"
            "CREATE TABLE copy AS SELECT id, name AS label, CAST(id AS bigint) AS big FROM base;\n")
    snap, _ = _sql(tmp_path, text, "postgres")
    assert _uks(_table(snap, "base")) == [["id", "name"], ["name"]]
    copy = _table(snap, "copy")
    assert copy.kind == "table"
    assert [(c.name, c.type) for c in copy.columns] == [("id", "int"), ("label", "varchar(20)"), ("big", "BIGINT")]


# --- the scanner --------------------------------------------------------------------------------


def _starts(text: str, dialect: str) -> list[tuple[int, int, str]]:
    return [(s.line, s.col, s.text.split()[0]) for s in split(text, dialect)]


def test_split_tracks_line_and_column_of_each_statement():
    text = "SELECT 1; SELECT 'a;b';\n  /* x; */ CREATE TABLE t (a int); -- ;\nINSERT INTO t VALUES (1);"
    assert _starts(text, "postgres") == [(1, 1, "SELECT"), (1, 11, "SELECT"), (2, 12, "CREATE"), (3, 1, "INSERT")]


def test_split_dollar_quotes_and_escape_strings():
    text = "CREATE FUNCTION f() AS $body$ a; $$ b; $body$;\nSELECT E'it\\'s; fine';\nSELECT 2;"
    assert [s.line for s in split(text, "postgres")] == [1, 2, 3]


def test_split_mysql_hash_comments_backslashes_and_delimiter():
    text = ("# a comment; with a semicolon\nINSERT INTO t VALUES ('a\\';b');\n"
            "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$\nDELIMITER ;\nSELECT 3;")
    assert _starts(text, "mysql") == [(2, 1, "INSERT"), (4, 1, "CREATE"), (6, 1, "SELECT")]


def test_split_oracle_block_without_slash_falls_back_to_semicolons():
    text = "CREATE TYPE t AS OBJECT (a NUMBER);\nCREATE TABLE x (a NUMBER);\n"
    assert _starts(text, "oracle") == [(1, 1, "CREATE"), (2, 1, "CREATE")]


def test_split_copy_block_is_skipped_whole():
    text = "COPY t (a) FROM stdin;\n1;2\n'unterminated\n\\.\nCREATE TABLE z (a int);\n"
    assert _starts(text, "postgres") == [(1, 1, "COPY"), (5, 1, "CREATE")]


def test_split_never_crashes_on_unterminated_things():
    for text in ("CREATE TABLE t (a text DEFAULT 'oops", "SELECT $$ never closed", "/* open", 'CREATE TABLE "x'):
        list(split(text, "postgres"))
        list(split(text, "mysql"))


# --- scale --------------------------------------------------------------------------------------


def test_multi_megabyte_mysqldump_reads_fast(tmp_path):
    row = "({i},'it\\'s; row {i} -- no /* comment ''x'' \\\\', 'CREATE TABLE nope (a int);')"
    chunks = ["CREATE TABLE `t` (`id` int NOT NULL, `s` text, `u` text, PRIMARY KEY (`id`)) ENGINE=InnoDB;\nLOCK TABLES `t` WRITE;\n"]
    for b in range(3000):
        chunks.append("INSERT INTO `t` VALUES " + ",".join(row.format(i=b * 20 + i) for i in range(20)) + ";\n")
    chunks.append("UNLOCK TABLES;\nCREATE TABLE `u` (`id` int, `t_id` int, FOREIGN KEY (`t_id`) REFERENCES `t` (`id`));\n")
    path = _write(tmp_path, "".join(chunks), "big.sql")
    assert path.stat().st_size > 5_000_000
    started = time.perf_counter()
    snap, diags = _read(path, "mysql")
    elapsed = time.perf_counter() - started
    assert sorted(t.name for t in snap.tables) == ["t", "u"]
    assert _bulk(diags, "INSERT") == (3000, 3)
    assert elapsed < 4.0, elapsed


def test_large_pg_dump_with_copy_blocks_reads_fast(tmp_path):
    parts = []
    for n in range(200):
        parts.append(f"CREATE TABLE public.t{n} (id integer NOT NULL, v text);\n"
                     f"ALTER TABLE public.t{n} OWNER TO app;\n"
                     f"COPY public.t{n} (id, v) FROM stdin;\n" + "".join(f"{i}\tvalue; {i} 'q'\n" for i in range(200)) + "\\.\n\n")
    parts += [f"ALTER TABLE ONLY public.t{n}\n    ADD CONSTRAINT t{n}_pkey PRIMARY KEY (id);\n" for n in range(200)]
    path = _write(tmp_path, "".join(parts), "dump.sql")
    started = time.perf_counter()
    snap, diags = _read(path, "postgres")
    assert time.perf_counter() - started < 6.0
    assert len(snap.tables) == 200 and all(t.primary_key == ["id"] for t in snap.tables)
    assert _bulk(diags, "COPY")[0] == 200
    assert _bulk(diags, "ALTER TABLE")[0] == 200


def test_partitions_fold_into_their_parent_and_like_copies_its_columns(tmp_path):
    text = ("CREATE TABLE public.m (id int NOT NULL, d date) PARTITION BY RANGE (d);\n"
            "CREATE TABLE public.m_2020 PARTITION OF public.m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n"
            "CREATE TABLE copy_of_m (LIKE public.m INCLUDING ALL);\n")
    snap, diags = _sql(tmp_path, text, "postgres")
    assert sorted(t.key for t in snap.tables) == ["copy_of_m", "public.m"]
    assert [d.location for d in diags.items if d.code == "FE031"] == ["public.m_2020"]
    assert _cols(_table(snap, "public.m")) == [("id", "int", False), ("d", "date", True)]
    assert [c.name for c in _table(snap, "copy_of_m").columns] == ["id", "d"]
    assert not _where(diags, "FE012")


def test_pg_dump_partitions_attached_after_fold_into_their_parent(tmp_path):
    # pg_dump writes each partition as a table of its own, attached at the end of the dump.
    text = ("CREATE TABLE public.payment (payment_id integer NOT NULL, amount numeric(5,2), paid timestamp with time zone NOT NULL)\n"
            "PARTITION BY RANGE (paid);\n"
            "CREATE TABLE public.payment_p2022_01 (payment_id integer NOT NULL, amount numeric(5,2), paid timestamp with time zone NOT NULL);\n"
            "CREATE TABLE public.payment_p2022_02 (payment_id integer NOT NULL, amount numeric(5,2), paid timestamp with time zone NOT NULL);\n"
            "ALTER TABLE ONLY public.payment ATTACH PARTITION public.payment_p2022_01 FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');\n"
            "ALTER TABLE ONLY public.payment ATTACH PARTITION public.payment_p2022_02 FOR VALUES FROM ('2022-02-01') TO ('2022-03-01');\n")
    snap, diags = _sql(tmp_path, text, "postgres")
    assert [t.key for t in snap.tables] == ["public.payment"]
    assert sorted(d.location for d in diags.items if d.code == "FE031") == ["public.payment_p2022_01", "public.payment_p2022_02"]
    assert not any(d.code == "FE005" and "ALTER TABLE" in d.message for d in diags.items)


def test_a_virtual_generated_column_is_a_column(tmp_path):
    # PostgreSQL 18: computed on read (VIRTUAL) rather than stored.
    text = ("CREATE TABLE public.film (film_id integer NOT NULL, length smallint,\n"
            "    length_hours numeric(4,2) GENERATED ALWAYS AS (round(length / 60.0, 2)) VIRTUAL);\n")
    snap, diags = _sql(tmp_path, text, "postgres")
    assert [c.name for c in _table(snap, "public.film").columns] == ["film_id", "length", "length_hours"]
    assert not diags.has_errors()


def test_table_without_a_readable_definition_is_kept_by_name(tmp_path):
    snap, diags = _sql(tmp_path, "CREATE TABLE snap CLONE public.m AT (TIMESTAMP => 'x') WEIRD;\n", "postgres")
    assert _table(snap, "snap").columns == []
    assert _where(diags, "FE012") == [(1, 1)]


def test_create_table_inside_a_function_body_is_not_a_lost_table(tmp_path):
    text = "CREATE FUNCTION f() RETURNS void AS $$\nBEGIN\nCREATE TABLE tmp (a int);\nEND $$ LANGUAGE plpgsql;\n"
    snap, diags = _sql(tmp_path, text, "postgres")
    assert snap.tables == []
    assert not _where(diags, "FE012")
    assert _where(diags, "FE005") == [(1, 1)]


def test_oracle_column_without_a_type_takes_its_referenced_keys(tmp_path):
    """Oracle lets a referencing column omit its type; it is the key's (a chain settles too)."""
    snap, diags = _sql(tmp_path, """
        CREATE TABLE Orte (OrtsID INTEGER PRIMARY KEY, Name VARCHAR2(40));
        CREATE TABLE Adressen (AdressID INTEGER PRIMARY KEY, OrtsID CONSTRAINT fk_ort REFERENCES Orte);
        CREATE TABLE Kunden (KundenNr VARCHAR2(8) PRIMARY KEY, AdressID,
            CONSTRAINT fk_adr FOREIGN KEY (AdressID) REFERENCES Adressen(AdressID));
        CREATE TABLE Besuche (KundenNr, Tag DATE, CONSTRAINT fk_k FOREIGN KEY (KundenNr) REFERENCES Kunden);
    """, "oracle")
    assert not diags.has_errors()
    types = {(t.name, c.name): c.type for t in snap.tables for c in t.columns}
    assert types["Adressen", "OrtsID"] == "INTEGER"
    assert types["Kunden", "AdressID"] == "INTEGER"
    assert types["Besuche", "KundenNr"] == "VARCHAR2(8)"


@pytest.mark.parametrize("dialect,text", [
    # T-SQL: a column's reference spelled FOREIGN KEY REFERENCES
    ("tsql", "CREATE TABLE Cursos (Id INT PRIMARY KEY, IdInstituicao INT FOREIGN KEY REFERENCES Instituicoes (Id));"),
    # PostgreSQL (as data modelling tools write it): constraint timing after the reference
    ("postgres", "CREATE TABLE Cursos (Id INT PRIMARY KEY, IdInstituicao INT);\n"
                 "ALTER TABLE Cursos ADD CONSTRAINT c_i FOREIGN KEY (IdInstituicao) REFERENCES Instituicoes (Id)\n"
                 "    NOT DEFERRABLE INITIALLY IMMEDIATE;"),
    # Oracle: what ALTER TABLE adds wrapped in parentheses, the referenced key left implicit
    ("oracle", "CREATE TABLE Cursos (Id NUMBER(9) NOT NULL, IdInstituicao NUMBER(9));\n"
               "ALTER TABLE Cursos ADD ( CONSTRAINT pk_c PRIMARY KEY (Id) );\n"
               "ALTER TABLE Cursos ADD ( CONSTRAINT c_i FOREIGN KEY (IdInstituicao) REFERENCES Instituicoes ) ;"),
])
def test_foreign_keys_in_the_spellings_of_modelling_tools(tmp_path, dialect, text):
    snap, diags = _sql(tmp_path, "CREATE TABLE Instituicoes (Id INT PRIMARY KEY, Nome VARCHAR(40));\n" + text, dialect)
    assert not [d for d in diags.items if d.code == "FE012"]
    cursos = next(t for t in snap.tables if t.name.lower() == "cursos")
    assert _fks(cursos) == [(["IdInstituicao"], "Instituicoes", ["Id"])]
    assert cursos.primary_key == ["Id"]


def test_a_comparison_in_a_check_does_not_unbalance_the_column_list(tmp_path):
    """`CHECK (adet > 0)` before a table constraint over two columns: the `>` compares, it closes
    no type bracket, so the constraint's column list is not read as a column `urun_id)`."""
    snap, _ = _sql(tmp_path, """
        CREATE TABLE siparis_detay (
            urun_id INT NOT NULL,
            adet INT NOT NULL CHECK (adet > 0),
            etiketler ARRAY<VARCHAR(10)>,
            CONSTRAINT uq UNIQUE (adet, urun_id)
        );""", "postgres")
    t = _table(snap, "siparis_detay")
    assert [(c.name, c.type) for c in t.columns][:2] == [("urun_id", "INT"), ("adet", "INT")]


def test_a_tsql_computed_column_has_the_type_its_expression_converts_to(tmp_path):
    """Wide World Importers computes `IsFinalized` as a CASE of CONVERT(bit, ...) and
    `ConfirmedDeliveryTime` as a TRY_CONVERT to datetime2 of a JSON value: a flag and a time, as
    the database types them; a computed column that converts nothing says no type."""
    snap, _ = _sql(tmp_path, """CREATE TABLE [Sales].[CustomerTransactions](
    [CustomerTransactionID] [int] NOT NULL,
    [FinalizationDate] [date] NULL,
    [ReturnedDeliveryData] [nvarchar](max) NULL,
    [IsFinalized]  AS (case when [FinalizationDate] IS NULL then CONVERT([bit],(0)) else CONVERT([bit],(1)) end) PERSISTED,
    [ConfirmedDeliveryTime]  AS (TRY_CONVERT([datetime2](7),json_value([ReturnedDeliveryData],N'$.DeliveredWhen'),(126))),
    [Rounded] AS (CAST([CustomerTransactionID] * 2 AS decimal(18, 2))),
    [ConfirmedReceivedBy]  AS (json_value([ReturnedDeliveryData],N'$.ReceivedBy')),
    CONSTRAINT [PK_Sales_CustomerTransactions] PRIMARY KEY CLUSTERED ([CustomerTransactionID] ASC)
);
""", "tsql")
    types = {c.name: c.type.upper() for c in snap.tables[0].columns}
    assert types["IsFinalized"] == "BIT" and types["ConfirmedDeliveryTime"].startswith("DATETIME2")
    assert types["Rounded"].replace(" ", "") in ("DECIMAL(18,2)", "NUMERIC(18,2)") and types["ConfirmedReceivedBy"] == ""
