"""mb.yaml overrides of every semantic fact: applied with human provenance, kept by every pass after."""

from __future__ import annotations

from compiler.api import analyze
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.overrides import Overrides
from tests.support import shop_snapshot

OVERRIDES = {
    "tables": {
        "customers": {"role": "fact", "time_dimension": "CREATED_AT"},
        "order_header": {
            "time_dimension": "status",
            "columns": {
                "order_date": {"kind": "audit"},
                "status": {"accepted_values": ["open", "done"]},
                "total_amount": {"additivity": "non_additive", "hidden": False},
            },
        },
        "order_line": {"columns": {"quantity": {"additivity": "semi_additive"}, "discount_pct": {"kind": "business"}}},
    },
    "relationships": {"add": [{"from": {"table": "staff", "columns": ["manager_id"]}, "to": {"table": "staff", "columns": ["id"]},
                               "role": "boss"}]},
}


def test_every_semantic_fact_can_be_overridden():
    diags = Diagnostics()
    model = analyze(shop_snapshot(), Config(overrides=Overrides.model_validate(OVERRIDES)), diags)
    customers, header, line = (model.entity(n) for n in ("customers", "order_header", "order_line"))
    assert customers.role == "fact" and customers.role_provenance.origin == "human"
    assert customers.time_axis.dimension == "created_at" and customers.time_axis.provenance.origin == "human"
    assert any(x.root == "customers" for x in model.explores), "a fact gets an explore"
    dims = {d.column: d for d in header.dimensions}
    assert dims["status"].accepted_values == ["done", "open"] and dims["status"].accepted_values_provenance.origin == "human"
    assert dims["total_amount"].additivity == "non_additive" and dims["total_amount"].hidden is False
    assert {m.agg for m in header.measures if m.column == "total_amount"} == {"avg"}
    assert header.time_dimensions[0].kind == "audit"
    # order_date is audit now, so the header borrows its customer's time; the override named a
    # column that is not a time: reported, not applied.
    assert (header.time_axis.entity, header.time_axis.dimension) == ("customers", "created_at")
    assert [d.code for d in diags.items if d.code in ("OV001", "OV002")] == ["OV002", "OV002"]
    # Declared semi-additive on rows over time whose key holds no time: no latest can be taken,
    # so it is averaged, never summed over the rows.
    assert {(m.agg, m.additivity) for m in line.measures if m.column == "quantity"} == {("avg", "non_additive")}
    rel = next(r for r in model.relationships if r.from_.table == "staff")
    assert rel.role == "boss" and rel.role_provenance.origin == "human"
    assert any(j.alias == "boss" for x in model.explores for j in x.joins)
