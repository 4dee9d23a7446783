"""A number set under some codes of a code column only is summed per code, never over codes
that mean different things (a bounty offered and a bounty paid); an amount set under every code
is summed as ever."""

from __future__ import annotations

import pytest

from ir.catalog import CodeOccurrence
from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables, dialect="postgres"):
    state, ctx = prepare(tables, "derive_measures", dialect)
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def _votes(occurs=None, comment=None):
    kind = col("kind_code", values=[(c, 10) for c in (1, 2, 3, 4, 5, 6, 7, 8)])
    kind.comment = comment
    amount = col("reward_points", min=50, max=500, mean=120.0, distinct_count=7, null_count=760)
    amount.profile.occurs_under = occurs
    return [
        table("entries", [col("entry_id"), col("item_ref"), kind, col("happened_on", "DATE"), amount],
              pk=["entry_id"], rows=800, fks=[(["item_ref"], "items", ["item_id"])]),
        table("items", [col("item_id"), col("name", "TEXT")], pk=["item_id"], rows=50),
    ]


def test_a_number_set_under_two_codes_of_eight_is_summed_per_code():
    got = measures(_votes([CodeOccurrence(column="kind_code", codes=[4, 7], of=8)]))["entries"]
    sums = {n: m for n, m in got.items() if m.agg == "sum"}
    assert set(sums) == {"total_reward_points_kind_code_4", "total_reward_points_kind_code_7"}
    assert sums["total_reward_points_kind_code_4"].filter == '"kind_code" = 4'
    assert sums["total_reward_points_kind_code_7"].label.value == "Total Reward Points (Kind Code 7)"


def test_documented_codes_name_the_sums():
    comment = "1 = Up; 2 = Down; 3 = Flag; 4 = Offered; 5 = Fav; 6 = Close; 7 = Awarded; 8 = Spam"
    got = measures(_votes([CodeOccurrence(column="kind_code", codes=[4, 7], of=8)], comment))["entries"]
    assert {n for n, m in got.items() if m.agg == "sum"} == {"total_reward_points_offered", "total_reward_points_awarded"}


def test_an_amount_under_every_code_or_one_code_or_most_codes_is_summed_whole():
    for occurs in (None, [CodeOccurrence(column="kind_code", codes=[4], of=8)],
                   [CodeOccurrence(column="kind_code", codes=[1, 2, 3, 4, 5, 6, 7], of=8)]):
        got = measures(_votes(occurs))["entries"]
        assert [n for n, m in got.items() if m.agg == "sum"] == ["total_reward_points"], occurs


def _posts(comment):
    kind = col("post_type_id", values=[(1, 400), (2, 590), (4, 10)])
    kind.comment = comment
    return [table("posts", [col("id"), kind, col("created_on", "DATE"), col("owner_ref")], pk=["id"], rows=1000,
                  fks=[(["owner_ref"], "users", ["uid"])]),
            table("users", [col("uid"), col("name", "TEXT")], pk=["uid"], rows=50)]


def test_documented_kinds_of_rows_are_counted_by_their_labels():
    """Questions and answers by PostTypeId 1 and 2, where a comment says so; bare codes are not."""
    got = measures(_posts("1 = Question; 2 = Answer; 4 = Tag wiki excerpt"))["posts"]
    assert (got["count_question"].filter, got["count_answer"].filter) == ('"post_type_id" = 1', '"post_type_id" = 2')
    assert got["count_answer"].label.value == "Count Answer"
    assert not any(m.filter for m in measures(_posts(None))["posts"].values())


@pytest.mark.parametrize("user", ["user_id", "userid"])
def test_a_person_in_a_key_of_several_columns_is_counted_distinct(user):
    """MovieLens' ratings, keyed by userId and movieId, with no table of users: the raters (also
    where PostgreSQL folded the unquoted userId to userid)."""
    got = measures([
        table("ratings", [col(user, distinct_count=610, distinct_exact=True), col("movie_id"),
                          col("rating", "NUMERIC(2,1)", min=0.5, max=5, distinct_count=10), col("rated_at", "TIMESTAMP")],
              pk=[user, "movie_id"], rows=100_000, fks=[(["movie_id"], "movies", ["movie_id"])]),
        table("movies", [col("movie_id"), col("title", "TEXT")], pk=["movie_id"], rows=9000),
    ])["ratings"]
    assert got["distinct_user_count"].agg == "count_distinct" and got["distinct_user_count"].column == user
