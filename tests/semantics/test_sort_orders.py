"""A calendar's month and weekday names sort by their numbers (Dimension.sort_by), as
AdventureWorksDW's DimDate is sorted by hand (EnglishMonthName by MonthNumberOfYear): Power BI
writes sortByColumn, LookML order_by_field. Sorted as text, April came first and Friday before
Monday. Names outside a calendar are left as they are: Power BI refuses to load a sort column
that gives one name two numbers."""

from __future__ import annotations

import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from tests.support import duckdb_file

D = "DATE '2005-01-01' + CAST(i AS INTEGER)"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = duckdb_file(
        tmp_path_factory.mktemp("cal") / "cal.duckdb",
        'CREATE TABLE "DimDate" ("DateKey" INTEGER PRIMARY KEY, "FullDateAlternateKey" DATE, "DayNumberOfWeek" SMALLINT, '
        '"EnglishDayNameOfWeek" VARCHAR, "SpanishMonthName" VARCHAR, "MonthNumberOfYear" SMALLINT, "CalendarYear" SMALLINT)',
        f"INSERT INTO \"DimDate\" SELECT CAST(strftime({D}, '%Y%m%d') AS INTEGER), {D}, isodow({D}) % 7 + 1, dayname({D}), "
        f"['Enero', 'Febrero', 'Marzo', 'Abril', 'Mayo', 'Junio', 'Julio', 'Agosto', 'Septiembre', 'Octubre', 'Noviembre', "
        f"'Diciembre'][month({D})], month({D}), year({D}) FROM range(0, 730) AS r(i)",
        # a survey's answers: a month named and a number of months beside it, no calendar
        "CREATE TABLE answers (answer_id INTEGER PRIMARY KEY, birth_month VARCHAR, months_waited INTEGER)",
        "INSERT INTO answers SELECT i, monthname(DATE '2000-01-01' + CAST(i * 37 AS INTEGER)), 1 + i % 12 FROM range(1, 400) AS r(i)",
    )
    diags = Diagnostics()
    out = compile_snapshot(snapshot(str(path), diags=diags), ["lookml", "powerbi"], Config(name="cal"), diags)
    assert not diags.has_errors(), diags.render_text()
    return out


def test_month_and_day_names_of_a_calendar_sort_by_their_numbers(result):
    dims = {(e.name, d.name): d.sort_by for e in result.model.entities for d in e.dimensions}
    assert dims["dim_date", "spanish_month_name"] == "month_number_of_year"
    assert dims["dim_date", "english_day_name_of_week"] == "day_number_of_week"
    assert dims["answers", "birth_month"] is None


def test_power_bi_and_lookml_render_the_order(result):
    table = next(t for p, t in result.files["powerbi"].items() if p.endswith("/Date.tmdl") or p.endswith("/Dim Date.tmdl"))
    month = table.split("column 'Spanish Month Name'")[1].split("column ")[0]
    assert "sortByColumn: 'Month Number of Year'" in month, month
    view = next(t for p, t in result.files["lookml"].items() if p.endswith("dim_date.view.lkml"))
    assert "order_by_field: day_number_of_week" in view.split("dimension: english_day_name_of_week {")[1].split("\n  }")[0]
