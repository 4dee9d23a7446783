"""The same data gets the same semantic facts on every engine: the Sakila-shaped store read from
SQLite, PostgreSQL and MariaDB gives the same table roles, time axes, additivity, enumerations,
measures and explores (the services run here and in CI)."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from tests.datasets import sakila_sqlite
from tests.services import MYSQL_URL, POSTGRES_URL, unique_name

TYPES = {"postgres": {"BOOLEAN": "BOOLEAN", "TIMESTAMP": "TIMESTAMP"}, "mysql": {"BOOLEAN": "BOOLEAN", "TIMESTAMP": "DATETIME"}}


def _ddl(con: sqlite3.Connection, dialect: str, prefix: str) -> list[tuple[str, str, list[str]]]:
    """(table, CREATE TABLE with table-level keys, column names) in creation order."""
    q = (lambda n: f'"{n}"') if dialect == "postgres" else (lambda n: f"`{n}`")
    out = []
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"):
        cols = con.execute(f'PRAGMA table_info("{name}")').fetchall()
        parts = [f"{q(c[1])} {TYPES[dialect].get(c[2], c[2])}{' NOT NULL' if c[3] else ''}" for c in cols]
        pk = [c[1] for c in sorted(cols, key=lambda c: c[5]) if c[5]]
        parts.append(f"PRIMARY KEY ({', '.join(q(c) for c in pk)})")
        for fk in con.execute(f'PRAGMA foreign_key_list("{name}")').fetchall():
            parts.append(f"FOREIGN KEY ({q(fk[3])}) REFERENCES {prefix}{q(fk[2])} ({q(fk[4])})")
        out.append((name, f"CREATE TABLE {prefix}{q(name)} ({', '.join(parts)})", [c[1] for c in cols]))
    return out


def _load(engine: sa.Engine, src: sqlite3.Connection, dialect: str, schema: str) -> None:
    prefix = f'"{schema}".' if dialect == "postgres" else f"`{schema}`."
    with engine.begin() as conn:
        for name, ddl, cols in _ddl(src, dialect, prefix):
            conn.exec_driver_sql(ddl)
            types = {c[1]: c[2] for c in src.execute(f'PRAGMA table_info("{name}")')}
            # SQLite keeps a BOOLEAN as 0/1; the servers want true/false.
            rows = [tuple(bool(v) if types[c] == "BOOLEAN" and v is not None else v for c, v in zip(cols, r))
                    for r in src.execute(f'SELECT * FROM "{name}"').fetchall()]
            table = sa.table(name, *(sa.column(c) for c in cols), schema=schema)
            conn.execute(table.insert(), [dict(zip(cols, r)) for r in rows])


def facts(model) -> dict:
    out = {}
    for e in model.entities:
        axis = e.time_axis
        out[e.name] = {
            "role": e.role,
            "axis": (axis.entity, axis.dimension, len(axis.path)) if axis else None,
            "additivity": {d.name: d.additivity for d in e.dimensions if d.additivity},
            "enumerations": {d.name: d.accepted_values for d in e.dimensions if d.accepted_values},
            "hidden": sorted(f.name for f in [*e.dimensions, *e.time_dimensions] if f.hidden),
            "times": {t.name: t.kind for t in e.time_dimensions},
            "measures": sorted((m.name, m.agg, m.filter is not None) for m in e.measures),
        }
    out["explores"] = sorted((x.root, tuple(sorted(j.alias for j in x.joins))) for x in model.explores)
    return out


def _facts_of(source: str, options: SourceOptions | None = None) -> dict:
    diags = Diagnostics()
    snap = snapshot(source, options, diags)
    assert not diags.has_errors(), diags.render_text()
    return facts(analyze(snap, Config(name="sakila"), diags))


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory):
    return sakila_sqlite(tmp_path_factory.mktemp("engines") / "sakila.sqlite")


@pytest.mark.postgres
@pytest.mark.mariadb
def test_sqlite_postgres_and_mariadb_agree(sqlite_file, postgres_engine, mysql_engine):
    want = _facts_of(str(sqlite_file))
    assert want["rental"]["role"] == "fact" and want["rental"]["axis"] == ("rental", "rental_date", 0)
    src = sqlite3.connect(sqlite_file)
    schema, db = unique_name(), unique_name()
    try:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        _load(postgres_engine, src, "postgres", schema)
        assert _facts_of(POSTGRES_URL, SourceOptions(schemas=[schema])) == want
        with mysql_engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE `{db}`")
        _load(mysql_engine, src, "mysql", db)
        assert _facts_of(MYSQL_URL.rsplit("/", 1)[0] + f"/{db}") == want
    finally:
        src.close()
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        with mysql_engine.begin() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{db}`")
