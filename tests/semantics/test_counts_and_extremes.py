"""derive_measures: the rows counted where they hold values, the things an identifier of no table
names counted distinct, and a measurement named as an extreme given its extreme."""

from __future__ import annotations

from tests.semantics.test_derive_measures import measures
from tests.semantics.build import col, table


def depots():
    # A place with a capacity that adds up (docks), referred to by the rentals made there; no date.
    places = table("depot", [col("id"), col("name", "TEXT"), col("bay_count", min=5, max=40, distinct_count=8)], pk=["id"], rows=60)
    rentals = table("rental", [col("id"), col("depot_id"), col("van_id", min=1, max=900, distinct_count=850),
                               col("seconds", min=60, max=90000, distinct_count=5000)],
                    pk=["id"], rows=20000, fks=[(["depot_id"], "depot", ["id"])])
    return [places, rentals]


def test_a_dimension_whose_rows_hold_an_amount_counts_them():
    got = measures(depots())["depot"]
    assert got["total_bay_count"].agg == "sum"
    assert got["count"].agg == "count"  # how many depots, beside how many bays


def test_a_lookup_without_values_still_counts_nothing():
    genres = table("genre", [col("id"), col("name", "TEXT")], pk=["id"], rows=25)
    tracks = table("track", [col("id"), col("genre_id"), col("ms", min=1000, max=900000)], pk=["id"], rows=3000,
                   fks=[(["genre_id"], "genre", ["id"])])
    assert "count" not in measures([genres, tracks])["genre"]


def test_a_table_nothing_joins_counts_the_rows_it_averages():
    readings = table("readings", [col("day", "TEXT"), col("station_code", "TEXT", distinct_count=5),
                                  col("mean_level", min=1, max=90, distinct_count=80)], rows=3000)
    other = table("sites", [col("id"), col("name", "TEXT"), col("created_on", "DATE")], pk=["id"], rows=40)
    visits = table("visits", [col("id"), col("site_id"), col("visited_at", "TIMESTAMP")], pk=["id"], rows=900,
                   fks=[(["site_id"], "sites", ["id"])])
    got = measures([readings, other, visits])["readings"]
    assert got["count"].agg == "count" and got["average_mean_level"].agg == "avg"


def test_an_identifier_of_no_table_is_counted_distinct():
    got = measures(depots())["rental"]
    assert got["distinct_van_count"].agg == "count_distinct" and got["distinct_van_count"].column == "van_id"
    assert got["distinct_van_count"].label.value == "Distinct Van Count"


def test_a_measurement_named_as_an_extreme_gets_its_extreme():
    days = table("daily_climate", [col("day", "DATE"), col("MaxTempC", min=-5, max=40, distinct_count=40),
                                   col("temp_c_min", min=-20, max=25, distinct_count=40), col("avg_wind", min=0, max=60)],
                 pk=["day"], rows=700)
    got = measures([days])["daily_climate"]
    assert (got["highest_max_temp_c"].agg, got["highest_max_temp_c"].column) == ("max", "MaxTempC")
    assert (got["lowest_temp_c_min"].agg, got["lowest_temp_c_min"].column) == ("min", "temp_c_min")
    assert got["average_max_temp_c"].agg == "avg"
    assert not any(m.agg in ("max", "min") and m.column == "avg_wind" for m in got.values())
