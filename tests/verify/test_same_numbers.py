"""The same number through every target: each measure overall, by a dimension of its own table,
by a dimension over each many-to-one relationship and by the year of its time axis, asked from the IR's reference SQL and
through Looker's SQL, Superset's SQL, Cube's own compiler, DAX (Power BI's filter propagation)
and MetricFlow's own engine, on the generated star schema (role-playing addresses, a manager
self reference), Chinook and Northwind (copied into DuckDB: MetricFlow has no SQLite engine), TPC-H without constraints and Sakila on PostgreSQL,
and Sakila on MariaDB through every target but MetricFlow (it has no MariaDB engine here).

Every question a target can express must be askable from its files and equal the reference: no
VA004 and no VA005, ever. What a target cannot express (Power BI relates no two columns at once and
filters along one active way, MetricFlow has no entity for a compound key that is not a primary key,
Cube joins no cube without a primary key) is a documented loss its backend reports when compiling
(PB001, PB003, DB003, CB001); the check
counts it apart, and the counts are the figures of docs/verification.md."""

from __future__ import annotations

import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.verify.queries import queries
from compiler.verify.run import TARGETS, render, verify

DATABASES = ("star_db", "chinook_duckdb", "northwind_duckdb", "tpch", "sakila_postgres", "sakila_mariadb")
# Targets each database is asked through (every one unless named here).
ASKED = {"sakila_mariadb": [t for t in TARGETS if t != "dbt"]}
# The losses each backend documents and reports when compiling (docs/verification.md).
LOSSES = {"powerbi": {"PB001", "PB003"}, "dbt": {"DB003"}, "cube": {"CB001"}, "lookml": set(), "superset": set()}


@pytest.mark.parametrize("name", DATABASES)
def test_every_answer_equals_the_reference(name, request, tool_env, tmp_path):
    source, extra = request.getfixturevalue(name)
    diags = Diagnostics()
    snap = snapshot(source, SourceOptions(schemas=extra[1:]), diags)
    targets = ASKED.get(name, list(TARGETS))
    result = compile_snapshot(snap, targets, diags=diags)
    assert not diags.has_errors(), diags.render_text()
    tools = {"cube_modules": tool_env["MB_CUBE_NODE_MODULES"], "mf_python": tool_env["MB_MF_PYTHON"]}
    report = verify(source, result.model, result.files, diags, tools)
    text = render(report, name)
    print("\n" + text)
    assert set(report.tally) == set(targets), diags.render_text()
    different = [f for f in report.findings if f[1] == "different"]
    assert not different, "\n".join(map(str, different[:10]))
    unaskable = [f for f in report.findings if f[1] == "not askable"]
    assert not unaskable, "\n".join(map(str, unaskable[:10]))
    for target, status, question, detail in report.findings:
        code = detail.rsplit("(", 1)[-1].rstrip(")")
        assert status == "loss" and code in LOSSES[target], (target, question, detail)
        assert any(d.code == "VA006" and d.location == question for d in diags.items)
    for target, t in report.tally.items():
        assert t.equal + t.lost == report.questions and t.share(report.questions) == 1.0, f"{target}\n{text}"


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


AIRPORTS_TWICE = """
create table airports_data (airport_code varchar primary key, city varchar, timezone varchar);
create table airports (airport_code varchar primary key, city varchar, timezone varchar);
create table flights (flight_id integer primary key, scheduled_departure timestamp,
    departure_airport varchar references airports_data (airport_code), arrival_airport varchar references airports_data (airport_code));
create table routes (flight_no varchar primary key, opened_on date, fare decimal(10, 2),
    departure_airport varchar references airports (airport_code), arrival_airport varchar references airports (airport_code));
insert into airports_data select 'A' || i, 'City ' || (i % 3), 'TZ' || (i % 2) from range(1, 7) t(i);
insert into airports select * from airports_data;
insert into flights select i, timestamp '2024-01-01' + to_hours(i::integer),  'A' || (1 + i % 6), 'A' || (1 + (i + 2) % 6)
    from range(1, 61) t(i);
insert into routes select 'R' || i, date '2023-01-01' + i::integer, i * 10.5, 'A' || (1 + i % 6), 'A' || (1 + (i + 1) % 6)
    from range(1, 13) t(i);
"""


def test_a_role_played_by_two_tables_is_asked_through_metricflow(mf_python, tmp_path):
    """Flights refer to airports_data by their departure and arrival airports, routes to a copy
    of it by the same roles: each role keys one semantic model, so MetricFlow answers every
    question by either airport, through either table."""
    import duckdb

    path = tmp_path / "airports_twice.duckdb"
    con = duckdb.connect(str(path))
    con.execute(AIRPORTS_TWICE)
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path)), ["dbt"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    asked = queries(result.model)
    assert sum(1 for q in asked if q.path) == 6  # each measure by each airport's city
    report = verify(str(path), result.model, result.files, diags, {"mf_python": str(mf_python)})
    assert not report.findings, "\n".join(map(str, report.findings[:6]))
    assert report.tally["dbt"].equal == report.questions == len(asked)


def test_a_level_read_every_half_hour_is_taken_at_its_latest_reading_through_metricflow(mf_python, tmp_path):
    """A dock station's bikes every half hour, keyed by station and stamp: the level is the last
    reading's, summed over the stations. MetricFlow takes the latest at the time dimension's
    grain; by day it had summed every reading of the last day (28,939 bikes for 552)."""
    import duckdb

    path = tmp_path / "docks.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table station (station_id integer primary key, name varchar)")
    con.execute("insert into station select i, 'dock ' || i from range(1, 7) t(i)")
    con.execute("create table status (station_id integer references station (station_id), stamp timestamp, bikes_available integer, "
                "primary key (station_id, stamp))")
    con.execute("insert into status select s, timestamp '2015-07-01 00:00:01' + to_minutes(30 * h::integer), (s * 7 + h) % 12 "
                "from range(1, 7) a(s), range(0, 144) b(h)")
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path)), ["dbt"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    status = next(e for e in result.model.entities if e.name == "status")
    assert {m.name: m.non_additive_dimension for m in status.measures}["total_bikes_available"] == "stamp"
    report = verify(str(path), result.model, result.files, diags, {"mf_python": str(mf_python)})
    assert not report.findings, "\n".join(map(str, report.findings[:6]))
    assert report.tally["dbt"].equal == report.questions
