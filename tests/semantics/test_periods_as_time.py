"""Statistics in long form (SDMX-CSV as published: Eurostat, the OECD, the ECB) write the period
each row is for as text in one of ISO 8601's forms: TIME_PERIOD '2021' (a year, loaded as a
number by a CSV reader), '2021-Q3' (a quarter), '2021-05' (a month). End to end on DuckDB: the
period stays the label people group by, and is read as its first day, the table's time axis at
its grain. Text of two forms (months and quarters in one column) is no one grain: left alone."""

from __future__ import annotations

import duckdb
import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions


def _rows(periods):
    return [("dataflow", "ESTAT:X(1.0)", "A", unit, geo, p, float(i % 97) + 0.5)
            for i, (unit, geo, p) in enumerate((u, g, p) for u in ("CP_MEUR", "PC_GDP") for g in ("DE", "FR", "EU27_2020")
                                               for p in periods)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("periods") / "stats.duckdb"
    con = duckdb.connect(str(path))
    cols = '"STRUCTURE" VARCHAR, "STRUCTURE_ID" VARCHAR, freq VARCHAR, unit VARCHAR, geo VARCHAR, "TIME_PERIOD" {}, "OBS_VALUE" DOUBLE'
    for name, typ, periods in (("annual", "BIGINT", list(range(2010, 2024))),
                               ("quarterly", "VARCHAR", [f"{y}-Q{q}" for y in range(2015, 2024) for q in range(1, 5)]),
                               ("monthly", "VARCHAR", [f"{y}-{m:02d}" for y in range(2019, 2024) for m in range(1, 13)]),
                               ("mixed", "VARCHAR", [f"{y}-{m:02d}" for y in range(2019, 2022) for m in range(1, 13)]
                                + [f"{y}-Q{q}" for y in range(2019, 2022) for q in range(1, 5)])):
        con.execute(f"CREATE TABLE {name} ({cols.format(typ)})")
        con.executemany(f"INSERT INTO {name} VALUES (?, ?, ?, ?, ?, ?, ?)", _rows(periods))
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False))
    out = compile_snapshot(snap, ["lookml"], Config(name="stats"), diags)
    assert not diags.has_errors(), diags.render_text()
    return path, out


@pytest.mark.parametrize("table,form,first,last", [
    ("annual", "year", "2010-01-01", "2023-01-01"),
    ("quarterly", "month", "2015-01-01", "2023-10-01"),
    ("monthly", "month", "2019-01-01", "2023-12-01"),
])
def test_a_period_written_as_statistics_publish_it_is_the_time_axis(built, table, form, first, last):
    path, out = built
    e = out.model.entity(table)
    assert e.time_axis is not None
    (t,) = e.time_dimensions
    assert (t.column, t.granularity, t.data_type) == ("TIME_PERIOD", form, "date")
    assert e.time_axis.dimension == t.name
    assert any(d.column == "TIME_PERIOD" for d in e.dimensions)  # still the label grouped by
    con = duckdb.connect(str(path), read_only=True)
    lo, hi = con.execute(f"SELECT MIN({t.expr}), MAX({t.expr}) FROM {table}").fetchone()
    assert (str(lo), str(hi)) == (first, last)
    assert con.execute(f"SELECT COUNT(*) FROM {table} WHERE {t.expr} IS NULL").fetchone() == (0,)


def test_months_and_quarters_in_one_column_are_no_one_grain(built):
    _, out = built
    assert out.model.entity("mixed").time_dimensions == []


def test_four_digits_named_only_time_are_no_year():
    """A `time` of 1930 may be half past seven in the evening, or a race run in 1,930 seconds."""
    from ir.catalog import Column, ColumnProfile, Table
    from passes.stored_times import period_form
    col = Column(name="time", type="INTEGER", data_type="integer",
                 profile=ColumnProfile(null_count=0, distinct_count=40, min=1905, max=2055))
    assert period_form(Table(name="results", columns=[col]), col, False) is None
    col = Column(name="TIME_PERIOD", type="INTEGER", data_type="integer",
                 profile=ColumnProfile(null_count=0, distinct_count=40, min=1960, max=2023))
    assert period_form(Table(name="wdi", columns=[col]), col, False) == "year"


def test_years_kept_as_text_are_a_year_and_the_time_axis():
    """PostgreSQL loads TIME_PERIOD as text: '2010' .. '2023', typed a number by normalize_types
    (its profile's bounds the least and greatest text). Summed, it added up years."""
    from ir.catalog import Column, ColumnProfile, Table
    from ir.semantic import Dimension
    from passes.stored_times import period_form
    from passes.value_kinds import classify
    p = ColumnProfile(null_count=0, distinct_count=14, min="2010", max="2023", min_length=4, max_length=4)
    col = Column(name="TIME_PERIOD", type="TEXT", data_type="integer", profile=p)
    assert period_form(Table(name="nama_10_gdp", columns=[col]), col, False) == "year"
    d = Dimension(name="time_period", column="TIME_PERIOD", data_type="integer", role="measure")
    assert classify(d, p, 8960, None, frozenset(), "nama_10_gdp").kind == "year"


def test_a_period_word_names_months_kept_as_six_digits_and_periods_alike():
    """One class of period words (compiler.time_kinds.PERIOD_WORDS) for both readings: a
    Berichtszeitraum of 201901 .. 202312 is months, as a `period` of them is; a
    Berichtszeitraum of 2010 .. 2023 is years, as a TIME_PERIOD is."""
    from compiler.time_kinds import MONTH_WORDS, PERIOD_WORDS
    from ir.catalog import Column, ColumnProfile, Table
    from passes.stored_times import month_layout, month_named, period_form
    assert not MONTH_WORDS & PERIOD_WORDS
    months = Column(name="Berichtszeitraum", type="INTEGER", data_type="integer",
                    profile=ColumnProfile(null_count=0, distinct_count=60, min=201901, max=202312))
    stats = Table(name="umsatz", columns=[months])
    assert month_named(stats, months) and month_layout(stats, months)
    years = Column(name="Berichtszeitraum", type="INTEGER", data_type="integer",
                   profile=ColumnProfile(null_count=0, distinct_count=14, min=2010, max=2023))
    assert period_form(Table(name="umsatz", columns=[years]), years, False) == "year"


def test_a_period_of_years_spans_the_years_a_year_column_does():
    """Years named as a period span what a column named `year` may (compiler.calendar.YEARS):
    a series from 1871 is years, as the same numbers named `year` are."""
    from compiler.calendar import is_year_column
    from ir.catalog import Column, ColumnProfile, Table
    from passes.stored_times import period_form
    p = ColumnProfile(null_count=0, distinct_count=150, min=1871, max=2020)
    col = Column(name="TIME_PERIOD", type="INTEGER", data_type="integer", profile=p)
    assert period_form(Table(name="series", columns=[col]), col, False) == "year"
    assert is_year_column(Column(name="year", type="INTEGER", data_type="integer", profile=p), "integer")
