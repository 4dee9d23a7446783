"""key_join_targets: a table without a key that relationships point at many to one is keyed by
the columns they point at; one nothing points at is reported (AN001)."""

from __future__ import annotations

from passes import key_join_targets
from tests.semantics.build import col, prepare, run, table


def _state():
    return prepare([
        table("orders", [col("row_id", distinct_count=900), col("region", "TEXT", distinct_count=4),
                         col("sales", "DECIMAL(10,2)", distinct_count=800)], pk=["row_id"], rows=900),
        table("people", [col("regional_manager", "TEXT", distinct_count=4), col("region", "TEXT", distinct_count=4)], rows=4,
              fks=[]),
        table("notes", [col("text", "TEXT", distinct_count=3)], rows=3),
    ], "key_join_targets")


def test_the_columns_a_join_points_at_key_a_table_without_one():
    state, ctx = _state()
    from ir.semantic import Relationship

    state.model.relationships.append(Relationship.model_validate({
        "from": {"table": "orders", "columns": ["region"]}, "to": {"table": "people", "columns": ["region"]},
        "cardinality": "many_to_one", "origin": "inferred"}))
    model = run(key_join_targets, state, ctx)
    people = model.entity_index()["people"]
    assert people.primary_key == ["region"] and people.primary_key_provenance.rule == "join_target"
    assert next(d for d in people.dimensions if d.column == "region").primary_key
    assert model.entity_index()["notes"].primary_key == []
    assert [d.location for d in ctx.diags.items if d.code == "AN001"] == ["notes"]
