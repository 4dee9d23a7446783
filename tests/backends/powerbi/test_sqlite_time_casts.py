"""A SQLite source's native query reads days written year first with slashes through
DATETIME(REPLACE(...)); the DAX check reads that column through the same conversion in DuckDB's
SQL, where DATETIME of one argument is no function: a cast to the time says the same."""

from __future__ import annotations

import sqlite3

from backends.powerbi.read import read_columns
from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.run import verify


def test_sqlite_date_functions_read_back_as_casts():
    m = ('let\n    Source = Odbc.Query(DSN, "SELECT ""id"", DATETIME(REPLACE(""time"", \'/\', \'-\')) AS ""time"", '
         'DATE(""day"") AS ""day"" FROM ""status""")\nin Source')
    assert read_columns(m, "sqlite") == {"time": "CAST(REPLACE(\"time\", '/', '-') AS TIMESTAMP)", "day": "CAST(\"day\" AS DATE)"}


def test_dax_answers_by_the_year_of_a_year_first_time_on_sqlite(tmp_path):
    path = tmp_path / "docks.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE station (id INTEGER PRIMARY KEY, name TEXT)")
    con.executemany("INSERT INTO station VALUES (?, ?)", [(i, f"dock {i}") for i in range(1, 6)])
    con.execute("CREATE TABLE status (station_id INTEGER REFERENCES station (id), bikes_available INTEGER, time TEXT)")
    con.executemany("INSERT INTO status VALUES (?, ?, ?)",
                    [(s, (s * 7 + h) % 15, f"{2014 + h // 400}/{1 + h // 40 % 12:02d}/{1 + h % 28:02d} {h % 24:02d}:00:01")
                     for s in range(1, 6) for h in range(800)])
    con.commit()
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path), diags=diags), ["powerbi"], diags=diags)
    report = verify(str(path), result.model, result.files, diags)
    assert not [f for f in report.findings if f[1] in ("different", "not askable")], report.findings[:3]
    assert report.tally["powerbi"].different == 0 and report.tally["powerbi"].equal >= 4
