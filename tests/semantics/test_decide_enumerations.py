"""decide_enumerations: accepted values only where the profile proves the list complete."""

from __future__ import annotations

from compiler.config import Config, InferenceSettings
from ir.catalog import SamplePolicy, TableProfile
from ir.provenance import Provenance
from passes import decide_enumerations
from tests.semantics.build import col, prepare, run, table

STATUS = [("shipped", 5), ("placed", 3)]


def values(columns, rows=8, config=None, sampled=False):
    t = table("orders", [col("id"), *columns], pk=["id"], rows=rows)
    if sampled:
        t.profile = TableProfile(sample=SamplePolicy(method="limit", rows=rows))
    state, ctx = prepare([t], "decide_enumerations", config=config)
    return {d.name: d.accepted_values for d in run(decide_enumerations, state, ctx).entities[0].dimensions}


def test_a_complete_profile_of_a_status_column():
    got = values([col("status", "TEXT", values=STATUS)])
    assert got["status"] == ["placed", "shipped"]


def test_no_list_when_the_profile_does_not_prove_it_complete():
    assert values([col("status", "TEXT", values=STATUS)], rows=100)["status"] is None  # rows the top values miss
    assert values([col("status", "TEXT", values=STATUS)], sampled=True)["status"] is None
    assert values([col("status", "TEXT", values=STATUS, distinct_exact=False)])["status"] is None
    assert values([col("status", "TEXT", values=[("a", 8)])])["status"] is None  # one value is no enumeration
    many = [(f"v{i}", 1) for i in range(12)]
    assert values([col("status", "TEXT", values=many)], rows=12)["status"] is None
    assert values([col("status", "TEXT", values=many)], rows=12,
                  config=Config(inference=InferenceSettings(accepted_values_max=20)))["status"] is not None


def test_never_for_personal_data_or_free_text():
    got = values([col("email", "TEXT", values=[("a@x.org", 4), ("b@x.org", 4)]),
                  col("customer_type", "TEXT", values=[("b2b", 4), ("b2c", 4)]), col("note", "TEXT", values=STATUS)])
    assert got["email"] is None and got["note"] is None and got["customer_type"] == ["b2b", "b2c"]


def test_a_human_list_is_kept():
    state, ctx = prepare([table("orders", [col("id"), col("status", "TEXT", values=STATUS)], pk=["id"], rows=8)],
                         "decide_enumerations")
    d = state.model.entities[0].dimensions[1]
    d.accepted_values, d.accepted_values_provenance = ["open", "closed"], Provenance(origin="human", by="mb.yaml")
    assert run(decide_enumerations, state, ctx).entities[0].dimensions[1].accepted_values == ["open", "closed"]


def test_a_true_false_pair_kept_as_text_is_a_list():
    # MySQL's world: countrylanguage.IsOfficial holds 'T' and 'F'
    assert values([col("IsOfficial", "TEXT", values=[("F", 5), ("T", 3)])])["is_official"] == ["F", "T"]
