"""A target's own tool that does not finish (a very large model on a busy machine) leaves the
target not validated, reported, never a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

from compiler import validators
from compiler.diagnostics import Diagnostics


def test_a_tool_that_does_not_finish_is_reported_not_raised(monkeypatch):
    def slow(files):
        raise subprocess.TimeoutExpired(["node", "cube_compile.js"], 600)

    monkeypatch.setitem(validators.TOOLS, "cube", slow)
    diags = Diagnostics()
    validators.run_tool("cube", Path("out/cube"), {"model/cubes/a.yml": "cubes: []"}, diags)
    assert [(d.code, d.severity) for d in diags.items] == [("VA003", "info")]
    assert "did not finish within 600 s" in diags.items[0].message
