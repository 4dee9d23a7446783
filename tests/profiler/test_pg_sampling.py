"""Distinct counts of big PostgreSQL tables: ANALYZE's estimates where fresh (and labelled so),
sampled counts scaled to the table (and labelled so), key decisions counted exactly.

Runs on the real PostgreSQL service, in a schema of its own dropped afterwards. The tables are
small; `exact_distinct_rows` is lowered so that the profiler treats them as big."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.profiler import ProfileOptions, SampleSpec
from compiler.profiler import profile as profile_module
from compiler.profiler.estimate import estimate_distinct
from compiler.profiler.pg_stats import TableStats
from tests.profiler.helpers import record_sql
from tests.services import scratch_postgres_schema

ROWS = 20_000
# id: a key; code: a key-like name, values repeat; token: unique text with no key-like name;
# word: 5,000 possible values at random rows; amount: about 15,000 values; kind: 4 values;
# batch: runs of 200 rows stored together (as dates of an append-only table are).
TABLE = f"""CREATE TABLE items AS SELECT
  i AS id,
  i % 7000 AS code,
  'tok' || i AS token,
  'w' || (abs(hashint4(i)) % 5000) AS word,
  (abs(hashint4(i * 3)) % 15000) / 10.0 AS amount,
  (ARRAY['a', 'b', 'c', 'd'])[1 + i % 4] AS kind,
  i / 200 AS batch
FROM generate_series(1, {ROWS}) AS g(i)"""
# As if these tables were big: no exact COUNT(DISTINCT) for non-key columns, no top values
# (whose GROUP BY would count them exactly) for columns of many values.
BIG = {"exact_distinct_rows": 1_000, "top_values_max_distinct": 100, "evidence": False}


@contextmanager
def _schema(engine, table: str, analyze: bool):
    with scratch_postgres_schema(engine, "pgmb_sampling") as schema:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'SET search_path TO "{schema}"')
            conn.exec_driver_sql(table.replace("%", "%%"))  # the driver formats parameters
        if analyze:  # after the load's commit: changes made in ANALYZE's own transaction count as new
            with engine.begin() as conn:
                conn.exec_driver_sql(f'ANALYZE "{schema}".items')
        yield schema


def _profiles(engine, schema, **options):
    diags = Diagnostics()
    url = engine.url.render_as_string(hide_password=False)
    snap = snapshot(url, SourceOptions(schemas=[schema]), diags, ProfileOptions(**(BIG | options)))
    assert not diags.has_errors(), diags.render_text()
    table = snap.table(f"{schema}.items")
    return {c.name: c.profile for c in table.columns}, table


def _truth(engine, schema, column):
    with engine.connect() as conn:
        return conn.exec_driver_sql(f'SELECT count(DISTINCT {column}) FROM "{schema}".items').scalar_one()


def _pg_stats_estimate(engine, schema, column):
    with engine.connect() as conn:
        nd = conn.execute(sa.text(
            "SELECT n_distinct FROM pg_stats WHERE schemaname = :s AND tablename = 'items' AND attname = :c"),
            {"s": schema, "c": column}).scalar_one()
    return round(nd if nd > 0 else -nd * ROWS)


def test_fresh_statistics_give_labelled_estimates_and_keys_stay_exact(postgres_engine):
    with _schema(postgres_engine, TABLE, analyze=True) as schema:
        p, _ = _profiles(postgres_engine, schema)
        # word: ANALYZE read every row (and saw each of its 5,000 values 4 times): its count is read.
        assert p["word"].distinct_exact is False and p["word"].distinct_source == "pg_stats"
        assert p["word"].distinct_count == _pg_stats_estimate(postgres_engine, schema, "word")
        truth = _truth(postgres_engine, schema, "word")
        assert abs(p["word"].distinct_count - truth) <= 0.25 * truth, (p["word"].distinct_count, truth)
        truth = _truth(postgres_engine, schema, "amount")
        assert p["amount"].distinct_exact is False and p["amount"].distinct_source == "pg_stats"
        assert abs(p["amount"].distinct_count - truth) <= 0.25 * truth, (p["amount"].distinct_count, truth)
        # Key decisions rest on exact counts: declared-or-named key candidates...
        assert p["id"].distinct_exact is True and p["id"].distinct_count == ROWS and p["id"].distinct_source is None
        assert p["code"].distinct_exact is True and p["code"].distinct_count == 7000
        # ...and columns the estimate calls (nearly) unique, whatever their name.
        assert p["token"].distinct_exact is True and p["token"].distinct_count == ROWS
        # Few values: the top values' GROUP BY saw them all, so the count is exact again.
        assert p["kind"].distinct_exact is True and p["kind"].distinct_count == 4 and len(p["kind"].top_values) == 4


def test_statistics_never_analyzed_are_not_used(postgres_engine, monkeypatch):
    monkeypatch.setattr(profile_module, "ESTIMATE_ROWS", ROWS // 5)  # a 20% row sample, not the whole table
    with _schema(postgres_engine, TABLE, analyze=False) as schema:
        p, _ = _profiles(postgres_engine, schema)
        _check_row_sample_estimates(postgres_engine, schema, p)


def test_statistics_of_a_table_changed_since_analyze_are_not_used(postgres_engine, monkeypatch):
    monkeypatch.setattr(profile_module, "ESTIMATE_ROWS", ROWS // 5)
    with _schema(postgres_engine, TABLE, analyze=True) as schema:
        assert _profiles(postgres_engine, schema)[0]["word"].distinct_source == "pg_stats"  # fresh until...
        with postgres_engine.begin() as conn:
            try:  # PostgreSQL 15+: report this session's changes at commit rather than up to a second later
                with conn.begin_nested():
                    conn.exec_driver_sql("SELECT pg_stat_force_next_flush()")
            except Exception:
                pass
            # Same row count, a third of the rows changed: only n_mod_since_analyze tells.
            conn.exec_driver_sql(f'UPDATE "{schema}".items SET word = word || \'x\' WHERE id %% 3 = 0')
        _wait_for_changes(postgres_engine, schema)
        p, _ = _profiles(postgres_engine, schema)
        _check_row_sample_estimates(postgres_engine, schema, p)


def _check_row_sample_estimates(engine, schema, p):
    """Without statistics to trust: estimates from a row sample, labelled so; keys still exact."""
    assert all(prof.distinct_source != "pg_stats" for prof in p.values())
    for column in ("word", "amount"):
        truth = _truth(engine, schema, column)
        assert p[column].distinct_exact is False and p[column].distinct_source == "sample"
        assert abs(p[column].distinct_count - truth) <= 0.1 * truth, (column, p[column].distinct_count, truth)
    assert p["code"].distinct_exact is True and p["code"].distinct_count == 7000
    assert p["token"].distinct_exact is True and p["token"].distinct_count == ROWS


def _wait_for_changes(engine, schema, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            changed = conn.execute(sa.text(
                "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE schemaname = :s AND relname = 'items'"),
                {"s": schema}).scalar_one()
        if changed:
            return
        time.sleep(0.2)
    pytest.fail("the server did not report the update in pg_stat_user_tables")


def test_sampled_estimates_are_labelled_and_close(postgres_engine):
    rows = 60_000
    table = TABLE.replace(str(ROWS), str(rows))
    with _schema(postgres_engine, table, analyze=True) as schema:
        # 12,000 of 60,000 rows: PostgreSQL's TABLESAMPLE SYSTEM (20), pages at random.
        p, t = _profiles(postgres_engine, schema, sample=SampleSpec.parse("12000rows"))
        assert "TABLESAMPLE SYSTEM" in t.profile.sample.method and t.profile.rows < rows
        truth = _truth(postgres_engine, schema, "word")
        word = p["word"]
        assert word.distinct_exact is False and word.distinct_source == "sample"
        assert abs(word.distinct_count - truth) <= 0.1 * truth, (word.distinct_count, truth)
        assert p["kind"].distinct_count == 4 and p["kind"].distinct_source == "sample"
        # A page sample sees a few runs whole and the others not at all; the frequencies are
        # counted on rows sampled one by one, which see every run.
        batches = _truth(postgres_engine, schema, "batch")
        assert p["batch"].distinct_source == "sample" and abs(p["batch"].distinct_count - batches) <= 0.05 * batches
        # Key candidates are counted on the whole table, exactly.
        assert p["id"].distinct_exact is True and p["id"].distinct_count == rows
        assert p["code"].distinct_exact is True and p["code"].distinct_count == 7000


def test_sampled_snapshots_check_joins_on_the_whole_table(postgres_engine):
    rows = 60_000
    with _schema(postgres_engine, TABLE.replace(str(ROWS), str(rows)), analyze=True) as schema:
        with postgres_engine.begin() as conn:  # a key holding every code, 0..6999, and more
            conn.exec_driver_sql(f'CREATE TABLE "{schema}".codes AS SELECT i AS code_key FROM generate_series(0, 7999) AS g(i)')
            conn.exec_driver_sql(f'ALTER TABLE "{schema}".codes ADD PRIMARY KEY (code_key)')
        diags = Diagnostics()
        url = postgres_engine.url.render_as_string(hide_password=False)
        options = ProfileOptions(**(BIG | {"evidence": True, "sample": SampleSpec.parse("12000rows")}))
        snap = snapshot(url, SourceOptions(schemas=[schema]), diags, options)
        found = {(c.from_.columns[0], c.to.columns[0]): c for c in snap.evidence.containment}
        # All 7,000 codes: a 20% sample of the rows would have shown fewer.
        check = found[("code", "code_key")]
        assert not check.sampled and (check.from_distinct, check.matched) == (7000, 7000)


def test_freshness_rules():
    analyzed = TableStats(reltuples=1000.0, analyzed=True, modified=50)
    assert analyzed.fresh(1000)
    assert not TableStats(1000.0, False, 0).fresh(1000)  # never analyzed (or statistics reset)
    assert not TableStats(1000.0, True, 200).fresh(1000)  # a fifth of the rows changed since
    assert not TableStats(1000.0, True, 0).fresh(1500)  # rows added without the counters knowing
    assert not TableStats(-1.0, True, 0).fresh(1000)  # reltuples unknown
    assert not TableStats(1000.0, True, None).fresh(1000)


def test_counts_analyze_settled_are_read_and_extrapolated_ones_are_not():
    stats = TableStats(1_000_000.0, True, 0, sample_rows=30_000.0,
                       n_distinct={"region": 5.0, "score": 10_000.0, "contact": 90_000.0, "amount": -0.48, "id": -1.0})
    assert stats.settled("region") and stats.settled("score")  # values its 30,000 rows saw repeat
    assert stats.settled("id")  # every value different: the key follow-up checks it exactly
    assert not stats.settled("contact")  # more values than three times its sample could show
    assert not stats.settled("amount")  # a share of the rows: extrapolated
    assert not stats.settled("missing")
    small = TableStats(20_000.0, True, 0, sample_rows=20_000.0, n_distinct={"amount": -0.75})
    assert small.settled("amount")  # ANALYZE read every row


def test_estimates_from_frequency_profiles():
    # Every sampled value different: the column scales with the table.
    assert estimate_distinct({1: 5000}, 0.05, 100_000) == 100_000
    # Every value seen many times: all were seen.
    assert estimate_distinct({200: 5}, 0.1) == 5
    # 50,000 values at random over 1,000,000 rows, a 5% sample: f_k ~ Poisson(1).
    poisson = {1: 18394, 2: 9197, 3: 3066, 4: 766, 5: 153, 6: 26}
    assert abs(estimate_distinct(poisson, 0.05, 1_000_000) - 50_000) <= 0.05 * 50_000


def test_a_big_view_is_counted_exactly_without_warnings(postgres_engine):
    # TABLESAMPLE cannot read a view, and nothing may try: its counts stay exact, with no warning.
    with _schema(postgres_engine, TABLE, analyze=True) as schema:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE VIEW "{schema}".items_view AS SELECT word, amount FROM "{schema}".items')
        diags = Diagnostics()
        url = postgres_engine.url.render_as_string(hide_password=False)
        snap = snapshot(url, SourceOptions(schemas=[schema]), diags, ProfileOptions(**BIG))
        assert not diags.items, diags.render_text()
        word = snap.table(f"{schema}.items_view").column("word").profile
        assert word.distinct_exact is True and word.distinct_count == _truth(postgres_engine, schema, "word")


# A fact table's shapes: a primary key; a key-like column whose values repeat; a text column with
# one value in 30% of the rows and 5,000 rare ones; two columns of few values.
FACTS = f"""CREATE TABLE items AS SELECT
  i AS id,
  i % 7000 AS code,
  CASE WHEN i % 10 < 3 THEN 'hot' ELSE 'w' || (abs(hashint4(i)) % 5000) END AS word,
  (ARRAY['a', 'b', 'c', 'd'])[1 + i % 4] AS kind,
  i % 3 = 0 AS flag
FROM generate_series(1, {ROWS}) AS g(i);
ALTER TABLE items ADD PRIMARY KEY (id)"""


@contextmanager
def _recorded(monkeypatch):
    """The SQL the profiler runs, in order."""
    from compiler.profiler.runner import DBAPIRunner

    yield record_sql(monkeypatch, DBAPIRunner)


def test_big_table_with_fresh_statistics_reads_few_scans_and_labels_estimates(postgres_engine, monkeypatch):
    options = {"top_values_max_distinct": 100_000}  # every column's top values are wanted
    with _schema(postgres_engine, FACTS, analyze=True) as schema, _recorded(monkeypatch) as sql:
        p, _ = _profiles(postgres_engine, schema, **options)
    scans = [s for s in sql if '"items"' in s]
    # The primary key's index says every id differs: no count of them.
    assert p["id"].distinct_exact is True and p["id"].distinct_count == ROWS
    assert not any('DISTINCT "id"' in s for s in scans)
    # A key candidate ANALYZE shows to repeat: counted exactly, by hashing its values.
    assert p["code"].distinct_exact is True and p["code"].distinct_count == 7000 and p["code"].distinct_source is None
    assert any('SELECT DISTINCT "code"' in s for s in scans) and not any('COUNT(DISTINCT "code")' in s for s in scans)
    # Columns of few values: one GROUP BY for both, their top values and distinct counts exact.
    combined = [s for s in scans if 'GROUP BY "flag", "kind"' in s]
    assert len(combined) == 1 and not any('GROUP BY "kind"' in s for s in scans)
    assert p["kind"].distinct_exact is True and p["kind"].distinct_count == 4
    assert [(v.value, v.count) for v in p["kind"].top_values] == [("a", 5000), ("b", 5000), ("c", 5000), ("d", 5000)]
    assert p["flag"].distinct_count == 2 and [(v.value, v.count) for v in p["flag"].top_values] == [(False, 13334), (True, 6666)]
    assert p["kind"].top_values_source is None and p["flag"].top_values_source is None
    # Many values: ANALYZE's most common value, its count an estimate and labelled so; the rare
    # values it happened to see more than once are no top values.
    word = p["word"]
    assert word.distinct_source == "pg_stats" and word.top_values_source == "pg_stats"
    assert [v.value for v in word.top_values] == ["hot"] and abs(word.top_values[0].count - 6000) <= 600
    assert not any('GROUP BY "word"' in s for s in scans)
    # The table read whole once for all statistics, then: code's distinct values, the pair's GROUP BY.
    assert sum(s.startswith("SELECT COUNT(*) AS") for s in scans) == 1


def test_columns_of_few_values_found_in_more_combinations_than_planned_are_counted_one_by_one():
    from compiler.profiler.options import ProfileOptions
    from compiler.profiler.profile import _count_combined, _Job
    from compiler.profiler.queries import ColumnPlan
    from ir.catalog import Column, ColumnProfile, Table

    class Many:
        dialect = "postgres"

        def run(self, sql):
            return [(str(i), str(i), 1) for i in range(profile_module.COMBINED_GROUPS + 1)]

    table = Table(name="t", columns=[Column(name="a", type="integer"), Column(name="b", type="integer")])
    plans = [ColumnPlan(0, "a", "integer"), ColumnPlan(1, "b", "integer")]
    job = _Job(table, "postgres", ProfileOptions(), plans, {0: "integer", 1: "integer"}, None)
    job.profiles = {0: ColumnProfile(distinct_count=3, distinct_exact=False), 1: ColumnProfile(distinct_count=3, distinct_exact=False)}
    assert _count_combined(job, Many(), plans) is False
    assert job.profiles[0].distinct_count == 3 and job.profiles[0].distinct_exact is False and not job.profiles[0].top_values


def test_a_unique_index_of_a_table_with_inherits_children_proves_nothing(postgres_engine):
    # The profile reads the parent with its children, whose rows its primary key does not cover.
    table = f"""CREATE TABLE items (id integer PRIMARY KEY, word text);
INSERT INTO items SELECT i, 'w' || i FROM generate_series(1, {ROWS}) AS g(i);
CREATE TABLE items_more () INHERITS (items);
INSERT INTO items_more SELECT i, 'again' FROM generate_series(1, 10) AS g(i)"""
    with _schema(postgres_engine, table, analyze=True) as schema:
        p, t = _profiles(postgres_engine, schema)
        assert t.row_count == ROWS + 10
        assert p["id"].distinct_exact is True and p["id"].distinct_count == ROWS


def test_a_combined_top_values_query_that_times_out_is_reported_once_and_not_rerun():
    from compiler.profiler.options import ProfileOptions
    from compiler.profiler.profile import _count_combined, _Job
    from compiler.profiler.queries import ColumnPlan
    from compiler.profiler.runner import QueryTimeout
    from ir.catalog import Column, ColumnProfile, Table

    class Slow:
        dialect = "postgres"

        def run(self, sql):
            raise QueryTimeout("timed out after 1 s")

    table = Table(name="t", columns=[Column(name="a", type="integer"), Column(name="b", type="integer")])
    plans = [ColumnPlan(0, "a", "integer"), ColumnPlan(1, "b", "integer")]
    job = _Job(table, "postgres", ProfileOptions(), plans, {0: "integer", 1: "integer"}, None)
    job.profiles = {0: ColumnProfile(distinct_count=3, distinct_exact=False), 1: ColumnProfile(distinct_count=3, distinct_exact=False)}
    assert _count_combined(job, Slow(), plans) is True  # done: the columns' own queries are not run
    assert job.skipped == ["top values: timed out after 1 s"] and [c.code for c, _m, _w in job.outcome.problems] == ["PR001"]
    assert not job.profiles[0].top_values and job.profiles[0].distinct_exact is False
