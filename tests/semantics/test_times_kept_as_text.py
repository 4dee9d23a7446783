"""Days kept as YYYYMMDD numbers, end to end: read as dates in every SQL target (the dbt staging
model selects the conversion in the column's place), never aggregated, and left out of Power BI
with the reason rather than bound as a number Power BI would misread."""

from __future__ import annotations

import re

import duckdb
import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("compact") / "feed.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE service (service_id VARCHAR PRIMARY KEY, start_date INTEGER, end_date INTEGER, fare DECIMAL(8,2))")
    con.execute("INSERT INTO service SELECT 'svc_' || i, 20160101 + i, 20161201 + i, 2.5 * i FROM range(1, 28) AS r(i)")
    con.close()
    diags = Diagnostics()
    out = compile_snapshot(snapshot(str(path), diags=diags), ["dbt", "lookml", "powerbi"], Config(name="feed"), diags)
    assert not diags.has_errors(), diags.render_text()
    return path, out, diags


def test_the_staging_model_reads_the_days_as_dates(result):
    path, out, _ = result
    files = out.files["dbt"]
    sql = next(t for p, t in files.items() if p.endswith("stg_service.sql"))
    select = re.sub(r"\{\{ source\([^)]*\) \}\}", "service", sql.split("\n", 1)[1])
    row = duckdb.connect(str(path), read_only=True).execute(select + " ORDER BY start_date LIMIT 1").fetchone()
    cols = [line.strip().rstrip(",").rsplit(" as ", 1)[-1] for line in sql.splitlines() if " as " in line]
    got = dict(zip(cols, row))
    assert str(got["start_date"]) == "2016-01-02" and str(got["end_date"]) == "2016-12-02"
    semantic = next(t for p, t in files.items() if p.endswith("semantic/service.yml"))
    assert "agg_time_dimension: start_date" in semantic


def test_no_target_aggregates_a_day(result):
    _, out, diags = result
    text = "\n".join(t for files in out.files.values() for t in files.values() if isinstance(t, str))
    assert not re.search(r"(average|total|sum|avg)_?(start|end)_date", text, re.IGNORECASE)
    assert "dimension_group: start" in "\n".join(out.files["lookml"].values())
    assert {d.location for d in diags.items if d.code == "PB001"} == {"service.start_date", "service.end_date"}
    assert all("YYYYMMDD" in d.message for d in diags.items if d.code == "PB001")
