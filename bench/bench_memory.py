"""Time and peak memory of `mb snapshot` against SUMMARIZE, whole process against whole process.

    python -m bench.bench_memory                    # one 10M-row table; writes docs/benchmarks.md
    python -m bench.bench_memory --rows 1000000 --no-write
    python -m bench.bench_memory --tpch 5           # TPC-H SF5 (8 tables); writes its own section

One big table: bench_profile's `sales` (9 columns: keys, decimals, doubles, text, dates, a
category), generated once into bench/results/. TPC-H: tpchgen-cli's parquet (bench_spark's
helpers, kept in bench/results/) loaded into a DuckDB file once; the load is not counted. Each
tool is a fresh Python child; peak RSS is its maximum resident set (wait4), which includes
DuckDB's own buffers. mb runs with its default settings and with `--memory-limit` (DuckDB's
memory_limit while profiling); SUMMARIZE runs in a process that only connects and summarizes
every table.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

import duckdb

from bench.bench_profile import make_table
from bench.bench_spark import TABLES, WORK, load_duckdb, parquet
from bench.benchmarks_doc import write_section
from bench.process import reusable, run

SUMMARIZE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
for table in sys.argv[2:]:
    con.execute(f'SUMMARIZE "{table}"').fetchall()
"""


def tpch_database(scale: str) -> tuple[Path, int, float | None]:
    """TPC-H at `scale` in a DuckDB file, its row count, and the seconds its load took (None: kept
    from an earlier run)."""
    folder = parquet(scale)
    with duckdb.connect() as con:
        rows = sum(con.execute("SELECT count(*) FROM read_parquet(?)", [str(folder / f"{t}.parquet")]).fetchone()[0] for t in TABLES)
    db = WORK / f"tpch_sf{scale}_memory.duckdb"
    names = ", ".join(f"'{t}'" for t in TABLES)
    if reusable(db, f"SELECT count(*) FROM duckdb_tables() WHERE table_name IN ({names})", len(TABLES)):
        return db, rows, None
    return db, rows, load_duckdb(folder, db)


def measure(db: Path, tables: list[str], memory_limit: str) -> dict[str, tuple[float, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "snapshot.yaml"
        base = [sys.executable, "-m", "compiler.cli", "snapshot", str(db), "-q", "-o", str(out)]
        results = {}
        for name, cmd in (("mb snapshot", base),
                          (f"mb snapshot --memory-limit {memory_limit}", base + ["--memory-limit", memory_limit]),
                          ("SUMMARIZE", [sys.executable, "-c", SUMMARIZE, str(db), *tables])):
            results[name] = run(cmd)
            print(f"{name}: {results[name][0]:.2f} s, {results[name][1]} MiB", flush=True)
    return results


def render(title: str, intro: list[str], results: dict[str, tuple[float, int]], before: float, after: float) -> str:
    summ_s, summ_mib = results["SUMMARIZE"]
    lines = [f"## {title}", "", *intro,
             f"Machine: {os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}, DuckDB {duckdb.__version__}.",
             "",
             "| process | time | peak RSS | time vs SUMMARIZE | RSS vs SUMMARIZE |",
             "|---|---:|---:|---:|---:|"]
    for name, (secs, mib) in results.items():
        lines.append(f"| {name} | {secs:.2f} s | {mib} MiB | {secs / summ_s:.2f}x | {mib / summ_mib:.2f}x |")
    verdicts = []
    for name, (secs, mib) in results.items():
        if name != "SUMMARIZE":
            verdicts.append(f"`{name}` {'met' if secs <= summ_s and mib <= 1.5 * summ_mib else 'NOT met'}")
    lines += ["",
              f"Target (time <= SUMMARIZE's, peak RSS <= 1.5x SUMMARIZE's): {', '.join(verdicts)} in this run.",
              f"Load average (1 min) {before:.2f} before, {after:.2f} after, on {os.cpu_count()} CPUs.",
              ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--tpch", metavar="SCALE", help="TPC-H at this scale factor (tpchgen-cli -s) instead of one table")
    ap.add_argument("--memory-limit", default="500MB")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.tpch:
        db, rows, load = tpch_database(args.tpch)
        tables = list(TABLES)
        title = "TPC-H: time and memory"
        loaded = f"{load:.0f} s, not counted" if load is not None else "kept from an earlier run, not counted"
        intro = [f"`python -m bench.bench_memory --tpch {args.tpch}`: TPC-H SF{args.tpch} ({len(tables)} tables, {rows:,} rows, no keys",
                 f"declared) written by `tpchgen-cli` to parquet and loaded into a DuckDB file ({loaded}); each tool a",
                 "fresh Python child, one run each in the same run of the script; peak RSS is the child's maximum",
                 "(DuckDB's buffers included). SUMMARIZE: one process running `SUMMARIZE` on every table."]
    else:
        db, tables = make_table(args.rows), ["sales"]
        title = "One big table: time and memory"
        intro = [f"`python -m bench.bench_memory`: bench_profile's `sales` table, {args.rows:,} rows x 9 columns in DuckDB; each",
                 "tool a fresh Python child, one run each in the same run of the script; peak RSS is the child's maximum",
                 "(DuckDB's buffers included)."]
    before = os.getloadavg()[0]
    results = measure(db, tables, args.memory_limit)
    after = os.getloadavg()[0]
    section = render(title, intro, results, before, after)
    print(section)
    if not args.no_write:
        write_section(title, section)


if __name__ == "__main__":
    main()
