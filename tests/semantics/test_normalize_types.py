"""normalize_types: normalized type families, and empty text columns named as times typed as times."""

from __future__ import annotations

import pytest

from passes import normalize_types
from tests.semantics.build import col, prepare, run, table


def types(columns, rows=10):
    state, ctx = prepare([table("policy", [col("id"), *columns], pk=["id"], rows=rows)], "normalize_types")
    run(normalize_types, state, ctx)
    return {c.name: c.data_type for c in state.snapshot.tables[0].columns}


def test_an_empty_text_column_named_as_a_date_or_time_is_typed_as_one():
    got = types([col("begin_date", "VARCHAR", null_count=10), col("occurrence_end_time", "VARCHAR", null_count=10),
                 col("ClosedAt", "TEXT", null_count=10)])
    assert (got["begin_date"], got["occurrence_end_time"], got["ClosedAt"]) == ("date", "timestamp", "timestamp")


def test_text_with_values_a_bare_date_or_other_names_stay_text():
    got = types([col("begin_date", "VARCHAR", null_count=4, distinct_count=3), col("date", "VARCHAR", null_count=10),
                 col("status_code", "VARCHAR", null_count=10), col("end_date", "VARCHAR")])
    assert set(got.values()) - {"integer"} == {"string"}


def test_an_empty_date_column_becomes_a_time_dimension():
    state, ctx = prepare([table("policy", [col("id"), col("begin_date", "VARCHAR", null_count=5)], pk=["id"], rows=5)],
                         "classify_time_columns")
    entity = state.model.entities[0]
    assert [t.column for t in entity.time_dimensions] == ["begin_date"]
    assert "begin_date" not in {d.column for d in entity.dimensions}


def test_days_kept_as_yyyymmdd_numbers_or_text_named_as_dates_are_dates():
    """A transit feed's service calendar (start_date 20160404): averaged as numbers before."""
    got = types([col("start_date", "INTEGER", min=20140323, max=20161231, distinct_count=9),
                 col("ds", "VARCHAR", min="20240101", max="20240131", min_length=8, max_length=8, distinct_count=31),
                 col("date", "BIGINT", min=19991231, max=20000102, distinct_count=3),
                 # a calendar's key, a number without a date word, a day that is none, a key by name
                 col("OrderDateKey", "INTEGER", min=20100101, max=20141231), col("amount", "INTEGER", min=20100101, max=20141231),
                 col("end_date", "INTEGER", min=20161301, max=20161302), col("birth_date", "INTEGER", min=0, max=20001231),
                 col("ship_date_no", "INTEGER", min=20100101, max=20141231)])
    assert {k for k, v in got.items() if v == "date"} == {"start_date", "ds", "date"}


def test_a_declared_key_of_yyyymmdd_days_stays_a_key():
    t = table("sales", [col("id"), col("sale_date", "INTEGER", min=20100101, max=20141231)], pk=["id"], rows=10,
              fks=[(["sale_date"], "dim_date", ["sale_date"])])
    cal = table("dim_date", [col("sale_date", "INTEGER", min=20100101, max=20141231)], pk=["sale_date"], rows=10)
    state, ctx = prepare([t, cal], "normalize_types")
    run(normalize_types, state, ctx)
    assert {c.name: c.data_type for c in state.snapshot.tables[1].columns}["sale_date"] == "integer"
    assert {c.name: c.data_type for c in state.snapshot.tables[0].columns}["sale_date"] == "integer"


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
def test_the_cast_of_a_yyyymmdd_day_reads_it_as_that_date(dialect):
    import sqlite3

    import duckdb

    from ir.catalog import Column, ColumnProfile
    from passes.normalize_types import time_cast

    for type_, value in (("INTEGER", 20160229), ("VARCHAR", "20160229")):
        c = Column(name="start_date", type=type_, data_type="date", profile=ColumnProfile(min=value, max=value))
        sql = f'SELECT {time_cast(c, dialect)} FROM (SELECT {value!r} AS "start_date") AS t'
        got = duckdb.connect().execute(sql).fetchone()[0] if dialect == "duckdb" else sqlite3.connect(":memory:").execute(sql).fetchone()[0]
        assert str(got) == "2016-02-29", (dialect, type_, sql)


def test_whole_numbers_named_as_moments_in_unix_time_are_instants():
    """MovieLens' ratings.timestamp (964982703): seconds since 1970, summed as a number before."""
    got = types([col("timestamp", "BIGINT", min=828124615, max=1537799250), col("created_at_ms", "BIGINT", min=1.6e12, max=1.7e12),
                 col("event_ts", "BIGINT", min=1600000000000, max=1700000000000),
                 # a duration in seconds, a count, a key named as a time
                 col("response_time", "INTEGER", min=1, max=5000), col("views", "BIGINT", min=828124615, max=1537799250),
                 col("time_id", "BIGINT", min=828124615, max=1537799250),
                 # a few rows stamped 0 for unknown; a time that counts up from 0 is a duration
                 col("rated_ts", "BIGINT", min=0, max=1537799250), col("total_time", "BIGINT", min=0, max=1537799250)])
    assert {k for k, v in got.items() if v == "timestamp_tz"} == {"timestamp", "event_ts", "rated_ts"}


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
@pytest.mark.parametrize("value", [964982703, 964982703000, 964982703000000, 964982703000000000])  # s, ms, µs, ns
def test_the_cast_of_a_unix_time_reads_it_as_that_instant(dialect, value):
    import sqlite3

    import duckdb

    from ir.catalog import Column, ColumnProfile
    from passes.normalize_types import time_cast

    c = Column(name="ts", type="BIGINT", data_type="timestamp_tz", profile=ColumnProfile(min=value, max=value))
    sql = f'SELECT {time_cast(c, dialect)} FROM (SELECT {value} AS "ts") AS t'
    got = duckdb.connect().execute(f"SET TimeZone = 'UTC'; {sql}").fetchone()[0] if dialect == "duckdb" else sqlite3.connect(":memory:").execute(sql).fetchone()[0]
    assert str(got).startswith("2000-07-30 18:45:03"), (dialect, sql, got)


def test_unix_times_in_micro_or_nanoseconds_are_instants():
    """An analytics export's event_timestamp (1704067200123456, microseconds since 1970): averaged
    as a number before, as a stream's nanosecond `ingest_ts` was."""
    got = types([col("event_timestamp", "BIGINT", min=1704067200123456, max=1735689599000000),
                 col("user_first_touch_timestamp", "BIGINT", min=1672531200000000, max=1735689599000000),
                 col("ingest_ts", "BIGINT", min=1704067200123456789, max=1735689599000000000),
                 # an offset in microseconds, a count as big, a key named as a time
                 col("event_server_timestamp_offset", "BIGINT", min=100, max=900000),
                 col("bytes_sent", "BIGINT", min=1704067200123456, max=1735689599000000),
                 col("timestamp_id", "BIGINT", min=1704067200123456, max=1735689599000000)])
    assert {k for k, v in got.items() if v == "timestamp_tz"} == {"event_timestamp", "user_first_touch_timestamp", "ingest_ts"}


def test_days_kept_as_yymmdd_numbers_or_text_named_as_days_are_dates():
    """The PKDD'99 bank's account.date (930101): summed and averaged as a number before. Its
    century comes from the pivot: 50..99 are 19yy, 00..49 20yy (a whole number drops the 0 of 05)."""
    got = types([col("date", "INTEGER", min=930101, max=981231, distinct_count=9),
                 col("fecha_alta", "VARCHAR", min="930101", max="051231", min_length=6, max_length=6, distinct_count=9),
                 col("datum", "INTEGER", min=50101, max=151231, distinct_count=9),
                 # no real day (month 13, day 32), a key by name, a time of day (HHMMSS), seven digits (CYYMMDD)
                 col("end_date", "INTEGER", min=931301, max=981231), col("due_date", "INTEGER", min=930132, max=981231),
                 col("date_key", "INTEGER", min=930101, max=981231), col("start_time", "INTEGER", min=100101, max=121231),
                 col("settle_date", "INTEGER", min=1230101, max=1241231)])
    assert {k for k, v in got.items() if v == "date"} == {"date", "fecha_alta", "datum"}


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
def test_the_cast_of_a_yymmdd_day_reads_it_as_that_date(dialect):
    import sqlite3

    import duckdb

    from ir.catalog import Column, ColumnProfile
    from passes.normalize_types import time_cast

    cases = [  # (type, least, greatest, value, day): one century, or both (chosen per row)
        ("INTEGER", 930101, 981231, 930101, "1993-01-01"), ("INTEGER", 101, 991231, 50228, "2005-02-28"),
        ("INTEGER", 101, 991231, 991231, "1999-12-31"), ("VARCHAR", "000101", "991231", "160229", "2016-02-29"),
        ("VARCHAR", "930101", "981231", "981231", "1998-12-31")]
    for type_, lo, hi, value, day in cases:
        c = Column(name="date", type=type_, data_type="date", profile=ColumnProfile(min=lo, max=hi))
        sql = f'SELECT {time_cast(c, dialect)} FROM (SELECT {value!r} AS "date") AS t'
        got = duckdb.connect().execute(sql).fetchone()[0] if dialect == "duckdb" else sqlite3.connect(":memory:").execute(sql).fetchone()[0]
        assert str(got) == day, (dialect, type_, sql)
    clock = Column(name="issued", type="VARCHAR", data_type="timestamp",
                   profile=ColumnProfile(min="931107 00:00:00", max="981229 10:30:00", patterns={"compact_time": 1.0}))
    sql = f"SELECT {time_cast(clock, dialect)} FROM (SELECT '960315 10:30:05' AS \"issued\") AS t"
    got = duckdb.connect().execute(sql).fetchone()[0] if dialect == "duckdb" else sqlite3.connect(":memory:").execute(sql).fetchone()[0]
    assert str(got) == "1996-03-15 10:30:05", (dialect, sql)


def test_a_unix_time_named_by_what_happened_to_the_row_is_an_instant():
    """Hacker News' users.created (1173923446): the moment an account was made, averaged as a
    number before ("Average Created" 1.4 billion). What happened to a row, counted, stays a number."""
    got = types([col("created", "BIGINT", min=1171843200, max=1714000000), col("updated", "BIGINT", min=1171843200, max=1714000000),
                 col("submitted", "BIGINT", min=0, max=4800), col("closed", "BIGINT", min=2, max=900)])
    assert {k for k, v in got.items() if v == "timestamp_tz"} == {"created", "updated"}


def test_a_unix_time_named_as_the_day_something_happens_on_is_an_instant():
    """Stripe's balance_transaction.available_on and payout.arrival_date as its API gives them
    (1642509305): the moment the money is available, summed as a number before. A day number,
    a count and an amount named alike stay what they were."""
    got = types([col("available_on", "BIGINT", min=1642509305, max=1736521934),
                 col("arrival_date", "BIGINT", min=1642509305, max=1736521934),
                 col("ship_date", "INTEGER", min=20160101, max=20191231), col("days_on", "INTEGER", min=0, max=400),
                 col("add_on", "BIGINT", min=0, max=99900)])
    assert {k for k, v in got.items() if v == "timestamp_tz"} == {"available_on", "arrival_date"}


@pytest.mark.parametrize("value, bigquery, snowflake", [
    (964982703, "TIMESTAMP_SECONDS(`ts`)", 'TO_TIMESTAMP("ts")'),
    (964982703000, "TIMESTAMP_MILLIS(`ts`)", 'TO_TIMESTAMP("ts", 3)'),
    (964982703000000, "TIMESTAMP_MICROS(`ts`)", 'TO_TIMESTAMP("ts", 6)'),
    (964982703000000000, "TIMESTAMP_SECONDS(CAST(`ts` / POWER(10, 9) AS INT64))", 'TO_TIMESTAMP("ts", 9)'),
])
def test_a_unix_time_on_bigquery_is_read_by_the_function_of_its_unit(value, bigquery, snowflake):
    """An analytics export's event_timestamp in microseconds on BigQuery: TIMESTAMP_SECONDS of
    the number divided down is an error there (the division gives FLOAT64, which it rejects);
    each unit has its own function, nanoseconds whole seconds first."""
    from ir.catalog import Column, ColumnProfile
    from passes.normalize_types import time_cast

    c = Column(name="ts", type="INT64", data_type="timestamp_tz", profile=ColumnProfile(min=value, max=value))
    assert time_cast(c, "bigquery") == bigquery
    assert time_cast(c, "snowflake") == snowflake
    assert "/" not in time_cast(c, "bigquery").replace("/ POWER(10, 9) AS INT64", "")


def test_an_empty_slot_among_numbered_numbers_is_read_in_the_sources_dialect():
    """Five numbered slots of minutes (Slot1TotalGTime .. Slot5TotalGTime), the third empty on
    every row: its filled siblings, declared Oracle BINARY_DOUBLE numbers, say it holds minutes
    too, not a time. Their type read as generic SQL instead of Oracle's is no number."""
    filled = [col(f"Slot{i}TotalGTime", "BINARY_DOUBLE", null_count=2, min=1.0, max=90.0, distinct_count=8) for i in (1, 2, 4, 5)]
    state, ctx = prepare([table("laps", [col("id"), *filled, col("Slot3TotalGTime", "VARCHAR2(20)", null_count=10)],
                                pk=["id"], rows=10)], "normalize_types", dialect="oracle")
    run(normalize_types, state, ctx)
    got = {c.name: c.data_type for c in state.snapshot.tables[0].columns}
    assert got["Slot1TotalGTime"] == "float"
    assert got["Slot3TotalGTime"] == "string"
