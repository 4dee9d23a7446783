"""Models for the Power BI tests: a hand-built one with awkward names and every measure shape,
and Chinook copied into DuckDB (through Python, no DuckDB extension needed)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import duckdb

from compiler.api import analyze, snapshot
from compiler.diagnostics import Diagnostics
from ir.catalog import TableRef
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Measure, Metric, Relationship, RelationshipEnd, SemanticModel, TimeDimension

REPO = Path(__file__).resolve().parents[3]
CHINOOK = REPO / "examples" / "chinook" / "chinook.sqlite"
TABLES = ["Customer", "Invoice", "InvoiceLine", "Track", "Album"]


def label(text: str) -> Text:
    return Text.declared(text)


def awkward_model(dialect: str = "postgres") -> SemanticModel:
    """Names with spaces, quotes, dots and brackets; filtered, computed, conditional and lossy
    measures; a ratio metric; a date table; a composite and a self relationship."""
    lines = Entity(
        name="order_lines",
        table=TableRef(name="order.lines", schema="sales"),
        label=label("Order 'Lines' v2.0"),
        description=label("One row per order line."),
        primary_key=["line_id"],
        dimensions=[
            Dimension(name="line_id", column="line_id", data_type="integer", role="key", primary_key=True),
            Dimension(name="day_id", column="day", data_type="date", role="key", foreign_key=True, hidden=True),
            Dimension(name="status", column="Status", data_type="string", label=label("Status [raw]"), description=label('Says "shipped" or not.')),
            Dimension(name="qty", column="qty", data_type="integer", role="measure", additivity="additive", label=label("Qty.")),
            Dimension(name="price", column="unit price", data_type="decimal", role="measure", semantic_type="currency_amount",
                      additivity="non_additive"),
            Dimension(name="city", column="city", data_type="string", semantic_type="city"),
            Dimension(name="big", expr="CASE WHEN qty > 10 THEN 'big' ELSE 'small' END", data_type="string", label=label("Size")),
            Dimension(name="bad_expr", expr="qty % 2", data_type="integer"),
        ],
        measures=[
            Measure(name="count", agg="count", label=label("Count")),
            Measure(name="revenue", agg="sum", expr='qty * "unit price"', label=label("Revenue"), format="currency"),
            Measure(name="shipped_qty", agg="sum", column="qty", filter="Status = 'shipped'", label=label("Shipped Qty")),
            Measure(name="odd", agg="count", filter="qty < 5 OR \"unit price\" > 2.5", label=label("Odd lines")),
            Measure(name="big_count", agg="sum", expr="CASE WHEN qty > 10 THEN 1 WHEN qty > 5 THEN 0.5 ELSE 0 END"),
            Measure(name="statuses", agg="count_distinct", column="Status"),
            Measure(name="lossy", agg="sum", column="qty", filter="Status LIKE 'ship%'"),
        ],
    )
    days = Entity(
        name="calendar",
        table=TableRef(name="calendar", schema="sales"),
        primary_key=["day"],
        dimensions=[Dimension(name="year", column="year", data_type="integer")],
        time_dimensions=[TimeDimension(name="day", column="day", data_type="date", label=label("Date"))],
        measures=[Measure(name="count", agg="count", label=label("Count"))],
    )
    staff = Entity(
        name="staff",
        table=TableRef(name="staff", schema="sales"),
        primary_key=["id"],
        dimensions=[
            Dimension(name="id", column="id", data_type="integer", role="key", primary_key=True),
            Dimension(name="boss", column="boss", data_type="integer", role="key", foreign_key=True),
        ],
    )

    def rel(a: str, ac: list[str], b: str, bc: list[str]) -> Relationship:
        return Relationship(**{"from": RelationshipEnd(table=a, schema="sales", columns=ac), "to": RelationshipEnd(table=b, schema="sales", columns=bc)},
                            cardinality="many_to_one", origin="declared")

    return SemanticModel(
        name="awkward",
        dialect=dialect,
        entities=[lines, days, staff],
        relationships=[rel("order.lines", ["day"], "calendar", ["day"]), rel("staff", ["boss"], "staff", ["id"]),
                       rel("order.lines", ["line_id", "day"], "calendar", ["year", "day"])],
        metrics=[
            Metric(name="revenue_per_line", type="ratio", entity="order_lines", numerator="revenue", denominator="count", label=label("Revenue / Line")),
            Metric(name="broken", type="ratio", entity="order_lines", numerator="lossy", denominator="count"),
        ],
    )


def chinook_duckdb(path: Path) -> Path:
    """Chinook's sales tables copied into a DuckDB file, primary keys included."""
    src = sqlite3.connect(CHINOOK)
    con = duckdb.connect(str(path))
    for table in TABLES:
        info = src.execute(f'PRAGMA table_info("{table}")').fetchall()
        types = {"NVARCHAR": "VARCHAR", "DATETIME": "TIMESTAMP"}
        cols = [f'"{c[1]}" {types.get(c[2].split("(")[0], c[2])}{" NOT NULL" if c[3] else ""}' for c in info]
        pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
        cols.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in pk) + ")")
        con.execute(f'CREATE TABLE "{table}" ({", ".join(cols)})')
        # Row-by-row inserts take a minute; a CSV through COPY takes a moment.
        csv_path = path.with_suffix(f".{table}.csv")
        with open(csv_path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(src.execute(f'SELECT * FROM "{table}"'))
        con.execute(f"COPY \"{table}\" FROM '{csv_path.as_posix()}' (HEADER false)")
        csv_path.unlink()
    con.close()
    return path


def chinook_model(path: Path) -> SemanticModel:
    """The analyzed Chinook model plus measures that exercise NULLs, filters and expressions."""
    diags = Diagnostics()
    model = analyze(snapshot(str(chinook_duckdb(path)), diags=diags), diags=diags)
    extra = {
        "customer": [
            Measure(name="no_company", agg="count", filter="Company IS NULL"),
            Measure(name="not_apple", agg="count", filter="Company <> 'Apple Inc.'"),
            Measure(name="states", agg="count_distinct", column="State"),
            Measure(name="with_fax", agg="count", column="Fax"),
        ],
        "track": [
            Measure(name="composers", agg="count_distinct", column="Composer"),
            Measure(name="long_share", agg="sum", expr="CASE WHEN Milliseconds > 300000 THEN 1 ELSE 0 END"),
            Measure(name="small_known", agg="avg", column="Milliseconds", filter="Composer IS NOT NULL AND Bytes < 5000000"),
            Measure(name="not_cheap_acdc", agg="count", filter="NOT (UnitPrice > 1 AND Composer = 'AC/DC')"),
            Measure(name="bytes_plus", agg="sum", expr="Bytes + 1"),
            Measure(name="short_or_free", agg="count", filter="Milliseconds < 200000 OR UnitPrice BETWEEN 0 AND 0.5"),
        ],
        "invoice": [
            Measure(name="west_total", agg="sum", column="Total", filter="BillingState IN ('CA', 'WA')"),
            Measure(name="max_total", agg="max", column="Total"),
            Measure(name="min_total", agg="min", column="Total", filter="BillingCountry = 'USA'"),
            Measure(name="no_state_total", agg="sum", column="Total", filter="NOT BillingState IN ('CA')"),
        ],
        # The analysis derives revenue (UnitPrice * Quantity) itself.
        "invoice_line": [
            Measure(name="lines", agg="count"),
        ],
    }
    for entity in model.entities:
        entity.measures.extend(extra.get(entity.name, []))
    model.metrics.append(Metric(name="revenue_per_line", type="ratio", entity="invoice_line", numerator="revenue", denominator="lines"))
    return model
