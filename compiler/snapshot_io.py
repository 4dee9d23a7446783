"""Reading and writing snapshot files (YAML by default, JSON accepted)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from compiler.diagnostics import FE006, FE007, FE014, InputError
from ir.snapshot import SNAPSHOT_VERSION, Snapshot

HEADER = "# mb snapshot: the catalog of one source. Format: docs/snapshot.md\n"

# libyaml's C loader/dumper: the pure-Python ones are 5-10x slower on big schemas.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def snapshot_to_data(snapshot: Snapshot) -> dict[str, Any]:
    return snapshot.model_dump(mode="json", by_alias=True, exclude_none=True)


def dump_snapshot(snapshot: Snapshot, fmt: str = "yaml") -> str:
    data = snapshot_to_data(snapshot)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return HEADER + body


def parse_snapshot_text(text: str, location: str) -> Snapshot:
    stripped = text.lstrip()
    try:
        if stripped.startswith("{"):
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as e:
        raise InputError(FE007, f"invalid JSON: {e.msg}", f"{location}:{e.lineno}:{e.colno}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{location}:{mark.line + 1}:{mark.column + 1}" if mark else location
        raise InputError(FE007, f"invalid YAML: {getattr(e, 'problem', None) or e}", where) from None
    if not isinstance(data, dict):
        raise InputError(FE006, "a snapshot must be a mapping with version, source and tables", location)
    version = data.get("version")
    if isinstance(version, int) and version > SNAPSHOT_VERSION:
        raise InputError(FE014, f"snapshot version {version} is newer than this mb understands ({SNAPSHOT_VERSION})", location)
    try:
        return Snapshot.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        path = _format_path(err["loc"], data)
        line = _line_of(text, err["loc"]) if not stripped.startswith("{") else None
        where = f"{location}:{line}" if line else location
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise InputError(FE006, f"at {path}: {err['msg']}{more}", where) from None


def load_snapshot(path: Path) -> Snapshot:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(FE007, "snapshot is not UTF-8 text", str(path)) from None
    return parse_snapshot_text(text, str(path))


def _format_path(loc: tuple, data: Any) -> str:
    """tables[3].columns[0].nullable, with the table's name when it has one."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            name = node[part].get("name") if isinstance(node, list) and part < len(node) and isinstance(node[part], dict) else None
            out += f"[{part}]" + (f"({name})" if isinstance(name, str) else "")
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def _line_of(text: str, loc: tuple) -> int | None:
    """The 1-based line of the YAML node at `loc`, found only when an error needs it."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == part:
                    nxt = v
                    break
            if nxt is None:
                return node.start_mark.line + 1
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1
