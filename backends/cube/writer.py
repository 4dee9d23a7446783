"""Deterministic YAML for Cube files.

Cube reads YAML with js-yaml (YAML 1.2 core schema) while PyYAML writes YAML 1.1, and the two
disagree on plain scalars such as `1e3`, `yes` or `0o7`. Every string that is not plainly a
word or a phrase is therefore double-quoted, so both sides read the same text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_ ]*\Z")
_PRINTABLE = re.compile(r"[ -~]*\Z")
_KEYWORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "nan", "inf"}


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = bool(_PLAIN.match(value)) and value == value.strip() and value.lower() not in _KEYWORDS
    if plain:
        style = None
    elif "'" not in value and _PRINTABLE.match(value):
        style = "'"  # SQL full of double-quoted identifiers reads best single-quoted
    else:
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(doc: dict[str, Any], header: str) -> str:
    body = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False, indent=2)
    lines = []
    for line in header.splitlines():
        lines.append(f"# {line}" if line else "#")
    return "\n".join(lines) + "\n" + body
