"""A calendar keyed by its days written as whole numbers YYYYMMDD, end to end, shaped like the
Star Schema Benchmark's (dates.d_datekey 19920101, its d_date text 'January 1, 1992', no date
column): its key is read as its day, its facts' keys to it (lo_orderdate, lo_commitdate) join it
with or without declared keys, and the facts take the day of the date they were ordered on as
their time axis, in every target that can render it."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from tests.support import duckdb_file

DAY = "CAST(strftime(DATE '1992-01-01' + CAST({days} AS INTEGER), '%Y%m%d') AS INTEGER)"


def _ssb(path, keys: bool) -> str:
    pk = ", PRIMARY KEY (d_datekey)" if keys else ""
    fks = (", FOREIGN KEY (lo_orderdate) REFERENCES dates (d_datekey), FOREIGN KEY (lo_commitdate) REFERENCES dates (d_datekey)"
           if keys else "")
    return duckdb_file(
        path,
        f"CREATE TABLE dates (d_datekey INTEGER NOT NULL, d_date VARCHAR, d_month VARCHAR, d_year INTEGER, d_yearmonthnum INTEGER, "
        f"d_daynuminmonth INTEGER, d_weeknuminyear INTEGER, d_holidayfl INTEGER, d_weekdayfl INTEGER{pk})",
        f"INSERT INTO dates SELECT {DAY.format(days='i')}, strftime(DATE '1992-01-01' + CAST(i AS INTEGER), '%B %-d, %Y'), "
        "monthname(DATE '1992-01-01' + CAST(i AS INTEGER)), "
        "1992 + i // 366, CAST(strftime(DATE '1992-01-01' + CAST(i AS INTEGER), '%Y%m') AS INTEGER), "
        "day(DATE '1992-01-01' + CAST(i AS INTEGER)), week(DATE '1992-01-01' + CAST(i AS INTEGER)), "
        "CASE WHEN i % 61 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 7 IN (3, 4) THEN 0 ELSE 1 END FROM range(0, 730) AS r(i)",
        f"CREATE TABLE lineorder (lo_orderkey INTEGER NOT NULL, lo_linenumber INTEGER NOT NULL, lo_orderdate INTEGER, "
        f"lo_quantity INTEGER, lo_revenue INTEGER, lo_commitdate INTEGER{', PRIMARY KEY (lo_orderkey, lo_linenumber)' if keys else ''}{fks})",
        # orders on one day in three of the first year, committed 30 to 90 days later
        f"INSERT INTO lineorder SELECT 1 + i // 3, 1 + i % 3, {DAY.format(days='(i // 3) * 3 % 360')}, 1 + i % 50, "
        f"900 + (i * 37) % 5000, {DAY.format(days='(i // 3) * 3 % 360 + 30 + i % 61')} FROM range(0, 900) AS r(i)",
    )


@pytest.fixture(scope="module", params=[True, False], ids=["keys", "no_keys"])
def result(request, tmp_path_factory):
    path = _ssb(tmp_path_factory.mktemp("ssb") / "ssb.duckdb", request.param)
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags)
    out = compile_snapshot(snap, ["dbt", "lookml", "powerbi"], Config(name="ssb"), diags)
    assert not diags.has_errors(), diags.render_text()
    return path, out, diags


def _file(out, target, end):
    return next(t for p, t in out.files[target].items() if p.endswith(end))


def test_the_calendar_reads_its_key_as_its_day(result):
    path, out, _ = result
    view = _file(out, "lookml", "dates.view.lkml")
    group = view.split("dimension_group: d_datekey_date {")[1].split("\n  }")[0]
    sql = group.split("sql: ")[1].split(" ;;")[0].replace("${TABLE}", "dates")
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute(f"SELECT MIN({sql}), COUNT(DISTINCT {sql}) FROM dates").fetchone() == (date(1992, 1, 1), 730)
    assert "primary_key: yes" in view.split("dimension: d_datekey {")[1].split("\n  }")[0]  # the number stays the key


def test_the_fact_joins_the_calendar_and_takes_the_order_day(result):
    _, out, _ = result
    model = _file(out, "lookml", "ssb.model.lkml")
    assert "${lineorder.lo_orderdate} = ${order_date.d_datekey}" in model
    semantic = _file(out, "dbt", "semantic/lineorder.yml")
    assert "agg_time_dimension: dates_d_datekey_date" in semantic
    fct = _file(out, "dbt", "marts/fct_lineorder.sql")
    assert "on lineorder.lo_orderdate = dates.d_datekey" in fct  # the order date, not the commit date


def test_power_bi_keeps_the_number_and_reports_the_day(result):
    _, out, diags = result
    assert any(d.code == "PB001" and "d_datekey_date" in d.message for d in diags.items), diags.render_text()


def test_the_calendars_zero_one_parts_are_flags_in_every_target(result):
    """d_holidayfl and d_weekdayfl hold 0 and 1: a holiday or not, a weekday or not. They are
    yes/no fields, never numbers (the SSB's flags showed as "D Holidayfl" summarised as numbers)."""
    path, out, _ = result
    view = _file(out, "lookml", "dates.view.lkml")
    flag = view.split("dimension: d_holidayfl {")[1].split("\n  }")[0]
    assert "type: yesno" in flag, flag
    sql = flag.split("sql: ")[1].split(" ;;")[0].replace("${TABLE}", "dates")
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute(f"SELECT COUNT(*) FILTER (WHERE {sql}) FROM dates").fetchone() == (12,)
    assert "d_year {\n    type: number" in view  # the other parts stay numbers
    table = _file(out, "powerbi", "/Dates.tmdl")
    assert "dataType: boolean" in table.split("column 'D Holidayfl'")[1].split("column ")[0]
    assert "CAST(\"d_holidayfl\" AS BOOLEAN) as d_holidayfl" in _file(out, "dbt", "stg_dates.sql")


def test_zero_one_numbers_elsewhere_stay_numbers(tmp_path):
    """A 0/1 column outside a calendar may count things that never passed one: it stays a number."""
    path = duckdb_file(tmp_path / "t.duckdb", "CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, returns INTEGER)",
                       "INSERT INTO visits SELECT i, i % 2 FROM range(1, 200) AS r(i)")
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags)
    out = compile_snapshot(snap, ["lookml"], Config(name="t"), diags)
    assert "type: yesno" not in _file(out, "lookml", "visits.view.lkml")


@pytest.mark.parametrize("fact, day, later", [("lineorder", "lo_orderdate", "lo_commitdate"),
                                              ("sales", "orderdate", "duedate")])
def test_a_day_number_with_no_calendar_to_join_is_the_facts_day(tmp_path, fact, day, later):
    """Without a calendar in the extract, a fact's YYYYMMDD day named as a day in glued words is
    read as that day: its time axis, never a number."""
    path = duckdb_file(tmp_path / "f.duckdb", f'CREATE TABLE "{fact}" (line_id INTEGER PRIMARY KEY, "{day}" INTEGER, '
                       f'"{later}" INTEGER, quantity INTEGER)',
                       f'INSERT INTO "{fact}" SELECT i, {DAY.format(days="i % 300")}, {DAY.format(days="i % 300 + 7")}, 1 + i % 9 '
                       "FROM range(1, 400) AS r(i)")
    diags = Diagnostics()
    out = compile_snapshot(snapshot(str(path), diags=diags), ["dbt"], Config(name="f"), diags)
    assert not diags.has_errors(), diags.render_text()
    entity = out.model.entities[0]
    assert {t.column for t in entity.time_dimensions} == {day, later}
    assert entity.time_axis is not None and entity.time_axis.dimension == next(t.name for t in entity.time_dimensions if t.column == day)


def test_the_period_a_name_says():
    """BTS's DayofMonth, cut at its capitals only, is a day of the month; a label's tag (tag_id,
    price_tag) and a count of days (days_to_ship, lead_days) are no part of the calendar, while
    German's Tag beside a month still is."""
    from compiler.calendar import period_named
    from compiler.naming import words

    said = {n: period_named(words(n)) for n in ("DayofMonth", "DayofWeek", "DayOfWeek", "tag_id", "price_tag", "days_to_ship",
                                                 "lead_days", "monat_tag", "L_WEEKDAYS", "L_MONTHS")}
    assert said == {"DayofMonth": "month_day", "DayofWeek": "weekday", "DayOfWeek": "weekday", "tag_id": None, "price_tag": None,
                    "days_to_ship": None, "lead_days": None, "monat_tag": "month_day", "L_WEEKDAYS": "weekday", "L_MONTHS": "month"}
