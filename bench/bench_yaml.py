"""The shared YAML writer (compiler/yamlwrite.py) against PyYAML, on what mb writes: the Superset
dataset files and the snapshot of generated schemas of growing size.

For each size and document set, one child process per writer loads the documents (JSON), dumps
every one to YAML and writes the bytes; a floor process only loads them. Wall time and peak
memory of the whole process are measured, best of `--repeat`, all in the same run:

- mb: compiler.yamlwrite.dump (pure Python, quoting for YAML 1.1 and 1.2);
- PyYAML pure: yaml.dump with the SafeDumper (the pure-Python emitter the Superset and Cube
  writers used before);
- PyYAML C: yaml.dump with the CSafeDumper (libyaml; the snapshot writer's before).

    python -m bench.bench_yaml            # 250, 500, 1000 tables
    python -m bench.bench_yaml --write    # also update the YAML section of docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_compile import REPO

SIZES = [250, 500, 1000]
COLUMNS = 20

CHILD = """
import json, sys, yaml
docs = json.load(open(sys.argv[2], encoding="utf-8"))
writer = sys.argv[1]
if writer == "mb":
    from compiler.yamlwrite import dump
    out = [dump(d) for d in docs]
elif writer == "pyyaml":
    out = [yaml.dump(d, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1 << 20) for d in docs]
elif writer == "pyyaml-c":
    out = [yaml.dump(d, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1 << 20) for d in docs]
else:
    out = []
with open(sys.argv[3], "w", encoding="utf-8") as fh:
    for text in out:
        fh.write(text)
# This process's own peak RSS (ru_maxrss would start at the parent's, kept across exec).
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""
WRITERS = ["floor", "mb", "pyyaml-c", "pyyaml"]


def documents(tables: int) -> dict[str, list]:
    """The Superset dataset bodies and the snapshot of a generated schema, as plain data."""
    from backends.superset import render
    from bench.generate_schema import build
    from compiler.api import compile as compile_snapshot
    from compiler.config import Config
    from compiler.diagnostics import Diagnostics
    from compiler.snapshot_io import snapshot_to_data

    snap = build(tables, COLUMNS)
    bodies: list = []
    original = render.dump
    render.dump = lambda body, header=(): bodies.append(body) or original(body, header)
    try:
        compile_snapshot(snap, ["superset"], Config(name="bench"), Diagnostics(), roundtrip=False)
    finally:
        render.dump = original
    return {"superset": bodies, "snapshot": [snapshot_to_data(snap)]}


def _write_documents(tables: int, work: Path) -> dict[str, int]:
    """In a child process, so this one stays small: a child's peak RSS starts at its parent's."""
    code = ("import json, sys; from pathlib import Path; from bench.bench_yaml import documents\n"
            "docs = documents(int(sys.argv[1]))\n"
            "for kind, d in docs.items(): Path(sys.argv[2], f'{kind}_{sys.argv[1]}.json').write_text(json.dumps(d))\n"
            "print(json.dumps({k: len(v) for k, v in docs.items()}))")
    out = subprocess.run([sys.executable, "-c", code, str(tables), str(work)], cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds of one child process and its peak RSS (MiB), which it reports itself."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    return wall, int(done.stdout.split()[-1]) // 1024


def measure(tables: int, work: Path, repeat: int) -> list[dict]:
    rows = []
    for kind, count in _write_documents(tables, work).items():
        data = work / f"{kind}_{tables}.json"
        row = {"tables": tables, "kind": kind, "docs": count}
        for writer in WRITERS:
            out = work / f"{kind}_{tables}.{writer}.yaml"
            runs = [run([sys.executable, "-c", CHILD, writer, str(data), str(out)]) for _ in range(repeat)]
            row[writer] = min(r[0] for r in runs)
            row[f"{writer}_rss"] = max(r[1] for r in runs)
            if writer != "floor":
                row[f"{writer}_bytes"] = out.stat().st_size
        rows.append(row)
    return rows


def table(rows: list[dict]) -> list[str]:
    lines = ["| documents | tables | YAML | floor | mb | PyYAML C | PyYAML pure | mb dump | PyYAML pure dump | mb vs PyYAML pure | mb vs PyYAML C |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        mb, pure, c = (r[w] - r["floor"] for w in ("mb", "pyyaml", "pyyaml-c"))
        lines.append(
            f"| {r['kind']} ({r['docs']} files) | {r['tables']} | {r['mb_bytes'] / 1e6:.1f} MB | {r['floor']:.2f} s ({r['floor_rss']} MiB) | {r['mb']:.2f} s "
            f"({r['mb_rss']} MiB) | {r['pyyaml-c']:.2f} s ({r['pyyaml-c_rss']} MiB) | {r['pyyaml']:.2f} s ({r['pyyaml_rss']} MiB) | {mb:.2f} s | {pure:.2f} s "
            f"| {pure / mb:.1f}x faster | {c / mb:.2f}x |")
    return lines


def _per_table(rows: list[dict], kind: str) -> list[float]:
    return [(r["mb"] - r["floor"]) / r["tables"] * 1000 for r in rows if r["kind"] == kind]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="Update the YAML section of docs/benchmarks.md.")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows = [r for n in sizes for r in measure(n, Path(tmp), args.repeat)]
    load_after = os.getloadavg()[0]
    lines = table(rows)
    print("\n".join(lines))
    linear = "; ".join(f"{kind}: {', '.join(f'{x:.2f}' for x in _per_table(rows, kind))} ms per table"
                       for kind in dict.fromkeys(r["kind"] for r in rows))
    print(f"mb dump time per table ({args.sizes} tables): {linear}")
    print(f"load average {load_before:.1f} before, {load_after:.1f} after")
    if args.write:
        from bench.benchmarks_doc import write_section

        write_section("YAML writer", "\n".join([
            "## YAML writer", "",
            f"Written by `python -m bench.bench_yaml --write`: every YAML file mb writes goes through `compiler/yamlwrite.py`, "
            f"which quotes for YAML 1.1 and 1.2 readers alike. Per size, the documents a {COLUMNS}-column generated schema "
            "produces (the Superset dataset files, and the snapshot) are dumped by one child process per writer; the floor "
            "process only loads them. Whole process, best of 3; dump = process minus floor. "
            f"Machine: {os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}; "
            f"load average {load_before:.1f} before, {load_after:.1f} after.", "",
            *lines, "",
            f"Time per table above the floor ({args.sizes} tables): {linear}.", ""]))


if __name__ == "__main__":
    main()
