"""One big table: time and peak memory of `mb snapshot` against SUMMARIZE, whole process against whole process.

    python -m bench.bench_memory                    # 10M rows; writes docs/benchmarks.md
    python -m bench.bench_memory --rows 1000000 --no-write

The table is bench_profile's `sales` (9 columns: keys, decimals, doubles, text, dates, a
category), generated once into bench/results/. Each tool is a fresh Python child; peak RSS is
its maximum resident set (wait4), which includes DuckDB's own buffers. mb runs with its default
settings and with `--memory-limit` (DuckDB's memory_limit while profiling); SUMMARIZE runs in a
process that only connects and summarizes.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

import duckdb

from bench.process import run
from bench.bench_profile import make_table
from bench.benchmarks_doc import write_section

SUMMARIZE = """
import sys, duckdb
duckdb.connect(sys.argv[1], read_only=True).execute('SUMMARIZE sales').fetchall()
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--memory-limit", default="500MB")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    db = make_table(args.rows)
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "snapshot.yaml"
        base = [sys.executable, "-m", "compiler.cli", "snapshot", str(db), "-q", "-o", str(out)]
        results = {
            "mb snapshot": run(base),
            f"mb snapshot --memory-limit {args.memory_limit}": run(base + ["--memory-limit", args.memory_limit]),
            "SUMMARIZE": run([sys.executable, "-c", SUMMARIZE, str(db)]),
        }
    after = os.getloadavg()[0]
    summ_s, summ_mib = results["SUMMARIZE"]
    lines = [
        "## One big table: time and memory",
        "",
        f"`python -m bench.bench_memory`: bench_profile's `sales` table, {args.rows:,} rows x 9 columns in DuckDB; each",
        "tool a fresh Python child, one run each in the same run of the script; peak RSS is the child's maximum",
        f"(DuckDB's buffers included). Machine: {os.cpu_count()} CPUs ({platform.machine()}), Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}.",
        "",
        "| process | time | peak RSS | time vs SUMMARIZE | RSS vs SUMMARIZE |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (secs, mib) in results.items():
        lines.append(f"| {name} | {secs:.2f} s | {mib} MiB | {secs / summ_s:.2f}x | {mib / summ_mib:.2f}x |")
    limited = results[f"mb snapshot --memory-limit {args.memory_limit}"]
    met = limited[0] <= summ_s and limited[1] <= 1.5 * summ_mib
    lines += [
        "",
        f"Target (time <= SUMMARIZE's, peak RSS <= 1.5x SUMMARIZE's, with --memory-limit): {'met' if met else 'NOT met'} in this run.",
        f"Load average (1 min) {before:.2f} before, {after:.2f} after, on {os.cpu_count()} CPUs.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        write_section("One big table: time and memory", section)


if __name__ == "__main__":
    main()
