"""Every target's own tool accepts what `mb compile` writes, on databases nobody here wrote:
Sakila on PostgreSQL, MariaDB and SQLite, TPC-H without any constraint, Chinook and Northwind.

`mb validate` runs `dbt parse`, Cube's schema compiler, Superset's import schemas, Microsoft's
TMDL schema and the lkml parser; then `dbt build` runs the dbt project against the data (dbt-
postgres, dbt-sqlite, dbt-duckdb; MariaDB has no dbt adapter for dbt 1.10+, so its project is
parsed, not built). And a corrupted file in each target makes `mb validate` exit 1 naming it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.verify.engine import Engine
from compiler.verify.run import BuiltProject

ALL = "lookml,dbt,cube,powerbi,superset"
DATABASES = ["sakila_postgres", "sakila_mariadb", "sakila_sqlite", "tpch", "chinook", "northwind"]


def mb(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=1800)


@pytest.mark.parametrize("name", DATABASES)
def test_every_tool_accepts_the_output(name, request, tool_env, tmp_path):
    source, extra = request.getfixturevalue(name)
    out = tmp_path / "out"
    compiled = mb("compile", source, *extra, "-t", ALL, "-o", str(out), "-q")
    assert compiled.returncode == 0, compiled.stderr[-4000:]
    validated = mb("validate", str(out), "-t", ALL, "--format", "json", env=tool_env)
    assert validated.returncode == 0, validated.stderr[-6000:]
    # Every tool ran: none reported missing (VA003).
    assert '"VA003"' not in validated.stderr, validated.stderr[-3000:]
    if name == "sakila_mariadb":
        return
    diags = Diagnostics()
    snap = snapshot(source, SourceOptions(schemas=extra[1:]), diags)
    result = compile_snapshot(snap, ["dbt"], diags=diags)
    engine = Engine(source, result.model.dialect)
    build = BuiltProject(engine, result.files["dbt"], tool_env["MB_MF_PYTHON"], steps=("build",))
    try:
        with build as project:  # raises with dbt's output when the build fails
            assert project.is_dir()
    finally:
        engine.close()
    assert " ERROR=0 " in build.output and "PASS=" in build.output, build.output[-3000:]


# One edit per target that its own tool rejects, and the code that must name the file: the
# external tools (VA002) for dbt, Cube and Superset; the in-process lkml parser and TMDL schema
# (VA001) for LookML and Power BI.
CORRUPTIONS = {
    "dbt": ("models/mb_generated/semantic/invoice.yml", "agg: sum", "agg: summ", "VA002"),
    "cube": ("model/cubes/invoice.yml", "type: sum", "type: summ", "VA002"),
    "superset": ("datasets/chinook/Invoice.yaml", "offset: 0", "offset: zero", "VA002"),
    "lookml": ("views/invoice.view.lkml", "measure: sum_total {", "measure: sum_total {{", "VA001"),
    "powerbi": ("chinook.SemanticModel/definition/tables/Invoice.tmdl", "summarizeBy: sum", "summarizeBy: sideways", "VA001"),
}


@pytest.mark.parametrize("target", sorted(CORRUPTIONS))
def test_a_corrupted_file_is_named(target, chinook, tool_env, tmp_path):
    out = tmp_path / "out"
    compiled = mb("compile", chinook[0], "-t", target, "-o", str(out), "-q")
    assert compiled.returncode == 0, compiled.stderr[-3000:]
    rel, old, new, code = CORRUPTIONS[target]
    path = out / target / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    validated = mb("validate", str(out), "-t", target, env=tool_env)
    assert validated.returncode == 1, validated.stderr[-3000:]
    named = [ln for ln in validated.stderr.splitlines() if f"[{code}]" in ln and ln.startswith(str(path))]
    assert named, validated.stderr[-3000:]
