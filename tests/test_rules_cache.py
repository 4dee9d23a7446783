"""The classification grammar's parse tables, kept in the user's cache between runs."""

from __future__ import annotations

from compiler.classification import rules


def _fresh_parser(monkeypatch, cache_home) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    rules._parser.cache_clear()


def test_the_tables_are_written_once_and_a_damaged_file_is_rebuilt(tmp_path, monkeypatch):
    try:
        _fresh_parser(monkeypatch, tmp_path)
        expected = [r.name for r in rules.parse_rules(_default_text())]
        cached = tmp_path / "mb" / "classification-grammar.lark"
        assert cached.is_file()
        cached.write_bytes(b"not a cache\n" + b"\x80garbage")
        _fresh_parser(monkeypatch, tmp_path)
        assert [r.name for r in rules.parse_rules(_default_text())] == expected
        assert cached.read_bytes()[:11] != b"not a cache"  # written again, whole
    finally:
        rules._parser.cache_clear()


def test_no_cache_where_none_can_be_kept(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    try:
        _fresh_parser(monkeypatch, blocked)  # the cache folder cannot be made under a file
        assert rules._parser_cache() is False
        assert rules.parse_rules("r: semantic email when name ~ /mail/;")[0].name == "r"
    finally:
        rules._parser.cache_clear()


def _default_text() -> str:
    from importlib import resources

    return resources.files("compiler.classification").joinpath("default.rules").read_text(encoding="utf-8")
