"""soft_deletes: a column whose name and values both mark deleted rows becomes the entity's row
filter; look-alikes (a count, a permission, a mark never set or set everywhere, a table that is
nothing but the mark) do not."""

from __future__ import annotations

import pytest
import yaml

from compiler.api import compile as compile_snapshot, snapshot
from compiler.config import Config, load_config
from compiler.diagnostics import Diagnostics
from compiler.overrides import Overrides
from passes import soft_deletes
from tests.semantics.build import col, prepare, run, table
from tests.soft_deleted import soft_deleted_db


@pytest.mark.parametrize("name, time", [
    ("_fivetran_deleted", False), ("is_deleted", False), ("IsDeleted", False), ("deleted", False), ("eliminado", False),
    ("geloescht", False), ("_ab_cdc_deleted_at", True), ("_sdc_deleted_at", True), ("deleted_at", True), ("DeletedAt", True),
    # a flag of deletion, as Chinese applications name theirs (macrozheng/mall's delete_status, del_flag; 删除状态)
    ("delete_status", False), ("del_flag", False), ("deleted_flag", False), ("删除状态", False),
])
def test_names_of_a_deleted_mark(name, time):
    assert soft_deletes._named(name, time)


@pytest.mark.parametrize("name, time", [
    ("deleted_count", False), ("is_deletable", False), ("deleted_by", False), ("status", False), ("deleted_at", False),
    ("updated_at", True), ("delete_reason", False), ("delete_status", True), ("delete", False), ("delete_permission", False),
    # States a live row may hold, not deletion: a cancelled order is still an order.
    ("cancellato", False), ("cancellata", False), ("cancelled", False), ("apagado", False), ("excluido", False),
])
def test_names_that_are_no_deleted_mark(name, time):
    assert not soft_deletes._named(name, time)


def test_a_cancelled_flag_keeps_its_rows():
    e = _filters([col("cancellato", "BOOLEAN", values=[(False, 7), (True, 3)])])
    assert e.row_filters == []
    assert not e.field_for_column("cancellato").hidden


def _filters(columns, rows=10):
    tables = [table("things", [col("id", values=[(i, 1) for i in range(rows)]), col("label", "TEXT"), *columns], pk=["id"], rows=rows)]
    state, ctx = prepare(tables, "soft_deletes")
    return run(soft_deletes, state, ctx).entity("things")


def test_a_boolean_flag_set_on_some_rows():
    e = _filters([col("eliminado", "BOOLEAN", values=[(False, 7), (True, 3)])])
    assert [(f.column, f.kind, f.deleted_value) for f in e.row_filters] == [("eliminado", "flag", True)]
    assert e.row_filters[0].provenance.by == "soft_deletes"
    assert e.field_for_column("eliminado").hidden


def test_a_delete_status_of_zero_and_one():
    e = _filters([col("delete_status", "INTEGER", min=0, max=1, values=[(0, 8), (1, 2)])])
    assert [(f.column, f.deleted_value) for f in e.row_filters] == [("delete_status", 1)]
    # a deletion job's status is no flag: its values say so
    e = _filters([col("delete_status", "TEXT", values=[("pending", 8), ("done", 2)])])
    assert e.row_filters == []


def test_a_boolean_flag_whose_values_read_as_decimals():
    # A driver may hand a 0/1 flag's values back as 1.0 and 0.0: still set on some rows.
    e = _filters([col("is_deleted", "BOOLEAN", values=[("0.0", 7), ("1.0", 3)])])
    assert [(f.column, f.deleted_value) for f in e.row_filters] == [("is_deleted", True)]


def test_a_zero_one_number_with_nulls():
    e = _filters([col("IsDeleted", "SMALLINT", min=0, max=1, null_count=4, values=[(0, 4), (1, 2)])])
    assert [(f.column, f.deleted_value) for f in e.row_filters] == [("IsDeleted", 1)]


def test_a_deletion_time_null_on_most_rows():
    e = _filters([col("_sdc_deleted_at", "TIMESTAMP", null_count=8, distinct_count=2, min="2024-01-01", max="2024-02-01")])
    assert [(f.column, f.kind) for f in e.row_filters] == [("_sdc_deleted_at", "timestamp")]


@pytest.mark.parametrize("column", [
    col("is_deleted", "BOOLEAN", values=[(False, 10)]),  # never set: changes nothing, may be unused
    col("is_deleted", "BOOLEAN", values=[(True, 10)]),  # set on every row: a table of deleted things
    col("deleted_at", "TIMESTAMP", null_count=3, distinct_count=7, min="2024-01-01", max="2024-02-01"),  # set on most rows
    col("deleted_at", "TIMESTAMP", null_count=10),  # never set
    col("deleted", "INTEGER", min=0, max=5, values=[(0, 5), (5, 5)]),  # not a 0/1 number
    col("deleted_count", "INTEGER", min=0, max=1, values=[(0, 5), (1, 5)]),
    col("is_deletable", "BOOLEAN", values=[(False, 5), (True, 5)]),
    col("is_deleted", "BOOLEAN"),  # never profiled
])
def test_no_filter(column):
    assert _filters([column]).row_filters == []


@pytest.mark.parametrize("name, values, deleted", [
    ("is_deleted", [("N", 7), ("Y", 3)], "Y"),
    ("eliminado", [("N", 6), ("S", 4)], "S"),  # Spanish si/no
    ("geloescht", [("N", 6), ("J", 4)], "J"),  # German ja/nein
    ("eliminato", [("falso", 6), ("vero", 4)], "vero"),  # Italian, the truth words text columns are typed by
    ("deletado", [("falso", 6), ("verdadeiro", 4)], "verdadeiro"),  # Portuguese
    ("deleted", [("false", 8), ("true", 2)], "true"),
    ("_fivetran_deleted", [("0", 8), ("1", 2)], "1"),  # a 0/1 kept as text: compared as text
    ("IsDeleted", [("", 8), ("Yes", 2)], "Yes"),  # '' (a CSV's missing value) is unset, as NULL is
])
def test_a_text_flag_set_on_some_rows(name, values, deleted):
    e = _filters([col(name, "VARCHAR", values=values)])
    assert [(f.column, f.kind, f.deleted_value) for f in e.row_filters] == [(name, "flag", deleted)]
    assert isinstance(e.row_filters[0].deleted_value, str) and e.field_for_column(name).hidden


def test_a_sqlite_boolean_holding_text_is_compared_as_text():
    """SQLite keeps 'Y'/'N' in a column declared BOOLEAN: NOT "is_deleted" reads 'Y' as true (a
    string that is no number is 0) and drops nothing; the text compared drops the deleted rows."""
    import sqlite3

    flag = col("is_deleted", "BOOLEAN", values=[("N", 7), ("Y", 3)], min_length=1, max_length=1)
    tables = [table("things", [col("id", values=[(i, 1) for i in range(10)]), col("label", "TEXT"), flag], pk=["id"], rows=10)]
    state, ctx = prepare(tables, "soft_deletes", "sqlite")
    (f,) = run(soft_deletes, state, ctx).entity("things").row_filters
    assert (f.column, f.deleted_value) == ("is_deleted", "Y")
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE things (id INTEGER, is_deleted BOOLEAN)")
    con.executemany("INSERT INTO things VALUES (?, ?)", [(i, "Y" if i < 3 else "N") for i in range(10)])
    assert con.execute("SELECT COUNT(*) FROM things WHERE NOT is_deleted").fetchone() == (10,)  # what True gave
    assert con.execute("SELECT COUNT(*) FROM things WHERE is_deleted <> 'Y'").fetchone() == (7,)


def test_a_sqlite_boolean_holding_numbers_keeps_its_boolean_filter():
    flag = col("is_deleted", "BOOLEAN", values=[(False, 7), (True, 3)])
    tables = [table("things", [col("id", values=[(i, 1) for i in range(10)]), col("label", "TEXT"), flag], pk=["id"], rows=10)]
    state, ctx = prepare(tables, "soft_deletes", "sqlite")
    (f,) = run(soft_deletes, state, ctx).entity("things").row_filters
    assert f.deleted_value is True


def test_a_text_flag_unset_by_its_nulls():
    e = _filters([col("is_deleted", "CHAR(1)", null_count=6, values=[("Y", 4)])])
    assert [(f.column, f.deleted_value) for f in e.row_filters] == [("is_deleted", "Y")]


@pytest.mark.parametrize("column", [
    col("is_deleted", "VARCHAR", values=[("N", 10)]),  # never set
    col("is_deleted", "VARCHAR", values=[("Y", 10)]),  # set on every row
    col("is_deleted", "VARCHAR", values=[("Y", 2), ("y", 2), ("N", 6)]),  # two spellings of true: one compared keeps the other
    col("is_deleted", "VARCHAR", values=[("Y", 3), ("N", 5), ("maybe", 2)]),  # a value that is no truth word
    col("is_deleted", "VARCHAR", distinct_count=3, values=[("Y", 3), ("N", 5)]),  # a value no one saw
    col("deleted_by", "VARCHAR", values=[("Y", 3), ("N", 7)]),  # no deletion name
])
def test_no_text_filter(column):
    assert _filters([column]).row_filters == []


def _overridden(row_filters, tmp_path=None):
    """A table with a mark soft_deletes finds (`is_deleted`) and a time it does not (`archived_at`,
    no word for deleted), under mb.yaml's `row_filters`."""
    tables = [table("things", [col("id", values=[(i, 1) for i in range(10)]), col("label", "TEXT"),
                               col("is_deleted", "BOOLEAN", values=[(False, 7), (True, 3)]),
                               col("archived_at", "TIMESTAMP", null_count=8, min="2024-01-01", max="2024-02-01")], pk=["id"], rows=10)]
    overrides = {"overrides": {"tables": {"things": {"row_filters": row_filters}}}}
    if tmp_path is None:
        config = Config(overrides=Overrides.model_validate(overrides["overrides"]))
    else:  # from a file: reports give its lines
        (tmp_path / "mb.yaml").write_text(yaml.safe_dump(overrides, sort_keys=False))
        config = load_config(tmp_path / "mb.yaml", Diagnostics())
    state, ctx = prepare(tables, "soft_deletes", config=config)
    return run(soft_deletes, state, ctx).entity("things"), ctx.diags


def test_mb_yaml_turns_a_filter_off():
    e, diags = _overridden([])
    assert e.row_filters == [] and e.row_filters_provenance.origin == "human" and not diags.items
    assert not e.field_for_column("is_deleted").hidden


def test_mb_yaml_declares_the_filters():
    e, diags = _overridden([{"column": "archived_at", "kind": "timestamp"}, {"column": "IS_DELETED", "kind": "flag"}])
    assert [(f.column, f.kind, f.deleted_value, f.provenance.origin) for f in e.row_filters] == [
        ("archived_at", "timestamp", None, "human"), ("is_deleted", "flag", True, "human")]
    assert e.field_for_column("archived_at").hidden and not diags.items


def test_mb_yaml_declares_a_text_flag(tmp_path):
    e, diags = _overridden([{"column": "label", "kind": "flag", "deleted_value": "X"}, {"column": "label", "kind": "flag", "deleted_value": "1"}], tmp_path)
    assert [(f.column, f.deleted_value) for f in e.row_filters] == [("label", "X"), ("label", "1")] and not diags.items
    assert all(isinstance(f.deleted_value, str) for f in e.row_filters)  # a quoted '1' is text, compared as text


def test_mb_yaml_filters_on_unknown_or_wrong_columns_are_reported(tmp_path):
    e, diags = _overridden([{"column": "gone", "kind": "flag"}, {"column": "label", "kind": "timestamp"}], tmp_path)
    assert e.row_filters == []
    where = str(tmp_path / "mb.yaml")
    assert [(d.code, d.location) for d in diags.items] == [("OV001", f"{where}:5"), ("OV002", f"{where}:8")]


def test_a_table_that_is_nothing_but_the_mark():
    tables = [table("tombstones", [col("id", values=[(i, 1) for i in range(10)]),
                                   col("is_deleted", "BOOLEAN", values=[(False, 5), (True, 5)])], pk=["id"], rows=10)]
    state, ctx = prepare(tables, "soft_deletes")
    assert run(soft_deletes, state, ctx).entity("tombstones").row_filters == []


def test_on_a_real_shop(tmp_path):
    """Profiled by DuckDB: each mark found, its look-alikes not, the marks hidden and counted by
    no flag measure."""
    diags = Diagnostics()
    model = compile_snapshot(snapshot(soft_deleted_db(tmp_path / "shop.duckdb"), diags=diags), [], diags=diags).model
    found = {e.name: [(f.column, f.kind, f.deleted_value) for f in e.row_filters] for e in model.entities}
    assert found == {
        "customers": [("is_deleted", "flag", True)], "orders": [("_fivetran_deleted", "flag", True)],
        "products": [("deleted_at", "timestamp", None)], "accounts": [("deleted", "flag", 1)],
        "tags": [], "notes": [], "archived_items": [], "tombstones": [],
    }
    customers = model.entity("customers")
    assert customers.field_for_column("is_deleted").hidden
    assert not any("deleted" in m.name for e in model.entities if e.row_filters for m in e.measures)
    assert model.entity("notes").field_for_column("is_deleted").hidden is False  # no filter: an ordinary flag
