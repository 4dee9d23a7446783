"""normalize_types: normalized type families, and empty text columns named as times typed as times."""

from __future__ import annotations

from passes import normalize_types
from tests.semantics.build import col, prepare, run, table


def types(columns, rows=10):
    state, ctx = prepare([table("policy", [col("id"), *columns], pk=["id"], rows=rows)], "normalize_types")
    run(normalize_types, state, ctx)
    return {c.name: c.data_type for c in state.snapshot.tables[0].columns}


def test_an_empty_text_column_named_as_a_date_or_time_is_typed_as_one():
    got = types([col("begin_date", "VARCHAR", null_count=10), col("occurrence_end_time", "VARCHAR", null_count=10),
                 col("ClosedAt", "TEXT", null_count=10)])
    assert (got["begin_date"], got["occurrence_end_time"], got["ClosedAt"]) == ("date", "timestamp", "timestamp")


def test_text_with_values_a_bare_date_or_other_names_stay_text():
    got = types([col("begin_date", "VARCHAR", null_count=4, distinct_count=3), col("date", "VARCHAR", null_count=10),
                 col("status_code", "VARCHAR", null_count=10), col("end_date", "VARCHAR")])
    assert set(got.values()) - {"integer"} == {"string"}


def test_an_empty_date_column_becomes_a_time_dimension():
    state, ctx = prepare([table("policy", [col("id"), col("begin_date", "VARCHAR", null_count=5)], pk=["id"], rows=5)],
                         "classify_time_columns")
    entity = state.model.entities[0]
    assert [t.column for t in entity.time_dimensions] == ["begin_date"]
    assert "begin_date" not in {d.column for d in entity.dimensions}
