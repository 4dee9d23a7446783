"""YAML the way Superset writes its exports (keys in Superset's order, block style), with
multi-line SQL as literal blocks so a one-line change in a query is a one-line diff. Written by
the shared writer (compiler/yamlwrite.py), so PyYAML (YAML 1.1), which Superset loads with,
reads exactly the strings that were meant (`yes`, `on`, `1e3` stay strings)."""

from __future__ import annotations

from typing import Any, Iterable

from compiler.yamlwrite import dump as _dump


def dump(body: dict[str, Any], header: Iterable[str] = ()) -> str:
    """`body` as YAML, under `header` lines written as comments."""
    return _dump(body, header)
