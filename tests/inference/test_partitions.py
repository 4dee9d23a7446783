"""Partitions and inherited tables are folded into their parent: from INHERITS / PARTITION OF in a
DDL file and from pg_inherits in a live PostgreSQL catalog. Before, each partition was a table of
its own that inference joined one-to-one to its parent (and an INHERITS child had no columns)."""

from __future__ import annotations

import pytest

from compiler.api import analyze, snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.profiler import ProfileOptions
from tests.services import POSTGRES_URL, unique_name

DDL = """
CREATE TABLE customer (customer_id integer PRIMARY KEY, name text);
CREATE TABLE payment (payment_id integer PRIMARY KEY, customer_id integer, amount numeric(5,2), payment_date timestamp);
CREATE TABLE payment_p2007_01 (CHECK (payment_date >= DATE '2007-01-01')) INHERITS (payment);
CREATE TABLE payment_p2007_02 (CHECK (payment_date >= DATE '2007-02-01')) INHERITS (payment);
CREATE TABLE vip_customer (since date) INHERITS (customer);
CREATE TABLE rental (rental_id int, customer_id int, rented_at date) PARTITION BY RANGE (rented_at);
CREATE TABLE rental_2024 PARTITION OF rental FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE rental_2025 PARTITION OF rental FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
"""


def test_ddl_inherits_and_partitions_fold_into_their_parent(tmp_path):
    path = tmp_path / "sakila_parts.sql"
    path.write_text(DDL, encoding="utf-8")
    diags = Diagnostics()
    snap = snapshot(str(path), SourceOptions(dialect="postgres"), diags)
    names = {t.name: [c.name for c in t.columns] for t in snap.tables}
    assert set(names) == {"customer", "payment", "vip_customer", "rental"}
    # A child with columns of its own stays, with the columns it inherits first.
    assert names["vip_customer"] == ["customer_id", "name", "since"]
    folded = sorted(d.location for d in diags.items if d.code == "FE031")
    assert folded == ["payment_p2007_01", "payment_p2007_02", "rental_2024", "rental_2025"]
    model = analyze(snap, diags=diags)
    joined = {(r.from_.table, r.to.table) for r in model.relationships}
    assert ("payment", "customer") in joined and ("rental", "customer") in joined
    assert not any("p2007" in a or "p2007" in b or "_202" in a for a, b in joined)


def test_inherits_from_a_table_not_in_the_file_is_reported(tmp_path):
    path = tmp_path / "orphan.sql"
    path.write_text("CREATE TABLE child (x int) INHERITS (elsewhere);", encoding="utf-8")
    diags = Diagnostics()
    snap = snapshot(str(path), SourceOptions(dialect="postgres"), diags)
    assert [c.name for c in snap.tables[0].columns] == ["x"]
    assert any(d.code == "FE012" and "elsewhere" in d.message for d in diags.items)


@pytest.fixture
def pg_parts(postgres_engine):
    s = unique_name("i14_parts")
    stmts = [
        f'CREATE SCHEMA "{s}"',
        f'CREATE TABLE "{s}".customer (customer_id int PRIMARY KEY, name text)',
        f'CREATE TABLE "{s}".payment (payment_id int, customer_id int, amount numeric(6,2), paid date) PARTITION BY RANGE (paid)',
        *(f'CREATE TABLE "{s}".payment_p2007_{m:02d} PARTITION OF "{s}".payment '
          f"FOR VALUES FROM ('2007-{m:02d}-01') TO ('2007-{m + 1:02d}-01')" for m in range(1, 7)),
        f'CREATE TABLE "{s}".audit_log (id int PRIMARY KEY, note text)',
        f'CREATE TABLE "{s}".audit_log_old () INHERITS ("{s}".audit_log)',
        f'INSERT INTO "{s}".customer SELECT g, \'c\' || g FROM generate_series(1, 40) g',
        f'INSERT INTO "{s}".payment SELECT g, 1 + mod(g, 40), g * 1.5, DATE \'2007-01-01\' + mod(g, 170) FROM generate_series(1, 600) g',
    ]
    try:
        with postgres_engine.begin() as conn:
            for stmt in stmts:
                conn.exec_driver_sql(stmt)
        yield s
    finally:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{s}" CASCADE')


def test_postgres_partitions_read_from_the_catalog_are_folded(pg_parts):
    diags = Diagnostics()
    snap = snapshot(POSTGRES_URL, SourceOptions(schemas=[pg_parts]), diags, ProfileOptions(progress=False))
    assert sorted(t.name for t in snap.tables) == ["audit_log", "customer", "payment"]
    assert len([d for d in diags.items if d.code == "FE031"]) == 7
    model = analyze(snap, diags=diags)
    assert {(r.from_.table, tuple(r.from_.columns), r.to.table) for r in model.relationships} == {
        ("payment", ("customer_id",), "customer")}


def test_partitions_without_a_catalog_are_not_joined_to_their_parent(tmp_path):
    """Tables split by hand (SQLite, MySQL): payment_p2007_01 keyed like payment is a part of it,
    not a one-to-one extension; an extension keyed the same way still is."""
    from tests.inference.build import edges, infer, sqlite_db

    pay = [(i, 1 + i % 40, 2.5) for i in range(1, 301)]
    tables = {
        "customer": ("customer_id INTEGER PRIMARY KEY, name TEXT", [(i, f"c{i}") for i in range(1, 41)]),
        "payment": ("payment_id INTEGER PRIMARY KEY, customer_id INTEGER, amount NUMERIC(6,2)", pay),
        "payment_detail": ("payment_id INTEGER PRIMARY KEY, note TEXT", [(i, "n") for i in range(1, 301, 2)]),
    }
    for m in (1, 2, 3):
        tables[f"payment_p2007_{m:02d}"] = ("payment_id INTEGER PRIMARY KEY, customer_id INTEGER, amount NUMERIC(6,2)",
                                            pay[(m - 1) * 100: m * 100])
    model, _ = infer(sqlite_db(tmp_path / "parts.sqlite", tables))
    found = edges(model)
    assert ("payment_detail", "payment_id", "payment", "payment_id") in found
    assert not any(src.startswith("payment_p2007") and dst == "payment" for src, _c, dst, _k in found)
