"""derive_measures: the measures a BI developer writes, from the facts decided before."""

from __future__ import annotations

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables, dialect="postgres"):
    state, ctx = prepare(tables, "derive_measures", dialect)
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def shop():
    return [
        table("products", [col("id"), col("name", "TEXT"), col("list_price", "NUMERIC(9,2)"), col("weight_kg", "NUMERIC(6,2)"),
                           col("rating", "NUMERIC(2,1)")], pk=["id"], rows=40),
        table("orders", [col("id"), col("order_date", "DATE"), col("status", "TEXT", values=[("placed", 30), ("shipped", 60), ("returned", 10)]),
                         col("total_amount", "NUMERIC(12,2)", min=1, max=900, mean=100.0, distinct_count=90),
                         col("total_amount_cents", "BIGINT", min=100, max=90000, mean=10000.0, distinct_count=90),
                         col("order_year")], pk=["id"], rows=100),
        table("order_lines", [col("order_id"), col("line_no"), col("product_id"), col("quantity", min=1, max=9),
                              col("unit_price", "NUMERIC(9,2)", min=1, max=99), col("discount", "NUMERIC(4,2)", min=0, max=0.3,
                                                                                   distinct_count=4)],
              pk=["order_id", "line_no"], rows=300, fks=[(["order_id"], "orders", ["id"]), (["product_id"], "products", ["id"])]),
    ]


def test_sums_averages_and_what_is_never_aggregated():
    got = measures(shop())
    orders, lines, products = got["orders"], got["order_lines"], got["products"]
    assert orders["count"].agg == "count" and orders["count"].format == "integer"
    assert (orders["sum_total_amount"].agg, orders["sum_total_amount"].format) == ("sum", "currency")
    assert not any(m.column in ("order_year", "id") and m.agg in ("sum", "avg") for m in orders.values())
    # The value in cents twins the value in units: no second sum.
    assert not any(m.column == "total_amount_cents" for m in orders.values())
    assert lines["total_quantity"].agg == "sum"
    assert lines["average_unit_price"].agg == "avg" and "total_unit_price" not in lines
    assert not any(m.column == "discount" for m in lines.values())
    # A price list's price is an attribute to filter on; other numbers of what a table lists are averaged.
    assert not any(m.column == "list_price" for m in products.values())
    assert products["average_weight_kg"].agg == "avg"
    assert products["average_rating"].agg == "avg"  # a score: averaged, and a visible dimension too
    # A lookup table without a time of its own counts nothing by itself; a fact always does.
    assert "count" not in products and "count" in lines


def test_revenue_is_price_times_quantity_net_of_the_discount_rate():
    rev = measures(shop())["order_lines"]["revenue"]
    assert (rev.agg, rev.expr, rev.format, rev.additivity) == ("sum", '"unit_price" * "quantity" * (1 - "discount")', "currency", "additive")
    rev = measures(shop(), "mysql")["order_lines"]["revenue"]
    assert rev.expr == "`unit_price` * `quantity` * (1 - `discount`)"


def test_rows_per_status_value_and_distinct_headers_on_a_fact():
    got = measures(shop())
    orders, lines = got["orders"], got["order_lines"]
    assert {n: m.filter for n, m in orders.items() if m.filter} == {
        "count_placed": "\"status\" = 'placed'", "count_returned": "\"status\" = 'returned'", "count_shipped": "\"status\" = 'shipped'"}
    assert (lines["orders_distinct_count"].agg, lines["orders_distinct_count"].column) == ("count_distinct", "order_id")
    assert not any(m.filter for m in got["products"].values())


def test_a_balance_over_time_is_not_summed_over_time():
    snapshots = table("stock_levels", [col("product_id"), col("snapshot_date", "DATE"), col("units_on_hand")],
                      pk=["product_id", "snapshot_date"], rows=500, fks=[(["product_id"], "products", ["id"])])
    products = table("products", [col("id"), col("units_in_stock")], pk=["id"], rows=40)
    got = measures([snapshots, products])
    level = got["stock_levels"]["total_units_on_hand"]
    assert (level.additivity, level.non_additive_dimension) == ("semi_additive", "snapshot_date")
    stock = got["products"]["total_units_in_stock"]  # one row per product: a plain sum over products
    assert (stock.additivity, stock.non_additive_dimension) == ("additive", None)


def test_a_persons_measure_is_not_duplicated():
    from ir.provenance import Provenance
    from ir.semantic import Measure

    state, ctx = prepare(shop(), "derive_measures")
    orders = state.model.entities[1]
    orders.measures.append(Measure(name="revenue", agg="sum", column="total_amount", provenance=Provenance(origin="human")))
    got = {m.name for m in run(derive_measures, state, ctx).entities[1].measures}
    assert "revenue" in got and "sum_total_amount" not in got
