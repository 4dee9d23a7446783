"""Reading and writing snapshot files (YAML by default, JSON accepted)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from compiler.diagnostics import FE006, FE007, FE014, InputError
from compiler.inputfile import InputFileError, read_text
from compiler.yamlio import YamlSyntaxError, format_path, line_of, load_yaml
from compiler.yamlwrite import dump as dump_yaml
from ir.snapshot import SNAPSHOT_VERSION, Snapshot

HEADER = "# mb snapshot: the catalog of one source. Format: docs/snapshot.md\n"


def snapshot_to_data(snapshot: Snapshot) -> dict[str, Any]:
    return snapshot.model_dump(mode="json", by_alias=True, exclude_none=True)


def dump_snapshot(snapshot: Snapshot, fmt: str = "yaml") -> str:
    data = snapshot_to_data(snapshot)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    # The shared writer: YAML 1.1 and 1.2 readers read the same snapshot (a column named `1e3`
    # or `yes` stays a string), so YAML and JSON snapshots compile alike.
    return HEADER + dump_yaml(data)


def parse_snapshot_text(text: str, location: str) -> Snapshot:
    is_json = text.lstrip().startswith("{")
    try:
        data = json.loads(text) if is_json else load_yaml(text)
    except RecursionError:
        raise InputError(FE007, "nested too deeply to be a snapshot", location) from None
    except json.JSONDecodeError as e:
        raise InputError(FE007, f"invalid JSON: {e.msg}", f"{location}:{e.lineno}:{e.colno}") from None
    except YamlSyntaxError as e:
        where = f"{location}:{e.line}:{e.column}" if e.line else location
        raise InputError(FE007, f"invalid YAML: {e.message}", where) from None
    if not isinstance(data, dict):
        raise InputError(FE006, "a snapshot must be a mapping with version, source and tables", location)
    version = data.get("version")
    if isinstance(version, int) and version > SNAPSHOT_VERSION:
        raise InputError(FE014, f"snapshot version {version} is newer than this mb understands ({SNAPSHOT_VERSION})", location)
    try:
        return Snapshot.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        line = None if is_json else line_of(text, err["loc"])
        more = f" (and {e.error_count() - 1} more problems)" if e.error_count() > 1 else ""
        raise InputError(FE006, f"at {format_path(err['loc'], data)}: {err['msg']}{more}",
                         f"{location}:{line}" if line else location) from None


def load_snapshot(path: Path) -> Snapshot:
    try:
        text = read_text(path)
    except InputFileError as e:
        raise InputError(FE007, f"snapshot {e}", str(path)) from None
    return parse_snapshot_text(text, str(path))
