"""One child process measured whole: wall seconds and its own peak RSS, the figure every
whole-process benchmark here compares."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB, from wait4: the child's, not this process's) of one child."""
    wall, mib, _ = run_cpu(cmd)
    return wall, mib


# The measured command is started by a small launcher process, not by the benchmark itself:
# Linux counts into a child's peak RSS the memory image it was forked from (exec keeps the old
# image's high-water mark), so a child of a benchmark that has loaded a big table reports at
# least the benchmark's own size. Forked from the launcher (a bare interpreter, about 10 MiB),
# the child's figure is its own. The launcher times the child, waits for it and writes wall
# seconds, peak RSS (KiB) and CPU seconds to the file named by its first argument.
_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{wall} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_cpu(cmd: list[str]) -> tuple[float, int, float]:
    """`run`, and the CPU seconds (user + system) the child used: on a machine other work loads,
    the wall time stretches with the load while the CPU time stays near what the work costs.
    Peak RSS and CPU include the child's own children (mb compile's workers), as wait4 gives them."""
    # stderr to a file: a pipe nobody reads until the end blocks a child that writes more than
    # its buffer (64 KiB), and the benchmark then waits for ever.
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r", suffix=".txt") as figures:
        launcher = [sys.executable, "-S", "-c", _LAUNCHER, figures.name]
        proc = subprocess.run(launcher + [str(c) for c in cmd], cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{err.read().decode(errors='replace')}")
        wall, kib, cpu = figures.read().split()
    return float(wall), int(kib) // 1024, float(cpu)


def keep_bytecode(cache: Path) -> None:
    """Let the children keep compiled bytecode (in `cache`), as an installed package does.
    With PYTHONDONTWRITEBYTECODE set, every mb child would compile its own sources again while
    its peers (duckdb, psycopg2) load theirs precompiled; call this, then run one untimed
    warm-up child that writes the cache."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache)


def reusable(path: Path, count_sql: str, expected: int) -> bool:
    """Whether a database an earlier run generated (`path`) still holds what this run needs
    (`count_sql` gives `expected`); one that does not is deleted, to be generated again."""
    import duckdb  # only the benchmarks that generate DuckDB databases need it

    if not path.exists():
        return False
    with duckdb.connect(str(path), read_only=True) as con:
        if con.execute(count_sql).fetchone()[0] == expected:
            return True
    path.unlink()
    return False
