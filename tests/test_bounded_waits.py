"""Every wait is bounded, on the real servers: a lock held by another session does not hang
`mb snapshot` (statement and lock time limits cover reading the schema as well as profiling), a
connection that drops mid-profile is reopened and the profile completed, and a database that
goes away for good is an error (PR006, exit 2), not a snapshot quietly missing its profiles."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from tests.services import MYSQL_URL, POSTGRES_URL, unique_name
from tests.support import REPO

TABLES = 24
# Rows enough that profiling takes about a second: the killer polls for it, and on a loaded machine
# a profile of a tenth of a second could start and finish between two polls.
ROWS = 20000


def _snapshot(url: str, *args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler.cli", "snapshot", url, *args], capture_output=True,
                          text=True, cwd=REPO, timeout=timeout)


@pytest.fixture
def pg_schema(postgres_engine):
    schema = unique_name("mb_wait")
    with postgres_engine.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
        for i in range(TABLES):
            c.exec_driver_sql(f"CREATE TABLE {schema}.t{i} (id INT PRIMARY KEY, v TEXT, n NUMERIC)")
            c.exec_driver_sql(f"INSERT INTO {schema}.t{i} SELECT g, 'v' || mod(g, 7), g * 1.5 FROM generate_series(1, {ROWS}) g")
    yield schema
    with postgres_engine.begin() as c:
        c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


def test_postgres_table_lock_does_not_hang_snapshot(postgres_engine, pg_schema):
    holder = postgres_engine.connect()
    tx = holder.begin()
    holder.exec_driver_sql(f"LOCK TABLE {pg_schema}.t0 IN ACCESS EXCLUSIVE MODE")
    try:
        start = time.monotonic()
        proc = _snapshot(POSTGRES_URL, "--schema", pg_schema, "--query-timeout", "2", "--include", "t0", "--include", "t1")
        elapsed = time.monotonic() - start
    finally:
        tx.rollback()
        holder.close()
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 60, elapsed
    assert "t0: warning[FE015] could not count rows (timed out" in proc.stderr
    assert "warning[PR001]" in proc.stderr and "Traceback" not in proc.stderr


def test_mariadb_table_lock_does_not_hang_snapshot(mysql_engine):
    db = unique_name("mb_wait")
    with mysql_engine.begin() as c:
        c.exec_driver_sql(f"CREATE DATABASE {db}")
        c.exec_driver_sql(f"CREATE TABLE {db}.t (id INT PRIMARY KEY, v VARCHAR(10))")
        c.exec_driver_sql(f"INSERT INTO {db}.t VALUES (1, 'a'), (2, 'b')")
    holder = mysql_engine.connect()
    holder.exec_driver_sql(f"LOCK TABLES {db}.t WRITE")
    try:
        start = time.monotonic()
        proc = _snapshot(MYSQL_URL.rsplit("/", 1)[0] + f"/{db}", "--query-timeout", "2")
        elapsed = time.monotonic() - start
    finally:
        holder.exec_driver_sql("UNLOCK TABLES")
        holder.close()
        with mysql_engine.begin() as c:
            c.exec_driver_sql(f"DROP DATABASE {db}")
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 60, elapsed
    assert "could not count rows (timed out" in proc.stderr and "Traceback" not in proc.stderr


class _Killer(threading.Thread):
    """Terminates mb's PostgreSQL sessions once profiling has started: once, or (`forever`)
    after first forbidding the role to log in again."""

    def __init__(self, engine: sa.Engine, role: str, forever: bool):
        super().__init__(daemon=True)
        self.engine, self.role, self.forever = engine, role, forever
        self.killed = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with self.engine.connect() as c:
            c = c.execution_options(isolation_level="AUTOCOMMIT")
            while not self.stop.is_set():
                rows = c.exec_driver_sql(
                    "SELECT pid FROM pg_stat_activity WHERE usename = %s AND application_name = 'mb' AND query LIKE '%%\"s0\"%%'",
                    (self.role,)).fetchall()
                if rows:
                    if self.forever:
                        c.exec_driver_sql(f"ALTER ROLE {self.role} NOLOGIN")
                    for (pid,) in c.exec_driver_sql(
                            "SELECT pid FROM pg_stat_activity WHERE usename = %s AND application_name = 'mb'", (self.role,)).fetchall():
                        self.killed += bool(c.exec_driver_sql("SELECT pg_terminate_backend(%s)", (pid,)).scalar())
                    return
                time.sleep(0.01)


@pytest.fixture
def pg_role(postgres_engine, pg_schema):
    role = unique_name("mb_role")
    with postgres_engine.begin() as c:
        c.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        c.exec_driver_sql(f"GRANT USAGE ON SCHEMA {pg_schema} TO {role}")
        c.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {pg_schema} TO {role}")
    yield role
    with postgres_engine.begin() as c:
        c.exec_driver_sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'")
        c.exec_driver_sql(f"DROP OWNED BY {role}")
        c.exec_driver_sql(f"DROP ROLE {role}")


def _role_url(role: str) -> str:
    return POSTGRES_URL.replace("://postgres@", f"://{role}@", 1)


def test_a_dropped_connection_is_reopened_and_the_profile_completed(postgres_engine, pg_schema, pg_role):
    import yaml

    killer = _Killer(postgres_engine, pg_role, forever=False)
    killer.start()
    proc = _snapshot(_role_url(pg_role), "--schema", pg_schema)
    killer.stop.set()
    killer.join(5)
    assert killer.killed >= 1, f"the test never cut a connection (exit {proc.returncode}): {proc.stderr}"
    assert proc.returncode == 0, proc.stderr
    assert "PR002" not in proc.stderr and "PR006" not in proc.stderr, proc.stderr
    snap = yaml.safe_load(proc.stdout)
    assert len(snap["tables"]) == TABLES
    assert all(t["profile"]["rows"] == ROWS and t["profile"]["skipped"] == [] for t in snap["tables"])


def test_a_database_gone_for_good_is_an_error(postgres_engine, pg_schema, pg_role):
    killer = _Killer(postgres_engine, pg_role, forever=True)
    killer.start()
    start = time.monotonic()
    proc = _snapshot(_role_url(pg_role), "--schema", pg_schema)
    elapsed = time.monotonic() - start
    killer.stop.set()
    killer.join(5)
    assert killer.killed >= 1, "the test never cut a connection"
    assert proc.returncode == 2, proc.stderr
    assert "error[PR006]" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""  # no snapshot written
    assert elapsed < 120, elapsed
