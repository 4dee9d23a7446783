"""The git loop users run: snapshot + mb.yaml + generated models committed together; a schema
change and an override regenerate into a minimal diff; `mb check` guards drift; the pre-commit
hooks this repository offers run for real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backends.base import available
from compiler.snapshot_io import dump_snapshot, load_snapshot
from ir.catalog import Column
from tests.support import REPO

CHINOOK = REPO / "examples" / "chinook" / "chinook.sqlite"
# Every registered target, unless a developer narrows it while a backend is under construction.
TARGETS = sorted(os.environ["MB_TEST_TARGETS"].split(",")) if os.environ.get("MB_TEST_TARGETS") else sorted(available())
CONFIG = """name: chinook
source: snapshot.yaml
targets: [{targets}]
output: generated
"""
OVERRIDE = """overrides:
  tables:
    Invoice:
      measures:
        - name: big_invoice_revenue
          agg: sum
          expr: Total
          filter: "Total > 10"
          description: "Revenue from invoices over 10."
"""


def run(*args: str, cwd: Path, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=900, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def mb(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return run(sys.executable, "-m", "compiler.cli", *args, cwd=cwd, check=check,
               env={**os.environ, "PYTHONPATH": str(REPO)})


def git(*args: str, cwd: Path) -> str:
    return run("git", "-c", "user.email=ci@example.com", "-c", "user.name=ci", *args, cwd=cwd).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    root.mkdir()
    shutil.copy(CHINOOK, root / "chinook.sqlite")
    mb("snapshot", "chinook.sqlite", "-o", "snapshot.yaml", "--no-profile", cwd=root)
    (root / "chinook.sqlite").unlink()
    (root / "mb.yaml").write_text(CONFIG.format(targets=", ".join(TARGETS)))
    mb("compile", cwd=root)
    git("init", "-q", "-b", "main", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-qm", "initial models", cwd=root)
    return root


def hunks(diff: str) -> list[tuple[str, str]]:
    """(file, hunk text) for every hunk of a unified diff."""
    out, current = [], None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            current = line[6:] if line.startswith("+++ b/") else line[4:]
        elif line.startswith("@@"):
            out.append([current, ""])
        elif out and (line.startswith("+") or line.startswith("-")) and not line.startswith(("+++", "---")):
            out[-1][1] += line + "\n"
    return [tuple(h) for h in out]


def test_one_column_and_one_measure_give_a_minimal_diff_and_check_guards_drift(repo: Path):
    assert mb("check", cwd=repo).returncode == 0

    snap = load_snapshot(repo / "snapshot.yaml")
    invoice = snap.table("Invoice")
    invoice.columns.append(Column(name="PromoCode", type="NVARCHAR(20)", nullable=True))
    (repo / "snapshot.yaml").write_text(dump_snapshot(snap))
    with (repo / "mb.yaml").open("a") as fh:
        fh.write(OVERRIDE)

    stale = mb("check", cwd=repo, check=False)
    assert stale.returncode == 1 and "CK001" in stale.stderr

    mb("compile", cwd=repo)
    assert mb("check", cwd=repo).returncode == 0

    diff = git("diff", "-U0", "--", "generated", cwd=repo)
    found = hunks(diff)
    assert found, "regeneration changed nothing"
    wanted = re.compile(r"promo_?code|PromoCode|Promo Code|big_invoice_revenue|Big Invoice Revenue|invoices over 10", re.I)
    for path, text in found:
        assert wanted.search(text), f"{path}: a hunk unrelated to the new column or measure:\n{text}"
    for target in TARGETS:
        touched = {p for p, _ in found if p.startswith(f"generated/{target}/")}
        assert touched, f"{target}: the change did not reach this target"
        body = "".join(t for p, t in found if p.startswith(f"generated/{target}/"))
        assert re.search(r"promo_?code|PromoCode", body, re.I), f"{target}: new column missing"
        assert "big_invoice_revenue" in body, f"{target}: override measure missing"

    view = repo / "generated" / "lookml" / "views" / "invoice.view.lkml"
    view.write_text(view.read_text().replace('label: "Total"', 'label: "Grand total"'))
    drift = mb("check", cwd=repo, check=False)
    assert drift.returncode == 1
    assert "generated/lookml/views/invoice.view.lkml" in drift.stderr and "CK001" in drift.stderr
    assert "Traceback" not in drift.stderr


def test_override_naming_a_missing_column_is_a_located_warning(repo: Path):
    with (repo / "mb.yaml").open("a") as fh:
        fh.write("overrides:\n  tables:\n    Invoice:\n      columns:\n        NoSuchColumn: {label: X}\n")
    out = mb("compile", cwd=repo)
    assert "mb.yaml:9: warning[OV001]" in out.stderr


def test_diff_between_git_revisions_grades_changes(repo: Path):
    snap = load_snapshot(repo / "snapshot.yaml")
    track = snap.table("Track")
    track.columns = [c for c in track.columns if c.name != "Composer"]
    next(c for c in snap.table("Invoice").columns if c.name == "Total").type = "VARCHAR(20)"
    snap.tables.append(snap.table("Genre").model_copy(update={"name": "Mood"}, deep=True))
    (repo / "snapshot.yaml").write_text(dump_snapshot(snap))
    out = mb("diff", "HEAD:snapshot.yaml", "snapshot.yaml", "--format", "json", cwd=repo)
    import json

    changes = {(c["kind"], c["change"], c["object"]): c for c in json.loads(out.stdout)}
    assert changes[("column", "removed", "Track.Composer")]["grade"] == "breaking"
    assert changes[("column", "changed", "Invoice.Total")]["grade"] == "breaking"
    assert changes[("table", "added", "Mood")]["grade"] == "additive"
    assert "views/track.view.lkml (composer)" in changes[("column", "removed", "Track.Composer")]["affects"]["lookml"]
    widened = mb("diff", "HEAD:snapshot.yaml", "snapshot.yaml", cwd=repo).stdout
    assert "breaking  column removed: Track.Composer" in widened


def test_pre_commit_hooks_run_for_real(repo: Path, tmp_path: Path):
    if shutil.which("pre-commit") is None and not (Path(sys.executable).parent / "pre-commit").exists():
        pytest.fail("pre-commit is part of the dev extra; install it with pip install -e '.[dev]'")
    head = run("git", "rev-parse", "HEAD", cwd=REPO).stdout.strip()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {head}\n    hooks:\n      - id: mb-check\n      - id: mb-validate\n"
    )
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "hooks", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(REPO / ".cache" / "pre-commit")}
    env.pop("PYTHONPATH", None)
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    ok = run(exe, "run", "--all-files", cwd=repo, check=False, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "mb check" in ok.stdout and "Passed" in ok.stdout
    view = repo / "generated" / "lookml" / "views" / "album.view.lkml"
    view.write_text(view.read_text() + "# a hand edit\n")
    bad = run(exe, "run", "--all-files", cwd=repo, check=False, env=env)
    assert bad.returncode == 1
    assert "Failed" in bad.stdout and "album.view.lkml" in bad.stdout
