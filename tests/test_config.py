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
