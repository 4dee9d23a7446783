"""A quantity beside a column naming each row's unit of measure (SAP's KWMENG beside VRKME, qty
beside uom, cantidad beside unidad_medida) holds pieces, kilograms and litres in one column: it is
never summed over all rows (non_additive, Power BI's summarizeBy none), but per unit, one sum for
each of the most frequent units, labelled with the unit. Rows of one unit keep the plain sum."""

from __future__ import annotations

from passes import decide_additivity, derive_measures
from tests.semantics.build import col, prepare, run, table


def model(tables, before="derive_measures"):
    state, ctx = prepare(tables, before, "duckdb")
    return run(derive_measures if before == "derive_measures" else decide_additivity, state, ctx)


def measures(tables):
    return {e.name: {m.name: m for m in e.measures} for e in model(tables).entities}


def _vbap(units):
    rows = sum(n for _, n in units)
    return [table("VBAP", [col("MANDT", "CHAR(3)", values=[("100", rows)]), col("VBELN", "CHAR(10)", distinct_count=rows // 3),
                           col("POSNR", "CHAR(6)", distinct_count=20), col("MATNR", "CHAR(18)", distinct_count=300),
                           col("KWMENG", "DECIMAL(15,3)", min=1, max=900, mean=12.5, distinct_count=400),
                           col("VRKME", "CHAR(3)", values=units, max_length=2),
                           col("NETWR", "DECIMAL(15,2)", min=1, max=9000, mean=300, distinct_count=900)],
                  pk=["MANDT", "VBELN", "POSNR"], rows=rows, fks=[(["MANDT", "VBELN"], "VBAK", ["MANDT", "VBELN"])]),
            table("VBAK", [col("MANDT", "CHAR(3)", values=[("100", rows // 3)]), col("VBELN", "CHAR(10)", distinct_count=rows // 3),
                           col("ERDAT", "DATE"), col("KUNNR", "CHAR(10)", distinct_count=80)], pk=["MANDT", "VBELN"], rows=rows // 3)]


def test_sap_order_quantity_in_several_units_is_summed_per_unit():
    got = measures(_vbap([("ST", 700), ("KG", 200), ("L", 100)]))["vbap"]
    sums = {n: m for n, m in got.items() if m.column == "KWMENG"}
    assert list(sums) == ["total_kwmeng_st", "total_kwmeng_kg", "total_kwmeng_l"]  # the most frequent first
    st = sums["total_kwmeng_st"]
    assert (st.agg, st.filter, st.label.value, st.provenance.rule) == ("sum", "\"VRKME\" = 'ST'", "Total Kwmeng (ST)", "unit_sum")  # (SAP names alone: English labels)
    assert "total_netwr" in got  # money beside it is summed as before


def test_the_quantity_itself_is_not_additive_so_no_target_sums_it():
    m = model(_vbap([("ST", 700), ("KG", 300)]), before="decide_additivity")
    kwmeng = next(d for d in m.entity("vbap").dimensions if d.column == "KWMENG")
    assert kwmeng.additivity == "non_additive" and kwmeng.role == "measure"
    assert kwmeng.additivity_provenance.rule == "quantity_in_units_non_additive"


def test_one_unit_keeps_the_plain_sum():
    got = measures(_vbap([("ST", 1000)]))["vbap"]
    assert [n for n, m in got.items() if m.column == "KWMENG"] == ["total_kwmeng"]
    assert got["total_kwmeng"].filter is None


def _lines(qty="quantity", unit="uom", units=(("pcs", 600), ("kg", 300), ("l", 100)), extra=()):
    rows = sum(n for _, n in units)
    cols = [col("line_id", "INTEGER", distinct_count=rows), col("order_id", "INTEGER", distinct_count=rows // 4),
            col(qty, "INTEGER", min=1, max=50, mean=4.2, distinct_count=50)]
    if unit:
        cols.append(col(unit, "TEXT", values=list(units), max_length=3))
    cols += [col("amount", "NUMERIC(12,2)", min=1, max=900, mean=40, distinct_count=800), *extra]
    return [table("order_lines", cols, pk=["line_id"], rows=rows, fks=[(["order_id"], "orders", ["order_id"])]),
            table("orders", [col("order_id", "INTEGER"), col("ordered_at", "TIMESTAMP")], pk=["order_id"], rows=250)]


def test_snake_case_quantity_beside_its_unit_of_measure():
    for unit in ("uom", "unit", "unit_of_measure", "qty_uom", "quantity_unit"):
        got = measures(_lines(unit=unit))["order_lines"]
        sums = {n: m for n, m in got.items() if m.column == "quantity"}
        assert list(sums) == ["total_quantity_pcs", "total_quantity_kg", "total_quantity_l"], unit
        assert sums["total_quantity_kg"].label.value == "Total Quantity (kg)"
        assert "total_amount" in got


def test_a_quantity_without_a_unit_column_is_summed_as_before():
    got = measures(_lines(unit=None))["order_lines"]
    assert [n for n, m in got.items() if m.column == "quantity"] == ["total_quantity"]


def test_a_business_unit_is_no_unit_of_measure():
    """A bare `unit` holding no unit of measure (EMEA, APAC), or a business_unit: the sum stays."""
    got = measures(_lines(unit="unit", units=(("EMEA", 600), ("APAC", 400))))["order_lines"]
    assert [n for n, m in got.items() if m.column == "quantity"] == ["total_quantity"]
    got = measures(_lines(unit="business_unit", units=(("kg", 600), ("l", 400))))["order_lines"]
    assert [n for n, m in got.items() if m.column == "quantity"] == ["total_quantity"]


def test_spanish_german_and_french_quantities_beside_their_units():
    got = measures(_lines(qty="cantidad", unit="unidad_medida", units=(("ud", 500), ("kg", 500))))["order_lines"]
    assert {n for n, m in got.items() if m.column == "cantidad"} == {"total_cantidad_ud", "total_cantidad_kg"}
    got = measures(_lines(qty="menge", unit="einheit", units=(("ST", 500), ("KG", 500))))["order_lines"]
    assert {n for n, m in got.items() if m.column == "menge"} == {"total_menge_st", "total_menge_kg"}
    got = measures(_lines(qty="quantite", unit="unite", units=(("pce", 500), ("kg", 500))))["order_lines"]
    assert {n for n, m in got.items() if m.column == "quantite"} == {"total_quantite_pce", "total_quantite_kg"}


def test_a_unit_key_into_a_table_of_units_counts_too():
    units = table("units", [col("unit_id", "INTEGER"), col("code", "TEXT")], pk=["unit_id"], rows=5)
    tables = _lines(unit=None, extra=[col("unit_id", "INTEGER", values=[(1, 700), (2, 300)])])
    tables[0].foreign_keys.extend(table("x", [], fks=[(["unit_id"], "units", ["unit_id"])]).foreign_keys)
    got = measures([*tables, units])["order_lines"]
    sums = {n: m for n, m in got.items() if m.column == "quantity"}
    assert list(sums) == ["total_quantity_unit_id_1", "total_quantity_unit_id_2"]
    assert sums["total_quantity_unit_id_1"].filter == "\"unit_id\" = 1"


def test_no_target_sums_the_raw_quantity():
    from backends.base import available
    from compiler.api import compile as compile_snapshot
    from compiler.config import Config
    from compiler.diagnostics import Diagnostics
    from compiler.frontends.common import finalize
    from compiler.options import SourceOptions
    from ir.snapshot import Snapshot, Source

    snap = finalize(Snapshot(source=Source(dialect="duckdb", description="t", database="shop"), tables=_lines()),
                    SourceOptions(), Diagnostics())
    diags = Diagnostics()
    files = compile_snapshot(snap, sorted(available()), Config(name="shop"), diags).files
    assert not diags.has_errors(), diags.render_text()
    tmdl = files["powerbi"]["shop.SemanticModel/definition/tables/Order Lines.tmdl"]
    assert "summarizeBy: none\n\t\tsourceColumn: quantity" in tmdl
    assert "KEEPFILTERS('Order Lines'[Uom] = \"kg\")" in tmdl
    superset = files["superset"]["datasets/shop/order_lines.yaml"]
    assert 'SUM("quantity")' not in superset and "SUM(CASE WHEN \"uom\" = 'kg' THEN \"quantity\" END)" in superset
    dbt = files["dbt"]["models/mb_generated/semantic/order_lines.yml"]
    assert "expr: quantity\n" not in dbt and "CASE WHEN uom = 'kg' THEN quantity END" in dbt


def test_profiled_from_a_real_database(tmp_path):
    """SAP's order lines in SQLite, profiled: KWMENG in the sales unit VRKME beside the base unit
    MEINS, order lines in kilograms, pieces and litres; deliveries of one unit only."""
    import random
    import sqlite3

    from compiler.api import compile as compile_snapshot
    from compiler.api import snapshot
    from compiler.config import Config
    from compiler.diagnostics import Diagnostics

    path = tmp_path / "sd.sqlite"
    rng = random.Random(5)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE VBAK (MANDT CHAR(3), VBELN CHAR(10), ERDAT CHAR(8), NETWR DECIMAL(15,2), PRIMARY KEY (MANDT, VBELN))")
    con.execute("CREATE TABLE VBAP (MANDT CHAR(3), VBELN CHAR(10), POSNR CHAR(6), MATNR CHAR(18), KWMENG DECIMAL(15,3), "
                "VRKME CHAR(3), MEINS CHAR(3), NETWR DECIMAL(15,2), PRIMARY KEY (MANDT, VBELN, POSNR), "
                "FOREIGN KEY (MANDT, VBELN) REFERENCES VBAK (MANDT, VBELN))")
    con.execute("CREATE TABLE LIPS (MANDT CHAR(3), VBELN CHAR(10), POSNR CHAR(6), LFIMG DECIMAL(13,3), VRKME CHAR(3), "
                "PRIMARY KEY (MANDT, VBELN, POSNR))")
    for i in range(1, 401):
        con.execute("INSERT INTO VBAK VALUES (?, ?, ?, ?)", ("800", f"{i:010d}", f"2024{rng.randrange(1, 13):02d}15", 100.0))
        for n in range(1, rng.randrange(2, 5)):
            unit = rng.choice(["ST", "ST", "KG", "L"])
            con.execute("INSERT INTO VBAP VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
                "800", f"{i:010d}", f"{n * 10:06d}", f"M{rng.randrange(90):05d}", rng.randrange(1, 40), unit, unit,
                round(rng.uniform(5, 500), 2)))
            con.execute("INSERT INTO LIPS VALUES (?, ?, ?, ?, ?)", ("800", f"{80000000 + i:010d}", f"{n * 10:06d}",
                                                                    rng.randrange(1, 40), "ST"))
    con.commit()
    con.close()
    diags = Diagnostics()
    out = compile_snapshot(snapshot(str(path), diags=diags), ["powerbi"], Config(name="sd"), diags)
    assert not diags.has_errors(), diags.render_text()
    lines = {m.name: m for m in out.model.entity("vbap").measures if m.column == "KWMENG"}
    assert set(lines) == {"total_kwmeng_st", "total_kwmeng_kg", "total_kwmeng_l"}
    assert {m.filter for m in lines.values()} == {"\"VRKME\" = 'ST'", "\"VRKME\" = 'KG'", "\"VRKME\" = 'L'"}
    deliveries = [m for m in out.model.entity("lips").measures if m.column == "LFIMG"]
    assert [(m.agg, m.filter) for m in deliveries] == [("sum", None)]


def test_the_unit_column_is_decided_once_and_read_by_the_measures():
    # A unit key that refers to two tables, the table of units first: the unit column decided with
    # the quantity's additivity is the one the per-unit sums read, stored with its provenance.
    units = table("units", [col("unit_id", "INTEGER"), col("code", "TEXT")], pk=["unit_id"], rows=5)
    widgets = table("widgets", [col("widget_id", "INTEGER"), col("code", "TEXT")], pk=["widget_id"], rows=5)
    tables = _lines(unit=None, extra=[col("unit_id", "INTEGER", values=[(1, 700), (2, 300)])])
    tables[0].foreign_keys.extend(table("x", [], fks=[(["unit_id"], "units", ["unit_id"]),
                                                      (["unit_id"], "widgets", ["widget_id"])]).foreign_keys)
    m = model([*tables, units, widgets])
    quantity = next(d for d in m.entity("order_lines").dimensions if d.column == "quantity")
    assert quantity.additivity == "non_additive" and quantity.unit_column == "unit_id"
    assert quantity.unit_column_provenance.rule == "quantity_in_units_non_additive"
    sums = [x.name for x in m.entity("order_lines").measures if x.column == "quantity"]
    assert sums == ["total_quantity_unit_id_1", "total_quantity_unit_id_2"]
