"""Deterministic YAML for Ossie files.

Ossie files are read by PyYAML (YAML 1.1), ruamel and JavaScript tools (YAML 1.2), which disagree
on plain scalars such as `yes`, `1e3` or `0.1.1`-like versions. Every string that is not plainly
a word or a phrase is quoted, so all of them read the same text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_ ]*\Z")
_PRINTABLE = re.compile(r"[ -~]*\Z")
_KEYWORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "nan", "inf", "none"}


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Sequences indented under their key, as the Ossie examples write them.
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _PLAIN.match(value) and value == value.strip() and value.lower() not in _KEYWORDS:
        style = None
    elif "'" not in value and "\n" not in value and _PRINTABLE.match(value):
        style = "'"  # SQL full of double-quoted identifiers reads best single-quoted
    else:
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(doc: dict[str, Any], header: str) -> str:
    body = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + body
