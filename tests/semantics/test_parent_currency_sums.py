"""Money on a table that names no currency, under a many-to-one parent whose rows name theirs
(Shopify's order lines under orders of four shops in four currencies, Magento's order items,
invoice lines): summed per the parent's currency, never across currencies. The pass decides it
once and the measure carries which column, through which join, decides (Measure.joined_filter)."""

from __future__ import annotations

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables, dialect="duckdb"):
    state, ctx = prepare(tables, "derive_measures", dialect)
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def _shop(codes, line_money=("total_discount",), line_currency=None, second_parent=None):
    orders = table("orders", [col("id"), col("currency", "TEXT", values=codes, max_length=3),
                              col("created_at", "TIMESTAMP"),
                              col("total_price", "NUMERIC(12,2)", min=5, max=900, mean=120.0, distinct_count=900)],
                   pk=["id"], rows=sum(n for _, n in codes))
    cols = [col("id"), col("order_id"), col("price", "NUMERIC(12,2)", min=5, max=200, mean=100.0, distinct_count=900),
            col("quantity", "INTEGER", min=1, max=5, mean=2.5, distinct_count=5)]
    cols += [col(m, "NUMERIC(12,2)", min=0, max=20, mean=3.0, distinct_count=300) for m in line_money]
    fks = [(["order_id"], "orders", ["id"])]
    if line_currency is not None:
        cols.append(col("currency", "TEXT", values=line_currency, max_length=3))
    extra = []
    if second_parent is not None:
        cols.append(col("invoice_id"))
        fks.append((["invoice_id"], "invoices", ["id"]))
        extra.append(table("invoices", [col("id"), col("currency_code", "TEXT", values=second_parent, max_length=3),
                                        col("issued_at", "TIMESTAMP")], pk=["id"], rows=sum(n for _, n in second_parent)))
    lines = table("order_lines", cols, pk=["id"], rows=3000, fks=fks)
    return [orders, lines, *extra]


def test_line_money_is_summed_per_its_orders_currency():
    got = measures(_shop([("CAD", 300), ("EUR", 300), ("GBP", 300), ("USD", 300)]))["order_lines"]
    sums = {n: m for n, m in got.items() if m.agg == "sum" and m.column == "total_discount"}
    assert set(sums) == {"sum_total_discount_cad", "sum_total_discount_eur", "sum_total_discount_gbp", "sum_total_discount_usd"}
    cad = sums["sum_total_discount_cad"]
    assert cad.filter is None and cad.label.value == "Sum Total Discount (CAD)"
    jf = cad.joined_filter
    assert (jf.entity, jf.dimension, jf.column, jf.value) == ("orders", "currency", "currency", "CAD")
    assert (jf.path[0].from_entity, jf.path[0].from_columns, jf.path[0].to_entity, jf.path[0].to_columns) == (
        "order_lines", ["order_id"], "orders", ["id"])
    assert cad.provenance.rule == "parent_currency_sum"
    assert cad.format == "decimal"  # no amount of the model's dollars


def test_revenue_of_lines_is_split_by_their_orders_currency():
    got = measures(_shop([("EUR", 500), ("USD", 500)], line_money=()))["order_lines"]
    revenue = {n: m for n, m in got.items() if n.startswith("revenue")}
    assert set(revenue) == {"revenue_eur", "revenue_usd"}
    assert revenue["revenue_eur"].expr == '"price" * "quantity"' and revenue["revenue_eur"].joined_filter.value == "EUR"
    assert revenue["revenue_eur"].label.value == "Revenue (EUR)"


def test_a_parent_in_one_currency_changes_nothing():
    got = measures(_shop([("EUR", 1000)]))["order_lines"]
    assert got["sum_total_discount"].joined_filter is None and got["sum_total_discount"].filter is None
    assert not any(m.joined_filter for m in got.values())


def test_lines_naming_their_own_currency_are_split_by_it_not_the_parents():
    got = measures(_shop([("EUR", 500), ("USD", 500)], line_currency=[("EUR", 1500), ("USD", 1500)]))["order_lines"]
    assert not any(m.joined_filter for m in got.values())
    assert got["sum_total_discount_eur"].filter == "\"currency\" = 'EUR'"


def test_two_parents_in_several_currencies_leave_the_one_sum():
    """Which parent's currency the money is in is not known: the sum stays as it was."""
    got = measures(_shop([("EUR", 500), ("USD", 500)], second_parent=[("GBP", 400), ("JPY", 600)]))["order_lines"]
    assert not any(m.joined_filter for m in got.values())
    assert "sum_total_discount" in got


def test_more_currencies_than_the_cap_leave_the_one_sum():
    codes = [(c, 100) for c in ("AUD", "CAD", "CHF", "EUR", "GBP", "JPY", "NZD", "SEK", "USD")]
    got = measures(_shop(codes))["order_lines"]
    assert not any(m.joined_filter for m in got.values()) and "sum_total_discount" in got
