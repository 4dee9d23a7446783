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
    # DuckDB is read through ODBC: the partition's native query selects each day's conversion, and
    # Power BI binds it as a date (navigated sources leave them out, PB001).
    assert not [d for d in diags.items if d.code == "PB001"]
    service = next(t for p, t in out.files["powerbi"].items() if p.endswith("/Service.tmdl"))
    assert re.search(r"\) AS \"\"start_date\"\"", service) and "column 'Start Date'" in service


def test_a_log_stamped_year_first_is_read_as_times_on_sqlite(tmp_path):
    """A dock sensor's log as an export keeps it (2015/07/01 00:00:01 in a TEXT column), profiled
    on SQLite: the stamps are the log's time, read as ISO text once their slashes are dashes, so
    the levels it keeps are summed over docks at the latest stamp, not over every reading."""
    import sqlite3

    path = tmp_path / "docks.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE dock (dock_id INTEGER PRIMARY KEY, label TEXT)")
    con.execute("CREATE TABLE reading (dock_id INTEGER REFERENCES dock (dock_id), bikes_available INTEGER, stamp TEXT)")
    con.executemany("INSERT INTO dock VALUES (?, ?)", [(i, f"dock {i}") for i in range(1, 7)])
    con.executemany("INSERT INTO reading VALUES (?, ?, ?)",
                    [(d, (d * 7 + h) % 12, f"2015/07/{1 + h // 24:02d} {h % 24:02d}:00:01") for d in range(1, 7) for h in range(60)])
    con.commit()
    con.close()
    diags = Diagnostics()
    out = compile_snapshot(snapshot(str(path), diags=diags), ["dbt"], Config(name="docks"), diags)
    sql = next(t for p, t in out.files["dbt"].items() if p.endswith("stg_reading.sql"))
    select = re.sub(r"\{\{ source\([^)]*\) \}\}", "reading", sql.split("\n", 1)[1])
    got = sqlite3.connect(path).execute(f"SELECT MIN(stamp), MAX(stamp) FROM ({select})").fetchone()
    assert got == ("2015-07-01 00:00:01", "2015-07-03 11:00:01")
    semantic = next(t for p, t in out.files["dbt"].items() if p.endswith("semantic/reading.yml"))
    assert "agg_time_dimension: stamp" in semantic
    assert re.search(r"agg: sum\n\s+expr: bikes_available\n.*\n\s+non_additive_dimension:\n\s+name: stamp", semantic), semantic
