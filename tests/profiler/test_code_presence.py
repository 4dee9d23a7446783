"""The profiler records under which codes of a code column of few values a sparse number is set
(`occurs_under`): one GROUP BY per code column, on DuckDB and SQLite alike."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest

from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions

ROWS = [(i, (i % 10) + 1, (50 + 10 * (i % 5)) if (i % 10) + 1 in (8, 9) else None,
         ["new", "paid", "shipped"][i % 3], (i % 7) * 2.5 + 1 if i % 11 else None) for i in range(1, 301)]


def _make(engine, path):
    ddl = "CREATE TABLE ledger (id INTEGER PRIMARY KEY, kind INTEGER, points INTEGER, state VARCHAR(10), amount DOUBLE)"
    if engine == "duckdb":
        con = duckdb.connect(str(path))
        con.execute(ddl)
        con.executemany("INSERT INTO ledger VALUES (?, ?, ?, ?, ?)", ROWS)
        con.close()
    else:
        con = sqlite3.connect(str(path))
        con.execute(ddl)
        con.executemany("INSERT INTO ledger VALUES (?, ?, ?, ?, ?)", ROWS)
        con.commit()
        con.close()
    return str(path)


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_a_sparse_number_records_the_codes_it_is_set_under(engine, tmp_path):
    source = _make(engine, tmp_path / f"t.{engine}")
    snap = snapshot(source, diags=Diagnostics(), profile=ProfileOptions(evidence=False))
    cols = {c.name: c for c in next(t for t in snap.tables if t.name == "ledger").columns}
    under = {o.column: o for o in cols["points"].profile.occurs_under}
    assert (under["kind"].codes, under["kind"].of) == ([8, 9], 10)
    assert "state" not in under  # set under every state
    # An amount empty on a few rows of every kind and state: set under every code, nothing recorded.
    assert cols["amount"].profile.occurs_under is None
    assert cols["kind"].profile.occurs_under is None  # no NULL: not counted



@pytest.mark.parametrize("dialect", ["mysql", "duckdb", "postgres", "sqlite", "tsql", "bigquery"])
def test_the_code_is_read_as_text_in_the_dialect_s_own_cast(dialect):
    # MySQL and MariaDB reject CAST(x AS TEXT), a syntax error: the query failed (PR002) and no
    # sparse number of a MySQL table recorded its codes. Each dialect writes its own cast.
    from sqlglot import exp

    from compiler.profiler import queries as q
    from compiler.profiler.codes import code_presence_query

    sql = code_presence_query(q.table_expr("votes", "db"), "vote type", ["bounty"], dialect)
    own = exp.Cast(this=exp.column("vote type", quoted=True), to=exp.DataType.build("text")).sql(dialect=dialect)
    assert sql.startswith(f"SELECT {own}, ")
    if dialect == "mysql":
        assert own.endswith("AS CHAR)")


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_the_column_naming_each_row_s_kind_is_checked_beside_flags_of_fewer_values(engine, tmp_path):
    # An analytics export flattened: a purchase's value set on add_to_cart, begin_checkout and
    # purchase events only, among flags and short lists of two or three values that filled the
    # fewest-valued slots, so the event's name was never checked and its value summed whole.
    names = ["page_view", "scroll", "view_item", "add_to_cart", "begin_checkout", "purchase"]
    rows = [(i, names[i % 6], ["yes", "no"][i % 2], ["a", "b"][i % 3 % 2], ["web", "app"][i % 5 % 2],
             ["desktop", "mobile", "tablet"][i % 3], (10.0 + i % 7) if i % 6 >= 3 else None) for i in range(1, 601)]
    ddl = ("CREATE TABLE events (id INTEGER PRIMARY KEY, event_name VARCHAR(20), is_engaged VARCHAR(3), variant VARCHAR(1), "
           "platform VARCHAR(3), device_category VARCHAR(10), event_value DOUBLE)")
    path = str(tmp_path / f"e.{engine}")
    con = duckdb.connect(path) if engine == "duckdb" else sqlite3.connect(path)
    con.execute(ddl)
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.commit() if engine == "sqlite" else None
    con.close()
    snap = snapshot(path, diags=Diagnostics(), profile=ProfileOptions(evidence=False))
    cols = {c.name: c for c in next(t for t in snap.tables if t.name == "events").columns}
    under = {o.column: o for o in cols["event_value"].profile.occurs_under or []}
    assert under["event_name"].codes == ["add_to_cart", "begin_checkout", "purchase"]
