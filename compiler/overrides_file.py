"""Edit the `overrides:` section of mb.yaml in place, keeping the rest of the file as the person
wrote it: comments, key order, quoting, flow or block style, indentation (a ruamel.yaml round
trip). The edited text must still load as a valid config, or nothing is written; the file is
replaced whole (written beside it, then renamed), so a reader never sees half a file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from compiler.config import parse_config
from compiler.diagnostics import InputError
from compiler.yamlio import YamlSyntaxError, load_yaml


class OverrideWriteError(ValueError):
    """The file cannot be edited (unreadable, not YAML, or the edit would make it invalid)."""


def _yaml(text: str) -> tuple[YAML, Any]:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a person's long lines
    if not text.strip():
        yaml.indent(mapping=2, sequence=4, offset=2)
        return yaml, CommentedMap()
    try:
        _, indent, block_seq_indent = load_yaml_guess_indent(text)
        # A file without block sequences yet gets them in the style docs/git-workflow.md shows.
        offset = block_seq_indent if block_seq_indent is not None else (indent or 2)
        yaml.indent(mapping=indent or 2, sequence=offset + 2, offset=offset)
        data = yaml.load(text)
    except YAMLError as e:
        raise OverrideWriteError(f"not valid YAML: {str(e).splitlines()[0]}") from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise OverrideWriteError("mb.yaml must be a mapping")
    return yaml, data


def _child(parent: CommentedMap, key: str, kind: type) -> Any:
    value = parent.get(key)
    if not isinstance(value, kind):
        value = kind()
        parent[key] = value
    return value


def child(parent: CommentedMap, key: str) -> CommentedMap:
    """parent[key] as a mapping, created (block style) when missing or empty."""
    return _child(parent, key, CommentedMap)


def child_list(parent: CommentedMap, key: str) -> CommentedSeq:
    """parent[key] as a list, created when missing or empty."""
    return _child(parent, key, CommentedSeq)


def flow_list(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def flow_map(**items: Any) -> CommentedMap:
    out = CommentedMap(items)
    out.fa.set_flow_style()
    return out


def edit_overrides(path: Path, change: Callable[[CommentedMap], None]) -> str:
    """Apply `change` to the `overrides:` mapping of the file at `path` (created when missing)
    and write it back. Returns the new text."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as e:
        raise OverrideWriteError(f"cannot read: {getattr(e, 'strerror', None) or e}") from None
    yaml, data = _yaml(text)
    change(child(data, "overrides"))
    buf = io.StringIO()
    yaml.dump(data, buf)
    new_text = buf.getvalue()
    try:
        parse_config(load_yaml(new_text) or {})
    except YamlSyntaxError as e:
        raise OverrideWriteError(f"the edit would not be valid YAML: {e.message}") from None
    except InputError as e:
        raise OverrideWriteError(f"the edit would make the config invalid {e.message}") from None
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(new_text, encoding="utf-8")
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OverrideWriteError(f"cannot write: {e.strerror}") from None
    return new_text
