"""--sql-log: the profiling statements mb sends, as a script that runs again as it stands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from compiler.profiler.runner import QueryFailed
from compiler.profiler.sql_log import LoggedRunner, SqlLog
from tests.support import REPO


def mb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler.cli", *args], capture_output=True, text=True, cwd=REPO, timeout=300)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR, country VARCHAR)")
    con.execute("INSERT INTO customers SELECT i, 'c' || i || '@example.com', ['NO', 'SE', 'DK'][1 + i % 3] FROM range(1, 301) t(i)")
    con.execute("CREATE TABLE orders (id INTEGER, customer_id INTEGER, amount DECIMAL(9,2), ordered_on DATE)")
    con.execute("INSERT INTO orders SELECT i, 1 + i % 300, (i % 97) * 1.5, DATE '2024-01-01' + (i % 365)::INTEGER FROM range(1, 2001) t(i)")
    con.close()
    return path


def entries(log: str) -> list[tuple[str, str]]:
    """(comment, statement) pairs of a log."""
    return re.findall(r"^-- ([^\n]*)\n(.*?);\n", log, flags=re.M | re.S)


def test_the_log_holds_every_statement_with_its_time_and_runs_again(shop, tmp_path):
    log, with_log, without = tmp_path / "profile.sql", tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert mb("snapshot", str(shop), "-q", "-o", str(with_log), "--sql-log", str(log)).returncode == 0
    assert mb("snapshot", str(shop), "-q", "-o", str(without)).returncode == 0
    assert with_log.read_bytes() == without.read_bytes()  # logging changes nothing in the snapshot
    found = entries(log.read_text(encoding="utf-8"))
    assert len(found) >= 4
    assert any('"orders"' in sql for _, sql in found) and any('"customers"' in sql for _, sql in found)
    con = duckdb.connect(str(shop), read_only=True)
    for comment, sql in found:
        assert re.fullmatch(r"\d+\.\d{3} s, \d+ rows?", comment), comment
        assert sql.lstrip().upper().startswith(("SELECT", "WITH")), sql  # profiling only reads
        rows = int(comment.split(", ")[1].split()[0])
        assert len(con.execute(sql).fetchall()) == rows, sql  # the script runs again as written


def test_an_unwritable_log_stops_the_run_before_anything_is_written(shop, tmp_path):
    out = tmp_path / "snap.yaml"
    proc = mb("snapshot", str(shop), "-q", "-o", str(out), "--sql-log", str(tmp_path / "missing" / "profile.sql"))
    assert proc.returncode == 2 and "error[US002]" in proc.stderr and "SQL log" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_a_failed_statement_is_logged_with_its_error(tmp_path):
    class Failing:
        dialect = "duckdb"

        def run(self, sql):
            raise QueryFailed("no such table: nowhere")

        def close(self):
            pass

    log = SqlLog(tmp_path / "x.sql")
    with pytest.raises(QueryFailed), LoggedRunner(Failing(), log) as runner:
        assert runner.dialect == "duckdb"
        runner.run("SELECT 1 FROM nowhere")
    log.close()
    ((comment, sql),) = entries((tmp_path / "x.sql").read_text(encoding="utf-8"))
    assert comment.startswith("QueryFailed after ") and comment.endswith("no such table: nowhere")
    assert sql == "SELECT 1 FROM nowhere"
