"""A fact keyed into its scenarios (actual, budget, forecast: AdventureWorksDW's FactFinance,
Contoso's FactStrategyPlan) holds each figure once per scenario: its amounts are summed per
scenario, never the budget added to the actual. A fact keyed into a lookup of a few other
things (sales channels) keeps its total."""

from __future__ import annotations

import pytest

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables):
    state, ctx = prepare(tables, "derive_measures")
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def _figures(lookup: str, names: list[str], listed: bool = True):
    """A fact of amounts by account, month and `lookup`; the lookup's names listed by the profile
    (top values) or, each unique, known by their least and greatest."""
    n = len(names)
    name = (col("bezeichnung", "TEXT", values=[(v, 1) for v in names]) if listed else
            col("bezeichnung", "TEXT", min=min(names), max=max(names), distinct_count=n, distinct_exact=True))
    return [
        table("kennzahlen", [col("zeile_id"), col("konto_ref"), col(f"{lookup}_ref", values=[(i, 900) for i in range(1, n + 1)]),
                             col("monat", "DATE"), col("betrag", "NUMERIC(14,2)", min=-5000, max=90000, mean=4100.0, distinct_count=2000)],
              pk=["zeile_id"], rows=900 * n, fks=[(["konto_ref"], "konto", ["konto_id"]), ([f"{lookup}_ref"], lookup, [f"{lookup}_id"])]),
        table("konto", [col("konto_id"), col("kontoname", "TEXT")], pk=["konto_id"], rows=40),
        table(lookup, [col(f"{lookup}_id", values=[(i, 1) for i in range(1, n + 1)]), name], pk=[f"{lookup}_id"], rows=n),
    ]


@pytest.mark.parametrize("names, listed", [(["Actual", "Budget", "Forecast"], False), (["Ist", "Plan", "Prognose"], True),
                                           (["Real", "Presupuesto"], True)])
def test_amounts_of_a_fact_keyed_into_its_scenarios_are_summed_per_scenario(names, listed):
    got = measures(_figures("szenario", names, listed))["kennzahlen"]
    sums = {k: m for k, m in got.items() if m.agg == "sum"}
    assert set(sums) == {f"total_betrag_szenario_ref_{i}" for i in range(1, len(names) + 1)}
    assert sums["total_betrag_szenario_ref_2"].filter == '"szenario_ref" = 2'
    # German names (kennzahlen, konto, monat, betrag): labels in German (decide_label_language)
    assert sums["total_betrag_szenario_ref_1"].label.value == "Summe Betrag (Szenario Ref 1)"


def test_a_fact_keyed_into_a_few_other_things_keeps_its_total():
    got = measures(_figures("kanal", ["Store", "Online", "Catalog", "Reseller"]))["kennzahlen"]
    assert [k for k, m in got.items() if m.agg == "sum"] == ["total_betrag"]
