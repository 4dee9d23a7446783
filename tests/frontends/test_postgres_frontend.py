"""The SQLAlchemy frontend against the local PostgreSQL service (integration)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from tests.services import POSTGRES_URL, unique_name

from compiler.diagnostics import Diagnostics, InputError
from compiler.frontends import open_source
from compiler.frontends.sqlalchemy import read
from compiler.options import SourceOptions

# A table name that would drop table x if anything concatenated it into SQL unquoted.
HOSTILE = 'weird "name" 100%; DROP TABLE x;--'


def _ddl(s: str, other: str, hostile: str, public_table: str) -> list[str]:
    return [
        f'CREATE SCHEMA "{s}"',
        f'CREATE SCHEMA "{other}"',
        f"""CREATE TABLE "{s}".customers (
            id serial PRIMARY KEY,
            email varchar(200) NOT NULL CONSTRAINT customers_email_key UNIQUE,
            name text,
            created_at timestamptz DEFAULT now(),
            tags text[]
        )""",
        f"""COMMENT ON TABLE "{s}".customers IS 'People who buy'""",
        f"""COMMENT ON COLUMN "{s}".customers.email IS 'Login e-mail'""",
        f'CREATE UNIQUE INDEX customers_lower_name ON "{s}".customers (lower(name))',
        f"""CREATE TABLE "{s}".employees (
            id integer CONSTRAINT employees_pk PRIMARY KEY,
            manager_id integer REFERENCES "{s}".employees(id),
            badge varchar(20)
        )""",
        f'CREATE UNIQUE INDEX employees_badge_idx ON "{s}".employees (badge)',
        f'CREATE UNIQUE INDEX employees_partial ON "{s}".employees (manager_id) WHERE manager_id > 100',
        f"""CREATE TABLE "{s}".orders (
            id bigint PRIMARY KEY,
            customer_id integer NOT NULL REFERENCES "{s}".customers(id),
            sold_by integer CONSTRAINT orders_sold_by_fk REFERENCES "{s}".employees(id),
            approved_by integer CONSTRAINT orders_approved_by_fk REFERENCES "{s}".employees(id),
            amount numeric(12, 2) DEFAULT 0,
            CONSTRAINT orders_customer_id_id_key UNIQUE (customer_id, id)
        )""",
        f"""CREATE TABLE "{s}".order_lines (
            order_id bigint REFERENCES "{s}".orders(id),
            line_no integer,
            qty integer NOT NULL,
            PRIMARY KEY (order_id, line_no)
        )""",
        f"""CREATE TABLE "{s}".shipments (
            id integer PRIMARY KEY,
            order_id bigint,
            line_no integer,
            FOREIGN KEY (order_id, line_no) REFERENCES "{s}".order_lines(order_id, line_no)
        )""",
        f'CREATE TABLE "{s}".x (id integer)',
        f'CREATE TABLE "{s}".{hostile} ("odd ""col""" text)',
        f'CREATE VIEW "{s}".big_orders AS SELECT id, amount FROM "{s}".orders WHERE amount > 100',
        f"""COMMENT ON VIEW "{s}".big_orders IS 'Orders over 100'""",
        f'CREATE MATERIALIZED VIEW "{s}".order_totals AS SELECT customer_id, sum(amount) AS total FROM "{s}".orders GROUP BY customer_id',
        f'CREATE TABLE "{other}".audit (id integer PRIMARY KEY, order_id bigint REFERENCES "{s}".orders(id))',
        f"CREATE TABLE public.{public_table} (id integer PRIMARY KEY)",
        f"INSERT INTO \"{s}\".customers (email, name) VALUES ('a@x', 'A'), ('b@x', 'B'), ('c@x', 'C')",
        f'INSERT INTO "{s}".employees VALUES (1, NULL, \'E1\'), (2, 1, \'E2\')',
        f'INSERT INTO "{s}".orders VALUES (10, 1, 1, 2, 50), (11, 2, 2, 1, 150)',
        f'INSERT INTO "{s}".order_lines VALUES (10, 1, 3), (10, 2, 1), (11, 1, 7)',
        f'INSERT INTO "{s}".{hostile} VALUES (\'q\'), (\'r\')',
        f'INSERT INTO "{s}".x VALUES (1)',
        f'REFRESH MATERIALIZED VIEW "{s}".order_totals',
    ]


@pytest.fixture(scope="module")
def pg(postgres_engine):
    """A throwaway schema (plus a second one and a table in public), dropped afterwards."""
    s, other, public_table = unique_name(), unique_name(), unique_name()
    hostile = postgres_engine.dialect.identifier_preparer.quote_identifier(HOSTILE)
    try:
        with postgres_engine.begin() as conn:
            for stmt in _ddl(s, other, hostile, public_table):
                conn.exec_driver_sql(stmt)
        yield {"schema": s, "other": other, "public_table": public_table}
    finally:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{s}" CASCADE')
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{other}" CASCADE')
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS public.{public_table}")


def _read(**options) -> tuple:
    diags = Diagnostics()
    snap = read(POSTGRES_URL, SourceOptions(**options), diags)
    return snap, diags


@pytest.fixture(scope="module")
def snap(pg):
    snapshot, diags = _read(schemas=[pg["schema"]])
    assert not diags.items, diags.render_text()
    return snapshot


def _table(snap, schema, name):
    t = snap.table(f"{schema}.{name}")
    assert t is not None, f"{schema}.{name} missing from {[t.key for t in snap.tables]}"
    return t


@pytest.mark.postgres
def test_source_is_postgres_without_credentials(snap):
    assert snap.source.dialect == "postgres"
    assert snap.source.database == "test"
    assert snap.source.description == "postgresql://postgres@127.0.0.1:5432/test"  # as given, whichever driver is installed


@pytest.mark.postgres
def test_tables_views_and_kinds(snap, pg):
    s = pg["schema"]
    kinds = {t.name: t.kind for t in snap.tables}
    assert kinds == {
        "customers": "table",
        "employees": "table",
        "orders": "table",
        "order_lines": "table",
        "shipments": "table",
        "x": "table",
        HOSTILE: "table",
        "big_orders": "view",
        "order_totals": "materialized_view",
    }
    assert all(t.schema_ == s for t in snap.tables)


@pytest.mark.postgres
def test_columns_types_nullability_defaults_comments(snap, pg):
    customers = _table(snap, pg["schema"], "customers")
    cols = {c.name: c for c in customers.columns}
    assert [c.name for c in customers.columns] == ["id", "email", "name", "created_at", "tags"]
    assert cols["id"].type == "INTEGER" and cols["id"].nullable is False
    assert "nextval" in cols["id"].default
    assert cols["email"].type == "VARCHAR(200)" and cols["email"].nullable is False
    assert cols["email"].comment == "Login e-mail"
    assert cols["name"].type == "TEXT" and cols["name"].nullable is True
    assert cols["created_at"].type == "TIMESTAMP WITH TIME ZONE"
    assert cols["created_at"].default == "now()"
    assert cols["tags"].type == "TEXT[]"
    assert customers.comment == "People who buy"
    orders = _table(snap, pg["schema"], "orders")
    assert orders.column("amount").type == "NUMERIC(12, 2)"
    assert orders.column("id").type == "BIGINT"


@pytest.mark.postgres
def test_primary_and_unique_keys(snap, pg):
    s = pg["schema"]
    customers = _table(snap, s, "customers")
    assert customers.primary_key == ["id"]
    assert customers.primary_key_name == "customers_pkey"
    # the expression index lower(name) is not a key
    assert [(uk.columns, uk.name) for uk in customers.unique_keys] == [(["email"], "customers_email_key")]

    employees = _table(snap, s, "employees")
    assert employees.primary_key_name == "employees_pk"
    # a unique index is a key; a partial unique index is not
    assert [uk.columns for uk in employees.unique_keys] == [["badge"]]

    assert _table(snap, s, "order_lines").primary_key == ["order_id", "line_no"]
    assert [uk.columns for uk in _table(snap, s, "orders").unique_keys] == [["customer_id", "id"]]
    assert _table(snap, s, "x").primary_key == []


@pytest.mark.postgres
def test_foreign_keys(snap, pg):
    s = pg["schema"]

    def fks(name):
        return sorted((fk.columns, fk.ref_table.schema_, fk.ref_table.name, fk.ref_columns) for fk in _table(snap, s, name).foreign_keys)

    assert fks("employees") == [(["manager_id"], s, "employees", ["id"])]  # self reference
    assert fks("orders") == [  # two keys to the same table
        (["approved_by"], s, "employees", ["id"]),
        (["customer_id"], s, "customers", ["id"]),
        (["sold_by"], s, "employees", ["id"]),
    ]
    assert fks("shipments") == [(["order_id", "line_no"], s, "order_lines", ["order_id", "line_no"])]  # composite
    names = {fk.name for fk in _table(snap, s, "orders").foreign_keys}
    assert {"orders_sold_by_fk", "orders_approved_by_fk"} <= names


@pytest.mark.postgres
def test_views_have_definitions_and_no_row_count(snap, pg):
    view = _table(snap, pg["schema"], "big_orders")
    assert view.definition is not None
    assert view.definition.lstrip().upper().startswith("SELECT")
    assert "amount > " in view.definition
    assert view.comment == "Orders over 100"
    assert [c.name for c in view.columns] == ["id", "amount"]
    assert view.row_count is None
    mat = _table(snap, pg["schema"], "order_totals")
    assert mat.definition and "sum(" in mat.definition.lower()
    assert [c.name for c in mat.columns] == ["customer_id", "total"]


@pytest.mark.postgres
def test_row_counts(snap, pg):
    counts = {t.name: t.row_count for t in snap.tables if t.kind == "table"}
    assert counts == {"customers": 3, "employees": 2, "orders": 2, "order_lines": 3, "shipments": 0, "x": 1, HOSTILE: 2}
    assert _table(snap, pg["schema"], "order_totals").row_count == 2


@pytest.mark.postgres
def test_hostile_name_is_quoted_and_nothing_dropped(snap, pg, postgres_engine):
    weird = _table(snap, pg["schema"], HOSTILE)
    assert [c.name for c in weird.columns] == ['odd "col"']
    assert weird.row_count == 2
    with postgres_engine.connect() as conn:
        assert conn.exec_driver_sql(f'SELECT count(*) FROM "{pg["schema"]}".x').scalar_one() == 1


@pytest.mark.postgres
def test_default_schema_is_public(pg):
    snap, diags = _read(include=[pg["public_table"]])
    assert [(t.schema_, t.name) for t in snap.tables] == [("public", pg["public_table"])]
    assert snap.tables[0].primary_key == ["id"]


@pytest.mark.postgres
def test_several_schemas_and_cross_schema_foreign_key(pg):
    s, other = pg["schema"], pg["other"]
    snap, diags = _read(schemas=[s, other], include=["orders", "audit"])
    assert sorted(t.key for t in snap.tables) == sorted([f"{s}.orders", f"{other}.audit"])
    audit = snap.table(f"{other}.audit")
    assert [(fk.ref_table.schema_, fk.ref_table.name) for fk in audit.foreign_keys] == [(s, "orders")]


@pytest.mark.postgres
def test_include_and_exclude(pg):
    s = pg["schema"]
    snap, _ = _read(schemas=[s], include=["order*"], exclude=[f"{s}.order_totals"])
    assert sorted(t.name for t in snap.tables) == ["order_lines", "orders"]


@pytest.mark.postgres
def test_unknown_schema_is_reported(pg):
    snap, diags = _read(schemas=["mb_no_such_schema_zz"])
    assert snap.tables == []
    # An error now (a mistyped schema must not compile into an empty model), naming what exists.
    assert [(d.code, d.severity) for d in diags.items] == [("FE017", "error")]
    assert "does not exist" in diags.items[0].message


@pytest.mark.postgres
def test_open_source_finalizes_and_derives_relationships(pg):
    diags = Diagnostics()
    snap = open_source(POSTGRES_URL, SourceOptions(schemas=[pg["schema"]]), diags)
    assert not diags.errors
    assert [t.name for t in snap.tables] == sorted(t.name for t in snap.tables)
    assert len(snap.relationships) >= 6


@pytest.mark.postgres
def test_session_is_read_only(pg):
    seen = []

    def on_checkout(dbapi_conn, record, proxy):
        cur = dbapi_conn.cursor()
        cur.execute("SHOW default_transaction_read_only")
        seen.append(cur.fetchone()[0])
        cur.close()
        dbapi_conn.rollback()

    sa.event.listen(sa.pool.Pool, "checkout", on_checkout)
    try:
        _read(schemas=[pg["schema"]], include=["x"])
    finally:
        sa.event.remove(sa.pool.Pool, "checkout", on_checkout)
    assert seen and set(seen) == {"on"}


# --- connection errors: these need no running server --------------------------------------------


def _input_error(url: str) -> InputError:
    with pytest.raises(InputError) as info:
        read(url, SourceOptions(), Diagnostics())
    return info.value


def _leaks(err: InputError, secret: str) -> bool:
    return secret in f"{err.message} {err.location} {err}"


def test_refused_connection_is_fe003_without_password():
    err = _input_error("postgresql://u:s3cret@127.0.0.1:1/db")
    assert err.code.code == "FE003"
    assert not _leaks(err, "s3cret")
    assert err.location == "postgresql://u:***@127.0.0.1:1/db"


def test_password_in_query_string_is_redacted():
    err = _input_error("postgresql://u@127.0.0.1:1/db?password=s3cret")
    assert err.code.code == "FE003"
    assert not _leaks(err, "s3cret")


@pytest.mark.postgres
def test_authentication_failure_is_fe003_without_password(postgres_engine):
    err = _input_error("postgresql://mb_no_such_role:s3cret@127.0.0.1:5432/test")
    assert err.code.code == "FE003"
    assert not _leaks(err, "s3cret")


def test_unknown_host_is_fe003():
    err = _input_error("postgresql://u:s3cret@mb-no-such-host.invalid:5432/db")
    assert err.code.code == "FE003"
    assert not _leaks(err, "s3cret")


def test_unknown_scheme_is_fe002():
    assert _input_error("foo://x").code.code == "FE002"
    assert _input_error("postgresql+nodriver://u:s3cret@h/db").code.code == "FE002"


def test_missing_driver_is_fe009():
    err = _input_error("postgresql+pg8000://u:s3cret@127.0.0.1:1/db")
    assert err.code.code == "FE009"
    assert "pg8000" in err.message
    assert not _leaks(err, "s3cret")
    assert _input_error("snowflake://u:s3cret@account/db").code.code == "FE009"
