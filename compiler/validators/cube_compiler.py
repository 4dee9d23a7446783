"""Cube's own schema compiler (npm @cubejs-backend/schema-compiler, run by node with
cube_compile.js beside this file) over the generated Cube YAML: it compiles the model and asks
every cube, join and view for SQL, which is when Cube resolves references.

The package is found in $MB_CUBE_NODE_MODULES, else in NODE_PATH, else in npm's global root."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from compiler.validators.common import Finding, Missing, locate, scratch

SCRIPT = Path(__file__).with_name("cube_compile.js")
PACKAGE = Path("@cubejs-backend") / "schema-compiler" / "package.json"


def node_modules() -> Path | None:
    candidates = [os.environ.get("MB_CUBE_NODE_MODULES", "")] + os.environ.get("NODE_PATH", "").split(os.pathsep)
    if shutil.which("npm") and not any(candidates):
        try:
            candidates.append(subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, timeout=60).stdout.strip())
        except (OSError, subprocess.TimeoutExpired):
            pass
    for c in candidates:
        if c and (Path(c) / PACKAGE).is_file():
            return Path(c)
    return None


def compile_folder(folder: Path, modules: Path, query: dict | str | None = None) -> dict:
    """Cube's compiler over a folder: {"errors": [...], "cubes": [...], "sql": [text, params]?}.
    `query` as "@FILE" names a JSON file of queries; the answer then has "sqls"."""
    args = ["node", str(SCRIPT), str(folder)] + ([query if isinstance(query, str) else json.dumps(query)] if query else [])
    env = {**os.environ, "NODE_PATH": str(modules), "CUBEJS_TRANSPILATION_NATIVE": "false"}
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)
    if done.returncode != 0:
        return {"errors": [f"the compiler stopped: {done.stderr.strip()[-1500:]}"], "cubes": []}
    return json.loads(done.stdout)


def run(files: dict[str, str | bytes]) -> list[Finding]:
    modules = node_modules()
    if shutil.which("node") is None or modules is None:
        raise Missing("Cube's schema compiler is not installed (npm install @cubejs-backend/schema-compiler, "
                      "and set MB_CUBE_NODE_MODULES to its node_modules folder)")
    with scratch(files) as root:
        result = compile_folder(root, modules)
    seen: set[str] = set()
    out = []
    for e in result["errors"]:
        first = next((ln.strip() for ln in e.splitlines() if ln.strip() and not ln.strip().endswith(":")), e.strip())
        if first in seen:
            continue
        seen.add(first)
        out.append(Finding(locate(first, files), f"Cube's compiler: {first[:1500]}"))
    return out
