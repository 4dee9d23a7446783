"""label_coded_values: codes whose column comment says what each stands for get those labels, a
dimension that shows them and counts by status named by them, in every target alike."""

from __future__ import annotations

import duckdb
import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.run import verify
from passes.label_coded_values import parse_labels

STATUS = "Order current status. 1 = In process; 2 = Approved; 3 = Backordered; 4 = Rejected; 5 = Shipped; 6 = Cancelled"


@pytest.mark.parametrize("comment,labels", [
    (STATUS, {"1": "In process", "2": "Approved", "3": "Backordered", "4": "Rejected", "5": "Shipped", "6": "Cancelled"}),
    ("Estado: A = Activo, I = Inactivo", {"A": "Activo", "I": "Inactivo"}),
    ("0: offen\n1: bezahlt\n2: storniert", {"0": "offen", "1": "bezahlt", "2": "storniert"}),
    ("Order status, see the status table", None), ("Ratio = revenue / cost", None), ("1 = only one", None),
    ("1 = In process; 1 = Approved", None),
    # arrows and full-width marks, as macrozheng/mall's comments write them
    ("订单状态：0->待付款；1->待发货；2->已发货；3->已完成；4->已关闭；5->无效订单",
     {"0": "待付款", "1": "待发货", "2": "已发货", "3": "已完成", "4": "已关闭", "5": "无效订单"}),
    ("支付方式：0->未支付；1->支付宝；2->微信", {"0": "未支付", "1": "支付宝", "2": "微信"}),
    ("status: 0=>open, 1=>closed", {"0": "open", "1": "closed"}),
])
def test_a_comment_listing_codes_reads_as_their_labels(comment, labels):
    assert parse_labels(comment) == labels


def orders_db(path, status_comment: str) -> str:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, region VARCHAR)")
    con.execute("INSERT INTO customers SELECT i, 'region ' || (i % 4) FROM range(1, 41) t(i)")
    con.execute("CREATE TABLE sales_orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, "
                "order_date DATE, status TINYINT, total_due DECIMAL(12,2))")
    con.execute("""INSERT INTO sales_orders SELECT i, 1 + i % 40, DATE '2024-01-01' + INTERVAL (i % 300) DAY,
                   CASE WHEN i % 50 = 0 THEN 6 WHEN i % 37 = 0 THEN 4 WHEN i % 9 = 0 THEN 1 ELSE 5 END, 10 + (i % 97) * 3.5
                   FROM range(1, 801) t(i)""")
    con.execute(f"COMMENT ON COLUMN sales_orders.status IS '{status_comment}'")
    con.close()
    return str(path)


def test_documented_codes_are_shown_by_their_labels_and_counted_by_them_in_every_target(tmp_path):
    source = orders_db(tmp_path / "orders.duckdb", STATUS)
    diags = Diagnostics()
    targets = ["lookml", "superset", "powerbi", "cube", "dbt"]
    result = compile_snapshot(snapshot(source, diags=diags), targets, diags=diags)
    assert not diags.has_errors(), diags.render_text()
    orders = result.model.entity("sales_orders")
    fields = {d.name: d for d in orders.dimensions}
    assert fields["status"].value_labels["5"] == "Shipped"
    assert fields["status_name"].label.value == "Status Name" and "WHEN" in fields["status_name"].expr
    counts = {m.label.value: m.filter for m in orders.measures if m.filter}
    assert counts["Count Shipped"] == '"status" = 5' and "Count Cancelled" in counts and "Count Approved" not in counts
    report = verify(source, result.model, {t: result.files[t] for t in ("lookml", "superset", "powerbi")}, diags)
    wrong = [f for f in report.findings if f[1] in ("different", "not askable")]
    assert not wrong, "\n".join(map(str, wrong))
    assert "'Shipped'" in result.files["lookml"]["views/sales_orders.view.lkml"]
    staged = next(text for path, text in result.files["dbt"].items() if path.endswith("stg_sales_orders.sql"))
    assert "WHEN \"status\" = 5 THEN 'Shipped'" in staged and staged.rstrip().count(" as status_name") == 1
    assert not any(d.code == "DB001" for d in diags.items), diags.render_text()


def test_codes_the_documentation_does_not_list_get_no_labels(tmp_path):
    source = orders_db(tmp_path / "stale.duckdb", "1 = In process; 5 = Shipped")  # 4 and 6 are in the data
    result = compile_snapshot(snapshot(source, diags=Diagnostics()), ["lookml"], diags=Diagnostics())
    orders = result.model.entity("sales_orders")
    assert next(d for d in orders.dimensions if d.name == "status").value_labels is None and "status_name" not in {d.name for d in orders.dimensions}
