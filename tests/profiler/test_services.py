"""Profiling and evidence queries run for real on PostgreSQL and MariaDB, in a scratch schema
(database) with a unique name that is dropped afterwards."""

from __future__ import annotations

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.profiler import ProfileOptions

from tests.services import scratch_mariadb, scratch_postgres_schema

from .helpers import COLUMNS, HOSTILE_COLUMNS, HOSTILE_TABLE, assert_same_series, check_profile, insert_sql, quote_rows


# Service URLs come from the session fixtures (tests/conftest.py), not `from conftest import`:
# another conftest.py in the tree can shadow that module name.


def _pg(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _my(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _statements(quote, slow_view: str) -> list[str]:
    cols = ", ".join(f"{quote(c)} {'INTEGER' if i < 2 else 'VARCHAR(40)'}" for i, c in enumerate(HOSTILE_COLUMNS))
    out = [
        f"CREATE TABLE t ({COLUMNS})", *insert_sql(),
        "CREATE TABLE x (id INTEGER)", "INSERT INTO x VALUES (1)",
        f"CREATE TABLE {quote('order')} ({quote('key col')} INTEGER PRIMARY KEY, label VARCHAR(10))",
        f"CREATE TABLE {quote(HOSTILE_TABLE)} ({cols})",
        slow_view,
    ]
    for i in range(1, 10):
        out.append(f"INSERT INTO {quote('order')} VALUES ({i}, 'o{i}')")
        out.append(f"INSERT INTO {quote(HOSTILE_TABLE)} VALUES ({i % 3 + 1}, {i}, 'v{i % 2}', 'it''s {i}')")
    return out


def _check(snap, diags, table_key):
    codes = [d.code for d in diags.items]
    assert "PR001" in codes, diags.render_text()  # the slow view timed out...
    assert not diags.has_errors()
    assert snap.table(table_key("slow")).profile.skipped  # ...and the snapshot completed without it
    t = snap.table(table_key("t"))
    for name in ("id", "grp", "amount", "code"):
        check_profile(name, t.column(name).profile)
    assert t.column("email").profile.redacted and t.column("email").profile.top_values == []
    hostile = snap.table(table_key(HOSTILE_TABLE))
    assert hostile.profile.rows == 9 and hostile.column("select").profile.distinct_count == 3
    pairs = {(c.from_.table, c.from_.columns[0], c.to.table, c.to.columns[0]): c.ratio for c in snap.evidence.containment}
    assert pairs[(HOSTILE_TABLE, "select", "order", "key col")] == 1.0
    assert pairs[("t", "id", "order", "key col")] == 1.0


def test_postgres_profile_and_evidence(postgres_engine):
    with scratch_postgres_schema(postgres_engine, "mb_prof") as schema:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f"SET search_path TO {_pg(schema)}")
            for stmt in _statements(_pg, "CREATE VIEW slow AS SELECT 1 AS n FROM pg_sleep(5)"):
                conn.exec_driver_sql(stmt.replace("%", "%%"))
        diags = Diagnostics()
        url = postgres_engine.url.render_as_string(hide_password=False)
        snap = snapshot(url, SourceOptions(schemas=[schema]), diags, ProfileOptions(query_timeout=1.0))
        _check(snap, diags, lambda name: f"{schema}.{name}")
        with postgres_engine.connect() as conn:
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {_pg(schema)}.x").scalar_one() == 1


def test_mariadb_profile_and_evidence(mysql_engine):
    with scratch_mariadb(mysql_engine, "mb_prof") as (url, engine):
        with engine.begin() as conn:
            for stmt in _statements(_my, "CREATE VIEW slow AS SELECT SLEEP(5) AS n"):
                conn.exec_driver_sql(stmt.replace("%", "%%"))
        diags = Diagnostics()
        snap = snapshot(url.render_as_string(hide_password=False), SourceOptions(), diags, ProfileOptions(query_timeout=1.0))
        _check(snap, diags, lambda name: f"{url.database}.{name}")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM x").scalar_one() == 1


def test_mariadb_compares_text_as_other_engines_do(mysql_engine):
    """MariaDB's default collation finds 'Hillyer' in a key holding 'HILLYER'; DuckDB, SQLite and
    PostgreSQL do not, and the same data must give the same evidence on every engine."""
    with scratch_mariadb(mysql_engine, "mb_case") as (url, engine):
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, last_name VARCHAR(40) NOT NULL)")
            conn.exec_driver_sql("INSERT INTO customer VALUES " + ", ".join(f"({i}, 'NAME{i}')" for i in range(1, 40))
                                 + ", (40, 'HILLYER'), (41, 'STEPHENS')")
            conn.exec_driver_sql("CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, last_name VARCHAR(40) NOT NULL)")
            conn.exec_driver_sql("INSERT INTO staff VALUES (1, 'Hillyer'), (2, 'Stephens')")
        diags = Diagnostics()
        snap = snapshot(url.render_as_string(hide_password=False), SourceOptions(), diags, ProfileOptions())
        found = {(c.from_.table, c.from_.columns[0], c.to.table): c for c in snap.evidence.containment}
        check = found.get(("staff", "last_name", "customer"))
        assert check is None or check.matched == 0, check  # checked or pruned, never found case-blind
        model = analyze(snap, Config(), diags)
        assert not [r for r in model.relationships if r.from_.table == "staff" and r.to.table == "customer"]


def test_mariadb_counts_text_values_as_other_engines_do(mysql_engine):
    """'Smith' and 'SMITH' are two values everywhere else: a column holding both is unique there,
    so a key candidate on MariaDB too."""
    with scratch_mariadb(mysql_engine, "mb_case") as (url, engine):
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE person (code VARCHAR(10) NOT NULL, n INTEGER)")
            conn.exec_driver_sql("INSERT INTO person VALUES ('Smith', 1), ('SMITH', 2), ('Jones', 3), ('jones', 4), ('Brown', 5)")
        diags = Diagnostics()
        snap = snapshot(url.render_as_string(hide_password=False), SourceOptions(), diags, ProfileOptions())
        p = snap.table(f"{url.database}.person").column("code").profile
        assert (p.distinct_count, p.distinct_exact) == (5, True)


def _quotes_duckdb(tmp_path):
    import duckdb

    path = tmp_path / "quotes.duckdb"
    con = duckdb.connect(str(path))
    con.execute('CREATE TABLE quotes ("Date" DATE, "Symbol" TEXT, "Close" DOUBLE, "Volume" BIGINT, PRIMARY KEY ("Date", "Symbol"))')
    con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?)", quote_rows(4, 40))
    con.close()
    return snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False))


def _quote_values() -> str:
    return ", ".join(f"('{d.isoformat()}', '{s}', {c!r}, {v})" for d, s, c, v in quote_rows(4, 40))


def test_postgres_follows_series_as_duckdb_does(postgres_engine, tmp_path):
    with scratch_postgres_schema(postgres_engine, "mb_series") as schema:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE TABLE {_pg(schema)}.quotes ("Date" DATE, "Symbol" TEXT, "Close" DOUBLE PRECISION, '
                                 f'"Volume" BIGINT, PRIMARY KEY ("Date", "Symbol"))')
            conn.exec_driver_sql(f"INSERT INTO {_pg(schema)}.quotes VALUES {_quote_values()}")
        url = postgres_engine.url.render_as_string(hide_password=False)
        snap = snapshot(url, SourceOptions(schemas=[schema]), Diagnostics(), ProfileOptions(progress=False))
        assert_same_series(_quotes_duckdb(tmp_path), snap)


def test_mariadb_follows_series_as_duckdb_does(mysql_engine, tmp_path):
    with scratch_mariadb(mysql_engine, "mb_series") as (url, engine):
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE quotes (`Date` DATE, `Symbol` VARCHAR(8), `Close` DOUBLE, `Volume` BIGINT, "
                                 "PRIMARY KEY (`Date`, `Symbol`))")
            conn.exec_driver_sql(f"INSERT INTO quotes VALUES {_quote_values()}")
        snap = snapshot(url.render_as_string(hide_password=False), SourceOptions(), Diagnostics(), ProfileOptions(progress=False))
        assert_same_series(_quotes_duckdb(tmp_path), snap)


def test_mariadb_reads_row_names_and_code_presence_as_duckdb_does(mysql_engine):
    # Both read a key or a code as text: MariaDB rejects CAST(x AS TEXT), so each query failed there
    # (PR002/PR003) and no scenario was named, no sparse number's codes recorded.
    with scratch_mariadb(mysql_engine, "mb_names") as (url, engine):
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE versions (version_id INTEGER PRIMARY KEY, version_name VARCHAR(20))")
            conn.exec_driver_sql("INSERT INTO versions VALUES (3, 'Forecast'), (1, 'Actual'), (2, 'Budget')")
            conn.exec_driver_sql("CREATE TABLE ledger (id INTEGER PRIMARY KEY, kind INTEGER, points INTEGER)")
            rows = ", ".join(f"({i}, {i % 10 + 1}, {50 + i % 5 if i % 10 + 1 in (8, 9) else 'NULL'})" for i in range(1, 301))
            conn.exec_driver_sql(f"INSERT INTO ledger VALUES {rows}")
        diags = Diagnostics()
        snap = snapshot(url.render_as_string(hide_password=False), SourceOptions(), diags, ProfileOptions(progress=False))
        assert not [d for d in diags.items if d.code in ("PR002", "PR003")]
        names = {r.table_key.split(".")[-1]: r for r in snap.evidence.row_names or []}
        assert names["versions"].names["version_name"] == {"1": "Actual", "2": "Budget", "3": "Forecast"}
        points = next(c for t in snap.tables if t.name == "ledger" for c in t.columns if c.name == "points")
        assert [(o.column, o.codes) for o in points.profile.occurs_under] == [("kind", [8, 9])]
