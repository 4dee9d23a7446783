"""SIGKILL at random moments while `mb` writes a large output, many times: every target folder
must be wholly the old output or wholly the new one (never a mix, never missing), and the next
run must leave no staging behind.

    python -m bench.crash_output --tables 300 --kills 200 --write   # figures into docs/benchmarks.md

A writer process (forked, so it starts writing at once) replaces version A of five targets'
files with version B (or B with A) in one OUTDIR and is killed after a random delay drawn over
the measured length of a write; half the runs use the journalled two-rename fallback instead of
the atomic exchange. After each kill
every target folder is compared, file by file, with both versions. Then a clean run writes
again and the folder is checked for leftovers.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from compiler import output
from compiler.output import WORK, owned_folder, recover, write_outputs

TARGETS = ["lookml", "dbt", "cube", "powerbi", "superset"]


def build_versions(tables: int) -> list[dict]:
    """A generated schema compiled twice, the second time with a comment on every table (so
    most files differ between the versions, in every target)."""
    from bench.generate_schema import build
    from compiler.api import compile as compile_snapshot
    from compiler.config import Config
    from compiler.diagnostics import Diagnostics

    snap = build(tables, 12)
    versions = []
    for comment in (None, "Version B of this table."):
        for t in snap.tables:
            t.comment = comment
        result = compile_snapshot(snap, TARGETS, Config(name="crash"), Diagnostics(), roundtrip=False)
        versions.append(result.files)
    return versions


def _fork_writer(files: dict, outdir: Path, fallback: bool) -> int:
    """A child process writing `files` to `outdir`; its pid."""
    pid = os.fork()
    if pid == 0:  # the child: write and leave without running the parent's cleanup
        code = 0
        try:
            if fallback:
                output._EXCHANGE = False
            write_outputs(outdir, files)
        except BaseException:
            code = 1
        os._exit(code)
    return pid


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def expected(files: dict) -> dict[str, bytes]:
    owned = owned_folder(files)
    return {(os.path.relpath(rel, owned) if owned else rel): (c if isinstance(c, bytes) else c.encode()) for rel, c in files.items()}


@dataclass
class Counts:
    kills: int = 0
    killed_mid_write: int = 0  # the writer had not finished when the signal came
    old: int = 0  # target folders found wholly old
    new: int = 0  # ... wholly new
    mixed: int = 0
    missing: int = 0
    leftovers_after_next_run: int = 0
    recovered_journal: int = 0
    notes: list[str] = field(default_factory=list)


def measure(versions: list[dict], outdir: Path) -> float:
    """Seconds one write takes (old output present), the range the kill delays are drawn from."""
    times = []
    for index in (0, 1, 0):
        start = time.perf_counter()
        os.waitpid(_fork_writer(versions[index], outdir, False), 0)
        times.append(time.perf_counter() - start)
    return max(times)


def run(kills: int, tables: int, seed: int = 15, work: Path | None = None) -> Counts:
    rng = random.Random(seed)
    work = Path(work or tempfile.mkdtemp(prefix="mb-crash-"))
    versions = build_versions(tables)
    want = [{t: expected(v[t]) for t in TARGETS} for v in versions]
    owned = {t: owned_folder(versions[0][t]) for t in TARGETS}
    assert owned == {t: owned_folder(versions[1][t]) for t in TARGETS}
    outdir = work / "out"
    duration = measure(versions, outdir)
    counts = Counts()
    current = 0  # the version on disk
    for i in range(kills):
        new = 1 - current
        fallback = i % 2 == 1
        pid = _fork_writer(versions[new], outdir, fallback)
        time.sleep(rng.uniform(0, duration * 1.1))
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            counts.killed_mid_write += 1
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        counts.kills += 1
        if not all((outdir / t / owned[t]).is_dir() for t in TARGETS):
            # The fallback's window between its two renames: the next run puts the folder back.
            counts.recovered_journal += 1
            recover(outdir)
        for t in TARGETS:
            folder = outdir / t / owned[t]
            if not folder.is_dir():
                counts.missing += 1
                counts.notes.append(f"kill {i}: {t} missing")
                continue
            got = tree(folder)
            if got == want[current][t]:
                counts.old += 1
            elif got == want[new][t]:
                counts.new += 1
            else:
                counts.mixed += 1
                counts.notes.append(f"kill {i}: {t} mixed")
        # The next run (a clean one) must leave nothing behind.
        target_version = new if rng.random() < 0.5 else current
        write_outputs(outdir, versions[target_version])
        current = target_version
        left = [p.name for p in (outdir / WORK).iterdir() if p.name not in ("lock", ".gitignore")]
        legacy = [p for p in outdir.rglob(".*") if p.name != WORK and WORK not in p.parts]
        if left or legacy:
            counts.leftovers_after_next_run += 1
            counts.notes.append(f"kill {i}: leftovers {left + [str(p) for p in legacy]}")
        for t in TARGETS:
            if tree(outdir / t / owned[t]) != want[current][t]:
                counts.mixed += 1
                counts.notes.append(f"kill {i}: {t} wrong after the clean run")
    counts.notes.append(f"write length {duration:.2f} s, {sum(len(v) for v in versions[0].values())} files per version")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--write", action="store_true", help="Record the figures in docs/benchmarks.md.")
    args = ap.parse_args()
    start = time.perf_counter()
    c = run(args.kills, args.tables)
    load = os.getloadavg()[0]
    line = (f"{c.kills} SIGKILLs ({c.killed_mid_write} mid-write) of a {args.tables}-table, five-target write: "
            f"{c.old} target folders wholly old, {c.new} wholly new, {c.mixed} mixed, {c.missing} missing; "
            f"{c.recovered_journal} fallback gaps put back by the next run; {c.leftovers_after_next_run} runs left staging behind")
    print(line)
    for n in c.notes[-5:]:
        print(" ", n)
    print(f"  {time.perf_counter() - start:.0f} s, load average {load:.1f}")
    if args.write:
        from bench.benchmarks_doc import write_section

        write_section("Crash safety of the output writer", "\n".join([
            "## Crash safety of the output writer", "",
            f"`python -m bench.crash_output --tables {args.tables} --kills {args.kills} --write` ({c.notes[-1]}; "
            f"load average {load:.1f}):", "", line + ".", ""]))


if __name__ == "__main__":
    main()
