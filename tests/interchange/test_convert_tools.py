"""`mb convert` output accepted by each target's real tool: a hand-written LookML project (a
Looker block) and the Apache Ossie TPC-DS and flights examples, each converted once to every
target, then checked by `dbt parse`, Cube's schema compiler, Superset's import schemas and
ImportDatasetsCommand, Microsoft's TMDL schema, lkml, and the Ossie JSON Schema.

One conversion and one run of each tool per case (the slow tools install themselves once under
.cache/validators/, as the backend tests do)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import lkml
import pytest
import yaml

from tests.support import REPO

sys.path.insert(0, str(REPO / "tests" / "backends" / "dbt"))

from dbt_runner import DbtUnavailable, ensure_dbt, run_dbt, write_project  # noqa: E402
from tests.backends.cube.cube_validator import compile_model, install  # noqa: E402
from backends.powerbi.tmdl_schema import validate as validate_tmdl  # noqa: E402
from tests.backends.superset import superset_env  # noqa: E402
from tests.services import service_unavailable  # noqa: E402

CASES = {
    "lookml_shopify": (REPO / "tests" / "fixtures" / "interchange" / "lookml" / "block-shopify", ["--dialect", "duckdb"]),
    "tpcds": (REPO / "examples" / "tpcds" / "tpcds_semantic_model.yaml", ["--dialect", "duckdb"]),
    "flights": (REPO / "examples" / "flights" / "flights.yaml", ["--dialect", "duckdb"]),
}
TARGETS = "lookml,dbt,cube,powerbi,superset,ossie"


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Path]:
    """Each case converted once to every target by the CLI, as a user runs it."""
    out = {}
    for case, (path, args) in CASES.items():
        root = tmp_path_factory.mktemp(case)
        # LookML leaves out a metric over two views' measures (LK001, an error by default): a loss
        # reported, not a broken file.
        (root / "mb.yaml").write_text(f"name: {case}\nseverity: {{LK001: warning}}\nsuperset:\n  sqlalchemy_uri: duckdb:///{case}.duckdb\n",
                                      encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "compiler.cli", "convert", str(path), "-t", TARGETS, "-o", "out",
                               "--format", "json", *args], capture_output=True, text=True, cwd=root, timeout=600,
                              env=dict(os.environ, PYTHONPATH=str(REPO)))
        assert proc.returncode == 0, proc.stderr[-4000:]
        assert not [d for d in json.loads(proc.stderr) if d["severity"] == "error"]
        out[case] = root / "out"
    return out


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file() and p.suffix != ".zip"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_dbt_parse_accepts_it(converted, case, tmp_path):
    try:
        dbt = ensure_dbt()
    except DbtUnavailable as e:
        service_unavailable(f"dbt could not be installed: {e}")
    root = tmp_path / "project"
    write_project(root, _files(converted[case] / "dbt"), tmp_path / "db.duckdb")
    parsed = run_dbt(dbt, root, "parse")
    assert parsed.returncode == 0, parsed.output[-6000:]
    manifest_path = root / "target" / "semantic_manifest.json"
    manifest = json.loads(manifest_path.read_text())
    semantic = {m["name"]: m for m in manifest["semantic_models"]}
    assert semantic or case == "flights"  # flights has no measures: no semantic model needs one
    if semantic:
        # dbt's own compiled manifest imports back: every semantic model and measure it holds.
        from compiler.api import read_model
        from compiler.diagnostics import Diagnostics

        diags = Diagnostics()
        _, model = read_model(manifest_path, fmt="dbt", diags=diags)
        assert not diags.has_errors(), diags.render_text()
        assert {e.name for e in model.entities} == set(semantic)
        for e in model.entities:
            assert {m.name for m in e.measures} >= {m["name"] for m in semantic[e.name]["measures"]}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cube_compiler_accepts_it(converted, case):
    meta = compile_model(install(), converted[case] / "cube")
    assert meta["errors"] == [], "\n".join(meta["errors"])
    assert meta["cubes"]


@pytest.fixture(scope="module")
def superset():
    try:
        python = superset_env.ensure_superset()
        return python, superset_env.metadata_template(python)
    except (superset_env.SupersetUnavailable, OSError, TimeoutError) as e:
        service_unavailable(f"Superset validator unavailable: {e}")


@pytest.mark.parametrize("case", sorted(CASES))
def test_superset_import_accepts_it(converted, case, superset, tmp_path):
    python, template = superset
    folder = converted[case] / "superset"
    archive = next(folder.glob("*.zip"))
    result = superset_env.check(python, template, tmp_path / "scratch", folder, archive)
    assert result["errors"] == []
    assert "ImportDatasetsCommand.validate" in result["checked"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_tmdl_schema_lkml_and_ossie_schema_accept_it(converted, case):
    assert validate_tmdl(_files(converted[case] / "powerbi")) == []
    views = [v for text in _files(converted[case] / "lookml").values() for v in lkml.load(text).get("views", [])]
    assert views
    schema = json.loads((REPO / "backends" / "ossie" / "schema" / "ossie-0.1.1.schema.json").read_text())
    for text in _files(converted[case] / "ossie").values():
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(text))) == []


def test_lookml_to_cube_and_dbt_keep_the_views_and_measures(converted):
    """What the Looker block's views and measures became in Cube and dbt."""
    source = {v["name"]: v for p in sorted(CASES["lookml_shopify"][0].rglob("*.view.lkml")) for v in lkml.load(p.read_text())["views"]}
    cubes = {c["name"]: c for text in _files(converted["lookml_shopify"] / "cube").values() for c in yaml.safe_load(text).get("cubes") or []}
    assert set(source) <= set(cubes)
    for name, v in source.items():
        kept = {m["name"] for m in v.get("measures", []) if m.get("type") in ("count", "sum", "average", "count_distinct", "min", "max")}
        assert kept <= {m["name"] for m in cubes[name].get("measures") or []}, name
