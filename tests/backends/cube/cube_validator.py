"""Cube's own schema compiler, from npm, installed once into .cache/validators/cube/.

Under CI=true a missing node/npm or a failed install fails the tests that need it; locally
they are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.validators import REPO, cache_dir


def service_unavailable(reason: str) -> None:
    """Skip, or fail under CI=true (where the validator must run), as tests/conftest.py does."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: validator tests must run, not skip)", pytrace=False)
    pytest.skip(reason)

VERSION = "1.7.43"
FOLDER = cache_dir("cube")
SCRIPT = REPO / "compiler" / "validators" / "cube_compile.js"
PACKAGE = {"name": "mb-cube-validator", "private": True, "dependencies": {"@cubejs-backend/schema-compiler": VERSION}}


def _installed() -> bool:
    manifest = FOLDER / "node_modules" / "@cubejs-backend" / "schema-compiler" / "package.json"
    return manifest.is_file() and json.loads(manifest.read_text()).get("version") == VERSION


def install() -> Path:
    """The node_modules folder holding the schema compiler (installing it the first time)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        service_unavailable("Cube validator: node and npm are not on PATH")
    if not _installed():
        FOLDER.mkdir(parents=True, exist_ok=True)
        (FOLDER / "package.json").write_text(json.dumps(PACKAGE, indent=2) + "\n", encoding="utf-8")
        try:
            done = subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=FOLDER, capture_output=True, text=True, timeout=600,
            )
        except subprocess.TimeoutExpired:
            service_unavailable("Cube validator: npm install timed out")
        if done.returncode != 0 or not _installed():
            service_unavailable(f"Cube validator: npm install failed: {done.stderr.strip()[-2000:]}")
    return FOLDER / "node_modules"


def compile_model(node_modules: Path, model_dir: Path, query: dict | None = None) -> dict:
    """Compile a folder of Cube YAML; metadata, errors and (given a query) its SQL."""
    args = ["node", str(SCRIPT), str(model_dir)] + ([json.dumps(query)] if query else [])
    env = {**os.environ, "NODE_PATH": str(node_modules), "CUBEJS_TRANSPILATION_NATIVE": "false"}
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, f"cube_compile.js failed: {done.stderr[-3000:]}"
    return json.loads(done.stdout)
