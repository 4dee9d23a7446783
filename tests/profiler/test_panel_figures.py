"""A country's figures each day, as published in one wide table (sixty columns, a CSV read by
DuckDB or loaded as text): every number is followed along the days, however far down the table;
what never changes within a country is the country's, never summed over its days; what each day
added is summed however smoothly it rises and falls with a wave; a moving average is averaged."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import duckdb
import pytest

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions

FILLERS = [f"indicator_{i}" for i in range(16)]  # neutral figures first, so the telling ones come after the 16th


def panel_rows():
    rnd = random.Random(3)
    rows = []
    for c in range(10):
        total, older, week = 0, rnd.uniform(2, 25), []
        for d in range(120):
            # A wave: what each day adds rises and falls smoothly, its steps small against its spread.
            neue = int(1000 * (1 + 8 * math.sin(d / 30.0) ** 2) * (c + 1) + rnd.randint(0, 50))
            neue = 0 if d % 7 == 6 else neue  # nothing reported on Sundays: the total stays
            total += neue
            week = (week + [neue])[-7:]
            rows.append((f"C{c:02d}", date(2021, 1, 1) + timedelta(days=d), *[rnd.uniform(0, 100) for _ in FILLERS],
                         neue, sum(week) / len(week), total, round(older, 3)))
    return rows


COLUMNS = ["pais", "dia", *FILLERS, "neue_faelle", "cases_smoothed", "vaccinations_done", "aged_older"]


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    path = tmp_path_factory.mktemp("panel") / "panel.duckdb"
    con = duckdb.connect(str(path))
    typed = ", ".join(f'"{c}" DOUBLE' for c in COLUMNS[2:])
    con.execute(f'CREATE TABLE panel ("pais" VARCHAR, "dia" DATE, {typed})')
    con.executemany(f"INSERT INTO panel VALUES ({', '.join('?' * len(COLUMNS))})", panel_rows())
    con.close()
    diags = Diagnostics()
    return snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False)), diags


def test_every_number_of_a_wide_panel_is_followed(panel):
    snap, _ = panel
    checks = {c.column: c for c in snap.evidence.series}
    # The 19th number: past the first query's columns, followed by the next one.
    assert checks["vaccinations_done"].running and checks["vaccinations_done"].things == ["pais"]
    assert checks["aged_older"].constant and not checks["indicator_0"].constant
    assert not checks["neue_faelle"].constant and not checks["neue_faelle"].running


def test_a_panels_figures_add_up_as_a_developer_would(panel):
    snap, diags = panel
    model = analyze(snap, Config(name="panel"), diags)
    aggs = {(m.column, m.agg, m.non_additive_dimension) for m in model.entity("panel").measures}
    # A cumulative count: summed over the countries at the latest day, never over the days.
    assert ("vaccinations_done", "sum", "dia") in aggs and ("vaccinations_done", "sum", None) not in aggs
    # The country's own figure on each of its days: averaged, never summed.
    assert ("aged_older", "avg", None) in aggs and not any(c == "aged_older" and a == "sum" for c, a, _ in aggs)
    # What each day added, in waves: summed (it had been averaged as a level).
    assert ("neue_faelle", "sum", None) in aggs
    # A 7-day average: averaged, never summed.
    assert ("cases_smoothed", "avg", None) in aggs and not any(c == "cases_smoothed" and a == "sum" for c, a, _ in aggs)


def test_a_panel_loaded_as_text_is_followed_as_the_typed_one(tmp_path):
    """The same panel with every column TEXT, bigger than the rows the patterns are first read
    from: the numbers, counted over the whole table, are typed and followed as DuckDB's typed copy."""
    path = tmp_path / "text.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE panel ({', '.join(f'{chr(34)}{c}{chr(34)} VARCHAR' for c in COLUMNS)})")
    con.executemany(f"INSERT INTO panel VALUES ({', '.join('?' * len(COLUMNS))})",
                    [tuple(str(v) for v in row) for row in panel_rows()])
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False, pattern_rows=500))
    table = snap.tables[0]
    assert table.profile.pattern_rows == 500 and table.column("aged_older").profile.patterns_whole
    checks = {c.column: c for c in snap.evidence.series}
    assert checks["vaccinations_done"].running and checks["aged_older"].constant
    model = analyze(snap, Config(name="panel"), diags)
    aggs = {(m.column, m.agg, m.non_additive_dimension) for m in model.entity("panel").measures}
    assert {("vaccinations_done", "sum", "dia"), ("aged_older", "avg", None), ("neue_faelle", "sum", None)} <= aggs


def _readings(path, strays: dict[int, str]):
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE readings (station VARCHAR, taken VARCHAR, level VARCHAR)")
    rows = [(f"s{i % 5}", (date(2022, 1, 1) + timedelta(days=i // 5)).isoformat(), str(i % 97)) for i in range(2000)]
    for at, word in strays.items():
        rows[at] = ("s0", "2023-01-01", word)
    con.executemany("INSERT INTO readings VALUES (?, ?, ?)", rows)
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False, pattern_rows=500))
    level = snap.tables[0].column("level").profile
    # Counted again over the whole table: the first 500 rows were all numbers, the word is further down.
    assert level.patterns_whole and level.patterns.get("numeric", 0) < 1.0
    model = analyze(snap, Config(name="r"), diags)
    return next(d for d in model.entity("readings").dimensions if d.column == "level")


def test_stray_words_far_down_a_text_column_keep_it_text(tmp_path):
    # Two words of no number: text, as the same file read whole would be.
    assert _readings(tmp_path / "stray.duckdb", {1900: "n/a", 1950: "broken"}).data_type == "string"


def test_one_marker_far_down_a_text_column_is_no_number(tmp_path):
    # One marker of no number among the numbers, seen only by the whole-table count: the numbers are
    # read with the marker as NULL, as where the marker is among the top values.
    level = _readings(tmp_path / "marker.duckdb", {1900: "n/a"})
    assert level.data_type == "integer" and "'n/a'" in (level.expr or "")


def test_a_price_bars_high_and_low_get_their_extremes(tmp_path):
    """Daily bars of a few tickers (open, high, low, close, volume): the period's high is asked at its
    highest, the low at its lowest, beside their averages; the volume is summed."""
    path = tmp_path / "bars.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE bars (symbol VARCHAR, day DATE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume BIGINT)")
    rnd, rows = random.Random(4), []
    for s in ("AAA", "BBB", "CCC"):
        price = rnd.uniform(20, 200)
        for d in range(80):
            o = price * (1 + rnd.gauss(0, 0.004))
            c = o * (1 + rnd.gauss(0, 0.01))
            rows.append((s, date(2022, 1, 3) + timedelta(days=d), o, max(o, c) * 1.01, min(o, c) * 0.99, c,
                         rnd.randint(10**5, 10**7)))
            price = c
    con.executemany("INSERT INTO bars VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
    diags = Diagnostics()
    model = analyze(snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False)), Config(name="bars"), diags)
    aggs = {(m.column, m.agg) for m in model.entity("bars").measures}
    assert {("high", "max"), ("low", "min"), ("high", "avg"), ("close", "avg"), ("volume", "sum")} <= aggs
    assert ("open", "max") not in aggs and ("close", "min") not in aggs
