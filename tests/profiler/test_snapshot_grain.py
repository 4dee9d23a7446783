"""A snapshot kept under a surrogate key (Contoso's FactInventory: InventoryKey, one row per
DateKey, store and product): the profiler counts its business time and references, and the
stock or balance on it is summed over the things at the latest date, as on a table keyed by them.
A table of transactions holding the balance after each (several rows per account and day) keeps
its average only."""

from __future__ import annotations

import duckdb

from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions
from tests.inference.build import infer


def _db(path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE dim_date (date_key TIMESTAMP PRIMARY KEY, month_label TEXT)")
    con.execute("INSERT INTO dim_date SELECT TIMESTAMP '2024-01-01' + i * INTERVAL 1 DAY, 'm' || (i // 30) FROM range(0, 400) t(i)")
    con.execute("CREATE TABLE dim_store (store_key INTEGER PRIMARY KEY, store_name TEXT)")
    con.execute("INSERT INTO dim_store SELECT i, 'store ' || i FROM range(1, 6) t(i)")
    con.execute("CREATE TABLE dim_product (product_key INTEGER PRIMARY KEY, product_name TEXT)")
    con.execute("INSERT INTO dim_product SELECT i, 'product ' || i FROM range(1, 13) t(i)")
    con.execute("CREATE TABLE dim_account (account_key INTEGER PRIMARY KEY, account_name TEXT)")
    con.execute("INSERT INTO dim_account SELECT i, 'account ' || i FROM range(1, 11) t(i)")
    # Monthly snapshots, rows in no order of their grain, under a surrogate key.
    con.execute("""CREATE TABLE fact_inventory (inventory_key INTEGER PRIMARY KEY,
        date_key TIMESTAMP REFERENCES dim_date(date_key), store_key INTEGER REFERENCES dim_store(store_key),
        product_key INTEGER REFERENCES dim_product(product_key), on_hand_quantity INTEGER, unit_cost DECIMAL(8,2))""")
    con.execute("""INSERT INTO fact_inventory SELECT row_number() OVER (ORDER BY hash(m, s, p)),
        TIMESTAMP '2024-01-01' + m * INTERVAL 30 DAY, s, p, (m * 7 + s * 3 + p) % 40, p * 1.25
        FROM range(0, 12) a(m), range(1, 6) b(s), range(1, 13) c(p)""")
    # Several transactions per account and day, each with the balance after it.
    con.execute("""CREATE TABLE fact_account_transaction (transaction_key INTEGER PRIMARY KEY,
        date_key TIMESTAMP REFERENCES dim_date(date_key), account_key INTEGER REFERENCES dim_account(account_key),
        transaction_amount DECIMAL(10,2), balance_after DECIMAL(12,2))""")
    con.execute("""INSERT INTO fact_account_transaction SELECT i, TIMESTAMP '2024-01-01' + (i // 25) * INTERVAL 1 DAY,
        1 + i % 10, (i % 17) - 8, 1000 + i FROM range(1, 1001) t(i)""")
    # A product's stock and unit cost each month, with no quantity the cost multiplies: a price per
    # thing and period, no sale.
    con.execute("""CREATE TABLE fact_stock (stock_key INTEGER PRIMARY KEY,
        date_key TIMESTAMP REFERENCES dim_date(date_key), product_key INTEGER REFERENCES dim_product(product_key),
        stock_level INTEGER, unit_cost DECIMAL(8,2))""")
    con.execute("""INSERT INTO fact_stock SELECT row_number() OVER (ORDER BY hash(m, p)), TIMESTAMP '2024-01-01' + m * INTERVAL 30 DAY,
        p, (m * 5 + p) % 30, p * 2.5 + m * 0.1 FROM range(0, 12) a(m), range(1, 13) c(p)""")
    # A few payments, each on a day of its own: unique by account and day by chance only.
    con.execute("""CREATE TABLE fact_payment (payment_key INTEGER PRIMARY KEY,
        date_key TIMESTAMP REFERENCES dim_date(date_key), account_key INTEGER REFERENCES dim_account(account_key),
        payment_amount DECIMAL(10,2), balance_after DECIMAL(12,2))""")
    con.execute("""INSERT INTO fact_payment SELECT i, TIMESTAMP '2024-01-01' + i * INTERVAL 3 DAY, 1 + i % 10, 50 + i,
        2000 - i * 7 FROM range(1, 41) t(i)""")
    con.close()


def test_the_snapshot_grain_is_counted_beside_a_surrogate(tmp_path):
    path = tmp_path / "contoso.duckdb"
    _db(path)
    snap = snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False))
    got = {g.table_key.split(".")[-1]: (g.columns, g.unique) for g in snap.evidence.snapshot_grains}
    assert got == {"fact_inventory": (["date_key", "store_key", "product_key"], True), "fact_stock": (["date_key", "product_key"], True),
                   "fact_account_transaction": (["date_key", "account_key"], False)}
    # (not a keyless table's grain: the surrogate stays the key)
    assert not any(g.table_key.endswith("fact_inventory") for g in snap.evidence.grains or ())


def test_a_stock_under_a_surrogate_is_summed_at_the_latest_date(tmp_path):
    path = tmp_path / "contoso.duckdb"
    _db(path)
    model, _diags = infer(path)
    inventory = model.entity("fact_inventory")
    assert inventory.primary_key == ["inventory_key"]
    measures = {m.name: m for m in inventory.measures}
    total = measures["total_on_hand_quantity"]
    assert (total.agg, total.additivity, total.non_additive_dimension) == ("sum", "semi_additive", "date_key")
    assert "average_on_hand_quantity" in measures
    # Its unit cost is each product's price that month: averaged, not summed as a sale's.
    stock = {m.name: m for m in model.entity("fact_stock").measures}
    assert stock["total_stock_level"].non_additive_dimension == "date_key"
    assert "total_unit_cost" not in stock and "average_unit_cost" in stock
    # Several rows per account and day: no latest balance to take, its average only.
    transactions = {m.name: m for m in model.entity("fact_account_transaction").measures}
    assert "total_balance_after" not in transactions and "average_balance_after" in transactions
    payments = {m.name: m for m in model.entity("fact_payment").measures}
    assert "total_balance_after" not in payments and "average_balance_after" in payments
