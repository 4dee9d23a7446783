"""Money written as text ($1,250.00, -$12.50, £30, 1.234,56 €), as a CSV import loads it: typed
`decimal` when every value of the whole table is a currency symbol with a number, read through a
cast stripping the symbol and the thousands separators in every target, its symbol the model's
currency where it names one; text whose separators could be read two ways stays text."""

from __future__ import annotations

import re
import sqlite3

import duckdb
import pytest
from sqlglot import exp

from compiler.api import compile as compile_snapshot, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler.patterns import PATTERNS, predicate
from compiler.verify.run import verify
from tests import text_loaded

MONEY = [p for p in PATTERNS if p.name.startswith("money_")]
CLASSES = ["money_dollar", "money_pound", "money_euro", "money_euro_comma"]
# Each value and the one money class it is in (None: none, it stays text).
VALUES = {
    "$1,250.00": "money_dollar", "$85.00": "money_dollar", "-$12.50": "money_dollar", "$-12.50": "money_dollar",
    "$ 85": "money_dollar", "$1,234,567.89": "money_dollar", "$0.5": "money_dollar", "£30": "money_pound",
    "-£1,000.5": "money_pound", "€12.50": "money_euro", "€1,250": "money_euro", "€ 1.234,56": "money_euro_comma",
    "1.234,56 €": "money_euro_comma", "-12,50€": "money_euro_comma", "€1.250": "money_euro_comma",
    # Ambiguous or malformed: never read as a number.
    "$0.125": None, "$1,2345": None, "$12,34": None, "$1,234.5.6": None, "$,123": None, "$": None, "- $12": None,
    "$12-": None, "12.50 $": None, "$1.234,56": None, "€1.234,56x": None, "€1,234,56": None, "1.234,56€ €": None,
    "USD 12": None, "12": None, "12.50": None, "": None, "£ -": None,
}


def _run_sqlite(sql: str) -> list:
    return sqlite3.connect(":memory:").execute(sql).fetchall()


def _run_duckdb(sql: str) -> list:
    return duckdb.connect().execute(sql).fetchall()


@pytest.mark.parametrize("dialect, run", [("sqlite", _run_sqlite), ("duckdb", _run_duckdb)])
def test_each_value_is_in_the_money_class_its_writing_says(dialect, run):
    """DuckDB runs the regex, SQLite its GLOB spelling: both find the classes the regex says."""
    assert [p.name for p in MONEY] == CLASSES
    rows = " UNION ALL ".join(f"SELECT {exp.Literal.string(v).sql(dialect)} AS v" for v in VALUES)
    for pattern in MONEY:
        cond = predicate(pattern, exp.column("v"), dialect).sql(dialect)
        found = {r[0] for r in run(f"SELECT v FROM ({rows}) AS t WHERE {cond}")}
        expected = {v for v, cls in VALUES.items() if cls == pattern.name or (cls == "money_euro" and pattern.name == "money_euro_comma"
                                                                               and re.fullmatch(r"€[0-9]+", v))}
        assert found == expected, pattern.name


def test_the_glob_spelling_matches_what_the_regex_matches():
    """On every string of money's characters up to seven long drawn at random, SQLite's GLOB
    conditions and the regex agree: no value passes one and not the other."""
    import random

    assert [p.name for p in MONEY] == CLASSES
    rng = random.Random(3)
    values = sorted({"".join(rng.choice("0123456789,.- $£€") for _ in range(rng.randrange(1, 8))) for _ in range(40000)})
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (v TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [(v,) for v in values])
    for pattern in MONEY:
        cond = predicate(pattern, exp.column("v"), "sqlite").sql("sqlite")
        assert {r[0] for r in con.execute(f"SELECT v FROM t WHERE {cond}")} == {v for v in values if re.fullmatch(pattern.regex, v)}


def test_money_classes_match_on_postgres_and_the_statement_holds_no_symbol(postgres_engine):
    """PostgreSQL converts a statement to the database's encoding (a LATIN1 database has no '€')
    and MariaDB compares in an ASCII column's character set: their SQL names £ and € by code point."""
    rows = " UNION ALL ".join(f"SELECT {exp.Literal.string(v).sql('postgres')} AS v" for v in VALUES)
    assert [p.name for p in MONEY] == CLASSES
    for pattern in MONEY:
        for dialect in ("postgres", "mysql"):
            assert predicate(pattern, exp.column("v"), dialect).sql(dialect).isascii(), (pattern.name, dialect)
        cond = predicate(pattern, exp.column("v"), "postgres").sql("postgres")
        with postgres_engine.connect() as conn:
            found = {r[0] for r in conn.exec_driver_sql(f"SELECT v FROM ({rows}) AS t WHERE {cond}".replace("%", "%%"))}
        assert found == {v for v in VALUES if re.fullmatch(pattern.regex, v)}, pattern.name


def _shop(tmp_path, targets=("lookml", "cube", "superset", "powerbi", "dbt")):
    source = text_loaded.write_sqlite(tmp_path / "shop.db", text_loaded.shop())
    result, diags = text_loaded.compiled(source, targets)
    return source, result, diags


_file = text_loaded.file_of


CAST = "CAST(NULLIF(REPLACE(REPLACE(\"{c}\", '$', ''), ',', ''), '') AS REAL)"


def test_dollars_kept_as_text_are_decimals_read_through_a_cast(tmp_path):
    _, result, _ = _shop(tmp_path)
    lines = result.model.entity_index()["order_lines"]
    dims = {d.column: d for d in lines.dimensions}
    for column in ("unit_price", "amount"):
        assert (dims[column].data_type, dims[column].expr) == ("decimal", CAST.format(c=column))
    assert dims["unit_price"].semantic_type == "currency_amount"
    measures = {m.name: m for m in lines.measures}
    assert (measures["total_amount"].agg, measures["total_amount"].column, measures["total_amount"].format) == ("sum", "amount", "currency")
    # Beside a quantity that varies, the price is multiplied, never averaged over the lines.
    assert "average_unit_price" not in measures
    assert measures["revenue"].expr == '"unit_price" * "quantity"'
    assert result.model.currency is None  # $: dollars of several countries, the default stands


def test_every_target_reads_the_money_through_the_cast(tmp_path):
    _, result, _ = _shop(tmp_path)
    view = _file(result, "lookml", "views/order_lines.view.lkml")
    assert "sql: CAST(NULLIF(REPLACE(REPLACE(${TABLE}.\"amount\", '$', ''), ',', ''), '') AS REAL) ;;" in view
    assert re.search(r"measure: total_amount \{\n    type: sum\n    sql: \$\{amount\} ;;\n    value_format_name: usd", view)
    cube = _file(result, "cube", "cubes/order_lines.yml")
    assert "sql: CAST(NULLIF(REPLACE(REPLACE({CUBE}.\"amount\", '$', ''), ',', ''), '') AS REAL)\n    format: currency" in cube
    dataset = _file(result, "superset", "/order_lines.yaml")
    assert "expression: SUM(CAST(NULLIF(REPLACE(REPLACE(\"amount\", '$', ''), ',', ''), '') AS REAL))" in dataset
    assert ("expression: SUM(CAST(NULLIF(REPLACE(REPLACE(\"unit_price\", '$', ''), ',', ''), '') AS REAL) * "
            "CAST(NULLIF(\"quantity\", '') AS INTEGER))") in dataset
    tmdl = _file(result, "powerbi", "tables/Order Lines.tmdl")
    assert "CAST(NULLIF(REPLACE(REPLACE(\"\"amount\"\", '$', ''), ',', ''), '') AS REAL) AS \"\"amount\"\"" in tmdl
    staging = _file(result, "dbt", "stg_order_lines.sql")
    assert "CAST(NULLIF(REPLACE(REPLACE(\"amount\", '$', ''), ',', ''), '') AS REAL) as amount" in staging


def test_the_numbers_are_the_same_through_every_target(tmp_path):
    source, result, diags = _shop(tmp_path, ("lookml", "superset", "powerbi"))
    report = verify(source, result.model, result.files, diags)
    assert not report.findings, report.findings[:5]
    assert all(t.equal == report.questions for t in report.tally.values()) and report.questions >= 10
    assert {"total_amount", "revenue"} <= {m.name for e in result.model.entities for m in e.measures}
    total = sqlite3.connect(source).execute(
        f"SELECT SUM({CAST.format(c='amount')}), SUM(CASE WHEN amount LIKE '-%' THEN 1 ELSE 0 END) FROM order_lines").fetchone()
    assert total[1] > 0 and round(total[0], 2) == round(sum(
        float(a.replace("$", "").replace(",", "")) for *_, a in text_loaded.shop()["order_lines"][1] if a), 2)


def _one_column(tmp_path, values: list[str], dialect: str = "duckdb", config: Config | None = None, tips: bool = False):
    """A table of fees (`fee`: `values`); `tips`: beside them, tips in plain dollars."""
    path = tmp_path / f"fees.{dialect}"
    rows = [(str(i), v, f"${i % 7}.50") if tips else (str(i), v) for i, v in enumerate(values)]
    tables = {"fees": (["fee_id", "fee", "tip"] if tips else ["fee_id", "fee"], rows)}
    source = text_loaded.write_duckdb(path, tables) if dialect == "duckdb" else text_loaded.write_sqlite(path, tables)
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source, diags=diags), ["lookml"], config=config, diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return source, result


@pytest.mark.parametrize("values", [
    ["€1.234,56", "€12.50", "€3,00"],  # a decimal comma and a decimal dot: which is which is not known
    ["$0.125", "$1.50"],  # three decimals: thousands in some countries
    ["$1,2345.00", "$10.00"], ["$12,34", "$5"], ["$1.234,56", "$3"],  # groups of four, decimals after a comma
    ["£30", "$30"],  # two currencies in one column
])
@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
def test_money_that_could_be_read_two_ways_stays_text(tmp_path, values, dialect):
    _, result = _one_column(tmp_path, values * 20, dialect=dialect, tips=True)
    dims = {d.column: d for d in result.model.entity_index()["fees"].dimensions}
    assert (dims["fee"].data_type, dims["tip"].data_type) == ("string", "decimal")
    assert dims["tip"].semantic_type == "currency_amount"  # written with a symbol: money, though no name says so


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite"])
def test_euros_with_a_decimal_comma_are_read_as_written(tmp_path, dialect):
    values = ["1.234,56 €", "€ 12,50", "-3,5€", "€1.000.000", "", "€30"]
    source, result = _one_column(tmp_path, values * 10, dialect=dialect)
    fee = {d.column: d for d in result.model.entity_index()["fees"].dimensions}["fee"]
    assert fee.data_type == "decimal"
    assert fee.expr.startswith("CAST(NULLIF(REPLACE(REPLACE(REPLACE(\"fee\", '€', ''), '.', ''), ',', '.'), '') AS ")
    con = duckdb.connect(source, read_only=True) if dialect == "duckdb" else sqlite3.connect(source)
    got = sorted(r[0] for r in con.execute(f"SELECT DISTINCT {fee.expr} FROM fees WHERE fee <> ''").fetchall())
    assert got == [-3.5, 12.5, 30.0, 1234.56, 1000000.0]
    assert result.model.currency == "EUR"  # every amount of the model is written in euros
    assert "value_format_name: eur" in _file(result, "lookml", "views/fees.view.lkml")


def test_pounds_are_the_model_currency_unless_mb_yaml_names_one(tmp_path):
    _, result = _one_column(tmp_path, ["£30", "£1,250.00", "-£4.5"] * 10)
    assert result.model.currency == "GBP"
    assert "value_format_name: gbp" in _file(result, "lookml", "views/fees.view.lkml")
    (tmp_path / "usd").mkdir()
    _, kept = _one_column(tmp_path / "usd", ["£30", "£1,250.00"] * 10, config=Config(currency="USD"))
    assert kept.model.currency == "USD"
    view = _file(kept, "lookml", "views/fees.view.lkml")
    assert "value_format_name: usd" not in view and "value_format_name: decimal_2" in view  # pounds are no dollars


def test_two_currencies_in_a_model_name_none(tmp_path):
    tables = {"fees": (["fee_id", "fee"], [(str(i), "£30") for i in range(20)]),
              "tips": (["tip_id", "tip"], [(str(i), "€30") for i in range(20)])}
    source = text_loaded.write_duckdb(tmp_path / "two.duckdb", tables)
    result = compile_snapshot(snapshot(source, diags=Diagnostics()), ["lookml"], diags=Diagnostics())
    assert result.model.currency is None
    assert {e.name: e.dimensions[1].data_type for e in result.model.entities} == {"fees": "decimal", "tips": "decimal"}


def test_power_bi_reads_money_kept_as_text_on_a_navigated_source():
    """PostgreSQL is read by navigation: a step of M replaces the symbol and the separators as the
    SQL cast does, and the DAX check reads the column back through the same replacements."""
    from backends.powerbi.mquery import partition_source, sql_quoter
    from backends.powerbi.read import read_columns

    casts = {"amount": ("CAST(NULLIF(REPLACE(REPLACE(\"amount\", '$', ''), ',', ''), '') AS DOUBLE PRECISION)", "decimal"),
             "fee": ("CAST(NULLIF(REPLACE(REPLACE(REPLACE(\"fee\", '€', ''), '.', ''), ',', '.'), '') AS DOUBLE PRECISION)", "decimal")}
    m = partition_source("postgres", "public", "order_lines", ["line_id", "amount", "fee"], sql_quoter("postgres"), casts)
    assert ('{"amount", each if _ = null or Text.Trim(_) = "" then null else '
            'Number.From(Text.Replace(Text.Replace(_, "$", ""), ",", ""), "en-US"), type number}') in m
    assert read_columns(m, "postgres") == {
        "amount": "CAST(NULLIF(TRIM(REPLACE(REPLACE(\"amount\", '$', ''), ',', '')), '') AS DOUBLE)",
        "fee": "CAST(NULLIF(TRIM(REPLACE(REPLACE(REPLACE(\"fee\", '€', ''), '.', ''), ',', '.')), '') AS DOUBLE)"}
