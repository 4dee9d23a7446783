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


def budget(remaining_mean: float = 30.862043):
    # A budget line: what was spent (money by its name) and what remains add up to the amount
    # budgeted, whole dollars (an integer `amount` is money only beside a money word).
    return table("budget", [
        col("budget_id", "TEXT", distinct_count=372),
        col("category", "TEXT", distinct_count=5),
        col("spent", "REAL", min=0, max=690.5, distinct_count=200, mean=59.312688),
        col("remaining", "REAL", min=-346.41, max=350, distinct_count=274, mean=remaining_mean),
        col("amount", "INTEGER", min=10, max=350, distinct_count=12, mean=90.174731),
        col("attendees", "INTEGER", min=3, max=20, distinct_count=18, mean=11.5),
    ], pk=["budget_id"], rows=372)


def test_a_total_not_yet_money_that_money_adds_up_to_is_money_and_so_are_its_parts():
    """BIRD's student club: spent + remaining = amount on every budget line. `remaining` had been
    averaged as an attribute of the budget lines (30.86) where the lines' total is 11,480.68,
    the amount budgeted less the amount spent."""
    got = semantic([budget()])
    assert got["remaining"] == got["amount"] == got["spent"] == "currency_amount"
    assert got["attendees"] is None
    state, ctx = prepare([budget()], "derive_measures")
    (entity,) = run(derive_measures, state, ctx).entities
    aggs = {(m.column, m.agg): m.format for m in entity.measures if m.column}
    assert aggs[("remaining", "sum")] == aggs[("amount", "sum")] == aggs[("spent", "sum")] == "currency"
    assert ("remaining", "avg") not in aggs


def test_a_total_not_yet_money_needs_its_parts_to_add_up():
    got = semantic([budget(remaining_mean=25.0)])
    assert got["remaining"] is None and got["amount"] is None
