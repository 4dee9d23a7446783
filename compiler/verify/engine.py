"""Running SQL on the source (a DuckDB or SQLite file, or a SQLAlchemy URL) and reading rows
back as {group: value}, so answers from different targets compare."""

from __future__ import annotations

import math
import re
import sqlite3
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot.errors import ErrorLevel

from compiler.frontends import classify

Answer = dict[str | None, float]


class Engine:
    def __init__(self, source: str, dialect: str):
        self.dialect = dialect
        kind, location = classify(source)
        self.kind = kind
        self.location = location
        if kind == "duckdb":
            import duckdb

            self.con = duckdb.connect(str(location), read_only=True)
            self.run = lambda sql: self.con.execute(sql).fetchall()
        elif kind == "sqlite":
            self.con = sqlite3.connect(f"file:{Path(location).as_posix()}?mode=ro", uri=True)
            self.run = lambda sql: self.con.execute(sql).fetchall()
        else:
            from compiler.frontends.sqlalchemy import open_engine

            self.engine, _, _ = open_engine(location)
            self.con = self.engine.connect()
            self.run = self._run_apart

    def _run_apart(self, sql: str) -> list:
        """One question in a transaction of its own: on PostgreSQL a failed statement aborts its
        transaction, and every question after it would fail too. A driver that takes `%s`
        parameters (psycopg2, PyMySQL) reads every % as the start of one, so a % of the SQL (a
        year written '%Y') is written twice."""
        if self.engine.dialect.paramstyle in ("format", "pyformat"):
            sql = sql.replace("%", "%%")
        try:
            return self.con.exec_driver_sql(sql).fetchall()
        finally:
            self.con.rollback()

    def close(self) -> None:
        self.con.close()
        if self.kind == "sqlalchemy":
            self.engine.dispose()

    def answer(self, sql: str, read: str | None = None) -> Answer:
        """Rows of (group, value) or (value,) as {group: value}; NULL values (DAX's BLANK) left out."""
        if read is not None and read != self.dialect:
            # What the target dialect cannot say of the ordering (NULLS FIRST) changes no answer:
            # answers are compared as sets of groups, so sqlglot's warning about it is not shown.
            sql = sqlglot.transpile(sql, read=read, write=self.dialect or None, unsupported_level=ErrorLevel.IGNORE)[0]
        return normalize(self.run(sql))


def normalize(rows: list[tuple[Any, ...]] | list[list[Any]]) -> Answer:
    out: Answer = {}
    for r in rows:
        group = None if len(r) == 1 else (None if r[0] is None else str(r[0]))
        value = r[-1]
        if value is None:
            continue
        out[group] = float(value)
    return out


_YEAR = re.compile(r"\s*(\d{4})(?:\.0*)?(?:$|[-/T ])")


def years(a: Answer) -> Answer:
    """An answer grouped by year, its groups read as the integer year whatever a target returns
    for one: a number (2024, 2024.0), text ('2024') or the year's first day or moment
    ('2024-01-01', '2024-01-01T00:00:00.000'). Two groups falling in one year (a target that
    truncated to the day, not the year) stay apart, so the answer differs."""
    out: Answer = {}
    for k, v in a.items():
        m = _YEAR.match(k) if k is not None else None
        year = str(int(m.group(1))) if m else k
        out[year if year not in out else f"{k} (a second group in {year})"] = v
    return out


def same(a: Answer, b: Answer, padded: bool = False) -> bool:
    """Equal answers: the same groups with the same values. `padded`: the groups are CHAR(n)
    values, whose trailing blanks SQL ignores (a target that casts to text drops them)."""
    if padded:
        a = {k.rstrip(" ") if k else k: v for k, v in a.items()}
        b = {k.rstrip(" ") if k else k: v for k, v in b.items()}
    # A count of nothing is 0 in SQL and BLANK in DAX; an empty group is no group.
    a = {k: v for k, v in a.items() if v != 0}
    b = {k: v for k, v in b.items() if v != 0}
    # An average over a NaN is NaN wherever it is asked (a float column holding the text 'NaN'):
    # the same answer, though NaN equals nothing.
    return a.keys() == b.keys() and all(math.isclose(a[k], b[k], rel_tol=1e-9, abs_tol=1e-6)
                                        or (math.isnan(a[k]) and math.isnan(b[k])) for k in a)
