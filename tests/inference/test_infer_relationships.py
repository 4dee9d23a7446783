"""Relationship and key inference on small real databases (profiled by the real profiler), in
several naming styles: snake_case, CamelCase, UPPER, tbl_ prefixes, abbreviations."""

from __future__ import annotations

import random

import pytest

from compiler.config import Config
from tests.inference.build import edges, infer, sqlite_db, suggestions

CUSTOMERS = [(i, f"name {i}", f"c{i}@example.com") for i in range(1, 41)]
ORDERS = [(100 + i, 1 + i % 40, 1 + i % 7, 1 + i % 5, 10.5 * i) for i in range(200)]

STYLES = {
    "snake": dict(cust="customers", cid="id", cname="name", orders="orders", oid="id", ofk="customer_id"),
    "camel": dict(cust="Customer", cid="CustomerId", cname="Name", orders="SalesOrder", oid="SalesOrderId", ofk="CustomerId"),
    "upper": dict(cust="CUSTOMERS", cid="CUSTOMER_ID", cname="NAME", orders="ORDERS", oid="ORDER_ID", ofk="CUSTOMER_ID"),
    "tbl_prefix": dict(cust="tbl_customer", cid="id", cname="name", orders="tbl_order", oid="id", ofk="customer_id"),
    "abbreviated": dict(cust="customer", cid="customer_id", cname="name", orders="orders", oid="order_id", ofk="cust_id"),
    "glued": dict(cust="customer", cid="c_custkey", cname="c_name", orders="orders", oid="o_orderkey", ofk="o_custkey", email="c_email"),
}


def _shop(tmp_path, s, pk=True):
    key = " PRIMARY KEY" if pk else ""
    return sqlite_db(tmp_path / "shop.sqlite", {
        s["cust"]: (f'"{s["cid"]}" INTEGER{key}, "{s["cname"]}" TEXT, "{s.get("email", "email")}" TEXT', CUSTOMERS),
        s["orders"]: (f'"{s["oid"]}" INTEGER{key}, "{s["ofk"]}" INTEGER, quantity INTEGER, rating INTEGER, total NUMERIC(10,2)',
                      [(o, c, q, r, t) for o, c, q, r, t in ORDERS]),
    })


@pytest.mark.parametrize("style", sorted(STYLES))
def test_foreign_key_found_in_every_naming_style(tmp_path, style):
    s = STYLES[style]
    model, _ = infer(_shop(tmp_path, s))
    assert edges(model) == {(s["orders"], s["ofk"], s["cust"], s["cid"])}
    rel = model.relationships[0]
    assert rel.origin == "inferred" and rel.cardinality == "many_to_one" and rel.confidence >= 0.8
    assert any(e.startswith("containment: 40/40") for e in rel.evidence)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_keys_inferred_from_profiles_when_undeclared(tmp_path, style):
    s = STYLES[style]
    model, _ = infer(_shop(tmp_path, s, pk=False))
    cust = next(e for e in model.entities if e.table.name == s["cust"])
    assert cust.primary_key == [s["cid"]]
    assert cust.primary_key_provenance.rule == "unique_not_null_profile"
    assert cust.key_kind == "surrogate"
    assert edges(model) == {(s["orders"], s["ofk"], s["cust"], s["cid"])}


@pytest.mark.parametrize("style", ["snake", "camel", "upper", "tbl_prefix"])
def test_without_data_names_still_find_the_join_with_lower_confidence(tmp_path, style):
    s = STYLES[style]
    with_data, _ = infer(_shop(tmp_path, s))
    model, _ = infer(tmp_path / "shop.sqlite", profile=False)
    assert edges(model) == {(s["orders"], s["ofk"], s["cust"], s["cid"])}
    assert model.relationships[0].confidence < with_data.relationships[0].confidence
    assert "no data to confirm: names and types only" in model.relationships[0].evidence


def test_names_alone_find_keys_without_profiles(tmp_path):
    s = STYLES["glued"]
    model, _ = infer(_shop(tmp_path, s, pk=False), profile=False)
    cust = next(e for e in model.entities if e.table.name == "customer")
    assert cust.primary_key == ["c_custkey"] and cust.primary_key_provenance.rule == "identifier_name"
    assert cust.primary_key_provenance.confidence < 0.8


def test_small_integer_decoys_never_join(tmp_path):
    """quantity, rating and line_no all fall inside 1..20 of a tiny lookup table: no joins."""
    path = sqlite_db(tmp_path / "decoy.sqlite", {
        "size": ("id INTEGER PRIMARY KEY, label TEXT", [(i, f"s{i}") for i in range(1, 21)]),
        "review": ("id INTEGER PRIMARY KEY, rating INTEGER, quantity INTEGER, line_no INTEGER, stars INTEGER, Qty INTEGER",
                   [(i, 1 + i % 5, 1 + i % 20, 1 + i % 9, 1 + i % 5, 1 + i % 3) for i in range(1, 300)]),
    })
    model, diags = infer(path)
    assert edges(model) == set()
    assert not any("rating" in s or "quantity" in s or "line_no" in s for s in suggestions(diags))


def test_an_identifier_named_for_one_table_never_joins_another_by_its_numbers(tmp_path):
    """ProductModelID repeats in its own table (one row per model and language), so no key holds
    it; ProductCategory's key 1..41 holds its numbers 1..17, but the name says model, not category."""
    path = sqlite_db(tmp_path / "models.sqlite", {
        "ProductCategory": ("ProductCategoryID INTEGER PRIMARY KEY, Name TEXT", [(i, f"cat {i}") for i in range(1, 42)]),
        "ProductModel": ("ProductModelID INTEGER, Culture TEXT, Description TEXT",
                         [(1 + i % 17, ["en", "fr", "de", "ar", "he", "th"][i % 6], f"text {i}") for i in range(102)]),
    })
    model, diags = infer(path)
    assert not any(r.from_.table == "ProductModel" for r in model.relationships)


def test_role_playing_keys_both_point_at_one_table(tmp_path):
    addresses = [(i, f"street {i}") for i in range(1, 51)]
    path = sqlite_db(tmp_path / "role.sqlite", {
        "address": ("address_id INTEGER PRIMARY KEY, street TEXT", addresses),
        "shipment": ("shipment_id INTEGER PRIMARY KEY, ship_address_id INTEGER, bill_address_id INTEGER, ShipToAddressId INTEGER",
                     [(i, 1 + i % 50, 1 + (i * 7) % 50, 1 + (i * 3) % 50) for i in range(1, 120)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("shipment", c, "address", "address_id") for c in ("ship_address_id", "bill_address_id", "ShipToAddressId")}
    explore = next(x for x in model.explores if x.root == "shipment")
    assert {j.alias for j in explore.joins} == {"ship_address", "bill_address", "ship_to_address"}


@pytest.mark.parametrize("column", ["manager_id", "ReportsTo", "parent_id", "SUPERVISOR_ID"])
def test_self_references(tmp_path, column):
    rows = [(i, f"e{i}", None if i == 1 else 1 + (i - 2) // 3) for i in range(1, 40)]
    path = sqlite_db(tmp_path / "self.sqlite", {"employee": (f'id INTEGER PRIMARY KEY, name TEXT, "{column}" INTEGER', rows)})
    model, _ = infer(path)
    assert edges(model) == {("employee", column, "employee", "id")}


def test_self_reference_by_role_in_a_tree_table(tmp_path):
    rows = [(i, f"c{i}", None if i < 3 else 1 + i % 2) for i in range(1, 30)]
    path = sqlite_db(tmp_path / "tree.sqlite", {"categories": ("CategoryId INTEGER PRIMARY KEY, Name TEXT, ParentCategoryId INTEGER", rows)})
    model, _ = infer(path)
    assert edges(model) == {("categories", "ParentCategoryId", "categories", "CategoryId")}


@pytest.mark.parametrize("none", [0, -1])
def test_a_zero_written_for_no_parent_does_not_hide_the_self_reference(tmp_path, none):
    """FoodMart's top employee has supervisor_id 0, and many MySQL schemas write parent_id 0 for a
    root: the value is no row, so it neither proves nor refutes the reference."""
    staff = [(i, f"e{i}", none if i == 1 else 1 + (i - 2) // 4) for i in range(1, 60)]
    cats = [(i, f"c{i}", none if i <= 3 else 1 + i % 3) for i in range(1, 30)]
    path = sqlite_db(tmp_path / "zero.sqlite", {
        "employee": ("employee_id INTEGER PRIMARY KEY, full_name TEXT, supervisor_id INTEGER", staff),
        "category": ("id INTEGER PRIMARY KEY, name TEXT, parent_id INTEGER", cats),
    })
    model, _ = infer(path)
    assert edges(model) == {("employee", "supervisor_id", "employee", "employee_id"), ("category", "parent_id", "category", "id")}


def test_values_below_a_keys_range_that_are_no_placeholder_still_refute_it(tmp_path):
    staff = [(i, f"e{i}", -5 if i == 1 else 1 + (i - 2) // 4) for i in range(1, 60)]
    path = sqlite_db(tmp_path / "neg.sqlite", {"employee": ("employee_id INTEGER PRIMARY KEY, full_name TEXT, supervisor_id INTEGER", staff)})
    model, _ = infer(path)
    assert edges(model) == set()


def test_a_span_counted_in_days_refers_to_no_person_whatever_its_words(tmp_path):
    """WideWorldImporters' StockItems.LeadTimeDays (7 to 20) lay among the people's ids and 'lead'
    names a person's role: it had joined the people table."""
    people = [(i, f"p{i}") for i in range(1, 300)]
    items = [(i, f"item {i}", 7 + i % 14, 1 + i % 290) for i in range(1, 200)]
    path = sqlite_db(tmp_path / "wwi.sqlite", {
        "People": ("PersonID INTEGER PRIMARY KEY, FullName TEXT", people),
        "StockItems": ("StockItemID INTEGER PRIMARY KEY, StockItemName TEXT, LeadTimeDays INTEGER, SupplierID INTEGER", items),
    })
    model, _ = infer(path)
    assert ("StockItems", "LeadTimeDays", "People", "PersonID") not in edges(model)


def test_person_roles_point_at_the_people_table(tmp_path):
    path = sqlite_db(tmp_path / "people.sqlite", {
        "users": ("id INTEGER PRIMARY KEY, login TEXT", [(i, f"u{i}") for i in range(1, 31)]),
        "ticket": ("id INTEGER PRIMARY KEY, created_by INTEGER, assignee_id INTEGER, title TEXT",
                   [(i, 1 + i % 30, 1 + i % 11, f"t{i}") for i in range(1, 200)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("ticket", "created_by", "users", "id"), ("ticket", "assignee_id", "users", "id")}


def test_text_keys_country_codes(tmp_path):
    countries = [("US", "United States"), ("FR", "France"), ("DE", "Germany"), ("JP", "Japan"), ("BR", "Brazil")]
    path = sqlite_db(tmp_path / "text.sqlite", {
        "country": ("code CHAR(2) PRIMARY KEY, name TEXT", countries),
        "Store": ("StoreId INTEGER PRIMARY KEY, CountryCode CHAR(2), City TEXT",
                  [(i, countries[i % 5][0], f"city {i}") for i in range(1, 60)]),
        "warehouse": ("id INTEGER PRIMARY KEY, country CHAR(2)", [(i, countries[i % 3][0]) for i in range(1, 20)]),
    })
    model, diags = infer(path)
    got = edges(model)
    assert ("Store", "CountryCode", "country", "code") in got
    assert ("warehouse", "country", "country", "code") in got
    assert all(e[2] == "country" for e in got)


def test_bridge_table_many_to_many(tmp_path):
    path = sqlite_db(tmp_path / "bridge.sqlite", {
        "student": ("student_id INTEGER PRIMARY KEY, name TEXT", [(i, f"s{i}") for i in range(1, 41)]),
        "course": ("course_id INTEGER PRIMARY KEY, title TEXT", [(i, f"c{i}") for i in range(1, 13)]),
        "enrollment": ("student_id INTEGER NOT NULL, course_id INTEGER NOT NULL",
                       [(s, c) for s in range(1, 41) for c in range(1, 13) if (s + c) % 3 == 0]),
    })
    model, _ = infer(path)
    assert edges(model) == {("enrollment", "student_id", "student", "student_id"), ("enrollment", "course_id", "course", "course_id")}
    bridge = model.entity("enrollment")
    # Counted in the database: no two enrollments share a student and a course.
    assert bridge.primary_key == ["student_id", "course_id"] and bridge.primary_key_provenance.rule == "unique_columns"
    assert bridge.role == "bridge"
    model, _ = infer(path, profile=False)
    assert model.entity("enrollment").primary_key_provenance.rule == "bridge_references"  # without data, the names
    assert all(r.cardinality == "many_to_one" for r in model.relationships)


def test_composite_reference_to_a_composite_key(tmp_path):
    path = sqlite_db(tmp_path / "comp.sqlite", {
        "order_line": ("order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, sku TEXT, PRIMARY KEY (order_id, line_no)",
                       [(o, n, f"s{n}") for o in range(1, 30) for n in range(1, 4)]),
        "shipment_item": ("id INTEGER PRIMARY KEY, order_id INTEGER, line_no INTEGER", [(i, 1 + i % 29, 1 + i % 3) for i in range(1, 80)]),
    })
    model, _ = infer(path)
    assert ("shipment_item", "order_id,line_no", "order_line", "order_id,line_no") in edges(model)


def test_parent_and_ordinal_key(tmp_path):
    path = sqlite_db(tmp_path / "lines.sqlite", {
        "invoice": ("invoice_id INTEGER PRIMARY KEY", [(i,) for i in range(1, 30)]),
        "invoice_line": ("invoice_id INTEGER NOT NULL, line_number INTEGER NOT NULL, amount REAL",
                         [(o, n, 1.5 * n) for o in range(1, 30) for n in range(1, 4)]),
    })
    model, _ = infer(path)
    line = model.entity("invoice_line")
    assert line.primary_key == ["invoice_id", "line_number"] and line.key_kind == "natural"


def test_a_column_numbered_within_is_a_parent_only_if_named_as_one(tmp_path):
    """Visits numbered 1.. within each city: as many cities as rows numbered 1, but a city is
    neither an identifier nor a reference, so it is no parent of an ordinal key."""
    path = sqlite_db(tmp_path / "visits.sqlite", {
        "visits": ("city TEXT NOT NULL, seq INTEGER NOT NULL, amount REAL",
                   [(f"city {c}", n, 1.5 * n) for c in range(30) for n in range(1, 2 + c % 3)]),
        "trips": ("trip_id TEXT NOT NULL, seq INTEGER NOT NULL, amount REAL",
                  [(f"t{c}", n, 1.5 * n) for c in range(30) for n in range(1, 2 + c % 3)]),
    })
    model, _ = infer(path)
    assert model.entity("visits").primary_key_provenance is None or model.entity("visits").primary_key_provenance.rule != "parent_and_ordinal"
    assert model.entity("trips").primary_key == ["trip_id", "seq"]


def test_tables_that_share_a_prefix_and_a_suffix_are_named_without_them(tmp_path):
    """Every table but one is `shop_<name>_dataset`: the words say nothing of any table. The
    payments of an order are keyed by it and their sequence number, which names them."""
    path = sqlite_db(tmp_path / "affixes.sqlite", {
        "shop_orders_dataset": ("order_id TEXT, bought_at TIMESTAMP", [(f"o{i}", f"2024-01-{1 + i % 28:02d} 10:00:00") for i in range(40)]),
        "shop_customers_dataset": ("customer_id TEXT, city TEXT", [(f"c{i}", f"city {i % 5}") for i in range(30)]),
        "shop_sellers_dataset": ("seller_id TEXT, state TEXT", [(f"s{i}", "SP") for i in range(12)]),
        "shop_products_dataset": ("product_id TEXT, weight_g INTEGER", [(f"p{i}", 100 + i) for i in range(25)]),
        "shop_order_payments_dataset": ("order_id TEXT, payment_sequential INTEGER, payment_value REAL",
                                        [(f"o{i % 40}", 1 + i // 40, 10.0 + i) for i in range(70)]),
        "category_translation": ("category TEXT, category_english TEXT", [(f"k{i}", f"e{i}") for i in range(6)]),
    })
    model, _ = infer(path)
    payments = model.entity("shop_order_payments_dataset")
    assert payments.primary_key == ["order_id", "payment_sequential"]
    assert payments.primary_key_provenance.rule == "parent_and_ordinal"


def test_an_item_id_numbering_the_items_of_each_order_is_an_ordinal_not_a_reference(tmp_path):
    """Order items keyed by the order and `order_item_id` (1, 2, 3 within each order), beside a
    product and a seller that each pair of order and product also happens to make unique: the
    key is the order and the item's number. An `item_id` beside a table of items refers to it."""
    rnd = random.Random(5)
    rows = [(f"o{o}", n, f"p{rnd.randrange(60)}", f"s{rnd.randrange(15)}", 9.5 + n) for o in range(120) for n in range(1, 2 + o % 3)]
    path = sqlite_db(tmp_path / "items.sqlite", {
        "orders": ("order_id TEXT, bought_at TIMESTAMP", [(f"o{i}", f"2024-01-{1 + i % 28:02d} 10:00:00") for i in range(120)]),
        "products": ("product_id TEXT, weight_g INTEGER", [(f"p{i}", 100 + i) for i in range(60)]),
        "sellers": ("seller_id TEXT, state TEXT", [(f"s{i}", "SP") for i in range(15)]),
        "order_items": ("order_id TEXT, order_item_id INTEGER, product_id TEXT, seller_id TEXT, price REAL", rows),
        "items": ("item_id INTEGER, name TEXT", [(i, f"item {i}") for i in range(1, 4)]),
        "baskets": ("basket_id TEXT, opened_at TIMESTAMP", [(f"b{b}", f"2024-02-{1 + b % 28:02d} 09:00:00") for b in range(50)]),
        "basket_lines": ("basket_id TEXT, item_id INTEGER, qty INTEGER",
                         [(f"b{b}", i, b % 4 + 1) for b in range(50) for i in range(1, 1 + b % 3 + 1)]),
    })
    model, _ = infer(path)
    assert model.entity("order_items").primary_key == ["order_id", "order_item_id"]
    assert model.entity("order_items").primary_key_provenance.rule == "parent_and_ordinal"
    assert model.entity("basket_lines").primary_key_provenance.rule != "parent_and_ordinal"


def test_a_history_whose_subjects_each_appear_once_so_far_is_keyed_by_subject_and_start(tmp_path):
    """Department managers from one date to another, no key declared: each of the 25 managers has
    served once so far, so the manager alone is unique, but the next appointment repeats one. The
    row is a manager's state from its start: keyed by both, and the manager is many to one, so no
    filter on the managers reaches every employee (Power BI filters a one-to-one both ways)."""
    rnd = random.Random(11)
    path = sqlite_db(tmp_path / "managers.sqlite", {
        "employees": ("emp_no INTEGER, last_name TEXT, hire_date DATE",
                      [(10000 + i, f"name {i}", f"19{80 + i % 19}-0{1 + i % 9}-1{i % 9}") for i in range(400)]),
        "departments": ("dept_no TEXT, dept_name TEXT", [(f"d{i:03d}", f"dept {i}") for i in range(9)]),
        "dept_manager": ("emp_no INTEGER, dept_no TEXT, from_date DATE, to_date DATE",
                         [(10000 + i * 13, f"d{i % 9:03d}", f"{1985 + i}-01-01", "9999-01-01" if i >= 16 else f"{1986 + i}-01-01")
                          for i in range(25)]),
        "titles": ("emp_no INTEGER, title TEXT, from_date DATE, to_date DATE",
                   [(10000 + i % 400, rnd.choice(["Engineer", "Staff"]), f"{1985 + i // 400}-0{1 + i % 9}-01", "9999-01-01")
                    for i in range(800)]),
    })
    model, _ = infer(path)
    assert model.entity("dept_manager").primary_key == ["emp_no", "from_date"]
    found = {(r.from_.table, tuple(r.from_.columns), r.to.table): r.cardinality for r in model.relationships}
    assert found[("dept_manager", ("emp_no",), "employees")] == "many_to_one"


def test_a_row_number_every_table_carries_keys_only_what_nothing_else_keys_and_joins_nothing(tmp_path):
    """A clinical extract numbers every table's rows 1..n in ROW_ID beside its natural keys: 1..n
    of one table always lies in 1..m of a bigger one, and admissions had joined patients row to
    row (admissions by gender 278/322 where 399/474 is true). The natural keys key and join; the
    row number keys only the events nothing else keys, and joins nothing."""
    rnd = random.Random(8)
    admissions = [(i + 1, 100 + rnd.randrange(60), 5000 + i, f"2150-0{1 + i % 9}-1{i % 9} 08:00:00") for i in range(90)]
    path = sqlite_db(tmp_path / "clinic.sqlite", {
        "PATIENTS": ("ROW_ID INTEGER, SUBJECT_ID INTEGER, GENDER TEXT", [(i + 1, 100 + i, "FM"[i % 2]) for i in range(60)]),
        "ADMISSIONS": ("ROW_ID INTEGER, SUBJECT_ID INTEGER, HADM_ID INTEGER, ADMITTIME TIMESTAMP", admissions),
        "D_LABITEMS": ("ROW_ID INTEGER, ITEMID INTEGER, LABEL TEXT", [(i + 1, 50800 + i, f"item {i}") for i in range(12)]),
        "LABEVENTS": ("ROW_ID INTEGER, SUBJECT_ID INTEGER, HADM_ID INTEGER, ITEMID INTEGER, CHARTTIME TIMESTAMP, VALUENUM REAL",
                      [(i + 1, a[1], a[2], 50800 + rnd.randrange(12), a[3], rnd.uniform(1, 9)) for i, a in
                       enumerate(rnd.choice(admissions) for _ in range(400))]),
        "ICUSTAYS": ("ROW_ID INTEGER, SUBJECT_ID INTEGER, HADM_ID INTEGER, ICUSTAY_ID INTEGER, INTIME TIMESTAMP",
                     [(i + 1, a[1], a[2], 200000 + 7 * i, a[3]) for i, a in enumerate(admissions[:70])]),
        "DIAGNOSES_ICD": ("ROW_ID INTEGER, SUBJECT_ID INTEGER, HADM_ID INTEGER, SEQ_NUM INTEGER, ICD9_CODE TEXT",
                          [(3 * i + k + 1, a[1], a[2], k + 1, f"{400 + (i * 7 + k) % 30}") for i, a in enumerate(admissions)
                           for k in range(3)]),
    })
    model, _ = infer(path)
    keys = {e.name.lower(): e.primary_key for e in model.entities}
    assert (keys["patients"], keys["admissions"], keys["d_labitems"]) == (["SUBJECT_ID"], ["HADM_ID"], ["ITEMID"])
    assert keys["labevents"] == ["ROW_ID"]
    found = {(r.from_.table.lower(), tuple(r.from_.columns), r.to.table.lower()) for r in model.relationships}
    assert {("admissions", ("SUBJECT_ID",), "patients"), ("labevents", ("HADM_ID",), "admissions"),
            ("labevents", ("ITEMID",), "d_labitems"), ("labevents", ("SUBJECT_ID",), "patients")} <= found
    assert not any("ROW_ID" in cols for _, cols, _ in found), found


def test_in_tables_of_a_row_or_two_a_shared_column_is_no_row_number(tmp_path):
    """A test fixture of a row or two a table: every column differs on every row, so a name many
    tables carry (entity_0) proves no row number, and joins as it would on real data."""
    tables = {"entity_0_dimension_table": ("entity_0 TEXT, country TEXT", [("E0_0", "us"), ("E0_1", "fr")])}
    for i in range(6):
        tables[f"measure_table_{i}"] = ("entity_0 TEXT, ds DATE, amount REAL", [("E0_0", "2020-01-01", 9.5)])
    model, _ = infer(sqlite_db(tmp_path / "tiny.sqlite", tables))
    joined = {r.from_.table for r in model.relationships if r.to.table == "entity_0_dimension_table" and r.from_.columns == ["entity_0"]}
    assert joined == {f"measure_table_{i}" for i in range(6)}, joined


def test_a_part_of_a_calendar_refers_to_no_table_of_as_many_rows(tmp_path):
    """A calendar's month of the year (d_moy, 1..12) beside twelve stores keyed 1..12: the values
    fit, but a month is a part of the calendar's day, never a store (January's sales had all
    gone to store 1)."""
    import datetime as dt

    days = [(i + 1, (dt.date(2001, 1, 1) + dt.timedelta(days=i)).isoformat()) for i in range(365)]
    rnd = random.Random(4)
    path = sqlite_db(tmp_path / "star.sqlite", {
        "date_dim": ("d_date_sk INTEGER, d_date DATE, d_year INTEGER, d_moy INTEGER, d_dom INTEGER",
                     [(k, d, 2001, int(d[5:7]), int(d[8:10])) for k, d in days]),
        "store": ("s_store_sk INTEGER, s_store_name TEXT", [(i, f"store {i}") for i in range(1, 13)]),
        "store_sales": ("ss_sold_date_sk INTEGER, ss_store_sk INTEGER, ss_ticket_number INTEGER, ss_net_paid REAL",
                        [(rnd.randrange(1, 366), rnd.randrange(1, 13), t, rnd.uniform(1, 99)) for t in range(2000)]),
    })
    model, _ = infer(path)
    found = {(r.from_.table, tuple(r.from_.columns), r.to.table) for r in model.relationships}
    assert ("store_sales", ("ss_store_sk",), "store") in found and ("store_sales", ("ss_sold_date_sk",), "date_dim") in found
    assert not any(t == "date_dim" for t, _, _ in found), found


def test_the_laps_of_each_driver_in_each_race_are_keyed_by_both_and_the_lap(tmp_path):
    """No key declared: one parent and the lap leave too few pairs for the rows (every driver
    drives every lap), both parents and the lap number them."""
    path = sqlite_db(tmp_path / "laps.sqlite", {
        "races": ("raceId INTEGER PRIMARY KEY, name TEXT", [(r, f"GP {r}") for r in range(1, 13)]),
        "drivers": ("driverId INTEGER PRIMARY KEY, surname TEXT", [(d, f"D{d}") for d in range(1, 21)]),
        "lap_times": ("raceId INTEGER NOT NULL, driverId INTEGER NOT NULL, lap INTEGER NOT NULL, milliseconds INTEGER",
                      [(r, d, lap, 80000 + r * 7 + d * 11 + lap) for r in range(1, 13) for d in range(1, 21) for lap in range(1, 41)]),
    })
    model, _ = infer(path)
    laps = model.entity("lap_times")
    assert laps.primary_key == ["raceId", "driverId", "lap"]


def test_declared_relationship_wins_and_is_not_duplicated(tmp_path):
    path = sqlite_db(tmp_path / "decl.sqlite", {
        "customer": ("customer_id INTEGER PRIMARY KEY", [(i,) for i in range(1, 20)]),
        "orders": ("order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer(customer_id)",
                   [(i, 1 + i % 19) for i in range(1, 50)]),
    })
    model, _ = infer(path)
    assert [(r.origin, r.from_.columns) for r in model.relationships] == [("declared", ["customer_id"])]


def test_threshold_turns_joins_into_suggestions(tmp_path):
    path = _shop(tmp_path, STYLES["abbreviated"])
    strict = Config.model_validate({"inference": {"relationship_threshold": 0.99}})
    model, diags = infer(path, config=strict)
    assert edges(model) == set()
    sug = suggestions(diags)
    assert len(sug) == 1 and "orders(cust_id)" in sug[0] and "confidence" in sug[0] and "containment" in sug[0]


def test_values_outside_the_key_reject_the_name_match(tmp_path):
    path = sqlite_db(tmp_path / "orphan.sqlite", {
        "customer": ("customer_id INTEGER PRIMARY KEY", [(i,) for i in range(1, 10)]),
        "orders": ("order_id INTEGER PRIMARY KEY, customer_id INTEGER", [(i, 1000 + i) for i in range(1, 50)]),
    })
    model, _ = infer(path)
    assert edges(model) == set()


def test_relationships_are_deterministic(tmp_path):
    path = _shop(tmp_path, STYLES["camel"])
    a, _ = infer(path)
    b, _ = infer(path)
    assert a.model_dump_json() == b.model_dump_json()


def test_an_exactly_named_reference_with_many_orphans_still_joins(tmp_path):
    # Facts that outlive their dimension rows (deleted customers): a quarter of the values have no
    # match, the name is the key's own; the join is what a developer writes, and says so.
    kept = [i for i in range(1, 41) if i % 4]
    path = sqlite_db(tmp_path / "orphans.sqlite", {
        "customers": ("customer_id INTEGER PRIMARY KEY, name TEXT", [(i, f"n{i}") for i in kept]),
        "orders": ("order_id INTEGER PRIMARY KEY, customer_id INTEGER, total NUMERIC(10,2)",
                   [(i, 1 + i % 24, 2.5 * i) for i in range(1, 100)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("orders", "customer_id", "customers", "customer_id")}
    assert any("many orphans" in e for e in model.relationships[0].evidence)


def test_a_subtype_table_keyed_by_its_parents_key_joins_one_to_one(tmp_path):
    path = sqlite_db(tmp_path / "subtype.sqlite", {
        "claim_amount": ("claim_amount_identifier INTEGER PRIMARY KEY, amount NUMERIC(10,2)", [(i, 10.0 * i) for i in range(1, 31)]),
        "loss_payment": ("claim_amount_identifier INTEGER PRIMARY KEY, paid_on DATE",
                         [(i, f"2024-01-{i:02d}") for i in range(1, 31, 2)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("loss_payment", "claim_amount_identifier", "claim_amount", "claim_amount_identifier")}
    assert model.relationships[0].cardinality == "one_to_one"


def test_a_table_numbering_its_own_rows_like_a_larger_one_does_not_extend_it(tmp_path):
    """Sprint results keyed resultId 1..40 beside the race results' 1..1000: each table numbers its
    own results, and sprint result 1 is not race result 1. A subtype keyed by its parent's ids
    (a sliver of them, scattered) still extends it."""
    path = sqlite_db(tmp_path / "own_numbers.sqlite", {
        "results": ("resultId INTEGER PRIMARY KEY, raceId INTEGER, points REAL", [(i, i % 50, i % 26) for i in range(1, 1001)]),
        "sprint_results": ("resultId INTEGER PRIMARY KEY, raceId INTEGER, points REAL", [(i, 40 + i % 5, i % 9) for i in range(1, 41)]),
        "employee": ("employee_id INTEGER PRIMARY KEY, name TEXT", [(i, f"e{i}") for i in range(1, 1001)]),
        "nurse": ("employee_id INTEGER PRIMARY KEY, ward TEXT", [(i, "w") for i in range(7, 1001, 25)]),
    })
    model, _ = infer(path)
    got = edges(model)
    assert not [e for e in got if e[0] == "sprint_results" and e[2] == "results"]
    assert ("nurse", "employee_id", "employee", "employee_id") in got


def test_an_identifier_named_for_something_else_beside_the_named_reference_does_not_join_its_table(tmp_path):
    """Ratings by userId of movieId, no users table: the user ids 1..200 are movie ids too, but the
    movie is movieId. A role beside it (a recommending user) would be named as one."""
    import random

    rnd = random.Random(3)
    pairs = sorted({(rnd.randint(1, 200), rnd.randint(1, 300)) for _ in range(3000)})
    path = sqlite_db(tmp_path / "ratings.sqlite", {
        "movies": ("movieId INTEGER PRIMARY KEY, title TEXT", [(i, f"Movie {i}") for i in range(1, 301)]),
        "ratings": ("userId INTEGER, movieId INTEGER, rating REAL", [(u, m, 3.5) for u, m in pairs]),
    })
    model, _ = infer(path)
    assert edges(model) == {("ratings", "movieId", "movies", "movieId")}


def test_a_word_that_begins_like_a_table_does_not_name_it(tmp_path):
    """A taxi trip's mta_tax is no id of the taxi zones: the pickup and dropoff location ids still
    join the zones by their values."""
    zones = [(i, f"Zone {i}", "Borough") for i in range(1, 266)]
    trips = [(i, 1 + (i * 7) % 260, 1 + (i * 11) % 263, 0.5, 9.0 + i % 20) for i in range(2000)]
    path = sqlite_db(tmp_path / "taxi.sqlite", {
        "taxi_zone_lookup": ("LocationID INTEGER PRIMARY KEY, Zone TEXT, Borough TEXT", zones),
        "yellow_tripdata": ("trip INTEGER PRIMARY KEY, PULocationID INTEGER, DOLocationID INTEGER, mta_tax REAL, fare_amount REAL",
                            trips),
    })
    model, _ = infer(path)
    assert edges(model) == {("yellow_tripdata", "PULocationID", "taxi_zone_lookup", "LocationID"),
                            ("yellow_tripdata", "DOLocationID", "taxi_zone_lookup", "LocationID")}


def test_role_named_references_with_a_few_orphans_still_join(tmp_path):
    """OpenFlights' routes: 97% of the source and destination airport ids are found among the
    airports (the rest were removed from the airport list). More found must never score lower
    than fewer found: such references had stayed suggestions at 0.798."""
    airports = [(i, f"Airport {i}") for i in range(1, 601) if i % 37]
    routes = [(i, 1 + (i * 7) % 300, 1 + (i * 13) % 300) for i in range(3000)]
    path = sqlite_db(tmp_path / "routes.sqlite", {
        "airports": ("airport_id INTEGER PRIMARY KEY, name TEXT", airports),
        "routes": ("route INTEGER PRIMARY KEY, source_airport_id INTEGER, destination_airport_id INTEGER", routes),
    })
    model, _ = infer(path)
    assert edges(model) == {("routes", "source_airport_id", "airports", "airport_id"),
                            ("routes", "destination_airport_id", "airports", "airport_id")}


def test_a_table_keyed_like_a_larger_one_with_all_its_values_there_extends_it(tmp_path):
    path = sqlite_db(tmp_path / "extension.sqlite", {
        "listings": ("listing_id TEXT PRIMARY KEY, capacity INTEGER", [(f"l{i:04d}", i % 5) for i in range(30)]),
        "lux_listing_mapping": ("listing_id TEXT PRIMARY KEY, lux_code TEXT", [(f"l{i:04d}", f"x{i}") for i in range(0, 30, 3)]),
        "twins_a": ("twin_key TEXT PRIMARY KEY, a TEXT", [(f"t{i}", "a") for i in range(12)]),
        "twins_b": ("twin_key TEXT PRIMARY KEY, b TEXT", [(f"t{i}", "b") for i in range(12)]),
    })
    model, _ = infer(path)
    got = edges(model)
    assert ("lux_listing_mapping", "listing_id", "listings", "listing_id") in got
    assert ("listings", "listing_id", "lux_listing_mapping", "listing_id") not in got
    rel = next(r for r in model.relationships if r.from_.table == "lux_listing_mapping")
    assert rel.cardinality == "one_to_one"
    # Same rows, same keys: one way only, never a cycle.
    assert len([e for e in got if {e[0], e[2]} == {"twins_a", "twins_b"}]) == 1


def test_a_key_named_after_its_own_table_is_extended_never_extends(tmp_path):
    # assessment.assessment_id names its table: the same-sized link keyed by it extends assessment,
    # and assessment does not point back at the link (no cycle).
    path = sqlite_db(tmp_path / "own.sqlite", {
        "assessment": ("assessment_id TEXT PRIMARY KEY, note TEXT", [(f"a{i:03d}", "n") for i in range(12)]),
        "agreement_assessment": ("assessment_id TEXT PRIMARY KEY, agreement_code TEXT", [(f"a{i:03d}", f"g{i}") for i in range(12)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("agreement_assessment", "assessment_id", "assessment", "assessment_id")}


def test_between_two_tables_keyed_alike_a_reference_joins_the_one_its_name_names(tmp_path):
    path = sqlite_db(tmp_path / "home.sqlite", {
        "assessment": ("assessment_id TEXT PRIMARY KEY, note TEXT", [(f"a{i:03d}", "n") for i in range(12)]),
        "agreement_assessment": ("assessment_id TEXT PRIMARY KEY, agreement_code TEXT", [(f"a{i:03d}", f"g{i}") for i in range(12)]),
        "assessment_result": ("result_id INTEGER PRIMARY KEY, assessment_id TEXT", [(i, f"a{i % 12:03d}") for i in range(40)]),
    })
    model, _ = infer(path)
    assert ("assessment_result", "assessment_id", "assessment", "assessment_id") in edges(model)


@pytest.mark.parametrize("managed, want", [(list(range(1, 31)), "one_to_one"), (list(range(1, 12)) + [None] * 19, "many_to_one")])
def test_distinct_values_make_a_one_to_one_only_when_every_row_has_one(tmp_path, managed, want):
    """A department's manager_id: 11 managers for 30 departments, all different. Optional and few,
    nothing says a manager cannot run two; read as one-to-one, the employee's measures would be
    taken as never repeated. Every row with its own value, 30 of them, is one-to-one."""
    path = sqlite_db(tmp_path / "hr.sqlite", {
        "employees": ("employee_id INTEGER PRIMARY KEY, name TEXT", [(i, f"e{i}") for i in range(1, 61)]),
        "departments": ("department_id INTEGER PRIMARY KEY, manager_id INTEGER, name TEXT",
                        [(100 + i, m, f"d{i}") for i, m in enumerate(managed)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("departments", "manager_id", "employees", "employee_id")}
    assert model.relationships[0].cardinality == want


def test_a_composite_reference_to_a_keyless_tables_grain_is_checked_by_its_tuples(tmp_path):
    """Diagnoses have no declared key; their grain is (patient, encounter, code). Care plans carry
    the same three names, each within its part's range, and not one of their tuples is a diagnosis:
    no join. Follow-ups whose tuples are all diagnoses refer to them."""
    patients = [(f"p{i}",) for i in range(20)]
    encounters = [(f"e{i}", f"p{i % 20}") for i in range(60)]
    diagnoses = [(f"p{(i // 2) % 20}", f"e{i // 2}", 1000 + (i * 7) % 50, "2024-01-01") for i in range(120)]
    plans = [(f"c{i}", d[0], d[1], d[2] + 1) for i, d in enumerate(diagnoses[::4])]  # codes off by one
    follow_ups = [(f"f{i}", d[0], d[1], d[2]) for i, d in enumerate(diagnoses[::3])]
    path = sqlite_db(tmp_path / "care.sqlite", {
        "patients": ("Id TEXT", patients),
        "encounters": ("Id TEXT, PATIENT TEXT", encounters),
        "conditions": ("PATIENT TEXT NOT NULL, ENCOUNTER TEXT NOT NULL, CODE INTEGER NOT NULL, START TEXT", diagnoses),
        "careplans": ("Id TEXT, PATIENT TEXT, ENCOUNTER TEXT, CODE INTEGER", plans),
        "followups": ("Id TEXT, PATIENT TEXT, ENCOUNTER TEXT, CODE INTEGER", follow_ups),
    })
    model, _ = infer(path)
    assert model.entity("conditions").primary_key == ["PATIENT", "ENCOUNTER", "CODE"]
    found = edges(model)
    assert ("careplans", "PATIENT,ENCOUNTER,CODE", "conditions", "PATIENT,ENCOUNTER,CODE") not in found
    assert ("followups", "PATIENT,ENCOUNTER,CODE", "conditions", "PATIENT,ENCOUNTER,CODE") in found
    assert ("careplans", "ENCOUNTER", "encounters", "Id") in found


def test_a_composite_reference_whose_columns_share_a_prefix_with_the_keys_names(tmp_path):
    """Every column of the reasons table starts with Sales (SalesOrderNumber, SalesOrderLineNumber,
    SalesReasonKey): the prefix is a word of the sales key's names, which it refers to whole."""
    lines = [(f"SO{o}", n, 1 + (o * n) % 5, 10.0 * n) for o in range(1, 40) for n in range(1, 4)]
    path = sqlite_db(tmp_path / "reasons.sqlite", {
        "DimSalesReason": ("SalesReasonKey INTEGER PRIMARY KEY, SalesReasonName TEXT", [(i, f"reason {i}") for i in range(1, 8)]),
        "FactInternetSales": ("SalesOrderNumber TEXT NOT NULL, SalesOrderLineNumber INTEGER NOT NULL, OrderQuantity INTEGER, UnitPrice REAL, "
                              "PRIMARY KEY (SalesOrderNumber, SalesOrderLineNumber)", lines),
        "FactInternetSalesReason": ("SalesOrderNumber TEXT NOT NULL, SalesOrderLineNumber INTEGER NOT NULL, SalesReasonKey INTEGER NOT NULL, "
                                    "PRIMARY KEY (SalesOrderNumber, SalesOrderLineNumber, SalesReasonKey)",
                                    [(o, n, 1 + (i % 7)) for i, (o, n, _q, _p) in enumerate(lines[::2])]),
    })
    model, _ = infer(path)
    found = edges(model)
    assert ("FactInternetSalesReason", "SalesOrderNumber,SalesOrderLineNumber", "FactInternetSales",
            "SalesOrderNumber,SalesOrderLineNumber") in found
    assert ("FactInternetSalesReason", "SalesReasonKey", "DimSalesReason", "SalesReasonKey") in found


def test_a_count_of_things_is_no_reference_to_them(tmp_path):
    """Resellers' NumberEmployees (2 to 100) fit inside the employees' dense 1..300 keys: a count
    word before a plural counts employees, it names none; a sales person's EmployeeKey does."""
    path = sqlite_db(tmp_path / "resellers.sqlite", {
        "DimEmployee": ("EmployeeKey INTEGER PRIMARY KEY, Name TEXT", [(i, f"e{i}") for i in range(1, 301)]),
        "DimReseller": ("ResellerKey INTEGER PRIMARY KEY, NumberEmployees INTEGER, num_of_orders INTEGER, EmployeeKey INTEGER",
                        [(i, 2 + (i * 7) % 99, 1 + i % 40, 1 + (i * 3) % 300) for i in range(1, 200)]),
    })
    found = edges(infer(path)[0])
    assert ("DimReseller", "EmployeeKey", "DimEmployee", "EmployeeKey") in found
    assert not {e for e in found if e[1] in ("NumberEmployees", "num_of_orders")}, found


def test_a_parent_by_a_unique_column_of_its_own_table_not_by_a_dense_key_elsewhere(tmp_path):
    """Accounts name their parent by its account code, a unique column beside the surrogate key.
    The codes are small numbers that the finance rows' dense 1..5000 key also holds: that proves
    nothing; the parent is an account."""
    codes = [10 * i + 1 for i in range(1, 60)]
    accounts = [(i, code, codes[(i - 1) // 4] if i > 4 else None, f"account {i}") for i, code in enumerate(codes, start=1)]
    path = sqlite_db(tmp_path / "accounts.sqlite", {
        "DimAccount": ("AccountKey INTEGER PRIMARY KEY, AccountCodeAlternateKey INTEGER NOT NULL, "
                       "ParentAccountCodeAlternateKey INTEGER, AccountDescription TEXT", accounts),
        "FactFinance": ("FinanceKey INTEGER PRIMARY KEY, AccountKey INTEGER, Amount REAL",
                        [(i, 1 + i % 59, 1.5 * i) for i in range(1, 5001)]),
    })
    found = edges(infer(path)[0])
    assert ("DimAccount", "ParentAccountCodeAlternateKey", "DimAccount", "AccountCodeAlternateKey") in found, found
    assert not {e for e in found if e[0] == "DimAccount" and e[2] == "FactFinance"}, found


def test_values_covering_much_of_a_dense_key_still_refer_to_it(tmp_path):
    """Offices name their company `firmen_id`, the companies' table is `unternehmen` (two German
    words for one thing): only the values link them, twelve of its nineteen ids, which is much
    of a key of no gaps (1..19)."""
    path = sqlite_db(tmp_path / "offices.sqlite", {
        "unternehmen": ("id INTEGER PRIMARY KEY, name TEXT, umsatz REAL", [(i, f"u{i}", 10.0 * i) for i in range(1, 20)]),
        "gebaeude": ("id INTEGER PRIMARY KEY, name TEXT, stadt TEXT", [(i, f"g{i}", f"s{i % 4}") for i in range(100, 112)]),
        "buerostandorte": ("gebaeude_id INTEGER, firmen_id INTEGER, seit TEXT",
                           [(100 + i % 12, 1 + (i * 5) % 12, f"20{10 + i % 9}") for i in range(40)]),
    })
    found = edges(infer(path)[0])
    assert ("buerostandorte", "firmen_id", "unternehmen", "id") in found, found


def test_a_things_reference_to_another_thing_does_not_join_its_own_table(tmp_path):
    """Northwind's products and order lines imported without suppliers and categories: SupplierID's
    1..29 sit among the products' own ids by chance (it had joined them, 0.91); a product's
    reference to itself is named by a role (replacement_product_id)."""
    import duckdb

    from compiler.api import analyze, snapshot
    from compiler.diagnostics import Diagnostics
    from compiler.profiler import ProfileOptions

    path = tmp_path / "p.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE Products AS SELECT i AS ProductID, 'product ' || i AS ProductName, 1 + i % 29 AS SupplierID, "
                "1 + i % 8 AS CategoryID, CASE WHEN i % 5 = 0 THEN 1 + (i * 7) % 77 END AS replacement_product_id, "
                "10.0 + i AS UnitPrice FROM range(1, 78) t(i)")
    con.execute("CREATE TABLE OrderDetails AS SELECT 10248 + i // 3 AS OrderID, 1 + (i * 13) % 77 AS ProductID, 1 + i % 9 AS Quantity "
                "FROM range(0, 600) t(i)")
    con.close()
    diags = Diagnostics()
    model = analyze(snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False)), Config(name="p"), diags)
    joins = {(r.from_.table, r.from_.columns[0], r.to.table) for r in model.relationships}
    assert not any(c in ("SupplierID", "CategoryID") for _t, c, _to in joins), joins
    assert ("Products", "replacement_product_id", "Products") in joins and ("OrderDetails", "ProductID", "Products") in joins


def test_values_each_picked_once_over_a_keys_range_are_a_suggested_reference(tmp_path):
    """MySQL's world: a country's Principal city (named so here; Capital names a city, and joins:
    test_a_capital_is_a_city_of_the_table_holding_cities) holds 64 city ids among 2,065, each
    once, spread over the whole range: too few to prove a join, too scattered to be numbers, so a
    suggestion (never averaged). Numbers that repeat, or run in sequence like a table's own ids,
    stay numbers."""
    import random
    rnd = random.Random(5)
    capitals = rnd.sample(range(1, 2001), 60)
    path = sqlite_db(tmp_path / "world.sqlite", {
        "city": ("ID INTEGER PRIMARY KEY, Name TEXT, CountryCode TEXT", [(i, f"city {i}", f"C{i % 60:02d}") for i in range(1, 2001)]),
        "country": ("Code TEXT PRIMARY KEY, Name TEXT, Principal INTEGER, Rank INTEGER, Seats INTEGER",
                    [(f"C{i:02d}", f"country {i}", capitals[i], i + 1, 1 + i % 9) for i in range(60)]),
    })
    model, diags = infer(path)
    suggested = {(r.from_.table, r.from_.columns[0], r.to.table, r.to.columns[0]) for r in model.suggested_relationships}
    assert ("country", "Principal", "city", "ID") in suggested, suggestions(diags)
    assert not any(c in ("Rank", "Seats") for (_t, c, _tt, _tc) in suggested | edges(model))
    country = next(e for e in model.entities if e.table.name == "country")
    assert not any(m.column == "Principal" for m in country.measures)


def test_a_composite_reference_holding_a_year_joins_only_when_every_tuple_is_found(tmp_path):
    """Lahman without keys: all-stars by player, season, team and league share those with the
    batting lines, whose grain the profiler proves; most all-star pitchers have none: the tuple is
    a coincidence of two histories, not a reference (Cube had counted all-stars by birth country
    through the batting lines). This fixture's tuples are counted or never proposed; the rule for
    tuples never counted is tested on its own below."""
    import duckdb

    players = [(f"p{i:03d}", f"name {i}") for i in range(200)]
    batting = [(f"p{i:03d}", y, f"T{i % 20:02d}", "AL" if i % 40 < 20 else "NL", 1 + i % 40)
               for i in range(0, 200, 2) for y in range(2000, 2010)]
    allstar = [(f"p{i:03d}", y, f"T{i % 20:02d}", "AL" if i % 40 < 20 else "NL", f"ALS{y}") for i in range(0, 200, 3) for y in (2001, 2004, 2007)]
    path = tmp_path / "lahman.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE people (playerID TEXT PRIMARY KEY, name TEXT)")
    con.executemany("INSERT INTO people VALUES (?, ?)", players)
    con.execute("CREATE TABLE batting (playerID TEXT, yearID INTEGER, teamID TEXT, lgID TEXT, H INTEGER)")
    con.executemany("INSERT INTO batting VALUES (?, ?, ?, ?, ?)", batting)
    con.execute("CREATE TABLE allstar (playerID TEXT, yearID INTEGER, teamID TEXT, lgID TEXT, gameID TEXT)")
    con.executemany("INSERT INTO allstar VALUES (?, ?, ?, ?, ?)", allstar)
    con.close()
    from compiler.api import analyze, snapshot
    from compiler.diagnostics import Diagnostics
    from compiler.profiler import ProfileOptions

    snap = snapshot(str(path), diags=Diagnostics(), profile=ProfileOptions(progress=False))
    for unchecked in (False, True):
        if unchecked:  # the tuple never counted (a budget spent, a key proven after the checks): data at hand all the same
            snap.evidence.containment = [c for c in snap.evidence.containment if len(c.from_.columns) == 1]
        model = analyze(snap.model_copy(deep=True), diags=Diagnostics())
        assert not any(r.from_.table == "allstar" and r.to.table == "batting" for r in model.relationships), unchecked
        assert ("allstar", "playerID", "people", "playerID") in edges(model)


def test_a_year_is_a_time_in_a_composite_reference_as_a_date_is():
    """The part a composite reference with data at hand must have proven (every tuple found)
    before it joins: a date, a moment, and a year (yearID), which two histories of one player
    share by coincidence as often as a start date."""
    from ir.catalog import Column, ColumnProfile
    from passes.infer_relationships import _temporal

    year = Column(name="yearID", type="INTEGER", data_type="integer", profile=ColumnProfile(null_count=0, distinct_count=40, min=1985, max=2024))
    day = Column(name="start_date", type="DATE", data_type="date")
    team = Column(name="teamID", type="TEXT", data_type="string", profile=ColumnProfile(null_count=0, distinct_count=30))
    count = Column(name="games", type="INTEGER", data_type="integer", profile=ColumnProfile(null_count=0, distinct_count=40, min=1, max=162))
    assert _temporal(year) and _temporal(day) and not _temporal(team) and not _temporal(count)


@pytest.mark.parametrize("orders,position", [("orders", "add_to_cart_order"), ("Orders", "AddToCartOrder"),
                                             ("orders", "pick_order"), ("ordini", "carrello_ordine")])
def test_a_position_named_like_a_role_of_orders_is_no_reference_to_them(tmp_path, orders, position):
    """Instacart's order lines number each product's place in the cart (add_to_cart_order: 1..k,
    k a sliver of the orders): "order" names a sequence there, and every table numbered from 1
    holds 1..k. With no identifier word in the name, such values join nothing; they are a code,
    shown and never summed. A column of no identifier word whose values cover the key it names
    (a line's `product`) still joins."""
    rnd = random.Random(3)
    lines = [(o, p, n, rnd.randrange(2)) for o in range(1, 401) for n, p in enumerate(rnd.sample(range(1, 301), 1 + o % 12), 1)]
    lines += [(o, p, 1, 0) for o, p in zip(range(1, 401), range(1, 301))]  # every product bought once
    path = sqlite_db(tmp_path / "basket.sqlite", {
        orders: ("order_id INTEGER PRIMARY KEY, user_id INTEGER, order_dow INTEGER", [(o, 1 + o % 90, o % 7) for o in range(1, 401)]),
        "products": ("product_id INTEGER PRIMARY KEY, product_name TEXT", [(p, f"product {p}") for p in range(1, 301)]),
        "aisles": ("aisle_id INTEGER PRIMARY KEY, aisle TEXT", [(a, f"aisle {a}") for a in range(1, 41)]),
        "order_products": (f'order_id INTEGER, product INTEGER, "{position}" INTEGER, reordered INTEGER', lines),
    })
    model, diags = infer(path)
    assert edges(model) == {("order_products", "order_id", orders, "order_id"), ("order_products", "product", "products", "product_id")}
    assert not any(position in s for s in suggestions(diags))
    dim = model.entity("order_products").field_for_column(position)
    assert (dim.role, dim.additivity, dim.hidden) == ("dimension", "non_additive", False)
    assert not any(m.column == position for e in model.entities for m in e.measures)


@pytest.mark.parametrize("column", ["accepted_answer_id", "AcceptedAnswerId", "DUPLICATE_OF_ID"])
def test_a_sparse_role_among_the_tables_own_rows_is_a_self_reference(tmp_path, column):
    """A question's accepted answer is another post: most posts have none, the word names a kind of
    post and no table, and the ids used are scattered over the whole key. The same numbers also sit
    in a larger log's key (votes), but only as a sliver of its range."""
    rng = random.Random(7)
    accepted = {i: rng.choice(range(i + 1, 400)) for i in range(1, 380, 6)}
    posts = [(i, f"p{i}", accepted.get(i)) for i in range(1, 401)]
    votes = [(i, 1 + i % 400, 2) for i in range(1, 1601)]
    path = sqlite_db(tmp_path / "qa.sqlite", {
        "posts": (f'id INTEGER PRIMARY KEY, title TEXT, "{column}" INTEGER', posts),
        "votes": ("id INTEGER PRIMARY KEY, post_id INTEGER, vote_type INTEGER", votes),
    })
    model, _ = infer(path)
    assert ("posts", column, "posts", "id") in edges(model)


def test_a_dense_identifier_named_for_no_table_is_no_self_reference(tmp_path):
    """supplier_id on every product, its numbers inside the products' own ids: no suppliers table to
    point at, and a column most rows fill is no role some rows give another."""
    rows = [(i, f"p{i}", 1 + (i * 7) % 70) for i in range(1, 78)]
    path = sqlite_db(tmp_path / "p.sqlite", {"products": ("id INTEGER PRIMARY KEY, name TEXT, supplier_id INTEGER", rows)})
    model, _ = infer(path)
    assert edges(model) == set()


def test_a_reference_finds_the_table_its_words_glue_into(tmp_path):
    """PostgreSQL folds an unquoted SalesPerson to salesperson: SalesPersonID names that table, the
    sales people, not a 'sale' role of person, though the people's key holds the same numbers."""
    people = [(i, f"first {i}", f"last {i}") for i in range(1, 301)]
    reps = [(i, 250000 + i, 0.01) for i in range(274, 291)]
    orders = [(1000 + i, 274 + i % 17, 10.0 * i) for i in range(400)]
    db = sqlite_db(tmp_path / "sales.sqlite", {
        "person": ('"BusinessEntityID" INTEGER PRIMARY KEY, "FirstName" TEXT, "LastName" TEXT', people),
        "salesperson": ('"SalesPersonKey" INTEGER PRIMARY KEY, "SalesQuota" NUMERIC(12,2), "CommissionPct" NUMERIC(5,4)', reps),
        "salesorderheader": ('"SalesOrderID" INTEGER PRIMARY KEY, "SalesPersonID" INTEGER, "SubTotal" NUMERIC(12,2)', orders),
    })
    model, _ = infer(db)
    assert ("salesorderheader", "SalesPersonID", "salesperson", "SalesPersonKey") in edges(model)
    assert not any(e[:2] == ("salesorderheader", "SalesPersonID") and e[2] == "person" for e in edges(model))


def test_a_column_named_by_its_own_table_then_parent_is_that_tables_parent_row(tmp_path):
    """FoodMart's accounts name their parent `account_parent`: the table's own name, then the word
    of hierarchy, no identifier word. It is the parent account by its key (averaged, its numbers
    made an "Average Account Parent" of 4,000 and some), in another language's words too."""
    ids = [1000, 2000, 3000, 3100, 3200, 4000, 4100, 4200, 4300, 4400, 5000]
    parents = [None, None, 5000, 3000, 3000, 5000, 4000, 4000, 4000, 4000, None]
    path = sqlite_db(tmp_path / "accounts.sqlite", {
        "account": ("account_id INTEGER PRIMARY KEY, account_parent INTEGER, account_description TEXT",
                    [(i, p, f"a{i}") for i, p in zip(ids, parents)]),
        "kategorie": ("kategorie_id INTEGER PRIMARY KEY, kategorie_eltern INTEGER, name TEXT",
                      [(i, None if i < 4 else i // 2, f"k{i}") for i in range(1, 30)]),
        "expense": ("expense_id INTEGER PRIMARY KEY, account_id INTEGER, amount REAL",
                    [(i, ids[3 + i % 8], 10.0 * i) for i in range(1, 200)]),
    })
    found = edges(infer(path)[0])
    assert ("account", "account_parent", "account", "account_id") in found, found
    assert ("kategorie", "kategorie_eltern", "kategorie", "kategorie_id") in found, found


def test_a_key_extends_the_larger_table_keyed_by_the_same_name_with_an_identifier_word(tmp_path):
    """BIRD's California schools without their keys: satscores keyed by `cds` holds the SAT results
    of some of the schools keyed by `CDSCode` (text of 14 digits), as frpm keyed by `CDSCode` does.
    The SAT results had joined nothing (their enrollment was then averaged, 284.84 for 227,872)."""
    rnd = random.Random(4)
    codes = sorted({f"{rnd.randint(1, 58):02d}{rnd.randint(10000, 77000):05d}{rnd.randint(0, 9999999):07d}" for _ in range(300)})
    path = sqlite_db(tmp_path / "schools.sqlite", {
        "schools": ("CDSCode TEXT, County TEXT, School TEXT", [(c, f"county {i % 9}", f"school {i}") for i, c in enumerate(codes)]),
        "frpm": ("CDSCode TEXT, enrollment REAL", [(c, float(100 + i % 50)) for i, c in enumerate(codes[::2])]),
        "satscores": ("cds TEXT, enroll12 INTEGER, NumTstTakr INTEGER", [(c, 50 + i % 40, 10 + i % 30) for i, c in enumerate(codes[::3])]),
        # A code of its own, no identifier word: `ward` beside `ward_code`, both unique, joins nothing by name alone.
        "wards": ("ward INTEGER, name TEXT", [(i, f"w{i}") for i in range(1, 21)]),
    })
    model, _ = infer(path)
    got = edges(model)
    assert ("satscores", "cds", "schools", "CDSCode") in got and ("frpm", "CDSCode", "schools", "CDSCode") in got
    assert not any(e[0] == "wards" or e[2] == "wards" for e in got)


def test_a_capital_is_a_city_of_the_table_holding_cities(tmp_path):
    """The world sample's country.Capital (an undeclared reference): one city of each country's
    hundreds, a sliver of the cities' ids however far they spread, too few for the values alone;
    the name says a capital is a city. Capital money (a bank's) lands in no city's ids."""
    rng = random.Random(3)
    codes = [f"C{i:02d}" for i in range(60)]
    cities = [(i, f"City{i}", codes[(i - 1) % 60], rng.randrange(1000, 900000)) for i in range(1, 2401)]
    countries = [(c, f"Country {c}", None if i == 59 else 1 + i + 60 * rng.randrange(0, 40)) for i, c in enumerate(codes)]
    banks = [(i, f"Bank {i}", rng.randrange(10 ** 6, 10 ** 9)) for i in range(1, 41)]
    path = sqlite_db(tmp_path / "world.sqlite", {
        "country": ("Code CHAR(3) PRIMARY KEY, Name TEXT NOT NULL, Capital INTEGER", countries),
        "city": ("ID INTEGER PRIMARY KEY, Name TEXT NOT NULL, CountryCode CHAR(3) NOT NULL REFERENCES country(Code), "
                 "Population INTEGER NOT NULL", cities),
        "bank": ("id INTEGER PRIMARY KEY, name TEXT NOT NULL, capital INTEGER", banks),
    })
    model, _ = infer(path)
    assert ("country", "Capital", "city", "ID") in edges(model)
    assert not {e for e in edges(model) if e[0] == "bank"}


def _tpcc_like(tmp_path, declared: bool):
    """Warehouses, districts and their customers, orders and order lines keyed by composites whose
    columns share each table's one-letter prefix (TPC-C): a customer is c_w_id, c_d_id, c_id; an
    order o_w_id, o_d_id, o_id and its customer o_c_id; a line ol_w_id, ol_d_id, ol_o_id."""
    rnd = random.Random(7)
    wd = [(w, d) for w in (1, 2) for d in (1, 2, 3)]
    customers = [(c, d, w, f"last {c}") for w, d in wd for c in range(1, 31)]
    orders = [(o, d, w, rnd.randint(1, 30), 5) for w, d in wd for o in range(1, 31)]
    lines = [(o, d, w, n, rnd.randint(1, 200), w if declared or n % 2 else 3 - w, 2.5 * n)
             for o, d, w, _c, _k in orders for n in range(1, 4)]
    history = [(c, d, w, d, w, 10.0 * k) for c, d, w, _ in customers for k in (1, 2)]
    fk = lambda s: s if declared else ""  # noqa: E731
    return sqlite_db(tmp_path / "tpcc.sqlite", {
        "item": ("i_id INTEGER PRIMARY KEY, i_name TEXT, i_price REAL", [(i, f"item {i}", 1.0 + i) for i in range(1, 201)]),
        "stock": ("s_i_id INTEGER NOT NULL, s_w_id INTEGER NOT NULL, s_quantity INTEGER, PRIMARY KEY (s_w_id, s_i_id)",
                  [(i, w, 10 + i % 50) for w in (1, 2) for i in range(1, 201)]),
        "customer": ("c_id INTEGER NOT NULL, c_d_id INTEGER NOT NULL, c_w_id INTEGER NOT NULL, c_last TEXT, "
                     "PRIMARY KEY (c_w_id, c_d_id, c_id)", customers),
        "orders": ("o_id INTEGER NOT NULL, o_d_id INTEGER NOT NULL, o_w_id INTEGER NOT NULL, o_c_id INTEGER, o_ol_cnt INTEGER, "
                   "PRIMARY KEY (o_w_id, o_d_id, o_id)" + fk(", FOREIGN KEY (o_w_id, o_d_id, o_c_id) REFERENCES customer (c_w_id, c_d_id, c_id)"),
                   orders),
        "order_line": ("ol_o_id INTEGER NOT NULL, ol_d_id INTEGER NOT NULL, ol_w_id INTEGER NOT NULL, ol_number INTEGER NOT NULL, "
                       "ol_i_id INTEGER, ol_supply_w_id INTEGER, ol_amount REAL, PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number)"
                       + fk(", FOREIGN KEY (ol_supply_w_id, ol_i_id) REFERENCES stock (s_w_id, s_i_id)"), lines),
        "history": ("h_c_id INTEGER, h_c_d_id INTEGER, h_c_w_id INTEGER, h_d_id INTEGER, h_w_id INTEGER, h_amount REAL"
                    + fk(", FOREIGN KEY (h_c_w_id, h_c_d_id, h_c_id) REFERENCES customer (c_w_id, c_d_id, c_id)"), history),
    })


def test_prefixed_identifiers_of_composite_keys_join_their_tables_not_a_key_holding_their_numbers(tmp_path):
    """o_c_id names the customer's c_id behind the orders' prefix, ol_o_id the orders' o_id: the
    composite references to customer and orders, never the items, whose key 1..200 merely holds
    customer and order numbers 1..30 (nor a customer's key read bare, `id`, as the orders' own)."""
    model, _ = infer(_tpcc_like(tmp_path, declared=False))
    found = edges(model)
    assert ("orders", "o_w_id,o_d_id,o_c_id", "customer", "c_w_id,c_d_id,c_id") in found
    assert ("order_line", "ol_w_id,ol_d_id,ol_o_id", "orders", "o_w_id,o_d_id,o_id") in found
    assert ("order_line", "ol_i_id", "item", "i_id") in found
    # the customer's own columns h_c_w_id, h_c_d_id before the history row's district h_w_id, h_d_id
    assert ("history", "h_c_w_id,h_c_d_id,h_c_id", "customer", "c_w_id,c_d_id,c_id") in found
    assert not {e for e in found if e[2] == "item" and e[1] != "ol_i_id" and e[0] != "stock"}


def test_an_inferred_reference_never_doubles_a_declared_one_through_the_same_columns(tmp_path):
    """The declared ol_supply_w_id, ol_i_id to stock is the lines' reference to it; ol_w_id, ol_i_id
    (the same item, the home warehouse) is no second path there. Nor is h_w_id, h_d_id, h_c_id to
    the customer beside the declared h_c_w_id, h_c_d_id, h_c_id; nor o_c_id alone to the items."""
    model, _ = infer(_tpcc_like(tmp_path, declared=True))
    found = edges(model)
    assert not {e for e in found if e[:3] == ("order_line", e[1], "stock")}
    assert not {e for e in found if e[0] == "history" and e[2] == "customer"}
    assert not {e for e in found if e[2] == "item" and e[1] in ("o_c_id", "h_c_id", "ol_o_id")}


def test_a_composite_a_declared_reference_rules_out_claims_none_of_its_columns(tmp_path):
    """ol_w_id, ol_i_id would name the stock, but the declared ol_supply_w_id, ol_i_id is the
    lines' reference there: dropped, it leaves ol_w_id to join the warehouse by its own name (the
    warehouse's w_id behind the lines' prefix), as no reference through several columns holds it."""
    rnd = random.Random(5)
    lines = [(n, 1 + n % 3, rnd.randint(1, 50), 1 + n % 3, 2.5 * n) for n in range(1, 301)]
    path = sqlite_db(tmp_path / "lines.sqlite", {
        "warehouse": ("w_id INTEGER PRIMARY KEY, w_name TEXT", [(w, f"w{w}") for w in (1, 2, 3)]),
        "item": ("i_id INTEGER PRIMARY KEY, i_name TEXT", [(i, f"item {i}") for i in range(1, 51)]),
        "stock": ("s_i_id INTEGER NOT NULL, s_w_id INTEGER NOT NULL, s_quantity INTEGER, PRIMARY KEY (s_w_id, s_i_id)",
                  [(i, w, i % 7) for w in (1, 2, 3) for i in range(1, 51)]),
        "order_line": ("ol_number INTEGER PRIMARY KEY, ol_w_id INTEGER NOT NULL, ol_i_id INTEGER, ol_supply_w_id INTEGER, "
                       "ol_amount REAL, FOREIGN KEY (ol_supply_w_id, ol_i_id) REFERENCES stock (s_w_id, s_i_id)", lines),
    })
    model, _ = infer(path)
    found = edges(model)
    assert ("order_line", "ol_w_id", "warehouse", "w_id") in found
    assert not {e for e in found if e[0] == "order_line" and e[2] == "stock"}


def test_a_repeated_own_identifier_keys_its_table_with_the_parents_not_a_column_unique_by_chance(tmp_path):
    """Nothing declared. A customer's c_id runs 1..30 in each district (c_w_id, c_d_id), and its
    first name, random letters, happens to differ on every row: the key is the counted grain
    c_w_id, c_d_id, c_id, which the orders then refer to by o_w_id, o_d_id, o_c_id. d_w_id names
    the warehouse's own w_id behind the districts' prefix, though only two warehouses exist."""
    rnd = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    wd = [(w, d) for w in (1, 2) for d in (1, 2, 3)]
    customers = [(c, d, w, "".join(rnd.choice(letters) for _ in range(12)), 10.0 * c) for w, d in wd for c in range(1, 31)]
    path = sqlite_db(tmp_path / "keyless.sqlite", {
        "warehouse": ("w_id INTEGER, w_name TEXT, w_tax REAL", [(1, "north", 0.1), (2, "south", 0.05)]),
        "district": ("d_id INTEGER, d_w_id INTEGER, d_name TEXT, d_tax REAL", [(d, w, f"district {w}-{d}", 0.01 * d) for w, d in wd]),
        "customer": ("c_id INTEGER, c_d_id INTEGER, c_w_id INTEGER, c_first TEXT, c_balance REAL", customers),
        "orders": ("o_id INTEGER, o_d_id INTEGER, o_w_id INTEGER, o_c_id INTEGER, o_ol_cnt INTEGER",
                   [(o, d, w, rnd.randint(1, 30), rnd.randint(5, 15)) for w, d in wd for o in range(1, 41)]),
    })
    model, _ = infer(path)
    assert set(model.entity("customer").primary_key) == {"c_w_id", "c_d_id", "c_id"}
    found = {(a, frozenset(b.split(",")), c) for a, b, c, _ in edges(model)}
    assert ("orders", frozenset({"o_w_id", "o_d_id", "o_c_id"}), "customer") in found
    assert ("district", frozenset({"d_w_id"}), "warehouse") in found
    # o_w_id, o_d_id name the district, but the order's customer (o_w_id, o_d_id, o_c_id) is in it:
    # no second path there beside the one through the customer
    assert ("orders", frozenset({"o_w_id", "o_d_id"}), "district") not in found


def test_a_table_keyed_by_a_larger_tables_composite_naming_its_own_id_extends_it(tmp_path):
    """TPC-C's new_order holds the orders not yet delivered, keyed as they are (no_w_id, no_d_id,
    no_o_id; no_o_id is the orders' o_id behind new_order's prefix): one order each, a subset of
    the orders, not a sibling keyed by the same things. Batting and fielding, keyed alike by
    names that are no table's own identifier, stay siblings."""
    wd = [(w, d) for w in (1, 2) for d in (1, 2, 3)]
    path = sqlite_db(tmp_path / "new_order.sqlite", {
        "orders": ("o_id INTEGER NOT NULL, o_d_id INTEGER NOT NULL, o_w_id INTEGER NOT NULL, o_c_id INTEGER, o_ol_cnt INTEGER, "
                   "PRIMARY KEY (o_w_id, o_d_id, o_id)", [(o, d, w, 1 + o % 7, 5 + o % 9) for w, d in wd for o in range(1, 41)]),
        "new_order": ("no_o_id INTEGER NOT NULL, no_d_id INTEGER NOT NULL, no_w_id INTEGER NOT NULL, PRIMARY KEY (no_w_id, no_d_id, no_o_id)",
                      [(o, d, w) for w, d in wd for o in range(31, 41)]),
        "batting": ("player_id TEXT NOT NULL, year_id INTEGER NOT NULL, stint INTEGER NOT NULL, hits INTEGER, "
                    "PRIMARY KEY (player_id, year_id, stint)", [(f"p{i}", 2000 + i % 5, 1, i) for i in range(60)]),
        "fielding": ("player_id TEXT NOT NULL, year_id INTEGER NOT NULL, stint INTEGER NOT NULL, errors INTEGER, "
                     "PRIMARY KEY (player_id, year_id, stint)", [(f"p{i}", 2000 + i % 5, 1, i % 3) for i in range(40)]),
    })
    model, _ = infer(path)
    found = {(a, frozenset(b.split(",")), c) for a, b, c, _ in edges(model)}
    assert ("new_order", frozenset({"no_w_id", "no_d_id", "no_o_id"}), "orders") in found
    rel = next(r for r in model.relationships if r.from_.table == "new_order")
    assert rel.cardinality == "one_to_one"
    assert not {e for e in found if {e[0], e[2]} == {"batting", "fielding"}}
