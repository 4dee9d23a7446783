"""Statistics in long form (SDMX-CSV as published, a bank's indicators): one generic value per
row (OBS_VALUE, value) in the unit a text column of the row names. Millions of euros, a
percentage of GDP and thousands of persons share the column, and totals sit beside their parts
(the EU beside its members, all ages beside each age group): the value is never summed; it is
averaged per unit, one measure filtered to each unit."""

from __future__ import annotations

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables, dialect="duckdb"):
    state, ctx = prepare(tables, "derive_measures", dialect)
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def _observations(units, value="OBS_VALUE", unit="unit"):
    rows = sum(n for _, n in units)
    return [table("nama_10_gdp", [col("STRUCTURE_ID", "TEXT", values=[("ESTAT:NAMA_10_GDP(1.0)", rows)]),
                                  col("freq", "TEXT", values=[("A", rows)]), col(unit, "TEXT", values=units),
                                  col("na_item", "TEXT", values=[("B1GQ", rows // 2), ("P3", rows - rows // 2)]),
                                  col("geo", "TEXT", distinct_count=30), col("TIME_PERIOD", "TEXT", distinct_count=14),
                                  col(value, "DOUBLE", min=0.1, max=15_000_000.0, mean=210_000.0, distinct_count=5000),
                                  col("OBS_FLAG", "TEXT", values=[("p", 100), ("e", 50)])], rows=rows)]


def test_a_value_in_several_units_is_averaged_per_unit_never_summed():
    got = measures(_observations([("CP_MEUR", 2000), ("PC_GDP", 2000), ("CLV10_MEUR", 2000)]))["nama_10_gdp"]
    assert not [n for n, m in got.items() if m.agg == "sum"]
    avgs = {n: m for n, m in got.items() if m.agg == "avg"}
    assert set(avgs) == {"average_obs_value_cp_meur", "average_obs_value_pc_gdp", "average_obs_value_clv10_meur"}
    pc = avgs["average_obs_value_pc_gdp"]
    assert (pc.column, pc.filter, pc.label.value) == ("OBS_VALUE", "\"unit\" = 'PC_GDP'", "Average Obs Value (PC_GDP)")
    assert pc.provenance.rule == "unit_average"


def test_a_value_in_one_unit_of_a_long_table_is_averaged_too():
    """demo_pjan holds persons only, but all ages and both sexes beside each part: no sum."""
    got = measures(_observations([("NR", 6000)]))["nama_10_gdp"]
    assert not [n for n, m in got.items() if m.agg == "sum"]
    assert got["average_obs_value_nr"].filter == "\"unit\" = 'NR'"


def test_the_unit_may_be_named_as_sdmx_and_the_value_as_a_survey_does():
    got = measures(_observations([("USD", 900), ("PT", 900)], value="Data_Value", unit="UNIT_MEASURE"))["nama_10_gdp"]
    assert {n for n, m in got.items() if m.agg == "avg"} == {"average_data_value_usd", "average_data_value_pt"}
    assert not [n for n, m in got.items() if m.agg == "sum"]


def test_a_named_figure_beside_a_unit_column_is_no_generic_value():
    """A sale's net_amount beside a `unit` (the business unit that sold) adds up."""
    got = measures(_observations([("CP_MEUR", 2000), ("PC_GDP", 2000)], value="net_amount"))["nama_10_gdp"]
    assert "total_net_amount" in got


def test_a_value_whose_row_names_its_indicator_is_averaged_per_indicator():
    """World Bank indicators in long form: value beside indicator_code, no unit column. Its
    values were left without any measure; each indicator now has its average."""
    codes = [("NY.GDP.MKTP.CD", 300), ("SP.POP.TOTL", 300), ("SL.UEM.TOTL.ZS", 300)]
    tables = [table("wdi_long", [col("country_code", "TEXT", distinct_count=60), col("indicator_code", "TEXT", values=codes),
                                 col("year", "INTEGER", min=2005, max=2019, distinct_count=15),
                                 col("value", "DOUBLE", min=0.5, max=2.1e13, mean=3.2e9, distinct_count=880)], rows=900)]
    got = measures(tables)["wdi_long"]
    assert not [n for n, m in got.items() if m.agg == "sum"]
    pop = got["average_value_sp_pop_totl"]
    assert (pop.agg, pop.filter, pop.label.value) == ("avg", "\"indicator_code\" = 'SP.POP.TOTL'", "Average Value (SP.POP.TOTL)")
