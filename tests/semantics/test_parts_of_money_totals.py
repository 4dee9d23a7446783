"""classify_semantics: columns that add up, with money columns, to a money total are money, whatever
they are called (a taxi trip's `extra` and `mta_tax` beside its fare, tip, tolls and total)."""

from __future__ import annotations

from passes import classify_semantics, derive_measures
from tests.semantics.build import col, prepare, run, table


def trips(extra_mean: float = 0.9812, total_mean: float = 37.774158):
    return table("trips", [
        col("trip_id", distinct_count=5000), col("pickup_at", "TIMESTAMP", distinct_count=4990),
        col("passenger_count", min=1, max=6, distinct_count=5, mean=1.9),
        col("trip_distance", "DOUBLE", min=0.3, max=20.0, distinct_count=1900, mean=10.1),
        col("fare_amount", "DECIMAL(8,2)", min=3, max=60, distinct_count=3000, mean=31.728018),
        col("extra", "DECIMAL(8,2)", min=0, max=2.5, distinct_count=4, mean=extra_mean),
        col("mta_tax", "DECIMAL(8,2)", min=-0.5, max=0.5, distinct_count=3, mean=0.4709),
        col("tip_amount", "DECIMAL(8,2)", min=0, max=12, distinct_count=900, mean=3.61814),
        col("tolls_amount", "DECIMAL(8,2)", min=0, max=6.55, distinct_count=2, mean=0.6759),
        col("improvement_surcharge", "DECIMAL(8,2)", min=0.3, max=0.3, distinct_count=1, mean=0.3),
        col("total_amount", "DECIMAL(8,2)", min=4, max=95, distinct_count=4000, mean=total_mean),
        col("discount", "DECIMAL(8,2)", min=0, max=0.2, distinct_count=5, mean=0.05),
    ], pk=["trip_id"], rows=5000)


def semantic(tables):
    state, ctx = prepare(tables, "classify_semantics")
    (entity,) = run(classify_semantics, state, ctx).entities
    return {d.column: d.semantic_type for d in entity.dimensions}


def test_the_parts_of_a_money_total_are_money():
    """NYC taxi trips: fare + extra + mta_tax + tip + tolls + surcharge = total. `extra` and
    `mta_tax` were summed in a plain number format (4,906.00 and 2,354.50) beside dollars."""
    got = semantic([trips()])
    assert got["extra"] == got["mta_tax"] == "currency_amount"
    assert got["trip_distance"] is None and got["passenger_count"] is None and got["discount"] != "currency_amount"
    state, ctx = prepare([trips()], "derive_measures")
    (entity,) = run(derive_measures, state, ctx).entities
    formats = {m.column: m.format for m in entity.measures if m.agg == "sum"}
    assert formats["extra"] == formats["mta_tax"] == formats["fare_amount"] == "currency"


def test_columns_that_do_not_add_up_to_the_total_stay_as_they_were():
    got = semantic([trips(extra_mean=0.75)])  # the averages no longer add up
    assert got["extra"] is None and got["mta_tax"] is None
    got = semantic([trips(total_mean=40.0)])
    assert got["extra"] is None
