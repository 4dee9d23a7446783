"""Cube files as YAML, through the shared writer (compiler/yamlwrite.py).

Cube reads YAML with js-yaml (YAML 1.2), and renders a model file through Jinja when it holds
a Jinja delimiter: the writer quotes what YAML 1.1 and 1.2 could read differently, and writes
no `{{`, `{%` or `{#` at all (a `{` starting one is escaped inside a double-quoted string), so
text from the database reaches Cube as text, never as a template.
"""

from __future__ import annotations

from typing import Any

from compiler.yamlwrite import dump as _dump


def dump(doc: dict[str, Any], header: str) -> str:
    return _dump(doc, header.splitlines(), jinja_inert=True)
