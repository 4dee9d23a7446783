"""Days kept as six digits, end to end, on a bank export shaped like PKDD'99's (account.date
930101, card.issued '931107 00:00:00'): each is read as a real day (or moment) in every SQL
target, dates the table it is in, and is never summed or averaged; a day-named number that is
no day at all (a seven-digit CYYMMDD settle_date) is not aggregated either."""

from __future__ import annotations

import re

import duckdb
import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from tests.support import duckdb_file

YYMMDD = "CAST(strftime(DATE '1993-01-01' + CAST({days} AS INTEGER), '%y%m%d') AS INTEGER)"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("bank") / "bank.duckdb"
    duckdb_file(
        path,
        "CREATE TABLE account (account_id INTEGER PRIMARY KEY, district_id INTEGER, frequency VARCHAR, date INTEGER)",
        f"INSERT INTO account SELECT i, 1 + i % 7, CASE WHEN i % 3 = 0 THEN 'POPLATEK MESICNE' ELSE 'POPLATEK TYDNE' END, "
        f"{YYMMDD.format(days='i * 31')} FROM range(1, 61) AS r(i)",
        "CREATE TABLE trans (trans_id INTEGER PRIMARY KEY, account_id INTEGER, date INTEGER, amount DECIMAL(10,1), "
        "balance DECIMAL(10,1), settle_date INTEGER)",
        f"INSERT INTO trans SELECT i, 1 + i % 60, {YYMMDD.format(days='i * 3')}, 100.0 + i % 250, 1000.0 + i % 900, "
        f"1000000 + {YYMMDD.format(days='i * 3')} FROM range(1, 601) AS r(i)",
        "CREATE TABLE card (card_id INTEGER PRIMARY KEY, account_id INTEGER, type VARCHAR, issued VARCHAR)",
        "INSERT INTO card SELECT i, 1 + i % 60, CASE WHEN i % 4 = 0 THEN 'gold' ELSE 'classic' END, "
        "strftime(DATE '1993-11-07' + CAST(i * 29 AS INTEGER), '%y%m%d') || ' 00:00:00' FROM range(1, 41) AS r(i)",
    )
    diags = Diagnostics()
    out = compile_snapshot(snapshot(str(path), diags=diags), ["dbt", "lookml", "cube", "superset", "powerbi"],
                           Config(name="bank"), diags)
    assert not diags.has_errors(), diags.render_text()
    return path, out


def _staged(path, out, table: str) -> dict:
    sql = next(t for p, t in out.files["dbt"].items() if p.endswith(f"stg_{table}.sql"))
    select = re.sub(r"\{\{ source\([^)]*\) \}\}", table, sql.split("\n", 1)[1])
    cols = [line.strip().rstrip(",").rsplit(" as ", 1)[-1] for line in sql.splitlines() if " as " in line]
    row = duckdb.connect(str(path), read_only=True).execute(f"SELECT * FROM ({select}) ORDER BY 1 LIMIT 1").fetchone()
    return dict(zip(cols, row))


def test_the_staging_models_read_the_digits_as_days_and_moments(result):
    path, out = result
    assert str(_staged(path, out, "account")["date"]) == "1993-02-01"
    assert str(_staged(path, out, "trans")["date"]) == "1993-01-04"
    assert str(_staged(path, out, "card")["issued"]) == "1993-12-06 00:00:00"


def test_each_table_is_dated_by_its_day(result):
    _, out = result
    semantic = {p.rsplit("/", 1)[-1]: t for p, t in out.files["dbt"].items() if "/semantic/" in p}
    assert "agg_time_dimension: date" in semantic["account.yml"]
    assert "agg_time_dimension: date" in semantic["trans.yml"]
    assert "agg_time_dimension: issued" in semantic["card.yml"]


def test_no_target_sums_or_averages_a_day(result):
    _, out = result
    text = "\n".join(t for files in out.files.values() for t in files.values() if isinstance(t, str))
    assert not re.search(r"(average|total|sum|avg)_?(settle_)?(date|issued)", text, re.IGNORECASE)
    assert "total_amount" in text  # the money still adds up


def test_a_moment_at_midnight_on_every_row_is_a_day(result, tmp_path):
    """'931107 00:00:00' on every card: the export's way of writing a day, so no time or hour
    timeframe (as a DATETIME at midnight); a column with a real time of day keeps them. SQLite
    counts the pattern by GLOB, DuckDB by regex."""
    _, out = result
    issued = next(t for t in out.model.entity("card").time_dimensions if t.column == "issued")
    assert issued.granularity == "day"
    card = next(t for p, t in out.files["lookml"].items() if p.endswith("card.view.lkml"))
    assert "timeframes: [raw, date, week, month, quarter, year]" in card
    import sqlite3
    path = tmp_path / "cards.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE card (card_id INTEGER PRIMARY KEY, issued TEXT, stamped TEXT, logged TEXT)")
    con.executemany("INSERT INTO card VALUES (?, ?, ?, ?)",
                    [(i, f"9311{i % 28 + 1:02d} 00:00:00", f"9311{i % 28 + 1:02d} {i % 24:02d}:30:00",
                      f"2019-03-{i % 28 + 1:02d} 00:00") for i in range(60)])
    con.commit()
    con.close()
    model = compile_snapshot(snapshot(str(path), diags=Diagnostics()), ["lookml"], diags=Diagnostics()).model
    grains = {t.column: t.granularity for t in model.entity("card").time_dimensions}
    assert grains["issued"] == grains["logged"] == "day" and grains["stamped"] != "day"
