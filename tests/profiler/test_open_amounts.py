"""Balances that are what remains open of their own row: the profiler counts, per balance-named
number, the rows where it stays within each other number of its row. Wide World Importers'
`OutstandingBalance` (the unpaid part of each invoice, never beyond its `TransactionAmount`) is
summed, the total still owed; an account's balance after each transaction, carried from row to
row, passes single amounts and keeps its average."""

from __future__ import annotations

import random

import duckdb
import pytest

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions
from ir.evidence import Evidence


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    rnd = random.Random(11)
    path = tmp_path_factory.mktemp("open") / "ledger.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name VARCHAR)")
    con.executemany("INSERT INTO customers VALUES (?, ?)", [(i, f"c{i}") for i in range(1, 41)])
    con.execute("CREATE TABLE customer_transactions (transaction_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers,"
                " transaction_date DATE, transaction_amount DECIMAL(12,2), outstanding_balance DECIMAL(12,2))")
    con.execute("CREATE TABLE account_entries (entry_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers,"
                " entry_date DATE, amount DECIMAL(12,2), balance DECIMAL(12,2))")
    tx, entries, balances = [], [], {}
    for i in range(1, 601):
        c, amount = rnd.randint(1, 40), round(rnd.uniform(20, 900), 2)
        day = f"2015-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        tx.append((i, c, day, amount, amount if rnd.random() < 0.2 else 0))
        balances[c] = round(balances.get(c, 0) + amount, 2)
        entries.append((i, c, day, amount, balances[c]))
    con.executemany("INSERT INTO customer_transactions VALUES (?, ?, ?, ?, ?)", tx)
    con.executemany("INSERT INTO account_entries VALUES (?, ?, ?, ?, ?)", entries)
    con.close()
    snap = snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False))
    return snap, tx


def test_the_profiler_counts_the_rows_a_balance_stays_within_each_amount(ledger):
    snap, _ = ledger
    got = {a.table_key.split(".")[-1]: a for a in snap.evidence.open_amounts}
    assert got["customer_transactions"].bounded_by() == ["transaction_amount"]
    assert got["account_entries"].bounded_by() == [] and got["account_entries"].rows == 600


def test_an_open_amount_is_summed_a_balance_carried_from_row_to_row_is_not(ledger):
    snap, tx = ledger
    model = analyze(snap, Config())
    measures = {e.name: {m.name: m for m in e.measures} for e in model.entities}
    total = measures["customer_transactions"]["total_outstanding_balance"]
    assert total.agg == "sum" and total.additivity == "additive"
    entries = measures["account_entries"]
    assert not any(m.column == "balance" and m.agg == "sum" for m in entries.values())


def test_an_older_snapshot_without_the_check_reads_as_before():
    assert Evidence.model_validate({"containment": []}).open_amounts is None
