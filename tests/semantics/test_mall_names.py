"""Orders as an open-source Chinese shop names them (macrozheng/mall's oms_order: English words,
Chinese comments): the order's serial number `order_sn` (digits, read as a number from text or
kept as one) is an identifier, never summed, and its
`delete_status` (0 live, 1 deleted) is the soft-delete mark."""

from __future__ import annotations

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from tests.support import duckdb_file


def test_a_mall_order(tmp_path):
    path = duckdb_file(
        tmp_path / "mall.duckdb",
        "CREATE TABLE oms_order (id BIGINT PRIMARY KEY, member_id BIGINT, order_sn BIGINT, create_time TIMESTAMP, "
        "pay_amount DECIMAL(10,2), status INTEGER, delete_status INTEGER NOT NULL)",
        """INSERT INTO oms_order SELECT i, 1 + i % 97, 202300000000000 + i * 7919,
           TIMESTAMP '2023-01-01' + to_minutes(CAST(i * 53 AS BIGINT)), 20 + (i * 37) % 900, i % 6,
           CASE WHEN i % 29 = 0 THEN 1 ELSE 0 END FROM range(1, 2001) r(i)""")
    diags = Diagnostics()
    order = analyze(snapshot(path, diags=diags), Config(name="mall"), diags).entities[0]
    assert not any(m.column == "order_sn" for m in order.measures)
    assert [(f.column, f.deleted_value) for f in order.row_filters] == [("delete_status", 1)]
    assert any(m.agg == "sum" and m.column == "pay_amount" for m in order.measures)


def test_a_documented_soft_delete_mark_is_not_counted_per_code(tmp_path):
    """mall documents its codes in comments ('删除状态：0->未删除；1->已删除'): the mark's codes get
    labels, but counting the rows of each over the live rows says nothing (已删除 is always 0)."""
    import duckdb

    path = tmp_path / "mall.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE oms_order (id BIGINT PRIMARY KEY, create_time TIMESTAMP, pay_amount DECIMAL(10,2), "
                "status INTEGER, delete_status INTEGER NOT NULL)")
    con.execute("""INSERT INTO oms_order SELECT i, TIMESTAMP '2023-01-01' + to_minutes(CAST(i * 53 AS BIGINT)), 20 + (i * 37) % 900,
                   i % 4, CASE WHEN i % 29 = 0 THEN 1 ELSE 0 END FROM range(1, 2001) r(i)""")
    con.execute("COMMENT ON COLUMN oms_order.status IS '订单状态：0->待付款；1->待发货；2->已发货；3->已完成'")
    con.execute("COMMENT ON COLUMN oms_order.delete_status IS '删除状态：0->未删除；1->已删除'")
    con.close()
    diags = Diagnostics()
    order = analyze(snapshot(str(path), diags=diags), Config(name="mall"), diags).entities[0]
    counted = [m.filter for m in order.measures if m.agg == "count" and m.filter]
    assert len([f for f in counted if "status" in f and "delete_status" not in f]) == 4  # 待付款 .. 已完成
    assert not [f for f in counted if "delete_status" in f]
