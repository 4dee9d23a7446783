"""DAX: every emitted expression parses with our grammar and with an independent parser
(pbi_parsers), and means what the IR measure means: translated back to SQL with DAX's
semantics through our grammar's tree, it gives the IR measure's number on DuckDB."""

from __future__ import annotations

import math
import os
import re

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from backends.powerbi import PowerBIBackend
from backends.powerbi.dax import DaxError, column_scope, translate
from backends.powerbi.dax_parse import aggregation, parse as parse_dax
from backends.powerbi.dax_sql import Env, SqlTable, to_sql
from backends.powerbi.read import parse_files, source_table
from compiler.api import analyze
from compiler.diagnostics import Diagnostics
from tests.backends.powerbi.models import awkward_model, chinook_model
from tests.support import shop_snapshot

KINDS = {"int64": "number", "double": "number", "decimal": "number", "string": "string", "boolean": "boolean"}


def _dax_of(files: dict[str, str]) -> list[tuple[str, str, str]]:
    """(table, object, DAX) of every measure and calculated column."""
    out = []
    for nodes in parse_files(files, Diagnostics()).values():
        for t in (n for n in nodes if n.kind == "table" and not n.ref):
            for o in [*t.objects("measure"), *t.objects("column")]:
                if o.is_expr and o.value:
                    out.append((t.name, o.name, o.value))
    return out


def _all_dax() -> list[str]:
    out = []
    for model in (analyze(shop_snapshot("postgres")), awkward_model("postgres"), awkward_model("tsql")):
        out += [d for _, _, d in _dax_of(PowerBIBackend().emit(model, {}, Diagnostics()))]
    return sorted(set(out))


@pytest.fixture(scope="module")
def pbi_dax():
    try:
        from pbi_parsers import dax
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("pbi_parsers is not installed (pip install -e '.[dev]')")
    return dax


def _neutral_names(text: str) -> str:
    """pbi_parsers 0.9.5 does not lex the escapes '' in a quoted table name or ]] in a bracketed
    name (valid DAX). Such names become placeholders of the same shape before it parses."""
    text = re.sub(r"'(?:[^']|'')*''(?:[^']|'')*'", "'Quoted Table'", text)
    return re.sub(r"\[(?:[^\]]|\]\])*\]\](?:[^\]]|\]\])*\]", "[Bracketed Name]", text)


@pytest.mark.parametrize("dax", _all_dax())
def test_emitted_dax_parses_with_our_grammar(dax):
    assert parse_dax(dax)


@pytest.mark.parametrize("dax", _all_dax())
def test_emitted_dax_parses_with_pbi_parsers(pbi_dax, dax):
    ast = pbi_dax.to_ast(_neutral_names(dax))
    assert ast is not None and type(ast).__name__ != "NoneExpression"


def test_pbi_parsers_rejects_broken_dax(pbi_dax):
    for broken in ("SUM(", "COUNTROWS(T) +* 2", "CALCULATE(SUM(T[a]),"):
        with pytest.raises((ValueError, AssertionError)):
            pbi_dax.to_ast(broken)


@pytest.mark.parametrize(
    "sql,dax",
    [
        ("qty < 5", "NOT(ISBLANK('T'[Qty])) && 'T'[Qty] < 5"),  # BLANK < 5 is TRUE in DAX
        ("qty > 5", "'T'[Qty] > 5"),  # BLANK > 5 is not: no guard needed
        ("status <> 'x'", "NOT(ISBLANK('T'[Status])) && 'T'[Status] <> \"x\""),
        ("qty + 1", "IF(ISBLANK('T'[Qty]), BLANK(), 'T'[Qty] + 1)"),
        ("NOT (qty > 5)", "NOT(ISBLANK('T'[Qty])) && 'T'[Qty] <= 5"),
        ("status IS NOT NULL", "NOT(ISBLANK('T'[Status]))"),
        ("CASE status WHEN 'a' THEN 1 WHEN 'b' THEN 2 END", "SWITCH(TRUE(), 'T'[Status] = \"a\", 1, 'T'[Status] = \"b\", 2)"),
        ("price / qty", "DIVIDE('T'[Price], 'T'[Qty])"),
        # cents made units: a number cast to a float divides as DAX numbers do, BLANK kept
        ("CAST(qty AS DOUBLE PRECISION) / 100.0", "DIVIDE('T'[Qty], 100.0)"),
        ("CAST(qty AS DOUBLE) / CAST(qty AS DECIMAL(18, 2))", "DIVIDE('T'[Qty], 'T'[Qty])"),
    ],
)
def test_translation_keeps_sql_null_semantics(sql, dax):
    scope = column_scope("duckdb", "T", {"qty": ("Qty", "integer"), "status": ("Status", "string"), "price": ("Price", "decimal")})
    assert translate(sql, scope).dax == dax


@pytest.mark.parametrize("sql", ["qty % 2", "status LIKE 'a%'", "CAST(qty AS TEXT)", "CAST(status AS DOUBLE)", "status > 'm'", "qty / qty", "qty = NULL", "other > 1"])
def test_unfaithful_expressions_raise(sql):
    scope = column_scope("postgres", "T", {"qty": ("Qty", "integer"), "status": ("Status", "string")})
    with pytest.raises(DaxError):
        translate(sql, scope)


@pytest.mark.parametrize("sql", ["CAST(price AS DECIMAL(10, 0))", "CAST(price AS DECIMAL(10, 2))", "CAST(price AS NUMERIC)", "CAST(price / qty AS DECIMAL(18, 2))"])
def test_fixed_scale_cast_of_a_non_integer_raises(sql):
    # DECIMAL(10,0) rounds a price to whole units; dropping the cast would lose that rounding.
    scope = column_scope("duckdb", "T", {"qty": ("Qty", "integer"), "price": ("Price", "decimal")})
    with pytest.raises(DaxError):
        translate(sql, scope)


def test_fixed_scale_cast_of_an_integer_is_dropped():
    scope = column_scope("tsql", "T", {"qty": ("Qty", "integer")})
    assert translate("CAST(qty AS DECIMAL)", scope).dax == "'T'[Qty]"


def _ir_sql(entity, m, dialect: str) -> str:
    """The IR measure computed directly, as the SQL backends would."""
    table = exp.table_(entity.table.name, db=entity.table.schema_, quoted=True)
    target = "*" if m.column is None and m.expr is None else (exp.column(m.column, quoted=True).sql(dialect) if m.column else m.expr)
    func = {"count": "COUNT({})", "count_distinct": "COUNT(DISTINCT {})", "sum": "SUM({})", "avg": "AVG({})", "min": "MIN({})", "max": "MAX({})"}[m.agg]
    where = f" WHERE {m.filter}" if m.filter else ""
    return sqlglot.transpile(f"SELECT {func.format(target)} FROM {table.sql(dialect)}{where}", read=dialect, write="duckdb")[0]


def _env(files: dict[str, str]) -> Env:
    quote = lambda n: '"' + n.replace('"', '""') + '"'  # noqa: E731
    tables, measures = {}, {}
    for nodes in parse_files(files, Diagnostics()).values():
        for t in (n for n in nodes if n.kind == "table" and not n.ref):
            src = source_table(t.objects("partition")[0].prop("source"), "duckdb")
            cols = {c.name: (quote(c.prop("sourceColumn")), KINDS.get(c.prop("dataType"), "other")) for c in t.objects("column") if c.prop("sourceColumn")}
            tables[t.name] = SqlTable(f"{quote(src.schema_)}.{quote(src.name)}" if src.schema_ else quote(src.name), cols)
            measures |= {m.name: (m.value, t.name) for m in t.objects("measure")}
    return Env(tables, measures, quote)


@pytest.fixture(scope="module")
def chinook(tmp_path_factory):
    path = tmp_path_factory.mktemp("chinook") / "chinook.duckdb"
    model = chinook_model(path)
    diags = Diagnostics()
    files = PowerBIBackend().emit(model, {}, diags)
    assert not [d for d in diags.items if d.code == "PB001"], diags.render_text()
    con = duckdb.connect(str(path), read_only=True)
    yield model, files, con
    con.close()


def test_every_measure_means_what_the_ir_means(chinook):
    model, files, con = chinook
    env = _env(files)
    by_name = {e.name: e for e in model.entities}
    checked = 0
    for nodes in parse_files(files, Diagnostics()).values():
        for t in (n for n in nodes if n.kind == "table" and not n.ref):
            entity = by_name[t.annotation("mb_name")]
            for node in t.objects("measure"):
                got = con.execute(to_sql(node.value, env)).fetchone()[0]
                if node.annotation("mb_metric") == "ratio":
                    num, den = (con.execute(_ir_sql(entity, entity_measure, "duckdb")).fetchone()[0]
                                for entity_measure in (next(m for m in entity.measures if m.name == n) for n in ("revenue", "lines")))
                    want = float(num) / float(den)
                else:
                    m = next(m for m in entity.measures if m.name == node.annotation("mb_name"))
                    want = con.execute(_ir_sql(entity, m, model.dialect)).fetchone()[0]
                    assert aggregation(parse_dax(node.value)) == m.agg
                if want is None or got is None:
                    assert want == got or (want == 0 and got is None and aggregation(parse_dax(node.value)) == "count"), node.name
                else:
                    assert math.isclose(float(got), float(want), rel_tol=1e-9), f"{t.name}[{node.name}] = {node.value}: {got} != {want}"
                checked += 1
    # Every emitted measure: the defaults, the extra ones and the ratio.
    assert checked == sum(len(e.measures) for e in model.entities) + len(model.metrics) and checked >= 20


def test_blank_semantics_matter_on_this_data(chinook):
    """The guards are not decoration: without them these measures would give other numbers."""
    _, files, con = chinook
    env = _env(files)
    naive = "CALCULATE(COUNTROWS('Customer'), KEEPFILTERS('Customer'[Company] <> \"Apple Inc.\"))"
    guarded = next(d for _, n, d in _dax_of(files) if n == "not_apple")
    assert con.execute(to_sql(naive, env)).fetchone()[0] != con.execute(to_sql(guarded, env)).fetchone()[0]
    assert con.execute(to_sql("DISTINCTCOUNT('Track'[Composer])", env)).fetchone()[0] == \
        con.execute(to_sql("DISTINCTCOUNTNOBLANK('Track'[Composer])", env)).fetchone()[0] + 1


def test_simple_calls_read_as_the_grammar_reads_them():
    """The regular-expression path for one-call measures gives Lark's own tree, and leaves to Lark
    anything else (spaces, comments, the IN keyword, nested calls)."""
    from backends.powerbi.dax_parse import _simple_call, parser

    texts = ["SUM('Sales'[Amount])", "AVERAGE('it''s'[a]]b])", "COUNTROWS('Sales')", "COUNTROWS(Sales)", "SUM(x.y[z])",
             "DISTINCTCOUNTNOBLANK(t[c])", "INT(t)", "MAX(_t[_c])"]
    for text in texts:
        assert _simple_call(text) == parser().parse(text), text
    for text in ["in(t)", "SUM(IN[x])", "SUM( t[x])", "SUM(t[x]) -- c", "SUM(t[x]) + 1", "SUM(t[x][y])", "CALCULATE(SUM(t[x]))",
                 "SUM('a'[x]", "SUM('a[x])", "SUM(1)"]:
        assert _simple_call(text) is None, text
