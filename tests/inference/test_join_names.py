"""Naming signals, one rule at a time, in several naming styles."""

from __future__ import annotations

import pytest

from passes.join_names import (
    common_table_affixes,
    column_prefix,
    is_measure_like,
    parse_reference,
    self_role,
    singular,
    split_glued,
    table_signal,
    table_words,
)


@pytest.mark.parametrize("plural,single", [("customers", "customer"), ("categories", "category"), ("addresses", "address"),
                                           ("boxes", "box"), ("people", "person"), ("status", "status"), ("class", "class"),
                                           ("order", "order")])
def test_singular(plural, single):
    assert singular(plural) == single


@pytest.mark.parametrize("name,base,suffix", [
    ("customer_id", ("customer",), "id"), ("CustomerId", ("customer",), "id"), ("CUSTOMER_ID", ("customer",), "id"),
    ("customerid", ("customer",), "id"), ("cust_key", ("cust",), "key"), ("country_code", ("country",), "code"),
    ("created_by", ("created",), "by"), ("ReportsTo", ("report",), "to"), ("ship_via", ("ship", "via"), None),
])
def test_parse_reference_styles(name, base, suffix):
    p = parse_reference(name)
    assert (p.base, p.suffix) == (base, suffix)


def test_glued_suffix_and_column_prefix():
    assert split_glued(("partkey",)) == ("part", "key")
    assert split_glued(("paid",)) == ("paid",), "too short a stem: not an identifier"
    assert column_prefix(["l_orderkey", "l_partkey", "l_quantity", "l_comment"]) == "l"
    assert column_prefix(["id", "name", "email"]) is None
    assert parse_reference("l_partkey", "l").base == ("part",)


@pytest.mark.parametrize("table,core", [("tbl_Customers", ("customer",)), ("dim_product", ("product",)), ("OrderDetails", ("order", "detail")),
                                        ("ORDER_ITEMS", ("order", "item")), ("vw_orders", ("order",)), ("t", ("t",))])
def test_table_words_strip_decorations(table, core):
    assert table_words(table) == core


@pytest.mark.parametrize("base,table,rule", [
    (("customer",), ("customer",), "table_name"),
    (("order", "item"), ("order", "item"), "table_name"),
    (("orderitem",), ("order", "item"), "table_name"),
    # A table named by the words run together (PostgreSQL folds an unquoted SalesPerson), the
    # column's plural "sales" singular in its base: the table, not a 'sale' role of person.
    (("sale", "person"), ("salesperson",), "table_name"),
    (("sale", "territory"), ("salesterritory",), "table_name"),
    (("cust",), ("customer",), "abbreviated_table_name"),
    (("emp",), ("employee",), "abbreviated_table_name"),
    (("ship", "address"), ("address",), "role_and_table_name"),
    (("bill", "to", "customer"), ("customer",), "role_and_table_name"),
    (("cat",), ("catalog",), "table_name_prefix"),
    (("order",), ("order", "header"), "leading_table_words"),
    (("dpt",), ("department",), "table_abbreviation"),
])
def test_table_signal_rules(base, table, rule):
    sig = table_signal(base, table)
    assert sig is not None and sig.rule == rule


@pytest.mark.parametrize("base,table", [(("customer", "type"), ("customer",)), (("status",), ("store",)), (("x",), ("xylophone",))])
def test_table_signal_rejects(base, table):
    assert table_signal(base, table) is None


@pytest.mark.parametrize("name", ["quantity", "Quantity", "QTY", "line_no", "LineNumber", "rating", "UnitsOnOrder", "reorder_level", "total_amount",
                                  # a team's buildUpPlaySpeed (20..80) fits the players' ids and 'play' begins 'player'
                                  "buildUpPlaySpeed", "wind_speed", "water_temperature"])
def test_measure_like_names_are_not_references(name):
    assert is_measure_like(parse_reference(name))


@pytest.mark.parametrize("name", ["rating_id", "line_id", "CustomerId", "country_code"])
def test_identifiers_are_not_measure_like(name):
    assert not is_measure_like(parse_reference(name))


def test_self_roles():
    assert self_role(parse_reference("parent_id"), ("category",)) == "parent"
    assert self_role(parse_reference("ParentCategoryId"), ("category",)) == "parent"
    assert self_role(parse_reference("parent_folder_id"), ("category",)) is None


@pytest.mark.parametrize("tables, affixes", [
    (["wp_posts", "wp_users", "wp_options"], (("wp",), ())),
    (["olist_orders_dataset", "olist_customers_dataset", "olist_sellers_dataset", "olist_products_dataset",
      "olist_order_items_dataset", "product_category_name_translation"], (("olist",), ("dataset",))),
    # the noun of numbered names is their meaning, not a decoration
    (["entity_0_measure_table", "entity_1_measure_table", "entity_0_dimension_table", "entity_1_dimension_table",
      "entity_2_measure_table", "all_entity_measure_table"], ((), ("table",))),
    (["customers", "orders", "order_items"], ((), ())),
])
def test_words_the_tables_share_are_no_tables_meaning(tables, affixes):
    assert common_table_affixes(tables) == affixes
