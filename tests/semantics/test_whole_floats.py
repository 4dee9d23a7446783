"""Identifiers and codes stored as floats because their columns have NULLs (pandas' to_sql, a CSV
loader, NYC taxi parquet: CustomerID 17850.0, RatecodeID 1.0): the profiler counts the values
with a fraction, and normalize_types types a whole-valued float named as an identifier or a code
as an integer, read through CAST(column AS BIGINT) by every target. Floats that measure (a
price, a fare, a passenger count) keep their type."""

from __future__ import annotations

import random
import sqlite3

import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.run import verify


def _rows():
    rng = random.Random(3)
    sales, trips = [], []
    for i in range(1200):
        customer = None if i % 7 == 0 else float(12346 + rng.randrange(0, 300))
        sales.append((f"{536365 + i // 4}", rng.randrange(1, 13), rng.choice([2.55, 3.39, 7.65, 4.25]), customer,
                      rng.choice(["United Kingdom", "France", "Germany"])))
        missing = i % 11 == 0
        trips.append((i, f"2023-01-{1 + i % 28:02d} 10:00:00", None if missing else float(rng.randrange(1, 5)),
                      None if missing else rng.choice([1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 99.0]), round(rng.uniform(3, 80), 2),
                      None if missing else float(rng.choice([1, 2, 3, 4]))))
    return sales, trips


# Each engine's own names for the types a CSV or pandas load gives these columns.
_TYPES = {"sqlite": {"text": "TEXT", "int": "INTEGER", "float": "REAL", "time": "TEXT"},
          "duckdb": {"text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "time": "TIMESTAMP"}}


def _load(con, engine: str) -> None:
    t = _TYPES[engine]
    sales, trips = _rows()
    con.execute(f'CREATE TABLE sales ("InvoiceNo" {t["text"]}, "Quantity" {t["int"]}, "UnitPrice" {t["float"]}, '
                f'"CustomerID" {t["float"]}, "Country" {t["text"]})')
    con.execute(f'CREATE TABLE trips (trip_id {t["int"]} PRIMARY KEY, pickup_at {t["time"]}, passenger_count {t["float"]}, '
                f'"RatecodeID" {t["float"]}, fare_amount {t["float"]}, payment_type {t["float"]})')
    con.executemany("INSERT INTO sales VALUES (?, ?, ?, ?, ?)", sales)
    con.executemany("INSERT INTO trips VALUES (?, ?, ?, ?, ?, ?)", trips)


def _sqlite(path) -> str:
    con = sqlite3.connect(path)
    _load(con, "sqlite")
    con.commit()
    con.close()
    return str(path)


def _duckdb(path) -> str:
    import duckdb

    con = duckdb.connect(str(path))
    _load(con, "duckdb")
    con.close()
    return str(path)


@pytest.fixture(scope="module", params=["sqlite", "duckdb"])
def compiled(request, tmp_path_factory):
    path = tmp_path_factory.mktemp(request.param) / ("floats.db" if request.param == "sqlite" else "floats.duckdb")
    source = _sqlite(path) if request.param == "sqlite" else _duckdb(path)
    diags = Diagnostics()
    snap = snapshot(source, diags=diags)
    result = compile_snapshot(snap, ["lookml", "dbt", "superset"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return request.param, source, snap, result, diags


def test_the_profile_counts_the_values_with_a_fraction(compiled):
    _, _, snap, _, _ = compiled
    trips = next(t for t in snap.tables if t.name == "trips")
    assert trips.column("RatecodeID").profile.fraction_count == 0
    assert trips.column("fare_amount").profile.fraction_count > 0
    assert trips.column("trip_id").profile.fraction_count is None  # an integer column: nothing to count


def test_whole_float_identifiers_and_codes_are_integers_read_through_a_cast(compiled):
    dialect, _, _, result, _ = compiled
    bigint = "INTEGER" if dialect == "sqlite" else "BIGINT"
    index = result.model.entity_index()
    sales = {d.column: d for d in index["sales"].dimensions}
    trips = {d.column: d for d in index["trips"].dimensions}
    for dims, column in ((sales, "CustomerID"), (trips, "RatecodeID"), (trips, "payment_type")):
        assert (dims[column].data_type, dims[column].expr) == ("integer", f'CAST("{column}" AS {bigint})'), column
    # Measures keep their floats, whole-valued or not.
    assert (sales["UnitPrice"].data_type, sales["UnitPrice"].expr) == ("float", None)
    assert (trips["fare_amount"].data_type, trips["passenger_count"].data_type) == ("float", "float")
    assert trips["passenger_count"].expr is None
    measures = {(m.agg, m.column) for m in index["trips"].measures}
    assert {("sum", "fare_amount"), ("sum", "passenger_count")} <= measures
    # The codes' complete list reads 1, not 1.0.
    assert trips["RatecodeID"].accepted_values == [1, 2, 3, 4, 5, 6, 99]


def test_targets_show_the_codes_as_whole_numbers(compiled):
    dialect, source, _, result, diags = compiled
    bigint = "INTEGER" if dialect == "sqlite" else "BIGINT"
    view = result.files["lookml"]["views/trips.view.lkml"]
    block = view[view.index("dimension: ratecode_id {"):]
    block = block[:block.index("\n  }")]
    assert "type: number" in block and f'sql: CAST(${{TABLE}}."RatecodeID" AS {bigint}) ;;' in block
    staging = result.files["dbt"]["models/mb_generated/staging/stg_trips.yml"]
    assert "- 99\n" in staging and "1.0" not in staging and "99.0" not in staging
    report = verify(source, result.model, result.files, diags)
    assert not [f for f in report.findings if f[1] in ("different", "not askable")], report.findings[:5]
    for t in report.tally.values():
        assert t.equal == report.questions and report.questions >= 4
