"""The same number through every target: each measure overall, by a dimension of its own table
and by a dimension over each many-to-one relationship, asked from the IR's reference SQL and
through Looker's SQL, Superset's SQL, Cube's own compiler, DAX (Power BI's filter propagation)
and MetricFlow's own engine, on the generated star schema (role-playing addresses, a manager
self reference), Chinook and Northwind (copied into DuckDB: MetricFlow has no SQLite engine), TPC-H without constraints and Sakila on PostgreSQL.

Whatever a target can be asked must equal the reference: no VA004, ever. What a target cannot
be asked yet (no explore starts at a dimension table; an inactive relationship has no measure
that activates it; MetricFlow without a time dimension) is counted; the counts are the figures
of docs/verification.md, and each target's share may not fall below the floor here."""

from __future__ import annotations

import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.verify.run import TARGETS, render, verify

# The least share of questions each target must answer (equal to the reference) per database.
FLOORS = {
    "star_db": {"lookml": 0.85, "superset": 0.95, "cube": 1.0, "powerbi": 0.95, "dbt": 0.95},
    "chinook_duckdb": {"lookml": 0.6, "superset": 0.75, "cube": 1.0, "powerbi": 0.95, "dbt": 0.95},
    "northwind_duckdb": {"lookml": 0.7, "superset": 0.85, "cube": 1.0, "powerbi": 0.95, "dbt": 0.95},
    "tpch": {"lookml": 0.7, "superset": 0.9, "cube": 1.0, "powerbi": 0.85, "dbt": 0.75},
    "sakila_postgres": {"lookml": 0.85, "superset": 0.9, "cube": 0.85, "powerbi": 0.8, "dbt": 0.9},
}
# Found by this check and not fixed yet: Cube's SQL for three Sakila measures grouped by the
# customer's first name differs from the reference in 4-5 of 591 groups (docs/verification.md).
KNOWN = {"sakila_postgres": "Cube: 3 Sakila questions by customer first name differ in a few groups"}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN[n], strict=True)) if n in KNOWN else n
                                  for n in sorted(FLOORS)])
def test_every_answer_equals_the_reference(name, request, tool_env, tmp_path):
    source, extra = request.getfixturevalue(name)
    diags = Diagnostics()
    snap = snapshot(source, SourceOptions(schemas=extra[1:]), diags)
    result = compile_snapshot(snap, list(TARGETS), diags=diags)
    assert not diags.has_errors(), diags.render_text()
    tools = {"cube_modules": tool_env["MB_CUBE_NODE_MODULES"], "mf_python": tool_env["MB_MF_PYTHON"]}
    report = verify(source, result.model, result.files, diags, tools)
    text = render(report, name)
    print("\n" + text)
    assert set(report.tally) == set(TARGETS), diags.render_text()
    different = [f for f in report.findings if f[1] == "different"]
    assert not different, "\n".join(map(str, different[:10]))
    for target, floor in FLOORS[name].items():
        share = report.tally[target].equal / report.questions
        assert share >= floor, f"{target}: {share:.3f} < {floor}\n{text}"


def test_a_wrong_number_is_caught(star_db):
    """The check can fail: a LookML measure that doubles its column differs from the reference
    in every question (VA004), and the other measures stay equal."""
    source = star_db[0]
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source), ["lookml"], diags=diags)
    files = dict(result.files["lookml"])
    view = "views/orders.view.lkml"
    assert "sql: ${freight} ;;" in files[view]
    files[view] = files[view].replace("sql: ${freight} ;;", "sql: ${freight} * 2 ;;")
    report = verify(source, result.model, {"lookml": files}, diags)
    wrong = {q for t, s, q, _ in report.findings if s == "different"}
    assert wrong and all("freight" in q for q in wrong), wrong
    assert any(d.code == "VA004" and d.location in wrong for d in diags.items)
    assert report.tally["lookml"].equal > 0


def test_mb_verify_from_the_command_line(star_db, tmp_path):
    import subprocess
    import sys

    report = tmp_path / "verification.md"
    done = subprocess.run([sys.executable, "-m", "compiler.cli", "verify", star_db[0], "-t", "lookml,superset,powerbi",
                           "--report", str(report)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert "| Looker SQL |" in text and "| DAX |" in text and "| 0 |" in text
    assert "VA004" not in done.stderr
