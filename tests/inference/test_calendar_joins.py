"""A calendar table keyed by its date (one row per day or per week, with its year, month and week
beside it) is joined by the days of the facts, whatever the columns are called, in DuckDB and
SQLite alike; a date that records no event of its row, and a daily table that is no calendar, are
not joined."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from tests.inference.build import edges, infer, sqlite_db

START = date(2021, 1, 1)


def _calendar(days: int, step: int = 1) -> list[tuple]:
    out = []
    for i in range(days):
        d = START + timedelta(days=i * step)
        out.append((d, d.year, d.month, (d.month - 1) // 3 + 1, d.isocalendar()[1], d.strftime("%A")))
    return out


def _build(path, engine: str, step: int = 1) -> None:
    calendar = _calendar(400, step)
    span = 400 * step
    sales = [(i, 1 + i % 9, START + timedelta(days=(i * 37) % span // step * step), START + timedelta(days=(i * 11) % span),
              10.0 + i % 17) for i in range(600)]
    customers = [(i, f"customer {i}", START + timedelta(days=i * 3)) for i in range(1, 10)]
    daily = [(START + timedelta(days=i), 100 + i % 13) for i in range(400)]
    tables = {
        "dim_date": ("date_day DATE, year_number INTEGER, month_of_year INTEGER, quarter_of_year INTEGER, "
                     "week_of_year INTEGER, day_name TEXT", calendar),
        "sales": ("sale_id INTEGER, customer_id INTEGER, order_date DATE, shipped DATE, amount DOUBLE", sales),
        "customers": ("customer_id INTEGER, name TEXT, valid_from DATE", customers),
        "daily_visits": ("visit_day DATE, visits INTEGER", daily),
    }
    if engine == "sqlite":
        sqlite_db(path, {k: (ddl, [tuple(v.isoformat() if isinstance(v, date) else v for v in row) for row in rows])
                         for k, (ddl, rows) in tables.items()})
        return
    con = duckdb.connect(str(path))
    for name, (ddl, rows) in tables.items():
        con.execute(f"CREATE TABLE {name} ({ddl})")
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in rows[0])})", rows)
    con.close()


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_facts_days_join_the_calendar(tmp_path, engine):
    path = tmp_path / f"cal.{engine}"
    _build(path, engine)
    model, _ = infer(path)
    assert model.entity("dim_date").primary_key == ["date_day"]
    assert model.entity("daily_visits").primary_key == []  # one row per day, but no calendar's parts
    got = {e for e in edges(model) if "dim_date" in (e[0], e[2]) or "daily_visits" in (e[0], e[2])}
    # Each of a sale's days plays the calendar (order date, ship date), and so does the day of a
    # daily table; nothing joins that table's days, and a customer's validity start records no
    # event and joins nothing.
    assert got == {("sales", "order_date", "dim_date", "date_day"), ("sales", "shipped", "dim_date", "date_day"),
                   ("daily_visits", "visit_day", "dim_date", "date_day")}


def test_a_calendar_of_weeks(tmp_path):
    path = tmp_path / "weeks.duckdb"
    _build(path, "duckdb", step=7)
    model, _ = infer(path)
    assert model.entity("dim_date").primary_key == ["date_day"]
    assert ("sales", "order_date", "dim_date", "date_day") in edges(model)
    assert ("sales", "shipped", "dim_date", "date_day") not in edges(model)  # any day of the week: not the calendar's


def test_without_data_a_calendar_is_known_by_its_names(tmp_path):
    """A DDL file holds no rows: a table named as a calendar whose one date sits beside its year,
    month and day of week dates the sales keyed to it (through the sold date, not the ship date);
    a table of dates by any other name does not."""
    from tests.inference.build import sqlite_db

    path = sqlite_db(tmp_path / "ddl.sqlite", {
        "date_dim": ("d_date_sk INTEGER PRIMARY KEY, d_date DATE, d_year INTEGER, d_moy INTEGER, d_day_name TEXT, d_quarter_name TEXT", []),
        "holidays": ("holiday_sk INTEGER PRIMARY KEY, holiday_date DATE, h_year INTEGER, h_month INTEGER, h_weekday TEXT", []),
        "web_sales": ("ws_order_number INTEGER PRIMARY KEY, ws_ship_date_sk INTEGER REFERENCES date_dim (d_date_sk), "
                      "ws_sold_date_sk INTEGER REFERENCES date_dim (d_date_sk), ws_net_paid NUMERIC", []),
        "returns": ("r_number INTEGER PRIMARY KEY, r_holiday_sk INTEGER REFERENCES holidays (holiday_sk), r_amount NUMERIC", []),
    })
    model, _ = infer(path, profile=False)
    sales = model.entity("web_sales").time_axis
    assert (sales.entity, sales.dimension, [s.from_columns for s in sales.path]) == ("date_dim", "d_date", [["ws_sold_date_sk"]])
    assert model.entity("returns").time_axis is None
