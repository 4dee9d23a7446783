"""Superset's own import schemas over the generated bundle files, run by superset_schemas.py
beside this file in a Python that has apache-superset (Superset pins its own SQLAlchemy, so it
usually lives in a virtual environment of its own).

That Python is $MB_SUPERSET_PYTHON, else the one beside `superset` on PATH. The schemas look up
databases in a metadata database: $MB_SUPERSET_METADATA, else one made once with `superset db
upgrade` under ~/.cache/mb/superset/ (a copy is used, never changed)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from compiler.validators.common import Finding, Missing, scratch

SCRIPT = Path(__file__).with_name("superset_schemas.py")
MARKER = "MB-SUPERSET-SCHEMAS "


def python() -> str | None:
    given = os.environ.get("MB_SUPERSET_PYTHON")
    if given:
        return given
    exe = shutil.which("superset")
    if exe is None:
        return None
    beside = Path(exe).resolve().parent / "python"
    return str(beside) if beside.exists() else None


def _config(folder: Path, database: Path) -> Path:
    config = folder / "superset_config.py"
    config.write_text("SECRET_KEY = 'mb-validate-scratch-not-a-secret'\n"
                      f"SQLALCHEMY_DATABASE_URI = {('sqlite:///' + database.as_posix())!r}\n", encoding="utf-8")
    return config


def _env(config: Path) -> dict[str, str]:
    return dict(os.environ, SUPERSET_CONFIG_PATH=str(config), FLASK_APP="superset", PYTHONIOENCODING="utf-8")


def metadata(py: str) -> Path:
    given = os.environ.get("MB_SUPERSET_METADATA")
    if given:
        if not Path(given).is_file():
            raise Missing(f"MB_SUPERSET_METADATA is {given}, which is not a Superset metadata database file")
        return Path(given)
    folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mb" / "superset"
    database = folder / "superset.db"
    if database.exists():
        return database
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / "superset.db.tmp"
    tmp.unlink(missing_ok=True)
    superset = Path(py).parent / "superset"
    done = subprocess.run([str(superset), "db", "upgrade"], capture_output=True, text=True, timeout=900,
                          env=_env(_config(folder, tmp)), cwd=folder)
    if done.returncode != 0 or not tmp.exists():
        raise Missing(f"`superset db upgrade` failed: {done.stderr.strip()[-800:]}")
    tmp.replace(database)
    return database


def run(files: dict[str, str | bytes]) -> list[Finding]:
    py = python()
    if py is None:
        raise Missing("Superset is not installed (pip install apache-superset in its own venv, and set MB_SUPERSET_PYTHON)")
    yaml_files = {p: t for p, t in files.items() if p.endswith(".yaml")}
    template = metadata(py)
    with scratch(yaml_files, "bundle") as root:
        shutil.copyfile(template, root / "meta.db")
        config = _config(root, root / "meta.db")
        done = subprocess.run([py, str(SCRIPT), str(root / "bundle")], capture_output=True, text=True, timeout=600,
                              env=_env(config), cwd=root)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith(MARKER)]
    if done.returncode != 0 or not lines:
        raise Missing(f"Superset did not run: {done.stderr.strip()[-800:]}")
    return [Finding(path, f"Superset's import schema: {message}") for path, message in json.loads(lines[-1][len(MARKER):])]
