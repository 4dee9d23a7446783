"""The same-number check asks every measure by the year of its entity's time axis: the axis's own
column, or a parent's reached over the axis's path. A target that dates the measure by another
column (or truncates the time otherwise) answers differently (VA004). Fast: Looker's SQL,
Superset's SQL and DAX run on the file itself; no tool is installed."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.engine import Engine, years
from compiler.verify.queries import queries, reference_sql
from compiler.verify.run import verify

# Orders placed at a year's end ship in the next year: dated by the wrong column, the years differ.
SHOP = """
create table customers (customer_id integer primary key, country varchar(2));
create table orders (order_id integer primary key, customer_id integer references customers (customer_id),
                     ordered_at date, shipped_at date, amount decimal(10, 2));
create table order_lines (line_id integer primary key, order_id integer references orders (order_id), product varchar(10),
                          quantity integer);
insert into customers values (1, 'DE'), (2, 'FR');
insert into orders values (1, 1, '2022-12-30', '2023-01-03', 10), (2, 2, '2022-12-31', '2023-01-02', 20),
  (3, 1, '2023-06-01', '2023-06-02', 30), (4, 2, '2023-12-31', '2024-01-05', 40), (5, 1, '2024-02-01', '2024-02-03', 50);
insert into order_lines values (1, 1, 'a', 1), (2, 1, 'b', 2), (3, 2, 'a', 3), (4, 3, 'b', 4), (5, 4, 'a', 5), (6, 5, 'b', 6),
  (7, 5, 'a', 7)
"""
TARGETS = ["lookml", "superset", "powerbi"]


def _shop(tmp_path, kind: str):
    path = tmp_path / f"shop.{kind}"
    con = duckdb.connect(str(path)) if kind == "duckdb" else sqlite3.connect(path)
    for statement in SHOP.split(";"):
        con.execute(statement)
    if kind == "sqlite":
        con.commit()  # SQLite keeps the dates as the text inserted
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path)), TARGETS, diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return str(path), result


@pytest.mark.parametrize("kind, year", [("duckdb", 'YEAR("t1"."ordered_at")'),
                                        ("sqlite", """CAST(STRFTIME('%Y', "t1"."ordered_at") AS INTEGER)""")])
def test_one_question_per_measure_by_the_year_of_its_time_axis(tmp_path, kind, year):
    """Orders are dated by their own order date; order lines have no time of their own and borrow
    their order's (the axis's path): one question per measure, by the year of that column, which
    the reference extracts in the source's own dialect (SQLite keeps dates as text)."""
    source, result = _shop(tmp_path, kind)
    model = result.model
    by_year = [q for q in queries(model) if q.year]
    measures = {(e.name, m.name) for e in model.entities for m in e.measures if e.time_axis is not None}
    assert sorted((q.entity, q.measure) for q in by_year) == sorted(measures)
    assert {q.label for q in by_year if q.measure == "count"} == {
        "orders.count by year of orders.ordered_at", "order_lines.count by year of orders.ordered_at via order_id"}
    lines = next(q for q in by_year if q.entity == "order_lines" and q.measure == "total_quantity")
    sql = reference_sql(model, lines)
    assert f"SELECT {year} AS g, SUM(" in sql and f"GROUP BY {year}" in sql, sql
    engine = Engine(source, model.dialect)
    try:
        assert years(engine.answer(sql)) == {"2022": 6.0, "2023": 9.0, "2024": 13.0}
        orders = next(q for q in by_year if q.entity == "orders" and q.measure == "count")
        assert years(engine.answer(reference_sql(model, orders))) == {"2022": 2.0, "2023": 2.0, "2024": 1.0}
    finally:
        engine.close()
    report = verify(source, model, result.files, Diagnostics())
    assert not report.findings, report.findings
    assert all(t.equal == report.questions for t in report.tally.values())


def test_a_measure_dated_by_another_column_is_caught(tmp_path):
    """A Superset dataset whose main datetime column is the ship date, not the order date the
    model dates orders by: a time-series chart puts December's orders in the next year, and the
    by-year questions of orders differ (VA004); those asked of order lines, through their virtual
    dataset, stay equal."""
    source, result = _shop(tmp_path, "duckdb")
    files = dict(result.files["superset"])
    name = next(p for p in files if p.endswith("/orders.yaml"))
    assert "main_dttm_col: ordered_at\n" in files[name]
    files[name] = files[name].replace("main_dttm_col: ordered_at\n", "main_dttm_col: shipped_at\n")
    diags = Diagnostics()
    report = verify(source, result.model, {"superset": files}, diags)
    wrong = {q for _, status, q, _ in report.findings if status == "different"}
    assert wrong == {f"orders.{m.name} by year of orders.ordered_at" for m in result.model.entity_index()["orders"].measures}
    assert all(any(d.code == "VA004" and d.location == q for d in diags.items) for q in wrong)
    assert report.tally["superset"].equal == report.questions - len(wrong)


def test_a_dataset_without_a_main_datetime_column_cannot_be_asked_by_year(tmp_path):
    source, result = _shop(tmp_path, "duckdb")
    files = {p: t.replace("main_dttm_col: ordered_at\n", "main_dttm_col: null\n") if isinstance(t, str) else t
             for p, t in result.files["superset"].items()}
    diags = Diagnostics()
    report = verify(source, result.model, {"superset": files}, diags)
    unaskable = {q for _, status, q, _ in report.findings if status == "not askable"}
    assert unaskable == {f"orders.{m.name} by year of orders.ordered_at" for m in result.model.entity_index()["orders"].measures}
    assert all(any(d.code == "VA005" and d.location == q for d in diags.items) for q in unaskable)


def test_years_compare_however_a_target_returns_them():
    """A year comes back as a number, text, or the year's first day or moment; a target that
    grouped by day, not by year, has two groups in one year and differs."""
    assert years({"2024": 1.0, "2023-01-01": 2.0, "2022-01-01T00:00:00.000": 3.0, "2021.0": 4.0, None: 5.0}) == {
        "2024": 1.0, "2023": 2.0, "2022": 3.0, "2021": 4.0, None: 5.0}
    assert len(years({"2024-03-01": 1.0, "2024-04-01": 2.0})) == 2


def test_cubes_sql_by_year_runs_on_sqlite(tmp_path):
    """Cube writes PostgreSQL: a time taken at UTC and truncated to the year, which SQLite can
    neither parse nor truncate (its eight year questions on Chinook had all failed)."""
    from compiler.verify.cube_sql import source_sql

    source, result = _shop(tmp_path, "sqlite")
    cube = ('SELECT date_trunc(\'year\', ("orders"."ordered_at"::timestamptz AT TIME ZONE \'UTC\')) "orders__ordered_at_year", '
            'count(*) "orders__count" FROM "orders" AS "orders" GROUP BY 1 ORDER BY 1')
    engine = Engine(source, result.model.dialect)
    try:
        assert years(engine.answer(*source_sql(cube, "sqlite"))) == {"2022": 2.0, "2023": 2.0, "2024": 1.0}
    finally:
        engine.close()
    assert source_sql(cube, "duckdb") == (cube, "postgres")
