"""infer_primary_keys: a view whose own query groups its rows is keyed by the grouped columns."""

from __future__ import annotations

from passes import infer_primary_keys
from tests.semantics.build import col, prepare, run, table

LATEST = ("SELECT `member_id` AS `member_id`, MAX(`valid_from`) AS `valid_from`, MAX(`valid_to`) AS `valid_to` "
          "FROM `plan_history` GROUP BY `member_id`")


def _view(definition: str, columns=None):
    v = table("latest_plan", columns or [col("member_id", nullable=False, distinct_count=500, null_count=0),
                                         col("valid_from", "DATE", nullable=False, null_count=0),
                                         col("valid_to", "DATE", nullable=False, null_count=0)],
              rows=500, kind="view", fks=[(["member_id"], "members", ["member_id"])])
    v.definition = definition
    return v


def keys(tables, dialect="mysql"):
    state, ctx = prepare(tables, "infer_primary_keys", dialect=dialect)
    return {e.name: (e.primary_key, e.primary_key_provenance.rule if e.primary_key_provenance else None)
            for e in run(infer_primary_keys, state, ctx).entities}


def members():
    return table("members", [col("member_id"), col("name", "TEXT")], pk=["member_id"], rows=500)


def test_a_grouping_view_is_keyed_by_what_it_groups_by():
    # Unique in the data too, but a reference beside a period start reads as a history without it.
    got = keys([members(), _view(LATEST)])
    assert got["latest_plan"] == (["member_id"], "view_group_by")


def test_a_view_that_repeats_groups_or_hides_them_is_not():
    union = LATEST + " UNION ALL " + LATEST
    assert keys([members(), _view(union)])["latest_plan"][1] != "view_group_by"
    rollup = "SELECT member_id, MAX(valid_from) AS valid_from, MAX(valid_to) AS valid_to FROM plan_history GROUP BY ROLLUP (member_id)"
    assert keys([members(), _view(rollup)], "postgres")["latest_plan"][1] != "view_group_by"
    hidden = "SELECT MAX(valid_from) AS member_id, MAX(valid_from) AS valid_from, MAX(valid_to) AS valid_to FROM plan_history GROUP BY member_id"
    assert keys([members(), _view(hidden)])["latest_plan"][1] != "view_group_by"
