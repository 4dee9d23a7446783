"""Order lines nested under other lines of their table (a configurable product's line and, under
it, the line of the variant chosen, both with the quantity sold): quantities are summed over the
top-level lines only, or every such item is counted twice."""

from __future__ import annotations

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables):
    state, ctx = prepare(tables, "derive_measures", "duckdb")
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def _lines(parent_nulls: int):
    lines = table("order_line", [
        col("line_id", min=1, max=3000, distinct_count=3000),
        col("order_id", min=1, max=1000, distinct_count=1000),
        col("parent_line_id", min=1, max=2999, distinct_count=3000 - parent_nulls, null_count=parent_nulls),
        col("product_id", min=1, max=400, distinct_count=400),
        col("created_at", "TIMESTAMP"),
        col("qty_ordered", "NUMERIC(12,4)", min=1, max=5, mean=1.3, distinct_count=5),
        col("row_total", "NUMERIC(20,4)", min=0, max=500, mean=40.0, distinct_count=900),
    ], pk=["line_id"], rows=3000, fks=[(["order_id"], "orders", ["order_id"]), (["parent_line_id"], "order_line", ["line_id"]),
                                       (["product_id"], "product", ["product_id"])])
    orders = table("orders", [col("order_id"), col("created_at", "TIMESTAMP"), col("grand_total", "NUMERIC(20,4)", min=1, max=900, mean=90.0,
                                                                                  distinct_count=900)], pk=["order_id"], rows=1000)
    product = table("product", [col("product_id"), col("name", "TEXT")], pk=["product_id"], rows=400)
    return [lines, orders, product]


def test_a_quantity_of_nested_lines_is_summed_over_the_top_level_lines():
    got = measures(_lines(parent_nulls=1800))["order_line"]
    qty = got["total_qty_ordered"]
    assert qty.filter == '"parent_line_id" IS NULL' and qty.provenance.rule == "top_level_sum"
    assert qty.label.value == "Total Quantity Ordered"
    # money sits on one line of each pair (the variant's line is priced 0): every row summed
    assert got["total_row_total"].filter is None


def test_lines_none_of_which_is_nested_or_all_of_which_are_keep_the_plain_sum():
    for nulls in (3000, 0):
        got = measures(_lines(parent_nulls=nulls))["order_line"]
        assert got["total_qty_ordered"].filter is None


def test_a_row_pointing_at_its_own_table_without_a_header_keeps_the_plain_sum():
    """A task's subtasks (parent_task_id) under a project, a lookup: each task is a row of its own,
    its hours and items done summed over every row."""
    tasks = table("task", [
        col("task_id", min=1, max=3000, distinct_count=3000),
        col("project_id", min=1, max=40, distinct_count=40),
        col("parent_task_id", min=1, max=2999, distinct_count=1200, null_count=1800),
        col("created_at", "TIMESTAMP"),
        col("qty_done", "NUMERIC(12,4)", min=1, max=5, mean=1.3, distinct_count=5),
    ], pk=["task_id"], rows=3000, fks=[(["project_id"], "project", ["project_id"]), (["parent_task_id"], "task", ["task_id"])])
    project = table("project", [col("project_id"), col("name", "TEXT")], pk=["project_id"], rows=40)
    got = measures([tasks, project])["task"]
    assert got["total_qty_done"].filter is None


def test_only_the_quantity_of_nested_lines_is_summed_over_the_top_level_lines():
    """A count on an order line (the times it was viewed) is the line's own, nested or not."""
    tables = _lines(parent_nulls=1800)
    tables[0].columns.append(col("num_views", min=0, max=40, mean=3.0, distinct_count=40))
    got = measures(tables)["order_line"]
    assert got["total_qty_ordered"].filter == '"parent_line_id" IS NULL'
    assert [m.filter for m in got.values() if m.column == "num_views" and m.agg == "sum"] == [None]
