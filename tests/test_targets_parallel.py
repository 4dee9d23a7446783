"""Targets compiled side by side in forked processes give the files, diagnostics and timings'
names that one after another gives (compiler/targets_parallel.py)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from backends.cube import CubeBackend
from bench.generate_schema import build
from compiler import targets_parallel
from compiler.api import compile as compile_snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics

TARGETS = ["lookml", "dbt", "cube", "powerbi", "superset"]
TABLES = targets_parallel.MIN_ENTITIES + 20
REPO = Path(__file__).resolve().parents[1]


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


needs_fork = pytest.mark.skipif(_cpus() < 2 or "fork" not in multiprocessing.get_all_start_methods(),
                                reason="side by side needs fork and two CPUs")


def _compile(snap, parallel: bool):
    diags = Diagnostics(overrides={"PB003": "warning"})  # a severity override travels to the workers
    result = compile_snapshot(snap, TARGETS, Config(name="side"), diags, parallel=parallel)
    return result


def _in_fresh_python(check: str) -> None:
    """Run `check`, a function of this module, in an interpreter of its own. The compile never
    forks from a process running other threads, and the test process may be running some (a
    Spark gateway, a server another test started), so the side-by-side path is tested where a
    user's `mb compile` runs it: in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k != "MB_JOBS"}
    done = subprocess.run([sys.executable, "-c", f"import tests.test_targets_parallel as t; t.{check}()"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]


@needs_fork
def test_side_by_side_gives_what_one_after_another_gives():
    _in_fresh_python("check_side_by_side")


def check_side_by_side() -> None:
    snap = build(TABLES, 8)
    assert threading.active_count() == 1
    assert targets_parallel.jobs(len(TARGETS), TABLES) == min(len(TARGETS), _cpus())
    serial, parallel = _compile(snap, False), _compile(snap, True)
    assert list(parallel.files) == TARGETS
    assert parallel.files == serial.files
    assert [d.as_dict() for d in parallel.diagnostics.items] == [d.as_dict() for d in serial.diagnostics.items]
    assert any(d.code == "PB003" and d.severity == "warning" for d in parallel.diagnostics.items)
    assert list(parallel.timings) == list(serial.timings)


@needs_fork
def test_a_backend_crashing_in_a_worker_is_reported_like_one_crashing_here():
    _in_fresh_python("check_crash_in_worker")


def check_crash_in_worker() -> None:
    def crash(self, *args):
        raise RuntimeError("boom")

    snap = build(TABLES, 8)
    assert targets_parallel.jobs(len(TARGETS), TABLES) > 1
    CubeBackend.render = crash  # before the fork: the workers inherit it (this process ends after the check)
    serial, parallel = _compile(snap, False), _compile(snap, True)
    assert "cube" not in parallel.files and list(parallel.files) == [t for t in TARGETS if t != "cube"]
    crashes = [d.message for d in parallel.diagnostics.items if d.code == "IN003"]
    assert crashes == [d.message for d in serial.diagnostics.items if d.code == "IN003"]
    assert len(crashes) == 1 and "backend cube crashed: RuntimeError: boom" in crashes[0]


def test_small_models_threads_and_mb_jobs_keep_the_serial_path(monkeypatch):
    monkeypatch.delenv("MB_JOBS", raising=False)
    assert targets_parallel.jobs(5, targets_parallel.MIN_ENTITIES - 1) == 1
    assert targets_parallel.jobs(1, 10_000) == 1
    monkeypatch.setenv("MB_JOBS", "1")
    assert targets_parallel.jobs(5, 10_000) == 1
    monkeypatch.delenv("MB_JOBS")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert targets_parallel.jobs(5, 10_000) == 1
    finally:
        stop.set()
        other.join()


@needs_fork
def test_workers_are_as_many_as_the_free_memory_holds():
    _in_fresh_python("check_workers_by_memory")


def check_workers_by_memory() -> None:
    gib = 2**30
    targets_parallel._memory = lambda: (2 * gib, gib)  # room for one copy and a third
    assert targets_parallel.jobs(5, 10_000) == 1
    targets_parallel._memory = lambda: (4 * gib, gib)
    assert targets_parallel.jobs(5, 10_000) == 2
    targets_parallel._memory = lambda: (None, None)  # not known: the CPUs decide
    assert targets_parallel.jobs(5, 10_000) == min(5, _cpus())


def test_serial_run_yields_in_order_without_processes():
    seen = []

    def one(t, tag):
        seen.append(t)
        return f"{tag}:{t}:{os.getpid()}"

    assert list(targets_parallel.run(one, ["a", "b"], ("x",), 1)) == [f"x:a:{os.getpid()}", f"x:b:{os.getpid()}"]
    assert seen == ["a", "b"]


def test_a_containers_memory_limit_bounds_the_room_for_workers(tmp_path):
    gib = 2**30

    def cgroup(name, limit, usage):
        (tmp_path / f"{name}.limit").write_text(f"{limit}\n")
        (tmp_path / f"{name}.usage").write_text(f"{usage}\n")
        return (str(tmp_path / f"{name}.limit"), str(tmp_path / f"{name}.usage"))

    missing = (str(tmp_path / "none.limit"), str(tmp_path / "none.usage"))
    assert targets_parallel.cgroup_room((missing, cgroup("v1", 4 * gib, gib))) == 3 * gib  # v2 absent: v1 read
    assert targets_parallel.cgroup_room((cgroup("v2", "max", gib),)) is None  # no limit
    assert targets_parallel.cgroup_room((cgroup("big", 2**63 - 4096, gib),)) is None  # v1's "no limit"
    assert targets_parallel.cgroup_room((cgroup("full", gib, 2 * gib),)) == 0
    assert targets_parallel.cgroup_room((missing,)) is None
