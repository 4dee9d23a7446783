"""The SQLAlchemy frontend on SQLite: the sample databases and small files made here."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from tests.services import dataset

from compiler.diagnostics import Diagnostics, InputError
from compiler.frontends import open_source
from compiler.frontends.sqlalchemy import read
from compiler.options import SourceOptions

# A table name that would drop table x if anything concatenated it into SQL unquoted.
HOSTILE = 'weird "name" 100%; DROP TABLE x;--'


def _read(path, **options):
    diags = Diagnostics()
    snap = read(f"sqlite:///{path}", SourceOptions(**options), diags)
    return snap, diags


def _fks(table):
    return sorted((fk.columns, fk.ref_table.key, fk.ref_columns) for fk in table.foreign_keys)


# --- the sample databases ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chinook():
    snap, diags = _read(dataset("chinook.sqlite"))
    assert not diags.items, diags.render_text()
    return snap


@pytest.fixture(scope="module")
def northwind():
    snap, diags = _read(dataset("northwind.sqlite"))
    assert not diags.items, diags.render_text()
    return snap


def test_chinook_source_and_tables(chinook):
    assert chinook.source.dialect == "sqlite"
    assert chinook.source.description == "chinook.sqlite"  # the file name only, no directories
    assert chinook.source.database == "chinook"
    assert sorted(t.name for t in chinook.tables) == [
        "Album", "Artist", "Customer", "Employee", "Genre", "Invoice",
        "InvoiceLine", "MediaType", "Playlist", "PlaylistTrack", "Track",
    ]
    assert all(t.schema_ is None and t.kind == "table" for t in chinook.tables)


def test_chinook_keys(chinook):
    assert chinook.table("PlaylistTrack").primary_key == ["PlaylistId", "TrackId"]
    assert chinook.table("Album").primary_key == ["AlbumId"]
    assert sum(len(t.foreign_keys) for t in chinook.tables) == 11
    assert _fks(chinook.table("Employee")) == [(["ReportsTo"], "Employee", ["EmployeeId"])]
    assert _fks(chinook.table("Customer")) == [(["SupportRepId"], "Employee", ["EmployeeId"])]
    assert _fks(chinook.table("PlaylistTrack")) == [
        (["PlaylistId"], "Playlist", ["PlaylistId"]),
        (["TrackId"], "Track", ["TrackId"]),
    ]


def test_chinook_columns_and_counts(chinook):
    album = chinook.table("Album")
    assert [(c.name, c.type, c.nullable) for c in album.columns] == [
        ("AlbumId", "INTEGER", False),
        ("Title", "NVARCHAR(160)", False),
        ("ArtistId", "INTEGER", False),
    ]
    assert chinook.table("InvoiceLine").column("UnitPrice").type == "NUMERIC(10, 2)"
    assert album.row_count == 347
    assert chinook.table("Track").row_count == 3503
    assert sum(t.row_count for t in chinook.tables) == 15607


def test_northwind_tables_views_and_keys(northwind):
    tables = [t for t in northwind.tables if t.kind == "table"]
    views = [t for t in northwind.tables if t.kind == "view"]
    assert len(tables) == 13  # sqlite_sequence is internal and left out
    assert "sqlite_sequence" not in {t.name for t in northwind.tables}
    assert views and all(v.definition and v.definition.upper().startswith("SELECT") for v in views)
    assert all(v.row_count is None for v in views)
    assert sum(len(t.foreign_keys) for t in tables) == 13
    details = northwind.table("Order Details")
    assert details.primary_key == ["OrderID", "ProductID"]
    assert details.row_count == 2155
    assert details.column("Quantity").default == "1"
    assert _fks(northwind.table("Employees")) == [(["ReportsTo"], "Employees", ["EmployeeID"])]
    assert (["ShipVia"], "Shippers", ["ShipperID"]) in _fks(northwind.table("Orders"))
    assert sum(t.row_count for t in tables) == 3310


def test_sample_file_is_opened_read_only():
    path = dataset("chinook.sqlite")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    _read(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# --- small databases made here -------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@pytest.fixture
def small_db(tmp_path):
    path = tmp_path / "small shop.db"
    con = sqlite3.connect(path)
    con.executescript(
        f"""
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            name TEXT DEFAULT 'anonymous',
            anything,
            region TEXT,
            code TEXT
        );
        CREATE UNIQUE INDEX customers_name_region ON customers (name, region);
        CREATE UNIQUE INDEX customers_partial ON customers (code) WHERE code IS NOT NULL;
        CREATE UNIQUE INDEX customers_lower_email ON customers (lower(email));
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            billed_to INTEGER REFERENCES customers(id),
            parent_id INTEGER REFERENCES orders(id),
            amount NUMERIC(12, 2)
        );
        CREATE TABLE lines (
            order_id INTEGER, line_no INTEGER, qty INTEGER,
            PRIMARY KEY (order_id, line_no),
            FOREIGN KEY (order_id) REFERENCES orders(id)
        );
        CREATE TABLE x (id INTEGER);
        CREATE TABLE {_quote(HOSTILE)} ({_quote('odd "col"')} TEXT);
        CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100;
        INSERT INTO customers (id, email) VALUES (1, 'a@x'), (2, 'b@x');
        INSERT INTO orders VALUES (1, 1, 2, NULL, 50), (2, 2, 2, 1, 150), (3, 1, NULL, 1, 10);
        INSERT INTO x VALUES (1);
        INSERT INTO {_quote(HOSTILE)} VALUES ('a'), ('b'), ('c');
        """
    )
    con.commit()
    con.close()
    return path


def test_small_db_columns_and_keys(small_db):
    snap, diags = _read(small_db)
    assert not diags.items
    assert snap.source.description == "small shop.db"
    customers = snap.table("customers")
    assert customers.schema_ is None
    cols = {c.name: c for c in customers.columns}
    assert cols["email"].nullable is False
    assert cols["name"].default == "'anonymous'"
    assert cols["anything"].type == ""  # declared without a type
    assert customers.primary_key == ["id"]
    # UNIQUE constraint and unique index are keys; partial and expression indexes are not
    assert sorted(uk.columns for uk in customers.unique_keys) == [["email"], ["name", "region"]]
    assert _fks(snap.table("orders")) == [
        (["billed_to"], "customers", ["id"]),
        (["customer_id"], "customers", ["id"]),
        (["parent_id"], "orders", ["id"]),
    ]
    assert snap.table("lines").primary_key == ["order_id", "line_no"]


def test_small_db_view_and_counts(small_db):
    snap, _ = _read(small_db)
    view = snap.table("big_orders")
    assert view.kind == "view"
    assert view.definition == "SELECT id, amount FROM orders WHERE amount > 100"
    assert {t.name: t.row_count for t in snap.tables} == {
        "customers": 2, "orders": 3, "lines": 0, "x": 1, HOSTILE: 3, "big_orders": None,
    }


def test_hostile_name_is_quoted_and_nothing_dropped(small_db):
    snap, diags = _read(small_db)
    weird = snap.table(HOSTILE)
    assert weird is not None and weird.row_count == 3
    assert [c.name for c in weird.columns] == ['odd "col"']
    con = sqlite3.connect(small_db)
    try:
        assert con.execute("SELECT count(*) FROM x").fetchone() == (1,)
    finally:
        con.close()


def test_include_and_exclude(small_db):
    snap, _ = _read(small_db, include=["*s"], exclude=["big_*"])
    assert sorted(t.name for t in snap.tables) == ["customers", "lines", "orders"]


def test_broken_view_is_skipped_with_fe015(tmp_path):
    path = tmp_path / "broken.sqlite"
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE m (id INTEGER); CREATE VIEW v AS SELECT * FROM m; DROP TABLE m; CREATE TABLE ok (id INTEGER);")
    con.close()
    snap, diags = _read(path)
    assert [t.name for t in snap.tables] == ["ok"]
    assert [(d.code, d.severity, d.location) for d in diags.items] == [("FE015", "warning", "v")]


def test_open_source_with_a_plain_path(small_db):
    diags = Diagnostics()
    snap = open_source(str(small_db), SourceOptions(), diags)
    assert not diags.errors
    assert snap.source.dialect == "sqlite"
    pairs = {(r.from_.table_key, r.to.table_key) for r in snap.relationships}
    assert ("orders", "customers") in pairs and ("orders", "orders") in pairs


def test_missing_file_is_fe001(tmp_path):
    with pytest.raises(InputError) as info:
        _read(tmp_path / "nope.sqlite")
    assert info.value.code.code == "FE001"
    assert not (tmp_path / "nope.sqlite").exists()  # read-only: never creates the file


def test_not_a_sqlite_file_is_fe002(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(InputError) as info:
        _read(path)
    assert info.value.code.code == "FE002"


def test_empty_in_memory_database_has_no_tables():
    snap = read("sqlite://", SourceOptions(), Diagnostics())
    assert snap.tables == []


def test_unknown_scheme_is_fe002():
    with pytest.raises(InputError) as info:
        read("foo://x", SourceOptions(), Diagnostics())
    assert info.value.code.code == "FE002"


def test_a_reference_spelt_in_another_case_names_the_table(tmp_path):
    """SQLite reads names in any case: the European Soccer Database's `League` refers to
    `country`(`id`) where the table is `Country`. Taken as written, the reference named no table
    and was dropped (FE010)."""
    path = tmp_path / "soccer.sqlite"
    con = sqlite3.connect(str(path))
    con.executescript("""
        CREATE TABLE `Country` (`id` INTEGER PRIMARY KEY AUTOINCREMENT, `name` TEXT UNIQUE);
        CREATE TABLE `League` (`id` INTEGER PRIMARY KEY AUTOINCREMENT, `country_id` INTEGER, `name` TEXT UNIQUE,
            FOREIGN KEY(`country_id`) REFERENCES `country`(`ID`));
        INSERT INTO Country VALUES (1, 'Belgium');
        INSERT INTO League VALUES (1, 1, 'Belgium Jupiler League');
    """)
    con.close()
    snap, diags = _read(path)
    assert not diags.items, diags.render_text()
    assert _fks(snap.table("League")) == [(["country_id"], "Country", ["id"])]


def test_a_declared_type_of_blob_affinity_stays_binary(tmp_path):
    """A MySQL dump loaded into SQLite keeps its declared types (classicmodels' productlines:
    `image mediumblob`). SQLAlchemy reads a name it does not know by SQLite's affinity rules, and
    BLOB affinity came back as no type at all, without a warning: the image passed for text and
    was shown as a dimension, where MySQL's copy hides it."""
    path = tmp_path / "lines.sqlite"
    con = sqlite3.connect(str(path))
    con.executescript("""
        CREATE TABLE "productlines" ("productLine" varchar(50) NOT NULL, "htmlDescription" mediumtext,
            "image" mediumblob, "thumb" longblob, "raw" blob, "anything");
        INSERT INTO productlines VALUES ('Planes', NULL, NULL, NULL, NULL, NULL);
    """)
    con.close()
    snap, diags = _read(path)
    assert not diags.items, diags.render_text()
    types = {c.name: c.type for c in snap.table("productlines").columns}
    assert types["image"].lower() == "mediumblob" and types["thumb"].lower() == "longblob"
    assert types["raw"].upper() == "BLOB"
    assert types["anything"] == ""  # a column that declares no type still has none
