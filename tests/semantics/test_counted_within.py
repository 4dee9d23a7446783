"""derive_measures: an identifier numbered by the clock (GA4's `ga_session_id`, the second a user's
session began) is unique only within the user it started for, so its distinct count is the count of
(user, session) pairs, in every target; Power BI counts the rows of their SUMMARIZE."""

from __future__ import annotations

import math
import random

import duckdb
import pytest

from backends.powerbi import PowerBIBackend
from backends.powerbi.dax_parse import aggregation, parse as parse_dax
from backends.powerbi.dax_sql import to_sql
from backends.powerbi.read import parse_files
from compiler.api import analyze, snapshot
from compiler.chance import numbered_by_clock
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions
from ir.catalog import ColumnProfile
from tests.backends.powerbi.test_dax import _env, _ir_sql
from tests.semantics.build import col, table
from tests.semantics.test_derive_measures import measures

START = 1_704_067_200  # 2024-01-01 in seconds since 1970


def events(session_min=START, session_max=START + 259_200):
    return [table("events", [col("event_timestamp", "BIGINT", min=START * 10**6, max=(START + 300_000) * 10**6, distinct_count=8000),
                             col("event_name", "TEXT", values=[("page_view", 5000), ("scroll", 2000), ("purchase", 1000)]),
                             col("user_pseudo_id", "TEXT", distinct_count=400, distinct_exact=True),
                             col("ga_session_id", "BIGINT", min=session_min, max=session_max, distinct_count=1055, distinct_exact=True),
                             col("engagement_time_msec", "BIGINT", min=0, max=60000, distinct_count=5000)], rows=8000)]


def test_a_session_numbered_by_its_start_second_is_counted_with_its_user():
    got = measures(events())["events"]
    m = got["distinct_ga_session_count"]
    assert m.agg == "count_distinct" and m.column is None
    assert m.expr == """CAST("user_pseudo_id" AS TEXT) || '|' || CAST("ga_session_id" AS TEXT)"""
    assert got["distinct_user_pseudo_count"].column == "user_pseudo_id"  # the users themselves, alone


def test_a_session_numbered_in_sequence_is_counted_alone():
    got = measures(events(1, 1055))["events"]
    assert not any(m.expr and "ga_session_id" in m.expr for m in got.values())


@pytest.mark.parametrize("lo, hi, clock", [
    (START, START + 86_400, True), (START * 1000, START * 1000 + 50, True), (START * 10**6, START * 10**6 + 90, True),
    (1, 900_000, False), (20_240_101, 20_241_231, False), (None, None, False),
])
def test_times_taken_as_numbers_are_told_from_sequences(lo, hi, clock):
    assert numbered_by_clock(ColumnProfile(min=lo, max=hi, distinct_count=10, null_count=0), "ga_session_id") is clock


def _ids(name, lo, hi, distinct):
    return [table("sales", [col("sold_at", "TIMESTAMP"), col(name, "BIGINT", min=lo, max=hi, distinct_count=distinct, distinct_exact=True),
                            col("amount", "NUMERIC", min=1, max=900, distinct_count=900)], rows=80_000)]


@pytest.mark.parametrize("name, lo, hi, distinct", [
    ("invoice_id", 2_019_000_001, 2_019_050_000, 50_000),  # an invoice numbered by its year, dense
    ("ean_id", 4_000_000_000_000, 4_099_999_999_999, 20_000),  # a barcode: a clock's digits in milliseconds
    ("session_id", 2_019_000_001, 2_019_050_000, 50_000),  # a session numbered in sequence from a year's digits
])
def test_an_identifier_of_a_clocks_digits_neither_named_nor_spread_as_one_keeps_its_count(name, lo, hi, distinct):
    got = measures(_ids(name, lo, hi, distinct))["sales"]
    assert [m.column for m in got.values() if m.agg == "count_distinct"] == [name]


@pytest.fixture(scope="module")
def ga4(tmp_path_factory):
    rnd = random.Random(3)
    path = tmp_path_factory.mktemp("ga4") / "ga4.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE events (event_timestamp BIGINT, event_name VARCHAR, user_pseudo_id VARCHAR, ga_session_id BIGINT,"
                " engagement_time_msec BIGINT)")
    rows = []
    for u in range(300):
        user = f"{rnd.randint(10**8, 10**9)}.{u}"
        for _ in range(rnd.randint(1, 4)):
            start = START + rnd.randint(0, 2000) * 60  # whole minutes of a day and a half: starts collide across users
            for e in range(rnd.randint(2, 8)):
                rows.append(((start + e * 7) * 10**6, rnd.choice(["page_view", "scroll", "purchase"]), user, start,
                             rnd.randint(0, 60000)))
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", rows)
    con.close()
    model = analyze(snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False)), Config())
    con = duckdb.connect(str(path), read_only=True)
    yield model, con
    con.close()


def test_the_sessions_counted_are_the_user_and_session_pairs(ga4):
    model, con = ga4
    (entity,) = model.entities
    m = next(m for m in entity.measures if m.name == "distinct_ga_session_count")
    pairs, alone = con.execute("SELECT COUNT(DISTINCT (user_pseudo_id, ga_session_id)), COUNT(DISTINCT ga_session_id) "
                               "FROM events").fetchone()
    assert pairs > alone  # two users began a session in the same second: the data makes the difference
    assert con.execute(_ir_sql(entity, m, model.dialect)).fetchone()[0] == pairs


def test_power_bi_counts_the_same_pairs(ga4):
    model, con = ga4
    (entity,) = model.entities
    diags = Diagnostics()
    files = PowerBIBackend().emit(model, {}, diags)
    assert not [d for d in diags.items if d.code == "PB001" and "session" in d.message], diags.render_text()
    env = _env(files)
    dax = next(node.value for nodes in parse_files(files, Diagnostics()).values() for t in nodes if t.kind == "table"
               for node in t.objects("measure") if node.annotation("mb_name") == "distinct_ga_session_count")
    assert dax.startswith("COUNTROWS(SUMMARIZE(") and aggregation(parse_dax(dax)) == "count_distinct"
    pairs = con.execute("SELECT COUNT(DISTINCT (user_pseudo_id, ga_session_id)) FROM events").fetchone()[0]
    assert math.isclose(float(con.execute(to_sql(dax, env)).fetchone()[0]), pairs)


def test_a_dimension_is_counted_from_the_size_the_profiler_reads_whole():
    # derive_measures may not import the profiler, so the two limits are held equal here.
    from compiler.profiler.profile import EXACT_TOP_DISTINCT
    from passes.derive_measures import COUNTED_THINGS
    assert COUNTED_THINGS == EXACT_TOP_DISTINCT
