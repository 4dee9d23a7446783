"""resolve_metrics: every metric's owner, inputs and join path; the unresolvable left out (AN009)."""

from __future__ import annotations

from ir.semantic import Metric
from passes import resolve_metrics
from tests.semantics.build import col, prepare, run, table


def model_with(metrics):
    state, ctx = prepare([
        table("customers", [col("id"), col("name", "TEXT"), col("signed_up_at", "TIMESTAMP")], pk=["id"], rows=10),
        table("orders", [col("id"), col("customer_id"), col("total", "NUMERIC(9,2)"), col("ordered_at", "TIMESTAMP")], pk=["id"],
              rows=100, fks=[(["customer_id"], "customers", ["id"])]),
    ], "resolve_metrics")
    state.model.metrics = metrics
    return run(resolve_metrics, state, ctx), ctx


def test_owner_inputs_and_path():
    model, ctx = model_with([
        Metric(name="aov", type="ratio", numerator="sum_total", denominator="orders.count"),
        Metric(name="per_customer", type="derived", entity="orders", expr="sum_total / customers.count"),
        Metric(name="doubled", type="derived", expr="sum_total * 2"),
    ])
    got = {m.name: m for m in model.metrics}
    assert (got["aov"].entity, got["aov"].inputs, got["aov"].path) == ("orders", ["orders.sum_total", "orders.count"], [])
    per = got["per_customer"]
    assert per.entity == "orders" and per.inputs == ["orders.sum_total", "customers.count"]
    assert [(s.from_entity, s.to_entity, s.from_columns) for s in per.path] == [("orders", "customers", ["customer_id"])]
    assert got["doubled"].entity == "orders" and got["doubled"].provenance.by == "resolve_metrics"
    assert not ctx.diags.items


def test_ambiguous_missing_and_unjoinable_metrics_are_left_out():
    model, ctx = model_with([
        Metric(name="which_count", type="simple", measure="count"),  # both entities have one
        Metric(name="ghost", type="simple", measure="orders.nothing"),
        Metric(name="backwards", type="derived", entity="customers", expr="orders.sum_total / count"),
        Metric(name="no_entity", type="simple", entity="nowhere", measure="count"),
    ])
    assert model.metrics == []
    assert sorted(d.location for d in ctx.diags.items if d.code == "AN009") == [
        "metric backwards", "metric ghost", "metric no_entity", "metric which_count"]
