"""Names whose head noun comes first, as Spanish, French, Italian and Portuguese put it
(precio_unidad is a unit price, numero_linea a line number), get the measures their English
twins (unit_price, line_number) get: the same order lines, named in each language."""

from __future__ import annotations

from ir.catalog import ColumnProfile
from ir.semantic import Dimension
from passes import derive_measures
from passes.value_kinds import classify
from tests.semantics.build import col, prepare, run, table

SPANISH = {"orders": "pedido", "order": "codigo_pedido", "order_date": "fecha_pedido", "products": "producto",
           "product": "codigo_producto", "lines": "detalle_pedido", "quantity": "cantidad", "unit_price": "precio_unidad",
           "line": "numero_linea", "offices": "oficina", "office": "codigo_oficina", "staff": "numero_empleados"}
ENGLISH = {"orders": "orders", "order": "order_code", "order_date": "order_date", "products": "product",
           "product": "product_code", "lines": "order_detail", "quantity": "quantity", "unit_price": "unit_price",
           "line": "line_number", "offices": "office", "office": "office_code", "staff": "number_of_employees"}


def shop(n):
    """Order lines keyed by order and product (as the teaching database declares them), with a line
    number beside them that keys nothing; offices with their number of employees."""
    return [
        table(n["orders"], [col(n["order"]), col(n["order_date"], "DATE")], pk=[n["order"]], rows=300),
        table(n["products"], [col(n["product"]), col("nombre", "TEXT")], pk=[n["product"]], rows=280),
        table(n["lines"], [col(n["order"]), col(n["product"]), col(n["quantity"], min=1, max=150, distinct_count=120),
                           col(n["unit_price"], "NUMERIC(15,2)", min=1, max=460, distinct_count=190),
                           col(n["line"], min=1, max=8, distinct_count=8)],
              pk=[n["order"], n["product"]], rows=1200,
              fks=[([n["order"]], n["orders"], [n["order"]]), ([n["product"]], n["products"], [n["product"]])]),
        table(n["offices"], [col(n["office"], "TEXT"), col("ciudad", "TEXT"), col(n["staff"], min=3, max=40, distinct_count=9)],
              pk=[n["office"]], rows=9),
    ]


def measures(n):
    state, ctx = prepare(shop(n), "derive_measures")
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def _lines_measures(n):
    got = measures(n)[n["lines"]]
    return got, {(m.agg, m.column) for m in got.values()}


def test_a_price_named_head_first_is_a_unit_price_times_the_quantity():
    for n in (SPANISH, ENGLISH):
        got, aggs = _lines_measures(n)
        assert got["revenue"].expr == f'"{n["unit_price"]}" * "{n["quantity"]}"', n["lines"]
        # Neither summed nor averaged over lines whose quantities vary: price x quantity is the figure.
        assert ("avg", n["unit_price"]) not in aggs and ("sum", n["unit_price"]) not in aggs


def test_a_line_number_named_head_first_is_never_summed():
    for n in (SPANISH, ENGLISH):
        _, aggs = _lines_measures(n)
        assert not any(c == n["line"] for _, c in aggs), n["lines"]


def test_the_number_of_a_plural_counts_and_stays_a_measure():
    """numero_empleados is the number of employees (a count), numero_linea the number of a line."""
    for n in (SPANISH, ENGLISH):
        office = measures(n)[n["offices"]]
        assert any(m.agg == "sum" and m.column == n["staff"] for m in office.values()), n["offices"]


def _kind(name):
    d = Dimension(name=name, column=name, data_type="integer", role="measure")
    return classify(d, ColumnProfile(null_count=0, distinct_count=30, min=1, max=40), 1000).kind


def test_value_kinds_of_head_first_numbers_and_prices():
    assert _kind("numero_linea") == _kind("line_number") == "code"
    assert _kind("numero_de_linea") == "code"
    assert _kind("numero_empleados") == _kind("number_of_employees") == "count"
    assert _kind("precio_unidad") == _kind("unit_price") == "unit_price"
    assert _kind("precio_venta") == _kind("sale_price") == "unit_price"
    assert _kind("precio_proveedor") == _kind("supplier_price") == "unit_price"  # whose price: still one unit's
    assert _kind("price_tier") == "code"  # a last word of its own kind keeps the name as it is
