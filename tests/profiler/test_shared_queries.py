"""Small DuckDB tables are profiled in groups sharing queries (the aggregate scans stacked by
column type, and the top values of the group in one statement): the snapshot is the same as when each table runs its
own queries, and a failure stays with its table."""

from __future__ import annotations

import duckdb
import pytest

import compiler.profiler as profiler
from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions
from compiler.profiler import profile as prof
from compiler.profiler import runner as run
from compiler.snapshot_io import dump_snapshot
from tests.profiler.helpers import record_sql

VALUES = [
    ("ann@example.com", "https://x.org/a", "6f1c2a9e-3b4d-4c5e-8f70-112233445566", "+1 (555) 010-2030", "2024-01-31", "42"),
    ("bob@example.org", "ftp://files.net/b", None, "555-0100", "2024-02-01 10:20:30", "-3.5"),
    ("not an email", "www.example.com", "XYZ", "12", "31/01/2024", "1e5"),
    (None, None, None, None, None, None),
    ("É@é.fr", "http://ü.de", "6F1C2A9E-3B4D-4C5E-8F70-112233445566", "(555) 0100 200", "1999-12-31T23:59", "+7"),
]


def _database(path, tables: int) -> str:
    con = duckdb.connect(str(path))
    con.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', '42')")
    for i in range(tables):
        name = f'"t {i}""q"' if i % 4 == 0 else f"t{i}"
        con.execute(f'CREATE TABLE {name} (id INTEGER, mail VARCHAR, link TEXT, uid VARCHAR, phone VARCHAR, "when" VARCHAR, num VARCHAR, m mood, c INTEGER)')
        rows = [(k, *v, ["sad", "ok", "42", None][k % 4], 7) for k, v in enumerate(VALUES[: 2 + i % 4])]
        con.executemany(f"INSERT INTO {name} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE TABLE empty_one (a VARCHAR)")
    con.close()
    return str(path)


def _snapshot(source: str) -> str:
    diags = Diagnostics()
    snap = snapshot(source, diags=diags, profile=ProfileOptions())
    assert not [d for d in diags.items if d.code.startswith("PR")], diags.render_text()
    return dump_snapshot(snap)


def _queries(monkeypatch) -> list[str]:
    return record_sql(monkeypatch, run.DuckDBRunner)


def _own_scans(seen: list[str]) -> list[str]:
    return [s for s in seen if s.startswith('SELECT COUNT(*) AS "s0"')]


def _stacked(seen: list[str]) -> list[str]:
    return [s for s in seen if s.startswith('SELECT "t", "i", COUNT(*)')]


@pytest.mark.parametrize("limit", [3, 200])
def test_shared_queries_give_the_snapshot_each_table_gives_alone(tmp_path, monkeypatch, limit):
    source = _database(tmp_path / "db.duckdb", 9)
    monkeypatch.setattr(profiler, "SHARED_TABLES", limit)
    seen = _queries(monkeypatch)
    shared = _snapshot(source)
    # 10 tables in groups of at most `limit`, and of at most 3 so that both workers get some
    groups = -(-10 // min(limit, 3))
    stacked = _stacked(seen)
    assert len([s for s in stacked if "REGEXP_FULL_MATCH" in s]) == 2 * groups  # VARCHAR columns, the enum column
    assert len(stacked) > groups and any("UNION ALL" in s for s in stacked)
    assert [s.split(" FROM ")[-1] for s in _own_scans(seen)] == ['"main"."empty_one"']  # no rows, no group: alone
    shared_top = [s for s in seen if "ARG_MIN(" in s]
    assert len(shared_top) == groups and not [s for s in seen if s.startswith('SELECT "i", "v", "n"')]
    monkeypatch.setattr(profiler, "shares_queries", lambda *a: False)
    seen.clear()
    alone = _snapshot(source)
    assert len(_own_scans(seen)) == 10 and not _stacked(seen)
    assert not [s for s in seen if "ARG_MIN(" in s]
    assert shared == alone
    assert "patterns:" in shared and "email: " in shared


def test_tables_above_the_stacking_bound_run_their_own_scans_in_the_group(tmp_path, monkeypatch):
    source = _database(tmp_path / "db.duckdb", 5)  # tables of 2, 3, 4, 5 and 2 rows
    expected = _snapshot(source)
    monkeypatch.setattr(prof, "STACK_ROWS", 3)
    seen = _queries(monkeypatch)
    assert _snapshot(source) == expected
    assert sorted(s.split(" FROM ")[-1] for s in _own_scans(seen)) == ['"main"."empty_one"', '"main"."t2"', '"main"."t3"']
    assert _stacked(seen) and [s for s in seen if "ARG_MIN(" in s]


def test_failed_shared_queries_leave_each_table_to_run_its_own(tmp_path, monkeypatch):
    source = _database(tmp_path / "db.duckdb", 5)
    expected = _snapshot(source)
    real = prof.q.stacked_aggregate_query

    def broken_for_integers(columns, dialect, small):
        sql, stats = real(columns, dialect, small)
        return ("SELECT broken FROM" if columns[0][2].data_type == "integer" else sql), stats

    monkeypatch.setattr(prof.q, "stacked_aggregate_query", broken_for_integers)
    monkeypatch.setattr(prof.q, "shared_top_values_query", lambda columns, n: "SELECT broken FROM")
    seen = _queries(monkeypatch)
    assert _snapshot(source) == expected
    assert len(_own_scans(seen)) == 6  # every table has an integer column: each its own scan
    assert len([s for s in seen if s.startswith('SELECT "i", "v", "n"')]) == 5  # each table its own top values


def test_a_crash_in_a_group_costs_only_its_table(tmp_path, monkeypatch):
    source = _database(tmp_path / "db.duckdb", 5)
    real = profiler.continue_table

    def flaky(job, *args):
        if job.table.name == "t2":
            raise RuntimeError("bug")
        return real(job, *args)

    monkeypatch.setattr(profiler, "continue_table", flaky)
    diags = Diagnostics()
    snap = snapshot(source, diags=diags, profile=ProfileOptions())
    assert [(d.code, d.location) for d in diags.items if d.code.startswith("PR")] == [("PR002", "main.t2")]
    assert snap.table("main.t2").profile is None and snap.table("main.t3").profile.rows == 5


def test_shared_top_values_break_ties_at_the_cut_in_each_type_s_own_order(tmp_path, monkeypatch):
    # 30 values, each twice: the 10 kept are the 10 first in the column's order (1..10, not
    # '1', '10', '11' as text would sort them), in every type, alone or shared.
    path = tmp_path / "ties.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TYPE level AS ENUM ('zeta', 'alpha', 'mid')")
    for i in range(3):
        con.execute(f"""CREATE TABLE t{i} AS SELECT r AS id, (r % 30) + 1 AS num, ((r % 30) + 1) / 4.0 AS dbl,
            ((r % 30) * 1.25)::DECIMAL(9, 2) AS dec, DATE '2024-01-01' + (r % 30)::INTEGER AS day,
            TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (r % 30) HOUR AS ts, (r % 2 = 0) AS flag,
            ['zeta', 'alpha', 'mid'][1 + (r % 3)]::level AS lvl, chr((200 + r % 30)::INTEGER) || 'x' AS word
            FROM range(60 + {i}) t(r)""")
    con.close()
    seen = _queries(monkeypatch)
    shared = _snapshot(str(path))
    assert [s for s in seen if "ARG_MIN(" in s] and not [s for s in seen if s.startswith('SELECT "i", "v", "n"')]
    snap = snapshot(str(path), profile=ProfileOptions())
    top = {c.name: [v.value for v in c.profile.top_values] for c in snap.table("main.t1").columns if c.profile.top_values}
    assert top["num"] == list(range(1, 11))
    assert top["dbl"] == [k / 4 for k in range(1, 11)]
    assert top["day"] == [f"2024-01-{d:02d}" for d in range(1, 11)]
    assert top["lvl"] == ["zeta", "alpha", "mid"]
    assert top["word"] == [chr(200 + k) + "x" for k in range(10)]
    monkeypatch.setattr(profiler, "shares_queries", lambda *a: False)
    seen.clear()
    assert _snapshot(str(path)) == shared
    assert not [s for s in seen if "ARG_MIN(" in s]
