"""Shared, session-wide: the real tools (tools.py) and the test databases, each built once.

Databases: Chinook and Northwind (SQLite files from ../shared/datasets), TPC-H SF0.01 without
any constraint (tpchgen-cli into DuckDB), Sakila loaded for real into PostgreSQL, MariaDB and
SQLite (tests/sakila.py), and the generated star schema (tests/star.py). A database is
(SOURCE, extra mb arguments)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from tests import sakila, star
from tests.services import MYSQL_URL, POSTGRES_URL, dataset, service_engine, service_unavailable, unique_name
from tests.verify import tools


@pytest.fixture(scope="session")
def mf_python() -> Path:
    try:
        return tools.ensure_metricflow()
    except tools.ToolUnavailable as e:
        service_unavailable(f"dbt-metricflow could not be installed into .cache/validators/metricflow: {e}")


@pytest.fixture(scope="session")
def cube_modules() -> Path:
    from tests.backends.cube.cube_validator import install

    return install()


@pytest.fixture(scope="session")
def superset_tools() -> tuple[Path, Path]:
    from tests.backends.superset.superset_env import SupersetUnavailable, ensure_superset, metadata_template

    try:
        python = ensure_superset()
        return python, metadata_template(python)
    except SupersetUnavailable as e:
        service_unavailable(f"Superset could not be installed: {e}")


@pytest.fixture(scope="session")
def tool_env(mf_python, cube_modules, superset_tools) -> dict[str, str]:
    return tools.env(mf_python, cube_modules, *superset_tools)


@pytest.fixture(scope="session")
def dbs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("databases")


@pytest.fixture(scope="session")
def chinook() -> tuple[str, list[str]]:
    return str(dataset("chinook.sqlite")), []


@pytest.fixture(scope="session")
def northwind() -> tuple[str, list[str]]:
    return str(dataset("northwind.sqlite")), []


def _as_duckdb(name: str, dbs: Path) -> tuple[str, list[str]]:
    # MetricFlow has no SQLite engine: the same-number check runs on a DuckDB copy.
    from tests.backends.dbt.dbt_runner import sqlite_to_duckdb

    path = dbs / f"{name}.duckdb"
    work = dbs / f"{name}_csv"
    work.mkdir()
    sqlite_to_duckdb(dataset(f"{name}.sqlite"), path, work)
    return str(path), []


@pytest.fixture(scope="session")
def chinook_duckdb(dbs) -> tuple[str, list[str]]:
    return _as_duckdb("chinook", dbs)


@pytest.fixture(scope="session")
def northwind_duckdb(dbs) -> tuple[str, list[str]]:
    return _as_duckdb("northwind", dbs)


@pytest.fixture(scope="session")
def tpch(dbs) -> tuple[str, list[str]]:
    exe = shutil.which("tpchgen-cli")
    if exe is None:
        service_unavailable("tpchgen-cli not installed (pip install -e '.[dev]')")
    subprocess.run([exe, "parquet", "-s", "0.01", "--output-dir", str(dbs / "tpch")], check=True, capture_output=True)
    path = dbs / "tpch.duckdb"
    con = duckdb.connect(str(path))
    for pq in sorted((dbs / "tpch").glob("*.parquet")):
        con.execute(f"CREATE TABLE {pq.stem} AS SELECT * FROM read_parquet(?)", [str(pq)])
    con.close()
    return str(path), []


@pytest.fixture(scope="session")
def star_db(dbs) -> tuple[str, list[str]]:
    return str(star.build(dbs / "star.duckdb")), []


@pytest.fixture(scope="session")
def sakila_sqlite(dbs) -> tuple[str, list[str]]:
    return str(sakila.load_sqlite(dbs / "sakila.sqlite")), []


@pytest.fixture(scope="session")
def sakila_postgres():
    engine = service_engine(POSTGRES_URL, "PostgreSQL")
    schema = unique_name("mb_sakila")
    with engine.begin() as con:
        con.execute(sa.text(f"CREATE SCHEMA {schema}"))
        con.execute(sa.text(f"SET search_path TO {schema}"))
        sakila.load_sqlalchemy(con, "postgres")
    yield POSTGRES_URL, ["--schema", schema]
    with engine.begin() as con:
        con.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def sakila_mariadb():
    engine = service_engine(MYSQL_URL, "MariaDB/MySQL")
    database = unique_name("mb_sakila")
    with engine.begin() as con:
        con.execute(sa.text(f"CREATE DATABASE {database}"))
        con.execute(sa.text(f"USE {database}"))
        sakila.load_sqlalchemy(con, "mysql")
    yield MYSQL_URL.rsplit("/", 1)[0] + f"/{database}", []
    with engine.begin() as con:
        con.execute(sa.text(f"DROP DATABASE IF EXISTS {database}"))
    engine.dispose()
