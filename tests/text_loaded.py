"""Tables loaded from CSV files with every column as text (sqlite3's `.import`, a `COPY` into TEXT
columns, DuckDB's `all_varchar`), a missing value written as '': money written with its symbol
and true/false written as words, as in Inside Airbnb's listings and calendar. Each fixture is
(tables, rows) and is written the same way into SQLite, DuckDB, a PostgreSQL schema or a MariaDB database."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

Tables = dict[str, tuple[list[str], list[tuple[str, ...]]]]


def _dollars(x: float) -> str:
    return f"-${-x:,.2f}" if x < 0 else f"${x:,.2f}"


def shop() -> Tables:
    """Order lines whose unit prices and amounts are dollars ($1,250.00, a refund -$12.50, some
    ''), with a quantity kept as text, of products whose list prices are dollars too."""
    rng = random.Random(11)
    products = [(str(p), f"product {p}", _dollars(rng.choice([4.5, 85, 1250, 19.99, 2999.99]))) for p in range(1, 41)]
    lines = []
    for i in range(1, 1201):
        price, quantity = rng.choice([85.0, 1250.0, 12.5, 2999.99, 1234567.89, 7.0]), rng.randrange(1, 5)
        amount = -12.5 if i % 50 == 0 else price * quantity
        lines.append((str(i), str(1 + i // 3), str(rng.randrange(1, 41)), f"202{rng.randrange(2, 5)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}",
                      str(quantity), _dollars(price), "" if i % 37 == 0 else _dollars(amount)))
    return {"products": (["product_id", "name", "list_price"], products),
            "order_lines": (["line_id", "order_id", "product_id", "ordered_on", "quantity", "unit_price", "amount"], lines)}


def rentals() -> Tables:
    """A calendar of listings, each day available or not ('t'/'f'), bookable at once or not
    ('Yes'/'NO'/'yes'/'no'), verified or not in Portuguese ('sim'/'NÃO'/'não'), and two columns
    of two letters that are no true/false pair: a host's gender (M/F) and a licence (N/S)."""
    rng = random.Random(5)
    listings = [(str(i), f"flat {i}", rng.choice(["Entire home/apt", "Private room", "Shared room"])) for i in range(1, 61)]
    days = []
    for i in range(1, 61):
        for d in range(1, 21):
            days.append((str(i), f"2024-{1 + d % 3:02d}-{d:02d}", rng.choice(["t", "f", "f"]),
                         "" if (i + d) % 9 == 0 else rng.choice(["Yes", "NO", "yes", "no"]), rng.choice(["sim", "NÃO", "não"]),
                         rng.choice(["M", "F"]), rng.choice(["N", "S"])))
    return {"listings": (["listing_id", "name", "room_type"], listings),
            "calendar": (["listing_id", "date", "available", "instant_bookable", "verificado", "host_gender", "licensed"], days)}


def write_sqlite(path: Path, tables: Tables) -> str:
    con = sqlite3.connect(path)
    for name, (columns, rows) in tables.items():
        con.execute(f"CREATE TABLE {name} ({', '.join(f'{c} TEXT' for c in columns)})")
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})", rows)
    con.commit()
    con.close()
    return str(path)


def write_duckdb(path: Path, tables: Tables) -> str:
    import duckdb

    con = duckdb.connect(str(path))
    for name, (columns, rows) in tables.items():
        con.execute(f"CREATE TABLE {name} ({', '.join(f'{c} VARCHAR' for c in columns)})")
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})", rows)
    con.close()
    return str(path)


def write_postgres(conn, schema: str, tables: Tables) -> None:
    """Into `schema` (it exists) through a SQLAlchemy connection."""
    for name, (columns, rows) in tables.items():
        conn.exec_driver_sql(f'CREATE TABLE "{schema}"."{name}" ({", ".join(f"{c} TEXT" for c in columns)})')
        conn.exec_driver_sql(f'INSERT INTO "{schema}"."{name}" VALUES ({", ".join("%s" for _ in columns)})', rows)


def write_mysql(conn, tables: Tables) -> None:
    """Into the connection's database, through a SQLAlchemy connection (MySQL, MariaDB)."""
    for name, (columns, rows) in tables.items():
        conn.exec_driver_sql(f"CREATE TABLE `{name}` ({', '.join(f'`{c}` TEXT' for c in columns)}) CHARACTER SET utf8mb4")
        conn.exec_driver_sql(f"INSERT INTO `{name}` VALUES ({', '.join('%s' for _ in columns)})", rows)


def compiled(source: str, targets):
    """Every target's files for `source`, analysed with the default settings; no error allowed."""
    from compiler.api import compile as compile_snapshot, snapshot
    from compiler.diagnostics import Diagnostics

    diags = Diagnostics()
    result = compile_snapshot(snapshot(source, diags=diags), list(targets), diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return result, diags


def file_of(result, target: str, suffix: str) -> str:
    return next(text for path, text in result.files[target].items() if path.endswith(suffix))
