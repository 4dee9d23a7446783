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
    assert not [m for m in e.measures if m.column in ("cancelled", "diverted") and m.agg in ("sum", "avg")]


def _visits(checks):
    from ir.evidence import GrainCheck
    from passes import infer_primary_keys
    tables = [
        table("airports", [col("airport_id", values=[(i, 1) for i in range(40)])], pk=["airport_id"], rows=40),
        table("visits", [
            col("origin_airport_id", distinct_count=40, min=0, max=39),
            col("dest_airport_id", distinct_count=40, min=0, max=39),
            col("origin_airport_seq_id", distinct_count=120, min=1, max=120),
            col("delay", "DOUBLE", distinct_count=400, min=-10.0, max=500.0, mean=9.0),
        ], rows=150000, fks=[(["origin_airport_id"], "airports", ["airport_id"]), (["dest_airport_id"], "airports", ["airport_id"])]),
    ]
    state, ctx = prepare(tables, "infer_primary_keys")
    state.snapshot.evidence.grains = [GrainCheck(table_key=state.snapshot.tables[1].key, columns=c, rows=150000, distinct=d)
                                      for c, d in checks]
    return run(infer_primary_keys, state, ctx).entity("visits")


def test_a_key_guessed_by_name_that_the_counted_rows_repeat_is_no_key():
    # The origin, the destination and a numbered version of the origin: named like laps of a race,
    # but counted with more columns in the database, the rows repeat.
    cols = ["origin_airport_id", "origin_airport_seq_id", "dest_airport_id", "delay"]
    assert _visits([(cols, 72205)]).primary_key == []


def test_a_key_guessed_by_name_stands_where_nothing_counted_contradicts_it():
    e = _visits([(["origin_airport_id", "dest_airport_id"], 1500)])
    assert e.primary_key == ["origin_airport_id", "dest_airport_id", "origin_airport_seq_id"]


def _slots_typed(second_type="DOUBLE", second_values=True):
    from passes import normalize_types
    second = (col("div2_total_g_time", second_type, distinct_count=40, null_count=990, min=20.0, max=200.0) if second_values
              else col("div2_total_g_time", second_type, null_count=1000, distinct_count=0))
    tables = [table("flights", [
        col("flight_id", values=[(i, 1) for i in range(1000)]),
        col("div1_total_g_time", "DOUBLE", distinct_count=60, null_count=980, min=20.0, max=200.0),
        second,
        col("div3_total_g_time", "VARCHAR", null_count=1000, distinct_count=0),
        col("leg2_closed_at", "VARCHAR", null_count=1000, distinct_count=0),
        col("reopened_time", "VARCHAR", null_count=1000, distinct_count=0),
    ], pk=["flight_id"], rows=1000)]
    state, ctx = prepare(tables, "normalize_types", dialect="duckdb")
    normalize_types.run(state, ctx)
    return {c.name: c.data_type for c in state.snapshot.tables[0].columns}


def test_an_empty_slot_of_a_numbered_series_of_numbers_is_no_time():
    typed = _slots_typed()
    assert typed["div3_total_g_time"] == "string"
    # Named as times with nothing beside them to say otherwise, empty columns stay times.
    assert typed["reopened_time"] == "timestamp"
    assert typed["leg2_closed_at"] == "timestamp"


def test_an_identifier_and_a_number_qualified_by_a_text_column_are_not_added_up():
    # DOT_ID_Reporting_Airline and Flight_Number_Reporting_Airline beside Reporting_Airline: the
    # airline's DOT id and its flight number, though the names end in neither word.
    extra = [col("Reporting_Airline", "VARCHAR", values=[("AA", 600), ("DL", 400)]),
             col("DOT_ID_Reporting_Airline", "BIGINT", values=[(19805, 600), (19790, 400)]),
             col("Flight_Number_Reporting_Airline", "BIGINT", distinct_count=900, min=1, max=6999, mean=2500.0),
             col("Taxi_Out", "DOUBLE", distinct_count=60, min=1.0, max=90.0, mean=17.0)]
    state, ctx = prepare([_flights(extra)], "derive_measures", dialect="duckdb")
    e = run(derive_measures, state, ctx).entity("flights")
    summed = {m.column for m in e.measures if m.agg in ("sum", "avg")}
    assert "DOT_ID_Reporting_Airline" not in summed and "Flight_Number_Reporting_Airline" not in summed
    assert "Taxi_Out" in summed


def test_buckets_named_in_the_plural_that_go_below_zero_are_not_added_up():
    extra = [col("DepartureDelayGroups", "BIGINT", distinct_count=15, min=-2, max=12, mean=-0.1),
             col("passenger_groups", "BIGINT", distinct_count=9, min=0, max=8, mean=2.1)]
    state, ctx = prepare([_flights(extra)], "derive_measures", dialect="duckdb")
    e = run(derive_measures, state, ctx).entity("flights")
    summed = {m.column for m in e.measures if m.agg in ("sum", "avg")}
    assert "DepartureDelayGroups" not in summed
    assert "passenger_groups" in summed  # groups of passengers counted: never below zero
