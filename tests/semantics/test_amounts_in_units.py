"""An amount beside a text column named after it that gives its unit of measure (`amountuom`,
`dose_amount_unit`: millilitres, milligrams and units of whatever was given) is a quantity, not
money: summed per unit, never across units, and formatted as a number. A figure named with the
same last words and no unit of its own (`originalamount`) is in that unit too. The unit column's
name may be glued to the figure's (`valueuom`), as clinical exports write it."""

from __future__ import annotations

from compiler.naming import read_words
from passes import derive_measures
from tests.semantics.build import col, prepare, run, table

UNITS = [("mL", 500), ("units", 250), ("mg", 200), ("mcg", 50)]


def _given(amount="amount", unit="amountuom", units=UNITS, extra=()):
    rows = sum(n for _, n in units)
    return [table("drug_given", [col("given_id", "INTEGER", distinct_count=rows), col("stay_id", "INTEGER", distinct_count=rows // 10),
                                 col("given_at", "TIMESTAMP"),
                                 col(amount, "DOUBLE", min=0.5, max=2000, mean=180.4, distinct_count=900),
                                 col(unit, "VARCHAR(20)", values=list(units), max_length=5), *extra],
                  pk=["given_id"], rows=rows, fks=[(["stay_id"], "stays", ["stay_id"])]),
            table("stays", [col("stay_id", "INTEGER"), col("admitted_at", "TIMESTAMP")], pk=["stay_id"], rows=100)]


def measures(tables):
    state, ctx = prepare(tables, "derive_measures")
    m = run(derive_measures, state, ctx)
    return m, {x.name: x for x in m.entity("drug_given").measures}


def test_a_glued_unit_of_measure_reads_as_its_figure_and_a_unit():
    assert read_words("valueuom") == ("value", "uom")
    assert read_words("amountuom") == ("amount", "uom")
    assert read_words("totalamountuom") == ("total", "amount", "uom")


def test_an_amount_given_in_units_of_measure_is_summed_per_unit_not_as_money():
    for amount, unit in (("amount", "amountuom"), ("dose_amount", "dose_amount_unit"), ("amount", "amount_uom")):
        model, got = measures(_given(amount, unit))
        assert not [n for n, x in got.items() if x.column == amount and x.filter is None], (amount, unit)
        sums = {n: x for n, x in got.items() if x.column == amount}
        assert [x.label.value.rsplit("(", 1)[1] for x in sums.values()] == ["mL)", "units)", "mg)", "mcg)"], (amount, unit)
        assert all(x.agg == "sum" and x.format != "currency" for x in sums.values())
        dim = next(d for d in model.entity("drug_given").dimensions if d.column == amount)
        assert dim.semantic_type is None and dim.additivity == "non_additive" and dim.unit_column == unit


def test_a_figure_ending_in_the_same_words_shares_the_unit():
    extra = [col("originalamount", "DOUBLE", min=1, max=3000, mean=260.0, distinct_count=700)]
    _, got = measures(_given(extra=extra))
    assert not [n for n, x in got.items() if x.column == "originalamount" and x.filter is None]


def test_one_unit_keeps_the_plain_sum_and_a_currency_code_is_no_unit():
    _, got = measures(_given(units=[("mL", 1000)]))
    assert [x.filter for x in got.values() if x.column == "amount"] == [None]
    _, got = measures(_given(unit="amount_unit", units=[("USD", 600), ("EUR", 400)]))
    # ISO 4217 codes name the currency the money is in: summed per currency, never per unit.
    assert sorted((n, x.provenance.rule) for n, x in got.items() if x.column == "amount") == [
        ("total_amount_eur", "currency_sum"), ("total_amount_usd", "currency_sum")]


def test_the_reason_to_sum_per_unit_says_a_figure_of_two_units_or_more():
    model, _ = measures(_given())
    dim = next(d for d in model.entity("drug_given").dimensions if d.column == "amount")
    assert dim.additivity_provenance.evidence[0].startswith("a figure in whichever unit of measure amountuom names")
