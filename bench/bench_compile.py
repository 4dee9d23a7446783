"""Compile benchmark: generated snapshots of growing size compiled to LookML by the real CLI.

For each size it measures wall time, CPU time (user + system) and peak memory (max RSS of the
child process) of `mb compile SNAPSHOT -t lookml -o OUT`, and a floor in the same run: a process
that only starts Python, parses the same snapshot with the same YAML parser and writes the same
bytes to the same number of files. The gap between the two is what the compiler itself costs;
its time per table at each size against the smallest size says whether the compile is linear.
On a machine other work loads, wall time stretches with the load; CPU time much less.

    python -m bench.bench_compile            # 250, 500, 1000 tables x 20 columns
    python -m bench.bench_compile --write    # also update the Compile section of docs/benchmarks.md
    python -m bench.bench_compile --targets lookml,dbt,cube,powerbi,superset --sizes 1000,5000,10000 --repeat 1 --write
                                             # all five targets: the "Compile, all targets" section
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.benchmarks_doc import write_section
from bench.process import run_cpu
from bench.generate_schema import build
from compiler.snapshot_io import dump_snapshot

REPO = Path(__file__).resolve().parents[1]
SIZES = [250, 500, 1000]
COLUMNS = 20

FLOOR = """
import sys, ryaml
from pathlib import Path
snap, out = sys.argv[1], Path(sys.argv[2])
sizes = [int(x) for x in Path(sys.argv[3]).read_text().split(",")]
ryaml.loads(Path(snap).read_text(encoding="utf-8"))
for i, n in enumerate(sizes):
    p = out / f"f{i}.txt"
    p.write_text("x" * n, encoding="utf-8")
"""


def measure(tables: int, work: Path, repeat: int, targets: str = "lookml") -> dict:
    snap = work / f"snap_{tables}.yaml"
    snap.write_text(dump_snapshot(build(tables, COLUMNS)), encoding="utf-8")
    out = work / f"out_{tables}"
    compile_runs = [run_cpu([sys.executable, "-m", "compiler.cli", "compile", str(snap), "-t", targets, "-o", str(out), "-q"])
                    for _ in range(repeat)]
    files = [p for p in out.rglob("*") if p.is_file()]
    sizes = work / f"sizes_{tables}.txt"  # a file: thousands of sizes overflow a command line
    sizes.write_text(",".join(str(p.stat().st_size) for p in files), encoding="utf-8")
    floor_dir = work / f"floor_{tables}"
    floor_dir.mkdir(exist_ok=True)
    floor_runs = [run_cpu([sys.executable, "-c", FLOOR, str(snap), str(floor_dir), str(sizes)]) for _ in range(repeat)]
    row = {
        "tables": tables,
        "columns": tables * COLUMNS,
        "snapshot_mb": snap.stat().st_size / 2**20,
        "files": len(files),
        "output_mb": sum(p.stat().st_size for p in files) / 2**20,
        "compile_s": statistics.median(w for w, _, _ in compile_runs),
        "compile_cpu": statistics.median(c for _, _, c in compile_runs),
        "compile_mib": max(m for _, m, _ in compile_runs),
        "floor_s": statistics.median(w for w, _, _ in floor_runs),
        "floor_cpu": statistics.median(c for _, _, c in floor_runs),
        "floor_mib": max(m for _, m, _ in floor_runs),
    }
    # Ten thousand tables write over half a gigabyte twice: the next size gets the disk back.
    for p in (out, floor_dir):
        shutil.rmtree(p, ignore_errors=True)
    snap.unlink()
    return row


def _per_table(r: dict, kind: str) -> float:
    """Milliseconds per table above the floor (interpreter start, parsing, writing), by wall or CPU time."""
    return (r[f"compile_{kind}"] - r[f"floor_{kind}"]) / r["tables"] * 1000


def report(rows: list[dict], targets: str = "lookml", repeat: int = 3, load: tuple[float, float] | None = None) -> str:
    every = targets != "lookml"
    lines = [
        "## Compile, all targets" if every else "## Compile",
        "",
        f"`python -m bench.bench_compile{' --targets ' + targets + ' --sizes ' + ','.join(str(r['tables']) for r in rows) + f' --repeat {repeat}' if every else ''} --write` on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}:",
        f"generated snapshots (20 columns a table; one table in five a fact with 4-6 foreign keys, a third of the others with one) compiled to {targets if every else 'LookML'} by the CLI,",
        f"structure and round-trip checks included; median of {repeat} run(s). The floor is a process that only starts Python,",
        "parses the same snapshot with the same YAML parser and writes the same bytes to as many files.",
        *(["The CLI compiles a large model's targets side by side, one process per CPU (compiler/targets_parallel.py);",
           "its CPU time is the sum over those processes, its peak RSS the largest of them."] if every else []),
        "",
        "| tables | columns | snapshot | files | output | mb compile | CPU | peak RSS | floor | floor CPU | floor RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['tables']:,} | {r['columns']:,} | {r['snapshot_mb']:.1f} MB | {r['files']:,} | {r['output_mb']:.1f} MB "
            f"| {r['compile_s']:.2f} s | {r['compile_cpu']:.2f} s | {r['compile_mib']} MiB | {r['floor_s']:.2f} s "
            f"| {r['floor_cpu']:.2f} s | {r['floor_mib']} MiB |"
        )
    # Net of the floor, time per table should not grow with the number of tables.
    first, last = rows[0], rows[-1]
    lines.append("")
    for kind, what in (("s", "wall"), ("cpu", "CPU")):
        base = _per_table(first, kind)
        ratios = [_per_table(r, kind) / base for r in rows]
        verdict = "flat within 1.5x (linear)" if max(ratios) <= 1.5 else "worse than linear"
        each = ", ".join(f"{_per_table(r, kind):.2f} ms at {r['tables']:,} ({x:.2f}x)" for r, x in zip(rows, ratios))
        lines.append(f"Time per table above the floor ({what}): {each}: {verdict}.")
    thousand = next((r for r in rows if r["tables"] == 1000), None)
    if every:
        if thousand:
            lines.append(f"Target (1,000 tables to all five targets within 10 s): {'met' if thousand['compile_s'] <= 10 else 'NOT met'} "
                         f"in this run by wall time ({thousand['compile_s']:.1f} s), {'met' if thousand['compile_cpu'] <= 10 else 'NOT met'} "
                         f"by CPU time ({thousand['compile_cpu']:.1f} s).")
    else:
        met = last["tables"] >= 1000 and last["compile_s"] < 3 and last["compile_mib"] < 500
        lines.append(f"Target (1,000 tables / 20,000 columns under 3 s and 500 MB): {'met' if met else 'NOT met'} in this run.")
    if load:
        lines.append(f"Load average (1 min) {load[0]:.2f} before, {load[1]:.2f} after, on {os.cpu_count()} CPUs.")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--targets", default="lookml", help="comma-separated targets (default: lookml)")
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = ap.parse_args()
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(int(n), Path(tmp), args.repeat, args.targets) for n in args.sizes.split(",")]
    section = report(rows, args.targets, args.repeat, (before, os.getloadavg()[0]))
    print(section)
    if args.write:
        write_section("Compile, all targets" if args.targets != "lookml" else "Compile", section)


if __name__ == "__main__":
    main()
