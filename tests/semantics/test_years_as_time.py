"""A year that is a table's only time (a country's figures by year, a player's seasons), end to end:
the profiler proves the panel's grain by thing and year and follows each figure from year to year;
the year stays the number people group by and is also read as its first day, the table's time
axis by year in every target that has one. Figures change accordingly: a population is a level,
kept from being summed over the years; births are a flow, summed."""

from __future__ import annotations

import random
import re

import duckdb
import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("years") / "panel.duckdb"
    rnd = random.Random(3)
    con = duckdb.connect(str(path))
    # No key declared: the grain is the country and the year.
    con.execute("CREATE TABLE country_stats (country_code VARCHAR, year INTEGER, population BIGINT, births INTEGER, "
                "life_expectancy DOUBLE)")
    rows = []
    for c in range(20):
        pop, life = rnd.randint(2_000_000, 80_000_000), rnd.uniform(70, 80)
        for y in range(1990, 2021):
            pop, life = int(pop * rnd.uniform(0.995, 1.01)), life + rnd.uniform(-0.1, 0.3)
            rows.append((f"C{c:02d}", y, pop, int(pop * rnd.uniform(0.008, 0.012)), life))
    con.executemany("INSERT INTO country_stats VALUES (?, ?, ?, ?, ?)", rows)
    # A table of years is a lookup, and years of service are no years on the calendar.
    con.execute("CREATE TABLE seasons (year INTEGER PRIMARY KEY, champion VARCHAR)")
    con.execute("INSERT INTO seasons SELECT 1990 + i, 'team ' || i FROM range(0, 31) t(i)")
    con.execute("CREATE TABLE staff (staff_id INTEGER, dept VARCHAR, years INTEGER, PRIMARY KEY (staff_id, years))")
    con.execute("INSERT INTO staff SELECT i, 'd' || (i % 4), i % 30 FROM range(0, 80) t(i)")
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False))
    out = compile_snapshot(snap, ["dbt", "lookml", "powerbi", "cube", "superset"], Config(name="panel"), diags)
    assert not diags.has_errors(), diags.render_text()
    return path, snap, out, diags


def test_the_profiler_keys_the_panel_by_thing_and_year_and_follows_its_figures(built):
    _, snap, _, _ = built
    grains = {g.table_key.split(".")[-1]: g.columns for g in snap.evidence.grains if g.unique}
    assert grains["country_stats"] == ["country_code", "year"]
    levels = {s.column: s for s in snap.evidence.series if s.table_key.endswith("country_stats")}
    assert set(levels) >= {"population", "births"} and all(s.time == "year" for s in levels.values())


def test_the_year_is_a_time_axis_by_year_beside_the_number(built):
    _, _, out, _ = built
    model = out.model
    stats = model.entity("country_stats")
    assert stats.time_axis is not None and stats.time_axis.dimension == "year_date"
    (year_time,) = stats.time_dimensions
    assert (year_time.column, year_time.granularity, year_time.data_type) == ("year", "year", "date")
    assert year_time.label.value == "Year (Date)"  # never the number's own label
    assert any(d.column == "year" for d in stats.dimensions)  # still grouped by as a number
    assert not model.entity("seasons").time_dimensions and not model.entity("staff").time_dimensions


def test_figures_follow_what_they_are_over_the_years(built):
    _, _, out, _ = built
    measures = {(m.column, m.agg): m for m in out.model.entity("country_stats").measures if m.column}
    assert ("births", "sum") in measures and ("births", "avg") not in measures  # a flow: each year's births add up
    assert measures[("population", "sum")].non_additive_dimension == "year_date"  # a level: the latest year's
    assert ("life_expectancy", "avg") in measures and ("life_expectancy", "sum") not in measures


def test_every_target_reads_the_year_as_its_first_day(built):
    path, _, out, diags = built
    files = out.files
    lookml = next(t for p, t in files["lookml"].items() if p.endswith("country_stats.view.lkml"))
    assert re.search(r"dimension_group: year_date \{\s*type: time\s*timeframes: \[raw, year\]", lookml)
    semantic = next(t for p, t in files["dbt"].items() if p.endswith("semantic/country_stats.yml"))
    assert "agg_time_dimension: year_date" in semantic and "time_granularity: year" in semantic
    sql = next(t for p, t in files["dbt"].items() if p.endswith("stg_country_stats.sql"))
    select = re.sub(r"\{\{ source\([^)]*\) \}\}", "country_stats", sql.split("\n", 1)[1])
    first = duckdb.connect(str(path), read_only=True).execute(f"SELECT year_field, year_date FROM ({select}) ORDER BY 1 LIMIT 1").fetchone()
    assert (first[0], str(first[1])) == (1990, "1990-01-01")
    sources = next(t for p, t in files["dbt"].items() if p.endswith("sources.yml"))
    block = sources.split("- name: country_stats", 1)[1].split("\n      - name: ", 1)[0]
    assert block.count("- name: year\n") == 1  # the source column once, though staged twice
    dataset = next(t for p, t in files["superset"].items() if p.endswith("country_stats.yaml"))
    assert re.search(r"column_name: year_date\n(.*\n){0,8}?  type: DATE", dataset)  # the expression's type, not the column's
    # Power BI keeps the number, and has no second field on the same column to warn about.
    assert not any(d.code == "PB001" and "field country_stats.year_date" in d.message for d in diags.items)


@pytest.mark.parametrize("name,lo,hi,expected", [
    ("yearID", 1985, 2024, True), ("yearid", 1985, 2024, True), ("season", 2017, 2021, True), ("fiscal_year", 2001, 2020, True),
    ("Jahr", 1990, 2020, True),
    # years of service, a model year, a birth year, a surrogate key 1..n: no time of the row
    ("years", 0, 40, False), ("model_year", 1990, 2020, False), ("birthYear", 1950, 2000, False), ("year_id", 1, 40, False),
])
def test_which_whole_numbers_are_years(name, lo, hi, expected):
    from compiler.calendar import is_year_column
    from ir.catalog import Column, ColumnProfile

    col = Column(name=name, type="INTEGER", profile=ColumnProfile(null_count=0, distinct_count=30, min=lo, max=hi))
    assert is_year_column(col, "integer") is expected


def test_a_year_kept_as_text_of_digits_keys_the_panel_and_is_its_time(tmp_path):
    """The same panel loaded from a CSV file as text ('1990' .. '2020'): the year is a year to the
    profiler (the grain by country and year) and to the passes (the table's time axis), as a
    period kept so is (TIME_PERIOD)."""
    import sqlite3
    path = tmp_path / "panel.sqlite"
    rnd = random.Random(3)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE country_stats (country_code TEXT, year TEXT, population INTEGER, births INTEGER)")
    rows = []
    for c in range(20):
        pop = rnd.randint(2_000_000, 80_000_000)
        for y in range(1990, 2021):
            pop = int(pop * rnd.uniform(0.995, 1.01))
            rows.append((f"C{c:02d}", str(y), pop, int(pop * rnd.uniform(0.008, 0.012))))
    con.executemany("INSERT INTO country_stats VALUES (?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False))
    out = compile_snapshot(snap, ["lookml"], Config(name="panel"), diags)
    stats = out.model.entity("country_stats")
    assert sorted(stats.primary_key) == ["country_code", "year"]
    assert stats.time_axis is not None and stats.time_axis.dimension == "year_date"
    con = sqlite3.connect(path)
    day = next(t for t in stats.time_dimensions if t.name == "year_date")
    assert con.execute(f"SELECT MIN({day.expr}) FROM country_stats").fetchone()[0] == "1990-01-01"
