"""The output writer under SIGKILL and concurrency: every target folder is wholly old or wholly
new, never missing, and the next run leaves nothing behind (bench/crash_output.py has the
harness; `python -m bench.crash_output --write` runs it at scale)."""

from __future__ import annotations

import json
import os
import sys

import pytest

from bench.crash_output import TARGETS, build_versions, expected, run, tree
from compiler.output import WORK, owned_folder, write_outputs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses fork and SIGKILL")


def test_sigkill_at_random_moments_never_mixes_or_loses_a_target(tmp_path):
    counts = run(kills=24, tables=20, work=tmp_path)
    assert counts.kills == 24 and counts.killed_mid_write >= 8, counts
    assert counts.mixed == 0 and counts.missing == 0, counts.notes
    assert counts.old + counts.new == 24 * len(TARGETS) and counts.old and counts.new, counts
    assert counts.leftovers_after_next_run == 0, counts.notes


def test_concurrent_writers_take_turns(tmp_path):
    versions = build_versions(12)
    want = [{t: expected(v[t]) for t in TARGETS} for v in versions]
    outdir = tmp_path / "out"
    pids = []
    for i in range(6):
        pid = os.fork()
        if pid == 0:
            try:
                write_outputs(outdir, versions[i % 2])
            finally:
                os._exit(0)
        pids.append(pid)
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    for t in TARGETS:
        got = tree(outdir / t / owned_folder(versions[0][t]))
        assert got in (want[0][t], want[1][t]), t
    assert sorted(p.name for p in (outdir / WORK).iterdir()) == [".gitignore", "lock"]


def test_a_kill_between_the_fallbacks_two_renames_is_repaired_by_the_next_run(tmp_path):
    # Where rename-exchange is missing the swap takes two renames; a kill between them leaves
    # the old folder aside and a journal saying where. The next run puts it back first.
    from compiler.output import _JOURNAL, recover

    versions = build_versions(4)
    outdir = tmp_path / "out"
    write_outputs(outdir, versions[0])
    final = outdir / "lookml" / owned_folder(versions[0]["lookml"])
    aside = outdir / WORK / "old-killed"
    final.rename(aside)
    (outdir / WORK / _JOURNAL).write_text(json.dumps({"final": str(final), "old": str(aside)}))
    recover(outdir)
    assert tree(final) == expected(versions[0]["lookml"])
    assert sorted(p.name for p in (outdir / WORK).iterdir()) == [".gitignore", "lock"]
