"""Golden tests: staged input -> output for each backend, compared byte for byte.

Inputs are snapshot files under tests/golden/<case>/snapshot.yaml; expected output lives beside
them in expected/<target>/. After an intended change, regenerate with
`MB_UPDATE_GOLDEN=lookml python -m pytest tests/test_golden.py` (a comma-separated list of
targets, or `all`) and review the diff. Every registered backend is tested on every case.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backends.base import Files, available
from compiler.api import compile as compile_snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.snapshot_io import dump_snapshot, load_snapshot
from tests.support import shop_snapshot

GOLDEN = Path(__file__).parent / "golden"
UPDATE_TARGETS = {t for t in os.environ.get("MB_UPDATE_GOLDEN", "").split(",") if t}
CASES = {
    # A web shop in mixed naming styles (postgres quoting, schema-qualified tables).
    "shop_postgres": lambda: shop_snapshot("postgres"),
    # The same schema as MySQL sees it: backtick quoting.
    "shop_mysql": lambda: shop_snapshot("mysql"),
    # The same schema in T-SQL: bracket quoting and its string concatenation.
    "shop_tsql": lambda: shop_snapshot("tsql"),
}
TARGETS = sorted(available())


def _updating(target: str) -> bool:
    return "all" in UPDATE_TARGETS or target in UPDATE_TARGETS


def _case_files(case: str, target: str) -> tuple[Path, Files]:
    folder = GOLDEN / case
    snap_path = folder / "snapshot.yaml"
    if _updating("snapshot") or not snap_path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        snap_path.write_text(dump_snapshot(CASES[case]()), encoding="utf-8")
    diags = Diagnostics()
    result = compile_snapshot(load_snapshot(snap_path), [target], Config(name=case), diags)
    assert not diags.has_errors(), diags.render_text()
    return folder, result.files[target]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_output(case, target):
    folder, target_files = _case_files(case, target)
    expected_dir = folder / "expected" / target
    if _updating(target):
        for old in expected_dir.rglob("*") if expected_dir.exists() else []:
            if old.is_file():
                old.unlink()
        for rel, content in target_files.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                (expected_dir / rel).write_bytes(content)
            else:
                (expected_dir / rel).write_text(content, encoding="utf-8", newline="\n")
    expected = {p.relative_to(expected_dir).as_posix(): p for p in expected_dir.rglob("*") if p.is_file()}
    assert sorted(expected) == sorted(target_files), f"{case}/{target}: file set differs"
    for rel, content in target_files.items():
        # Binary files (an archive) compare as bytes, text as text.
        want = expected[rel].read_bytes() if isinstance(content, bytes) else expected[rel].read_text(encoding="utf-8")
        assert content == want, f"{case}/{target}/{rel} differs from the golden file"
