"""Every backend leaves an entity's soft-deleted rows (Entity.row_filters) out at its base, so
its joins meet only live rows too: LookML's derived table, dbt's staging model, Cube's `sql`,
Power BI's partition (a native query's WHERE, a navigated source's Table.SelectRows), Superset's
virtual dataset (and the subqueries its explores join), Ossie's source query. An entity that
keeps every row reads its table as before. Each target's reader finds the table again."""

from __future__ import annotations

import pytest
import yaml

from backends import row_filters
from backends.powerbi import mquery
from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from ir.semantic import Entity, RowFilter
from tests.soft_deleted import soft_deleted_db

LIVE_ORDERS = '("_fivetran_deleted" IS NULL OR NOT "_fivetran_deleted")'
TARGETS = ["lookml", "dbt", "cube", "powerbi", "superset", "ossie"]


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    source = soft_deleted_db(tmp_path_factory.mktemp("shop") / "shop.duckdb")
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source, diags=diags), TARGETS, diags=diags)
    assert not diags.has_errors(), diags.render_text()  # round trips included: each reader finds the tables
    assert not [d for d in diags.items if d.code.startswith("RT")], diags.render_text()
    return result


def _file(result, target: str, end: str) -> str:
    return next(t for p, t in result.files[target].items() if p.endswith(end))


def test_lookml_derives_the_live_rows(shop):
    view = _file(shop, "lookml", "views/orders.view.lkml")
    assert f'derived_table: {{\n    sql: SELECT * FROM "main"."orders" WHERE {LIVE_ORDERS} ;;\n  }}' in view
    assert "sql_table_name" not in view
    assert 'sql_table_name: "main"."tags" ;;' in _file(shop, "lookml", "views/tags.view.lkml")


def test_dbt_stages_the_live_rows(shop):
    stg = _file(shop, "dbt", "staging/stg_orders.sql")
    assert stg.endswith(f"from {{{{ source('shop', 'orders') }}}}\nwhere {LIVE_ORDERS}\n")
    assert "where" not in _file(shop, "dbt", "staging/stg_tags.sql")
    assert 'where ("deleted" IS NULL OR "deleted" <> 1)' in _file(shop, "dbt", "staging/stg_accounts.sql")


def test_cube_reads_the_live_rows(shop):
    cube = yaml.safe_load(_file(shop, "cube", "cubes/products.yml"))["cubes"][0]
    assert cube["sql"] == 'SELECT * FROM "main"."products" WHERE "deleted_at" IS NULL' and "sql_table" not in cube
    assert yaml.safe_load(_file(shop, "cube", "cubes/tags.yml"))["cubes"][0]["sql_table"] == '"main"."tags"'


def test_powerbi_partitions_keep_the_live_rows(shop):
    tmdl = _file(shop, "powerbi", "tables/Orders.tmdl")
    assert 'FROM ""main"".""orders"" WHERE (""_fivetran_deleted"" IS NULL OR NOT ""_fivetran_deleted"")' in tmdl


def test_powerbi_navigated_source_selects_the_live_rows_before_the_columns():
    entity = Entity(name="accounts", table={"name": "accounts"}, row_filters=[
        RowFilter(column="deleted", kind="flag", deleted_value=1), RowFilter(column="gone_at", kind="timestamp")])
    keep = row_filters.m_live(entity, mquery.m_string)
    m = mquery.partition_source("postgres", "public", "accounts", ["account_id"], mquery.sql_quoter("postgres"), keep_rows=keep)
    assert ('    Live = Table.SelectRows(Data, each Record.Field(_, "deleted") <> 1 and Record.Field(_, "gone_at") = null),\n'
            '    Columns = Table.SelectColumns(Live, {"account_id"})') in m
    assert [f.model_dump(exclude={"provenance"}) for f in row_filters.from_m(m, mquery.m_text, mquery.m_string)] == [
        f.model_dump(exclude={"provenance"}) for f in entity.row_filters]



def test_powerbi_boolean_flag_rules_out_a_connector_reading_it_as_a_number():
    # MySQL's TINYINT(1) may reach Power Query as 1, and in M 1 <> true holds: both forms are ruled out.
    entity = Entity(name="accounts", table={"name": "accounts"},
                    row_filters=[RowFilter(column="is_deleted", kind="flag", deleted_value=True)])
    keep = row_filters.m_live(entity, mquery.m_string)
    assert keep == 'each Record.Field(_, "is_deleted") <> true and Record.Field(_, "is_deleted") <> 1'
    m = mquery.partition_source("mysql", "shop", "accounts", ["account_id"], mquery.sql_quoter("mysql"), keep_rows=keep)
    assert [f.model_dump(exclude={"provenance"}) for f in row_filters.from_m(m, mquery.m_text, mquery.m_string)] == [
        f.model_dump(exclude={"provenance"}) for f in entity.row_filters]

def test_superset_datasets_and_explores_read_the_live_rows(shop):
    orders = yaml.safe_load(_file(shop, "superset", "datasets/shop/orders.yaml"))
    assert orders["sql"] == f'SELECT * FROM "main"."orders" WHERE {LIVE_ORDERS}' and orders["table_name"] == "orders"
    explore = yaml.safe_load(_file(shop, "superset", "datasets/shop/orders_explore.yaml"))["sql"]
    assert f'FROM (SELECT * FROM "main"."orders" WHERE {LIVE_ORDERS}) AS "orders"' in explore
    assert 'LEFT JOIN (SELECT * FROM "main"."products" WHERE "deleted_at" IS NULL) AS "products"' in explore
    assert yaml.safe_load(_file(shop, "superset", "datasets/shop/tags.yaml"))["sql"] is None


def test_ossie_sources_a_query_and_carries_the_filters(shop):
    from backends.ossie.read import read

    doc = yaml.safe_load(_file(shop, "ossie", "shop.yaml"))
    ds = {d["name"]: d for d in doc["semantic_model"][0]["datasets"]}
    assert ds["orders"]["source"] == f'SELECT * FROM "main"."orders" WHERE {LIVE_ORDERS}'
    assert ds["tags"]["source"] == "main.tags"
    back = read(shop.files["ossie"], Diagnostics()).entity("orders")
    assert back.table.name == "orders" and [(f.column, f.kind, f.deleted_value) for f in back.row_filters] == [
        ("_fivetran_deleted", "flag", True)]


def test_a_staged_reference_to_a_table_of_live_rows_warns(shop):
    """A live order may refer to a deleted customer, whom the staged customers leave out: the
    staged relationship test warns, the source's (every row) keeps its severity."""
    stg = yaml.safe_load(_file(shop, "dbt", "staging/stg_orders.yml"))["models"][0]
    tests = {c["name"]: c.get("data_tests") for c in stg["columns"]}
    rel = tests["customer_id"][0]["relationships"]
    assert rel["arguments"]["to"] == "ref('stg_customers')" and rel["config"] == {"severity": "warn"}


def test_numeric_flags_are_compared_with_zero():
    """T-SQL has no NOT on a BIT column: the live rows are those where it is 0 (or NULL)."""
    entity = Entity(name="t", table={"name": "t"}, row_filters=[RowFilter(column="IsDeleted", kind="flag", deleted_value=True)])
    assert row_filters.live_sql(entity, "tsql") == "([IsDeleted] IS NULL OR [IsDeleted] = 0)"
    assert row_filters.live_sql(entity, "postgres") == '("IsDeleted" IS NULL OR NOT "IsDeleted")'


def test_lookml_leaves_out_a_view_whose_mark_it_cannot_name():
    """A mark whose name LookML cannot hold in SQL (`;;`) would leave the deleted rows counted:
    the view is left out and reported, as one whose table it cannot name."""
    from backends.lookml.plan import _plan_view

    entity = Entity(name="t", table={"name": "t"}, row_filters=[RowFilter(column="gone;;", kind="timestamp")])
    diags = Diagnostics()
    assert _plan_view(entity, "duckdb", set(), diags) is None
    assert [d.code for d in diags.items] == ["LK001"]


@pytest.mark.parametrize("dialect, text, table, filters", [
    ("postgres", f'SELECT * FROM "main"."orders" WHERE {LIVE_ORDERS}', '"main"."orders"', [("_fivetran_deleted", "flag", True)]),
    ("tsql", "SELECT * FROM [t] WHERE ([IsDeleted] IS NULL OR [IsDeleted] = 0)", "[t]", [("IsDeleted", "flag", True)]),
    ("postgres", 'SELECT * FROM "a" WHERE ("deleted" IS NULL OR "deleted" <> 1) AND "deleted_at" IS NULL', '"a"',
     [("deleted", "flag", 1), ("deleted_at", "timestamp", None)]),
])
def test_a_derived_base_is_read_back_with_its_filters(dialect, text, table, filters):
    based = row_filters.based_table(text, dialect)
    assert based.table == table and [(f.column, f.kind, f.deleted_value) for f in based.filters] == filters


@pytest.mark.parametrize("text", [
    "SELECT * FROM orders WHERE status = 'open'",  # a person's own filter
    "SELECT * FROM orders WHERE (is_deleted IS NULL OR NOT is_deleted) AND region = 'EU'",  # ours and one more
    "SELECT * FROM orders WHERE deleted_at IS NOT NULL",
    "SELECT * FROM orders WHERE deleted_at IS NULL LIMIT 10",
    "SELECT * FROM orders AS o WHERE o.deleted_at IS NULL",
    "SELECT * FROM orders",
])
def test_other_sql_is_no_derived_base(text):
    assert row_filters.based_table(text, "postgres") is None


HAND_WRITTEN = "SELECT * FROM orders WHERE status = 'open'"


def test_readers_keep_a_hand_written_filtered_source_a_source_of_its_own():
    """A person's filtered derived table or virtual dataset is not the plain table: read as one,
    its WHERE would be lost without a word."""
    from backends.cube.read import read as read_cube
    from backends.lookml.read import read as read_lookml
    from backends.superset.read import read as read_superset

    view = ("view: open_orders {\n  derived_table: {\n    sql: " + HAND_WRITTEN + " ;;\n  }\n"
            "  dimension: id {\n    primary_key: yes\n    sql: ${TABLE}.id ;;\n  }\n}\n")
    e = read_lookml({"views/open_orders.view.lkml": view}, Diagnostics(), "postgres").entity("open_orders")
    assert e.table.name == "open_orders" and e.row_filters == []
    cube = yaml.safe_dump({"cubes": [{"name": "open_orders", "sql": HAND_WRITTEN, "dimensions": [
        {"name": "id", "sql": "{CUBE}.id", "type": "number", "primary_key": True}]}]})
    e = read_cube({"cubes/open_orders.yml": cube}, Diagnostics()).entity("open_orders")
    assert e.table.name == "open_orders" and e.row_filters == []
    dataset = yaml.safe_dump({"table_name": "open_orders", "schema": "public", "sql": HAND_WRITTEN, "columns": [], "metrics": []})
    db = yaml.safe_dump({"database_name": "shop", "sqlalchemy_uri": "postgresql://x/shop"})
    m = read_superset({"databases/shop.yaml": db, "datasets/shop/open_orders.yaml": dataset}, Diagnostics())
    assert m.entities == []


@pytest.mark.parametrize("target", TARGETS)
def test_every_reader_brings_the_filters_back(shop, target):
    """Each target's files hold the filters (facet `row_filters`) and its reader restores them: the
    round trip compares them for all six."""
    from backends.base import get_backend
    from compiler.roundtrip import project

    backend = get_backend(target)
    assert "row_filters" in backend.capabilities
    back = backend.read(shop.files[target], Diagnostics())
    e = back.entity("orders")
    assert (e.table.name, [(f.column, f.kind, f.deleted_value) for f in e.row_filters]) == (
        "orders", [("_fivetran_deleted", "flag", True)]), target
    assert project(back, "row_filters") == project(shop.model, "row_filters"), target
    assert back.entity("tags").row_filters == []


def test_dbt_reader_keeps_a_hand_written_where_its_own(shop):
    """A staging model filtered by a person (`where status = 'open'`, or mb's condition and one
    more) holds no soft-delete filter of mb's: none is read."""
    from backends.dbt.read import read

    files = dict(shop.files["dbt"])
    path = next(p for p in files if p.endswith("staging/stg_orders.sql"))
    for where in ("where \"amount\" > 10\n", f"where {LIVE_ORDERS} AND \"amount\" > 10\n"):
        files[path] = shop.files["dbt"][path].rsplit("where ", 1)[0] + where
        assert read(files, Diagnostics()).entity("orders").row_filters == [], where


def test_powerbi_reader_keeps_a_hand_written_filter_its_own():
    from backends.powerbi.read import partition_filters

    native = 'let\n    Source = Odbc.Query(DSN, "SELECT ""id"" FROM ""orders"" WHERE ""status"" = \'open\'")\nin\n    Source'
    assert partition_filters(native, "postgres") == []
    mine = 'let\n    Source = Odbc.Query(DSN, "SELECT ""id"" FROM ""orders"" WHERE ""deleted_at"" IS NULL")\nin\n    Source'
    assert [(f.column, f.kind) for f in partition_filters(mine, "postgres")] == [("deleted_at", "timestamp")]
    entity = Entity(name="orders", table={"name": "orders"}, row_filters=[RowFilter(column="deleted_at", kind="timestamp")])
    keep = row_filters.m_live(entity, mquery.m_string)
    quote = mquery.sql_quoter("postgres")
    m = mquery.partition_source("postgres", "public", "orders", ["id"], quote, keep_rows=keep)
    assert [(f.column, f.kind) for f in partition_filters(m, "postgres")] == [("deleted_at", "timestamp")]
    theirs = keep + ' and Record.Field(_, "status") = "open"'
    assert partition_filters(mquery.partition_source("postgres", "public", "orders", ["id"], quote, keep_rows=theirs), "postgres") == []


TEXT_FLAG = RowFilter(column="is_deleted", kind="flag", deleted_value="Y")


@pytest.mark.parametrize("dialect, written", [
    ("postgres", """("is_deleted" IS NULL OR "is_deleted" <> 'Y')"""),
    ("tsql", "([is_deleted] IS NULL OR [is_deleted] <> 'Y')"),  # text: no 0 in place of a boolean
    ("mysql", "(`is_deleted` IS NULL OR `is_deleted` <> 'Y')"),
])
def test_a_text_flag_is_compared_as_text(dialect, written):
    """A flag kept as text ('Y'/'N') is compared with its text, never as a boolean (NOT on a
    VARCHAR fails) nor a number, and is read back as text: '1' kept as text is no number's 1."""
    entity = Entity(name="t", table={"name": "t"}, row_filters=[TEXT_FLAG])
    assert row_filters.live_sql(entity, dialect) == written
    based = row_filters.based_table(row_filters.based_sql(entity, dialect), dialect)
    assert [(f.column, f.kind, f.deleted_value) for f in based.filters] == [("is_deleted", "flag", "Y")]
    one = Entity(name="t", table={"name": "t"}, row_filters=[RowFilter(column="d", kind="flag", deleted_value="1")])
    back = row_filters.based_table(row_filters.based_sql(one, dialect), dialect).filters[0].deleted_value
    assert back == "1" and isinstance(back, str)


def test_a_text_flag_in_power_query():
    entity = Entity(name="t", table={"name": "t"}, row_filters=[TEXT_FLAG, RowFilter(column="gone", kind="flag", deleted_value='a"b')])
    keep = row_filters.m_live(entity, mquery.m_string)
    assert keep == 'each Record.Field(_, "is_deleted") <> "Y" and Record.Field(_, "gone") <> "a""b"'
    m = mquery.partition_source("postgres", "public", "t", ["id"], mquery.sql_quoter("postgres"), keep_rows=keep)
    assert [(f.column, f.deleted_value) for f in row_filters.from_m(m, mquery.m_text, mquery.m_string)] == [
        ("is_deleted", "Y"), ("gone", 'a"b')]


def test_lookml_leaves_out_a_view_whose_text_mark_it_cannot_write():
    from backends.lookml.plan import _plan_view

    entity = Entity(name="t", table={"name": "t"}, row_filters=[RowFilter(column="is_deleted", kind="flag", deleted_value="Y;;")])
    diags = Diagnostics()
    assert _plan_view(entity, "duckdb", set(), diags) is None
    assert [d.code for d in diags.items] == ["LK001"]


@pytest.mark.parametrize("dialect", ["postgres", "db2", ""])
def test_every_reader_reads_a_query_where_alike(dialect):
    """One reading of a query's WHERE (row_filters.select_where) for the partition's filters, the
    rows the DAX check keeps and a dbt staging model: a source in a dialect sqlglot does not know
    (DB2) is read as generic SQL by all of them, where the DAX check's reading raised."""
    from backends.powerbi.read import live_rows, partition_filters

    native = 'let\n    Source = Odbc.Query(DSN, "SELECT ""id"" FROM ""orders"" WHERE ""deleted_at"" IS NULL")\nin\n    Source'
    assert live_rows(native, dialect) == '"deleted_at" IS NULL'
    assert [(f.column, f.kind) for f in partition_filters(native, dialect)] == [("deleted_at", "timestamp")]
    assert [(f.column, f.kind) for f in row_filters.where_filters('SELECT * FROM "orders" WHERE "deleted_at" IS NULL', dialect)] == [
        ("deleted_at", "timestamp")]
    assert row_filters.where_filters('SELECT * FROM "orders" WHERE "status" = \'open\'', dialect) == []
    assert row_filters.select_where("SELECT FROM WHERE (", dialect) is None
    assert row_filters.select_where('SELECT 1 UNION SELECT 2', dialect) is None
