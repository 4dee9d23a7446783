"""What the validator runners share: finding a tool, a scratch folder holding the files, and
locating a tool's message at the file that defines the object it names."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NamedTuple

_NAME_LINE = re.compile(r"^\s*-?\s*(?:name|table_name|metric_name|database_name):\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.M)


class Missing(Exception):
    """The tool is not installed (or not usable); the message says how to get it."""


class Finding(NamedTuple):
    path: str | None  # relative to the target folder; None when the message names no file
    message: str


def tool(env: str, name: str) -> str | None:
    """The executable named by $env, else `name` on PATH."""
    given = os.environ.get(env)
    if given:
        return given if Path(given).exists() or shutil.which(given) else None
    return shutil.which(name)


@contextmanager
def scratch(files: dict[str, str | bytes], sub: str = "") -> Iterator[Path]:
    """A temporary folder holding the files (under `sub`), removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="mb-validate-"))
    try:
        for rel, content in files.items():
            path = root / sub / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def locate(message: str, files: dict[str, str | bytes]) -> str | None:
    """The file a tool's message is about: one whose path it mentions, else the one defining the
    first object name it mentions (a cube, semantic model, metric or model)."""
    for path in sorted(files, key=len, reverse=True):
        if path in message or Path(path).name in message:
            return path
    defined: dict[str, str] = {}
    for path, text in sorted(files.items()):
        if isinstance(text, bytes):
            continue
        if path.endswith(".sql"):
            defined.setdefault(Path(path).stem, path)
        for name in _NAME_LINE.findall(text):
            defined.setdefault(name.strip(), path)
    # A value the tool quotes (`summ`) is found in the one file that holds it.
    for quoted in re.findall(r"`([^`\s]+)`", message):
        holders = [p for p, t in sorted(files.items()) if isinstance(t, str) and re.search(rf"\b{re.escape(quoted)}\b", t)]
        if len(holders) == 1:
            return holders[0]
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", message)
    for w in words:
        if w in defined:
            return defined[w]
    return None
