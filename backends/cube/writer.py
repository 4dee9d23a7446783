r"""Cube files as YAML, through the shared writer (compiler/yamlwrite.py).

Text reaches Cube through three readers, and is made inert for each:
- Jinja: Cube renders a model file as a template when it holds `{{`, `}}`, `{%` or `%}`; the
  writer writes none (compiler/yamlwrite.py, jinja_inert);
- YAML: js-yaml reads YAML 1.2; the writer quotes what 1.1 and 1.2 could read differently;
- Cube's own template strings: every string member (title, description) is read as a Python
  f-string, where `{x}` is a reference and a backslash an escape. `text` writes `{`, `}` and `\`
  as `\{`, `\}` and `\x5c` (checked against Cube's compiler: tests/test_hostile_text.py).
  SQL members cannot be escaped that way; braces in them are refused (sql.unsafe_reason).
"""

from __future__ import annotations

import re
from typing import Any

from compiler.yamlwrite import dump as _dump

TEXT_KEYS = frozenset({"title", "description"})
_SPECIAL = re.compile(r"[\\{}]")
_ESCAPES = {"\\": "\\x5c", "{": "\\{", "}": "\\}"}
_UNESCAPE = re.compile(r"\\x5c|\\\{|\\\}")


def text(value: str) -> str:
    """A title or description as a Cube string member that evaluates to `value`."""
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], value)


def plain(value: str) -> str:
    """The text a Cube string member written by `text` evaluates to."""
    return _UNESCAPE.sub(lambda m: {"\\x5c": "\\", "\\{": "{", "\\}": "}"}[m.group()], value)


def _texts(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: text(v) if k in TEXT_KEYS and isinstance(v, str) else _texts(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_texts(v) for v in node]
    return node


def dump(doc: dict[str, Any], header: str) -> str:
    return _dump(_texts(doc), header.splitlines(), jinja_inert=True)
