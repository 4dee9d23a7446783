"""The figures every whole-process benchmark compares: a child's own wall time, peak RSS and CPU."""

from __future__ import annotations

import sys

import pytest

from bench.process import run, run_cpu

TOUCH = "b = bytearray({mib} * 2**20)\nfor i in range(0, len(b), 4096): b[i] = 1"


def test_a_childs_peak_rss_is_its_own_not_the_benchmarks():
    # A benchmark that loaded a big table before starting its children must not lend them its size.
    held = bytearray(400 * 2**20)
    for i in range(0, len(held), 4096):
        held[i] = 1
    _wall, small = run([sys.executable, "-c", "pass"])
    _wall, big, cpu = run_cpu([sys.executable, "-c", TOUCH.format(mib=200)])
    assert small < 100
    assert 200 <= big < 300
    assert cpu > 0
    del held


def test_a_failing_child_stops_the_benchmark_with_its_error():
    with pytest.raises(SystemExit, match="boom"):
        run([sys.executable, "-c", "import sys; sys.stderr.write('boom'); sys.exit(3)"])
