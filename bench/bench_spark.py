"""Spark SQL: TPC-H profiled and its foreign keys inferred through Spark, against DuckDB on the same parquet.

    python -m bench.bench_spark                  # TPC-H SF1; writes docs/benchmarks.md
    python -m bench.bench_spark --scale 0.1 --no-write

tpchgen-cli writes TPC-H to parquet once (bench/results/). Two whole `mb snapshot` processes
then read the same files: one through Spark SQL in local mode (`spark+parquet:DIR`: the Spark
driver's start, registering the files, Spark's catalog, every profiling and containment query),
one through DuckDB, from a DuckDB file loaded from those parquet files (its load timed apart).
Each snapshot is then analysed and the inferred relationships scored against TPC-H's foreign
keys. The parquet files declare no keys: every relationship found comes from the data.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.benchmarks_doc import write_section
from bench.corpus.truth import TPCH_IMPLIED, TPCH_SPEC
from bench.process import REPO, run
from compiler.api import analyze
from compiler.diagnostics import Diagnostics
from compiler.snapshot_io import load_snapshot
from tests.inference.data import predicted

WORK = REPO / "bench" / "results"
TABLES = ("customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier")



def parquet(scale: str) -> Path:
    folder = WORK / f"tpch_sf{scale}_parquet"
    if not all((folder / f"{t}.parquet").exists() for t in TABLES):
        exe = shutil.which("tpchgen-cli")
        if exe is None:
            raise SystemExit("tpchgen-cli is not installed (pip install -e '.[dev]')")
        subprocess.run([exe, "parquet", "-s", scale, "--output-dir", str(folder)], check=True)
    return folder


def load_duckdb(folder: Path, db: Path) -> float:
    db.unlink(missing_ok=True)
    start = time.perf_counter()
    with duckdb.connect(str(db)) as con:
        for t in TABLES:
            con.execute(f'CREATE TABLE "{t}" AS SELECT * FROM read_parquet(?)', [str(folder / f"{t}.parquet")])
    return time.perf_counter() - start


def snapshot(source: str, out: Path) -> tuple[float, int]:
    return run([sys.executable, "-m", "compiler.cli", "snapshot", source, "-q", "-o", str(out)])


def keys_found(path: Path) -> tuple[set, int, int, list[str]]:
    """Inferred relationships, the containment checks run out of the pairs considered, and the
    statistics a table went without (a query that timed out or failed)."""
    snap = load_snapshot(path)
    diags = Diagnostics()
    model = analyze(snap, diags=diags)
    skipped = [f"{t.name}: {s}" for t in snap.tables for s in (t.profile.skipped if t.profile else ["no profile"])]
    return predicted(model.relationships), snap.evidence.candidates_checked, snap.evidence.candidates_considered, skipped


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="1", help="TPC-H scale factor (tpchgen-cli -s)")
    ap.add_argument("--no-write", action="store_true", help="print the section instead of writing docs/benchmarks.md")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    folder = parquet(args.scale)
    rows = 0
    with duckdb.connect() as con:
        for t in TABLES:
            rows += con.execute("SELECT count(*) FROM read_parquet(?)", [str(folder / f"{t}.parquet")]).fetchone()[0]
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        spark_out, duck_out, db = tmp / "spark.yaml", tmp / "duckdb.yaml", tmp / "tpch.duckdb"
        spark_s, _ = snapshot(f"spark+parquet:{folder}", spark_out)
        print(f"spark: {spark_s:.1f} s", flush=True)
        load_s = load_duckdb(folder, db)
        duck_s, _ = snapshot(str(db), duck_out)
        print(f"duckdb: {duck_s:.1f} s (+ load {load_s:.1f} s)", flush=True)
        after = os.getloadavg()[0]
        spark_keys, spark_checked, spark_pairs, spark_skipped = keys_found(spark_out)
        duck_keys, duck_checked, duck_pairs, duck_skipped = keys_found(duck_out)
    import pyspark

    result = {
        "scale": args.scale, "rows": rows, "spark": spark_s, "duckdb": duck_s, "load": load_s, "before": before, "after": after,
        "spark_keys": spark_keys, "duck_keys": duck_keys, "spark_checks": (spark_checked, spark_pairs),
        "duck_checks": (duck_checked, duck_pairs), "pyspark": pyspark.__version__,
        "skipped": spark_skipped + duck_skipped,
    }
    section = render(result)
    if args.no_write:
        print(section)
    else:
        write_section("Spark SQL", section)
        print(section)


def _found(keys: set) -> str:
    spec = len(TPCH_SPEC & keys)
    implied = len(TPCH_IMPLIED & keys)
    extra = len(keys - TPCH_SPEC - TPCH_IMPLIED)
    return f"{spec} of 8 (+{implied} of 2 implied; {extra} other)"


def _edge(e: tuple) -> str:
    a, c, b, d = e
    return f"{a}({', '.join(c)}) -> {b}({', '.join(d)})"


def _missed(keys: set) -> str:
    missed, other = sorted(TPCH_SPEC - keys), sorted(keys - TPCH_SPEC - TPCH_IMPLIED)
    text = "; missed " + ", ".join(map(_edge, missed)) if missed else ""
    return text + ("; other: " + ", ".join(map(_edge, other)) if other else "")


def render(r: dict) -> str:
    cpu = platform.processor() or platform.machine()
    ratio = r["spark"] / r["duckdb"]
    return "\n".join([
        "## Spark SQL",
        "",
        f"Written by `python -m bench.bench_spark --scale {r['scale']}` (by hand; not part of the test suite). TPC-H SF{r['scale']} "
        f"({len(TABLES)} tables, {r['rows']:,} rows) written to parquet by `tpchgen-cli`, no keys declared; each "
        "`mb snapshot` is one whole process (wall clock), profiling every table and gathering join evidence. "
        f"Spark: `mb snapshot spark+parquet:DIR`, pyspark {r['pyspark']} in local mode (all {os.cpu_count()} cores), including "
        f"the start of the Spark driver (a JVM). DuckDB {duckdb.__version__}: `mb snapshot tpch.duckdb`, a file loaded from the "
        f"same parquet files ({r['load']:.1f} s, not counted). Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}.",
        "",
        "| engine | mb snapshot (wall) | containment checks / column pairs | TPC-H foreign keys inferred |",
        "|---|---:|---:|---|",
        f"| Spark SQL (local) | {r['spark']:.1f} s | {r['spark_checks'][0]} / {r['spark_checks'][1]:,} | "
        f"{_found(r['spark_keys'])}{_missed(r['spark_keys'])} |",
        f"| DuckDB | {r['duckdb']:.1f} s | {r['duck_checks'][0]} / {r['duck_checks'][1]:,} | "
        f"{_found(r['duck_keys'])}{_missed(r['duck_keys'])} |",
        "",
        "Statistics skipped (a query timed out or failed): "
        + ("; ".join(r["skipped"]) if r["skipped"] else "none: every table has its full profile on both engines") + ".",
        "",
        f"Spark takes {ratio:.1f}x DuckDB's time on one machine: the same SQL (rendered for sqlglot's `spark` dialect) runs "
        "as Spark jobs, each with its planning, code generation and task scheduling, where DuckDB runs it in process. "
        "The point of the Spark route is where the data lives (a cluster, files too big for one machine), "
        "not speed on one box.",
        "",
        f"Load average (1 min) at the start and end of the run: {r['before']:.1f} and {r['after']:.1f} on {os.cpu_count()} CPUs; "
        "figures from a busy machine are noisy.",
        "",
    ])


if __name__ == "__main__":
    main()
