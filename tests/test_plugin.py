"""A backend is a plug-in for real: a separate package (tests/fixtures/plugin, `mb-tiny`) is
pip-installed beside mb and becomes a target with its own mb.yaml section and diagnostic code,
without any file of this repository knowing about it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO

PLUGIN = REPO / "tests" / "fixtures" / "plugin"

DDL = """
create table customers (id integer primary key, name varchar(40));
create table visits (customer_id integer references customers (id), seen_at timestamp);
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """mb-tiny installed with pip into a folder of its own, put on the path of the `mb` runs."""
    target = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps", "--target", str(target), str(PLUGIN)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (target / "mb_tiny" / "__init__.py").is_file()
    assert list(target.glob("mb_tiny-*.dist-info/entry_points.txt")), "pip wrote no entry point"
    return target


def mb(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(REPO)]))
    return subprocess.run([sys.executable, "-m", "compiler.cli", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def project(tmp_path: Path, tiny: str, severity: str = "") -> Path:
    (tmp_path / "shop.sql").write_text(DDL, encoding="utf-8")
    (tmp_path / "mb.yaml").write_text(
        f"name: shop\nsource: shop.sql\ndialect: postgres\ntargets: [tiny, lookml]\noutput: out\n{severity}tiny:\n{tiny}",
        encoding="utf-8",
    )
    return tmp_path


def test_installed_backend_is_a_target_with_its_codes_and_settings(site, tmp_path):
    targets = mb(site, "targets", cwd=tmp_path)
    assert targets.returncode == 0, targets.stderr
    assert "tiny       mb_tiny:TinyBackend" in targets.stdout.splitlines()
    codes = mb(site, "codes", cwd=tmp_path)
    assert "TY001  warning  entity has no primary key; tiny lists it anyway" in codes.stdout.splitlines()
    schema = json.loads(mb(site, "schema", "--config", cwd=tmp_path).stdout)
    assert set(schema["properties"]["tiny"]["properties"]) == {"greeting", "uppercase"}


def test_compile_with_the_installed_backend(site, tmp_path):
    root = project(tmp_path, "  greeting: my shop\n  uppercase: true\n")
    out = mb(site, "compile", "--format", "json", cwd=root)
    assert out.returncode == 0, out.stderr
    assert (root / "out" / "tiny" / "entities.txt").read_text() == "# my shop\nCUSTOMERS  customers\nVISITS  visits\n"
    assert (root / "out" / "lookml" / "shop.model.lkml").is_file()  # beside a built-in target
    found = [(d["code"], d["severity"], d["location"]) for d in json.loads(out.stderr)]
    assert ("TY001", "warning", "tiny:entities.txt:3") in found
    assert not [d for d in found if d[1] == "error"]


def test_its_code_takes_a_severity_from_mb_yaml(site, tmp_path):
    root = project(tmp_path, "  greeting: hi\n", severity="severity: {TY001: error}\n")
    out = mb(site, "compile", cwd=root)
    assert out.returncode == 1, out.stderr
    assert "error[TY001] visits has no primary key" in out.stderr
    assert not (root / "out").exists()  # an error writes nothing


def test_its_section_is_validated_by_its_own_model(site, tmp_path):
    root = project(tmp_path, "  greeting: hi\n  uppercas: true\n")
    out = mb(site, "compile", cwd=root)
    assert out.returncode == 2, out.stderr
    assert "mb.yaml:8: error[CF001] at tiny.uppercas: Extra inputs are not permitted" in out.stderr
    assert "Traceback" not in out.stderr
    # Without the package, the section is an unknown setting, named with its line.
    bare = subprocess.run([sys.executable, "-m", "compiler.cli", "compile"], capture_output=True, text=True, cwd=root, timeout=300)
    assert bare.returncode == 2
    assert "mb.yaml:6: error[CF001] unknown setting 'tiny'" in bare.stderr
