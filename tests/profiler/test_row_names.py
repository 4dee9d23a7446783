"""The names of a few rows by their key: a table of scenarios keyed 1, 2, 3 (Actual, Budget,
Forecast) is read whole, so the sums of a fact keyed into it are named by scenario (Total
Amount (Actual)); a larger lookup is not read."""

from __future__ import annotations

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from tests.support import duckdb_file


def _plan(path) -> str:
    return duckdb_file(
        path,
        "CREATE TABLE versions (version_id INTEGER PRIMARY KEY, version_code VARCHAR, version_name VARCHAR)",
        "INSERT INTO versions VALUES (3, 'F', 'Forecast'), (1, 'A', 'Actual'), (2, 'B', 'Budget')",
        "CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, account_name VARCHAR)",
        "INSERT INTO accounts SELECT i, 'Account ' || i FROM range(1, 41) AS r(i)",
        "CREATE TABLE plan_lines (line_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts, "
        "version_id INTEGER REFERENCES versions, month_start DATE, amount DECIMAL(14,2))",
        "INSERT INTO plan_lines SELECT i, 1 + i % 40, 1 + i % 3, DATE '2009-01-01' + INTERVAL (i % 24) MONTH, "
        "100 + (i * 37) % 9000 FROM range(1, 1500) AS r(i)",
    )


def test_the_rows_of_a_table_of_a_few_rows_are_read_by_their_key(tmp_path):
    snap = snapshot(_plan(tmp_path / "p.duckdb"), diags=Diagnostics())
    read = {r.table_key.split(".")[-1]: r for r in snap.evidence.row_names or []}
    assert set(read) == {"versions"}  # 40 accounts are no few rows
    assert read["versions"].key == "version_id"
    assert read["versions"].names["version_name"] == {"1": "Actual", "2": "Budget", "3": "Forecast"}
    assert list(read["versions"].names["version_code"]) == ["1", "2", "3"]


def test_sums_per_scenario_are_named_by_the_scenarios(tmp_path):
    diags = Diagnostics()
    model = analyze(snapshot(_plan(tmp_path / "p.duckdb"), diags=diags), Config(name="plan"), diags)
    plan = next(e for e in model.entities if e.name == "plan_lines")
    sums = {m.name: m for m in plan.measures if m.agg == "sum"}
    assert set(sums) == {"total_amount_actual", "total_amount_budget", "total_amount_forecast"}
    assert sums["total_amount_budget"].filter == '"version_id" = 2'
    assert sums["total_amount_forecast"].label.value == "Total Amount (Forecast)"
