"""The benchmark databases, built at bench time from generators and small committed seeds.

- `jafgen`: the Jaffle Shop simulator from PyPI, run with its random sources seeded (it draws
  UUIDs and numpy/`random` numbers unseeded), so the same seed gives the same rows;
- `csv`: one table per CSV file (the file name without extension), typed by DuckDB's reader;
- `files`: one table per Parquet or CSV file (the file name up to its first dot), as DuckDB reads
  it, which is how a Malloy model's `duckdb.table('data/x.parquet')` sees the file;
- `table_snapshots`: MetricFlow's test-fixture format, one `table_snapshot` YAML per table with
  its column types and rows.

Nothing large is committed: generated data and databases live in bench/results/ (git-ignored).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import sqlglot
import yaml
from sqlglot import exp

_JAFGEN = """
import random, sys, uuid
import numpy
seed, years = int(sys.argv[1]), int(sys.argv[2])
random.seed(seed)
numpy.random.seed(seed)
ids = random.Random(seed)
uuid.uuid4 = lambda: uuid.UUID(int=ids.getrandbits(128), version=4)
from jafgen.simulation import Simulation
sim = Simulation(years, "raw")
sim.run_simulation()
sim.save_results()
"""

SNAPSHOT_TYPES = {"TIME": "TIMESTAMP", "STRING": "VARCHAR", "FLOAT": "DOUBLE", "BOOLEAN": "BOOLEAN", "INT": "BIGINT",
                  "DATE": "DATE", "DECIMAL": "DECIMAL(18, 4)"}


def jafgen(cache: Path, years: int, seed: int) -> Path:
    """Generate (once) the Jaffle Shop CSVs for `years` simulated years; returns their folder."""
    out = cache / f"jafgen-{years}y-seed{seed}"
    done = out / ".complete"
    if done.exists():
        return out / "jaffle-data"
    out.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([sys.executable, "-c", _JAFGEN, str(seed), str(years)], cwd=out, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "TERM": "dumb"})
    except FileNotFoundError as e:
        raise SystemExit(f"cannot run jafgen: {e}") from None
    except subprocess.CalledProcessError as e:
        msg = e.stderr.decode(errors="replace").strip().splitlines()
        raise SystemExit("jafgen failed (pip install jafgen): " + (msg[-1] if msg else str(e))) from None
    done.write_text("ok\n")
    return out / "jaffle-data"


def load_csv_dir(con: duckdb.DuckDBPyConnection, folder: Path, tables: list[str] | None = None,
                 types: dict[str, list[tuple[str, str]]] | None = None) -> None:
    """One table per CSV file. Tables in `types` (name -> columns and types, from the data set's
    own DDL) get those types; the others are typed by DuckDB's reader."""
    typed = {k.lower(): v for k, v in (types or {}).items()}
    for f in sorted(folder.glob("*.csv")):
        if tables is not None and f.stem not in tables:
            continue
        columns = typed.get(f.stem.lower())
        if columns:
            con.execute(f'create table "{f.stem}" (' + ", ".join(f'"{c}" {t}' for c, t in columns) + ")")
            con.execute(f'insert into "{f.stem}" by name select * from read_csv(?, header = true, all_varchar = true)', [str(f)])
        else:
            con.execute(f'create table "{f.stem}" as select * from read_csv(?, header = true)', [str(f)])


def load_files_dir(con: duckdb.DuckDBPyConnection, folder: Path, tables: list[str] | None = None) -> None:
    for f in sorted(x for x in folder.iterdir() if x.suffix.lower() in (".parquet", ".csv")):
        name = f.name.split(".")[0]
        if tables is not None and name not in tables:
            continue
        reader = "read_parquet" if f.suffix.lower() == ".parquet" else "read_csv"
        con.execute(f'create table "{name}" as select * from {reader}(?)', [str(f)])


def ddl_types(path: Path, dialect: str) -> dict[str, list[tuple[str, str]]]:
    """Column names and DuckDB types of each CREATE TABLE in a DDL file; constraints are left out,
    so mb infers keys and joins as it would on a warehouse that declares none."""
    found: dict[str, list[tuple[str, str]]] = {}
    text = path.read_text(encoding="utf-8")
    # Statements in such dumps are often separated by blank lines, not semicolons.
    for chunk in re.split(r"(?im)^(?=\s*create\s+table\b)", text):
        if not chunk.strip():
            continue
        create = sqlglot.parse_one(chunk.strip().rstrip(";"), read=dialect)
        schema = create.this
        if not isinstance(schema, exp.Schema):
            continue
        columns = []
        for col in schema.expressions:
            if isinstance(col, exp.ColumnDef) and col.args.get("kind") is not None:
                kind: exp.DataType = col.args["kind"]
                text_type = exp.DataType.build(kind.this) if kind.is_type(*exp.DataType.TEXT_TYPES) else kind
                columns.append((col.name, text_type.sql(dialect="duckdb")))
        found[schema.this.name] = columns
    return found


def load_table_snapshots(con: duckdb.DuckDBPyConnection, folder: Path, tables: list[str] | None = None) -> None:
    for f in sorted(folder.glob("*.yaml")):
        snap = yaml.safe_load(f.read_text(encoding="utf-8"))["table_snapshot"]
        # Named by the file: the semantic models refer to a table by its file's name, and three of
        # MetricFlow's simple multi-hop fixtures carry a stale `table_name` inside (the files were
        # renamed, their contents not).
        name = f.stem
        if tables is not None and name not in tables:
            continue
        cols = snap["column_definitions"]
        ddl = ", ".join(f'"{c["name"]}" {SNAPSHOT_TYPES[c["type"].upper()]}' for c in cols)
        con.execute(f'create table "{name}" ({ddl})')
        marks = ", ".join("?" for _ in cols)
        rows = [[None if v is None else _bool(v, c["type"]) for v, c in zip(row, cols)] for row in snap.get("rows") or []]
        if rows:
            con.executemany(f'insert into "{name}" values ({marks})', rows)


def _bool(value: object, kind: str) -> object:
    if kind.upper() == "BOOLEAN" and isinstance(value, str):
        return value.strip().lower() in ("true", "1", "t", "yes")
    return value


def run_sql(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    con.execute(sql)


def fingerprint(*parts: object) -> str:
    h = hashlib.sha256()
    for p in parts:
        if isinstance(p, Path):
            files = sorted(x for x in ([p] if p.is_file() else p.rglob("*")) if x.is_file())
            for f in files:
                h.update(f.name.encode())
                h.update(f.read_bytes())
        else:
            h.update(repr(p).encode())
    return h.hexdigest()[:16]
