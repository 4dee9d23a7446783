"""The DuckDB frontend: catalog functions, keys, comments, views, counts, schema scope."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from compiler.diagnostics import Diagnostics, InputError
from compiler.frontends import open_source
from compiler.frontends.duckdb import read, view_query
from compiler.options import SourceOptions

# A table name that would drop table x if anything concatenated it into SQL unquoted.
HOSTILE = 'weird "name"; DROP TABLE x;--'


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


DDL = [
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR NOT NULL UNIQUE, name VARCHAR, "
    "created_at TIMESTAMP DEFAULT current_timestamp, score DECIMAL(10, 2) DEFAULT 0)",
    "COMMENT ON TABLE customers IS 'People who buy'",
    "COMMENT ON COLUMN customers.email IS 'Login e-mail'",
    "CREATE TABLE employees (id INTEGER PRIMARY KEY, manager_id INTEGER REFERENCES employees(id), badge VARCHAR)",
    "CREATE UNIQUE INDEX employees_badge_idx ON employees (badge)",
    "CREATE UNIQUE INDEX employees_lower_badge ON employees (lower(badge))",
    "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), "
    "sold_by INTEGER REFERENCES employees(id), approved_by INTEGER REFERENCES employees(id), "
    "amount DECIMAL(12, 2), UNIQUE (customer_id, id))",
    "CREATE TABLE order_lines (order_id BIGINT REFERENCES orders(id), line_no INTEGER, qty INTEGER NOT NULL, "
    "PRIMARY KEY (order_id, line_no))",
    "CREATE TABLE shipments (id INTEGER PRIMARY KEY, order_id BIGINT, line_no INTEGER, "
    "FOREIGN KEY (order_id, line_no) REFERENCES order_lines(order_id, line_no))",
    "CREATE TABLE x (id INTEGER)",
    f"CREATE TABLE {_quote(HOSTILE)} ({_quote('odd col')} INTEGER)",
    "CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100",
    "COMMENT ON VIEW big_orders IS 'Orders over 100'",
    "CREATE SCHEMA staging",
    "CREATE TABLE staging.raw_events (id INTEGER PRIMARY KEY, order_id BIGINT)",
    "CREATE TABLE staging.raw_refs (id INTEGER, event_id INTEGER REFERENCES staging.raw_events(id))",
    "INSERT INTO customers (id, email, name) VALUES (1, 'a@x', 'A'), (2, 'b@x', 'B'), (3, 'c@x', 'C')",
    "INSERT INTO employees VALUES (1, NULL, 'E1')",
    "INSERT INTO employees VALUES (2, 1, 'E2')",
    "INSERT INTO orders VALUES (10, 1, 1, 2, 50), (11, 2, 2, 1, 150)",
    "INSERT INTO order_lines VALUES (10, 1, 3), (10, 2, 1), (11, 1, 7)",
    "INSERT INTO x VALUES (1)",
    f"INSERT INTO {_quote(HOSTILE)} VALUES (1), (2)",
    "INSERT INTO staging.raw_events VALUES (1, 10), (2, 11), (3, 11), (4, 10)",
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("duckdb") / "shop.duckdb"
    con = duckdb.connect(str(path))
    for stmt in DDL:
        con.execute(stmt)
    con.close()
    return path


def _read(path, **options):
    diags = Diagnostics()
    snap = read(str(path), SourceOptions(**options), diags)
    return snap, diags


@pytest.fixture(scope="module")
def snap(db_path):
    snapshot, diags = _read(db_path)
    assert not diags.items, diags.render_text()
    return snapshot


def _table(snap, key):
    t = snap.table(key)
    assert t is not None, f"{key} missing from {[t.key for t in snap.tables]}"
    return t


def test_source_has_file_name_only(snap):
    assert snap.source.dialect == "duckdb"
    assert snap.source.description == "shop.duckdb"
    assert snap.source.database == "shop"


def test_default_schema_is_main(snap):
    assert {t.key: t.kind for t in snap.tables} == {
        "main.customers": "table",
        "main.employees": "table",
        "main.orders": "table",
        "main.order_lines": "table",
        "main.shipments": "table",
        "main.x": "table",
        f"main.{HOSTILE}": "table",
        "main.big_orders": "view",
    }


def test_columns_types_nullability_defaults_comments(snap):
    customers = _table(snap, "main.customers")
    assert [c.name for c in customers.columns] == ["id", "email", "name", "created_at", "score"]
    cols = {c.name: c for c in customers.columns}
    assert (cols["id"].type, cols["id"].nullable) == ("INTEGER", False)
    assert (cols["email"].type, cols["email"].nullable, cols["email"].comment) == ("VARCHAR", False, "Login e-mail")
    assert cols["name"].nullable is True
    assert cols["created_at"].type == "TIMESTAMP"
    assert "current_timestamp" in cols["created_at"].default.lower()
    assert cols["score"].type == "DECIMAL(10,2)"
    assert cols["score"].default is not None
    assert customers.comment == "People who buy"


def test_primary_and_unique_keys(snap):
    customers = _table(snap, "main.customers")
    assert customers.primary_key == ["id"]
    assert [uk.columns for uk in customers.unique_keys] == [["email"]]
    # a unique index is a key; one over an expression is not
    assert [(uk.columns, uk.name) for uk in _table(snap, "main.employees").unique_keys] == [(["badge"], "employees_badge_idx")]
    assert [uk.columns for uk in _table(snap, "main.orders").unique_keys] == [["customer_id", "id"]]
    assert _table(snap, "main.order_lines").primary_key == ["order_id", "line_no"]
    assert _table(snap, "main.x").primary_key == []


def test_foreign_keys(snap):
    def fks(key):
        return sorted((fk.columns, fk.ref_table.key, fk.ref_columns) for fk in _table(snap, key).foreign_keys)

    assert fks("main.employees") == [(["manager_id"], "main.employees", ["id"])]  # self reference
    assert fks("main.orders") == [  # two keys to the same table
        (["approved_by"], "main.employees", ["id"]),
        (["customer_id"], "main.customers", ["id"]),
        (["sold_by"], "main.employees", ["id"]),
    ]
    assert fks("main.order_lines") == [(["order_id"], "main.orders", ["id"])]
    assert fks("main.shipments") == [(["order_id", "line_no"], "main.order_lines", ["order_id", "line_no"])]
    assert fks("main.customers") == []


def test_view(snap):
    view = _table(snap, "main.big_orders")
    assert view.kind == "view"
    # DuckDB stores the view re-rendered; the CREATE VIEW prefix is stripped
    assert view.definition.startswith("SELECT id, amount FROM orders WHERE")
    assert "amount > 100" in view.definition
    assert view.comment == "Orders over 100"
    assert [c.name for c in view.columns] == ["id", "amount"]
    assert view.row_count is None


def test_row_counts(snap):
    counts = {t.name: t.row_count for t in snap.tables if t.kind == "table"}
    assert counts == {"customers": 3, "employees": 2, "orders": 2, "order_lines": 3, "shipments": 0, "x": 1, HOSTILE: 2}


def test_hostile_name_is_quoted_and_nothing_dropped(snap, db_path):
    weird = _table(snap, f"main.{HOSTILE}")
    assert [c.name for c in weird.columns] == ["odd col"]
    assert weird.row_count == 2
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM main.x").fetchone() == (1,)
    finally:
        con.close()


def test_schema_option_selects_schemas(db_path):
    snap, diags = _read(db_path, schemas=["staging"])
    assert not diags.items
    assert sorted(t.key for t in snap.tables) == ["staging.raw_events", "staging.raw_refs"]
    refs = snap.table("staging.raw_refs")
    assert [(fk.columns, fk.ref_table.key) for fk in refs.foreign_keys] == [(["event_id"], "staging.raw_events")]
    assert snap.table("staging.raw_events").row_count == 4

    both, _ = _read(db_path, schemas=["main", "staging"])
    assert {t.schema_ for t in both.tables} == {"main", "staging"}
    assert len(both.tables) == 10


def test_unknown_schema_is_reported(db_path):
    snap, diags = _read(db_path, schemas=["nope"])
    assert snap.tables == []
    # An error now (a mistyped schema must not compile into an empty model), naming what exists.
    assert [(d.code, d.severity) for d in diags.items] == [("FE017", "error")]
    assert "does not exist" in diags.items[0].message


def test_include_exclude_filter_before_counting(db_path):
    snap, _ = _read(db_path, include=["order*", "x"], exclude=["main.orders"])
    assert sorted(t.name for t in snap.tables) == ["order_lines", "x"]
    snap, _ = _read(db_path, schemas=["main", "staging"], include=["staging.*"])
    assert sorted(t.key for t in snap.tables) == ["staging.raw_events", "staging.raw_refs"]


def test_file_is_not_modified(db_path):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    _read(db_path, schemas=["main", "staging"])
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert not db_path.with_name(db_path.name + ".wal").exists()


def test_temporary_and_internal_objects_are_skipped(snap):
    names = {t.name for t in snap.tables}
    assert not names & {"duckdb_tables", "tables", "columns", "pg_class"}


def test_open_source_dispatches_and_finalizes(db_path):
    diags = Diagnostics()
    snap = open_source(str(db_path), SourceOptions(), diags)
    assert not diags.errors
    assert snap.source.dialect == "duckdb"
    assert [t.key for t in snap.tables] == sorted(t.key for t in snap.tables)
    pairs = {(r.from_.table_key, r.to.table_key) for r in snap.relationships}
    assert ("main.orders", "main.customers") in pairs
    assert ("main.employees", "main.employees") in pairs


def test_missing_file_is_fe001(tmp_path):
    with pytest.raises(InputError) as info:
        read(str(tmp_path / "nope.duckdb"), SourceOptions(), Diagnostics())
    assert info.value.code.code == "FE001"


def test_not_a_duckdb_file_is_fe002(tmp_path):
    path = tmp_path / "garbage.duckdb"
    path.write_text("not a database\n" * 200)
    with pytest.raises(InputError) as info:
        read(str(path), SourceOptions(), Diagnostics())
    assert info.value.code.code == "FE002"


def test_empty_database_reads_as_no_tables(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    snap, diags = _read(path)
    assert snap.tables == []


@pytest.mark.parametrize(
    "sql, query",
    [
        ("CREATE VIEW v AS SELECT 1;", "SELECT 1"),
        ('CREATE OR REPLACE VIEW "a AS b"(x, y) AS SELECT 1 AS x, 2', "SELECT 1 AS x, 2"),
        ("CREATE VIEW v AS WITH a AS (SELECT 1) SELECT * FROM a", "WITH a AS (SELECT 1) SELECT * FROM a"),
        (" SELECT id FROM t;", "SELECT id FROM t"),
    ],
)
def test_view_query_strips_create_view(sql, query):
    assert view_query(sql, "duckdb") == query


@pytest.mark.parametrize("per_query", [2, 200])
def test_row_counts_of_many_tables_share_statements(tmp_path, monkeypatch, per_query):
    import compiler.frontends.duckdb as frontend

    path = tmp_path / "many.duckdb"
    con = duckdb.connect(str(path))
    for i in range(7):
        con.execute(f'CREATE TABLE "t{i} ""x""" AS SELECT * FROM range({i * 3})')
    con.execute('CREATE VIEW v AS SELECT 1 AS a')
    con.close()
    monkeypatch.setattr(frontend, "COUNTS_PER_QUERY", per_query)
    diags = Diagnostics()
    snap = read(str(path), SourceOptions(), diags)
    counts = {t.key: t.row_count for t in snap.tables}
    assert counts == {**{f'main.t{i} "x"': i * 3 for i in range(7)}, "main.v": None}
    assert not diags.items
