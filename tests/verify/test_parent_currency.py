"""Order lines priced in their order's currency (a Shopify store as Fivetran lands it, four
shops in four currencies, no declared keys): every target sums the line money per the order's
currency (Measure.joined_filter), and gives the numbers a join to the orders gives."""

from __future__ import annotations

import duckdb

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.queries import Query, reference_sql
from compiler.verify.run import TARGETS, verify

CURRENCIES = ("CAD", "EUR", "GBP", "USD")


def _shop(path) -> str:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE shop (id BIGINT, name TEXT, currency TEXT)")
    con.execute('CREATE TABLE "order" (id BIGINT, currency TEXT, total_price DECIMAL(12,2), created_at TIMESTAMP, shop_id BIGINT)')
    con.execute("CREATE TABLE order_line (id BIGINT, order_id BIGINT, price DECIMAL(12,2), quantity INTEGER, "
                "total_discount DECIMAL(12,2), name TEXT)")
    con.executemany("INSERT INTO shop VALUES (?, ?, ?)", [(i + 1, f"Shop {c}", c) for i, c in enumerate(CURRENCIES)])
    orders, lines = [], []
    for o in range(1, 201):
        shop = o % 4
        orders.append((o, CURRENCIES[shop], 10 + o % 90, f"2024-{1 + o % 12:02d}-{1 + o % 28:02d} 10:00:00", shop + 1))
        for k in range(1 + o % 3):
            n = len(lines) + 1
            lines.append((n, o, 5 + (n * 7) % 190 + 0.25, 1 + n % 4, (n % 5) * 1.5, f"Item {n % 9}"))
    con.executemany('INSERT INTO "order" VALUES (?, ?, ?, ?, ?)', orders)
    con.executemany("INSERT INTO order_line VALUES (?, ?, ?, ?, ?, ?)", lines)
    con.close()
    return str(path)


def _compiled(tmp_path, targets):
    source = _shop(tmp_path / "shop.duckdb")
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source, diags=diags), targets, diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return source, result, diags


def test_the_reference_sums_each_currency_of_the_orders(tmp_path):
    source, result, _ = _compiled(tmp_path, [])
    con = duckdb.connect(source, read_only=True)
    truth = dict(con.execute('SELECT o.currency, SUM(l.total_discount) FROM order_line l JOIN "order" o ON l.order_id = o.id '
                             "GROUP BY 1").fetchall())
    lines = result.model.entity("order_line")
    assert "sum_total_discount" not in {m.name for m in lines.measures}  # no sum across the currencies
    for c in CURRENCIES:
        got = con.execute(reference_sql(result.model, Query("order_line", f"sum_total_discount_{c.lower()}"))).fetchall()
        assert got == [(truth[c],)]


def test_each_target_filters_on_the_orders_currency(tmp_path):
    _, result, diags = _compiled(tmp_path, list(TARGETS) + ["ossie"])
    files = result.files
    assert 'filters: [order.currency: "CAD"]' in files["lookml"]["views/order_line.view.lkml"]
    dbt = next(t for p, t in files["dbt"].items() if p.endswith("semantic/order_line.yml"))
    assert "filter: \"{{ Dimension('order_entity__currency') }} = 'CAD'\"" in dbt
    cube = next(t for p, t in files["cube"].items() if p.endswith("order_line.yml"))
    assert "{order.currency} = 'CAD'" in cube
    tmdl = next(t for p, t in files["powerbi"].items() if p.endswith("Order Line.tmdl"))
    assert "CALCULATE(SUM('Order Line'[Total Discount]), KEEPFILTERS('Order'[Currency] = \"CAD\"))" in tmdl
    physical = next(t for p, t in files["superset"].items() if p.endswith("/order_line.yaml"))
    explore = next(t for p, t in files["superset"].items() if p.endswith("/order_line_explore.yaml"))
    assert "sum_total_discount_cad" not in physical  # the table's own dataset cannot read the order's currency
    assert "SUM(CASE WHEN \"order__currency\" = 'CAD' THEN \"total_discount\" END)" in explore
    ossie = next(iter(files["ossie"].values()))
    assert "SUM(CASE WHEN order.currency = 'CAD' THEN order_line.total_discount END)" in ossie
    assert not [d for d in diags.items if d.code.startswith("RT")]  # every target reads it back


def test_every_target_gives_the_numbers_per_currency(tmp_path, tool_env):
    source, result, diags = _compiled(tmp_path, list(TARGETS))
    tools = {"cube_modules": tool_env["MB_CUBE_NODE_MODULES"], "mf_python": tool_env["MB_MF_PYTHON"]}
    report = verify(source, result.model, result.files, diags, tools)
    wrong = [f for f in report.findings if f[1] in ("different", "not askable", "loss")]
    assert not wrong, "\n".join(map(str, wrong))
    assert all(t.equal == report.questions for t in report.tally.values()), report.tally


def test_a_target_that_adds_the_currencies_is_caught(tmp_path):
    source, result, diags = _compiled(tmp_path, ["lookml"])
    files = dict(result.files["lookml"])
    view = "views/order_line.view.lkml"
    files[view] = files[view].replace('filters: [order.currency: "CAD"]', "")
    report = verify(source, result.model, {"lookml": files}, diags)
    wrong = {q for t, s, q, _ in report.findings if s == "different"}
    assert "order_line.sum_total_discount_cad" in wrong and all("cad" in q for q in wrong), wrong
