"""`dbt parse` over the generated dbt files: in a scratch project (a dbt_project.yml and a
profile for an adapter dbt has; parse never connects), so the user's own project is untouched.

dbt is found as $MB_DBT, else `dbt` on PATH; it needs the duckdb or the postgres adapter."""

from __future__ import annotations

import os
import re
import subprocess

from compiler.validators.common import Finding, Missing, locate, scratch, tool

PROFILES = {
    "duckdb": "      type: duckdb\n      path: ':memory:'\n",
    "postgres": "      type: postgres\n      host: localhost\n      user: mb\n      password: mb\n      port: 5432\n      dbname: mb\n      schema: public\n",
}
_ERROR = re.compile(r"(error|Error|ERROR|failed|Failed)")
_NOISE = re.compile(r"^\d\d:\d\d:\d\d\s+")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # dbt 1.11 colours its log lines whatever NO_COLOR says


def _adapter(dbt: str, env: dict[str, str]) -> str:
    try:
        out = subprocess.run([dbt, "--version"], capture_output=True, text=True, timeout=120, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise Missing(f"dbt does not run: {e}") from None
    plugins = out.stdout.lower()
    for name in PROFILES:
        if f"- {name}:" in plugins:
            return name
    raise Missing("dbt has neither the duckdb nor the postgres adapter (pip install dbt-duckdb)")


def run(files: dict[str, str | bytes]) -> list[Finding]:
    dbt = tool("MB_DBT", "dbt")
    if dbt is None:
        raise Missing("dbt is not installed (pip install 'dbt-core<1.12' dbt-duckdb, or set MB_DBT)")
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", NO_COLOR="1")
    adapter = _adapter(dbt, env)
    with scratch(files) as root:
        (root / "dbt_project.yml").write_text(
            "name: mb_validate\nversion: '1.0'\nconfig-version: 2\nprofile: mb_validate\nmodel-paths: [models]\n", encoding="utf-8")
        (root / "profiles.yml").write_text(f"mb_validate:\n  target: dev\n  outputs:\n    dev:\n{PROFILES[adapter]}", encoding="utf-8")
        done = subprocess.run([dbt, "parse", "--no-partial-parse", "--project-dir", str(root), "--profiles-dir", str(root)],
                              capture_output=True, text=True, timeout=900, env=env, cwd=root)
    if done.returncode == 0:
        return []
    message = failure(done.stdout + done.stderr)
    return [Finding(locate(message, files), f"dbt parse: {message}")]


def failure(output: str) -> str:
    """What a failed `dbt parse` printed, as one line: the lines saying what failed."""
    lines = [_NOISE.sub("", _ANSI.sub("", ln)).strip() for ln in output.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith(("Running with dbt", "Registered adapter"))]
    # What failed is said on the lines before "Encountered an error:" (a semantic manifest's
    # rule, say), in words that need not include "error"; the lines after it only sum up.
    cut = next((i for i, ln in enumerate(lines) if ln.startswith("Encountered an error:")), len(lines))
    said = lines[max(0, cut - 3):cut]
    errors = said + [ln for ln in lines[cut + 1:] if _ERROR.search(ln)] or lines[-5:]
    return " | ".join(errors[:6])[:2000]
