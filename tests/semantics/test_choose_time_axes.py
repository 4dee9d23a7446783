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


def test_a_time_filled_on_every_row_beats_one_empty_on_many():
    """Jobs are scheduled, and started only when their turn comes: the start is empty on 45% of
    rows, and by it those jobs would vanish from every month. A start filled alike still comes
    before the schedule, as an order's date before its ship date."""
    machines = table("machines", [col("machine_id"), col("name", "TEXT")], pk=["machine_id"], rows=20)
    got = axes([machines,
                table("jobs", [col("job_id"), col("machine_id"), col("scheduled_for", "TIMESTAMP", null_count=0),
                               col("started_at", "TIMESTAMP", null_count=450), col("cost", "NUMERIC(9,2)")],
                      pk=["job_id"], rows=1000, fks=[(["machine_id"], "machines", ["machine_id"])]),
                table("runs", [col("run_id"), col("machine_id"), col("scheduled_for", "TIMESTAMP", null_count=0),
                               col("started_at", "TIMESTAMP", null_count=20), col("cost", "NUMERIC(9,2)")],
                      pk=["run_id"], rows=1000, fks=[(["machine_id"], "machines", ["machine_id"])]),
                # German: a planned start (geplant) comes after the actual one (begonnen), both filled.
                table("auftraege", [col("auftrag_id"), col("machine_id"), col("geplant_am", "TIMESTAMP", null_count=0),
                                    col("begonnen_am", "TIMESTAMP", null_count=10), col("kosten", "NUMERIC(9,2)")],
                      pk=["auftrag_id"], rows=1000, fks=[(["machine_id"], "machines", ["machine_id"])]),
                table("orders", [col("id"), col("machine_id"), col("order_date", "DATE", null_count=0),
                                 col("shipped_date", "DATE", null_count=300), col("total", "NUMERIC(9,2)")],
                      pk=["id"], rows=1000, fks=[(["machine_id"], "machines", ["machine_id"])])])
    assert got["jobs"].dimension == "scheduled_for"
    assert got["runs"].dimension == "started_at"
    assert got["auftraege"].dimension == "begonnen_am"
    assert got["orders"].dimension == "order_date"


def sailings(actual_nulls: int, **extra):
    """Sailings (a dimension: passages refer to them) with a schedule and an actual departure."""
    return [
        table("ports", [col("port_id"), col("name", "TEXT")], pk=["port_id"], rows=30),
        table("sailings", [col("sailing_id"), col("port_id"), col("scheduled_dep", "TIMESTAMP", null_count=0),
                           col("actual_dep", "TIMESTAMP", null_count=actual_nulls), *extra.get("cols", [])],
              pk=["sailing_id"], rows=200, fks=[(["port_id"], "ports", ["port_id"])]),
        table("passages", [col("passage_id"), col("sailing_id"), col("fare", "NUMERIC(9,2)")], pk=["passage_id"], rows=3000,
              fks=[(["sailing_id"], "sailings", ["sailing_id"])]),
    ]


def test_a_things_schedule_is_its_time_when_nothing_else_is_filled_on_every_row():
    """Sailings not yet sailed, or cancelled, have no actual departure: counted by it, half the
    sailings vanish. Their schedule, filled on every row, counts them all. Once the actual time is
    filled too, a planned time on a thing that is no fact gives way to it."""
    state, ctx = prepare(sailings(actual_nulls=101), "choose_time_axes")
    assert next(e for e in state.model.entities if e.name == "sailings").role == "dimension"
    model = run(choose_time_axes, state, ctx)
    assert next(e for e in model.entities if e.name == "sailings").time_axis.dimension == "scheduled_dep"
    assert axes(sailings(actual_nulls=2))["sailings"].dimension == "actual_dep"
    # An end is never a thing's time, however filled: a due date neither.
    assert axes(sailings(actual_nulls=200, cols=[col("due_back", "DATE", null_count=0)]))["sailings"].dimension == "scheduled_dep"


def matches(*facts):
    return [
        table("venues", [col("venue_id"), col("name", "TEXT")], pk=["venue_id"], rows=20),
        table("matches", [col("match_id"), col("venue_id"), col("kickoff_at", "TIMESTAMP", null_count=0)], pk=["match_id"], rows=100,
              fks=[(["venue_id"], "venues", ["venue_id"])]),
        table("players", [col("player_id"), col("debut", "DATE", null_count=0)], pk=["player_id"], rows=300),
        table("films", [col("film_id"), col("released", "DATE", null_count=0)], pk=["film_id"], rows=300),
        table("shifts", [col("shift_id"), col("worked_on", "DATE", null_count=0)], pk=["shift_id"], rows=300),
        *facts,
    ]


def test_a_fact_keyed_by_its_parent_takes_that_parents_time_whatever_its_role():
    """A player's line in a match, keyed by the match and the player, happened at the match's
    kickoff, though matches are a dimension (the lines refer to them); the player's debut is when
    the player began. Screenings keyed by a player and a film take neither the debut nor the
    release; pay keyed by a match and a shift could be either's day, and takes none. A fine
    referring to a match outside its key is no part of the match."""
    money = col("amount", "NUMERIC(9,2)")
    tables = matches(
        table("appearances", [col("match_id"), col("player_id"), col("minutes"), col("goals")], pk=["match_id", "player_id"],
              rows=2000, fks=[(["match_id"], "matches", ["match_id"]), (["player_id"], "players", ["player_id"])]),
        table("screenings", [col("player_id"), col("film_id"), money], pk=["player_id", "film_id"], rows=900,
              fks=[(["player_id"], "players", ["player_id"]), (["film_id"], "films", ["film_id"])]),
        table("pay", [col("match_id"), col("shift_id"), money], pk=["match_id", "shift_id"], rows=900,
              fks=[(["match_id"], "matches", ["match_id"]), (["shift_id"], "shifts", ["shift_id"])]),
        table("fines", [col("fine_id"), col("match_id"), money], pk=["fine_id"], rows=50,
              fks=[(["match_id"], "matches", ["match_id"])]))
    state, ctx = prepare(tables, "choose_time_axes")
    roles = {e.name: e.role for e in state.model.entities}
    assert {n: roles[n] for n in ("matches", "players", "shifts", "appearances", "screenings", "pay", "fines")} == {
        "matches": "dimension", "players": "dimension", "shifts": "dimension",
        "appearances": "fact", "screenings": "fact", "pay": "fact", "fines": "fact"}
    got = {e.name: e.time_axis for e in run(choose_time_axes, state, ctx).entities}
    assert got["players"].dimension == "debut" and got["shifts"].dimension == "worked_on"
    line = got["appearances"]
    assert (line.entity, line.dimension, line.provenance.rule) == ("matches", "kickoff_at", "parent_time")
    assert [(s.from_entity, s.from_columns, s.to_entity, s.to_columns) for s in line.path] == [
        ("appearances", ["match_id"], "matches", ["match_id"])]
    assert got["screenings"] is None and got["pay"] is None and got["fines"] is None


def test_no_time_is_borrowed_through_a_reference_most_rows_leave_empty():
    """Tags with a cached count refer to the post holding their wiki excerpt, which 40 of 60 tags
    have not: through it, most of the tags' figures fell in no period. Lines referring to their
    order on every row still take its date."""
    users = table("users", [col("id"), col("display_name", "TEXT")], pk=["id"], rows=1500)
    posts = table("posts", [col("id"), col("owner_user_id"), col("posted_at", "TIMESTAMP"), col("score", min=-2, max=300)], pk=["id"],
                  rows=9000, fks=[(["owner_user_id"], "users", ["id"])])
    tags = table("tags", [col("id"), col("tag_name", "TEXT"), col("count", min=1, max=900), col("excerpt_post_id", null_count=40)],
                 pk=["id"], rows=60, fks=[(["excerpt_post_id"], "posts", ["id"])])
    comments = table("comments", [col("id"), col("post_id", null_count=0), col("text", "TEXT"), col("score", min=0, max=10)],
                     pk=["id"], rows=13000, fks=[(["post_id"], "posts", ["id"])])
    got = axes([users, posts, tags, comments])
    assert got["tags"] is None
    assert got["comments"] is None or got["comments"].entity == "posts"


def test_when_another_thing_the_row_names_began_is_no_axis():
    """Inside Airbnb's listings: host_since is when the listing's host joined (host_id beside
    it), not when anything happened to the listing; "listings by year" had been hosts by the
    year they joined. A table's own beginning (a customer's customer_since) still is its time."""
    got = axes([
        table("listings", [col("id"), col("host_id"), col("host_since", "DATE"), col("price", "NUMERIC(9,2)")], pk=["id"], rows=800),
        table("customers", [col("customer_id"), col("customer_since", "DATE"), col("segment", "TEXT")], pk=["customer_id"], rows=90),
        table("orders", [col("order_id"), col("customer_id"), col("order_date", "DATE")], pk=["order_id"], rows=900),
    ])
    assert got["listings"] is None
    assert got["customers"] is not None and got["customers"].dimension == "customer_since"
    assert got["orders"].dimension == "order_date"


def _things(name, key, began_on, *facts):
    """A table of things with the day each began or was looked at, referred to by a dated fact
    (visits) and by `facts`: a dimension."""
    return [table(name, [col(key), col("name", "TEXT"), col(began_on, "DATE", null_count=0)], pk=[key], rows=60),
            table(f"{name}_visits", [col("visit_id"), col(key), col("visited_at", "TIMESTAMP", null_count=0), col("fee", "NUMERIC(9,2)")],
                  pk=["visit_id"], rows=900, fks=[([key], name, [key])]),
            *facts]


def test_a_parents_time_is_borrowed_through_a_key_of_references_only():
    """A station's readings keyed by the station and a stamp of their own (text no pattern read as
    a time) are many rows per station over time: the station's survey date dates none of them.
    Inspections keyed by a station and an inspector, references only, happened on its survey."""
    inspectors = table("inspectors", [col("inspector_id"), col("name", "TEXT")], pk=["inspector_id"], rows=9)
    readings = table("readings", [col("station_id"), col("stamp", "TEXT", distinct_count=2880), col("bikes_available", min=0, max=27)],
                     pk=["station_id", "stamp"], rows=201600, fks=[(["station_id"], "stations", ["station_id"])])
    inspections = table("inspections", [col("station_id"), col("inspector_id"), col("fee", "NUMERIC(9,2)")],
                        pk=["station_id", "inspector_id"], rows=300,
                        fks=[(["station_id"], "stations", ["station_id"]), (["inspector_id"], "inspectors", ["inspector_id"])])
    got = axes([inspectors, *_things("stations", "station_id", "surveyed_on", readings, inspections)])
    assert got["readings"] is None
    assert (got["inspections"].entity, got["inspections"].dimension) == ("stations", "surveyed_on")


def test_when_a_thing_was_installed_or_opened_dates_nothing_done_with_it():
    """A station's installation, a machine's fecha_instalacion, a branch's Eroeffnungsdatum, a
    plant's commissioning: when the thing began, its own time, but not that of the rows keyed by
    it and another thing (a bike rented at a station)."""
    bikes = table("bikes", [col("bike_id"), col("model", "TEXT")], pk=["bike_id"], rows=700)
    tables = [bikes]
    for name, key, began_on in (("stations", "station_id", "installation_date"), ("maquinas", "maquina_id", "fecha_instalacion"),
                                ("Filialen", "filiale_id", "Eroeffnungsdatum"), ("plants", "plant_id", "commissioned_on")):
        tables += _things(name, key, began_on, table(f"{name}_rentals", [col(key), col("bike_id"), col("fee", "NUMERIC(9,2)")],
                                                     pk=[key, "bike_id"], rows=900,
                                                     fks=[([key], name, [key]), (["bike_id"], "bikes", ["bike_id"])]))
    got = axes(tables)
    assert got["stations"].dimension == "installation_date" and got["filialen"].dimension == "eroeffnungsdatum"
    rentals = ("stations_rentals", "maquinas_rentals", "filialen_rentals", "plants_rentals")
    assert {n: got[n] for n in rentals} == dict.fromkeys(rentals)


def test_stock_keyed_by_a_product_still_on_sale_is_not_dated_by_its_sell_start():
    """Stock counted at each location, keyed by product and location: a product's sell-start date
    opens a period most products have not closed (their sell-end empty), the time the product
    began, not when the stock was counted. A shift, whose every period has ended, still dates
    the assignments keyed by it."""
    got = axes([
        table("products", [col("product_id"), col("name", "TEXT", distinct_count=500), col("list_price", "NUMERIC(9,2)"),
                           col("sell_start_date", "TIMESTAMP", null_count=0), col("sell_end_date", "TIMESTAMP", null_count=400)],
              pk=["product_id"], rows=500),
        table("locations", [col("location_id"), col("name", "TEXT")], pk=["location_id"], rows=14),
        table("stock", [col("product_id"), col("location_id"), col("quantity", "SMALLINT", min=0, max=900)],
              pk=["product_id", "location_id"], rows=1000,
              fks=[(["product_id"], "products", ["product_id"]), (["location_id"], "locations", ["location_id"])]),
        table("shifts", [col("shift_id"), col("start_time", "TIMESTAMP", null_count=0), col("end_time", "TIMESTAMP", null_count=0)],
              pk=["shift_id"], rows=300),
        table("people", [col("person_id"), col("name", "TEXT")], pk=["person_id"], rows=50),
        table("shift_assignments", [col("shift_id"), col("person_id"), col("hours", "NUMERIC(4,1)")],
              pk=["shift_id", "person_id"], rows=2000,
              fks=[(["shift_id"], "shifts", ["shift_id"]), (["person_id"], "people", ["person_id"])]),
    ])
    assert got["products"].dimension == "sell_start_date"
    assert got["stock"] is None
    assert (got["shift_assignments"].entity, got["shift_assignments"].dimension) == ("shifts", "start_time")


def test_a_history_of_versions_is_dated_by_when_each_version_took_effect():
    """SQL Server's `Customers_Archive` holds each customer's old versions, each valid from
    `ValidFrom` to `ValidTo`: the changes are dated by when each version began, not by the account's
    opening day that every version copies."""
    def customer_columns():
        return [col("CustomerID"), col("CustomerName", "TEXT"), col("CreditLimit", "NUMERIC(18,2)"),
                col("AccountOpenedDate", "DATE"), col("ValidFrom", "TIMESTAMP"), col("ValidTo", "TIMESTAMP")]
    got = axes([table("Customers", customer_columns(), pk=["CustomerID"], rows=200),
                table("Customers_Archive", customer_columns(), rows=300),
                table("Orders", [col("OrderID"), col("CustomerID"), col("OrderDate", "DATE")], pk=["OrderID"], rows=900,
                      fks=[(["CustomerID"], "Customers", ["CustomerID"])])])
    assert got["customers_archive"].dimension == "valid_from"
    assert got["customers"].dimension == "account_opened_date"


def test_a_history_is_dated_by_its_changes_not_by_its_parents_dates_copied_onto_them():
    """Salesforce's opportunity_history copies the opportunity's close date onto each change of
    stage: the changes happened when each row was created (stage changes by month, not by the
    month the deal closes). The parent keeps its close date."""
    got = axes([
        table("deal", [col("id", "TEXT"), col("close_date", "DATE"), col("created_date", "TIMESTAMP"),
                       col("amount", "NUMERIC(12,2)")], pk=["id"], rows=1000),
        table("deal_history", [col("id", "TEXT"), col("deal_id", "TEXT"), col("stage", "TEXT"), col("close_date", "DATE"),
                               col("created_date", "TIMESTAMP")], pk=["id"], rows=4000, fks=[(["deal_id"], "deal", ["id"])]),
    ])
    assert (got["deal"].dimension, got["deal_history"].dimension) == ("close_date", "created_date")


def test_lines_whose_only_time_is_empty_on_many_rows_take_their_headers_time():
    """TPC-C's order lines carry only their delivery time, empty on the 30% of lines still to
    deliver: by it those lines fall in no month and the rest in the month they were delivered.
    Revenue by month is by the order's entry date, filled on every order. Lines whose own time is
    filled on (nearly) every row keep it."""
    got = axes([
        table("orders", [col("o_id"), col("o_entry_d", "TIMESTAMP", null_count=0, distinct_count=100)], pk=["o_id"], rows=100),
        table("order_line", [col("ol_o_id"), col("ol_number"), col("ol_delivery_d", "TIMESTAMP", null_count=300, distinct_count=600),
                             col("ol_amount", "NUMERIC(6,2)")], pk=["ol_o_id", "ol_number"], rows=1000,
              fks=[(["ol_o_id"], "orders", ["o_id"])]),
        table("shipment_line", [col("sl_o_id"), col("sl_number"), col("sl_shipped_at", "TIMESTAMP", null_count=10, distinct_count=900),
                                col("sl_weight", "NUMERIC(6,2)")], pk=["sl_o_id", "sl_number"], rows=1000,
              fks=[(["sl_o_id"], "orders", ["o_id"])]),
    ])
    line = got["order_line"]
    assert (line.entity, line.dimension, line.provenance.rule) == ("orders", "o_entry_d", "parent_time")
    assert (got["shipment_line"].entity, got["shipment_line"].dimension) == ("shipment_line", "sl_shipped_at")


def test_a_day_kept_as_zeros_on_most_rows_gives_way_to_the_headers_time():
    """Delivery lines keep their goods-issue day as eight digits, '00000000' until the goods leave
    (most have not): that day is no day, empty as a NULL is, and the lines take their delivery
    header's creation day."""
    days = [("00000000", 700), *((f"2023{m:02d}15", 25) for m in range(1, 13))]
    tables = [
        table("deliveries", [col("delivery_no", "CHAR(10)"), col("creation_date", "CHAR(8)", min="20230101", max="20231231", min_length=8, max_length=8,
                                                                  values=[(f"2023{m:02d}01", 100) for m in range(1, 13)]),
                             col("net_weight", "NUMERIC(13,3)")],
              pk=["delivery_no"], rows=1200),
        table("delivery_items", [col("delivery_no", "CHAR(10)"), col("item_no", "CHAR(6)"),
                                 col("goods_issue_date", "CHAR(8)", min="00000000", max="20231215", min_length=8, max_length=8, values=days),
                                 col("quantity", "NUMERIC(13,3)")],
              pk=["delivery_no", "item_no"], rows=1000, fks=[(["delivery_no"], "deliveries", ["delivery_no"])]),
    ]
    got = axes(tables)
    assert (got["deliveries"].entity, got["deliveries"].dimension) == ("deliveries", "creation_date")
    assert (got["delivery_items"].entity, got["delivery_items"].dimension) == ("deliveries", "creation_date")


def test_lines_stamped_only_at_creation_take_their_headers_business_time():
    """An ORM stamps every table with create_date (Odoo's sale_order_line beside sale_order's
    date_order): a quotation's lines are typed days before the order is confirmed, and revenue by
    month is by the order's date. A payment with only its creation stamp keeps it: it is no line of
    the order it pays."""
    order = table("sale_order", [col("id"), col("date_order", "TIMESTAMP"), col("amount_total", "NUMERIC(12,2)"),
                                 col("create_date", "TIMESTAMP")], pk=["id"], rows=200)
    got = axes([order, table("sale_order_line", [col("id"), col("order_id"), col("price_subtotal", "NUMERIC(12,2)"),
                                                 col("create_date", "TIMESTAMP")],
                             pk=["id"], rows=600, fks=[(["order_id"], "sale_order", ["id"])])])
    lines = got["sale_order_line"]
    assert (lines.entity, lines.dimension, lines.provenance.rule) == ("sale_order", "date_order", "parent_time")
    got = axes([order, table("payment", [col("id"), col("order_id"), col("amount", "NUMERIC(12,2)"), col("create_date", "TIMESTAMP")],
                             pk=["id"], rows=150, fks=[(["order_id"], "sale_order", ["id"])])])
    assert (got["sale_order"].entity, got["sale_order"].dimension) == ("sale_order", "date_order")
    assert (got["payment"].entity, got["payment"].dimension) == ("payment", "create_date")
