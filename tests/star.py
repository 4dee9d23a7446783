"""A generated star schema with data, for the same-number checks: an order fact with two
role-playing keys to one address table (billing, shipping), a sales rep whose manager is in the
same table (self reference), customers living at an address in a country (a snowflake), and
order lines. Deterministic: the same seed gives the same rows."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb

DDL = """
create table country (country_code varchar(2) primary key, country_name varchar not null, region varchar);
create table address (address_id integer primary key, street varchar, city varchar not null,
    country_code varchar(2) not null references country (country_code), postal_code varchar);
create table customer (customer_id integer primary key, full_name varchar not null, segment varchar,
    home_address_id integer references address (address_id), signed_up_on date);
create table employee (employee_id integer primary key, full_name varchar not null, title varchar,
    manager_id integer references employee (employee_id), hired_on date);
create table product (product_id integer primary key, product_name varchar not null, category varchar,
    list_price decimal(10, 2));
create table orders (order_id integer primary key, customer_id integer not null references customer (customer_id),
    billing_address_id integer references address (address_id), shipping_address_id integer references address (address_id),
    sales_rep_id integer references employee (employee_id), ordered_at date not null, status varchar not null,
    freight decimal(10, 2));
create table order_item (order_id integer not null references orders (order_id), line_no integer not null,
    product_id integer not null references product (product_id), quantity integer not null,
    unit_price decimal(10, 2) not null, discount decimal(4, 2), primary key (order_id, line_no));
"""

COUNTRIES = [("DE", "Germany", "EMEA"), ("FR", "France", "EMEA"), ("US", "United States", "AMER"),
             ("BR", "Brazil", "AMER"), ("JP", "Japan", "APAC"), ("IN", "India", "APAC")]
CITIES = {"DE": ["Berlin", "Hamburg"], "FR": ["Paris", "Lyon"], "US": ["Austin", "Boston"], "BR": ["Recife", "Santos"],
          "JP": ["Osaka", "Kyoto"], "IN": ["Pune", "Delhi"]}


def _literal(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def _insert(con, table: str, rows: list[tuple]) -> None:
    # One statement with literal rows: DuckDB's executemany runs a statement per row, ~100x slower.
    con.execute(f"insert into {table} values " + ", ".join("(" + ", ".join(map(_literal, r)) + ")" for r in rows))


def build(path: Path, seed: int = 13, orders: int = 1500) -> Path:
    rng = random.Random(seed)
    con = duckdb.connect(str(path))
    con.execute(DDL)
    _insert(con, "country", COUNTRIES)
    addresses = []
    for i in range(1, 241):
        code = rng.choice(COUNTRIES)[0]
        addresses.append((i, f"{rng.randint(1, 200)} {rng.choice(['Main', 'Oak', 'Pine', 'Elm'])} St", rng.choice(CITIES[code]),
                          code, f"{rng.randint(10000, 99999)}"))
    _insert(con, "address", addresses)
    customers = [(i, f"Customer {i}", rng.choice(["retail", "wholesale", "online"]), rng.randint(1, 240),
                  f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}") for i in range(1, 121)]
    _insert(con, "customer", customers)
    # A chain of managers: 1 heads, 2-4 report to 1, the rest to 2-4.
    employees = [(1, "Ada Head", "Director", None, "2019-01-07")]
    employees += [(i, f"Lead {i}", "Team lead", 1, f"2020-0{i}-01") for i in range(2, 5)]
    employees += [(i, f"Rep {i}", "Sales rep", rng.randint(2, 4), f"2021-{rng.randint(1, 12):02d}-15") for i in range(5, 21)]
    for level in (employees[:1], employees[1:4], employees[4:]):  # DuckDB checks the self reference per statement
        _insert(con, "employee", level)
    products = [(i, f"Product {i}", rng.choice(["books", "games", "tools", "garden"]), round(rng.uniform(2, 300), 2))
                for i in range(1, 61)]
    _insert(con, "product", products)
    order_rows, item_rows = [], []
    for o in range(1, orders + 1):
        cust = customers[rng.randrange(len(customers))]
        billing = cust[3] if rng.random() < 0.7 else rng.randint(1, 240)
        shipping = billing if rng.random() < 0.5 else (rng.randint(1, 240) if rng.random() < 0.95 else None)
        rep = rng.randint(5, 20) if rng.random() < 0.9 else None
        order_rows.append((o, cust[0], billing, shipping, rep, f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                           rng.choice(["placed", "shipped", "returned", "cancelled"]), round(rng.uniform(0, 40), 2)))
        for line in range(1, rng.randint(1, 5) + 1):
            p = products[rng.randrange(len(products))]
            item_rows.append((o, line, p[0], rng.randint(1, 6), p[3], rng.choice([None, 0.0, 0.05, 0.1])))
    _insert(con, "orders", order_rows)
    _insert(con, "order_item", item_rows)
    con.close()
    return path
