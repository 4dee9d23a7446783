"""Rates kept on each row beside the numbers they divide (BIRD's frpm: the share eligible for free
meals beside the free meal count and the enrollment): the profiler proves which two numbers each
rate divides, on the rows, and finds none for a rate that is the ratio on only some rows or for a
share unrelated to the row's numbers."""

from __future__ import annotations

import random
import sqlite3

import duckdb
from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.profiler import ProfileOptions
from tests.services import scratch_mariadb, scratch_postgres_schema

COLUMNS = ('"School ID" INTEGER PRIMARY KEY, "Enrollment (K-12)" DOUBLE, "Free Meal Count (K-12)" DOUBLE, '
           '"Percent (%) Eligible Free (K-12)" DOUBLE, "margin %" DECIMAL(6,2), profit DECIMAL(12,2), revenue DECIMAL(12,2), '
           'mostly DOUBLE, unrelated DOUBLE, county VARCHAR(20)')


def rows():
    rnd = random.Random(11)
    out = []
    for i in range(1, 201):
        enrolled = rnd.randint(50, 3000)
        free = rnd.randint(0, enrolled)
        revenue = round(rnd.uniform(100, 9000), 2)
        profit = round(revenue * rnd.uniform(0.01, 0.6), 2)
        share = free / enrolled
        # the ratio on 80% of the rows only, and a share drawn apart from the row's numbers
        mostly = share if i % 5 else rnd.random()
        out.append((i, float(enrolled), float(free), share, round(100 * profit / revenue, 2), profit, revenue, mostly, rnd.random(),
                    rnd.choice(["Alameda", "Fresno", "Kern"])))
    return out


def _found(snap):
    return {(r.table_key.split(".")[-1], r.column, r.numerator, r.denominator, r.scale) for r in snap.evidence.row_ratios or ()}


def _check(snap):
    found = _found(snap)
    assert ("schools", "Percent (%) Eligible Free (K-12)", "Free Meal Count (K-12)", "Enrollment (K-12)", "share") in found
    assert ("schools", "margin %", "profit", "revenue", "percent") in found
    rates = {f[1] for f in found}
    assert "mostly" not in rates and "unrelated" not in rates
    r = next(r for r in snap.evidence.row_ratios if r.column == "margin %")
    assert r.rows == 200 and r.matched == 200


def test_duckdb_proves_the_rates_on_the_rows(tmp_path):
    path = tmp_path / "schools.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE schools ({COLUMNS})")
    con.executemany("INSERT INTO schools VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
    con.close()
    snap = snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False))
    _check(snap)


def test_sqlite_proves_the_rates_on_the_rows(tmp_path):
    path = tmp_path / "schools.sqlite"
    con = sqlite3.connect(str(path))
    con.execute(f"CREATE TABLE schools ({COLUMNS})")
    con.executemany("INSERT INTO schools VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
    con.commit()
    con.close()
    snap = snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False))
    _check(snap)


def _values() -> str:
    return ", ".join("(" + ", ".join(repr(v) for v in row) + ")" for row in rows())


def test_postgres_proves_the_rates_on_the_rows(postgres_engine):
    with scratch_postgres_schema(postgres_engine, "mb_ratio") as schema:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE TABLE "{schema}".schools ({COLUMNS.replace("DOUBLE", "DOUBLE PRECISION")})'.replace("%", "%%"))
            conn.exec_driver_sql(f'INSERT INTO "{schema}".schools VALUES {_values()}')
        url = postgres_engine.url.render_as_string(hide_password=False)
        _check(snapshot(url, SourceOptions(schemas=[schema]), Diagnostics(), ProfileOptions(progress=False)))


def test_mariadb_proves_the_rates_on_the_rows(mysql_engine):
    with scratch_mariadb(mysql_engine, "mb_ratio") as (url, engine):
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE TABLE schools ({COLUMNS.replace(chr(34), '`')})".replace("%", "%%"))
            conn.exec_driver_sql(f"INSERT INTO schools VALUES {_values()}")
        _check(snapshot(url.render_as_string(hide_password=False), SourceOptions(), Diagnostics(), ProfileOptions(progress=False)))


def test_keys_divide_nothing(tmp_path):
    """An ORM's journal lines: a discount of 0 on the tax lines, whose tax key is small beside the
    line's own id, "equals" 100 * tax_line_id / id to the whole percent on every tax line. Keys,
    declared or named so, are never a rate's operands (they had given sums of ids)."""
    path = tmp_path / "lines.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE account_tax (id INTEGER PRIMARY KEY, amount DOUBLE)")
    con.execute("INSERT INTO account_tax VALUES (1, 20), (2, 10), (3, 5.5)")
    con.execute("CREATE TABLE account_move_line (id INTEGER PRIMARY KEY, tax_line_id INTEGER REFERENCES account_tax(id), "
                "move_ref INTEGER, discount DOUBLE, price_subtotal DOUBLE)")
    rnd = random.Random(3)
    con.executemany("INSERT INTO account_move_line VALUES (?, ?, ?, ?, ?)",
                    [(i, rnd.randint(1, 3) if i % 4 else None, i // 3, 0.0 if i % 4 else rnd.choice([5.0, 10.0, 50.0]),
                      round(rnd.uniform(1, 900), 2))
                     for i in range(1000, 1300)])
    con.close()
    snap = snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False))
    assert not _found(snap)
