"""A thing's number kept as text (IMDb's title_episode loaded from its TSV file: seasonNumber and
episodeNumber, `\\N` where unknown): a place in a sequence, a few small numbers each on many rows,
read as the numbers they are and never summed; an order's number, one per order, stays text."""

from __future__ import annotations

import random
import sqlite3

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics


def _episodes(path) -> str:
    rng = random.Random(3)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE title_episode (tconst TEXT, parentTconst TEXT, seasonNumber TEXT, episodeNumber TEXT)")
    con.execute("CREATE TABLE orders (order_number TEXT, customer TEXT, amount TEXT)")
    for i in range(1500):
        known = i % 9 != 0
        con.execute("INSERT INTO title_episode VALUES (?, ?, ?, ?)", (f"tt{i:07d}", f"tt9{rng.randrange(60):06d}",
                    str(rng.randrange(1, 12)) if known else r"\N", str(rng.randrange(1, 25)) if known else r"\N"))
    for i in range(1, 801):
        con.execute("INSERT INTO orders VALUES (?, ?, ?)", (str(1000 + i), f"c{rng.randrange(90)}", f"{rng.uniform(5, 500):.2f}"))
    con.commit()
    con.close()
    return str(path)


def test_a_things_number_kept_as_text_is_an_ordinal_number(tmp_path):
    diags = Diagnostics()
    snap = snapshot(_episodes(tmp_path / "imdb.db"), diags=diags)
    result = compile_snapshot(snap, ["lookml"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    e = result.model.entity_index()["title_episode"]
    dims = {d.column: d for d in e.dimensions}
    for name in ("seasonNumber", "episodeNumber"):
        assert dims[name].data_type == "integer"
        assert dims[name].expr == f"CAST(NULLIF(NULLIF(\"{name}\", '\\N'), '') AS INTEGER)"
        assert dims[name].additivity == "non_additive"
    assert not any(m.column in ("seasonNumber", "episodeNumber") for m in e.measures)
    orders = {d.column: d for d in result.model.entity_index()["orders"].dimensions}
    assert orders["order_number"].data_type == "string"  # one order each: a name, not a place


def test_a_reference_to_a_tables_number_keeps_its_type_and_join(tmp_path):
    """A customer's number kept as text on its table (one per customer) and on the transactions
    (many rows each, numbers from 1): a reference to the customers, not a place in a sequence.
    Read as an integer on one side only, the two would no longer join."""
    rng = random.Random(5)
    con = sqlite3.connect(tmp_path / "bank.db")
    con.execute("CREATE TABLE customers (customer_number TEXT, name TEXT, city TEXT)")
    con.execute("CREATE TABLE transactions (transaction_id INTEGER PRIMARY KEY, customer_number TEXT, amount REAL)")
    con.executemany("INSERT INTO customers VALUES (?, ?, ?)", [(str(i), f"name {i}", f"city {i % 17}") for i in range(1, 301)])
    con.executemany("INSERT INTO transactions VALUES (?, ?, ?)",
                    [(i, str(rng.randrange(1, 301)), round(rng.uniform(5, 500), 2)) for i in range(1, 6001)])
    con.commit()
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(tmp_path / "bank.db"), diags=diags), ["lookml"], diags=diags)
    dims = {d.column: d for d in result.model.entity_index()["transactions"].dimensions}
    assert dims["customer_number"].data_type == "string"
    joins = {(r.from_.table, tuple(r.from_.columns), r.to.table) for r in result.model.relationships}
    assert ("transactions", ("customer_number",), "customers") in joins
