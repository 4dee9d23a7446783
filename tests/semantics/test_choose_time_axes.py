"""choose_time_axes: the business time axis of each entity, its own or a parent's through joins."""

from __future__ import annotations

from ir.provenance import Provenance
from ir.semantic import TimeAxis
from passes import choose_time_axes
from tests.semantics.build import col, prepare, run, table


def axes(tables):
    state, ctx = prepare(tables, "choose_time_axes")
    model = run(choose_time_axes, state, ctx)
    return {e.name: e.time_axis for e in model.entities}


def test_a_business_date_named_after_the_table_beats_audit_and_planned_dates():
    got = axes([table("orders", [col("id"), col("updated_at", "TIMESTAMP"), col("required_date", "DATE"),
                                 col("shipped_date", "DATE"), col("order_date", "DATE"), col("created_at", "TIMESTAMP")],
                      pk=["id"])])
    assert got["orders"].dimension == "order_date" and got["orders"].entity == "orders" and not got["orders"].path
    assert got["orders"].provenance.rule == "own_time"


def test_audit_load_and_birth_times_are_never_an_axis():
    got = axes([table("people", [col("id"), col("last_update", "TIMESTAMP"), col("etl_loaded_at", "TIMESTAMP"),
                                 col("birth_date", "DATE")], pk=["id"])])
    assert got["people"] is None


def test_creation_time_when_nothing_happened_otherwise():
    got = axes([table("accounts", [col("id"), col("modified_at", "TIMESTAMP"), col("created_at", "TIMESTAMP")], pk=["id"])])
    assert got["accounts"].dimension == "created_at"


def test_a_mostly_empty_date_gives_way():
    got = axes([table("tickets", [col("id"), col("resolved_on", "DATE", null_count=900), col("logged_on", "DATE", null_count=0)],
                      pk=["id"], rows=1000)])
    assert got["tickets"].dimension == "logged_on"


def test_a_fact_without_a_time_borrows_its_headers_through_whole_key_joins():
    tables = [
        table("invoice", [col("invoice_id"), col("customer_id"), col("invoice_date", "TIMESTAMP"), col("total", "NUMERIC(9,2)")],
              pk=["invoice_id"], rows=400, fks=[(["customer_id"], "customer", ["customer_id"])]),
        table("customer", [col("customer_id"), col("first_seen", "DATE")], pk=["customer_id"], rows=60),
        table("invoice_line", [col("invoice_line_id"), col("invoice_id"), col("track_id"), col("unit_price", "NUMERIC(9,2)"),
                               col("quantity")], pk=["invoice_line_id"], rows=2000,
              fks=[(["invoice_id"], "invoice", ["invoice_id"]), (["track_id"], "track", ["track_id"])]),
        table("track", [col("track_id"), col("released", "DATE")], pk=["track_id"], rows=3000),
    ]
    got = axes(tables)
    line = got["invoice_line"]
    # The header fact wins over the track (a dimension with a date of its own).
    assert (line.entity, line.dimension) == ("invoice", "invoice_date")
    assert [(s.from_entity, s.from_columns, s.to_entity, s.to_columns) for s in line.path] == [
        ("invoice_line", ["invoice_id"], "invoice", ["invoice_id"])]
    assert line.provenance.rule == "parent_time"


def test_dimensions_do_not_borrow():
    tables = [table("store", [col("id"), col("region_id")], pk=["id"], fks=[(["region_id"], "region", ["id"])]),
              table("region", [col("id"), col("opened", "DATE")], pk=["id"]),
              table("sale", [col("id"), col("store_id"), col("amount", "NUMERIC(9,2)"), col("sold_at", "TIMESTAMP")], pk=["id"],
                    fks=[(["store_id"], "store", ["id"])])]
    got = axes(tables)
    assert got["store"] is None and got["sale"].dimension == "sold_at"


def test_a_fact_never_takes_a_dimensions_time():
    """A season's pitching lines have no date; the player's debut is when the player began, and
    aggregated by it a season's wins would land in the year each pitcher debuted."""
    tables = [table("people", [col("player_id", "VARCHAR(9)"), col("debut", "DATE")], pk=["player_id"], rows=200),
              table("pitching", [col("pitching_id"), col("player_id", "VARCHAR(9)"), col("wins"), col("losses")], pk=["pitching_id"],
                    rows=2000, fks=[(["player_id"], "people", ["player_id"])])]
    got = axes(tables)
    assert got["people"].dimension == "debut" and got["pitching"] is None


def test_a_fact_takes_the_day_its_calendar_key_names():
    """A calendar (one row per day, its parts beside it) dates the sales that point at it: through
    the sold date, not the ship date, whichever the relationships list first."""
    days = dict(distinct_count=365, distinct_exact=True, min="2001-01-01", max="2001-12-31")
    tables = [
        table("date_dim", [col("d_date_sk", distinct_count=365, distinct_exact=True, min=1, max=365), col("d_date", "DATE", **days),
                           col("d_year"), col("d_month_of_year"), col("d_day_name", "TEXT")], pk=["d_date_sk"], rows=365),
        table("web_sales", [col("ws_order_number"), col("ws_ship_date_sk"), col("ws_sold_date_sk"), col("ws_net_paid", "NUMERIC(9,2)")],
              pk=["ws_order_number"], rows=4000,
              fks=[(["ws_ship_date_sk"], "date_dim", ["d_date_sk"]), (["ws_sold_date_sk"], "date_dim", ["d_date_sk"])]),
    ]
    sales = axes(tables)["web_sales"]
    assert (sales.entity, sales.dimension) == ("date_dim", "d_date")
    assert [s.from_columns for s in sales.path] == [["ws_sold_date_sk"]]


def test_a_human_axis_is_kept():
    state, ctx = prepare([table("orders", [col("id"), col("order_date", "DATE"), col("ship_date", "DATE")], pk=["id"])],
                         "choose_time_axes")
    e = state.model.entities[0]
    e.time_axis = TimeAxis(entity="orders", dimension="ship_date", provenance=Provenance(origin="human", by="mb.yaml"))
    assert run(choose_time_axes, state, ctx).entities[0].time_axis.dimension == "ship_date"


def test_a_date_empty_on_every_row_comes_after_any_time_with_values():
    customers = table("customers", [col("customer_id"), col("name", "TEXT")], pk=["customer_id"], rows=10)
    got = axes([customers, table("payment", [col("id"), col("customer_id"), col("payment_date", "DATE", null_count=40),
                                             col("expected_on", "DATE", null_count=30)], pk=["id"], rows=40,
                                 fks=[(["customer_id"], "customers", ["customer_id"])])])
    assert got["payment"].dimension == "expected_on"  # a later, mostly empty date, but one with values
    alone = axes([table("payment", [col("id"), col("payment_date", "DATE", null_count=40)], pk=["id"], rows=40)])
    assert alone["payment"].dimension == "payment_date" and not alone["payment"].path


def test_the_end_of_a_thing_is_no_time_to_count_it_by():
    """Patients with a birth date and a death date (empty for the living): counted by the death
    date, they would be only the dead. A fact's later date still dates it when it has no other."""
    got = axes([
        table("patients", [col("id"), col("birthdate", "DATE"), col("deathdate", "DATE", null_count=50), col("name", "TEXT")],
              pk=["id"], rows=59),
        table("kunden", [col("kunden_id"), col("austritt_datum", "DATE", null_count=80)], pk=["kunden_id"], rows=100),
        table("encounters", [col("id"), col("patient"), col("stop", "TIMESTAMP")], pk=["id"], rows=300,
              fks=[(["patient"], "patients", ["id"])]),
    ])
    assert got["patients"] is None and got["kunden"] is None
    assert got["encounters"].dimension == "stop"


def test_lines_whose_only_time_is_planned_take_their_headers_time():
    """An order's items carry the seller's shipping limit, a date set after the purchase: revenue by
    month is by the order's purchase time, as its payments are. Lines that ship on a date of their
    own (TPC-H's l_shipdate) keep it."""
    got = axes([
        table("orders", [col("order_id", "TEXT"), col("order_purchase_timestamp", "TIMESTAMP"),
                         col("order_estimated_delivery_date", "TIMESTAMP")], pk=["order_id"], rows=100),
        table("order_items", [col("order_id", "TEXT"), col("order_item_id"), col("shipping_limit_date", "TIMESTAMP"),
                              col("price", "NUMERIC(10,2)")], pk=["order_id", "order_item_id"], rows=120,
              fks=[(["order_id"], "orders", ["order_id"])]),
        table("lineitem", [col("l_orderkey"), col("l_linenumber"), col("l_shipdate", "DATE"), col("l_commitdate", "DATE"),
                           col("l_extendedprice", "NUMERIC(12,2)")], pk=["l_orderkey", "l_linenumber"], rows=400,
              fks=[(["l_orderkey"], "orders2", ["o_orderkey"])]),
        table("orders2", [col("o_orderkey"), col("o_orderdate", "DATE"), col("o_totalprice", "NUMERIC(12,2)")], pk=["o_orderkey"],
              rows=100),
    ])
    items = got["order_items"]
    assert (items.entity, items.dimension, items.provenance.rule) == ("orders", "order_purchase_timestamp", "parent_time")
    assert (got["lineitem"].entity, got["lineitem"].dimension) == ("lineitem", "l_shipdate")


def test_an_answer_comes_after_what_it_answers():
    """A review is dated when it was written, not when the shop answered it."""
    got = axes([table("reviews", [col("review_id", "TEXT"), col("review_score"), col("review_creation_date", "TIMESTAMP"),
                                  col("review_answer_timestamp", "TIMESTAMP")], pk=["review_id"], rows=100)])
    assert got["reviews"].dimension == "review_creation_date"
