"""classify_tables: table roles from the relationship graph, keys, rows and the kinds of values and times."""

from __future__ import annotations

import pytest

from ir.provenance import Provenance
from passes import classify_tables
from tests.semantics.build import col, prepare, run, table


def shop(dialect: str = "postgres", approximate: bool = False):
    d = dict(distinct_exact=False) if approximate else {}
    return [
        table("customers", [col("id"), col("name", "TEXT"), col("created_at", "TIMESTAMP")], pk=["id"], rows=100),
        table("products", [col("id"), col("title", "TEXT"), col("list_price", "NUMERIC(9,2)")], pk=["id"], rows=40),
        table("orders", [col("id"), col("customer_id"), col("order_date", "DATE"), col("status", "TEXT"),
                         col("total", "NUMERIC(12,2)", distinct_count=480 if approximate else 500, min=1, max=900, **d)],
              pk=["id"], rows=500, fks=[(["customer_id"], "customers", ["id"])]),
        table("order_items", [col("order_id"), col("line_no"), col("product_id"), col("quantity", min=1, max=9),
                              col("unit_price", "NUMERIC(9,2)")], pk=["order_id", "line_no"], rows=1500,
              fks=[(["order_id"], "orders", ["id"]), (["product_id"], "products", ["id"])]),
        table("order_history", [col("id"), col("order_id"), col("status", "TEXT"), col("changed_at", "TIMESTAMP")], pk=["id"],
              rows=2000, fks=[(["order_id"], "orders", ["id"])]),
        table("product_tags", [col("product_id"), col("tag_id")], pk=["product_id", "tag_id"],
              fks=[(["product_id"], "products", ["id"]), (["tag_id"], "tags", ["id"])]),
        table("tags", [col("id"), col("label", "TEXT")], pk=["id"], rows=10),
        table("page_views", [col("id"), col("customer_id"), col("product_id"), col("viewed_at", "TIMESTAMP")], pk=["id"],
              rows=9000, fks=[(["customer_id"], "customers", ["id"]), (["product_id"], "products", ["id"])]),
        table("settings", [col("key", "TEXT"), col("value", "TEXT")], pk=["key"], rows=3),
        table("order_summary", [col("order_id"), col("total", "NUMERIC(12,2)")], kind="view",
              fks=[(["order_id"], "orders", ["id"])]),
    ]


def roles(tables, dialect="postgres"):
    state, ctx = prepare(tables, "classify_tables", dialect)
    return {e.name: e.role for e in run(classify_tables, state, ctx).entities}, state.model


def test_roles_of_a_shop():
    got, model = roles(shop())
    assert got == {
        "customers": "dimension", "products": "dimension", "orders": "fact", "order_items": "fact",
        "order_history": "audit", "product_tags": "bridge", "tags": "dimension", "page_views": "event",
        "settings": "unknown", "order_summary": "fact",
    }
    entities = {e.name: e for e in model.entities}
    assert entities["order_history"].role_of == "orders"
    assert entities["orders"].role_provenance.rule == "fact_header"
    assert "order_items" in entities["orders"].role_provenance.evidence[0]


def test_a_view_over_a_dimension_does_not_make_it_one():
    # order_summary (a view) refers to orders: orders stays a fact.
    got, _ = roles(shop())
    assert got["orders"] == "fact"


def test_the_same_data_gets_the_same_roles_on_every_engine():
    want, _ = roles(shop())
    for dialect in ("duckdb", "sqlite", "mysql", "tsql"):
        assert roles(shop(dialect), dialect)[0] == want, dialect
    # Approximate distinct counts (HyperLogLog) change nothing.
    assert roles(shop(approximate=True))[0] == want


def test_a_fact_referred_to_by_another_fact_stays_one_when_its_time_is_named_after_it():
    tables = [
        table("customer", [col("customer_id"), col("create_date", "TIMESTAMP")], pk=["customer_id"], rows=300),
        table("inventory", [col("inventory_id"), col("film_id")], pk=["inventory_id"], rows=800),
        table("rental", [col("rental_id"), col("rental_date", "TIMESTAMP"), col("inventory_id"), col("customer_id"),
                         col("return_date", "TIMESTAMP")], pk=["rental_id"], rows=3000,
              fks=[(["inventory_id"], "inventory", ["inventory_id"]), (["customer_id"], "customer", ["customer_id"])]),
        table("payment", [col("payment_id"), col("customer_id"), col("rental_id"), col("amount", "NUMERIC(5,2)"),
                          col("payment_date", "TIMESTAMP")], pk=["payment_id"], rows=3000,
              fks=[(["customer_id"], "customer", ["customer_id"]), (["rental_id"], "rental", ["rental_id"])]),
    ]
    got, model = roles(tables)
    assert got == {"customer": "dimension", "inventory": "dimension", "rental": "fact", "payment": "fact"}
    assert next(e for e in model.entities if e.name == "rental").role_provenance.rule == "fact_event_time"


def test_a_time_named_by_the_verb_of_the_tables_noun_names_its_event():
    """Admissions admitted at ADMITTIME, referred to by the lab events and diagnoses of each stay:
    the admission is the event (admit, admission), a fact, as a rental dated by rental_date is; a
    patient is no such thing. Departures and enrolments read the same way."""
    events = [("admissions", "admittime", "subject_id", "patients"), ("departures", "departed_at", "flight_no", "flights"),
              ("enrollments", "enrolled_on", "student_id", "students")]
    for name, when, ref, parent in events:
        tables = [
            table(parent, [col(ref), col("name", "TEXT")], pk=[ref], rows=600),
            table(name, [col("event_id"), col(ref), col(when, "TIMESTAMP")], pk=["event_id"], rows=873,
                  fks=[([ref], parent, [ref])]),
            table("details", [col("row_id"), col("event_id"), col("charted_at", "TIMESTAMP"), col("value_num", "DOUBLE")],
                  pk=["row_id"], rows=8085, fks=[(["event_id"], name, ["event_id"])]),
        ]
        got, model = roles(tables)
        assert got[name] == "fact" and got[parent] == "dimension", (name, got)
        assert next(e for e in model.entities if e.name == name).role_provenance.rule == "fact_event_time"


def test_a_header_whose_lines_carry_its_key_and_a_line_number_is_a_fact():
    tables = [
        table("orders", [col("o_orderkey"), col("o_custkey"), col("o_totalprice", "DECIMAL(15,2)"), col("o_orderdate", "DATE")],
              pk=["o_orderkey"], rows=1500, fks=[(["o_custkey"], "customer", ["c_custkey"])]),
        table("customer", [col("c_custkey"), col("c_name", "TEXT")], pk=["c_custkey"], rows=150),
        table("lineitem", [col("l_orderkey"), col("l_linenumber"), col("l_quantity", "DECIMAL(15,2)")],
              pk=["l_orderkey", "l_linenumber"], rows=6000, fks=[(["l_orderkey"], "orders", ["o_orderkey"])]),
    ]
    got, _ = roles(tables)
    assert got == {"orders": "fact", "customer": "dimension", "lineitem": "fact"}


def test_lines_keyed_by_their_order_and_their_product_do_not_make_the_product_a_header():
    # The line table's key is (product, order), both foreign keys: neither is a line number, so
    # products is what the lines refer to (a dimension), not a header with its lines.
    tables = [
        table("orders", [col("orderNumber"), col("orderDate", "DATE"), col("customerNumber")], pk=["orderNumber"], rows=300,
              fks=[(["customerNumber"], "customers", ["customerNumber"])]),
        table("customers", [col("customerNumber"), col("customerName", "TEXT")], pk=["customerNumber"], rows=120),
        table("products", [col("productCode", "TEXT"), col("productLine", "TEXT"), col("quantityInStock"),
                           col("buyPrice", "NUMERIC(9,2)")], pk=["productCode"], rows=110,
              fks=[(["productLine"], "productlines", ["productLine"])]),
        table("productlines", [col("productLine", "TEXT"), col("textDescription", "TEXT")], pk=["productLine"], rows=7),
        table("orderdetails", [col("productCode", "TEXT"), col("orderNumber"), col("quantityOrdered"),
                               col("priceEach", "NUMERIC(9,2)")], pk=["productCode", "orderNumber"], rows=3000,
              fks=[(["productCode"], "products", ["productCode"]), (["orderNumber"], "orders", ["orderNumber"])]),
    ]
    got, _ = roles(tables)
    assert got["products"] == "dimension"
    assert got["orders"] == got["orderdetails"] == "fact"


def test_figures_broken_down_by_one_code_more_keep_their_parent_a_fact():
    """Batting by player, season and stint, and fielding by the same and the position played, each
    with counts of its own: batting had become a lookup its fielding rows refer to, its hits and
    home runs averaged. A table of people referred to by a key plus a name stays a dimension."""
    tables = [
        table("people", [col("playerID", "TEXT"), col("nameLast", "TEXT")], pk=["playerID"], rows=900),
        table("batting", [col("playerID", "TEXT"), col("yearID"), col("stint"), col("AB"), col("H"), col("HR")],
              pk=["playerID", "yearID", "stint"], rows=5000, fks=[(["playerID"], "people", ["playerID"])]),
        table("fielding", [col("playerID", "TEXT"), col("yearID"), col("stint"), col("POS", "TEXT"), col("PO"), col("E")],
              pk=["playerID", "yearID", "stint", "POS"], rows=7000,
              fks=[(["playerID", "yearID", "stint"], "batting", ["playerID", "yearID", "stint"])]),
        table("phones", [col("playerID", "TEXT"), col("kind", "TEXT"), col("number", "TEXT")], pk=["playerID", "kind"], rows=50,
              fks=[(["playerID"], "people", ["playerID"])]),
    ]
    got, _ = roles(tables)
    assert got["batting"] == got["fielding"] == "fact"
    assert got["people"] == "dimension"


def test_a_header_is_a_fact_of_its_detail_table_by_their_names():
    # Neither refers to anything else (their customers are elsewhere): the names pair them.
    tables = [
        table("SalesOrderHeader", [col("SalesOrderID"), col("OrderDate", "TIMESTAMP"), col("TotalDue", "NUMERIC(12,2)")],
              pk=["SalesOrderID"], rows=300),
        table("SalesOrderDetail", [col("SalesOrderID"), col("SalesOrderDetailID"), col("OrderQty"), col("UnitPrice", "NUMERIC(9,2)")],
              pk=["SalesOrderDetailID"], rows=1200, fks=[(["SalesOrderID"], "SalesOrderHeader", ["SalesOrderID"])]),
    ]
    got, model = roles(tables)
    assert got == {"sales_order_header": "fact", "sales_order_detail": "fact"}
    assert next(e for e in model.entities if e.name == "sales_order_header").role_provenance.rule == "fact_header"


def test_a_fact_named_after_a_dimension_does_not_make_it_a_header():
    """store_sales and store_returns extend the name `store`, but a store is what they happened
    at, not a sale whose lines they hold; invoice_lines are the lines of an invoice."""
    tables = [
        table("store", [col("s_store_sk"), col("s_store_name", "TEXT"), col("s_rec_start_date", "DATE"),
                        col("s_floor_space")], pk=["s_store_sk"], rows=12),
        table("store_sales", [col("ss_item_sk"), col("ss_ticket_number"), col("ss_store_sk"), col("ss_quantity"),
                              col("ss_net_paid", "NUMERIC(9,2)")], pk=["ss_item_sk", "ss_ticket_number"], rows=5000,
              fks=[(["ss_store_sk"], "store", ["s_store_sk"])]),
        table("invoice", [col("id"), col("invoice_date", "DATE"), col("total", "NUMERIC(9,2)")], pk=["id"], rows=300),
        table("invoice_lines", [col("id"), col("invoice_id"), col("amount", "NUMERIC(9,2)")], pk=["id"], rows=900,
              fks=[(["invoice_id"], "invoice", ["id"])]),
    ]
    got, _ = roles(tables)
    assert got["store"] == "dimension" and got["store_sales"] == "fact"
    assert got["invoice"] == "fact" and got["invoice_lines"] == "fact"


def test_partitions_name_their_parent():
    cols = lambda: [col("id"), col("amount", "NUMERIC(9,2)"), col("sold_on", "DATE")]  # noqa: E731
    tables = [table("sales", cols(), pk=["id"]), table("sales_2023", cols(), pk=["id"]), table("sales_2024", cols(), pk=["id"])]
    got, model = roles(tables)
    assert got["sales_2023"] == got["sales_2024"] == "partition"
    assert {e.role_of for e in model.entities if e.role == "partition"} == {"sales"}
    assert got["sales"] != "partition"


def test_a_human_role_is_kept():
    state, ctx = prepare(shop(), "classify_tables")
    customers = state.model.entities[0]
    customers.role, customers.role_provenance = "fact", Provenance(origin="human", by="mb.yaml")
    assert run(classify_tables, state, ctx).entities[0].role == "fact"


@pytest.mark.parametrize("rows", [None, 10, 10**7])
def test_row_counts_only_break_ties(rows):
    tables = shop()
    for t in tables:
        t.row_count = rows
    assert roles(tables)[0]["orders"] == "fact"


def test_a_link_that_holds_a_period_is_a_history_not_a_bridge():
    """An employee's years in a department (from_date, to_date) are counted and sliced by time like
    any fact; a link stamped only with its last update is a bridge."""
    got, _ = roles([
        table("employees", [col("emp_no"), col("name", "TEXT")], pk=["emp_no"], rows=300),
        table("departments", [col("dept_no", "TEXT"), col("dept_name", "TEXT")], pk=["dept_no"], rows=9),
        table("dept_emp", [col("emp_no"), col("dept_no", "TEXT"), col("from_date", "DATE"), col("to_date", "DATE")],
              pk=["emp_no", "dept_no"], rows=330, fks=[(["emp_no"], "employees", ["emp_no"]), (["dept_no"], "departments", ["dept_no"])]),
        table("film", [col("film_id"), col("title", "TEXT")], pk=["film_id"], rows=100),
        table("actor", [col("actor_id"), col("name", "TEXT")], pk=["actor_id"], rows=50),
        table("film_actor", [col("film_id"), col("actor_id"), col("last_update", "TIMESTAMP")], pk=["film_id", "actor_id"], rows=500,
              fks=[(["film_id"], "film", ["film_id"]), (["actor_id"], "actor", ["actor_id"])]),
    ])
    assert got["dept_emp"] == "fact" and got["film_actor"] == "bridge"


def test_a_history_of_a_link_is_a_fact_and_the_people_it_links_a_dimension():
    """Oracle's HR: job_history (an employee's jobs in departments, named as the history of jobs)
    is no audit trail of jobs, and employees, hired over time and named by a department as its
    manager, are the people the facts are about, not a fact beside them."""
    got, model = roles([
        table("jobs", [col("job_id", "TEXT"), col("job_title", "TEXT"), col("min_salary"), col("max_salary")], pk=["job_id"], rows=19),
        table("departments", [col("department_id"), col("department_name", "TEXT"), col("manager_id")], pk=["department_id"], rows=27,
              fks=[(["manager_id"], "employees", ["employee_id"])]),
        table("employees", [col("employee_id"), col("last_name", "TEXT"), col("hire_date", "DATE"), col("salary", "NUMERIC(8,2)"),
                            col("job_id", "TEXT"), col("department_id")], pk=["employee_id"], rows=107,
              fks=[(["job_id"], "jobs", ["job_id"]), (["department_id"], "departments", ["department_id"])]),
        table("job_history", [col("employee_id"), col("start_date", "DATE"), col("end_date", "DATE"), col("job_id", "TEXT"),
                              col("department_id")], pk=["employee_id", "start_date"], rows=40,
              fks=[(["employee_id"], "employees", ["employee_id"]), (["job_id"], "jobs", ["job_id"]),
                   (["department_id"], "departments", ["department_id"])]),
        table("orders", [col("id"), col("amount", "NUMERIC(8,2)"), col("ordered_at", "DATE")], pk=["id"], rows=100),
        table("order_history", [col("id"), col("order_id"), col("changed_by"), col("changed_at", "TIMESTAMP")], pk=["id"], rows=300,
              fks=[(["order_id"], "orders", ["id"]), (["changed_by"], "employees", ["employee_id"])]),
    ])
    assert got["job_history"] == "fact" and got["employees"] == "dimension"
    assert got["order_history"] == "audit"  # its subject and who changed it


def test_a_table_whose_own_time_is_a_bare_date_is_an_occurrence_its_rows_belong_to():
    """A race takes place on its date: the results, laps and standings that refer to it happened
    then (they take its time as their axis), whereas a lookup that other tables refer to and
    that has no time of its own stays a dimension."""
    tables = [
        table("circuits", [col("circuitId"), col("name", "TEXT")], pk=["circuitId"], rows=70),
        table("races", [col("raceId"), col("year"), col("round"), col("circuitId"), col("name", "TEXT"), col("date", "DATE")],
              pk=["raceId"], rows=1000, fks=[(["circuitId"], "circuits", ["circuitId"])]),
        table("drivers", [col("driverId"), col("surname", "TEXT"), col("dob", "DATE")], pk=["driverId"], rows=800),
        table("results", [col("resultId"), col("raceId"), col("driverId"), col("grid"), col("points", "NUMERIC(5,2)")],
              pk=["resultId"], rows=25000, fks=[(["raceId"], "races", ["raceId"]), (["driverId"], "drivers", ["driverId"])]),
    ]
    got, _ = roles(tables)
    assert got["races"] == "fact" and got["circuits"] == "dimension" and got["drivers"] == "dimension"
    state, _ = prepare(tables, "derive_measures")  # every pass before it, the time axes too
    axis = state.model.entity("results").time_axis
    assert (axis.entity, axis.dimension) == ("races", "date")


def test_a_bare_date_beside_referrers_dated_on_their_own_is_the_day_a_thing_began():
    """A bank account's `date` is the day it was opened; its transactions and loans keep their own
    days. The account is what they happen to, a dimension, and its standing orders (no day of
    their own) are not charted by the year the account was opened."""
    tables = [
        table("district", [col("district_id"), col("name", "TEXT")], pk=["district_id"], rows=77),
        table("account", [col("account_id"), col("district_id"), col("frequency", "TEXT"), col("date", "DATE")],
              pk=["account_id"], rows=4500, fks=[(["district_id"], "district", ["district_id"])]),
        table("trans", [col("trans_id"), col("account_id"), col("date", "DATE"), col("amount", "NUMERIC(10,1)")],
              pk=["trans_id"], rows=200000, fks=[(["account_id"], "account", ["account_id"])]),
        table("standing_order", [col("order_id"), col("account_id"), col("amount", "NUMERIC(10,1)")],
              pk=["order_id"], rows=6471, fks=[(["account_id"], "account", ["account_id"])]),
    ]
    got, _ = roles(tables)
    assert got["account"] == "dimension" and got["trans"] == "fact"
    state, _ = prepare(tables, "derive_measures")
    assert state.model.entity("standing_order").time_axis is None
    assert state.model.entity("trans").time_axis.dimension == "date"


def test_a_thing_keyed_by_a_calendars_day_is_a_daily_snapshot_not_a_bridge():
    """A currency's rates keyed by the currency and the calendar's day key: only keys and rates,
    yet one row per currency per day, which is counted and averaged by day, not a link."""
    days = dict(distinct_count=365, distinct_exact=True, min="2013-01-01", max="2013-12-31")
    tables = [
        table("dim_date", [col("date_key", distinct_count=365, distinct_exact=True, min=20130101, max=20131231),
                           col("full_date", "DATE", **days), col("day_of_week"), col("month_name", "TEXT"),
                           col("calendar_quarter"), col("calendar_year")], pk=["date_key"], rows=365),
        table("dim_currency", [col("currency_key"), col("currency_name", "TEXT")], pk=["currency_key"], rows=100),
        table("fact_currency_rate", [col("currency_key"), col("date_key"), col("average_rate", "FLOAT", min=0.1, max=3.5),
                                     col("end_of_day_rate", "FLOAT", min=0.1, max=3.6)],
              pk=["currency_key", "date_key"], rows=3650,
              fks=[(["currency_key"], "dim_currency", ["currency_key"]), (["date_key"], "dim_date", ["date_key"])]),
        table("film_actor", [col("film_id"), col("actor_id")], pk=["film_id", "actor_id"], rows=500,
              fks=[(["film_id"], "film", ["film_id"]), (["actor_id"], "actor", ["actor_id"])]),
        table("film", [col("film_id"), col("title", "TEXT")], pk=["film_id"], rows=100),
        table("actor", [col("actor_id"), col("name", "TEXT")], pk=["actor_id"], rows=50),
    ]
    state, ctx = prepare(tables, "classify_tables")
    model = run(classify_tables, state, ctx)
    assert model.entity("fact_currency_rate").role in ("fact", "event")
    assert model.entity("film_actor").role == "bridge"


def test_a_fact_only_a_bridge_refers_to_stays_a_fact():
    """Internet sales without a date of their own, linked to their sales reasons through a bridge
    keyed by the sale's line and the reason: still the sales."""
    tables = [
        table("dim_customer", [col("customer_key"), col("name", "TEXT")], pk=["customer_key"], rows=100),
        table("dim_product", [col("product_key"), col("name", "TEXT")], pk=["product_key"], rows=50),
        table("dim_sales_reason", [col("sales_reason_key"), col("name", "TEXT")], pk=["sales_reason_key"], rows=10),
        table("fact_internet_sales", [col("sales_order_number", "TEXT"), col("sales_order_line_number"), col("customer_key"),
                                      col("product_key"), col("sales_amount", "NUMERIC(19,4)")],
              pk=["sales_order_number", "sales_order_line_number"], rows=6000,
              fks=[(["customer_key"], "dim_customer", ["customer_key"]), (["product_key"], "dim_product", ["product_key"])]),
        table("fact_internet_sales_reason", [col("sales_order_number", "TEXT"), col("sales_order_line_number"), col("sales_reason_key")],
              pk=["sales_order_number", "sales_order_line_number", "sales_reason_key"], rows=6500,
              fks=[(["sales_order_number", "sales_order_line_number"], "fact_internet_sales",
                    ["sales_order_number", "sales_order_line_number"]),
                   (["sales_reason_key"], "dim_sales_reason", ["sales_reason_key"])]),
    ]
    got, _ = roles(tables)
    assert got["fact_internet_sales_reason"] == "bridge"
    assert got["fact_internet_sales"] == "fact"


def test_a_table_keyed_by_its_parents_and_bigger_than_what_refers_to_it_is_a_fact():
    """F1's lap_times (race, driver, lap; milliseconds) is referred to by the pit stops made on some
    laps: still the laps that happened, a fact, where a lookup referred to stays a dimension."""
    got, _ = roles([
        table("races", [col("raceId"), col("name", "TEXT")], pk=["raceId"], rows=90),
        table("drivers", [col("driverId"), col("surname", "TEXT")], pk=["driverId"], rows=30),
        table("lap_times", [col("raceId"), col("driverId"), col("lap"), col("milliseconds", min=60000, max=200000)],
              pk=["raceId", "driverId", "lap"], rows=100000, fks=[(["raceId"], "races", ["raceId"]), (["driverId"], "drivers", ["driverId"])]),
        table("pit_stops", [col("raceId"), col("driverId"), col("stop"), col("lap"), col("milliseconds", min=15000, max=60000)],
              pk=["raceId", "driverId", "stop"], rows=3000,
              fks=[(["raceId", "driverId", "lap"], "lap_times", ["raceId", "driverId", "lap"]), (["raceId"], "races", ["raceId"])]),
    ])
    assert got["lap_times"] == "fact" and got["pit_stops"] == "fact" and got["races"] == "dimension"


def test_a_daily_snapshot_looked_up_by_a_fact_stays_a_fact():
    """Contoso's exchange rates, keyed by a calendar's day and a currency, are looked up by the
    sales of that day: still rates to chart over time, a fact, not a list of things."""
    calendar = table("dim_date", [col("datekey"), col("full_date", "DATE"), col("year"), col("month"), col("quarter"),
                                  col("day_of_week")], pk=["datekey"], rows=1096)
    calendar.columns[1].profile = None
    got, _ = roles([
        calendar,
        table("dim_currency", [col("currency_key"), col("code", "TEXT")], pk=["currency_key"], rows=5),
        table("fact_exchange_rate", [col("datekey"), col("currency_key"), col("average_rate", "NUMERIC(12,6)", min=0.5, max=160)],
              pk=["datekey", "currency_key"], rows=5480,
              fks=[(["datekey"], "dim_date", ["datekey"]), (["currency_key"], "dim_currency", ["currency_key"])]),
        table("fact_sales", [col("sales_key"), col("datekey"), col("currency_key"), col("sales_amount", "NUMERIC(12,2)", min=1, max=9000)],
              pk=["sales_key"], rows=20000,
              fks=[(["datekey"], "dim_date", ["datekey"]), (["currency_key"], "dim_currency", ["currency_key"]),
                   (["datekey", "currency_key"], "fact_exchange_rate", ["datekey", "currency_key"])]),
    ])
    assert got["fact_exchange_rate"] == "fact" and got["fact_sales"] == "fact" and got["dim_currency"] == "dimension"


def test_parts_with_no_parent_take_their_own_roles():
    """A sales fact per year and nothing over them (FoodMart's sales_fact_1997 and _1998): each is
    queried on its own, so each is the fact it is, and its references make dimensions."""
    sales = lambda name: table(name, [col("product_id"), col("store_id"), col("store_sales", "NUMERIC(9,2)"),  # noqa: E731
                                      col("unit_sales", "NUMERIC(9,2)")], rows=5000,
                                fks=[(["product_id"], "product", ["product_id"]), (["store_id"], "store", ["store_id"])])
    got, _ = roles([
        table("product", [col("product_id"), col("product_name", "TEXT")], pk=["product_id"], rows=400),
        table("store", [col("store_id"), col("store_name", "TEXT")], pk=["store_id"], rows=25),
        sales("sales_fact_1997"), sales("sales_fact_1998"),
    ])
    assert got["sales_fact_1997"] == got["sales_fact_1998"] == "fact"
    assert got["product"] == got["store"] == "dimension"


def basket(orders="orders", user="user_id", lines="order_products"):
    """Instacart's shape: orders carry the user's id (no table of users) and when in the week,
    nothing to add up; their lines are keyed by the order and the product, a place in the cart
    and a 0/1 flag beside."""
    return [
        table("aisles", [col("aisle_id"), col("aisle", "TEXT")], pk=["aisle_id"], rows=134),
        table("products", [col("product_id"), col("product_name", "TEXT"), col("aisle_id")], pk=["product_id"], rows=4000,
              fks=[(["aisle_id"], "aisles", ["aisle_id"])]),
        table(orders, [col("order_id"), col(user, distinct_count=3000, min=1, max=3000), col("order_dow", min=0, max=6),
                       col("order_hour_of_day", min=0, max=23)], pk=["order_id"], rows=32000),
        table(lines, [col("order_id"), col("product_id"), col("add_to_cart_order", min=1, max=60, distinct_count=60),
                      col("reordered", values=[(0, 120000), (1, 150000)])], pk=["order_id", "product_id"], rows=270000,
              fks=[(["order_id"], orders, ["order_id"]), (["product_id"], "products", ["product_id"])]),
    ]


@pytest.mark.parametrize("orders,user,lines", [("orders", "user_id", "order_products"), ("Bestellungen", "KundeID", "BestellungenArtikel"),
                                               ("pedidos", "id_usuario", "pedidos_productos")])
def test_a_header_referred_to_only_by_its_lines_and_naming_someone_with_no_table_is_a_fact(orders, user, lines):
    """Instacart's orders: nothing to add up and no date, referred to only by their lines (keyed by
    the order and the product), and carrying the id of a user the database has no table of. They
    are the orders counted, not a list to look things up in; their lines link an order to a
    product, which makes them the order's lines, a fact, not a bridge between two things."""
    got, model = roles(basket(orders, user, lines))
    names = {e.table.name: e.name for e in model.entities}
    assert got[names[orders]] == "fact" and got[names[lines]] == "fact", got
    assert got["products"] == got["aisles"] == "dimension"
    header = model.entity(names[orders]).role_provenance
    assert header.rule == "header_of_lines" and any(user in e for e in header.evidence)
    assert model.entity(names[lines]).role_provenance.rule == "lines_of_header"


def test_a_link_between_two_named_things_stays_a_bridge_whatever_they_refer_to():
    """Sakila's film_actor links films (titled, in a language) to actors: a bridge, though a film
    refers to a language and only film_actor refers to it. An order named by nothing but its id
    whose id is unique on each row (an external system's) refers to no one: its link stays a
    bridge too."""
    got, _ = roles([
        table("language", [col("language_id"), col("name", "TEXT")], pk=["language_id"], rows=6),
        table("film", [col("film_id"), col("title", "TEXT"), col("language_id")], pk=["film_id"], rows=1000,
              fks=[(["language_id"], "language", ["language_id"])]),
        table("actor", [col("actor_id"), col("first_name", "TEXT"), col("last_name", "TEXT")], pk=["actor_id"], rows=200),
        table("film_actor", [col("film_id"), col("actor_id")], pk=["film_id", "actor_id"], rows=5462,
              fks=[(["film_id"], "film", ["film_id"]), (["actor_id"], "actor", ["actor_id"])]),
        table("carts", [col("cart_id"), col("session_id", distinct_count=300, min=1, max=300)], pk=["cart_id"], rows=300),
        table("cart_tags", [col("cart_id"), col("tag_id")], pk=["cart_id", "tag_id"], rows=500,
              fks=[(["cart_id"], "carts", ["cart_id"]), (["tag_id"], "tags", ["tag_id"])]),
        table("tags", [col("tag_id"), col("label", "TEXT")], pk=["tag_id"], rows=10),
    ])
    assert got["film_actor"] == "bridge" and got["film"] == got["actor"] == "dimension"
    assert got["cart_tags"] == "bridge"


def test_an_identifier_of_someone_with_no_table_refers_out_like_a_join():
    """Internet sales keyed by order and line, with an amount and a customer key the extract keeps
    no customers for, linked to their reasons through a bridge: the customer key refers out as a
    join would, so the sales are the fact the bridge hangs from, not a lookup."""
    got, model = roles([
        table("dim_sales_reason", [col("sales_reason_key"), col("name", "TEXT")], pk=["sales_reason_key"], rows=10),
        table("fact_internet_sales", [col("sales_order_number", "TEXT"), col("sales_order_line_number"),
                                      col("customer_key", distinct_count=900, min=1, max=900),
                                      col("sales_amount", "NUMERIC(19,4)")],
              pk=["sales_order_number", "sales_order_line_number"], rows=6000),
        table("fact_internet_sales_reason", [col("sales_order_number", "TEXT"), col("sales_order_line_number"), col("sales_reason_key")],
              pk=["sales_order_number", "sales_order_line_number", "sales_reason_key"], rows=6500,
              fks=[(["sales_order_number", "sales_order_line_number"], "fact_internet_sales",
                    ["sales_order_number", "sales_order_line_number"]),
                   (["sales_reason_key"], "dim_sales_reason", ["sales_reason_key"])]),
    ])
    assert got["fact_internet_sales"] == "fact" and got["fact_internet_sales_reason"] == "bridge"
    assert "customer_key" in model.entity("fact_internet_sales").role_provenance.evidence[0]


def test_a_named_thing_with_figures_a_start_and_two_lookups_is_what_the_lines_look_up():
    """A product has a name, a list price, a weight, the day it went on sale and a category and a
    model of its own: the order lines look it up, it is no occurrence. Read as a fact, the lines
    took its sell-start date as their time (revenue by the year the product went on sale, not by
    the order's year) and its list prices were added up. A visit with a time and costs, to a
    patient by a provider, has no name: still a fact its diagnoses refer to."""
    tables = [
        table("categories", [col("category_id"), col("name", "TEXT")], pk=["category_id"], rows=30),
        table("models", [col("model_id"), col("name", "TEXT")], pk=["model_id"], rows=120),
        table("products", [col("product_id"), col("name", "TEXT", distinct_count=500), col("list_price", "NUMERIC(9,2)"),
                           col("weight", "NUMERIC(8,2)"), col("sell_start_date", "TIMESTAMP"), col("category_id"),
                           col("model_id")], pk=["product_id"], rows=500,
              fks=[(["category_id"], "categories", ["category_id"]), (["model_id"], "models", ["model_id"])]),
        table("orders", [col("order_id"), col("order_date", "TIMESTAMP"), col("sub_total", "NUMERIC(12,2)")],
              pk=["order_id"], rows=30000),
        table("order_lines", [col("order_id"), col("order_line_id"), col("product_id"), col("quantity", min=1, max=9),
                              col("line_total", "NUMERIC(12,2)")], pk=["order_id", "order_line_id"], rows=120000,
              fks=[(["order_id"], "orders", ["order_id"]), (["product_id"], "products", ["product_id"])]),
        table("patients", [col("id"), col("name", "TEXT")], pk=["id"], rows=100),
        table("providers", [col("id"), col("name", "TEXT")], pk=["id"], rows=10),
        table("visits", [col("id"), col("patient"), col("provider"), col("start", "TIMESTAMP"), col("total_cost", "NUMERIC(9,2)")],
              pk=["id"], rows=300, fks=[(["patient"], "patients", ["id"]), (["provider"], "providers", ["id"])]),
        table("diagnoses", [col("id"), col("visit"), col("code", "TEXT")], pk=["id"], rows=900,
              fks=[(["visit"], "visits", ["id"])]),
    ]
    got, model = roles(tables)
    assert got["products"] == "dimension"
    assert got["order_lines"] == "fact" and got["orders"] == "fact"
    assert got["visits"] == "fact"


def test_a_history_holding_its_subjects_rows_whole_is_its_history_whatever_it_refers_to():
    """A system-versioned table's history (SQL Server's `Customers_Archive` beside `Customers`)
    holds every column of its subject, so it refers to all its subject refers to, or, with no keys
    declared on it, to nothing: it is the subject's past versions, no fact of its own."""
    def customer_columns():
        return [col("CustomerID"), col("CustomerName", "TEXT"), col("CategoryID"), col("CityID"), col("CreditLimit", "NUMERIC(18,2)"),
                col("AccountOpenedDate", "DATE"), col("ValidFrom", "TIMESTAMP"), col("ValidTo", "TIMESTAMP")]
    for keyed in (True, False):
        fks = [(["CategoryID"], "Categories", ["CategoryID"]), (["CityID"], "Cities", ["CityID"])]
        archive_fks = fks + [(["CustomerID"], "Customers", ["CustomerID"])] if keyed else []
        got, model = roles([
            table("Categories", [col("CategoryID"), col("CategoryName", "TEXT")], pk=["CategoryID"], rows=8),
            table("Cities", [col("CityID"), col("CityName", "TEXT")], pk=["CityID"], rows=100),
            table("Customers", customer_columns(), pk=["CustomerID"], rows=200, fks=fks),
            table("Customers_Archive", customer_columns(), rows=300, fks=archive_fks),
            table("Orders", [col("OrderID"), col("CustomerID"), col("OrderDate", "DATE")], pk=["OrderID"], rows=900,
                  fks=[(["CustomerID"], "Customers", ["CustomerID"])]),
        ])
        assert got["customers_archive"] == "audit", keyed
        assert {e.name: e for e in model.entities}["customers_archive"].role_of == "customers"


def web_pages(end_nulls: int):
    """A web page list dated by a record end nobody set, with counts on it, that refers to a
    calendar twice and to a customer, and that the sales and returns refer to."""
    return [
        table("date_dim", [col("d_date_sk"), col("d_date", "DATE"), col("d_year"), col("d_moy")], pk=["d_date_sk"], rows=1826),
        table("customer", [col("c_customer_sk"), col("c_first_name", "TEXT")], pk=["c_customer_sk"], rows=1000),
        table("web_page", [col("wp_web_page_sk"), col("wp_creation_date_sk"), col("wp_access_date_sk"), col("wp_customer_sk"),
                           col("wp_rec_end_date", "DATE", null_count=end_nulls),
                           col("wp_char_count", min=300, max=7000, distinct_count=58), col("wp_link_count", min=2, max=25,
                                                                                             distinct_count=24)],
              pk=["wp_web_page_sk"], rows=60,
              fks=[(["wp_creation_date_sk"], "date_dim", ["d_date_sk"]), (["wp_access_date_sk"], "date_dim", ["d_date_sk"]),
                   (["wp_customer_sk"], "customer", ["c_customer_sk"])]),
        table("web_returns", [col("wr_item_sk"), col("wr_order_number"), col("wr_web_page_sk"), col("wr_returned_date_sk"),
                              col("wr_return_amt", "NUMERIC(7,2)", min=1, max=900, distinct_count=260)],
              pk=["wr_item_sk", "wr_order_number"], rows=271,
              fks=[(["wr_web_page_sk"], "web_page", ["wp_web_page_sk"]), (["wr_returned_date_sk"], "date_dim", ["d_date_sk"])]),
    ]


def test_a_time_empty_on_every_row_makes_no_fact():
    # TPC-DS's web_page: its only business time, the record's end, is empty on every row; it is
    # what the returns are looked up by, not an occurrence they belong to (and then date them by).
    got, model = roles(web_pages(end_nulls=60))
    assert got["web_page"] == "dimension"
    filled, _ = roles(web_pages(end_nulls=0))
    assert filled["web_page"] == "fact"  # the encounter rule still holds where the time has values


def _lines_and_refunds(names):
    """An order's lines keyed by their own id (no line number), with quantities and amounts but no
    time of their own, referred to by the refunded lines; refunds dated, holding no figures."""
    o, ln, r, rl, p = names
    return [
        table("customers", [col("id"), col("name", "TEXT"), col("created_at", "TIMESTAMP")], pk=["id"], rows=800),
        table(p, [col("id"), col("title", "TEXT"), col("created_at", "TIMESTAMP")], pk=["id"], rows=300),
        table(o, [col("id"), col("customer_id"), col("placed_at", "TIMESTAMP"), col("status", "TEXT"),
                  col("total_price", "NUMERIC(12,2)", min=1, max=900, distinct_count=4000)], pk=["id"], rows=5000,
              fks=[(["customer_id"], "customers", ["id"])]),
        table(ln, [col("id"), col("order_id"), col("product_id"), col("name", "TEXT"), col("quantity", min=1, max=9),
                   col("line_price", "NUMERIC(9,2)", min=1, max=400, distinct_count=900)], pk=["id"], rows=9000,
              fks=[(["order_id"], o, ["id"]), (["product_id"], p, ["id"])]),
        table(r, [col("id"), col("order_id"), col("note", "TEXT"), col("processed_at", "TIMESTAMP")], pk=["id"], rows=900,
              fks=[(["order_id"], o, ["id"])]),
        table(rl, [col("id"), col("refund_id"), col("line_id"), col("quantity", min=1, max=3),
                   col("subtotal", "NUMERIC(9,2)", min=1, max=400, distinct_count=500)], pk=["id"], rows=1300,
              fks=[(["refund_id"], r, ["id"]), (["line_id"], ln, ["id"])]),
    ]


@pytest.mark.parametrize("names", [
    ("orders", "order_lines", "refunds", "order_line_refunds", "products"),
    ("pedidos", "lineas_pedido", "reembolsos", "lineas_reembolsadas", "productos"),
])
def test_lines_dated_by_their_order_and_refunds_of_orders_are_facts(names):
    o, ln, r, rl, p = names
    got, _ = roles(_lines_and_refunds(names))
    # The lines happened with their order, though refund lines refer to them; the refunds happened
    # to some of the orders, each at its own time, though their lines refer to them.
    assert (got[o], got[ln], got[r], got[rl], got[p]) == ("fact", "fact", "fact", "fact", "dimension")


def test_refunded_lines_are_dated_by_their_refund_and_lines_by_their_order():
    from passes import choose_time_axes
    state, ctx = prepare(_lines_and_refunds(("orders", "order_lines", "refunds", "order_line_refunds", "products")),
                         "choose_time_axes")
    axes = {e.name: e.time_axis for e in run(choose_time_axes, state, ctx).entities}
    assert (axes["order_lines"].entity, axes["order_lines"].dimension) == ("orders", "placed_at")
    # A refund of last year's order is counted in the month it was processed, not the order's.
    assert (axes["order_line_refunds"].entity, axes["order_line_refunds"].dimension) == ("refunds", "processed_at")


@pytest.mark.parametrize("items_pk", [[], ["hit_key", "sku"]])
def test_a_flat_event_table_its_items_refer_to_stays_a_fact(items_pk):
    """An analytics export flattened: one row per hit with its revenue and time, and `items`, one
    row per product of a hit carrying the hit's key and referring to nothing else. The hits were
    read as a dimension the items look up, and lost their visitor counts."""
    tables = [
        table("web_hits", [col("hit_key", "TEXT"), col("hit_date", "DATE"), col("visitor_id", "TEXT", distinct_count=300),
                           col("revenue", "NUMERIC(12,2)", min=0, max=900)], pk=["hit_key"], rows=9000),
        table("items", [col("hit_key", "TEXT"), col("sku", "TEXT"), col("quantity", min=1, max=5),
                        col("price", "NUMERIC(9,2)")], pk=items_pk, rows=700, fks=[(["hit_key"], "web_hits", ["hit_key"])]),
    ]
    got, _ = roles(tables)
    assert got == {"web_hits": "fact", "items": "fact"}


def test_items_of_a_catalog_with_keys_of_their_own_do_not_make_it_a_header():
    # Stock items each keyed by their own id, or item lines that refer to a product and an order:
    # the product is what they look up.
    tables = [
        table("products", [col("product_id"), col("launch_date", "DATE"), col("list_price", "NUMERIC(9,2)")],
              pk=["product_id"], rows=5000),
        table("stock_items", [col("id"), col("product_id"), col("cost", "NUMERIC(9,2)")], pk=["id"], rows=900,
              fks=[(["product_id"], "products", ["product_id"])]),
        table("orders", [col("order_id"), col("order_date", "DATE")], pk=["order_id"], rows=800),
        table("line_items", [col("order_id"), col("product_id"), col("quantity", min=1, max=5)], rows=1500,
              fks=[(["order_id"], "orders", ["order_id"]), (["product_id"], "products", ["product_id"])]),
    ]
    got, _ = roles(tables)
    assert got["products"] == "dimension"


def _header_with_events(orders: str, lines: str, refunds: str, shipments: str, payments: str, c, per: int):
    """A shop's orders (a business time, amounts), `per` lines each, and what happened to them
    afterwards: a refund for one order in ten, a shipment each, a payment each plus the refunds'.
    `c` spells a column's words in the schema's own style."""
    n = 2000
    oid = c("order id")
    return [
        table(c("customers"), [col(c("customer id")), col(c("email"), "TEXT", distinct_count=1500), col(c("first name"), "TEXT"),
                                col(c("created at"), "TIMESTAMP"), col(c("total spent"), "NUMERIC(12,2)")],
              pk=[c("customer id")], rows=1500),
        table(c("products"), [col(c("product id")), col(c("title"), "TEXT"), col(c("vendor"), "TEXT"), col(c("list price"), "NUMERIC(9,2)")],
              pk=[c("product id")], rows=300),
        table(orders, [col(oid), col(c("customer id"), distinct_count=1400), col(c("processed at"), "TIMESTAMP"),
                       col(c("created at"), "TIMESTAMP"), col(c("updated at"), "TIMESTAMP"),
                       col(c("financial status"), "TEXT", values=[("paid", n - 200), ("refunded", 200)]),
                       col(c("total price"), "NUMERIC(12,2)", min=5, max=900), col(c("total tax"), "NUMERIC(12,2)")],
              pk=[oid], rows=n, fks=[([c("customer id")], c("customers"), [c("customer id")])]),
        table(lines, [col(oid), col(c("line number"), min=1, max=per), col(c("product id")), col(c("quantity"), min=1, max=9),
                      col(c("price"), "NUMERIC(9,2)")], pk=[oid, c("line number")], rows=n * per,
              fks=[([oid], orders, [oid]), ([c("product id")], c("products"), [c("product id")])]),
        table(refunds, [col(c("refund id")), col(oid), col(c("created at"), "TIMESTAMP"), col(c("processed at"), "TIMESTAMP"),
                        col(c("note"), "TEXT")], pk=[c("refund id")], rows=n // 10, fks=[([oid], orders, [oid])]),
        table(shipments, [col(c("shipment id")), col(oid), col(c("created at"), "TIMESTAMP"),
                          col(c("tracking company"), "TEXT", values=[("UPS", n // 2), ("DHL", n // 2)])],
              pk=[c("shipment id")], rows=n, fks=[([oid], orders, [oid])]),
        table(payments, [col(c("payment id")), col(oid), col(c("refund id")), col(c("created at"), "TIMESTAMP"),
                         col(c("kind"), "TEXT", values=[("sale", n), ("refund", n // 10)]), col(c("amount"), "NUMERIC(12,2)")],
              pk=[c("payment id")], rows=n + n // 10, fks=[([oid], orders, [oid]), ([c("refund id")], refunds, [c("refund id")])]),
    ]


def _snake(words: str) -> str:
    return words.replace(" ", "_")


def _pascal(words: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words.split())


_SPANISH = {"customers": "clientes", "customer id": "cliente_id", "email": "correo", "first name": "nombre",
            "created at": "creado_en", "total spent": "total_gastado", "products": "productos", "product id": "producto_id",
            "title": "titulo", "vendor": "proveedor", "list price": "precio_lista", "order id": "pedido_id",
            "processed at": "procesado_en", "updated at": "actualizado_en", "financial status": "estado_pago",
            "total price": "importe_total", "total tax": "impuesto_total", "line number": "numero_linea",
            "quantity": "cantidad", "price": "precio", "refund id": "devolucion_id", "note": "nota",
            "shipment id": "envio_id", "tracking company": "transportista", "payment id": "pago_id", "kind": "tipo",
            "amount": "importe"}


@pytest.mark.parametrize("per", [3, 4, 5])
@pytest.mark.parametrize("style", ["snake", "pascal", "spanish"])
def test_a_header_stays_a_fact_when_its_refunds_shipments_and_payments_refer_to_it(style, per):
    # Orders referred to by their lines (several each) and by what happened to them afterwards
    # are still what a BI developer counts and sums by order date; customers and products, whose
    # biggest referrers (orders, order lines) are none of theirs, stay dimensions.
    names = {"snake": ("orders", "order_lines", "refunds", "fulfillments", "transactions", _snake),
             "pascal": ("SalesOrderHeader", "SalesOrderDetail", "SalesOrderRefund", "Shipment", "Payment", _pascal),
             "spanish": ("pedidos", "lineas_pedido", "devoluciones", "envios", "pagos", _SPANISH.__getitem__)}[style]
    _, model = roles(_header_with_events(*names, per=per))
    by_table = {e.table.name: e for e in model.entities}
    orders, lines, refunds, shipments, payments, c = names
    assert by_table[orders].role == "fact", by_table[orders].role_provenance
    assert by_table[orders].role_provenance.rule == "fact_header_events"
    # What happened to each order is a fact too (a shipment with no values is the order's detail,
    # or an event where its time reads as when it happened, not as a creation stamp).
    assert all(by_table[t].role == "fact" for t in (lines, refunds, payments))
    assert by_table[shipments].role in ("fact", "event")
    assert by_table[c("customers")].role == "dimension" and by_table[c("products")].role == "dimension"


def test_a_customer_whose_biggest_referrer_is_its_orders_stays_a_dimension():
    # Customers with a signup time, an amount, and a detail of their own (their addresses by
    # number) are looked up by their orders, which outnumber the addresses: a dimension.
    tables = [
        table("customers", [col("id"), col("signup_date", "DATE"), col("credit_limit", "NUMERIC(12,2)", min=0, max=9000)],
              pk=["id"], rows=1000),
        table("customer_addresses", [col("customer_id"), col("address_no", min=1, max=3), col("city", "TEXT"),
                                     col("balance", "NUMERIC(12,2)")], pk=["customer_id", "address_no"], rows=1500,
              fks=[(["customer_id"], "customers", ["id"])]),
        table("orders", [col("id"), col("customer_id"), col("placed", "TIMESTAMP"), col("total", "NUMERIC(12,2)")], pk=["id"],
              rows=5000, fks=[(["customer_id"], "customers", ["id"])]),
    ]
    got, model = roles(tables)
    assert got["customers"] == "dimension", next(e for e in model.entities if e.name == "customers").role_provenance


def test_a_product_whose_biggest_referrer_is_its_stock_by_location_stays_a_dimension():
    # A named product with a list price and a sell-start date, its stock kept per location (more
    # rows than anything else refers to it with) and a few dated work orders and reviews: the stock
    # is keyed by the product and a location, no lines of it, so the product stays what is looked up.
    tables = [
        table("product", [col("product_id"), col("name", "TEXT", distinct_count=500), col("list_price", "NUMERIC(9,2)"),
                          col("weight", "NUMERIC(9,2)", min=0.1, max=90), col("sell_start_date", "TIMESTAMP"),
                          col("product_subcategory_id")], pk=["product_id"], rows=500,
              fks=[(["product_subcategory_id"], "product_subcategory", ["product_subcategory_id"])]),
        table("product_subcategory", [col("product_subcategory_id"), col("name", "TEXT")], pk=["product_subcategory_id"], rows=37),
        table("location", [col("location_id"), col("name", "TEXT")], pk=["location_id"], rows=14),
        table("product_inventory", [col("product_id"), col("location_id"), col("quantity", min=0, max=900)],
              pk=["product_id", "location_id"], rows=1069,
              fks=[(["product_id"], "product", ["product_id"]), (["location_id"], "location", ["location_id"])]),
        table("work_order", [col("work_order_id"), col("product_id"), col("order_qty", min=1, max=900),
                             col("start_date", "TIMESTAMP")], pk=["work_order_id"], rows=300,
              fks=[(["product_id"], "product", ["product_id"])]),
        table("product_review", [col("product_review_id"), col("product_id"), col("review_date", "TIMESTAMP"),
                                 col("rating", min=1, max=5)], pk=["product_review_id"], rows=4,
              fks=[(["product_id"], "product", ["product_id"])]),
    ]
    got, model = roles(tables)
    assert got["product"] == "dimension", next(e for e in model.entities if e.name == "product").role_provenance
