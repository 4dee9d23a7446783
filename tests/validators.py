"""Validators the backend tests run, installed once under .cache/validators/<name>/ and reused.

Python validators (dbt, Superset) get a virtual environment of their own there, so their pins
do not constrain ours; Cube's schema compiler is an npm package in the same cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".cache" / "validators"
STAMP_FILE = "mb-requirements.txt"


def cache_dir(name: str) -> Path:
    """The cache folder of one validator."""
    return CACHE / name


def stamp(requirements: list[str]) -> str:
    """What a complete install records: its requirements, one per line."""
    return "\n".join(requirements) + "\n"


def venv_bin(env: Path, name: str) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / name


def ensure_venv(
    folder: Path,
    requirements: list[str],
    executable: str,
    unavailable: Callable[[str], Exception],
    timeout: int,
    on_rebuild: Callable[[], None] | None = None,
) -> Path:
    """`executable` of the venv `folder`/venv with `requirements` installed, creating it on
    first use (or when the requirements changed). Raises `unavailable(pip's output)` when pip
    fails. `on_rebuild` removes what was made from an earlier venv."""
    env = folder / "venv"
    done = env / STAMP_FILE
    path = venv_bin(env, executable)
    if path.exists() and done.exists() and done.read_text() == stamp(requirements):
        return path
    folder.mkdir(parents=True, exist_ok=True)
    # A venv cannot be moved (its scripts name their own path), so it is built in place and the
    # stamp, written last, marks it complete; a half-built one is removed and rebuilt.
    shutil.rmtree(env, ignore_errors=True)
    if on_rebuild is not None:
        on_rebuild()
    venv.EnvBuilder(with_pip=True).create(env)
    proc = subprocess.run(
        [str(venv_bin(env, "python")), "-m", "pip", "install", "--disable-pip-version-check", "-q", *requirements],
        capture_output=True, text=True, timeout=timeout,
    )
    if proc.returncode != 0:
        shutil.rmtree(env, ignore_errors=True)
        raise unavailable(f"pip install {' '.join(requirements)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    done.write_text(stamp(requirements))
    return path
