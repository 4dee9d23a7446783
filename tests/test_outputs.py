"""Generated files on disk: text and binary (the Superset zip) written, checked and validated
like with like."""

from __future__ import annotations

from compiler.api import compile as compile_snapshot
from compiler.check import check_outputs, read_tree, validate_outputs
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.output import write_outputs
from tests.support import shop_snapshot


def _compiled():
    result = compile_snapshot(shop_snapshot("postgres"), ["superset"], Config(name="shop"), Diagnostics())
    return result.files, result.model


def test_binary_files_are_written_checked_and_validated_as_bytes(tmp_path):
    files, model = _compiled()
    assert isinstance(files["superset"]["shop.zip"], bytes)
    write_outputs(tmp_path, files)
    assert (tmp_path / "superset" / "shop.zip").read_bytes() == files["superset"]["shop.zip"]
    on_disk = read_tree(tmp_path / "superset", lambda rel: rel.endswith(".zip"))
    assert on_disk == files["superset"]

    diags = Diagnostics()
    assert check_outputs(tmp_path, files, model, {}, diags).differing == 0
    assert not diags.has_errors(), diags.render_text()
    diags = Diagnostics()
    validate_outputs(tmp_path, ["superset"], diags)
    assert not diags.has_errors(), diags.render_text()


def test_a_damaged_zip_is_drift_and_does_not_read(tmp_path):
    files, model = _compiled()
    write_outputs(tmp_path, files)
    zip_path = tmp_path / "superset" / "shop.zip"
    zip_path.write_bytes(zip_path.read_bytes()[:-30])
    diags = Diagnostics()
    assert check_outputs(tmp_path, files, model, {}, diags).differing == 1
    assert {d.code for d in diags.items if d.severity == "error"} == {"CK001", "RT002"}
    diags = Diagnostics()
    validate_outputs(tmp_path, ["superset"], diags)
    assert [d.code for d in diags.items] == ["RT002"]


def test_text_compares_whatever_line_ends_git_gave_it(tmp_path):
    files, model = _compiled()
    write_outputs(tmp_path, files)
    meta = tmp_path / "superset" / "metadata.yaml"
    meta.write_bytes(meta.read_bytes().replace(b"\n", b"\r\n"))
    diags = Diagnostics()
    assert check_outputs(tmp_path, files, model, {}, diags).differing == 0, diags.render_text()
