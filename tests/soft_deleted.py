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
