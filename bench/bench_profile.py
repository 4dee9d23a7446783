"""Profiling benchmark: `mb snapshot` profiling vs DuckDB SUMMARIZE vs ydata-profiling (minimal).

    python bench/bench_profile.py                 # 1M and 10M rows, TPC-H SF1, writes docs/benchmarks.md
    python bench/bench_profile.py --sizes 1000000 --no-tpch --no-write

All tools profile the same DuckDB table in one run. ydata-profiling runs in its own virtualenv
(bench/.venv-ydata: `python -m venv bench/.venv-ydata && bench/.venv-ydata/bin/pip install
ydata-profiling duckdb`), never in the project's; its time includes loading the table into
pandas, since that is what using it costs. Run by hand; not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchmarks_doc import DOC, write_section  # noqa: E402
from bench.process import reusable  # noqa: E402
from compiler.api import snapshot  # noqa: E402
from compiler.diagnostics import Diagnostics  # noqa: E402
from compiler.profiler import ProfileOptions  # noqa: E402

WORK = ROOT / "bench" / "results"
YDATA_PYTHON = ROOT / "bench" / ".venv-ydata" / "bin" / "python"
REPEATS = 3

# Ints, decimals, doubles, strings (one all e-mails), dates, a low-cardinality category.
TABLE_SQL = """CREATE TABLE sales AS SELECT
  i AS id,
  (hash(i) % 50000)::INTEGER AS customer_id,
  ((hash(i * 3) % 1000000) / 100.0)::DECIMAL(12,2) AS amount,
  (hash(i * 5) % 10000) / 7.0 AS score,
  'user_' || (hash(i * 7) % 200000)::VARCHAR AS name,
  'u' || (hash(i * 11) % 100000)::VARCHAR || '@example.com' AS contact,
  DATE '2015-01-01' + (hash(i * 13) % 3650)::INTEGER AS order_date,
  ['north','south','east','west','central'][1 + (hash(i * 17) % 5)::INTEGER] AS region,
  (1 + hash(i * 19) % 20)::INTEGER AS quantity
FROM range({rows}) r(i)"""

YDATA_SCRIPT = """
import sys, time, json, warnings
warnings.filterwarnings("ignore")
import duckdb
from ydata_profiling import ProfileReport
start = time.perf_counter()
con = duckdb.connect(sys.argv[1], read_only=True)
df = con.execute("SELECT * FROM sales").df()
loaded = time.perf_counter()
ProfileReport(df, minimal=True, progress_bar=False).to_json()
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "total": done - start}))
"""


def make_table(rows: int) -> Path:
    path = WORK / f"profile_{rows}.duckdb"
    if reusable(path, "SELECT count(*) FROM sales", rows):
        return path
    with duckdb.connect(str(path)) as con:
        con.execute(TABLE_SQL.format(rows=rows))
    return path


def best(fn, repeats: int = REPEATS) -> tuple[float, float]:
    """(best, median) wall time over `repeats` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def time_mb(path: Path, workers: int = 2) -> tuple[float, float]:
    def run() -> None:
        diags = Diagnostics()
        snapshot(str(path), diags=diags, profile=ProfileOptions(workers=workers))
        assert not diags.has_errors(), diags.render_text()

    return best(run)


def time_mb_cli(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "compiler.cli", "snapshot", str(path), "-q", "-o", os.devnull], check=True, cwd=ROOT)
    return time.perf_counter() - start


def time_summarize(path: Path, tables: list[str]) -> tuple[float, float]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return best(lambda: [con.execute(f'SUMMARIZE "{t}"').fetchall() for t in tables])
    finally:
        con.close()


def time_ydata(path: Path, timeout: float) -> dict | str:
    if not YDATA_PYTHON.exists():
        return "not installed (see the module docstring)"
    try:
        out = subprocess.run([str(YDATA_PYTHON), "-c", YDATA_SCRIPT, str(path)], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"did not finish within {timeout:.0f} s"
    if out.returncode != 0:
        return "failed: " + (out.stderr.strip().splitlines() or ["?"])[-1]
    return json.loads(out.stdout.strip().splitlines()[-1])


def tpch(scale: int) -> Path | None:
    if not shutil.which("tpchgen-cli"):
        return None
    path = WORK / f"tpch_sf{scale}.duckdb"
    if path.exists():
        return path
    parquet = WORK / f"tpch_sf{scale}_parquet"
    subprocess.run(["tpchgen-cli", "parquet", "-s", str(scale), f"--output-dir={parquet}"], check=True)
    with duckdb.connect(str(path)) as con:
        for file in sorted(parquet.glob("*.parquet")):
            con.execute(f"CREATE TABLE \"{file.stem}\" AS SELECT * FROM read_parquet('{file}')")
    shutil.rmtree(parquet)
    return path


def fmt(seconds: float) -> str:
    return f"{seconds:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--ydata-max-rows", type=int, default=10_000_000, help="Skip ydata-profiling above this many rows.")
    ap.add_argument("--ydata-timeout", type=float, default=1800)
    ap.add_argument("--no-tpch", action="store_true")
    ap.add_argument("--no-write", action="store_true", help="Print the report instead of writing docs/benchmarks.md.")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)

    rows_out, notes = [], []
    load_before = os.getloadavg()[0]
    for rows in [int(s) for s in args.sizes.split(",")]:
        path = make_table(rows)
        mb_best, mb_med = time_mb(path)
        cli = time_mb_cli(path)
        sm_best, sm_med = time_summarize(path, ["sales"])
        yd = time_ydata(path, args.ydata_timeout) if rows <= args.ydata_max_rows else f"skipped above {args.ydata_max_rows:,} rows"
        row = {"rows": rows, "mb": mb_best, "mb_median": mb_med, "mb_cli": cli, "summarize": sm_best, "summarize_median": sm_med, "ydata": yd}
        rows_out.append(row)
        print(json.dumps(row), flush=True)

    tpch_row = None
    if not args.no_tpch:
        path = tpch(1)
        if path is None:
            notes.append("TPC-H skipped: tpchgen-cli is not installed (pip install tpchgen-cli).")
        else:
            with duckdb.connect(str(path), read_only=True) as con:
                tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
                total_rows = sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
            diags = Diagnostics()
            start = time.perf_counter()
            snap = snapshot(str(path), diags=diags, profile=ProfileOptions())
            mb_time = time.perf_counter() - start
            sm_best, _ = time_summarize(path, tables)
            tpch_row = {"tables": len(tables), "rows": total_rows, "mb": mb_time, "summarize": sm_best,
                        "checked": snap.evidence.candidates_checked, "considered": snap.evidence.candidates_considered}
            print(json.dumps(tpch_row), flush=True)

    # Other work on the machine slows every tool, unevenly: say how busy it was.
    notes.append(f"Load average (1 min) at the start and end of the run: {load_before:.1f} and {os.getloadavg()[0]:.1f} "
                 f"on {os.cpu_count()} CPUs; figures from a busy machine are noisy.")
    report = render(rows_out, tpch_row, notes)
    if args.no_write:
        print(report)
    else:
        write_section("Profiling", report)
        print(f"wrote the Profiling section of {DOC.relative_to(ROOT)}")


def render(rows: list[dict], tpch_row: dict | None, notes: list[str]) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        "## Profiling",
        "",
        "Written by `python bench/bench_profile.py` (by hand; not part of the test suite). One table "
        "`sales` of 9 columns (integer key, integer foreign key, decimal, double, two strings, date, a "
        "5-value category, a small integer), generated in DuckDB, profiled by each tool in the same run. "
        f"Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, DuckDB {duckdb.__version__}. "
        f"mb and SUMMARIZE: best of {REPEATS} runs, in process (mb includes introspection and join evidence); "
        "ydata-profiling: one run in its own virtualenv, `minimal=True`, including loading the table into pandas.",
        "",
        "| rows | mb profile | mb CLI (wall) | DuckDB SUMMARIZE | ydata-profiling (minimal) | mb vs SUMMARIZE | mb vs ydata |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        yd = r["ydata"]
        yd_text = fmt(yd["total"]) + f" (pandas load {fmt(yd['load'])})" if isinstance(yd, dict) else yd
        vs_yd = f"{yd['total'] / r['mb']:.1f}x faster" if isinstance(yd, dict) else "n/a"
        lines.append(f"| {r['rows']:,} | {fmt(r['mb'])} | {fmt(r['mb_cli'])} | {fmt(r['summarize'])} | {yd_text} | "
                     f"{r['summarize'] / r['mb']:.2f}x | {vs_yd} |")
    if tpch_row:
        lines += ["", f"TPC-H SF1 ({tpch_row['tables']} tables, {tpch_row['rows']:,} rows, loaded from `tpchgen-cli` parquet, "
                  f"no constraints declared): mb profile + join evidence {fmt(tpch_row['mb'])} "
                  f"({tpch_row['checked']} containment checks out of {tpch_row['considered']:,} column pairs); "
                  f"SUMMARIZE of every table {fmt(tpch_row['summarize'])}."]
    lines += [
        "",
        "What mb computes per table: one aggregate scan (null and distinct counts, min/max, mean/stddev, "
        "length statistics), pattern classes over the first 100,000 rows, a whole-table exact distinct count "
        "for near-unique columns an approximate count flagged, top-10 values of repeating columns, and "
        "containment checks for candidate joins. Distinct counts are exact up to 200,000 rows and for key "
        "candidates at any size; approximate (HyperLogLog) otherwise, and labelled so. SUMMARIZE computes "
        "approximate distinct counts and quantiles for every column; ydata-profiling minimal computes "
        "per-column statistics and histograms in pandas.",
    ]
    lines += [f"\n{n}" for n in notes]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
