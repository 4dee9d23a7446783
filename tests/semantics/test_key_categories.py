"""A text part of a compound key with a few values over many rows (`titles` keyed by employee,
title and start date) is a category people group by, with its complete list of values; a part
that identifies (a reference, a code of many values) stays a key."""

from __future__ import annotations

from tests.semantics.build import col, prepare, table


def _model(tables):
    state, _ = prepare(tables, "no pass of this name: run them all")
    return state.model


def _titles(rows=4_000):
    share = {"Engineer": 0.3, "Staff": 0.27, "Senior Staff": 0.16, "Senior Engineer": 0.15, "Technique Leader": 0.07,
             "Assistant Engineer": 0.05}
    values = [(v, round(rows * s)) for v, s in share.items()]
    rows = sum(n for _, n in values)
    return [
        table("employees", [col("emp_no", distinct_count=3000), col("first_name", "VARCHAR(14)", distinct_count=1200)],
              pk=["emp_no"], rows=3000),
        table("titles", [col("emp_no", distinct_count=3000), col("title", "VARCHAR(50)", values=values, min_length=5, max_length=18),
                         col("from_date", "DATE", distinct_count=2500), col("to_date", "DATE", distinct_count=900)],
              pk=["emp_no", "title", "from_date"], rows=rows, fks=[(["emp_no"], "employees", ["emp_no"])]),
        # A text key of many values each on a row or two (a session's token and a step): an identifier.
        table("steps", [col("session_ref", "VARCHAR(40)", distinct_count=1900), col("step", distinct_count=3),
                        col("label", "VARCHAR(20)", distinct_count=12)], pk=["session_ref", "step"], rows=4000),
    ]


def test_a_text_key_part_of_a_few_values_is_a_category_with_its_values():
    model = _model(_titles())
    titles = next(e for e in model.entities if e.table.name == "titles")
    dims = {d.column: d for d in titles.dimensions}
    title = dims["title"]
    assert (title.role, title.semantic_type, title.hidden) == ("dimension", "category", False)
    assert title.primary_key  # still part of the key
    assert sorted(title.accepted_values) == ["Assistant Engineer", "Engineer", "Senior Engineer", "Senior Staff", "Staff",
                                             "Technique Leader"]
    assert titles.primary_key == ["emp_no", "title", "from_date"]
    # The reference in the key stays a key.
    assert dims["emp_no"].role == "key" and dims["emp_no"].foreign_key


def test_a_text_key_part_of_many_values_stays_an_identifier():
    model = _model(_titles())
    steps = next(e for e in model.entities if e.table.name == "steps")
    ref = next(d for d in steps.dimensions if d.column == "session_ref")
    assert ref.role == "key" and ref.accepted_values is None
