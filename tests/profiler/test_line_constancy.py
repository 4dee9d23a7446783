"""Lines that repeat their order's value: on a table keyed by an order's number and a line number
(declared, or the grain the database proved), the profiler counts per number the orders within
which it varies, and an order's total repeated on each of its lines gets no sum and no average
over the lines (SSB's lo_ordtotalprice), where the lines' own amounts are still summed."""

from __future__ import annotations

import random

import duckdb
import pytest

from backends.powerbi.columns import summarize_by
from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions


def _rows():
    rnd = random.Random(5)
    rows = []
    for order in range(1, 121):
        lines = rnd.randint(1, 6)
        amounts = [round(rnd.uniform(5, 900), 2) for _ in range(lines)]
        freight = round(rnd.uniform(3, 60), 2)
        total = round(sum(amounts) + freight, 2)
        for n, amount in enumerate(amounts, 1):
            # (order key, line number, units, the line's amount, the order's total and freight, a constant)
            rows.append((order, n, rnd.randint(1, 40), amount, total, freight, 0))
    return rows


@pytest.fixture(scope="module")
def lines(tmp_path_factory):
    path = tmp_path_factory.mktemp("lines") / "lines.duckdb"
    con = duckdb.connect(str(path))
    cols = ("lo_quantity INTEGER, lo_extendedprice DECIMAL(12,2), lo_ordtotalprice DECIMAL(12,2), lo_freight DECIMAL(12,2), "
            "lo_shippriority INTEGER")
    # Keyless, as SSB's lineorder is stored: the grain (order, line) is proven in the database.
    con.execute(f"CREATE TABLE lineorder (lo_orderkey INTEGER, lo_linenumber INTEGER, {cols})")
    con.executemany("INSERT INTO lineorder VALUES (?, ?, ?, ?, ?, ?, ?)", _rows())
    # Declared: the same lines under a primary key of the order and the line number.
    con.execute(f"CREATE TABLE order_lines (order_id INTEGER, line_number INTEGER, {cols}, PRIMARY KEY (order_id, line_number))")
    con.executemany("INSERT INTO order_lines VALUES (?, ?, ?, ?, ?, ?, ?)", _rows())
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False))
    return snap, diags


@pytest.mark.parametrize("table", ["lineorder", "order_lines"])
def test_the_profiler_counts_the_orders_within_which_each_number_varies(lines, table):
    snap, _ = lines
    (check,) = [c for c in snap.evidence.line_constancy if c.table_key.split(".")[-1] == table]
    assert check.line in ("lo_linenumber", "line_number") and check.transactions == 120 and check.several_lines > 50
    assert check.constant("lo_ordtotalprice") and check.constant("lo_freight") and check.constant("lo_shippriority")
    assert check.varying["lo_extendedprice"] > 50 and check.varying["lo_quantity"] > 50


@pytest.mark.parametrize("table", ["lineorder", "order_lines"])
def test_an_orders_value_repeated_on_its_lines_is_neither_summed_nor_averaged(lines, table):
    snap, diags = lines
    model = analyze(snap, Config(name="lines"), diags)
    entity = model.entity(table)
    over = {(m.agg, m.column) for m in entity.measures}
    for column in ("lo_ordtotalprice", "lo_freight"):
        assert ("sum", column) not in over and ("avg", column) not in over
        d = next(d for d in entity.dimensions if d.column == column)
        assert d.additivity == "non_additive" and d.additivity_provenance.rule == "header_value_non_additive"
        assert summarize_by(d) == "none"  # Power BI does not sum it either
    # The lines' own amounts and units are still summed.
    assert ("sum", "lo_extendedprice") in over and ("sum", "lo_quantity") in over
    # A number the same on every row is no order's value: this rule leaves it alone.
    ship = next(d for d in entity.dimensions if d.column == "lo_shippriority")
    assert ship.additivity_provenance is None or ship.additivity_provenance.rule != "header_value_non_additive"


def test_old_evidence_without_the_check_reads_as_before():
    from ir.evidence import Evidence
    assert Evidence.model_validate({"containment": []}).line_constancy is None
