"""Tables of one row per thing and day: the profiler follows each number along the days within
each thing, and a total that rises and never falls (cumulative cases per country) is summed over
the things at the latest day, never over the days."""

from __future__ import annotations

import random
from datetime import date, timedelta

import duckdb
import pytest

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions


@pytest.fixture(scope="module")
def covid(tmp_path_factory):
    rnd = random.Random(7)
    path = tmp_path_factory.mktemp("series") / "covid.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE countries_aggregated (day DATE, country TEXT, confirmed BIGINT, new_cases BIGINT, "
                "outbreaks INTEGER, PRIMARY KEY (day, country))")
    rows = []
    for c in range(12):
        total = 0
        for d in range(90):
            new = rnd.randint(0, 50 * (c + 1))
            total += new
            rows.append((date(2021, 1, 1) + timedelta(days=d), f"country {c}", total, new, 1 if (d + c) % 29 == 0 else 0))
    con.executemany("INSERT INTO countries_aggregated VALUES (?, ?, ?, ?, ?)", rows)
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False))
    return snap, diags


def test_a_total_that_never_falls_is_told_from_daily_figures(covid):
    snap, _ = covid
    checks = {c.column: c for c in snap.evidence.series}
    assert checks["confirmed"].running and checks["confirmed"].things == ["country"] and checks["confirmed"].time == "day"
    # Daily new cases go up and down; a rare event goes down as often as it goes up.
    assert not checks["new_cases"].running and not checks["outbreaks"].running
    assert checks["confirmed"].steps == 12 * 89


def test_the_running_total_is_summed_at_the_latest_day_and_daily_figures_over_the_days(covid):
    snap, diags = covid
    model = analyze(snap, Config(name="covid"), diags)
    measures = {m.column: m for m in model.entity("countries_aggregated").measures if m.agg == "sum"}
    assert measures["confirmed"].additivity == "semi_additive" and measures["confirmed"].non_additive_dimension == "day"
    assert measures["new_cases"].additivity == "additive" and measures["new_cases"].non_additive_dimension is None
