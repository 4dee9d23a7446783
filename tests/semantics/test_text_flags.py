"""True/false written as words in text ('t'/'f', 'Yes'/'NO', 'sim'/'NÃO'), as a CSV import loads
it: typed `boolean` when every value of the whole table is the true or the false word of one pair,
read through CASE WHEN LOWER(column) IN (...) in every target, and counted where true as the flags
of typed columns are; two letters of no pair (M/F, N/S) stay text."""

from __future__ import annotations

import re
import sqlite3

import pytest

from compiler.verify.run import verify
from ir.catalog import SamplePolicy, TableProfile
from tests import text_loaded
from tests.semantics.build import col, prepare, table

AVAILABLE = "CASE WHEN LOWER(\"available\") IN ('t') THEN TRUE WHEN LOWER(\"available\") IN ('f') THEN FALSE END"
# SQLite and PostgreSQL under the C locale lower ASCII letters only: 'NÃO' is 'nÃo' there.
VERIFIED = "CASE WHEN LOWER(\"verificado\") IN ('sim') THEN TRUE WHEN LOWER(\"verificado\") IN ('nÃo', 'não') THEN FALSE END"


def _rentals(tmp_path, dialect: str = "sqlite", targets=("lookml", "cube", "superset", "powerbi", "dbt")):
    fixture = text_loaded.rentals()
    if dialect == "sqlite":
        source = text_loaded.write_sqlite(tmp_path / "rentals.db", fixture)
    else:
        source = text_loaded.write_duckdb(tmp_path / "rentals.duckdb", fixture)
    result, diags = text_loaded.compiled(source, targets)
    return source, result, diags


_file = text_loaded.file_of


@pytest.mark.parametrize("dialect", ["sqlite", "duckdb"])
def test_true_false_words_are_booleans_and_other_letters_stay_text(tmp_path, dialect):
    _, result, _ = _rentals(tmp_path, dialect, ("lookml",))
    dims = {d.column: d for d in result.model.entity_index()["calendar"].dimensions}
    assert (dims["available"].data_type, dims["available"].expr) == ("boolean", AVAILABLE)
    assert dims["instant_bookable"].expr == ("CASE WHEN LOWER(\"instant_bookable\") IN ('yes') THEN TRUE "
                                             "WHEN LOWER(\"instant_bookable\") IN ('no') THEN FALSE END")  # '' is no value
    assert dims["verificado"].expr == VERIFIED
    assert (dims["host_gender"].data_type, dims["host_gender"].expr) == ("string", None)  # M/F: F is false, M no true
    assert (dims["licensed"].data_type, dims["licensed"].expr) == ("string", None)  # N/S: no one pair


def test_the_cast_reads_every_spelling_and_no_value_as_null(tmp_path):
    source, result, _ = _rentals(tmp_path, "sqlite", ("lookml",))
    dims = {d.column: d for d in result.model.entity_index()["calendar"].dimensions}
    con = sqlite3.connect(source)
    read = {(raw, value) for raw, value in con.execute(f"SELECT DISTINCT instant_bookable, {dims['instant_bookable'].expr} FROM calendar")}
    assert read == {("Yes", 1), ("yes", 1), ("NO", 0), ("no", 0), ("", None)}
    assert {(r, v) for r, v in con.execute(f"SELECT DISTINCT verificado, {VERIFIED} FROM calendar")} == {("sim", 1), ("NÃO", 0), ("não", 0)}


def test_flags_kept_as_text_are_counted_where_true_in_every_target(tmp_path):
    _, result, _ = _rentals(tmp_path)
    calendar = result.model.entity_index()["calendar"]
    counts = {m.name: m.filter for m in calendar.measures if m.filter}
    assert counts == {"available_count": '"available"', "instant_bookable_count": '"instant_bookable"', "verificado_count": '"verificado"'}
    view = _file(result, "lookml", "views/calendar.view.lkml")
    looker = AVAILABLE.replace('"available"', '${TABLE}."available"')
    assert f"dimension: available {{\n    type: yesno\n    sql: {looker} ;;" in view
    assert 'filters: [available: "yes"]' in view
    cube = _file(result, "cube", "cubes/calendar.yml")
    assert "filters:\n    - sql: " + AVAILABLE.replace('"available"', '{CUBE}."available"') in cube
    assert re.search(r"- name: available\n    sql: CASE WHEN .*\n    type: boolean", cube)
    dataset = _file(result, "superset", "/calendar.yaml")
    assert f"expression: COUNT(CASE WHEN {AVAILABLE} THEN 1 END)" in dataset
    tmdl = _file(result, "powerbi", "tables/Calendar.tmdl")
    assert re.search(r"column Available\n\t\tdataType: boolean", tmdl)
    assert AVAILABLE.replace('"', '""') + ' AS ""available""' in tmdl  # the native query reads the words as a boolean
    staging = _file(result, "dbt", "stg_calendar.sql")
    assert f"{AVAILABLE} as available" in staging


def test_the_counts_are_the_same_through_every_target(tmp_path):
    source, result, diags = _rentals(tmp_path, "sqlite", ("lookml", "superset", "powerbi"))
    report = verify(source, result.model, result.files, diags)
    assert not report.findings, report.findings[:5]
    assert all(t.equal == report.questions for t in report.tally.values()) and report.questions >= 8
    assert {"instant_bookable_count", "verificado_count"} <= {m.name for m in result.model.entity_index()["calendar"].measures}
    expected = sum(1 for row in text_loaded.rentals()["calendar"][1] if row[2] == "t")
    assert sqlite3.connect(source).execute(f"SELECT COUNT(CASE WHEN {AVAILABLE} THEN 1 END) FROM calendar").fetchone()[0] == expected


def _flag_table(sampled: bool = False):
    t = table("listings", [
        col("listing_id", "TEXT", distinct_count=4, distinct_exact=True, min_length=1, max_length=1),
        col("superhost", "TEXT", values=[("t", 3), ("f", 1)], min_length=1, max_length=1),
        col("licensed", "TEXT", values=[("t", 2), ("f", 1), ("pending", 1)], min_length=1, max_length=7),
    ], rows=4)
    t.profile = TableProfile(rows=4, sample=SamplePolicy(method="limit", rows=4) if sampled else None)
    return t


def test_no_boolean_where_the_dialect_has_none_or_the_values_are_not_all_known():
    types = lambda state: {c.name: c.data_type for c in state.snapshot.tables[0].columns}  # noqa: E731
    state, _ = prepare([_flag_table()], "build_entities", "postgres")
    assert types(state)["superhost"] == "boolean" and types(state)["licensed"] == "string"
    state, _ = prepare([_flag_table()], "build_entities", "tsql")
    assert types(state)["superhost"] == "string"  # T-SQL: no boolean to read the words as
    state, _ = prepare([_flag_table(sampled=True)], "build_entities", "postgres")
    assert types(state)["superhost"] == "string"  # a sample's values: another word may be further on


def test_power_bi_reads_flags_kept_as_text_on_a_navigated_source():
    """PostgreSQL is read by navigation: a step of M reads the words as true and false, and the
    DAX check reads the column back through the same CASE."""
    from backends.powerbi.mquery import partition_source, sql_quoter
    from backends.powerbi.read import read_columns

    m = partition_source("postgres", "public", "calendar", ["listing_id", "verificado"], sql_quoter("postgres"),
                         {"verificado": (VERIFIED, "boolean")})
    assert ('{"verificado", each if _ = null then null else if List.Contains({"nÃo", "não"}, Text.Lower(_)) then false' not in m
            and '{"verificado", each if _ = null then null else if List.Contains({"sim"}, Text.Lower(_)) then true '
                'else if List.Contains({"nÃo", "não"}, Text.Lower(_)) then false else null, type logical}' in m)
    assert read_columns(m, "postgres") == {"verificado": VERIFIED}


def test_a_yes_or_nothing_is_a_flag_counted_where_yes():
    """OpenFlights' routes: codeshare is 'Y' (2,445 of 11,929 routes) or left blank. A BI developer
    counts the codeshare routes; read as text of one value, nothing counted them. A lone value that
    is no yes ('S' and blank, a size) stays text."""
    from passes import derive_measures
    from tests.semantics.build import run

    routes = table("routes", [
        col("route_id", distinct_count=11929), col("codeshare", "VARCHAR(2)", values=[("", 9484), ("Y", 2445)]),
        col("size", "VARCHAR(2)", values=[("", 9484), ("S", 2445)])], pk=["route_id"], rows=11929)
    routes.profile = TableProfile(rows=11929)
    state, ctx = prepare([routes], "derive_measures", "mysql")
    cols = {c.name: c.data_type for c in state.snapshot.tables[0].columns}
    assert cols["codeshare"] == "boolean" and cols["size"] == "string"
    dims = {d.column: d for d in state.model.entities[0].dimensions}
    assert dims["codeshare"].expr == ("CASE WHEN LOWER(`codeshare`) IN ('y') THEN TRUE WHEN LOWER(`codeshare`) IN ('') THEN FALSE END")
    (entity,) = run(derive_measures, state, ctx).entities
    assert [m.name for m in entity.measures if m.filter] == ["codeshare_count"]
    con = sqlite3.connect(":memory:")
    read = con.execute("SELECT v, " + dims["codeshare"].expr.replace("`codeshare`", "v") + " FROM (SELECT 'Y' AS v UNION ALL "
                       "SELECT 'y' UNION ALL SELECT '' UNION ALL SELECT NULL) ORDER BY 1").fetchall()
    assert read == [(None, None), ("", 0), ("Y", 1), ("y", 1)]


def test_every_truth_word_pair_types_a_text_column_and_letters_only_a_flags():
    """One list of truth words (compiler.value_words.TRUTH_PAIRS) types a text column boolean and
    marks a soft-deleted row alike: 'vero'/'falso' and 'verdadeiro'/'falso' as much as 'yes'/'no';
    the letters of si/no, ja/nein (S/N, J/N) only in a column named as a flag or a deletion, as a
    hemisphere's N/S is no yes and no."""
    rows = 10
    t = table("things", [col("thing_id", distinct_count=rows),
                         col("attivo", "VARCHAR(5)", values=[("vero", 6), ("falso", 4)]),
                         col("ativo", "VARCHAR(10)", values=[("verdadeiro", 6), ("falso", 4)]),
                         col("eliminado", "VARCHAR(1)", values=[("N", 6), ("S", 4)]),
                         col("is_deleted", "VARCHAR(1)", values=[("N", 6), ("J", 4)]),
                         col("hemisphere", "VARCHAR(1)", values=[("N", 6), ("S", 4)])], pk=["thing_id"], rows=rows)
    t.profile = TableProfile(rows=rows)
    state, _ = prepare([t], "build_entities", "postgres")
    types = {c.name: c.data_type for c in state.snapshot.tables[0].columns}
    assert types == {"thing_id": "integer", "attivo": "boolean", "ativo": "boolean", "eliminado": "boolean",
                     "is_deleted": "boolean", "hemisphere": "string"}
