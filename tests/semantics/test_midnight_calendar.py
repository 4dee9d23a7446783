"""A day kept as a date and time at midnight, end to end. A calendar whose day is such a column
(Mondrian FoodMart's time_by_day.the_date, a DATETIME in MariaDB) is taken as one, and the facts
keyed by its time_id are dated by its day; one noon among the days and it is no calendar. Any
other date and time at midnight on every row (an invoice's DATETIME) is a day too: its hours
and minutes are not offered as timeframes."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from tests.support import duckdb_file


def _foodmart(path, noon: bool = False) -> str:
    clock = "CASE WHEN i = 200 THEN INTERVAL 12 HOUR ELSE INTERVAL 0 HOUR END" if noon else "INTERVAL 0 HOUR"
    return duckdb_file(
        path,
        "CREATE TABLE time_by_day (time_id INTEGER PRIMARY KEY, the_date TIMESTAMP, the_day VARCHAR, the_month VARCHAR, "
        "the_year SMALLINT, day_of_month SMALLINT, week_of_year INTEGER, month_of_year SMALLINT, quarter VARCHAR)",
        f"INSERT INTO time_by_day SELECT 366 + i, TIMESTAMP '1997-01-01' + INTERVAL (i) DAY + {clock}, "
        "dayname(DATE '1997-01-01' + CAST(i AS INTEGER)), monthname(DATE '1997-01-01' + CAST(i AS INTEGER)), "
        "year(DATE '1997-01-01' + CAST(i AS INTEGER)), day(DATE '1997-01-01' + CAST(i AS INTEGER)), "
        "week(DATE '1997-01-01' + CAST(i AS INTEGER)), month(DATE '1997-01-01' + CAST(i AS INTEGER)), "
        "'Q' || quarter(DATE '1997-01-01' + CAST(i AS INTEGER)) FROM range(0, 730) AS r(i)",
        "CREATE TABLE store (store_id INTEGER PRIMARY KEY, store_name VARCHAR, first_opened_date TIMESTAMP)",
        "INSERT INTO store SELECT i, 'Store ' || i, TIMESTAMP '1980-01-01' + INTERVAL (i * 97) DAY + INTERVAL 9 HOUR "
        "FROM range(1, 25) AS r(i)",
        "CREATE TABLE sales_fact_1997 (product_id INTEGER NOT NULL, time_id INTEGER NOT NULL, store_id INTEGER NOT NULL, "
        "store_sales DECIMAL(10,4) NOT NULL, unit_sales DECIMAL(10,4) NOT NULL)",
        "INSERT INTO sales_fact_1997 SELECT 1 + i % 5, 367 + (i * 7) % 365, 1 + i % 3, 1.5 + i % 40, 1 + i % 5 "
        "FROM range(0, 3000) AS r(i)",  # rows repeat: no key, as in FoodMart
    )


def _compile(path):
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags)
    out = compile_snapshot(snap, ["dbt"], Config(name="foodmart"), diags)
    assert not diags.has_errors(), diags.render_text()
    semantic = {p.rsplit("/", 1)[-1]: t for p, t in out.files["dbt"].items() if "/semantic/" in p}
    return snap, semantic


@pytest.fixture(scope="module")
def midnights(tmp_path_factory):
    return _compile(_foodmart(tmp_path_factory.mktemp("fm") / "foodmart.duckdb"))


def test_the_midnights_of_every_date_and_time_column_are_counted(midnights):
    snap, _ = midnights
    cols = {(t.name, c.name): c for t in snap.tables for c in t.columns}
    assert cols["time_by_day", "the_date"].profile.patterns == {"midnight": 1.0}
    assert cols["store", "first_opened_date"].profile.patterns.get("midnight", 0.0) == 0.0  # nine o'clock


def test_a_date_and_time_at_midnight_on_every_row_is_a_day(tmp_path):
    path = duckdb_file(
        tmp_path / "invoices.duckdb",
        "CREATE TABLE invoice (invoice_id INTEGER PRIMARY KEY, invoice_date TIMESTAMP, paid_at TIMESTAMP, total DECIMAL(10,2))",
        "INSERT INTO invoice SELECT i, TIMESTAMP '2021-01-01' + INTERVAL (i % 700) DAY, "
        "TIMESTAMP '2021-01-01' + INTERVAL (i % 700) DAY + INTERVAL (i % 600) MINUTE, 1 + i % 90 FROM range(1, 400) AS r(i)",
    )
    diags = Diagnostics()
    out = compile_snapshot(snapshot(path, diags=diags), ["lookml", "powerbi"], Config(name="invoices"), diags)
    assert not diags.has_errors(), diags.render_text()
    view = next(t for p, t in out.files["lookml"].items() if p.endswith("invoice.view.lkml"))
    day, moment = view.split("dimension_group: invoice")[1].split("dimension_group:")[0], view.split("dimension_group: paid")[1]
    assert "timeframes: [raw, date, week, month, quarter, year]" in day  # no time, no hour: all midnight
    assert "timeframes: [raw, time, hour, date" in moment
    table = next(t for p, t in out.files["powerbi"].items() if p.endswith("/Invoice.tmdl"))
    invoice_date = table.split("column 'Invoice Date'")[1].split("column ")[0]
    paid_at = table.split("column 'Paid at'")[1].split("column ")[0]
    assert "formatString: Short Date" in invoice_date and "formatString: General Date" in paid_at


def test_a_fact_keyed_by_time_id_is_dated_by_the_calendar_day(midnights):
    _, semantic = midnights
    assert "agg_time_dimension: the_date" in semantic["time_by_day.yml"]
    assert "agg_time_dimension: no_time_axis" not in semantic["sales_fact_1997.yml"]
    assert "the_date" in semantic["sales_fact_1997.yml"]


def test_a_time_of_day_among_the_days_makes_no_calendar(tmp_path):
    _, semantic = _compile(_foodmart(tmp_path / "noon.duckdb", noon=True))
    assert "agg_time_dimension: no_time_axis" in semantic["sales_fact_1997.yml"]


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite", "postgres", "mysql"])
def test_the_midnight_count_runs_in_each_dialect(dialect, request):
    """The count the profiler adds to a calendar's date and time column, on a real engine."""
    from compiler.profiler import queries as q

    plan = q.ColumnPlan(index=0, name="the_date", data_type="timestamp", distinct="none", midnights=True)
    sql, layout = q.aggregate_query(q.table_expr("days", None), [plan], dialect, None)
    stat = [i for i, (_, s) in enumerate(layout.slots) if s == "pattern:midnight"][0]
    create = "CREATE TABLE days (the_date {})".format("DATETIME" if dialect in ("mysql", "sqlite") else "TIMESTAMP")
    rows = ["1997-01-01 00:00:00", "1997-01-02 00:00:00", "1997-01-03 12:30:00"]
    if dialect == "duckdb":
        con = duckdb.connect()
        con.execute(create)
        con.execute("INSERT INTO days VALUES " + ", ".join(f"('{r}')" for r in rows))
        got = con.execute(sql).fetchone()
    elif dialect == "sqlite":
        con = sqlite3.connect(":memory:")
        con.execute(create)
        con.executemany("INSERT INTO days VALUES (?)", [(r,) for r in rows])
        got = con.execute(sql).fetchone()
    else:
        engine = request.getfixturevalue(f"{dialect}_engine")
        with engine.connect() as conn:
            temp = create.replace("CREATE TABLE", "CREATE TEMPORARY TABLE")
            conn.exec_driver_sql(temp)
            conn.exec_driver_sql("INSERT INTO days VALUES " + ", ".join(f"('{r}')" for r in rows))
            got = conn.exec_driver_sql(sql.replace("%", "%%")).one()
    assert int(got[stat]) == 2, (dialect, sql)


def _contoso(path, noon: bool = False) -> str:
    """A calendar keyed by its day as a DATETIME (Contoso's DimDate.Datekey) and sales whose day
    is a DATETIME too: no integer key between them."""
    clock = "CASE WHEN i = 17 THEN INTERVAL 12 HOUR ELSE INTERVAL 0 HOUR END" if noon else "INTERVAL 0 HOUR"
    return duckdb_file(
        path,
        "CREATE TABLE DimDate (Datekey TIMESTAMP PRIMARY KEY, CalendarYear INTEGER, CalendarMonth INTEGER, "
        "CalendarQuarter INTEGER, FiscalYear INTEGER)",
        "INSERT INTO DimDate SELECT TIMESTAMP '2007-01-01' + INTERVAL (i) DAY, year(d), year(d) * 100 + month(d), "
        "year(d) * 10 + quarter(d), year(d) + CASE WHEN month(d) >= 7 THEN 1 ELSE 0 END "
        "FROM (SELECT i, DATE '2007-01-01' + CAST(i AS INTEGER) AS d FROM range(0, 1096) AS r(i))",
        "CREATE TABLE DimStore (StoreKey INTEGER PRIMARY KEY, StoreName VARCHAR)",
        "INSERT INTO DimStore SELECT i, 'Store ' || i FROM range(1, 30) AS r(i)",
        "CREATE TABLE FactSales (SalesKey INTEGER PRIMARY KEY, DateKey TIMESTAMP NOT NULL, StoreKey INTEGER NOT NULL, "
        "SalesQuantity INTEGER, SalesAmount DECIMAL(12,2))",
        f"INSERT INTO FactSales SELECT i, TIMESTAMP '2007-03-01' + INTERVAL ((i * 7) % 600) DAY + {clock}, 1 + i % 29, "
        "1 + i % 9, 10.5 + i % 300 FROM range(1, 3000) AS r(i)",
    )


def _day_joins(path) -> set:
    diags = Diagnostics()
    out = compile_snapshot(snapshot(str(path), diags=diags), ["lookml"], Config(name="contoso"), diags)
    assert not diags.has_errors(), diags.render_text()
    return {(r.from_.table, tuple(r.from_.columns), r.to.table) for r in out.model.relationships}


def test_days_kept_as_dates_and_times_at_midnight_join_a_calendar_keyed_so(tmp_path):
    """Both the calendar's key and the fact's day are DATETIMEs at midnight: the sales join the
    calendar by their day (its fiscal year, its months), as a date would; they had joined nothing."""
    assert ("FactSales", ("DateKey",), "DimDate") in _day_joins(_contoso(tmp_path / "c.duckdb"))


def test_a_day_with_a_time_of_day_joins_no_calendar(tmp_path):
    assert not {j for j in _day_joins(_contoso(tmp_path / "c.duckdb", noon=True)) if j[2] == "DimDate"}
