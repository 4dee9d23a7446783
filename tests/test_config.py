"""mb.yaml: defaults, located errors, severity overrides."""

from __future__ import annotations

import pytest

from compiler.config import load_config
from compiler.diagnostics import Diagnostics, InputError


def test_missing_config_in_cwd_gives_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = load_config(None, Diagnostics())
    assert cfg.targets == [] and cfg.explores.max_depth == 4


def test_config_values_and_severity_override(tmp_path):
    p = tmp_path / "mb.yaml"
    p.write_text("name: shop\ntargets: [lookml]\nseverity:\n  AN001: error\nlookml:\n  connection: warehouse\n")
    diags = Diagnostics()
    cfg = load_config(p, diags)
    assert cfg.name == "shop" and cfg.target_options("lookml") == {"connection": "warehouse"}
    diags.report("AN001", "no key", "t")
    assert diags.items[0].severity == "error"


def test_bad_config_key_is_located(tmp_path):
    p = tmp_path / "mb.yaml"
    p.write_text("name: shop\nexplores:\n  max_depht: 3\n")
    with pytest.raises(InputError) as err:
        load_config(p, Diagnostics())
    assert err.value.code.code == "CF001"
    assert err.value.location == f"{p}:3"
    assert "explores.max_depht" in err.value.message


def test_unknown_code_in_severity_is_a_warning(tmp_path):
    p = tmp_path / "mb.yaml"
    p.write_text("severity:\n  ZZ999: error\n")
    diags = Diagnostics()
    load_config(p, diags)
    assert [(d.code, d.location) for d in diags.items] == [("CF002", f"{p}:2")]


def test_target_sections_are_checked_by_each_backends_model(tmp_path):
    p = tmp_path / "mb.yaml"
    p.write_text("name: shop\nsuperset:\n  database_name: shop\n  zip: perhaps\n")
    with pytest.raises(InputError) as err:
        load_config(p, Diagnostics())
    assert (err.value.code.code, err.value.location) == ("CF001", f"{p}:4")
    assert "superset.zip" in err.value.message
    p.write_text("name: shop\ndbt:\n  folder: generated\n  time_spin: false\n")
    with pytest.raises(InputError) as err:
        load_config(p, Diagnostics())
    assert (err.value.location, "dbt.time_spin" in err.value.message) == (f"{p}:4", True)


def test_a_backends_code_takes_a_severity(tmp_path):
    """Backend codes are registered by the backend (backends/<name>/codes.py), not centrally."""
    p = tmp_path / "mb.yaml"
    p.write_text("severity:\n  DB002: error\n  CB003: warning\n")
    diags = Diagnostics()
    load_config(p, diags)
    assert diags.items == [] and diags.overrides == {"DB002": "error", "CB003": "warning"}
