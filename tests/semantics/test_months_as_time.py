"""Months kept as six digits YYYYMM (a customer's consumption per month, `Date` TEXT '201201' in a
table named for months; a `period` of whole numbers), end to end: the month stays the value people
group by and join by, and is also read as its first day, the table's time axis by month. Six digits
that read as YYMMDD days too (201201 .. 201212: the 1st to the 12th of December 2020) are months
where a name says so; a day column of YYMMDD stays a day."""

from __future__ import annotations

import random
import sqlite3

import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("months") / "usage.sqlite"
    rnd = random.Random(5)
    con = sqlite3.connect(str(path))
    con.execute("CREATE TABLE customers (CustomerID INTEGER PRIMARY KEY, Segment TEXT)")
    con.executemany("INSERT INTO customers VALUES (?, ?)", [(i, rnd.choice(["SME", "LAM", "KAM"])) for i in range(1, 61)])
    con.execute("CREATE TABLE yearmonth (CustomerID INTEGER NOT NULL REFERENCES customers, Date TEXT NOT NULL, "
                "Consumption REAL, PRIMARY KEY (Date, CustomerID))")
    con.executemany("INSERT INTO yearmonth VALUES (?, ?, ?)",
                    [(c, f"{2012 + m // 12}{m % 12 + 1:02d}", round(rnd.uniform(10, 900), 2))
                     for c in range(1, 61) for m in range(24)])
    # One year of months as whole numbers: every value is a YYMMDD day of December 2020 as well.
    con.execute("CREATE TABLE billing (bill_id INTEGER PRIMARY KEY, CustomerID INTEGER REFERENCES customers, "
                "period INTEGER, amount REAL)")
    con.executemany("INSERT INTO billing VALUES (?, ?, ?, ?)",
                    [(i, rnd.randint(1, 60), 201200 + rnd.randint(1, 12), round(rnd.uniform(5, 500), 2)) for i in range(600)])
    # Days kept as YYMMDD (the PKDD'99 bank's 930101): days, not months.
    con.execute("CREATE TABLE trans (trans_id INTEGER PRIMARY KEY, CustomerID INTEGER REFERENCES customers, "
                "date INTEGER, amount REAL)")
    con.executemany("INSERT INTO trans VALUES (?, ?, ?, ?)",
                    [(i, rnd.randint(1, 60), 930000 + rnd.randint(1, 12) * 100 + rnd.randint(1, 28),
                      round(rnd.uniform(5, 500), 2)) for i in range(600)])
    con.commit()
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False))
    out = compile_snapshot(snap, ["dbt", "lookml", "powerbi", "cube", "superset"], Config(name="usage"), diags)
    assert not diags.has_errors(), diags.render_text()
    return path, snap, out, diags


def test_a_month_kept_as_text_in_the_key_is_a_time_axis_by_month(built):
    _, _, out, _ = built
    ym = out.model.entity("yearmonth")
    assert ym.time_axis is not None and ym.time_axis.dimension == "date_month"
    (month,) = ym.time_dimensions
    assert (month.column, month.granularity, month.data_type) == ("Date", "month", "date")
    assert any(d.column == "Date" for d in ym.dimensions)  # still the value grouped by, part of the key
    assert [m.agg for m in ym.measures if m.column == "Consumption"] == ["sum"]  # a flow: each month's adds up


def test_months_that_read_as_yymmdd_days_too_are_months_where_named_so(built):
    _, _, out, _ = built
    billing = out.model.entity("billing")
    (period,) = billing.time_dimensions
    assert (period.column, period.granularity) == ("period", "month")
    assert billing.time_axis is not None and billing.time_axis.dimension == period.name
    trans = out.model.entity("trans")
    (day,) = trans.time_dimensions
    assert (day.column, day.granularity) == ("date", None)  # YYMMDD days of 1993 stay days


def test_every_target_reads_the_month_as_its_first_day(built):
    path, _, out, diags = built
    files = out.files
    view = next(t for p, t in files["lookml"].items() if p.endswith("yearmonth.view.lkml"))
    assert "timeframes: [raw, month, quarter, year]" in view
    sql = view.split("dimension_group: date_month", 1)[1].split(";;", 1)[0].split("sql:", 1)[1].replace("${TABLE}.", "")
    con = sqlite3.connect(str(path))
    assert con.execute(f"SELECT MIN({sql}), MAX({sql}) FROM yearmonth").fetchone() == ("2012-01-01", "2013-12-01")
    semantic = next(t for p, t in files["dbt"].items() if p.endswith("semantic/yearmonth.yml"))
    assert "agg_time_dimension: date_month" in semantic and "time_granularity: month" in semantic
    assert "as date_month" in next(t for p, t in files["dbt"].items() if p.endswith("stg_yearmonth.sql"))
    # Power BI binds the column once, as its text: the month's first day is a loss it reports.
    assert any(d.code == "PB001" and "yearmonth.date_month" in d.message for d in diags.items)
    assert out.model.time_span is not None and out.model.time_span.first <= "2012-01-01"


@pytest.mark.parametrize("name,table,lo,hi,distinct,expected", [
    ("Date", "yearmonth", "201201", "201312", 24, True), ("period", "billing", 201201, 201212, 12, True),
    ("Monat", "umsatz", 202001, 202112, 24, True), ("mes", "ventas", 201901, 202012, 20, True),
    # YYMMDD days (no month word), more values than months between, a key of its own, no month 13
    ("date", "trans", 930101, 931231, 300, False), ("Date", "yearmonth", "201201", "201312", 40, False),
    ("month_id", "sales", 201201, 201312, 24, False), ("period", "billing", 201201, 201213, 12, False),
])
def test_which_six_digits_are_months(name, table, lo, hi, distinct, expected):
    from ir.catalog import Column, ColumnProfile, Table
    from passes.stored_times import month_time

    dtype = "string" if isinstance(lo, str) else "integer"
    col = Column(name=name, type="TEXT" if dtype == "string" else "INTEGER", data_type=dtype,
                 profile=ColumnProfile(null_count=0, distinct_count=distinct, min=lo, max=hi, min_length=6, max_length=6))
    assert month_time(Table(name=table, columns=[col]), col, False) is expected
