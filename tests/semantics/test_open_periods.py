"""Tables of periods some of which are still open (an end far in the future, or empty): besides
the measures over every period, what holds now. A rent history summed over its rows adds up every
rent a flat ever had; the rent roll is the open rows' rents, added up over the flats."""

from __future__ import annotations

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables, dialect="duckdb"):
    state, ctx = prepare(tables, "derive_measures", dialect)
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def end(name: str, last: str, open_rows: int, rows: int, nulls: int = 0):
    return col(name, "DATE", min="2001-03-01", max=last, null_count=nulls, distinct_count=rows // 3,
               values=[(last, open_rows), ("2019-06-30", 4)])


def housing(last: str = "2999-12-31", open_rows: int = 120, nulls: int = 0):
    return [
        table("wohnungen", [col("wohnung_id"), col("lage", "TEXT")], pk=["wohnung_id"], rows=120),
        # A rent per flat per period, German names: von / bis close a period as from / to do.
        table("mieten", [col("wohnung_id"), col("miete_betrag", "NUMERIC(9,2)", min=400, max=2400, mean=900.0, distinct_count=300),
                         col("gueltig_von", "DATE", min="2001-03-01", max="2024-01-01", distinct_count=400),
                         end("gueltig_bis", last, open_rows, 500, nulls)],
              pk=["wohnung_id", "gueltig_von"], rows=500, fks=[(["wohnung_id"], "wohnungen", ["wohnung_id"])]),
        # Who rented which flat, keyed by tenant and flat: periods, though no history of a value.
        table("tenant_flats", [col("tenant_id"), col("wohnung_id"), col("valid_from", "DATE", min="2001-03-01", max="2024-01-01"),
                               end("valid_to", last, min(open_rows, 100), 300)],
              pk=["tenant_id", "wohnung_id"], rows=300, fks=[(["wohnung_id"], "wohnungen", ["wohnung_id"])]),
    ]


def test_a_history_with_a_far_future_end_measures_what_holds_now():
    got = measures(housing())
    rents = got["mieten"]
    assert rents["current_count"].agg == "count" and rents["current_count"].filter == "\"gueltig_bis\" >= '2999-12-31'"
    # The rent roll now: the open rows' rents add up over the flats, and average.
    total, average = rents["current_total_miete_betrag"], rents["current_average_miete_betrag"]
    assert (total.agg, total.column, total.filter, total.additivity) == ("sum", "miete_betrag", "\"gueltig_bis\" >= '2999-12-31'", "additive")
    assert (average.agg, average.filter) == ("avg", "\"gueltig_bis\" >= '2999-12-31'")
    assert total.label.value == "Current Total Miete Betrag"
    # The plain average weighs every period each flat had: labelled so, beside the current one.
    assert rents["average_miete_betrag"].filter is None
    assert rents["average_miete_betrag"].label.value == "Average Miete Betrag (All Periods)"
    assert average.label.value == "Current Average Miete Betrag"
    # Still never a sum over every period.
    assert not any(m.agg == "sum" and m.filter is None for m in rents.values())
    # Tenancies now: counted (the headcount by flat), where the plain count counts every tenancy ever.
    assert got["tenant_flats"]["current_count"].filter == "\"valid_to\" >= '2999-12-31'"


def test_an_empty_end_is_the_open_period():
    got = measures(housing(last="2024-01-01", open_rows=2, nulls=90))
    assert got["mieten"]["current_count"].filter == "\"gueltig_bis\" IS NULL"


def test_no_current_measure_where_every_period_has_ended():
    # The latest end is in the past, or a future date that no two rows share (a lease signed to 2150).
    for last, repeats in (("2024-01-01", 120), ("2150-06-30", 1)):
        got = measures(housing(last=last, open_rows=repeats))
        assert not {n for e in got.values() for n in e if n.startswith("current")}, (last, repeats)



def test_dates_shifted_into_the_future_are_no_placeholder():
    """A clinical extract shifts every date into the 2100s to hide them: the latest end, a day
    like any other that two of 500 rows share, leaves no period open; a year's last day on a
    share of the rows does."""
    for last, repeats in (("2187-06-14", 2), ("2187-12-31", 2)):
        got = measures(housing(last=last, open_rows=repeats))
        assert not {n for e in got.values() for n in e if n.startswith("current")}, (last, repeats)
    assert "current_count" in measures(housing(last="2187-12-31", open_rows=60))["mieten"]
