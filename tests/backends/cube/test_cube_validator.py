"""The generated Cube model, checked by Cube's own schema compiler (installed from npm).

It must compile without errors (every cube, join and view also asked for the SQL of a query
touching all its members), hold every cube, member and join of the IR, and compute through
a join the same numbers as the IR's measures computed directly on the data.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pytest

from backends.cube import CubeBackend
from compiler.api import compile as compile_snapshot, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel
from tests.backends.cube.cube_validator import compile_model, install
from tests.support import DATASETS, REPO, shop_snapshot

SOURCES = {
    "examples_chinook": lambda: snapshot(str(REPO / "examples" / "chinook" / "chinook.sqlite")),
    "shared_chinook": lambda: snapshot(str(_dataset("chinook.sqlite"))),
    "shared_northwind": lambda: snapshot(str(_dataset("northwind.sqlite"))),
    "shop_postgres": lambda: shop_snapshot("postgres"),
}


def _dataset(name: str) -> Path:
    path = DATASETS / name
    if not path.is_file():
        pytest.skip(f"sample database {name} not found in {DATASETS}")
    return path


@pytest.fixture(scope="module")
def node_modules() -> Path:
    return install()


def _generate(source, out: Path) -> tuple[SemanticModel, SemanticModel, Diagnostics]:
    diags = Diagnostics()
    result = compile_snapshot(source(), ["cube"], Config(), diags)
    assert not diags.has_errors(), diags.render_text()
    for rel, text in result.files["cube"].items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    return result.model, CubeBackend().expected(result.model), diags


@pytest.mark.parametrize("case", sorted(SOURCES))
def test_cube_compiler_accepts_the_model(case, node_modules, tmp_path):
    model, expected, diags = _generate(SOURCES[case], tmp_path)
    meta = compile_model(node_modules, tmp_path)
    assert meta["errors"] == [], "\n".join(meta["errors"])
    cubes = {c["name"]: c for c in meta["cubes"]}
    for entity in model.entities:
        assert entity.name in cubes, f"cube {entity.name} missing"
        cube = cubes[entity.name]
        for field in [*entity.dimensions, *entity.time_dimensions]:
            assert field.name in cube["dimensions"], f"dimension {entity.name}.{field.name} missing"
        for d in entity.dimensions:
            want = {"integer": "number", "decimal": "number", "float": "number", "boolean": "boolean"}.get(d.data_type, "string")
            assert cube["dimensions"][d.name]["type"] == want, f"{entity.name}.{d.name}"
        for t in entity.time_dimensions:
            assert cube["dimensions"][t.name]["type"] == "time"
        for m in entity.measures:
            assert m.name in cube["measures"], f"measure {entity.name}.{m.name} missing"
        if entity.primary_key:
            assert [k for k, d in cube["dimensions"].items() if d["primaryKey"]], f"cube {entity.name} has no primary key"
    left_out: dict[str, int] = {}  # explore -> how many of its joins were reported left out
    for d in diags.items:
        if d.code == "CB001" and " join " in (d.location or ""):
            x_name = d.location.split(" ")[1]
            left_out[x_name] = left_out.get(x_name, 0) + (d.message.count("'") // 2 if d.message.startswith("joins [") else 1)
    for x, ex in zip(model.explores, expected.explores):
        view = cubes[ex.name]
        assert view["isView"], ex.name
        kept = {j.alias for j in ex.joins}
        for j in ex.joins:
            joined = {k["name"]: k["relationship"] for k in cubes[j.from_alias]["joins"]}
            assert j.alias in joined, f"join {j.from_alias} -> {j.alias} missing"
            assert joined[j.alias] == {"many_to_one": "belongsTo", "one_to_many": "hasMany", "one_to_one": "hasOne"}[j.cardinality]
        # Every IR join is in the view, or was reported as left out.
        assert len(kept) + left_out.get(x.name, 0) == len(x.joins), x.name


def _duckdb_copy(sqlite_path: Path, target: Path, tables: list[str]) -> duckdb.DuckDBPyConnection:
    """Tables of the SQLite database copied into DuckDB (in batches: no extension download)."""
    src = sqlite3.connect(sqlite_path)
    con = duckdb.connect(str(target))
    for table in tables:
        cols = src.execute(f'PRAGMA table_info("{table}")').fetchall()

        def kind(t: str) -> str:
            t = t.upper()
            return "BIGINT" if "INT" in t else "DOUBLE" if any(k in t for k in ("NUMERIC", "DECIMAL", "REAL", "FLOAT", "DOUBLE")) else "VARCHAR"

        con.execute(f'CREATE TABLE "{table}" (' + ", ".join(f'"{c[1]}" {kind(c[2])}' for c in cols) + ")")
        rows = src.execute(f'SELECT * FROM "{table}"').fetchall()
        one = "(" + ", ".join("?" * len(cols)) + ")"
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            con.execute(f'INSERT INTO "{table}" VALUES ' + ", ".join([one] * len(batch)), [v for r in batch for v in r])
    src.close()
    return con


def _rows(con, sql: str) -> dict:
    return {r[0]: round(float(r[1]), 6) for r in con.execute(sql).fetchall()}


def test_measure_through_a_join_matches_direct_sql(node_modules, tmp_path):
    """invoice_line -> track -> genre: Cube's SQL for measures by genre (the lines' revenue, price
    times quantity), run on DuckDB, equals the IR's measures computed directly; the invoice total (one side of the join) checks that the
    primary keys let Cube undo the fan-out."""
    db = REPO / "examples" / "chinook" / "chinook.sqlite"
    model, _, _ = _generate(lambda: snapshot(str(db)), tmp_path / "model")
    index = model.entity_index()
    line, invoice, genre = index["invoice_line"], index["invoice"], index["genre"]
    quantity = next(m for m in line.measures if m.name == "revenue")
    assert quantity.agg == "sum" and quantity.expr == '"UnitPrice" * "Quantity"'
    total = next(m for m in invoice.measures if m.agg == "sum")
    name = next(d for d in genre.dimensions if d.data_type == "string")
    tables = [e.table.name for e in (line, invoice, genre, index["track"])]
    con = _duckdb_copy(db, tmp_path / "chinook.duckdb", tables)

    query = {"measures": [f"invoice_line.{quantity.name}", f"invoice.{total.name}"], "dimensions": [f"genre.{name.name}"]}
    meta = compile_model(node_modules, tmp_path / "model", query)
    assert meta["errors"] == [], meta["errors"]
    sql, params = meta["sql"]
    assert params == []
    cube_rows = con.execute(sql).fetchall()
    cube_quantity = {r[0]: round(float(r[1]), 6) for r in cube_rows}
    cube_total = {r[0]: round(float(r[2]), 6) for r in cube_rows}

    joins = (
        f'FROM "{line.table.name}" l LEFT JOIN "{index["track"].table.name}" t ON l."TrackId" = t."TrackId" '
        f'LEFT JOIN "{genre.table.name}" g ON t."GenreId" = g."GenreId" '
        f'LEFT JOIN "{invoice.table.name}" i ON l."InvoiceId" = i."InvoiceId"'
    )
    direct_quantity = _rows(con, f'SELECT g."{name.column}", SUM(l."UnitPrice" * l."Quantity") {joins} GROUP BY 1')
    direct_total = _rows(
        con, f'SELECT k, SUM(v) FROM (SELECT DISTINCT g."{name.column}" AS k, i."InvoiceId", i."{total.column}" AS v {joins}) GROUP BY 1'
    )
    assert len(cube_quantity) > 10
    assert cube_quantity == direct_quantity
    assert cube_total == direct_total
    # The naive join would have counted an invoice once per line: Cube must not.
    naive = _rows(con, f'SELECT g."{name.column}", SUM(i."{total.column}") {joins} GROUP BY 1')
    assert naive != direct_total


def test_a_joined_roles_member_renamed_in_a_view_compiles(node_modules, tmp_path):
    """The trip view shows the trip's end_station_name column and, beside it, the end station's
    name under a name of its own: Cube's compiler takes the second include of one join path."""
    from tests.backends.cube.test_cube_backend import _trips

    for rel, text in CubeBackend().emit(_trips(), {}, Diagnostics()).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    meta = compile_model(node_modules, tmp_path)
    assert meta["errors"] == [], "\n".join(meta["errors"])
    view = {c["name"]: c for c in meta["cubes"]}["trip_view"]
    assert {"end_station_name", "end_station_station_name", "start_station_name", "start_station_station_name"} <= set(view["dimensions"])
