"""Databases the semantic tests compile, built here from code: a small database shaped like the
public Sakila sample (a DVD rental store: rentals and payments as facts, audit `last_update`
columns stamped once, a `secret` password, role-playing addresses) with synthetic data, and
TPC-H from tpchgen-cli loaded into DuckDB with or without its keys."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

STAMP = "2006-02-15 04:34:33"  # every last_update: the moment the rows were loaded

SAKILA_DDL = """
CREATE TABLE country (country_id INTEGER PRIMARY KEY, country VARCHAR(50) NOT NULL, last_update TIMESTAMP NOT NULL);
CREATE TABLE city (city_id INTEGER PRIMARY KEY, city VARCHAR(50) NOT NULL,
    country_id INTEGER NOT NULL REFERENCES country (country_id), last_update TIMESTAMP NOT NULL);
CREATE TABLE address (address_id INTEGER PRIMARY KEY, address VARCHAR(50) NOT NULL, address2 VARCHAR(50),
    district VARCHAR(20) NOT NULL, city_id INTEGER NOT NULL REFERENCES city (city_id), postal_code VARCHAR(10),
    phone VARCHAR(20) NOT NULL, last_update TIMESTAMP NOT NULL);
CREATE TABLE language (language_id INTEGER PRIMARY KEY, name CHAR(20) NOT NULL, last_update TIMESTAMP NOT NULL);
CREATE TABLE category (category_id INTEGER PRIMARY KEY, name VARCHAR(25) NOT NULL, last_update TIMESTAMP NOT NULL);
CREATE TABLE actor (actor_id INTEGER PRIMARY KEY, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL,
    last_update TIMESTAMP NOT NULL);
CREATE TABLE film (film_id INTEGER PRIMARY KEY, title VARCHAR(255) NOT NULL, description TEXT, release_year INTEGER,
    language_id INTEGER NOT NULL REFERENCES language (language_id),
    original_language_id INTEGER REFERENCES language (language_id), rental_duration SMALLINT NOT NULL,
    rental_rate DECIMAL(4,2) NOT NULL, length SMALLINT, replacement_cost DECIMAL(5,2) NOT NULL, rating VARCHAR(5),
    last_update TIMESTAMP NOT NULL);
CREATE TABLE film_actor (actor_id INTEGER NOT NULL REFERENCES actor (actor_id), film_id INTEGER NOT NULL REFERENCES film (film_id),
    last_update TIMESTAMP NOT NULL, PRIMARY KEY (actor_id, film_id));
CREATE TABLE film_category (film_id INTEGER NOT NULL REFERENCES film (film_id),
    category_id INTEGER NOT NULL REFERENCES category (category_id), last_update TIMESTAMP NOT NULL, PRIMARY KEY (film_id, category_id));
CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL,
    address_id INTEGER NOT NULL REFERENCES address (address_id), email VARCHAR(50), store_id INTEGER NOT NULL,
    active BOOLEAN NOT NULL, username VARCHAR(16) NOT NULL, password VARCHAR(40), last_update TIMESTAMP NOT NULL);
CREATE TABLE store (store_id INTEGER PRIMARY KEY, manager_staff_id INTEGER NOT NULL REFERENCES staff (staff_id),
    address_id INTEGER NOT NULL REFERENCES address (address_id), last_update TIMESTAMP NOT NULL);
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES store (store_id),
    first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL, email VARCHAR(50),
    address_id INTEGER NOT NULL REFERENCES address (address_id), active INTEGER NOT NULL, create_date TIMESTAMP NOT NULL,
    last_update TIMESTAMP NOT NULL);
CREATE TABLE inventory (inventory_id INTEGER PRIMARY KEY, film_id INTEGER NOT NULL REFERENCES film (film_id),
    store_id INTEGER NOT NULL REFERENCES store (store_id), last_update TIMESTAMP NOT NULL);
CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, rental_date TIMESTAMP NOT NULL,
    inventory_id INTEGER NOT NULL REFERENCES inventory (inventory_id), customer_id INTEGER NOT NULL REFERENCES customer (customer_id),
    return_date TIMESTAMP, staff_id INTEGER NOT NULL REFERENCES staff (staff_id), last_update TIMESTAMP NOT NULL);
CREATE TABLE payment (payment_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer (customer_id),
    staff_id INTEGER NOT NULL REFERENCES staff (staff_id), rental_id INTEGER REFERENCES rental (rental_id),
    amount DECIMAL(5,2) NOT NULL, payment_date TIMESTAMP NOT NULL, last_update TIMESTAMP NOT NULL);
"""

_WORDS = ["ACADEMY", "DINOSAUR", "ACE", "GOLDFINGER", "ADAPTATION", "HOLES", "AFFAIR", "PREJUDICE", "AGENT", "TRUMAN",
          "AIRPLANE", "SIERRA", "AIRPORT", "POLLOCK", "ALABAMA", "DEVIL", "ALADDIN", "CALENDAR", "ALAMO", "VIDEOTAPE"]
_NAMES = ["PENELOPE", "NICK", "ED", "JENNIFER", "JOHNNY", "BETTE", "GRACE", "MATTHEW", "JOE", "CHRISTIAN", "ZERO", "KARL"]
_LAST = ["GUINESS", "WAHLBERG", "CHASE", "DAVIS", "LOLLOBRIGIDA", "NICHOLSON", "MOSTEL", "JOHANSSON", "SWANK", "GABLE"]
_RATINGS = ["G", "PG", "PG-13", "R", "NC-17"]
_CATEGORIES = ["Action", "Animation", "Children", "Classics", "Comedy", "Documentary", "Drama", "Family", "Foreign", "Games",
               "Horror", "Music", "New", "Sci-Fi", "Sports", "Travel"]


def sakila_sqlite(path: Path, seed: int = 7) -> Path:
    """A Sakila-shaped SQLite file: 16 tables, a few thousand rows, deterministic."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.executescript(SAKILA_DDL)
    ins = lambda table, rows: con.executemany(  # noqa: E731
        f"INSERT INTO {table} VALUES ({', '.join('?' for _ in rows[0])})", rows)
    ins("country", [(i, f"Country {i}", STAMP) for i in range(1, 21)])
    ins("city", [(i, f"City {i}", rng.randint(1, 20), STAMP) for i in range(1, 61)])
    ins("address", [(i, f"{rng.randint(1, 999)} {rng.choice(_WORDS).title()} Street", None, f"District {i % 9}",
                     rng.randint(1, 60), f"{rng.randint(10000, 99999)}", f"{rng.randint(10**9, 10**10 - 1)}", STAMP)
                    for i in range(1, 121)])
    ins("language", [(i, n, STAMP) for i, n in enumerate(["English", "Italian", "Japanese", "Mandarin", "French", "German"], 1)])
    ins("category", [(i, n, STAMP) for i, n in enumerate(_CATEGORIES, 1)])
    ins("actor", [(i, rng.choice(_NAMES), rng.choice(_LAST), STAMP) for i in range(1, 61)])
    films = []
    for i in range(1, 201):
        films.append((i, f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}", f"A story of {rng.choice(_WORDS).lower()}", 2006, 1,
                      None, rng.randint(3, 7), rng.choice([0.99, 2.99, 4.99]), rng.randint(46, 185),
                      rng.choice([9.99, 14.99, 19.99, 24.99, 29.99]), rng.choice(_RATINGS), STAMP))
    ins("film", films)
    ins("film_actor", sorted({(rng.randint(1, 60), f, STAMP) for f in range(1, 201) for _ in range(3)}))
    ins("film_category", [(f, rng.randint(1, 16), STAMP) for f in range(1, 201)])
    ins("staff", [(1, "Mike", "Hillyer", 3, "mike@sakilastaff.com", 1, True, "Mike", "8cb2237d0679ca88db6464eac60da96345513964", STAMP),
                  (2, "Jon", "Stephens", 4, "jon@sakilastaff.com", 2, True, "Jon", "8cb2237d0679ca88db6464eac60da96345513964", STAMP)])
    ins("store", [(1, 1, 1, STAMP), (2, 2, 2, STAMP)])
    start = datetime(2005, 5, 24, 22, 53, 30)
    ins("customer", [(i, rng.randint(1, 2), rng.choice(_NAMES), rng.choice(_LAST), f"customer{i}@sakilacustomer.org",
                      rng.randint(5, 120), 1 if rng.random() < 0.97 else 0, "2006-02-14 22:04:36", STAMP) for i in range(1, 301)])
    ins("inventory", [(i, rng.randint(1, 200), rng.randint(1, 2), STAMP) for i in range(1, 801)])
    rentals, payments = [], []
    for i in range(1, 3001):
        when = start + timedelta(minutes=rng.randint(0, 60 * 24 * 90))
        back = when + timedelta(days=rng.randint(1, 9)) if rng.random() < 0.98 else None
        customer, staff = rng.randint(1, 300), rng.randint(1, 2)
        rentals.append((i, when.isoformat(" "), rng.randint(1, 800), customer, back.isoformat(" ") if back else None, staff, STAMP))
        payments.append((i, customer, staff, i, rng.choice([0.99, 1.99, 2.99, 3.99, 4.99, 5.99, 6.99, 7.99, 9.99]),
                         (when + timedelta(minutes=rng.randint(0, 600))).isoformat(" "), STAMP))
    ins("rental", rentals)
    ins("payment", payments)
    con.commit()
    con.close()
    return path


def tpch_duckdb(root: Path, keys: bool, scale: str = "0.01") -> Path:
    """TPC-H from tpchgen-cli in DuckDB; `keys` declares its primary and foreign keys."""
    exe = shutil.which("tpchgen-cli")
    if exe is None:
        raise FileNotFoundError("tpchgen-cli not installed (pip install -e '.[dev]')")
    parquet = root / "parquet"
    if not parquet.exists():
        subprocess.run([exe, "parquet", "-s", scale, "--output-dir", str(parquet)], check=True, capture_output=True)
    db = root / ("tpch_keys.duckdb" if keys else "tpch.duckdb")
    con = duckdb.connect(str(db))
    try:
        if keys:
            con.execute(TPCH_KEYS_DDL)
            for table in ("region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"):
                con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet(?)", [str(parquet / f"{table}.parquet")])
        else:
            for pq in sorted(parquet.glob("*.parquet")):
                con.execute(f"CREATE TABLE {pq.stem} AS SELECT * FROM read_parquet(?)", [str(pq)])
    finally:
        con.close()
    return db


TPCH_KEYS_DDL = """
CREATE TABLE region (r_regionkey INTEGER PRIMARY KEY, r_name VARCHAR, r_comment VARCHAR);
CREATE TABLE nation (n_nationkey INTEGER PRIMARY KEY, n_name VARCHAR, n_regionkey INTEGER REFERENCES region (r_regionkey),
    n_comment VARCHAR);
CREATE TABLE part (p_partkey BIGINT PRIMARY KEY, p_name VARCHAR, p_mfgr VARCHAR, p_brand VARCHAR, p_type VARCHAR,
    p_size INTEGER, p_container VARCHAR, p_retailprice DECIMAL(15,2), p_comment VARCHAR);
CREATE TABLE supplier (s_suppkey BIGINT PRIMARY KEY, s_name VARCHAR, s_address VARCHAR,
    s_nationkey INTEGER REFERENCES nation (n_nationkey), s_phone VARCHAR, s_acctbal DECIMAL(15,2), s_comment VARCHAR);
CREATE TABLE partsupp (ps_partkey BIGINT REFERENCES part (p_partkey), ps_suppkey BIGINT REFERENCES supplier (s_suppkey),
    ps_availqty INTEGER, ps_supplycost DECIMAL(15,2), ps_comment VARCHAR, PRIMARY KEY (ps_partkey, ps_suppkey));
CREATE TABLE customer (c_custkey BIGINT PRIMARY KEY, c_name VARCHAR, c_address VARCHAR,
    c_nationkey INTEGER REFERENCES nation (n_nationkey), c_phone VARCHAR, c_acctbal DECIMAL(15,2), c_mktsegment VARCHAR,
    c_comment VARCHAR);
CREATE TABLE orders (o_orderkey BIGINT PRIMARY KEY, o_custkey BIGINT REFERENCES customer (c_custkey), o_orderstatus VARCHAR,
    o_totalprice DECIMAL(15,2), o_orderdate DATE, o_orderpriority VARCHAR, o_clerk VARCHAR, o_shippriority INTEGER,
    o_comment VARCHAR);
CREATE TABLE lineitem (l_orderkey BIGINT REFERENCES orders (o_orderkey), l_partkey BIGINT REFERENCES part (p_partkey),
    l_suppkey BIGINT REFERENCES supplier (s_suppkey), l_linenumber INTEGER, l_quantity DECIMAL(15,2),
    l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_tax DECIMAL(15,2), l_returnflag VARCHAR, l_linestatus VARCHAR,
    l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE, l_shipinstruct VARCHAR, l_shipmode VARCHAR, l_comment VARCHAR,
    PRIMARY KEY (l_orderkey, l_linenumber), FOREIGN KEY (l_partkey, l_suppkey) REFERENCES partsupp (ps_partkey, ps_suppkey));
"""
