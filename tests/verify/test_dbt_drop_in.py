"""The dbt output drops into an existing dbt project: with `dbt: {prefix: acme, time_spine: false}`
its model names cannot collide with the project's own `stg_*` models, and MetricFlow uses the
project's time spine. `dbt parse` (real dbt) accepts the combined project; without the prefix
it does not."""

from __future__ import annotations

import subprocess
from pathlib import Path

from compiler.api import compile as compile_snapshot, snapshot
from compiler.config import Config

THEIRS = {
    "models/staging/stg_invoice.sql": "select 1 as invoice_id\n",
    "models/metricflow_time_spine.sql": "{{ config(materialized='table') }}\nselect cast('2024-01-01' as date) as date_day\n",
    "models/metricflow_time_spine.yml": "models:\n  - name: metricflow_time_spine\n    time_spine:\n      standard_granularity_column: date_day\n"
                                        "    columns:\n      - name: date_day\n        granularity: day\n",
}


def _parse(dbt: Path, root: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    for rel, text in {**THEIRS, **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "dbt_project.yml").write_text("name: theirs\nversion: '1.0'\nconfig-version: 2\nprofile: theirs\nmodel-paths: [models]\n")
    (root / "profiles.yml").write_text("theirs:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ':memory:'\n")
    return subprocess.run([str(dbt), "parse", "--no-partial-parse", "--project-dir", str(root), "--profiles-dir", str(root)],
                          capture_output=True, text=True, timeout=900, cwd=root)


def test_prefixed_output_drops_into_a_project(tool_env, chinook, tmp_path):
    dbt = Path(tool_env["MB_DBT"])
    snap = snapshot(chinook[0])
    files = compile_snapshot(snap, ["dbt"], Config(targets_options={"dbt": {"prefix": "acme", "time_spine": False}})).files["dbt"]
    assert "models/mb_generated/staging/acme_stg_invoice.sql" in files
    assert not any("time_spine" in p for p in files)
    parsed = _parse(dbt, tmp_path / "ok", files)
    assert parsed.returncode == 0, parsed.stdout[-3000:]
    clash = compile_snapshot(snap, ["dbt"], Config()).files["dbt"]
    refused = _parse(dbt, tmp_path / "clash", clash)
    assert refused.returncode != 0 and ("stg_invoice" in refused.stdout or "metricflow_time_spine" in refused.stdout), refused.stdout[-3000:]
