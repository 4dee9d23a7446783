"""Bounded memory on big DuckDB tables: key candidates counted exactly outside the wide scan,
columns and containment checks of many values counted in parts by hash. The counts are the
ones a single query gives, and what cannot be counted exactly stays labelled an estimate."""

from __future__ import annotations

import duckdb
import pytest

from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions
from compiler.profiler import queries as q
from compiler.profiler.runner import DuckDBRunner, QueryFailed
from compiler.snapshot_io import dump_snapshot
from tests.profiler.helpers import record_sql

# dim: a gapped key (so containment needs a query, not arithmetic) and a text key; fact: a unique
# id, an INTEGER reference to the BIGINT key (100 orphans: not multiples of 3) and a text
# reference (200 orphans).
TABLES = [
    "CREATE TABLE dim AS SELECT (range * 3)::BIGINT AS dim_key, 'c' || range AS dim_code FROM range(3000)",
    "CREATE TABLE fact AS SELECT range::INTEGER AS id, ((range % 2900) * 3 + (range % 2900 >= 2800)::INTEGER)::INTEGER AS dim_key, "
    "'c' || (range % 3200) AS dim_code, range % 7 AS bucket FROM range(20000)",
]
# Tables above this many rows are "big" (approximate counts but for key candidates).
OPTIONS = {"exact_distinct_rows": 1000}


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "db.duckdb"
    with duckdb.connect(str(path)) as con:
        for sql in TABLES:
            con.execute(sql)
    return str(path)


@pytest.fixture
def queries(monkeypatch):
    """Every SQL text the DuckDB runner is given, in order."""
    return record_sql(monkeypatch, DuckDBRunner)


def _profile(source, **kw):
    diags = Diagnostics()
    snap = snapshot(source, diags=diags, profile=ProfileOptions(**OPTIONS, **kw))
    return snap, diags


def test_counting_in_parts_gives_the_same_snapshot(source, queries, monkeypatch):
    whole = dump_snapshot(_profile(source)[0])
    assert not any("HASH(" in sql for sql in queries)
    queries.clear()
    monkeypatch.setattr(q, "PART_VALUES", 1000)
    snap, diags = _profile(source)
    assert not diags.items, diags.render_text()
    parted = [sql for sql in queries if "HASH(" in sql]
    # fact.id: 20,000 values, 20 parts; each containment batch against dim: 4 parts.
    assert sum("COUNT(DISTINCT \"id\")" in sql for sql in parted) == 20
    assert any("LEFT JOIN" in sql for sql in parted)
    assert dump_snapshot(snap) == whole
    fact = snap.table("main.fact")
    assert fact.column("id").profile.distinct_count == 20000 and fact.column("id").profile.distinct_exact
    found = {(c.from_.columns[0], c.to.columns[0]): c for c in snap.evidence.containment if c.from_.table == "fact"}
    # INTEGER values against a BIGINT key fall in the same parts: only the orphans are missing.
    assert (found["dim_key", "dim_key"].from_distinct, found["dim_key", "dim_key"].matched) == (2900, 2800)
    assert (found["dim_code", "dim_code"].from_distinct, found["dim_code", "dim_code"].matched) == (3200, 3000)


def test_the_wide_scan_of_a_big_table_holds_no_exact_distinct_count(source, queries):
    snap, _ = _profile(source)
    scans = [sql for sql in queries if '"fact"' in sql and "APPROX_COUNT_DISTINCT" in sql]
    assert scans and not any("COUNT(DISTINCT" in sql for sql in scans)
    fact = snap.table("main.fact")
    for name, count in (("id", 20000), ("dim_key", 2900), ("dim_code", 3200)):  # key candidates: exact, after the scan
        prof = fact.column(name).profile
        assert (prof.distinct_count, prof.distinct_exact) == (count, True), name


def test_an_exact_count_that_fails_leaves_the_estimate_labelled(source, monkeypatch):
    run = DuckDBRunner.run

    def failing(self, sql):
        if "COUNT(DISTINCT" in sql and '"fact"' in sql and "JOIN" not in sql:
            raise QueryFailed("out of memory")
        return run(self, sql)

    monkeypatch.setattr(DuckDBRunner, "run", failing)
    monkeypatch.setattr(q, "PART_VALUES", 1000)
    snap, diags = _profile(source)
    fact = snap.table("main.fact")
    ident = fact.column("id").profile
    assert ident.distinct_exact is False and abs(ident.distinct_count - 20000) < 1000
    assert any(s.startswith("exact distinct count") for s in fact.profile.skipped)
    assert "PR002" in [d.code for d in diags.items]


def test_only_unsampled_single_column_checks_run_in_parts():
    table = q.table_expr("t", None)
    single = q.Check(0, table, ["a"], q.table_expr("k", None), ["id"], data_type="integer")
    text = q.containment_query([single], "duckdb", (1, 4))
    assert "HASH(CAST(\"a\" AS INT128)) % 4 = 1" in text and "HASH(CAST(\"id\" AS INT128)) % 4 = 1" in text
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t (a INTEGER); CREATE TABLE k (id BIGINT)")
        assert con.execute(text).fetchall() == []  # it runs
    composite = q.Check(1, table, ["a", "b"], q.table_expr("k", None), ["id", "x"])
    with pytest.raises(ValueError):
        q.containment_query([single, composite], "duckdb", (0, 2))
    assert q.parts("duckdb", 2_500_000) == 3 and q.parts("postgres", 2_500_000) == 1 and q.parts("duckdb", None) == 1
