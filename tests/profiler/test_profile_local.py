"""The profiler on DuckDB and SQLite files: values against hand-computed truth, hostile names,
timeouts, sampling, redaction, determinism."""

from __future__ import annotations

import sqlite3
import time

import duckdb
import pytest

from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions, SampleSpec
from compiler.snapshot_io import dump_snapshot

from .helpers import COLUMNS, HOSTILE_COLUMNS, HOSTILE_TABLE, check_profile, insert_sql


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _duckdb(path, statements):
    con = duckdb.connect(str(path))
    for s in statements:
        con.execute(s)
    con.close()
    return str(path)


def _sqlite(path, statements):
    con = sqlite3.connect(path)
    for s in statements:
        con.execute(s)
    con.commit()
    con.close()
    return str(path)


def _make(engine, tmp_path, statements):
    if engine == "duckdb":
        return _duckdb(tmp_path / "db.duckdb", statements)
    return _sqlite(tmp_path / "db.sqlite", statements)


def _profile(source, **kw):
    diags = Diagnostics()
    snap = snapshot(source, diags=diags, profile=ProfileOptions(**kw))
    return snap, diags


def _codes(diags):
    return [d.code for d in diags.items]


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_profile_matches_hand_computed_truth(engine, tmp_path):
    source = _make(engine, tmp_path, [f"CREATE TABLE t ({COLUMNS})", *insert_sql()])
    snap, diags = _profile(source)
    assert not [d for d in diags.items if d.code.startswith("PR")], diags.render_text()
    t = snap.table("main.t") or snap.table("t")
    assert t.profile.rows == 6 and t.profile.sample is None and t.profile.skipped == []
    for name in ("id", "grp", "amount", "code", "d"):
        check_profile(name, t.column(name).profile)


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_sensitive_columns_keep_no_sample_values(engine, tmp_path):
    source = _make(engine, tmp_path, [f"CREATE TABLE t ({COLUMNS})", *insert_sql()])
    snap, _ = _profile(source)
    email = (snap.table("main.t") or snap.table("t")).column("email").profile
    assert email.redacted and email.min is None and email.max is None and email.top_values == []
    assert email.null_count == 0 and email.distinct_count == 6 and email.patterns == {"email": 1.0}
    assert "example.com" not in dump_snapshot(snap)


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_towns_that_read_as_names_keep_their_values(engine, tmp_path):
    """Stations in San Jose, Santa Clara and Palo Alto: their city reads as people's names, but a
    column named as a place keeps its values; a contact's name on each row is still withheld."""
    towns = ["San Francisco", "San Jose", "Santa Clara", "San Jose", "Palo Alto"]
    given = ["Maria", "John", "Anna", "Peter", "Laura", "James", "Emma", "David"]
    family = ["Lopez", "Smith", "Berg", "Brown", "Klein", "Wilson", "Stone", "Miller"]
    statements = ["CREATE TABLE station (id INTEGER PRIMARY KEY, city VARCHAR, served_from VARCHAR, contact VARCHAR)"]
    statements += [f"INSERT INTO station VALUES ({i}, '{towns[i % 5]}', '{towns[i % 4]}', '{given[i % 8]} {family[i // 8]}')"
                   for i in range(60)]
    snap, _ = _profile(_make(engine, tmp_path, statements))
    t = snap.table("main.station") or snap.table("station")
    for name in ("city",):
        p = t.column(name).profile
        assert p.patterns.get("person_name", 0) >= 0.6 and not p.redacted and {v.value for v in p.top_values} >= {"San Jose"}, name
    assert t.column("contact").profile.redacted


def test_sensitivity_hook_can_be_replaced(tmp_path):
    source = _make("duckdb", tmp_path, [f"CREATE TABLE t ({COLUMNS})", *insert_sql()])
    snap, _ = _profile(source, is_sensitive=lambda col, prof: col.name == "grp")
    t = snap.table("main.t")
    assert t.column("grp").profile.redacted and t.column("grp").profile.top_values == []
    email = t.column("email").profile
    assert not email.redacted
    # A value that is personal data by itself is still never kept, whatever the hook says.
    assert email.min is None and email.max is None


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_hostile_identifiers_are_quoted_everywhere(engine, tmp_path):
    cols = ", ".join(f"{q(c)} {'INTEGER' if i < 2 else 'VARCHAR'}" for i, c in enumerate(HOSTILE_COLUMNS))
    statements = [
        "CREATE TABLE x (id INTEGER)",
        "INSERT INTO x VALUES (1), (2)",
        f"CREATE TABLE {q(HOSTILE_TABLE)} ({cols})",
        f"CREATE TABLE {q('order')} ({q('key col')} INTEGER PRIMARY KEY, {q('dé')} VARCHAR)",
    ]
    for i in range(1, 13):
        statements.append(f"INSERT INTO {q(HOSTILE_TABLE)} VALUES ({i % 4 + 1}, {i}, 'v''{i % 3}', 'it''s {i}')")
        statements.append(f"INSERT INTO {q('order')} VALUES ({i}, 'o{i}')")
    source = _make(engine, tmp_path, statements)
    snap, diags = _profile(source)
    assert not [d for d in diags.items if d.code.startswith("PR")], diags.render_text()
    hostile = snap.table(f"main.{HOSTILE_TABLE}") or snap.table(HOSTILE_TABLE)
    assert hostile.profile.rows == 12
    sel = hostile.column("select").profile
    assert (sel.distinct_count, sel.min, sel.max) == (4, 1, 4)
    assert {vc.value for vc in hostile.column("naïve ünïcode").profile.top_values} == {"v'0", "v'1", "v'2"}
    # The candidate join hostile.select -> order."key col" was checked in the database.
    pairs = {(c.from_.table, c.from_.columns[0], c.to.table, c.to.columns[0]): c.ratio for c in snap.evidence.containment}
    assert pairs[(HOSTILE_TABLE, "select", "order", "key col")] == 1.0
    # Nothing was dropped.
    if engine == "duckdb":
        con = duckdb.connect(source, read_only=True)
    else:
        con = sqlite3.connect(source)
    assert con.execute("SELECT count(*) FROM x").fetchone()[0] == 2
    con.close()


def test_duckdb_timeout_gives_a_warning_and_the_snapshot_completes(tmp_path):
    source = _duckdb(tmp_path / "db.duckdb", [
        f"CREATE TABLE t ({COLUMNS})", *insert_sql(),
        "CREATE VIEW slow AS SELECT a.range AS n FROM range(100000) a, range(100000) b",
    ])
    start = time.perf_counter()
    snap, diags = _profile(source, query_timeout=0.3)
    assert time.perf_counter() - start < 10
    assert "PR001" in _codes(diags) and not diags.has_errors()
    slow = snap.table("main.slow")
    assert slow.profile.skipped and "timed out" in slow.profile.skipped[0]
    assert slow.column("n").profile is None
    check_profile("id", snap.table("main.t").column("id").profile)


def test_sqlite_timeout_gives_a_warning_and_the_snapshot_completes(tmp_path):
    source = _sqlite(tmp_path / "db.sqlite", [
        f"CREATE TABLE t ({COLUMNS})", *insert_sql(),
        "CREATE VIEW slow AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000) SELECT n FROM r",
    ])
    snap, diags = _profile(source, query_timeout=0.3)
    assert "PR001" in _codes(diags) and not diags.has_errors()
    assert snap.table("slow").profile.skipped
    check_profile("grp", snap.table("t").column("grp").profile)


def test_failed_batch_is_retried_per_column(tmp_path):
    # A DuckDB view whose one column errors at run time: only that column loses its statistics.
    source = _duckdb(tmp_path / "db.duckdb", [
        f"CREATE TABLE t ({COLUMNS})", *insert_sql(),
        "CREATE VIEW v AS SELECT id, CASE WHEN id > 3 THEN error('boom') ELSE 1 END AS bad FROM t",
    ])
    snap, diags = _profile(source)
    v = snap.table("main.v")
    assert "PR002" in _codes(diags)
    assert v.column("id").profile.distinct_count == 6 and v.column("bad").profile is None


def test_sample_policy_is_recorded_and_keys_stay_exact(tmp_path):
    source = _duckdb(tmp_path / "db.duckdb", [
        "CREATE TABLE big AS SELECT range AS id, range % 7 AS bucket, 'n' || (range % 1000) AS label FROM range(200000)",
    ])
    snap, diags = _profile(source, sample=SampleSpec.parse("10%"))
    big = snap.table("main.big")
    assert "TABLESAMPLE" in big.profile.sample.method and big.profile.sample.percent == 10
    assert 0 < big.profile.rows < 200000
    ident = big.column("id").profile  # a key candidate: counted on the whole table, exactly
    assert ident.distinct_count == 200000 and ident.distinct_exact and ident.null_count == 0
    assert big.column("bucket").profile.distinct_count == 7


def test_sampled_distinct_counts_are_estimates_and_keys_are_recounted(tmp_path):
    source = _duckdb(tmp_path / "db.duckdb", [
        # Words at random rows (a hash), so that DuckDB's block sample reads them as a row sample would.
        "CREATE TABLE big AS SELECT range AS id, range % 7 AS bucket, 'w' || (hash(range) % 150000) AS word, "
        "range * 3 AS amount FROM range(300000)",
    ])
    truth = duckdb.connect(source, read_only=True).execute("SELECT count(DISTINCT word) FROM big").fetchone()[0]
    snap, _ = _profile(source, sample=SampleSpec.parse("5%"))
    big = snap.table("main.big")
    bucket, word = big.column("bucket").profile, big.column("word").profile
    # Measured on the sample: estimates, never labelled exact, scaled to the table from how
    # often values repeat in the sample (each word occurs twice in the table, rarely in the sample).
    assert bucket.distinct_exact is False and bucket.distinct_source == "sample" and bucket.distinct_count == 7
    assert word.distinct_exact is False and word.distinct_source == "sample"
    assert abs(word.distinct_count - truth) <= 0.1 * truth, (word.distinct_count, truth)
    amount = big.column("amount").profile  # a decimal-free integer, unique: recounted exactly too
    assert amount.distinct_exact is True and amount.distinct_count == 300000
    assert big.column("id").profile.distinct_exact is True


def test_memory_limit_is_given_to_duckdb(tmp_path):
    from compiler.profiler.options import parse_memory_limit
    from compiler.profiler.runner import open_runner

    source = _duckdb(tmp_path / "db.duckdb", ["CREATE TABLE t AS SELECT range AS id FROM range(10)"])
    with open_runner("duckdb", source, 30, parse_memory_limit("64 mb")) as runner:
        limit = runner.run("SELECT current_setting('memory_limit')")[0][0]
    assert limit.replace(" ", "").upper() in ("64.0MB", "61.0MIB", "64MB")
    snap, diags = _profile(source, memory_limit="64MB")
    assert not diags.has_errors() and snap.table("main.t").column("id").profile.distinct_count == 10
    with pytest.raises(ValueError):
        parse_memory_limit("a lot")


def test_sqlite_sample_falls_back_to_limit(tmp_path):
    rows = [f"INSERT INTO t VALUES ({i}, {i % 3})" for i in range(3000)]
    source = _sqlite(tmp_path / "db.sqlite", ["CREATE TABLE t (id INTEGER PRIMARY KEY, b INTEGER)", *rows])
    snap, _ = _profile(source, sample=SampleSpec.parse("500rows"))
    t = snap.table("t")
    assert t.profile.sample.method == "LIMIT 500" and t.profile.rows == 500
    assert t.column("id").profile.distinct_count == 3000  # whole table for the key


def test_big_tables_use_approximate_counts_labelled_so(tmp_path):
    source = _duckdb(tmp_path / "db.duckdb", [
        "CREATE TABLE big AS SELECT range AS id, range % 50000 AS ref, 'w' || (range % 30000) AS word, "
        "'u' || range || '@x.org' AS mail FROM range(300000)",
    ])
    # Too many values for top values (whose GROUP BY would count them exactly): an estimate.
    snap, _ = _profile(source, exact_distinct_rows=100_000, top_values_max_distinct=10_000)
    big = snap.table("main.big")
    word = big.column("word").profile
    assert word.distinct_exact is False and abs(word.distinct_count - 30000) < 1500
    assert big.column("id").profile.distinct_exact is True  # a key candidate
    assert big.column("ref").profile.distinct_exact is True and big.column("ref").profile.distinct_count == 50000
    assert big.profile.pattern_rows == 100_000 and big.column("mail").profile.patterns == {"email": 1.0}


def test_two_profiles_give_byte_identical_snapshots(tmp_path):
    source = _duckdb(tmp_path / "db.duckdb", [
        f"CREATE TABLE t ({COLUMNS})", *insert_sql(),
        "CREATE TABLE big AS SELECT range AS id, (range * 7919) % 1000 AS ref, random() AS noise, "
        "'w' || (range % 300) AS word FROM range(250000)",
    ])
    first = dump_snapshot(_profile(source, workers=2)[0])
    second = dump_snapshot(_profile(source, workers=1)[0])
    assert first == second


def test_no_profile_and_ddl_sources_are_not_profiled(tmp_path):
    source = _duckdb(tmp_path / "db.duckdb", [f"CREATE TABLE t ({COLUMNS})", *insert_sql()])
    snap, _ = _profile(source, enabled=False)
    assert snap.table("main.t").profile is None and snap.evidence.candidates_checked is None
    ddl = tmp_path / "s.sql"
    ddl.write_text(f"CREATE TABLE t ({COLUMNS});\n")
    diags = Diagnostics()
    from compiler.options import SourceOptions

    snap = snapshot(str(ddl), SourceOptions(dialect="duckdb"), diags)
    assert snap.table("t").profile is None


@pytest.mark.parametrize("text, percent, rows", [("5", 5, None), ("2.5%", 2.5, None), ("1000rows", None, 1000), ("7 ROWS", None, 7)])
def test_sample_spec_parses(text, percent, rows):
    spec = SampleSpec.parse(text)
    assert (spec.percent, spec.rows) == (percent, rows)


@pytest.mark.parametrize("text", ["", "0", "101%", "abc", "1.5rows", "-3"])
def test_sample_spec_rejects(text):
    with pytest.raises(ValueError):
        SampleSpec.parse(text)


def test_a_crash_while_profiling_a_table_costs_only_that_table(tmp_path, monkeypatch):
    import compiler.profiler as profiler

    source = _duckdb(tmp_path / "db.duckdb", [f"CREATE TABLE t ({COLUMNS})", *insert_sql(), "CREATE TABLE u (a INTEGER)"])
    real = profiler.continue_table  # small DuckDB tables are profiled in groups (profile_table: alone)

    def flaky(job, runner):
        if job.table.name == "u":
            raise RuntimeError("bug")
        return real(job, runner)

    monkeypatch.setattr(profiler, "continue_table", flaky)
    snap, diags = _profile(source)
    assert "PR002" in _codes(diags) and not diags.has_errors()
    assert snap.table("main.u").profile is None and snap.table("main.t").profile.rows == 6


def test_nan_values_leave_a_snapshot_that_reads_back(tmp_path):
    """A float column holding NaN (a CSV's 'NaN' read as a double): the value has no place in a
    snapshot, so it is no top value, and the snapshot written reads back."""
    from compiler.snapshot_io import load_snapshot

    source = _duckdb(tmp_path / "db.duckdb", [
        "CREATE TABLE payers AS SELECT range AS id, CASE WHEN range % 3 = 0 THEN 'NaN'::DOUBLE ELSE (range % 4) / 2.0 END AS qols "
        "FROM range(30)",
    ])
    snap, _ = _profile(source)
    qols = next(c for c in snap.tables[0].columns if c.name == "qols")
    assert qols.profile.distinct_count == 5  # NaN is one of the values counted
    assert qols.profile.top_values and all(v.value is not None for v in qols.profile.top_values)
    path = tmp_path / "snap.yaml"
    path.write_text(dump_snapshot(snap))
    again = load_snapshot(path)
    assert [c.profile.top_values for c in again.tables[0].columns] == [c.profile.top_values for c in snap.tables[0].columns]
