"""Money and true/false kept as text, loaded as a CSV import loads them (every column text): the
same numbers through every target, MetricFlow's own engine and Cube's own compiler included, on
PostgreSQL and MariaDB (read by navigation: Power BI's partition reads them in a step of M) and
on DuckDB (a native query). Each fixture on its own: the shop's dollars (sums and averages of
amounts, an expression over a price and a quantity), the rentals' flags (counts of the true
rows)."""

from __future__ import annotations

import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.verify.run import TARGETS, render, verify
from tests import text_loaded
from tests.services import POSTGRES_URL, scratch_mariadb, scratch_postgres_schema

# What each fixture's fact must be, per column: its type and the start of the cast it is read
# through (identifiers quoted with double quotes; the cast's type is the dialect's).
TYPED = {
    "shop": ("order_lines", {"amount": ("decimal", "CAST(NULLIF(REPLACE(REPLACE(\"amount\", '$', ''), ',', ''), '') AS "),
                             "unit_price": ("decimal", "CAST(NULLIF(REPLACE(REPLACE(\"unit_price\", '$', ''), ',', ''), '') AS "),
                             "quantity": ("integer", "CAST(NULLIF(\"quantity\", '') AS ")}),
    "rentals": ("calendar", {"available": ("boolean", "CASE WHEN LOWER(\"available\") IN ('t') THEN TRUE WHEN LOWER(\"available\") IN ('f') THEN FALSE END"),
                             "host_gender": ("string", None)}),
}
MEASURES = {"shop": {"total_amount", "revenue"}, "rentals": {"available_count", "instant_bookable_count"}}


def _check(name: str, source: str, schemas: list[str], tool_env, targets=TARGETS) -> None:
    diags = Diagnostics()
    snap = snapshot(source, SourceOptions(schemas=schemas), diags)
    result = compile_snapshot(snap, list(targets), diags=diags)
    assert not diags.has_errors(), diags.render_text()
    fact, typed = TYPED[name]
    dims = {d.column: d for d in result.model.entity_index()[fact].dimensions}
    for column, (data_type, cast) in typed.items():
        expr = (dims[column].expr or "").replace("`", '"')
        assert dims[column].data_type == data_type and expr.startswith(cast or ""), (column, dims[column])
    assert MEASURES[name] <= {m.name for m in result.model.entity_index()[fact].measures}
    tools = {"cube_modules": tool_env["MB_CUBE_NODE_MODULES"], "mf_python": tool_env["MB_MF_PYTHON"]}
    report = verify(source, result.model, result.files, diags, tools)
    text = render(report, name)
    assert set(report.tally) == set(targets), text
    assert not report.findings, text
    for target, t in report.tally.items():
        assert t.equal == report.questions >= 6, f"{target}\n{text}"


@pytest.mark.parametrize("name", ["shop", "rentals"])
def test_postgres_tables_loaded_as_text(name, postgres_engine, tool_env):
    with scratch_postgres_schema(postgres_engine, f"mb_{name}") as schema:
        with postgres_engine.begin() as conn:
            text_loaded.write_postgres(conn, schema, getattr(text_loaded, name)())
        _check(name, POSTGRES_URL, [schema], tool_env)


@pytest.mark.parametrize("name", ["shop", "rentals"])
def test_duckdb_tables_loaded_as_text(name, tmp_path, tool_env):
    source = text_loaded.write_duckdb(tmp_path / f"{name}.duckdb", getattr(text_loaded, name)())
    _check(name, source, [], tool_env)


@pytest.mark.parametrize("name", ["shop", "rentals"])
def test_mariadb_tables_loaded_as_text(name, mysql_engine, tool_env):
    """MariaDB: every target but MetricFlow (no dbt adapter for it here); MySQL's TRUE is 1."""
    with scratch_mariadb(mysql_engine, f"mb_{name}") as (url, engine):
        with engine.begin() as conn:
            text_loaded.write_mysql(conn, getattr(text_loaded, name)())
        _check(name, url.render_as_string(hide_password=False), [], tool_env, [t for t in TARGETS if t != "dbt"])
