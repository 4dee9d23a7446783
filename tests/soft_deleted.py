"""A small shop whose tables keep their deleted rows (tests of soft_deletes and its targets):
a loader's flag (`_fivetran_deleted`), an application's (`is_deleted`), a 0/1 number with NULLs
(`deleted`) and a deletion time (`deleted_at`), beside look-alikes that are no such mark."""

from __future__ import annotations

from tests.support import duckdb_file

STATEMENTS = (
    "CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, customer_name VARCHAR, country VARCHAR, is_deleted BOOLEAN)",
    "INSERT INTO customers SELECT i, 'Customer ' || i, CASE WHEN i % 3 = 0 THEN 'France' ELSE 'Spain' END, i IN (4, 9) "
    "FROM range(1, 13) AS r(i)",
    "CREATE TABLE products (product_id INTEGER PRIMARY KEY, product_name VARCHAR, list_price DECIMAL(10,2), "
    "deleted_at TIMESTAMP)",
    "INSERT INTO products SELECT i, 'Product ' || i, 5 + i, CASE WHEN i = 3 THEN TIMESTAMP '2024-03-01 10:00:00' END "
    "FROM range(1, 9) AS r(i)",
    "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (customer_id), "
    "product_id INTEGER REFERENCES products (product_id), order_date DATE, amount DECIMAL(10,2), quantity INTEGER, "
    "_fivetran_deleted BOOLEAN, _fivetran_synced TIMESTAMP)",
    "INSERT INTO orders SELECT i, 1 + i % 12, 1 + i % 8, DATE '2023-01-01' + CAST(i * 11 AS INTEGER), 10 + (i * 7) % 90, "
    "1 + i % 4, i % 9 = 0, TIMESTAMP '2024-06-01 00:00:00' FROM range(1, 61) AS r(i)",
    "CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, account_name VARCHAR, balance DECIMAL(10,2), deleted INTEGER)",
    "INSERT INTO accounts SELECT i, 'Account ' || i, 100 * i, CASE WHEN i % 5 = 0 THEN 1 WHEN i % 2 = 0 THEN 0 END "
    "FROM range(1, 11) AS r(i)",
    # Look-alikes: a count, a permission, a flag never set, a flag set on every row, a flag alone.
    "CREATE TABLE tags (tag_id INTEGER PRIMARY KEY, tag_name VARCHAR, deleted_count INTEGER, is_deletable BOOLEAN)",
    "INSERT INTO tags SELECT i, 'Tag ' || i, i % 2, i % 2 = 0 FROM range(1, 9) AS r(i)",
    "CREATE TABLE notes (note_id INTEGER PRIMARY KEY, body VARCHAR, is_deleted BOOLEAN)",
    "INSERT INTO notes SELECT i, 'Note ' || i, FALSE FROM range(1, 9) AS r(i)",
    "CREATE TABLE archived_items (item_id INTEGER PRIMARY KEY, item_name VARCHAR, is_deleted BOOLEAN)",
    "INSERT INTO archived_items SELECT i, 'Item ' || i, TRUE FROM range(1, 9) AS r(i)",
    "CREATE TABLE tombstones (tombstone_id INTEGER PRIMARY KEY, is_deleted BOOLEAN)",
    "INSERT INTO tombstones SELECT i, i % 2 = 0 FROM range(1, 9) AS r(i)",
)


def soft_deleted_db(path) -> str:
    return duckdb_file(path, *STATEMENTS)


# The same tables on PostgreSQL (run with the search path on a scratch schema).
PG_STATEMENTS = tuple(line for line in """
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, customer_name VARCHAR(40), country VARCHAR(20), is_deleted BOOLEAN)
INSERT INTO customers SELECT i, 'Customer ' || i, CASE WHEN i % 3 = 0 THEN 'France' ELSE 'Spain' END, i IN (4, 9) FROM generate_series(1, 12) AS i
CREATE TABLE products (product_id INTEGER PRIMARY KEY, product_name VARCHAR(40), list_price DECIMAL(10,2), deleted_at TIMESTAMP)
INSERT INTO products SELECT i, 'Product ' || i, 5 + i, CASE WHEN i = 3 THEN TIMESTAMP '2024-03-01 10:00:00' END FROM generate_series(1, 8) AS i
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (customer_id), product_id INTEGER REFERENCES products (product_id), order_date DATE, amount DECIMAL(10,2), quantity INTEGER, "_fivetran_deleted" BOOLEAN, "_fivetran_synced" TIMESTAMP)
INSERT INTO orders SELECT i, 1 + i % 12, 1 + i % 8, DATE '2023-01-01' + i * 11, 10 + (i * 7) % 90, 1 + i % 4, i % 9 = 0, TIMESTAMP '2024-06-01 00:00:00' FROM generate_series(1, 60) AS i
CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, account_name VARCHAR(40), balance DECIMAL(10,2), deleted INTEGER)
INSERT INTO accounts SELECT i, 'Account ' || i, 100 * i, CASE WHEN i % 5 = 0 THEN 1 WHEN i % 2 = 0 THEN 0 END FROM generate_series(1, 10) AS i
""".strip().splitlines())


# Flags kept as text, as applications and ERPs write them: 'Y'/'N', Spanish 'S'/'N', German 'J'/'N',
# 'true'/'false' with NULLs, a loader's '1'/'0'. Plain SQL every engine runs (DuckDB, SQLite,
# PostgreSQL, MariaDB). Live rows: members 9 of 12, proveedores 8 of 10, kunden 7 of 10, posts 16
# of 20 (4 NULL flags live), votes 25 of 30.
def _rows(table: str, rows: list[tuple]) -> str:
    def sql(v):
        return "NULL" if v is None else repr(v) if isinstance(v, str) else str(v)
    return f"INSERT INTO {table} VALUES " + ", ".join("(" + ", ".join(sql(v) for v in r) + ")" for r in rows)


TEXT_FLAG_STATEMENTS = (
    "CREATE TABLE members (member_id INTEGER PRIMARY KEY, member_name VARCHAR(40), city VARCHAR(20), is_deleted CHAR(1))",
    _rows("members", [(i, f"Member {i}", "Lyon" if i % 3 == 0 else "Porto", "Y" if i in (4, 8, 11) else "N") for i in range(1, 13)]),
    "CREATE TABLE proveedores (proveedor_id INTEGER PRIMARY KEY, nombre VARCHAR(40), saldo_pendiente DECIMAL(10,2), eliminado CHAR(1))",
    _rows("proveedores", [(i, f"Proveedor {i}", 100 * i + 0.5, "S" if i in (2, 7) else "N") for i in range(1, 11)]),
    "CREATE TABLE kunden (kunde_id INTEGER PRIMARY KEY, kundenname VARCHAR(40), umsatz DECIMAL(10,2), geloescht CHAR(1))",
    _rows("kunden", [(i, f"Kunde {i}", 10 * i + 0.25, "J" if i in (1, 5, 9) else "N") for i in range(1, 11)]),
    "CREATE TABLE posts (post_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members (member_id), title VARCHAR(40), "
    "score INTEGER, deleted VARCHAR(5))",
    _rows("posts", [(i, 1 + i % 12, f"Post {i}", i * 3 % 17, "true" if i % 5 == 0 else None if i % 4 == 0 else "false")
                    for i in range(1, 21)]),
    "CREATE TABLE votes (vote_id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts (post_id), points INTEGER, "
    "_fivetran_deleted VARCHAR(1))",
    _rows("votes", [(i, 1 + i % 20, 1 + i % 3, "1" if i % 6 == 0 else "0") for i in range(1, 31)]),
)
TEXT_FLAGS = {"members": ("is_deleted", "Y"), "proveedores": ("eliminado", "S"), "kunden": ("geloescht", "J"),
              "posts": ("deleted", "true"), "votes": ("_fivetran_deleted", "1")}


def text_flags_duckdb(path) -> str:
    return duckdb_file(path, *TEXT_FLAG_STATEMENTS)


def text_flags_sqlite(path) -> str:
    import sqlite3

    con = sqlite3.connect(str(path))
    for statement in TEXT_FLAG_STATEMENTS:
        con.execute(statement)
    con.commit()
    con.close()
    return str(path)
