"""Targets compiled side by side: after the analysis, each target's emit, structural check and
round trip depend only on the model, so a large compile runs them in forked worker processes,
one per CPU, and takes the results back in the targets' order. The files and diagnostics are
the same, in the same order, as one after another; only the wall time differs.

Forking is used only where it is safe and worth it: on a platform with fork, from a process with
no other thread (a forked child gets only the forking thread, so `mb serve`'s worker threads,
or anything holding a lock in another thread, keep the serial path), for models large enough
that the workers' start and the trip of the files back cost little beside the work, and only
as many workers as the free memory holds: a worker soon holds a copy of the model (reading an
object writes its reference count, so the pages it shares with the parent get copied), so each
is counted at one and a half times the parent's size. `MB_JOBS=N` caps the processes (1: always
serial).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator

MIN_ENTITIES = 100  # below this a compile takes well under a second: no processes to start

# Each target's share of a compile's work (emit, structure check, round trip), measured on the
# generated 1,000-table snapshot of bench/bench_compile.py. Workers take the heaviest targets
# first, so that no light target keeps a worker busy while a heavy one is still to start.
_WEIGHT = {"superset": 3.5, "dbt": 2.6, "powerbi": 2.5, "cube": 1.2, "lookml": 1.2}

# What the forked workers compile, set in the parent just before they fork (they inherit it;
# nothing large is pickled on the way in).
_JOB: tuple[Callable[..., Any], tuple] | None = None


def jobs(targets: int, entities: int) -> int:
    """How many processes to compile `targets` targets of a model of `entities` entities with."""
    limit = os.environ.get("MB_JOBS", "").strip()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    n = min(targets, cpus)
    if limit.isdigit():
        n = min(n, max(1, int(limit)))
    if n < 2 or entities < MIN_ENTITIES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if threading.active_count() > 1:
        return 1
    free, size = _memory()
    if free is not None and size:
        n = min(n, int(free // (size * 1.5)))
    return n if n >= 2 else 1


def _memory() -> tuple[int | None, int | None]:
    """Bytes of memory available to new processes and this process's resident size, where the
    system says (Linux's /proc); (None, None) elsewhere. In a container the host's free memory
    is not the container's: the room left under its cgroup's limit bounds it."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            available = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("MemAvailable:"))
        with open("/proc/self/statm", encoding="ascii") as fh:
            resident = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, StopIteration):
        return None, None
    room = cgroup_room()
    return (available if room is None else min(available, room)), resident


# cgroup v2, then v1: (limit, usage) files of the cgroup this process is in, as a container sees it.
_CGROUP_FILES = (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                 ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"))


def cgroup_room(files: tuple[tuple[str, str], ...] = _CGROUP_FILES) -> int | None:
    """Bytes left under the memory limit of this process's cgroup; None without a limit (v2
    writes `max`, v1 a number near 2**63) or where there is no cgroup to read."""
    for limit_file, usage_file in files:
        try:
            with open(limit_file, encoding="ascii") as fh:
                limit = fh.read().strip()
            with open(usage_file, encoding="ascii") as fh:
                usage = int(fh.read().strip())
        except (OSError, ValueError):
            continue
        if not limit.isdigit() or int(limit) >= 2**60:
            return None
        return max(0, int(limit) - usage)
    return None


def run(one: Callable[..., Any], targets: list[str], args: tuple, workers: int) -> Iterator[Any]:
    """`one(target, *args)` for each target, in the targets' order; in `workers` forked
    processes when `workers` > 1. A target whose worker died is compiled here instead."""
    if workers < 2:
        for t in targets:
            yield one(t, *args)
        return
    global _JOB
    _JOB = (one, args)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start)
    try:
        futures = {t: pool.submit(_forked, t) for t in sorted(targets, key=lambda t: -_WEIGHT.get(t, 1.0))}
        for t in targets:
            future = futures[t]
            try:
                result = future.result()
            except (BrokenProcessPool, Exception):  # noqa: BLE001 - a worker killed (out of memory?) or a
                # result that would not travel back: the work is still owed, so it is done here
                result = one(t, *args)
            yield result
    finally:
        # Interrupted (Ctrl-C) or left early: targets not started yet are dropped, not compiled.
        pool.shutdown(wait=True, cancel_futures=True)
        _JOB = None


def _worker_start() -> None:
    # Ctrl-C reaches the whole process group: a worker ends at once (the parent reports the
    # interruption) rather than finishing its target and starting the next queued one.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _forked(target: str) -> Any:
    assert _JOB is not None, "a worker runs only in a process forked by run()"
    one, args = _JOB
    return one(target, *args)
