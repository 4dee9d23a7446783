"""The same-number check (`mb verify`): see run.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from compiler.validators.cube_compiler import node_modules


def tools_from_env() -> dict:
    """Where the tools that answer for Cube and MetricFlow are: Cube's schema compiler
    ($MB_CUBE_NODE_MODULES, NODE_PATH or npm's global root) and a Python with dbt-metricflow
    ($MB_MF_PYTHON, else the one beside `mf` on PATH)."""
    out: dict = {}
    modules = node_modules() if shutil.which("node") else None
    if modules is not None:
        out["cube_modules"] = modules
    python = os.environ.get("MB_MF_PYTHON")
    if not python and shutil.which("mf"):
        beside = Path(shutil.which("mf")).resolve().parent / "python"
        python = str(beside) if beside.exists() else None
    if python:
        out["mf_python"] = python
    return out
