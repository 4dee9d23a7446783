"""A wide published extract loaded as it comes (a flight per row, its indicators kept as floats
0.00 / 1.00, no key, sparse columns for rare events): the indicators are counted where they are
set, the flights get no key the data contradicts, and columns empty on every row are no times."""

from __future__ import annotations

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def _flights(extra=(), rows=1000):
    return table("flights", [
        col("flight_date", "DATE", distinct_count=700, min="2022-01-01", max="2023-12-31"),
        col("carrier", "VARCHAR", values=[("AA", 600), ("DL", 400)]),
        col("cancelled", "DOUBLE", values=[(0, 970), (1, 30)], fraction_count=0),
        col("diverted", "DOUBLE", values=[(0.0, 997), (1.0, 3)], fraction_count=0),
        col("dep_delay", "DOUBLE", distinct_count=300, min=-15.0, max=600.0, mean=12.5, null_count=30),
        *extra,
    ], rows=rows)


def test_float_indicators_are_counted_where_set():
    state, ctx = prepare([_flights()], "derive_measures", dialect="duckdb")
    e = run(derive_measures, state, ctx).entity("flights")
    counts = {m.name: m.filter for m in e.measures if m.agg == "count" and m.filter}
    assert '"cancelled" = 1' in counts.get("cancelled_count", "")
    assert '"diverted" = 1' in counts.get("diverted_count", "")
    assert not [m for m in e.measures if m.column in ("cancelled", "diverted") and m.agg in ("sum", "average")]

