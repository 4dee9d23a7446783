"""label_fields: what people read for each table and field."""

from __future__ import annotations

from passes import label_fields
from tests.semantics.build import col, prepare, run, table


def labels(tables):
    state, ctx = prepare(tables, "label_fields")
    model = run(label_fields, state, ctx)
    return {e.name: e for e in model.entities}


def _olist(odd: str):
    return [
        table("olist_orders_dataset", [col("order_id", "TEXT"), col("bought_at", "TIMESTAMP"), col("total", "NUMERIC(10,2)")],
              pk=["order_id"], rows=100),
        table("olist_order_items_dataset", [col("order_id", "TEXT"), col("order_item_id"), col("price", "NUMERIC(10,2)")],
              pk=["order_id", "order_item_id"], rows=150, fks=[(["order_id"], "olist_orders_dataset", ["order_id"])]),
        table("olist_customers_dataset", [col("customer_id", "TEXT")], pk=["customer_id"], rows=80),
        table("olist_sellers_dataset", [col("seller_id", "TEXT")], pk=["seller_id"], rows=10),
        table("olist_products_dataset", [col("product_id", "TEXT")], pk=["product_id"], rows=30),
        table(odd, [col("code", "TEXT"), col("label", "TEXT")], pk=["code"], rows=5),
    ]


def test_tables_are_labelled_without_the_words_every_table_shares():
    """`olist_orders_dataset` reads "Orders", and so do the counts named after it; the one table
    named plainly beside them keeps its name."""
    got = labels(_olist("category_translation"))
    assert got["olist_orders_dataset"].label.value == "Orders"
    assert got["olist_order_items_dataset"].label.value == "Order Items"
    assert got["category_translation"].label.value == "Category Translation"
    counts = {m.label.value for m in got["olist_order_items_dataset"].measures if m.agg == "count_distinct"}
    assert "Orders Count" in counts


def test_labels_that_would_meet_keep_the_whole_names():
    got = labels(_olist("customers"))
    assert got["olist_customers_dataset"].label.value == "Olist Customers Dataset"
    assert got["customers"].label.value == "Customers"
    assert got["olist_orders_dataset"].label.value == "Orders"


def test_a_time_named_by_a_time_word_alone_is_labelled_by_its_table():
    """F1's races.date is "Race Date" (Looker showed "Date Date", "Date Month"); an order's
    order_date keeps its own name."""
    state, ctx = prepare([table("races", [col("raceId"), col("date", "DATE"), col("time", "TIMESTAMP")], pk=["raceId"], rows=90),
                          table("orders", [col("id"), col("order_date", "DATE")], pk=["id"], rows=90)], "label_fields")
    model = run(label_fields, state, ctx)
    got = {(e.name, t.column): t.label.value for e in model.entities for t in e.time_dimensions}
    assert got == {("races", "date"): "Race Date", ("races", "time"): "Race Time", ("orders", "order_date"): "Order Date"}


def test_a_star_schemas_role_words_are_no_part_of_a_tables_label():
    from passes.join_names import table_labels

    got = table_labels([table(n, [col("id")]) for n in ("dim_date", "dim_store", "fact_sales", "fact_inventory", "budget")])
    assert sorted(got.values()) == ["Budget", "Date", "Inventory", "Sales", "Store"]


def test_headings_written_for_people_are_labels_as_written():
    """A spreadsheet's headings ("Sub-Category", "Country/Region", "Row ID") are what its readers
    know the columns by: kept as written, where a name written for a program is read into words."""
    got = labels([table("orders", [col("Row ID"), col("Sub-Category", "TEXT"), col("Country/Region", "TEXT"),
                                   col("Sales", "NUMERIC(10,2)"), col("ship_mode", "TEXT")], pk=["Row ID"], rows=100)])
    by_column = {d.column: d.label.value for d in got["orders"].dimensions}
    assert by_column == {"Row ID": "Row ID", "Sub-Category": "Sub-Category", "Country/Region": "Country/Region",
                         "Sales": "Sales", "ship_mode": "Ship Mode"}


def test_a_measure_label_says_its_aggregation_once():
    """The highest of a day's max_temperature_f is "Max Temperature F" (it read "Maximum Max
    Temperature F"); its average is still "Average Max Temperature F", a plain column's highest
    still "Maximum ...", and a low's lowest "Min Humidity"."""
    got = labels([table("weather", [col("date", "DATE"), col("max_temperature_f", "INTEGER"), col("min_humidity", "INTEGER"),
                                    col("zip", "TEXT")], rows=100)])
    by = {(m.agg, m.column): m.label.value for m in got["weather"].measures if m.column}
    assert by[("max", "max_temperature_f")] == "Max Temperature F"
    assert by[("avg", "max_temperature_f")] == "Average Max Temperature F"
    assert by[("min", "min_humidity")] == "Min Humidity"


def test_measure_label_rule():
    assert label_fields.measure_label("max", "Max Temperature F", "x") == "Max Temperature F"
    assert label_fields.measure_label("max", "Temperature Peak", "x") == "Temperature Peak"
    assert label_fields.measure_label("max", "Price", "x") == "Maximum Price"
    assert label_fields.measure_label("avg", "Max Temperature F", "x") == "Average Max Temperature F"
    assert label_fields.measure_label("min", "Max Temperature F", "x") == "Minimum Max Temperature F"
