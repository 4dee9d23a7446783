"""Helpers for tests that need real services or the shared sample databases.

Integration tests talk to the local PostgreSQL and MariaDB services. When a service cannot be
reached the test is skipped with the reason, except under CI (CI=true), where skipping would hide
a broken pipeline: there it fails instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parents[1]
DATASETS = REPO_ROOT.parent / "shared" / "datasets"

POSTGRES_URL = os.environ.get("MB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
MYSQL_URL = os.environ.get("MB_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")

# The drivers the test fixtures themselves use when a URL names none (the frontend picks its own).
_FIXTURE_DRIVERS = {"postgresql": "postgresql+psycopg2", "mysql": "mysql+pymysql", "mariadb": "mariadb+pymysql"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def service_unavailable(reason: str) -> None:
    """Skip the test, or fail it under CI=true, where integration tests must run."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: integration tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def dataset(name: str) -> Path:
    """A sample database from ../shared/datasets; skips the test when it is missing."""
    path = DATASETS / name
    if not path.is_file():
        service_unavailable(f"sample database {name} not found in {DATASETS}")
    return path


def unique_name(prefix: str = "mb_test") -> str:
    """A fresh, lower-case identifier for a schema or database owned by one test session."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@contextmanager
def scratch_postgres_schema(server: sa.Engine, prefix: str) -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, its name; dropped with everything in it afterwards."""
    schema = unique_name(prefix)
    with server.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        with server.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def scratch_mariadb(server: sa.Engine, prefix: str) -> Iterator[tuple[sa.URL, sa.Engine]]:
    """A fresh MariaDB database for one test: its URL and an engine on it; dropped afterwards."""
    database = unique_name(prefix)
    with server.begin() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{database}`")
    url = server.url.set(database=database)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        yield url, engine
    finally:
        engine.dispose()
        with server.begin() as conn:
            conn.exec_driver_sql(f"DROP DATABASE `{database}`")


def service_engine(url: str, service: str) -> sa.Engine:
    """An engine for an integration service, or skip/fail when it is not reachable."""
    parsed = make_url(url)
    if parsed.drivername in _FIXTURE_DRIVERS:
        parsed = parsed.set(drivername=_FIXTURE_DRIVERS[parsed.drivername])
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine = sa.create_engine(parsed, poolclass=sa.pool.NullPool, connect_args={"connect_timeout": 5})
    except ImportError as e:
        service_unavailable(f"{service}: driver not installed ({e.name})")
    try:
        with engine.connect():
            pass
    except Exception as e:
        engine.dispose()
        service_unavailable(f"{service} not reachable at {shown}: {type(e).__name__}")
    return engine


def tpch_duckdb(root: Path, scale: str = "0.01") -> Path:
    """TPC-H at `scale` (tpchgen-cli, a dev dependency) in a new DuckDB file under `root`, no
    constraints declared."""
    import shutil
    import subprocess

    import duckdb

    exe = shutil.which("tpchgen-cli")
    if exe is None:
        service_unavailable("tpchgen-cli not installed (pip install -e '.[dev]')")
    subprocess.run([exe, "parquet", "-s", scale, "--output-dir", str(root / "parquet")], check=True, capture_output=True)
    db = root / "tpch.duckdb"
    con = duckdb.connect(str(db))
    try:
        for pq in sorted((root / "parquet").glob("*.parquet")):
            con.execute(f"CREATE TABLE {pq.stem} AS SELECT * FROM read_parquet(?)", [str(pq)])
    finally:
        con.close()
    return db
