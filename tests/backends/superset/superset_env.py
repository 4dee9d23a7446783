"""Real Superset for the validator tests: a virtual environment of its own under
.cache/validators/superset/ (Superset pins an old SQLAlchemy and sqlglot, which must not
constrain ours), created once and reused, plus a metadata database template made once with
`superset db upgrade` and copied for each check.

Run as a script (`python tests/backends/superset/superset_env.py`) to build both ahead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

try:
    from tests.validators import STAMP_FILE, cache_dir, ensure_venv, stamp, venv_bin
except ModuleNotFoundError:  # run as a script: the repository root is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from tests.validators import STAMP_FILE, cache_dir, ensure_venv, stamp, venv_bin

CACHE = cache_dir("superset")
CHECK_SCRIPT = Path(__file__).with_name("superset_check.py")
# flask-caching 2.3.1: later releases break Superset's cache setup. rich: Superset 6.0's CLI
# imports it without declaring it.
REQUIREMENTS = ["apache-superset==6.0.0", "flask-caching==2.3.1", "rich>=13"]
STAMP = stamp(REQUIREMENTS)
MARKER = "MB-SUPERSET-RESULT "
# Only for the throwaway metadata databases of the tests.
SECRET_KEY = "mb-validator-scratch-key-not-a-secret"


class SupersetUnavailable(RuntimeError):
    pass


def ensure_superset() -> Path:
    """The venv's python, installing Superset on first use. Raises SupersetUnavailable."""
    # A new venv gets a new metadata template too.
    return ensure_venv(CACHE, REQUIREMENTS, "python", SupersetUnavailable, timeout=1200,
                       on_rebuild=lambda: shutil.rmtree(CACHE / "metadata", ignore_errors=True))


def write_config(folder: Path, database: Path) -> Path:
    config = folder / "superset_config.py"
    config.write_text(
        f"SECRET_KEY = {SECRET_KEY!r}\n"
        f"SQLALCHEMY_DATABASE_URI = {('sqlite:///' + database.as_posix())!r}\n"
        # The bundles name SQLite and DuckDB files; Superset refuses those by default.
        "PREVENT_UNSAFE_DB_CONNECTIONS = False\n",
        encoding="utf-8",
    )
    return config


def _env(config: Path) -> dict[str, str]:
    return dict(os.environ, SUPERSET_CONFIG_PATH=str(config), FLASK_APP="superset", PYTHONIOENCODING="utf-8")


def metadata_template(python: Path) -> Path:
    """A metadata database after `superset db upgrade`, made once per venv."""
    folder = CACHE / "metadata"
    template = folder / "superset.db"
    done = folder / STAMP_FILE
    if template.exists() and done.exists() and done.read_text() == STAMP:
        return template
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    config = write_config(folder, template)
    proc = subprocess.run(
        [str(venv_bin(python.parent.parent, "superset")), "db", "upgrade"],
        capture_output=True, text=True, timeout=600, env=_env(config), cwd=folder,
    )
    if proc.returncode != 0 or not template.exists():
        shutil.rmtree(folder, ignore_errors=True)
        raise SupersetUnavailable(f"superset db upgrade failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    done.write_text(STAMP)
    return template


def check(python: Path, template: Path, scratch: Path, folder: Path, archive: Path,
          passwords: dict[str, str] | None = None, do_import: bool = False) -> dict:
    """Run superset_check.py on a bundle against a fresh copy of the metadata database."""
    scratch.mkdir(parents=True, exist_ok=True)
    database = scratch / "superset.db"
    shutil.copyfile(template, database)
    config = write_config(scratch, database)
    args = [str(python), str(CHECK_SCRIPT), str(folder), str(archive)]
    for name, password in (passwords or {}).items():
        args += ["--password", f"{name}={password}"]
    if do_import:
        args.append("--import")
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, env=_env(config), cwd=scratch)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARKER)]
    if proc.returncode != 0 or not lines:
        raise AssertionError(f"superset_check.py failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}")
    return json.loads(lines[-1][len(MARKER):])


if __name__ == "__main__":
    py = ensure_superset()
    print(py, metadata_template(py), file=sys.stderr)
