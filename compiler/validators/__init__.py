"""The targets' own tools, run by `mb validate` when they are installed: `dbt parse`, Cube's
schema compiler and Superset's import schemas. LookML (the lkml parser) and Power BI
(Microsoft's TMDL schema) are checked in-process by the backends' structural checks.

A tool that rejects a file is VA002 at that file; a tool that is not installed is VA003 (info)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from compiler.diagnostics import VA002, VA003, Diagnostics
from compiler.validators import cube_compiler, dbt_parse, superset_import
from compiler.validators.common import Missing

TOOLS = {"dbt": dbt_parse.run, "cube": cube_compiler.run, "superset": superset_import.run}


def run_tool(target: str, folder: Path, files: dict[str, str | bytes], diags: Diagnostics) -> None:
    runner = TOOLS.get(target)
    if runner is None:
        return
    try:
        findings = runner(files)
    except Missing as e:
        diags.report(VA003, f"{target}: {e}", str(folder))
        return
    except subprocess.TimeoutExpired as e:  # a very large model on a busy machine: not validated, no traceback
        diags.report(VA003, f"{target}: its tool did not finish within {e.timeout:.0f} s; not validated", str(folder))
        return
    for f in findings:
        diags.report(VA002, f.message, str(folder / f.path) if f.path else str(folder))
