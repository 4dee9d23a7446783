"""A telephone number has at least seven digits: months (1998-01) and short codes are not phone
numbers, on a dialect with regexes (DuckDB) and on one run by its GLOB fallback (SQLite)."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest
from sqlglot import exp

from compiler.profiler.patterns import PATTERNS, predicate

PHONE = next(p for p in PATTERNS if p.name == "phone")
PHONES = ["+1 (555) 123-4567", "(555) 123-4567", "555.123.4567", "0049 30 1234567", "555-1234"]
NOT_PHONES = ["1998-01", "2001-12", "12-34", "1998-Q1", "123456"]


def _matches(run, dialect: str, values: list[str]) -> list[str]:
    cond = predicate(PHONE, exp.column("v"), dialect).sql(dialect)
    rows = " UNION ALL ".join(f"SELECT {exp.Literal.string(v).sql(dialect)} AS v" for v in values)
    return sorted(r[0] for r in run(f"SELECT v FROM ({rows}) AS t WHERE {cond}"))


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
def test_phone_numbers_need_seven_digits(dialect):
    if dialect == "duckdb":
        con = duckdb.connect()
        run = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    else:
        con = sqlite3.connect(":memory:")
        run = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    assert _matches(run, dialect, PHONES + NOT_PHONES) == sorted(PHONES)
