"""The library functions the served faces share (compiler.search, describe, join_path, review,
overrides_file, disclosure), on a generated SQLite database, checked against the database itself
where a result is SQL."""

from __future__ import annotations

import sqlite3

import pytest

from compiler.describe import measure_sql
from compiler.disclosure import visible_profile
from compiler.explain import NotFound
from compiler.overrides_file import OverrideWriteError, child, edit_overrides
from compiler.search import fold, terms
from ir.catalog import ColumnProfile, ValueCount
from tests.serve.helpers import make_shop_db, open_workspace


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    return make_shop_db(tmp_path_factory.mktemp("shop") / "shop.sqlite")


@pytest.fixture(scope="module")
def ws(shop):
    return open_workspace(shop)


def test_terms_split_every_naming_style_and_fold_plurals():
    assert terms("InvoiceLineItems") == ["invoice", "line", "item"]
    assert terms("KUNDEN_NR") == ["kunden", "nr"]
    assert terms("Catégories de produits") == ["catégory", "de", "produit"]
    assert [fold(w) for w in ("status", "address", "boxes", "categories", "bus")] == ["status", "address", "box", "category", "bus"]


def test_search_ranks_the_whole_name_first_and_matches_columns_by_table_and_semantic_type(ws):
    hits = ws.view.search("sales orders")
    assert (hits[0]["kind"], hits[0]["table"]) == ("table", "sales_order")
    assert {(h["kind"], h["table"]) for h in ws.view.search("order")[:2]} == {("table", "sales_order"), ("table", "order_item")}
    hits = ws.view.search("client email")
    assert (hits[0]["kind"], hits[0]["table"], hits[0]["column"]) == ("column", "client", "email")
    assert hits[0]["words"] == "2/2"
    semantic = ws.view.search("pii", kinds={"column"})
    assert ("client", "email") in {(h["table"], h.get("column")) for h in semantic}
    assert ws.view.search("zzzz") == [] and ws.view.search("  ") == []


def test_describe_shows_counts_only_for_a_sensitive_column(ws):
    t = ws.view.table("CLIENT")  # case-insensitive lookup
    cols = {c["name"]: c for c in t["columns"]}
    assert set(cols) == {"client_id", "full_name", "email", "country", "signup_date"}
    email = cols["email"]
    assert email["field"]["sensitivity"]
    assert set(email["profile"]) <= {"null_count", "distinct_count", "distinct_exact", "redacted"}
    assert email["profile"]["distinct_count"] == 60 and email["profile"]["redacted"] is True
    assert "top_values" in cols["country"]["profile"]  # not sensitive: values shown
    assert "example.com" not in str(t)


def test_a_field_classified_sensitive_hides_values_the_profile_still_has():
    profile = ColumnProfile(null_count=0, distinct_count=2, min="a@x.io", max="b@x.io", top_values=[ValueCount(value="a@x.io", count=3)])

    class Field:
        sensitivity = "pii.email"

    shown = visible_profile(profile, Field())
    assert shown == {"null_count": 0, "distinct_count": 2, "redacted": True}
    assert visible_profile(profile, None)["max"] == "b@x.io"


def test_snapshot_resource_withholds_values_of_sensitive_columns(ws):
    snap = ws.view.public_snapshot()
    email = snap.table("client").column("email")
    assert email.profile.redacted and email.profile.top_values == [] and email.profile.max is None
    assert ws.view.snapshot.table("client").column("country").profile.top_values  # the served snapshot is untouched


def test_join_path_crosses_two_relationships_and_its_sql_keeps_the_row_count(ws, shop):
    path = ws.view.join_path("order_item", "client")
    assert path["how"] == "lookup" and path["hops"] == 2
    assert [j["entity"] for j in path["joins"]] == ["sales_order", "client"]
    con = sqlite3.connect(shop)
    joined = con.execute(f"SELECT COUNT(*) FROM ({path['sql']})").fetchone()[0]
    assert joined == con.execute("SELECT COUNT(*) FROM order_item").fetchone()[0]  # no fan-out


def test_two_facts_meeting_only_at_a_lookup_have_no_join_path(ws):
    with pytest.raises(NotFound, match="fan out"):
        ws.view.join_path("order_item", "stock_move")
    with pytest.raises(NotFound, match="no table"):
        ws.view.join_path("order_item", "nope")


def test_measure_sql_means_what_the_measure_says(ws, shop):
    con = sqlite3.connect(shop)
    measures = {m["name"]: m for m in ws.view.measures("order_item")["measures"]}
    assert con.execute(measures["total_quantity"]["sql"]).fetchone()[0] == con.execute("SELECT SUM(quantity) FROM order_item").fetchone()[0]
    assert con.execute(measures["count"]["sql"]).fetchone()[0] == con.execute("SELECT COUNT(*) FROM order_item").fetchone()[0]
    entity = ws.view.model.entity("order_item")
    filtered = entity.measures[0].model_copy(update={"name": "big", "agg": "count", "filter": "quantity > 4"})
    sql = measure_sql(entity, filtered, "sqlite")
    assert con.execute(sql).fetchone()[0] == con.execute("SELECT COUNT(*) FROM order_item WHERE quantity > 4").fetchone()[0]


def test_relationships_list_joined_and_suggested(ws):
    rels = ws.view.relationships()
    by = {(r["from"]["table"], tuple(r["from"]["columns"])): r for r in rels}
    assert by[("sales_order", ("client_id",))]["status"] == "joined"
    assert by[("sales_order", ("client_id",))]["origin"] == "inferred"
    suggested = by[("sales_order", ("ship_via",))]
    assert suggested["status"] == "suggested" and suggested["to"]["table"] == "shipper" and suggested["confidence"] < 0.8
    shipper = ws.view.relationships("shipper")
    assert shipper and all("shipper" in (r["from"]["table"], r["to"]["table"]) for r in shipper)


def test_override_edit_keeps_comments_quotes_and_layout(tmp_path):
    path = tmp_path / "mb.yaml"
    original = (
        "# project settings\n"
        "name: shop   # the model\n"
        "overrides:\n"
        "    tables:\n"
        "        Invoice:\n"
        "            columns: {Total: {label: \"Invoice total\"}}   # keep me\n"
    )
    path.write_text(original)
    edit_overrides(path, lambda ov: child(child(child(ov, "tables"), "Track"), "columns").__setitem__("Name", {"llm": False}))
    text = path.read_text()
    assert text.startswith(original), text  # every original line, byte for byte
    assert "        Track:\n            columns:\n                Name:\n                    llm: false\n" in text


def test_an_edit_that_would_break_the_config_writes_nothing(tmp_path):
    path = tmp_path / "mb.yaml"
    path.write_text("name: shop\n")
    with pytest.raises(OverrideWriteError, match="invalid"):
        edit_overrides(path, lambda ov: ov.__setitem__("tables", {"x": {"colour": "red"}}))
    assert path.read_text() == "name: shop\n"
    path.write_text("name: [unclosed\n")
    with pytest.raises(OverrideWriteError, match="not valid YAML"):
        edit_overrides(path, lambda ov: None)
