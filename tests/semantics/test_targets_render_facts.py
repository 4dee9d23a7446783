"""Backends render the IR's semantic facts and decide none: a semi-additive measure, Power BI's
default summarization, Superset's time column, and a metric's owner."""

from __future__ import annotations

import yaml

from backends.base import available
from compiler.api import compile as compile_snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.frontends.common import finalize
from compiler.options import SourceOptions
from compiler.overrides import Overrides
from ir.snapshot import Snapshot, Source
from tests.semantics.build import col, table


def stock() -> Snapshot:
    tables = [
        table("products", [col("id"), col("name", "TEXT"), col("units_in_stock"), col("added_on", "DATE")], pk=["id"], rows=40),
        table("stock_levels", [col("product_id"), col("snapshot_date", "DATE"), col("units_on_hand")],
              pk=["product_id", "snapshot_date"], rows=1200, fks=[(["product_id"], "products", ["id"])]),
    ]
    return finalize(Snapshot(source=Source(dialect="duckdb", description="t", database="stock"), tables=tables),
                    SourceOptions(), Diagnostics())


def test_a_balance_over_time_is_rendered_where_it_can_be_and_reported_where_not():
    diags = Diagnostics()
    result = compile_snapshot(stock(), sorted(available()), Config(name="stock"), diags)
    assert not diags.has_errors(), diags.render_text()
    sm = yaml.safe_load(result.files["dbt"]["models/mb_generated/semantic/stock_levels.yml"])["semantic_models"][0]
    level = next(m for m in sm["measures"] if m["expr"] == "units_on_hand")
    assert level["agg"] == "sum" and level["non_additive_dimension"] == {"name": "snapshot_date", "window_choice": "max"}
    lost = {d.code for d in diags.items if "total_units_on_hand" in d.location}
    assert lost == {"LK003", "CB001", "PB001", "SS001"}
    # Power BI sums a product's stock over products, never a level over days.
    tmdl = result.files["powerbi"]
    products = tmdl["stock.SemanticModel/definition/tables/Products.tmdl"]
    levels = tmdl["stock.SemanticModel/definition/tables/Stock Levels.tmdl"]
    assert "summarizeBy: sum\n\t\tsourceColumn: units_in_stock" in products
    assert "summarizeBy: none\n\t\tsourceColumn: units_on_hand" in levels


def test_superset_and_dbt_take_the_models_time_axis():
    overrides = Overrides.model_validate({"tables": {"products": {"time_dimension": "added_on"}}})
    result = compile_snapshot(stock(), ["superset", "dbt"], Config(name="stock", overrides=overrides), Diagnostics())
    ds = yaml.safe_load(result.files["superset"]["datasets/stock/products.yaml"])
    assert ds["main_dttm_col"] == "added_on"
    sm = yaml.safe_load(result.files["dbt"]["models/mb_generated/semantic/products.yml"])["semantic_models"][0]
    assert sm["defaults"] == {"agg_time_dimension": "added_on"}


def test_every_target_places_a_metric_with_its_owner():
    overrides = Overrides.model_validate({"tables": {"stock_levels": {"metrics": [
        {"name": "avg_level", "type": "ratio", "numerator": "total_units_on_hand", "denominator": "count"}]}}})
    diags = Diagnostics()
    result = compile_snapshot(stock(), ["lookml", "cube", "superset", "powerbi", "dbt"], Config(name="stock", overrides=overrides), diags)
    assert result.model.metrics[0].entity == "stock_levels"
    # The ratio reads a semi-additive measure: rendered by dbt, left out (and said so) elsewhere.
    assert "avg_level" in result.files["dbt"]["models/mb_generated/semantic/stock_levels.yml"]
    assert {d.code for d in diags.items if "avg_level" in d.message} >= {"LK001", "CB001", "SS001", "PB001"}


def test_personal_data_stays_visible_and_is_flagged_in_every_target_that_has_a_place_for_it():
    from tests.support import shop_snapshot

    result = compile_snapshot(shop_snapshot("postgres"), ["lookml", "cube", "dbt", "powerbi"], Config(name="shop"), Diagnostics())
    email = next(d for d in result.model.entity("customers").dimensions if d.column == "EMAIL_ADDR")
    assert email.sensitivity == "pii.email" and email.hidden is False
    view = result.files["lookml"]["views/customers.view.lkml"]
    assert 'tags: ["pii.email"]' in view[view.index("dimension: email_addr"):]
    cube = yaml.safe_load(result.files["cube"]["model/cubes/customers.yml"])["cubes"][0]
    member = next(d for d in cube["dimensions"] if d["name"] == "email_addr")
    assert member["meta"] == {"mb_sensitivity": "pii.email"} and "public" not in member
    stg = yaml.safe_load(result.files["dbt"]["models/mb_generated/staging/stg_customers.yml"])["models"][0]
    assert next(c for c in stg["columns"] if c["name"] == "email_addr")["config"] == {"meta": {"sensitivity": "pii.email"}}
    tmdl = result.files["powerbi"]["shop.SemanticModel/definition/tables/Customers.tmdl"]
    assert "annotation mb_sensitivity = pii.email" in tmdl


def test_metricflow_takes_a_level_at_the_latest_moment_not_the_latest_day():
    """MetricFlow takes a balance at the latest value of its time at that dimension's grain: a
    level read every half hour is declared by the second, a daily snapshot stays by the day."""
    snap = stock()
    snap.tables.append(table("readings", [col("product_id"), col("read_at", "TIMESTAMP"), col("units_on_hand")],
                             pk=["product_id", "read_at"], rows=9000, fks=[(["product_id"], "products", ["id"])]))
    result = compile_snapshot(finalize(snap, SourceOptions(), Diagnostics()), ["dbt"], Config(name="stock"), Diagnostics())
    grains = {}
    for name in ("stock_levels", "readings"):
        sm = yaml.safe_load(result.files["dbt"][f"models/mb_generated/semantic/{name}.yml"])["semantic_models"][0]
        grains.update({d["name"]: d["type_params"]["time_granularity"] for d in sm["dimensions"] if d["type"] == "time"})
    assert grains == {"snapshot_date": "day", "read_at": "second"}
