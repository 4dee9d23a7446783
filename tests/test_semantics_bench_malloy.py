"""The semantics benchmark's Malloy reader (bench/semantics/malloy.py) on a small hand-written
model: what each construct becomes as a fact, and what is listed as having no place."""

from __future__ import annotations

from pathlib import Path

import duckdb

from bench.semantics import malloy
from bench.semantics.data import load_files_dir
from bench.semantics.facts import Field, Join, measure
from bench.semantics.score import compare

MODEL = """
// a shop: orders on customers, and a state lookup
source: customers is duckdb.table('data/customers.parquet') extend {
  primary_key: id
  measure: customer_count is count()
}

source: states is duckdb.table('data/states.csv') extend { primary_key: code }

source: orders is duckdb.table('data/orders.parquet') extend {
  primary_key: order_id
  rename: placed_at is created
  # label="Customer"
  join_one: customers with customer_id, states with customers.state
  join_many: lines is order_lines on order_id = lines.order_id

  dimension:
    status_upper is upper(status)
    region is states.region
    placed_month is placed_at.month
    amount_band is pick 'big' when amount > 100 else 'small'

  measure:
    order_count is count()
    buyers is count(customer_id)
    revenue is amount.sum()
    paid_revenue is sum(amount) { where: status = "paid" and refunded = false }
    average_order is revenue / order_count
    customer_total is customers.count()
}

source: order_lines is duckdb.table('data/order_lines.parquet')

query: by_status is orders -> { group_by: status; aggregate: order_count }
"""

SCHEMA = {
    "customers": {"id": "INTEGER", "state": "VARCHAR"},
    "states": {"code": "VARCHAR", "region": "VARCHAR"},
    "orders": {"order_id": "INTEGER", "customer_id": "INTEGER", "status": "VARCHAR", "amount": "DOUBLE",
               "refunded": "BOOLEAN", "created": "TIMESTAMP"},
    "order_lines": {"order_id": "INTEGER", "sku": "VARCHAR"},
}


def _facts():
    return malloy.facts([malloy.parse_model(MODEL)], SCHEMA)


def test_measures_are_single_aggregates_of_the_sources_own_columns():
    f = _facts()
    assert set(f.measures) == {
        measure("customers", None, "count"),
        measure("orders", None, "count"),
        measure("orders", "customer_id", "count_distinct"),  # Malloy's count(x) counts distinct values
        measure("orders", "amount", "sum"),
        measure("orders", "amount", "sum", filter="status = 'paid' AND NOT refunded"),
    }
    unplaced = "\n".join(f.unplaced)
    assert "orders.average_order: not one aggregate" in unplaced
    assert "orders.customer_total: aggregates through the join path customers" in unplaced


def test_dimensions_land_where_their_column_is_and_truncations_are_time_dimensions():
    f = _facts()
    assert {d.key for d in f.dimensions} == {("orders", "UPPER(status)"), ("states", "region")}
    assert [t.key for t in f.time_dimensions] == [("orders", "created")]  # through the rename
    assert any(u.startswith("orders.amount_band: uses 'pick'") for u in f.unplaced)
    assert f.time_axes is None  # Malloy states no business time axis


def test_joins_keys_and_entry_points():
    f = _facts()
    assert set(f.joins) == {
        Join(("orders", ("customer_id",)), ("customers", ("id",))),
        Join(("customers", ("state",)), ("states", ("code",))),  # keyed on a field of an earlier join
        Join(("order_lines", ("order_id",)), ("orders", ("order_id",))),  # join_many: the joined side is many
    }
    assert {p.key for p in f.primary_keys} == {("customers", "id"), ("states", "code"), ("orders", "order_id")}
    assert {e.key for e in f.explores} == {("customers", ""), ("orders", "")}


def test_a_source_on_a_missing_table_is_listed_not_scored():
    schema = {k: v for k, v in SCHEMA.items() if k != "customers"}
    f = malloy.facts([malloy.parse_model(MODEL)], schema)
    assert "source customers: customers is not a table of the database" in f.unplaced
    assert Join(("orders", ("customer_id",)), ("customers", ("id",))) not in f.joins


def test_no_time_axis_in_the_reference_scores_none_either_way():
    reference = _facts()
    mb = malloy.facts([malloy.parse_model(MODEL)], SCHEMA)
    mb.time_axes = [Field("orders", "created")]
    score = compare(reference, mb).scores["time axis"]
    assert (score.tp, score.fp, score.fn) == (0, 0, 0)


def test_files_load_one_table_per_parquet_or_csv_file(tmp_path: Path):
    con = duckdb.connect()
    con.execute(f"copy (select 1 as id, 'NY' as state) to '{tmp_path / 'customers.parquet'}' (format parquet)")
    (tmp_path / "states.csv").write_text("code,region\nNY,East\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a table\n", encoding="utf-8")
    load_files_dir(con, tmp_path)
    tables = sorted(r[0] for r in con.execute("select table_name from information_schema.tables").fetchall())
    assert tables == ["customers", "states"]
    assert con.execute("select region from states").fetchall() == [("East",)]


def test_extended_sources_warehouse_tables_and_parameters():
    model = malloy.parse_model("""
##! experimental.givens
source: base_orders is bigquery.table('shop-prod.sales.orders') extend { primary_key: order_id }
source: orders is base_orders extend {
  where: region ~ $REGION
  measure: total is amount.sum(), scoped is count() { where: region = $REGION }
}
""")
    assert (model["base_orders"].table, model["orders"].table) == ("orders", "orders")
    f = malloy.facts([model], SCHEMA)
    assert f.measures == [measure("orders", "amount", "sum")]
    assert [p.key for p in f.primary_keys] == [("orders", "order_id"), ("orders", "order_id")]  # inherited
    assert any(u.startswith("orders.scoped: uses '$'") for u in f.unplaced)


def test_a_file_sees_the_sources_it_imports_without_returning_them(tmp_path: Path):
    (tmp_path / "base.malloy").write_text("source: orders_base is duckdb.table('data/orders.parquet') extend { primary_key: order_id }\n")
    (tmp_path / "sales.malloy").write_text('import "base.malloy"\n'
                                           "source: sales is orders_base extend { measure: revenue is amount.sum() }\n")
    (tmp_path / "named.malloy").write_text('import { ob is orders_base } from "base.malloy"\n'
                                           "source: counted is ob extend { measure: n is count() }\n")
    models = malloy.read([tmp_path])
    assert [sorted(m) for m in models] == [["orders_base"], ["counted"], ["sales"]]  # base.malloy, named, sales
    f = malloy.facts(models, SCHEMA)
    assert measure("orders", "amount", "sum") in f.measures
    assert not any("not a table" in u for u in f.unplaced)
