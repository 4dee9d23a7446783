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
    assert (got["ordered_on"].data_type, got["ordered_on"].expr) == ("date", 'CAST("ordered_on" AS DATE)')
    assert (got["shipped_at"].data_type, got["shipped_at"].expr) == ("timestamp", 'CAST("shipped_at" AS TIMESTAMP)')
    assert "note" in dims and "ordered_on" not in dims
    got, _ = times([orders()], "mysql")
    assert got["shipped_at"].expr == "CAST(`shipped_at` AS DATETIME)"


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
