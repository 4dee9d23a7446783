"""Models and bundles the Superset tests share: Chinook copied into DuckDB, and a model that uses
every feature the backend has (derived fields, filtered measures, model metrics)."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import duckdb

from backends.base import Files
from backends.superset import SupersetBackend
from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.roundtrip import check
from ir.provenance import Text
from ir.semantic import Dimension, Measure, Metric, SemanticModel

REPO = Path(__file__).resolve().parents[3]
CHINOOK_SQLITE = REPO / "examples" / "chinook" / "chinook.sqlite"

_TYPES = [
    (re.compile(r"N?VARCHAR|TEXT|CHAR", re.I), "VARCHAR"),
    (re.compile(r"NUMERIC|DECIMAL", re.I), None),  # kept as declared, precision included
    (re.compile(r"DATETIME|TIMESTAMP", re.I), "TIMESTAMP"),
    (re.compile(r"INT", re.I), "BIGINT"),
]


def _duck_type(declared: str) -> str:
    for pattern, duck in _TYPES:
        if pattern.search(declared):
            return duck or declared.upper()
    return declared or "VARCHAR"


def chinook_duckdb(path: Path) -> Path:
    """examples/chinook/chinook.sqlite copied into a DuckDB file, keys included, by plain Python
    (no DuckDB extension to download)."""
    src = sqlite3.connect(CHINOOK_SQLITE)
    tables = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    info = {t: src.execute(f'PRAGMA table_info("{t}")').fetchall() for t in tables}
    fks = {t: src.execute(f'PRAGMA foreign_key_list("{t}")').fetchall() for t in tables}
    con = duckdb.connect(str(path))
    for t in _dependency_order(tables, fks):
        cols = [f'"{c[1]}" {_duck_type(c[2])}{" NOT NULL" if c[3] else ""}' for c in info[t]]
        pk = [c[1] for c in sorted(info[t], key=lambda c: c[5]) if c[5]]
        if pk:
            cols.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in pk) + ")")
        for fk in fks[t]:
            if fk[2] != t:  # DuckDB checks a self reference row by row; the snapshot infers it
                cols.append(f'FOREIGN KEY ("{fk[3]}") REFERENCES "{fk[2]}" ("{fk[4]}")')
        con.execute(f'CREATE TABLE "{t}" (' + ", ".join(cols) + ")")
        rows = src.execute(f'SELECT * FROM "{t}"').fetchall()
        # Through a CSV file: DuckDB binds parameters one by one, which is slow for 15k rows.
        csv_path = path.with_suffix(f".{t}.csv")
        with open(csv_path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([["\\N" if v is None else v for v in r] for r in rows])
        con.execute(f"COPY \"{t}\" FROM '{csv_path.as_posix()}' (HEADER false, NULLSTR '\\N')")
        csv_path.unlink()
    con.close()
    src.close()
    return path


def _dependency_order(tables: list[str], fks: dict[str, list]) -> list[str]:
    done: list[str] = []
    while len(done) < len(tables):
        for t in sorted(tables):
            if t not in done and all(fk[2] in done or fk[2] == t for fk in fks[t]):
                done.append(t)
    return done


def model_of(source: Path, name: str) -> SemanticModel:
    diags = Diagnostics()
    model = analyze(snapshot(str(source), diags=diags), Config(name=name), diags)
    assert not diags.has_errors(), diags.render_text()
    return model


def enrich(model: SemanticModel) -> SemanticModel:
    """Chinook plus a derived dimension, a derived time dimension, filtered measures and one
    model metric of each kind, all on `invoice`."""
    model = model.model_copy(deep=True)
    invoice = model.entity("invoice")
    assert invoice is not None
    invoice.dimensions.append(
        Dimension(name="billing_place", expr="BillingCity || ', ' || BillingCountry", data_type="string",
                  label=Text.declared("Billing Place"), description=Text.declared("City, country"))
    )
    invoice.dimensions.append(Dimension(name="total_again", column="Total", data_type="decimal"))
    invoice.measures += [
        Measure(name="usa_revenue", agg="sum", column="Total", filter="BillingCountry = 'USA'", format="currency",
                label=Text.declared("USA Revenue")),
        Measure(name="big_invoices", agg="count", filter='"Total" > 10', label=Text.declared("Big Invoices")),
        Measure(name="customers", agg="count_distinct", column="CustomerId"),
        Measure(name="largest", agg="max", expr="Total * 1.0"),
    ]
    model.metrics += [
        Metric(name="revenue", type="simple", entity="invoice", measure="sum_total", label=Text.declared("Revenue")),
        Metric(name="usa_share", type="ratio", entity="invoice", numerator="usa_revenue", denominator="sum_total",
               description=Text.declared("Share of revenue billed in the USA")),
        Metric(name="revenue_per_customer", type="derived", entity="invoice", expr="sum_total / customers"),
    ]
    return model


def emit(model: SemanticModel, options: dict | None = None) -> tuple[Files, Diagnostics]:
    """Emit a bundle and run the round-trip check on it."""
    backend = SupersetBackend()
    diags = Diagnostics()
    files = backend.emit(model, options or {}, diags)
    check(backend, model, files, diags, options or {})
    return files, diags


def write(files: Files, folder: Path) -> Path:
    for rel, content in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (folder / rel).write_bytes(content)
        else:
            with open(folder / rel, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
    return folder
