"""What a BI developer would never commit, checked in the files every target writes: on Chinook,
Northwind, a Sakila-shaped store, TPC-H (with and without its keys) and a generated star schema,
no LookML measure, dbt/MetricFlow measure, Cube measure, Power BI measure or default
summarization, or Superset metric sums or averages an identifier, a flag, a constant, a rate or a
year.

What counts as one is decided here from the databases themselves (declared keys, and SQL over the
data: one distinct value, only 0 and 1, fractions between 0 and 1, years), not by the compiler's
own classification; the aggregations are read from the emitted files with each format's parser.
"""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import lkml
import pytest
import yaml

from backends.base import available
from backends.powerbi.tmdl_parse import parse as parse_tmdl
from bench.generate_schema import build as star_schema
from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.naming import snake
from compiler.types import normalize_type
from ir.snapshot import Snapshot
from tests.datasets import sakila_sqlite, tpch_duckdb
from tests.support import DATASETS

NUMERIC = {"integer", "decimal", "float"}
Agg = tuple[str, str, str]  # (table, column, sum|avg), names in snake_case


@dataclass
class Truth:
    """Columns (table, column) no target may sum or average, and why."""

    never: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, table: str, column: str, why: str) -> None:
        self.never.setdefault((snake(table), snake(column)), why)


def _type(col, snap: Snapshot) -> str:
    return col.data_type or normalize_type(col.type, snap.source.dialect)


def _from_keys(snap: Snapshot, truth: Truth, declared_only: bool = True) -> None:
    for t in snap.tables:
        for c in t.primary_key:
            truth.add(t.name, c, "identifier")
        for fk in t.foreign_keys:
            for c in fk.columns:
                truth.add(t.name, c, "identifier")
        for col in t.columns:
            if _type(col, snap) == "boolean":
                truth.add(t.name, col.name, "flag")
            if "year" in snake(col.name).split("_"):
                truth.add(t.name, col.name, "year")


def _from_data(snap: Snapshot, truth: Truth, query) -> None:
    """Constants, 0/1 flags, fractions and years, computed by SQL on the database."""
    for t in snap.tables:
        for col in t.columns:
            if _type(col, snap) not in NUMERIC:
                continue
            q = f'"{col.name}"'
            row = query(f'SELECT COUNT(DISTINCT {q}), COUNT({q}), MIN({q}), MAX({q}), '
                        f'SUM(CASE WHEN {q} <> CAST({q} AS INTEGER) THEN 1 ELSE 0 END) FROM "{t.name}"')
            distinct, count, lo, hi, fractional = row
            if count is None or count < 2:
                continue
            lo = float(lo) if lo is not None else None
            hi = float(hi) if hi is not None else None
            if distinct == 1:
                truth.add(t.name, col.name, "constant")
            elif lo is not None and lo >= 0 and hi <= 1 and not fractional:
                truth.add(t.name, col.name, "flag")
            elif lo is not None and lo >= 0 and hi <= 1 and fractional:
                truth.add(t.name, col.name, "rate")
            elif not fractional and lo is not None and 1900 <= lo and hi <= 2100 and distinct <= 200:
                truth.add(t.name, col.name, "year")


def _sqlite_query(path: Path):
    con = sqlite3.connect(path)
    return lambda sql: con.execute(sql).fetchone()


def _duckdb_query(path: Path):
    con = duckdb.connect(str(path), read_only=True)
    return lambda sql: con.execute(sql).fetchone()


# ---------------------------------------------------------------------------------------------
# Reading each target's aggregations


def _single_column(sql: str) -> str | None:
    """The one column an aggregate's SQL names: `${dim}`, `${TABLE}."Col"`, `{CUBE}."Col"`, `"Col"`, `col`."""
    s = sql.strip()
    m = re.fullmatch(r'\$\{(\w+)\}', s) or re.fullmatch(r'(?:\$\{TABLE\}|\{CUBE\})\.(?:"([^"]+)"|`([^`]+)`|\[([^\]]+)\]|(\w+))', s)
    if m:
        return next(g for g in m.groups() if g)
    m = re.fullmatch(r'"([^"]+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_]\w*)', s)
    return next(g for g in m.groups() if g) if m else None


def _table(sql_table: str) -> str:
    return re.split(r'[."`\[\]]+', sql_table.strip().strip('"`[]'))[-1] if sql_table else ""


def lookml_aggs(files: dict) -> list[Agg]:
    out = []
    for path, text in files.items():
        if not path.endswith(".view.lkml"):
            continue
        for view in lkml.load(text).get("views", []):
            table = _table(view.get("sql_table_name", "").replace(";;", ""))
            dims = {d["name"]: _single_column(d.get("sql", "").replace(";;", "")) for d in view.get("dimensions", [])}
            for m in view.get("measures", []):
                agg = {"sum": "sum", "average": "avg"}.get(m.get("type"))
                col = _single_column(m.get("sql", "").replace(";;", "")) if agg else None
                if col is not None:
                    out.append((snake(table), snake(dims.get(col) or col), agg))
    return out


def dbt_aggs(files: dict) -> list[Agg]:
    out = []
    for path, text in files.items():
        if "/semantic/" not in path:
            continue
        for sm in yaml.safe_load(text).get("semantic_models") or []:
            for m in sm.get("measures", []):
                agg = {"sum": "sum", "average": "avg"}.get(m["agg"])
                col = _single_column(str(m.get("expr", m["name"]))) if agg else None
                if col is not None:
                    out.append((sm["name"], snake(col), agg))
    return out


def cube_aggs(files: dict) -> list[Agg]:
    out = []
    for path, text in files.items():
        if "/cubes/" not in path:
            continue
        for cube in yaml.safe_load(text).get("cubes", []):
            table = _table(cube.get("sql_table", ""))
            for m in cube.get("measures", []):
                agg = {"sum": "sum", "avg": "avg"}.get(m["type"])
                col = _single_column(m.get("sql", "")) if agg and not m.get("filters") else None
                if col is not None:
                    out.append((snake(table), snake(col), agg))
    return out


def powerbi_aggs(files: dict) -> list[Agg]:
    out = []
    for path, text in files.items():
        if "/tables/" not in path:
            continue
        for t in (n for n in parse_tmdl(text) if n.kind == "table"):
            entity = t.annotation("mb_name") or snake(t.name)
            columns = {c.name: c.prop("sourceColumn") or c.name for c in t.objects("column")}
            for c in t.objects("column"):
                by = {"sum": "sum", "average": "avg"}.get(c.prop("summarizeBy") or "")
                if by:
                    out.append((entity, snake(columns[c.name]), by))
            for m in t.objects("measure"):
                hit = re.fullmatch(r"(SUM|AVERAGE)\('(?:[^']|'')+'\[(.+?)\]\)", (m.value or "").strip())
                if hit:
                    out.append((entity, snake(columns.get(hit.group(2), hit.group(2))), "sum" if hit.group(1) == "SUM" else "avg"))
    return out


def superset_aggs(files: dict) -> list[Agg]:
    out = []
    archive = next(v for k, v in files.items() if k.endswith(".zip"))
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        for name in z.namelist():
            if "/datasets/" not in name:
                continue
            ds = yaml.safe_load(z.read(name))
            if ds.get("sql"):
                continue  # a virtual dataset: its metrics are its root's
            for m in ds.get("metrics") or []:
                hit = re.fullmatch(r"(SUM|AVG)\((.+)\)", m["expression"].strip(), re.S)
                col = _single_column(hit.group(2)) if hit else None
                if col is not None:
                    out.append((snake(ds["table_name"]), snake(col), "sum" if hit.group(1) == "SUM" else "avg"))
    return out


READERS = {"lookml": lookml_aggs, "dbt": dbt_aggs, "cube": cube_aggs, "powerbi": powerbi_aggs, "superset": superset_aggs}


# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("semantic_targets")
    return {"sakila": sakila_sqlite(root / "sakila.sqlite"), "tpch_root": root}


def _case(name: str, built) -> tuple[Snapshot, Truth]:
    truth = Truth()
    diags = Diagnostics()
    if name in ("chinook", "northwind", "sakila"):
        path = built["sakila"] if name == "sakila" else DATASETS / f"{name}.sqlite"
        snap = snapshot(str(path), diags=diags)
        _from_keys(snap, truth)
        _from_data(snap, truth, _sqlite_query(path))
    elif name.startswith("tpch"):
        try:
            path = tpch_duckdb(built["tpch_root"], keys=name == "tpch_keys")
        except FileNotFoundError as e:
            pytest.skip(str(e))
        snap = snapshot(str(path), diags=diags)
        _from_keys(snap, truth)
        for t in snap.tables:  # TPC-H's identifiers, declared or not, are its *key columns
            for c in t.columns:
                if c.name.endswith("key"):
                    truth.add(t.name, c.name, "identifier")
        _from_data(snap, truth, _duckdb_query(path))
    else:
        snap = star_schema(60, 14)
        _from_keys(snap, truth)
    assert not diags.has_errors(), diags.render_text()
    return snap, truth


@pytest.mark.parametrize("name", ["chinook", "northwind", "sakila", "tpch_keys", "tpch", "star"])
def test_no_target_sums_or_averages_what_does_not_add_up(name, built):
    snap, truth = _case(name, built)
    diags = Diagnostics()
    result = compile_snapshot(snap, sorted(available()), Config(name=name), diags)
    assert not diags.has_errors(), diags.render_text()
    seen = 0
    bad = []
    for target, read in READERS.items():
        aggs = read(result.files[target])
        seen += len(aggs)
        bad += [f"{target}: {agg} of {table}.{column} ({truth.never[(table, column)]})"
                for table, column, agg in aggs if (table, column) in truth.never]
    assert not bad, "\n".join(bad)
    if name != "star":
        assert seen >= 10, "the readers found too few aggregations to mean anything"
        assert len(truth.never) >= 10


def test_sakila_rental_is_a_fact_explored_over_its_rental_date(built):
    snap, _ = _case("sakila", built)
    result = compile_snapshot(snap, ["lookml", "dbt"], Config(name="sakila"), Diagnostics())
    roles = {e.name: e.role for e in result.model.entities}
    assert roles["rental"] == "fact" and roles["payment"] == "fact" and roles["film_actor"] == "bridge"
    assert roles["customer"] == "dimension" and roles["film"] == "dimension"
    explores = {x.root: x for x in result.model.explores}
    assert explores["rental"].time.dimension == "rental_date"
    sm = yaml.safe_load(result.files["dbt"]["models/mb_generated/semantic/rental.yml"])["semantic_models"][0]
    assert sm["defaults"] == {"agg_time_dimension": "rental_date"}
    # last_update (stamped once) is never a time axis; the staff password is in no file.
    assert all(e.time_axis is None or "last_update" not in e.time_axis.dimension for e in result.model.entities)
    assert not any("password" in text for files in result.files.values() for text in files.values() if isinstance(text, str))
    # Three addresses reached from one rental are named by whose they are.
    aliases = {j.alias for j in explores["rental"].joins}
    assert {"customer_address", "staff_address"} <= aliases and not any(re.search(r"_\d+$", a) for a in aliases)
