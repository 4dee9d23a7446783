"""Times kept as numbers or text, end to end: YYYYMMDD days and days written with slashes are
read as times in every SQL target (the dbt staging model selects the conversion in the column's
place), never aggregated, and left out of Power BI with the reason rather than bound as a number
or text Power BI would read its own way."""

from __future__ import annotations

import re

import duckdb
import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from tests.support import duckdb_file


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("compact") / "feed.duckdb"
    duckdb_file(
        path,
        "CREATE TABLE service (service_id VARCHAR PRIMARY KEY, start_date INTEGER, end_date INTEGER, fare DECIMAL(8,2))",
        "INSERT INTO service SELECT 'svc_' || i, 20160101 + i, 20161201 + i, 2.5 * i FROM range(1, 28) AS r(i)",
        # A taxi export: pickups day first with a time of day, the service day month first, unpadded.
        "CREATE TABLE trips (trip_no INTEGER PRIMARY KEY, pickup_datetime VARCHAR, service_day VARCHAR, fare DOUBLE)",
        "INSERT INTO trips SELECT i, lpad((1 + i % 28)::TEXT, 2, '0') || '/' || lpad((1 + i % 12)::TEXT, 2, '0') "
        "|| '/2021 ' || (i % 24)::TEXT || ':' || lpad((i % 60)::TEXT, 2, '0'), (1 + i % 12)::TEXT || '/' "
        "|| (1 + i % 28)::TEXT || '/2021', 5.0 + i % 17 FROM range(0, 300) AS r(i)",
    )
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


def test_days_written_with_slashes_are_read_in_their_layout(result):
    path, out, _ = result
    sql = next(t for p, t in out.files["dbt"].items() if p.endswith("stg_trips.sql"))
    assert "'%d/%m/%Y %H:%M'" in sql and "'%m/%d/%Y'" in sql
    select = re.sub(r"\{\{ source\([^)]*\) \}\}", "trips", sql.split("\n", 1)[1])
    rows = duckdb.connect(str(path), read_only=True).execute(f"SELECT pickup_datetime, service_day FROM ({select}) WHERE trip_no = 40").fetchone()
    assert (str(rows[0]), str(rows[1])) == ("2021-05-13 16:40:00", "2021-05-13")


def test_no_target_aggregates_a_day(result):
    _, out, diags = result
    text = "\n".join(t for files in out.files.values() for t in files.values() if isinstance(t, str))
    assert not re.search(r"(average|total|sum|avg)_?(start|end)_date", text, re.IGNORECASE)
    assert "dimension_group: start" in "\n".join(out.files["lookml"].values())
    assert {d.location for d in diags.items if d.code == "PB001"} == {"service.start_date", "service.end_date",
                                                                       "trips.pickup_datetime", "trips.service_day"}
    assert all("YYYYMMDD" in d.message for d in diags.items if d.code == "PB001")
