"""Many small tables: `mb snapshot` of a DuckDB database of N tables against SUMMARIZE of every table.

    python -m bench.bench_many_tables                       # 100 and 1,000 tables x 1,000 rows
    python -m bench.bench_many_tables --tables 100 --repeat 1   # prints only; --write updates the docs

Whole process against whole process, in the same run: each tool is a fresh Python child that
opens the database itself. Peak RSS is the child's max RSS (wait4); the load average is read
before and after. The database is generated once (deterministic, no declared keys, so the
profiler has to find keys and joins from the data) and kept in bench/results/.

- mb: `python -m compiler.cli snapshot DB -q -o snapshot.yaml` (profile and join evidence,
  written YAML included).
- SUMMARIZE: a process that connects with the duckdb module and runs `SUMMARIZE "t"` on every
  table, fetching the results.
- floor: the same process running one `SELECT count(*)` per table: the cost of a query per
  table, under which no per-table profiler can go.
- compile: `python -m compiler.cli compile snapshot.yaml -t lookml,dbt,cube,powerbi,superset -o
  DIR`, the snapshot mb just wrote compiled to all five targets (analysis, structure and
  round-trip checks, files written), into a fresh folder each run; its CPU is summed over
  the processes it forks for targets side by side.

The children keep compiled bytecode (in bench/results/pycache, written by one untimed warm-up
run) as an installed mb and duckdb do, even where the calling shell sets
PYTHONDONTWRITEBYTECODE: otherwise every mb process would compile its own sources again
(~0.4 s) while the duckdb module it is compared with loads compiled.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

import duckdb

from bench.benchmarks_doc import write_section
from bench.process import keep_bytecode, reusable, run, run_cpu

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "results"
ROWS = 1000
TARGETS = "lookml,dbt,cube,powerbi,superset"

# Table i: its own key, a reference to table i // 2 (a tree of joins nobody declared), a text
# code, a decimal, a double, a date, a 4-value status, a nullable text note.
TABLE_SQL = """CREATE TABLE "t{i:04d}_{word}" AS SELECT
  r AS "{word}_id",
  (hash(r * {i} + 1) % {parent_rows})::BIGINT AS "parent_{parent:04d}_id",
  'C' || lpad((hash(r * 7 + {i}) % 100000)::VARCHAR, 6, '0') AS "code",
  ((hash(r * 3 + {i}) % 1000000) / 100.0)::DECIMAL(12, 2) AS "amount",
  (hash(r * 5 + {i}) % 10000) / 7.0 AS "score",
  DATE '2020-01-01' + (hash(r * 13 + {i}) % 1500)::INTEGER AS "created",
  ['new', 'open', 'closed', 'void'][1 + (hash(r * 17 + {i}) % 4)::INTEGER] AS "status",
  CASE WHEN r % 3 = 0 THEN NULL ELSE 'note ' || (r % 97)::VARCHAR END AS "note"
FROM range({rows}) t(r)"""
WORDS = ["order", "customer", "item", "ticket", "invoice", "account", "shipment", "payment"]

SUMMARIZE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
for t in tables:
    con.execute(sys.argv[2].format(t.replace('"', '""'))).fetchall()
"""


def make_db(tables: int, rows: int = ROWS) -> Path:
    path = WORK / f"many_{tables}x{rows}.duckdb"
    if reusable(path, "SELECT count(*) FROM information_schema.tables", tables):
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        for i in range(tables):
            con.execute(TABLE_SQL.format(i=i, word=WORDS[i % len(WORDS)], parent=i // 2, parent_rows=rows, rows=rows))
    return path


def measure(tables: int, repeat: int, work: Path) -> dict:
    db = make_db(tables)
    out = work / f"snap_{tables}.yaml"
    mb_cmd = [sys.executable, "-m", "compiler.cli", "snapshot", str(db), "-q", "-o", str(out)]
    summarize_cmd = [sys.executable, "-c", SUMMARIZE, str(db), 'SUMMARIZE "{}"']
    floor_cmd = [sys.executable, "-c", SUMMARIZE, str(db), 'SELECT count(*) FROM "{}"']
    runs: dict[str, list[tuple[float, int]]] = {"mb": [], "summarize": [], "floor": [], "compile": []}
    compile_cpu = []
    for i in range(repeat):  # interleaved, so a change in machine load hits all alike
        runs["mb"].append(run(mb_cmd))
        runs["summarize"].append(run(summarize_cmd))
        runs["floor"].append(run(floor_cmd))
        wall, mib, cpu = run_cpu([sys.executable, "-m", "compiler.cli", "compile", str(out), "-t", TARGETS, "-q",
                                  "-o", str(work / f"out_{tables}_{i}")])
        runs["compile"].append((wall, mib))
        compile_cpu.append(cpu)
    text = out.read_text(encoding="utf-8")
    row = {"tables": tables, "rows": ROWS, "relationships": text.count("\n  - from:"), "snapshot_mb": len(text) / 2**20}
    for name, rs in runs.items():
        row[f"{name}_s"] = statistics.median(w for w, _ in rs)
        row[f"{name}_mib"] = max(m for _, m in rs)
    row["compile_cpu"] = statistics.median(compile_cpu)
    return row


def report(rows: list[dict], load: tuple[float, float], repeat: int) -> str:
    import duckdb as d

    lines = [
        "## Many small tables",
        "",
        f"`python -m bench.bench_many_tables --write`: DuckDB databases of N tables x {ROWS:,} rows (8 columns: a key, a",
        "reference to another table, text, decimal, double, date, a status, a nullable note; no declared keys), generated",
        "by the script. Whole process against whole process, each a fresh Python child, median of "
        f"{repeat} interleaved runs; peak RSS is the child's maximum. mb = `mb snapshot DB -q -o snapshot.yaml`",
        "(statistics, value classes, top values, key and join evidence, YAML written); SUMMARIZE = one process",
        "running DuckDB's `SUMMARIZE` on every table; floor = one process running `SELECT count(*)` on every table.",
        "Every child loads compiled bytecode (written by one untimed warm-up run), as installed packages do.",
        f"Machine: {os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}, DuckDB {d.__version__}.",
        "",
        "| tables | mb snapshot | peak RSS | SUMMARIZE | peak RSS | floor | peak RSS | mb / SUMMARIZE | mb / floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    compiled = [
        "",
        f"The snapshot mb wrote, compiled to all five targets (`mb compile snapshot.yaml -t {TARGETS}`: analysis,",
        "structure and round-trip checks, files written to a fresh folder; median of the same runs; CPU summed over",
        "the processes that compile targets side by side):",
        "",
        "| tables | mb compile | CPU | peak RSS |",
        "|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['tables']:,} | {r['mb_s']:.2f} s | {r['mb_mib']} MiB | {r['summarize_s']:.2f} s | {r['summarize_mib']} MiB "
            f"| {r['floor_s']:.2f} s | {r['floor_mib']} MiB | {r['mb_s'] / r['summarize_s']:.2f}x | {r['mb_s'] / r['floor_s']:.2f}x |"
        )
        compiled.append(f"| {r['tables']:,} | {r['compile_s']:.2f} s | {r['compile_cpu']:.2f} s | {r['compile_mib']} MiB |")
    met = all(r["mb_s"] <= 1.5 * r["summarize_s"] for r in rows)
    big = max(rows, key=lambda r: r["tables"])
    lines += compiled + [
        "",
        "Target (mb snapshot <= 1.5x SUMMARIZE of every table): " + ("met" if met else "NOT met") + " in this run.",
        f"Target (the {big['tables']:,}-table snapshot compiled to all five targets within 10 s): "
        + ("met" if big["compile_s"] <= 10 else "NOT met") + f" in this run ({big['compile_s']:.1f} s).",
        f"Load average (1 min) {load[0]:.2f} before, {load[1]:.2f} after, on {os.cpu_count()} CPUs.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", default="100,1000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = ap.parse_args()
    sizes = [int(n) for n in args.tables.split(",")]
    for n in sizes:
        make_db(n)  # generated before the clock and the load average start
    keep_bytecode(WORK / "pycache")
    with tempfile.TemporaryDirectory() as tmp:  # the warm-up run that writes the bytecode
        run([sys.executable, "-m", "compiler.cli", "snapshot", str(make_db(min(sizes))), "-q", "-o", str(Path(tmp) / "warm.yaml")])
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(n, args.repeat, Path(tmp)) for n in sizes]
    section = report(rows, (before, os.getloadavg()[0]), args.repeat)
    print(section)
    if args.write:
        write_section("Many small tables", section)


if __name__ == "__main__":
    main()
