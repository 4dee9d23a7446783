"""YAML the way Superset writes its exports (keys in Superset's order, block style), with
multi-line SQL as literal blocks so a one-line change in a query is a one-line diff."""

from __future__ import annotations

from typing import Any, Iterable

import yaml


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        # A value shared by two places is written twice, never as an anchor Superset would
        # have to resolve.
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML falls back to a quoted style by itself when a literal block cannot hold the text.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def dump(body: dict[str, Any], header: Iterable[str] = ()) -> str:
    """`body` as YAML, under `header` lines written as comments."""
    out = yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1 << 20)
    return "".join(f"# {line}\n" if line else "#\n" for line in header) + out
