"""The LookML importer: a project people wrote becomes IR with human provenance, and whatever
does not map is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import lkml
import pytest

from backends.lookml import LookMLBackend
from compiler.api import read_model
from compiler.diagnostics import Diagnostics
from tests.support import REPO

CORPUS = REPO / "tests" / "fixtures" / "interchange" / "lookml"

PROJECT = {
    "manifest.lkml": 'constant: SCHEMA { value: "shop" }\n',
    "shop.model.lkml": 'connection: "warehouse"\ninclude: "/views/*.view.lkml"\n\n'
    "explore: orders {\n"
    "  join: customers {\n    sql_on: ${orders.customer_id} = ${customers.id} ;;\n    relationship: many_to_one\n  }\n"
    "  join: regions {\n    sql_on: ${customers.region_id} = ${regions.id} ;;\n    relationship: many_to_one\n  }\n"
    "  join: order_items {\n    sql_on: ${order_items.order_id} = ${orders.id} ;;\n    relationship: one_to_many\n  }\n"
    "}\n",
    "views/base.view.lkml": "view: audited {\n  extension: required\n"
    "  dimension_group: loaded {\n    type: time\n    timeframes: [raw, date]\n    sql: ${TABLE}._loaded_at ;;\n  }\n}\n",
    "views/orders.view.lkml": "view: orders {\n  extends: [audited]\n  sql_table_name: @{SCHEMA}.orders ;;\n"
    '  label: "Orders"\n'
    "  dimension: id {\n    primary_key: yes\n    type: number\n    sql: ${TABLE}.id ;;\n  }\n"
    "  dimension: customer_id {\n    type: number\n    hidden: yes\n    sql: ${TABLE}.customer_id ;;\n  }\n"
    "  dimension: status {\n    type: string\n    group_label: \"State\"\n    sql: ${TABLE}.status ;;\n  }\n"
    "  dimension: is_gift {\n    type: yesno\n    sql: ${TABLE}.gift_flag = 1 ;;\n  }\n"
    "  dimension: amount {\n    type: number\n    sql: ${TABLE}.amount ;;\n  }\n"
    "  dimension: net {\n    type: number\n    sql: ${amount} - ${TABLE}.discount ;;\n  }\n"
    "  dimension_group: ordered {\n    type: time\n    datatype: date\n    sql: ${TABLE}.order_date ;;\n  }\n"
    '  measure: count {\n    type: count\n    description: "Orders placed."\n  }\n'
    "  measure: revenue {\n    type: sum\n    sql: ${amount} ;;\n    value_format_name: usd\n  }\n"
    '  measure: completed_revenue {\n    type: sum\n    sql: ${amount} ;;\n    filters: [status: "complete,shipped", is_gift: "no"]\n  }\n'
    '  measure: big_orders {\n    type: count\n    filters: [amount: ">100"]\n  }\n'
    '  measure: odd {\n    type: count\n    filters: [ordered_date: "7 days"]\n  }\n'
    "  measure: median_amount {\n    type: median\n    sql: ${amount} ;;\n  }\n"
    "  measure: average_order_value {\n    type: number\n    sql: ${revenue} / NULLIF(${count}, 0) ;;\n  }\n"
    "  measure: share_of_customers {\n    type: number\n    sql: ${count} / ${customers.count} ;;\n  }\n"
    "}\n"
    "view: +orders {\n  dimension: status {\n    label: \"Order status\"\n  }\n"
    '  measure: legacy_count {\n    type: count\n    filters: {\n      field: status\n      value: "-cancelled"\n    }\n  }\n}\n',
    "views/customers.view.lkml": "view: customers {\n  sql_table_name: `proj.crm.customers` ;;\n"
    "  dimension: id {\n    primary_key: yes\n    sql: ${TABLE}.id ;;\n  }\n"
    "  dimension: region_id {\n    sql: ${TABLE}.region_id ;;\n  }\n"
    "  dimension: tier {\n    sql: {% if _user_attributes['x'] %} ${TABLE}.tier {% endif %} ;;\n  }\n"
    "  measure: count {\n    type: count_distinct\n    sql: ${id} ;;\n  }\n}\n",
    "views/regions.view.lkml": "view: regions {\n  derived_table: {\n    sql: SELECT id, name FROM geo.regions ;;\n  }\n"
    "  dimension: id {\n    primary_key: yes\n  }\n  dimension: name {}\n}\n",
    "views/order_items.view.lkml": "view: order_items {\n  sql_table_name: shop.order_items ;;\n"
    "  dimension: order_id {\n    sql: ${TABLE}.order_id ;;\n  }\n  dimension: sku {}\n}\n",
    "dashboards/overview.dashboard.lookml": "- dashboard: overview\n  title: Overview\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for rel, text in PROJECT.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def test_views_fields_measures_and_explores(project):
    diags = Diagnostics()
    fmt, model = read_model(project, diags=diags)
    assert fmt == "lookml" and model.name == "shop"
    assert [e.name for e in model.entities] == ["customers", "order_items", "orders", "regions"]  # `audited` is abstract
    orders = model.entity("orders")
    assert (orders.table.schema_, orders.table.name, orders.label.value) == ("shop", "orders", "Orders")  # constant substituted
    assert model.entity("customers").table.schema_ == "crm"  # `proj.crm.customers`
    assert orders.primary_key == ["id"]
    dims = {d.name: d for d in orders.dimensions}
    assert dims["status"].label.value == "Order status"  # from the refinement
    assert dims["net"].expr == "amount - discount" and dims["net"].column is None  # ${amount} inlined
    assert dims["is_gift"].data_type == "boolean" and dims["customer_id"].hidden
    times = {t.name: t for t in orders.time_dimensions}
    assert times["ordered"].data_type == "date" and times["loaded"].column == "_loaded_at"  # from the extended view
    measures = {m.name: m for m in orders.measures}
    assert (measures["revenue"].agg, measures["revenue"].column, measures["revenue"].format) == ("sum", "amount", "currency")
    assert measures["completed_revenue"].filter == "status IN ('complete', 'shipped') AND NOT (gift_flag = 1)"
    assert measures["big_orders"].filter == "amount > 100"
    assert measures["legacy_count"].filter == "(status <> 'cancelled' OR status IS NULL)"
    assert measures["count"].description.value == "Orders placed."
    assert "odd" not in measures and "median_amount" not in measures
    prov = measures["revenue"].provenance
    assert prov.origin == "human" and prov.location == "views/orders.view.lkml:41"
    metric = next(m for m in model.metrics if m.name == "average_order_value")
    assert (metric.type, metric.entity, metric.numerator, metric.denominator) == ("ratio", "orders", "revenue", "count")
    # A measure over another view's: a metric its owner reaches through the join (resolve_metrics).
    share = next(m for m in model.metrics if m.name == "share_of_customers")
    assert (share.type, share.entity, share.numerator, share.denominator) == ("ratio", "orders", "count", "customers.count")
    assert share.inputs == ["orders.count", "customers.count"] and [s.to_entity for s in share.path] == ["customers"]
    assert model.entity("regions").kind == "view"
    x = model.explores[0]
    assert [(j.alias, j.from_alias, j.from_columns, j.to_columns, j.cardinality) for j in x.joins] == [
        ("customers", "orders", ["customer_id"], ["id"], "many_to_one"),
        ("regions", "customers", ["region_id"], ["id"], "many_to_one"),
        ("order_items", "orders", ["id"], ["order_id"], "one_to_many"),
    ]
    # Joins are relationships too, the many side first.
    assert {(r.from_.table, tuple(r.from_.columns), r.to.table, r.cardinality) for r in model.relationships} == {
        ("orders", ("customer_id",), "customers", "many_to_one"), ("customers", ("region_id",), "regions", "many_to_one"),
        ("order_items", ("order_id",), "orders", "many_to_one")}


def test_what_does_not_map_is_reported_with_file_and_line(project):
    diags = Diagnostics()
    read_model(project, diags=diags)
    found = {(d.code, d.location, d.message.split(":")[0]) for d in diags.items}
    assert ("LK102", "views/orders.view.lkml:55", "measure orders.odd not imported") in found
    assert ("LK102", "views/orders.view.lkml:59", "measure orders.median_amount of type median not imported (the IR aggregates count, count_distinct, sum, average, min and max)") in found
    assert ("LK102", "views/customers.view.lkml:10", "dimension customers.tier not imported") in found
    assert ("LK102", "views/regions.view.lkml:1", "view regions is a derived table (sql); imported as a view named regions (the IR holds no SQL of its own for an entity") in found
    assert any(d.code == "LK103" and "group_label (1)" in d.message and d.location == "views/orders.view.lkml:1" for d in diags.items)
    assert any(d.code == "LK103" and d.location == "dashboards/overview.dashboard.lookml" for d in diags.items)
    assert not diags.has_errors()


def test_a_file_that_does_not_parse_is_an_input_error(tmp_path):
    (tmp_path / "a.model.lkml").write_text("connection: x\n")
    (tmp_path / "v.view.lkml").write_text("view: v {\n  dimension: d {\n")
    diags = Diagnostics()
    read_model(tmp_path, fmt="lookml", diags=diags)
    assert [(d.code, d.location) for d in diags.errors] == [("LK101", "v.view.lkml")]
    assert diags.exit_code() == 2


@pytest.mark.parametrize("name", ["block-shopify", "block-zendesk"])
def test_real_projects_lookml_to_lookml_keeps_every_view_and_field(name):
    """X -> IR -> X on hand-written projects: every view, dimension and measure comes back, or
    its absence is in the loss report."""
    diags = Diagnostics()
    _, model = read_model(CORPUS / name, diags=diags, dialect="bigquery")  # Looker blocks for BigQuery
    assert not diags.has_errors(), diags.render_text()
    source = {}
    for path in sorted((CORPUS / name).rglob("*.view.lkml")):
        for v in lkml.load(path.read_text())["views"]:
            source[v["name"]] = v
    reported = " ".join(d.message for d in diags.items)
    backend = LookMLBackend()
    # A metric over another view's measures is left out of LookML with LK001, an error by
    # default (mb.yaml can make it a warning): reported, so explained.
    out = Diagnostics({"LK001": "warning"})
    files = backend.emit(model, {}, out)
    assert not out.has_errors(), out.render_text()
    reported_out = " ".join(d.message for d in out.items)
    written = {v["name"]: v for text in files.values() for v in lkml.load(text).get("views", [])}
    assert set(written) == set(source)
    for view, v in source.items():
        for kind in ("dimensions", "dimension_groups", "measures"):
            want = {f["name"] for f in v.get(kind, [])}
            got = {f["name"] for f in written[view].get(kind, [])}
            for missing in want - got:
                assert f"{view}.{missing}" in reported or f"metric {missing} left out" in reported_out, f"{view}.{missing} lost without a report"
