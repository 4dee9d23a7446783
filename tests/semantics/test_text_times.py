"""Times kept as ISO text: typed as times by normalize_types, read through a cast by build_entities
(none on SQLite), and never taken for phone numbers."""

from __future__ import annotations

import pytest

from ir.catalog import TableProfile
from passes import build_entities
from tests.semantics.build import col, prepare, run, table


def orders(pattern_rows: int | None = None, share: float = 1.0, low: str = "2023-01-01 00:10:00", high: str = "2023-12-31 23:10:00",
           lengths: tuple[int, int] = (19, 19)):
    t = table("orders", [
        col("id", distinct_count=3000),
        col("ordered_on", "VARCHAR(10)", null_count=0, patterns={"iso_date": 1.0, "phone": 1.0}, min="2023-01-01",
            max="2023-12-31", min_length=10, max_length=10),
        col("shipped_at", "TEXT", null_count=40, patterns={"iso_date": share}, min=low, max=high, min_length=lengths[0], max_length=lengths[1]),
        col("note", "TEXT", null_count=0, patterns={}, min="a", max="z"),
    ], pk=["id"], rows=3000)
    t.profile = TableProfile(rows=3000, pattern_rows=pattern_rows)
    return t


def times(tables, dialect="duckdb"):
    state, ctx = prepare(tables, "build_entities", dialect)
    (entity,) = run(build_entities, state, ctx).entities
    return {t.column: t for t in entity.time_dimensions}, {d.column: d for d in entity.dimensions}


def test_iso_text_becomes_a_date_or_a_timestamp_read_through_a_cast():
    got, dims = times([orders()])
    assert (got["ordered_on"].data_type, got["ordered_on"].expr) == ("date", 'CAST(NULLIF("ordered_on", \'\') AS DATE)')
    assert (got["shipped_at"].data_type, got["shipped_at"].expr) == ("timestamp", 'CAST(NULLIF("shipped_at", \'\') AS TIMESTAMP)')
    assert "note" in dims and "ordered_on" not in dims
    got, _ = times([orders()], "mysql")
    assert got["shipped_at"].expr == "CAST(NULLIF(`shipped_at`, '') AS DATETIME)"


def test_sqlite_reads_iso_text_as_times_without_a_cast():
    got, _ = times([orders()], "sqlite")
    assert (got["ordered_on"].data_type, got["ordered_on"].expr) == ("date", None)


@pytest.mark.parametrize("case", [
    dict(pattern_rows=1000, lengths=(3, 19)),  # only the first rows were looked at, and some values are shorter
    dict(share=0.98),  # some values are something else
    dict(low="2023-13-45 10:00:00"),  # matches the pattern, is no date
])
def test_text_stays_text_unless_every_value_is_proven_a_time(case):
    got, dims = times([orders(**case)])
    assert "shipped_at" not in got and "shipped_at" in dims
    assert "ordered_on" in got


def test_patterns_of_the_first_rows_do_when_every_value_has_one_length():
    got, _ = times([orders(pattern_rows=1000)])
    assert got["shipped_at"].data_type == "timestamp"


def test_iso_dates_are_no_phone_numbers():
    state, ctx = prepare([orders()], "decide_visibility")
    entity = state.model.entities[0]
    ordered = next(t for t in entity.time_dimensions if t.column == "ordered_on")
    assert ordered.semantic_type != "phone" and ordered.sensitivity is None


def test_days_written_with_slashes_are_read_day_or_month_first_as_their_values_show():
    """A taxi export's pickups (31/12/2020 23:59), US shipping days (12/31/2021), German dots: the
    values say which field is the day. Where every value seen is in the first twelve days, which
    comes first is not known, and the column stays text; so it does on T-SQL, which has no
    function sqlglot writes to read it. SQLite rebuilds ISO text from the fields (the UCI Online
    Retail CSV's `12/1/2010 8:26`, loaded into SQLite as text): read there, its rows have a time
    and the table its revenue by month."""
    def slash(name, lo, hi, **kw):
        return col(name, "VARCHAR", null_count=0, patterns={"slash_date": 1.0}, min=lo, max=hi, **kw)

    t = table("trips", [col("id", distinct_count=3000), slash("pickup", "01/01/2021 0:30", "31/12/2020 23:59"),
                        slash("shipped", "01/02/2021", "12/31/2021"),
                        slash("booked", "1/1/2021", "9/9/2021", values=[("9/9/2021", 3), ("3/25/2021", 2)]),
                        slash("ambiguous", "01/02/2021", "12/11/2021"), slash("dotted", "01.02.2021", "31.12.2021")],
              pk=["id"], rows=3000)
    t.profile = TableProfile(rows=3000)
    got, dims = times([t])
    assert {c: (x.data_type, x.expr) for c, x in got.items()} == {
        "pickup": ("timestamp", "CAST(TRY_STRPTIME(\"pickup\", '%d/%m/%Y %H:%M') AS TIMESTAMP)"),
        "shipped": ("date", "CAST(CAST(TRY_STRPTIME(\"shipped\", '%m/%d/%Y') AS TIMESTAMP) AS DATE)"),
        "booked": ("date", "CAST(CAST(TRY_STRPTIME(\"booked\", '%m/%d/%Y') AS TIMESTAMP) AS DATE)"),
        "dotted": ("date", "CAST(CAST(TRY_STRPTIME(\"dotted\", '%d.%m.%Y') AS TIMESTAMP) AS DATE)")}
    assert "ambiguous" in dims
    got, _ = times([t], "postgres")
    assert got["pickup"].expr == "TO_TIMESTAMP(\"pickup\", 'DD/MM/YYYY HH24:MI')"
    got, dims = times([t], "tsql")
    assert not got and "pickup" in dims
    got, dims = times([t], "sqlite")
    assert set(got) == {"pickup", "shipped", "booked", "dotted"} and "ambiguous" in dims
    import sqlite3

    con = sqlite3.connect(":memory:")
    read = con.execute(f"SELECT {got['pickup'].expr}, {got['shipped'].expr}, {got['booked'].expr}, {got['dotted'].expr} "
                       "FROM (SELECT '31/12/2020 0:05' AS pickup, '12/1/2010' AS shipped, '3/25/2021' AS booked, "
                       "'01.02.2021' AS dotted)").fetchone()
    assert read == ("2020-12-31 00:05:00", "2010-12-01", "2021-03-25", "2021-02-01")
    assert con.execute(f"SELECT {got['shipped'].expr} FROM (SELECT '13/1/2010' AS shipped)").fetchone() == (None,)


def test_early_days_seen_are_read_in_the_layout_the_whole_column_shows():
    """Daily readings 1/1/2014 .. 9/9/2014 whose most frequent values are early days too: the
    profiler's count over the whole column of a second field past 12 says the month comes first;
    a column where both fields pass 12 somewhere is no one layout, and stays text."""
    def slash(name, patterns):
        return col(name, "VARCHAR", null_count=0, patterns={"slash_date": 1.0, **patterns}, min="1/1/2014", max="9/9/2014",
                   values=[("1/1/2014", 5), ("1/10/2014", 5)], distinct_count=700)

    t = table("readings", [col("id", distinct_count=3500), slash("day", {"slash_month_first": 0.6}),
                           slash("tag", {"slash_day_first": 0.0}), slash("mixed", {"slash_day_first": 0.3, "slash_month_first": 0.3}),
                           slash("unknown", {})], pk=["id"], rows=3500)
    t.profile = TableProfile(rows=3500)
    got, dims = times([t])
    assert got["day"].expr == "CAST(CAST(TRY_STRPTIME(\"day\", '%m/%d/%Y') AS TIMESTAMP) AS DATE)"
    assert got["tag"].expr == "CAST(CAST(TRY_STRPTIME(\"tag\", '%d/%m/%Y') AS TIMESTAMP) AS DATE)"  # one value past 12 is enough
    assert "mixed" in dims and "unknown" in dims


def test_compact_days_with_a_time_of_day_are_timestamps_in_every_dialect():
    """The PKDD'99 bank's card.issued ('931107 00:00:00'), whatever its name: every value of the
    digits-and-clock pattern, and the least and greatest real moments. Rebuilt as ISO text, so
    SQLite reads it too; a share below all, a month 13 or an hour 25 leave it text."""
    def text(name, lo, hi, share=1.0):
        return col(name, "VARCHAR", null_count=0, min=lo, max=hi, min_length=len(lo), max_length=len(hi),
                   patterns={"compact_time": share})

    t = table("card", [col("id", distinct_count=3000), text("issued", "931107 00:00:00", "981229 00:00:00"),
                       text("stamp", "20240101 10:30", "20240131 23:59"), text("partly", "931107 00:00:00", "981229 00:00:00", 0.9),
                       text("no_day", "931307 00:00:00", "981229 00:00:00"), text("no_clock", "931107 25:00:00", "981229 00:00:00")],
              pk=["id"], rows=3000)
    t.profile = TableProfile(rows=3000)
    got, dims = times([t])
    assert {c: x.data_type for c, x in got.items()} == {"issued": "timestamp", "stamp": "timestamp"}
    assert {"partly", "no_day", "no_clock"} <= set(dims)
    import duckdb

    row = duckdb.connect().execute(f"SELECT {got['issued'].expr}, {got['stamp'].expr} "
                                   "FROM (SELECT '960315 10:30:05' AS issued, '20240131 23:59' AS stamp) AS t").fetchone()
    assert (str(row[0]), str(row[1])) == ("1996-03-15 10:30:05", "2024-01-31 23:59:00")
    for dialect in ("sqlite", "postgres", "mysql", "tsql"):
        assert set(times([t], dialect)[0]) == {"issued", "stamp"}, dialect


def test_a_day_kept_as_text_is_part_of_a_compound_key_in_every_target(tmp_path):
    """A calendar keyed by listing and day, both text as a CSV import loads them: the day is read
    through its cast, and the key that holds it is still the key LookML and Cube write (they
    wrote none, and read the model back as keyed differently)."""
    import duckdb

    from compiler.api import compile as compile_snapshot, snapshot
    from compiler.diagnostics import Diagnostics

    path = tmp_path / "calendar.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE listings AS SELECT CAST(i AS VARCHAR) AS id, 'flat ' || i AS name FROM range(1, 201) t(i)")
    con.execute("CREATE TABLE calendar AS SELECT CAST(i AS VARCHAR) AS listing_id, CAST(DATE '2024-01-01' + CAST(d AS INTEGER) AS VARCHAR) "
                "AS date, CASE WHEN (i + d) % 3 = 0 THEN 'open' ELSE 'shut' END AS note FROM range(1, 201) t(i), range(0, 5) s(d)")
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path), diags=diags), ["lookml", "cube"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    assert result.model.entity_index()["calendar"].primary_key == ["listing_id", "date"]
    view = next(t for p, t in result.files["lookml"].items() if p.endswith("calendar.view.lkml"))
    assert "sql: CAST(${listing_id} AS TEXT) || '|' || CAST(${date_raw} AS TEXT) ;;" in view
    cube = next(t for p, t in result.files["cube"].items() if p.endswith("calendar.yml"))
    assert "CAST(CAST(NULLIF({CUBE}.\"date\", '') AS DATE) AS TEXT)" in cube and "primary_key: true" in cube


def test_days_written_year_first_with_slashes_are_times_in_every_dialect():
    """A dock sensor's log (2015/07/01 00:00:01), days with dots (2021.01.02): year first, every
    field padded, they are times in every dialect; SQLite and T-SQL, with no parse function, read
    them once the separators are dashes (ISO text). Unpadded (2015/7/1) or no day (month 13),
    they stay text."""
    def slash(name, lo, hi, length=None, **kw):
        return col(name, "VARCHAR", null_count=0, patterns={"slash_ymd": 1.0}, min=lo, max=hi,
                   min_length=length or len(lo), max_length=length or len(hi), **kw)

    t = table("status", [col("id", distinct_count=3000), slash("logged", "2015/07/01 00:00:01", "2015/08/29 23:30:01"),
                         slash("dotted", "2021.01.02", "2021.12.31"), slash("minutes", "2015/07/01 00:00", "2015/08/29 23:30"),
                         slash("unpadded", "2015/7/1", "2015/8/29", length=None),
                         slash("no_day", "2015/07/01", "2015/13/01")],
              pk=["id"], rows=3000)
    t.profile = TableProfile(rows=3000)
    got, dims = times([t])
    assert {c: (x.data_type, x.expr) for c, x in got.items()} == {
        "logged": ("timestamp", "CAST(TRY_STRPTIME(\"logged\", '%Y/%m/%d %H:%M:%S') AS TIMESTAMP)"),
        "dotted": ("date", "CAST(CAST(TRY_STRPTIME(\"dotted\", '%Y.%m.%d') AS TIMESTAMP) AS DATE)"),
        "minutes": ("timestamp", "CAST(TRY_STRPTIME(\"minutes\", '%Y/%m/%d %H:%M') AS TIMESTAMP)")}
    assert {"unpadded", "no_day"} <= set(dims)
    assert times([t], "postgres")[0]["logged"].expr == "TO_TIMESTAMP(\"logged\", 'YYYY/MM/DD HH24:MI:SS')"
    sqlite_times = times([t], "sqlite")[0]
    assert {c: x.expr for c, x in sqlite_times.items()} == {
        "logged": "DATETIME(REPLACE(\"logged\", '/', '-'))", "dotted": "DATE(REPLACE(\"dotted\", '.', '-'))",
        "minutes": "DATETIME(REPLACE(\"minutes\", '/', '-'))"}
    assert times([t], "tsql")[0]["logged"].expr == "TRY_CAST(REPLACE([logged], '/', '-') AS DATETIME2)"
    assert set(times([t], "mysql")[0]) == {"logged", "dotted", "minutes"}
    import sqlite3

    import duckdb

    row = ("2015/07/01 00:30:01", "2021.12.31", "2015/08/29 23:30")
    source = "(SELECT '{}' AS logged, '{}' AS dotted, '{}' AS minutes) AS t".format(*row)
    for con, found in ((duckdb.connect(), got), (sqlite3.connect(":memory:"), sqlite_times)):
        read = con.execute(f"SELECT {found['logged'].expr}, {found['dotted'].expr}, {found['minutes'].expr} FROM {source}").fetchone()
        assert [str(v) for v in read] == ["2015-07-01 00:30:01", "2021-12-31", "2015-08-29 23:30:00"]


def test_unpadded_slash_days_read_from_the_first_rows_are_times_when_every_length_fits():
    """The UCI Online Retail CSV (541,909 rows) writes `12/1/2010 8:26`: 13 to 16 characters, so
    its values are not all one length, and the profiler read its patterns from the first rows
    only. Every value of the whole table as long as the layout allows, between a least and a
    greatest value that parse, is a time; a length the layout cannot have (a note in some row)
    leaves it text."""
    def dated(high_length):
        c = col("InvoiceDate", "TEXT", null_count=0, patterns={"slash_date": 1.0}, min="1/10/2011 10:04", max="9/9/2011 9:52",
                min_length=13, max_length=high_length, values=[("10/31/2011 14:41", 9), ("12/8/2011 9:28", 5)])
        t = table("online_retail", [col("id", distinct_count=3000), c], rows=541909)
        t.profile = TableProfile(rows=541909, pattern_rows=100000)
        return t

    got, _ = times([dated(16)], "sqlite")
    assert got["InvoiceDate"].data_type == "timestamp"
    got, _ = times([dated(16)])
    assert got["InvoiceDate"].expr == "CAST(TRY_STRPTIME(\"InvoiceDate\", '%m/%d/%Y %H:%M') AS TIMESTAMP)"
    got, dims = times([dated(24)], "sqlite")
    assert not got and "InvoiceDate" in dims


def test_slash_days_on_sqlite_give_the_same_numbers_by_year_in_every_target(tmp_path):
    """An invoice table loaded from a CSV into SQLite, its dates `12/1/2010 8:26` kept as text:
    read as times, its revenue by year is the same through Looker's, Superset's and Power BI's
    SQL (Power BI's native query is SQLite's SQL, read as such, not as DuckDB's)."""
    import sqlite3

    from compiler.api import compile as compile_snapshot, snapshot
    from compiler.diagnostics import Diagnostics
    from compiler.verify.run import verify

    path = str(tmp_path / "retail.sqlite")
    con = sqlite3.connect(path)
    days = ["12/1/2010 8:26", "12/13/2010 17:05", "1/4/2011 10:00", "6/30/2011 9:41", "12/9/2011 12:50"]
    con.execute("CREATE TABLE retail (InvoiceNo TEXT, Quantity INTEGER, InvoiceDate TEXT, UnitPrice REAL)")
    con.executemany("INSERT INTO retail VALUES (?, ?, ?, ?)",
                    [(str(536365 + i // 3), 1 + i % 5, days[i % len(days)], 0.5 + i % 7) for i in range(300)])
    con.commit()
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(path, diags=diags), ["lookml", "superset", "powerbi"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    (entity,) = result.model.entities
    assert entity.time_axis is not None and "revenue" in {m.name for m in entity.measures}
    report = verify(path, result.model, result.files, diags)
    assert not report.findings, report.findings[:5]
    assert all(t.equal == report.questions for t in report.tally.values()) and report.questions >= 4


def test_days_with_a_twelve_hour_clock_are_read_with_their_half_of_the_day():
    """Chicago's crimes as published: `Date` is text like `07/09/2019 10:54:59 AM`. Read as a time
    (PM hours past noon, 12 AM at midnight) in each dialect, the table has its time axis; as text
    its greatest value was `12/31/2022 12:00:00 PM` where the latest crime is of 2023."""
    def slash(name, lo, hi, **kw):
        return col(name, "VARCHAR", null_count=0, patterns={"slash_date": 1.0, "slash_month_first": 0.6}, min=lo, max=hi, **kw)

    t = table("crimes", [col("id", distinct_count=3000), slash("date", "01/01/2015 04:45:14 PM", "12/31/2022 12:00:00 PM"),
                         slash("short", "1/1/2015 4:45 PM", "9/30/2022 11:00 AM")], pk=["id"], rows=3000)
    t.profile = TableProfile(rows=3000)
    got, dims = times([t])
    assert {c: (x.data_type, x.expr) for c, x in got.items()} == {
        "date": ("timestamp", "CAST(TRY_STRPTIME(\"date\", '%m/%d/%Y %I:%M:%S %p') AS TIMESTAMP)"),
        "short": ("timestamp", "CAST(TRY_STRPTIME(\"short\", '%m/%d/%Y %I:%M %p') AS TIMESTAMP)")}
    import duckdb

    read = duckdb.sql(f"SELECT {got['date'].expr} FROM (SELECT '07/09/2019 12:30:05 AM' AS date UNION ALL "
                      "SELECT '07/09/2019 01:05:00 PM') ORDER BY 1").fetchall()
    assert [str(r[0]) for r in read] == ["2019-07-09 00:30:05", "2019-07-09 13:05:00"]
    got, _ = times([t], "postgres")
    assert got["date"].expr == "TO_TIMESTAMP(\"date\", 'MM/DD/YYYY HH12:MI:SS AM')"
    got, _ = times([t], "mysql")
    assert got["date"].expr == "STR_TO_DATE(`date`, '%m/%d/%Y %r')"
    got, _ = times([t], "sqlite")
    import sqlite3

    con = sqlite3.connect(":memory:")
    read = con.execute(f"SELECT {got['date'].expr} FROM (SELECT '07/09/2019 12:30:05 AM' AS date UNION ALL "
                       "SELECT '07/09/2019 12:05:00 PM' UNION ALL SELECT '7/9/2019 1:05:00 pm') ORDER BY 1").fetchall()
    assert [r[0] for r in read] == ["2019-07-09 00:30:05", "2019-07-09 12:05:00", "2019-07-09 13:05:00"]
