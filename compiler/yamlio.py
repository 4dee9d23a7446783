"""YAML loading with locations: fast C loader for the data, node marks only when an error needs a line."""

from __future__ import annotations

import re
from typing import Any

import ryaml
import yaml

from compiler.readonce import parsed_once, sharing

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None, column: int | None):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


_RYAML_WHERE = re.compile(r"at line (\d+) column (\d+)")


def load_yaml(text: str) -> Any:
    """Parse YAML 1.2 (so `yes`/`on` stay strings) with ryaml, a Rust parser about ten times
    faster than libyaml through PyYAML's Python-level constructor on large snapshots."""
    try:
        return ryaml.loads(text)
    except ryaml.InvalidYamlError as e:
        message = str(e)
        m = _RYAML_WHERE.search(message)
        line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        raise YamlSyntaxError(_RYAML_WHERE.sub("", message).replace(" ,", ",").strip(" ,"), line, column) from None


def load_written(text: str) -> Any:
    """YAML that compiler/yamlwrite.py wrote, read back fast, as PyYAML's safe loader reads it.

    The writer puts nothing plain that YAML 1.1 (PyYAML, which dbt and Superset use) and YAML
    1.2 (ryaml, js-yaml in Cube) read differently, which tests/test_yamlwrite.py checks against
    every reader; so ryaml, about ten times faster than PyYAML's Python-level constructor, gives
    the same data for such files. Text ryaml rejects (a duplicate key, a tab...) is read by
    PyYAML after all, which then accepts it or raises its own yaml.YAMLError.

    Only inside `shared_reads()` (a compile reading back the files it has just written) is the
    text taken as the writer's, parsed once with ryaml and its data handed to every reader. Files
    read from disk (`mb validate`, `mb convert`) may have been edited by people, who write `yes`
    and `on`: those are read by PyYAML, as dbt and Superset read them."""
    if not sharing():
        return yaml.load(text, Loader=Loader)  # noqa: S506 - the C safe loader
    return parsed_once(text, _load_written)


def _load_written(text: str) -> Any:
    try:
        return ryaml.loads(text)
    except ryaml.InvalidYamlError:
        return yaml.load(text, Loader=Loader)  # noqa: S506 - the C safe loader


def format_path(loc: tuple, data: Any) -> str:
    """tables[3](Album).columns[0](Title).nullable: indexes carry the item's name when it has one."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            name = item.get("name") if isinstance(item, dict) else None
            out += f"[{part}]" + (f"({name})" if isinstance(name, str) else "")
            node = item
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def line_of(text: str, loc: tuple, key: bool = False) -> int | None:
    """The 1-based line of the YAML node at `loc` (or of its nearest existing parent); with
    `key`, of the mapping key that names it."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    for i, part in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                return node.start_mark.line + 1
            if key and i == len(loc) - 1:
                return pair[0].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1


class Located(dict):
    """A mapping read from a file that remembers where it was: `line` of the mapping itself and
    `lines[key]`, the line of each key (1-based). For importers, whose diagnostics name file:line."""

    line: int = 0
    lines: dict

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LocatedList(list):
    """A sequence read from a file: `line` of the sequence, `lines[i]` of each item (1-based)."""

    line: int = 0
    lines: list


class _LocatingLoader(Loader):  # type: ignore[misc, valid-type]
    pass


def _located_map(loader: Any, node: yaml.MappingNode):
    data = Located()
    data.line, data.lines = node.start_mark.line + 1, {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            key = str(key)
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1


def _located_seq(loader: Any, node: yaml.SequenceNode):
    data = LocatedList()
    data.line, data.lines = node.start_mark.line + 1, [n.start_mark.line + 1 for n in node.value]
    yield data
    data.extend(loader.construct_object(n, deep=True) for n in node.value)


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _located_map)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _located_seq)


def load_located(text: str, all_documents: bool = False) -> Any:
    """Parse YAML as the tools people write it for do (PyYAML's safe loader, YAML 1.1), with every
    mapping a `Located` and every sequence a `LocatedList`; `all_documents`: a list of every
    document of a `---` separated stream. Raises YamlSyntaxError."""
    try:
        if all_documents:
            return list(yaml.load_all(text, Loader=_LocatingLoader))  # noqa: S506 - a SafeLoader subclass
        return yaml.load(text, Loader=_LocatingLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise YamlSyntaxError(str(problem), mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None

