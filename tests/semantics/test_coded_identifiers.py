"""An identifier of a few values over many rows that refers to no table (a post's PostTypeId, a
vote's VoteTypeId, whose lookup tables were left out of the dump) is a code people group by."""

from __future__ import annotations

from tests.semantics.build import col, prepare, table


def _model(tables):
    state, _ = prepare(tables, "no pass of this name: run them all")
    return state.model


def _posts(rows=10_000):
    share = {1: 0.4, 2: 0.57, 4: 0.015, 5: 0.015}
    types = [(v, round(rows * s)) for v, s in share.items()]
    return [
        table("Users", [col("Id", distinct_count=300), col("DisplayName", "TEXT")], pk=["Id"], rows=300),
        table("Posts", [col("Id", distinct_count=rows), col("PostTypeId", "SMALLINT", values=types),
                        col("OwnerUserId", distinct_count=290), col("AccountId", distinct_count=rows // 2, min=1, max=rows),
                        col("Score", distinct_count=60, min=-5, max=400)], pk=["Id"], rows=sum(n for _, n in types),
              fks=[(["OwnerUserId"], "Users", ["Id"])]),
    ]


def test_an_identifier_of_a_few_values_referring_to_no_table_is_a_code_to_group_by():
    model = _model(_posts())
    posts = next(e for e in model.entities if e.table.name == "Posts")
    dims = {d.column: d for d in posts.dimensions}
    code = dims["PostTypeId"]
    assert (code.role, code.semantic_type, code.hidden) == ("dimension", "category", False)
    assert code.accepted_values == [1, 2, 4, 5]
    assert not any(m.column == "PostTypeId" for m in posts.measures)
    # An identifier of many values is a key still, and a reference keeps its join.
    assert dims["AccountId"].role == "key" and dims["AccountId"].accepted_values is None
    assert dims["OwnerUserId"].role == "key" and dims["OwnerUserId"].foreign_key


def test_a_few_rows_holding_a_few_identifiers_prove_no_code():
    """Eight rows naming four owners say nothing of how many owners there are."""
    tables = [table("Things", [col("Id", distinct_count=8), col("OwnerId", values=[(1, 2), (2, 2), (3, 2), (4, 2)])],
                    pk=["Id"], rows=8)]
    things = _model(tables).entities[0]
    assert next(d for d in things.dimensions if d.column == "OwnerId").role == "key"
