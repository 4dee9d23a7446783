"""Money on a table whose rows are kinds that reverse or move money (a charge, its refund, the
payout of the balance; a sale and its refund) is summed per kind, never in one total that adds
what was charged to what was refunded and paid out."""

from __future__ import annotations

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables, dialect="duckdb"):
    state, ctx = prepare(tables, "derive_measures", dialect)
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def _movements(kinds, kind="type", codes=None, name="ledger_entries", amount="amount"):
    cols = [col("entry_ref", "TEXT"), col("booked_at", "TIMESTAMP"), col(kind, "TEXT", values=kinds, max_length=12),
            col(amount, "NUMERIC(12,2)", min=-9_000, max=9_900, mean=42.0, distinct_count=900)]
    if codes:
        cols.append(col("currency", "TEXT", values=codes, max_length=3))
    return [table(name, cols, pk=["entry_ref"], rows=sum(n for _, n in kinds))]


def test_balance_movements_are_summed_per_kind_never_in_one_total():
    got = measures(_movements([("charge", 700), ("refund", 60), ("payout", 40), ("stripe_fee", 20)]))["ledger_entries"]
    sums = {n: m for n, m in got.items() if m.agg == "sum"}
    assert set(sums) == {"total_amount_charge", "total_amount_refund", "total_amount_payout", "total_amount_stripe_fee"}
    refund = sums["total_amount_refund"]
    assert (refund.column, refund.filter, refund.label.value) == ("amount", "\"type\" = 'refund'", "Total Amount (Refund)")
    assert refund.provenance.rule == "movement_sum"


def test_kinds_of_another_language_and_currencies_split_both_ways():
    got = measures(_movements([("venta", 700), ("reembolso", 60)], kind="tipo", name="transacciones", amount="importe",
                              codes=[("usd", 500), ("jpy", 260)]))["transacciones"]
    sums = {n for n, m in got.items() if m.agg == "sum"}
    assert sums == {"total_importe_venta_usd", "total_importe_venta_jpy", "total_importe_reembolso_usd", "total_importe_reembolso_jpy"}
    assert got["total_importe_reembolso_jpy"].filter == "\"tipo\" = 'reembolso' AND \"currency\" = 'jpy'"


def test_kinds_that_move_no_money_back_keep_one_total():
    got = measures(_movements([("card", 700), ("cash", 60)]))["ledger_entries"]
    assert "total_amount" in got and not any(m.provenance.rule == "movement_sum" for m in got.values())


def _attempts(states, status="status", codes=None, network=True):
    cols = [col("attempt_ref", "TEXT"), col("created_at", "TIMESTAMP"), col(status, "TEXT", values=states, max_length=12),
            col("amount", "NUMERIC(12,2)", min=0.5, max=9_900, mean=42.0, distinct_count=900)]
    if network:  # a qualified status beside the row's own: the row's own is read
        cols.append(col("outcome_network_status", "TEXT", values=[("approved_by_network", 700), ("declined_by_network", 300)],
                        max_length=20))
    if codes:
        cols.append(col("currency", "TEXT", values=codes, max_length=3))
    return [table("card_charges", cols, pk=["attempt_ref"], rows=1000)]


def test_money_of_failed_attempts_is_left_out_of_its_sums():
    got = measures(_attempts([("succeeded", 690), ("failed", 300), ("pending", 10)]))["card_charges"]
    total = got["total_amount"]
    assert total.filter == "(\"status\" IS NULL OR NOT \"status\" = 'failed')"
    assert "failed attempt moved no money" in total.description.value


def test_failed_attempts_are_left_out_per_currency_and_in_other_languages():
    got = measures(_attempts([("completado", 690), ("fallido", 310)], status="estado", codes=[("usd", 600), ("eur", 400)]))["card_charges"]
    assert got["total_amount_eur"].filter == "\"currency\" = 'eur' AND (\"estado\" IS NULL OR NOT \"estado\" = 'fallido')"


def test_a_status_without_failures_filters_nothing():
    got = measures(_attempts([("paid", 690), ("open", 310)], network=False))["card_charges"]
    assert got["total_amount"].filter is None


def test_costs_spent_on_failed_attempts_keep_the_failed_rows():
    """A failed delivery's shipping cost was spent all the same: only the amount charged leaves
    the failed rows out."""
    tables = _attempts([("delivered", 690), ("failed", 310)], network=False)
    tables[0].columns.append(col("shipping_cost", "NUMERIC(12,2)", min=0.5, max=90, mean=4.0, distinct_count=300))
    got = measures(tables)["card_charges"]
    assert got["total_amount"].filter == "(\"status\" IS NULL OR NOT \"status\" = 'failed')"
    assert got["total_shipping_cost"].filter is None


def test_movement_sums_keep_the_kinds_and_currencies_of_the_most_rows():
    """Six kinds in five currencies would be 30 sums of one column: the four kinds and three
    currencies of the most rows are summed, the others named in the description."""
    kinds = [("charge", 500), ("refund", 200), ("payout", 100), ("adjustment", 90), ("stripe_fee", 60), ("transfer", 50)]
    codes = [("usd", 400), ("eur", 300), ("gbp", 200), ("jpy", 80), ("chf", 20)]
    got = measures(_movements(kinds, codes=codes))["ledger_entries"]
    sums = {n: m for n, m in got.items() if m.agg == "sum"}
    assert len(sums) == 4 * 3
    assert "total_amount_charge_usd" in sums and "total_amount_adjustment_gbp" in sums
    assert not any(n.endswith(("_jpy", "_chf")) or "stripe_fee" in n or "transfer" in n for n in sums)
    assert sums["total_amount_refund_eur"].description.value == (
        "Kinds left out (fewer rows): stripe_fee, transfer; Currencies left out (fewer rows): chf, jpy.")


def test_kinds_written_in_two_cases_get_labels_that_differ():
    got = measures(_movements([("charge", 700), ("Charge", 50), ("refund", 60)]))["ledger_entries"]
    labels = sorted(m.label.value for m in got.values() if m.agg == "sum")
    assert labels == ["Total Amount (Charge)", "Total Amount (Refund)", "Total Amount (charge)"]
