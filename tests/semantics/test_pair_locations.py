"""pair_locations: latitude and longitude dimensions paired into points on the map."""

from __future__ import annotations

from passes import pair_locations
from tests.semantics.build import col, prepare, run, table


def locations(columns):
    state, ctx = prepare([table("t", [col("id"), *columns], pk=["id"])], "pair_locations")
    return {(loc.name, loc.latitude, loc.longitude) for loc in run(pair_locations, state, ctx).entities[0].locations}


def test_pairs_share_the_stem_around_the_coordinate_word():
    got = locations([col("pickup_lat", "DOUBLE"), col("pickup_lon", "DOUBLE"), col("dropoff_latitude", "DOUBLE"),
                     col("dropoff_longitude", "DOUBLE"), col("fare", "DECIMAL(8,2)")])
    assert got == {("pickup_location", "pickup_lat", "pickup_lon"), ("dropoff_location", "dropoff_latitude", "dropoff_longitude")}


def test_one_of_each_pairs_whatever_their_names():
    assert locations([col("lat", "DOUBLE"), col("lng", "DOUBLE")]) == {("location", "lat", "lng")}
    assert locations([col("store_lat", "DOUBLE"), col("geo_lng", "DOUBLE")]) == {("location", "store_lat", "geo_lng")}


def test_a_name_taken_by_a_column_is_not_reused_nor_numbered_and_a_lone_coordinate_is_no_point():
    """A circuit's location column holds its town: the point is its coordinates, not location_2."""
    assert locations([col("location", "TEXT"), col("latitude", "DOUBLE"), col("longitude", "DOUBLE")]) == {
        ("coordinates", "latitude", "longitude")}
    assert locations([col("latitude", "DOUBLE"), col("altitude", "DOUBLE")]) == set()
