"""Days written with slashes or dots are counted by their order: day or month first
(`slash_date`), year first with every field padded (`slash_ymd`); on a dialect with regexes
(DuckDB) and on one run by its GLOB fallback (SQLite) alike."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest
from sqlglot import exp

from compiler.profiler.patterns import PATTERNS, predicate

YEAR_FIRST = ["2015/07/01 00:00:01", "2015/07/01", "2021.12.31", "2015/07/01 10:30", "2015.07.01 10:30:00"]
DAY_FIRST = ["31/12/2020 23:59", "12/31/2021", "1/1/2021", "31.12.2021"]
NEITHER = ["2015/7/1", "2015/07/01/02", "2015/07/01 10:30 PM", "2015-07-01", "2015/07/0110:30", "2019.3.1", "1.2.3"]


def _matches(con, dialect: str, name: str) -> list[str]:
    pattern = next(p for p in PATTERNS if p.name == name)
    cond = predicate(pattern, exp.column("v"), dialect).sql(dialect)
    rows = " UNION ALL ".join(f"SELECT {exp.Literal.string(v).sql(dialect)} AS v" for v in YEAR_FIRST + DAY_FIRST + NEITHER)
    return sorted(r[0] for r in con.execute(f"SELECT v FROM ({rows}) AS t WHERE {cond}").fetchall())


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
def test_year_first_days_are_a_class_of_their_own(dialect):
    con = duckdb.connect() if dialect == "duckdb" else sqlite3.connect(":memory:")
    assert _matches(con, dialect, "slash_ymd") == sorted(YEAR_FIRST)
    day_first = set(_matches(con, dialect, "slash_date"))
    assert day_first >= set(DAY_FIRST) and not day_first & set(YEAR_FIRST)


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
def test_a_field_past_twelve_says_which_comes_first(dialect):
    con = duckdb.connect() if dialect == "duckdb" else sqlite3.connect(":memory:")
    assert _matches(con, dialect, "slash_day_first") == sorted(["31/12/2020 23:59", "31.12.2021"])
    assert _matches(con, dialect, "slash_month_first") == ["12/31/2021"]


TWELVE_HOUR = ["07/09/2019 10:54:59 AM", "1/1/2011 8:26 PM", "12/31/2021 12:00:00PM", "31.12.2020 11:59 pm"]
NOT_TWELVE_HOUR = ["07/09/2019 AM", "07/09/2019 10:54 XM", "07/09/2019 10:54 AMPM", "07/09/2019 10:54 AM 5"]


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
def test_days_with_a_twelve_hour_clock_are_days_written_with_slashes(dialect):
    """A city's open-data export writes its crimes' times `07/09/2019 10:54:59 AM`: days with a
    time on a 12-hour clock, which the class took for no day at all (the table had no time)."""
    con = duckdb.connect() if dialect == "duckdb" else sqlite3.connect(":memory:")
    pattern = next(p for p in PATTERNS if p.name == "slash_date")
    cond = predicate(pattern, exp.column("v"), dialect).sql(dialect)
    rows = " UNION ALL ".join(f"SELECT {exp.Literal.string(v).sql(dialect)} AS v" for v in TWELVE_HOUR + NOT_TWELVE_HOUR + DAY_FIRST)
    got = sorted(r[0] for r in con.execute(f"SELECT v FROM ({rows}) AS t WHERE {cond}").fetchall())
    assert got == sorted(TWELVE_HOUR + DAY_FIRST)
