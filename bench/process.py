"""One child process measured whole: wall seconds and its own peak RSS, the figure every
whole-process benchmark here compares."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB, from wait4: the child's, not this process's) of one child."""
    wall, mib, _ = run_cpu(cmd)
    return wall, mib


def run_cpu(cmd: list[str]) -> tuple[float, int, float]:
    """`run`, and the CPU seconds (user + system) the child used: on a machine other work loads,
    the wall time stretches with the load while the CPU time stays near what the work costs."""
    # stderr to a file: a pipe nobody reads until the end blocks a child that writes more than
    # its buffer (64 KiB), and the benchmark then waits for ever.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


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
