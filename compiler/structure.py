"""Runs a backend's structural check (backends/structure.py) over its files and reports each
problem as VA001, located at the file (`<target>/<path>`)."""

from __future__ import annotations

from typing import Any

from compiler.diagnostics import VA001, Diagnostics


def check_structure(target: str, backend: Any, files: dict[str, str | bytes], diags: Diagnostics, root: str | None = None) -> int:
    """Report what the target would reject; returns how many problems were found. A backend
    without a structural check passes."""
    check = getattr(backend, "structural_problems", None)
    if check is None:
        return 0
    problems = check(files)
    for p in problems:
        diags.report(VA001, f"{target} would reject this: {p.message}", f"{root or target}/{p.path}")
    return len(problems)
