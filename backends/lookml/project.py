"""A LookML project as Looker resolves it, before it becomes IR: every file parsed (lkml, through
the fast loader in parse.py), constants from manifest.lkml substituted, views and explores merged
with what they extend and with their refinements (`view: +name`), and the file and line of each
declaration kept for diagnostics.

Merging follows Looker: a view's parameters override those of the view it extends, a refinement's
override the refined view's, and fields (dimensions, dimension groups, measures, filters,
parameters) merge by name, parameter by parameter. Views marked `extension: required` exist only
to be extended and are not models of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from backends.lookml import parse

FIELD_KINDS = ("dimensions", "dimension_groups", "measures", "filters", "parameters")
_DECLARATION = re.compile(r"^[ \t]*(view|explore|dimension|dimension_group|measure|filter|parameter|join)[ \t]*:[ \t]*\+?([\w$]+)", re.MULTILINE)
_CONSTANT = re.compile(r"@\{(\w+)\}")


@dataclass
class Located:
    """A view or explore: its merged parameters, and where each declaration is."""

    name: str
    data: dict[str, Any]
    path: str
    line: int
    # (kind, name) of a field or join -> "path:line" of its (last) declaration.
    places: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Project:
    model_name: str | None
    dialect: str | None
    views: dict[str, Located]
    explores: dict[str, Located]
    abstract: set[str]
    # Files that are not models (dashboards), unknown constants, parse failures: (message, where).
    notes: list[tuple[str, str, str]]  # (kind, message, where)
    model_params: dict[str, str]  # parameter -> "path:line" of model files' own settings


def _lines(text: str) -> list[tuple[int, str, str]]:
    return [(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2)) for m in _DECLARATION.finditer(text)]


def _place(decls: list[tuple[int, str, str]], kind: str, name: str, occurrence: int) -> int | None:
    hits = [line for line, k, n in decls if k == kind and n == name]
    return hits[occurrence] if occurrence < len(hits) else (hits[-1] if hits else None)


def _field_places(decls: list[tuple[int, str, str]], start: int) -> dict[tuple[str, str], int]:
    """Lines of the fields declared after `start` and before the next view or explore."""
    out: dict[tuple[str, str], int] = {}
    for line, kind, name in decls:
        if line <= start:
            continue
        if kind in ("view", "explore"):
            break
        out.setdefault((kind, name), line)
    return out


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` on top of `base`: parameters replaced, field lists merged by name."""
    out = dict(base)
    for key, value in over.items():
        if key in FIELD_KINDS or key == "joins":
            mine = {f["name"]: dict(f) for f in out.get(key, [])}
            for f in value:
                mine[f["name"]] = {**mine.get(f["name"], {}), **f}
            out[key] = list(mine.values())
        elif key != "name":
            out[key] = value
    return out


def load(files: dict[str, str], dialect: str | None) -> Project:
    notes: list[tuple[str, str, str]] = []
    constants: dict[str, str] = {}
    for path in sorted(files):
        if path.rsplit("/", 1)[-1] == "manifest.lkml":
            try:
                doc = parse.load(files[path])
            except parse.LookMLSyntaxError as e:
                notes.append(("error", f"does not parse: {e}", path))
                continue
            for c in doc.get("constants", []):
                constants[c["name"]] = str(c.get("value", ""))
    model_name = None
    model_params: dict[str, str] = {}
    raw_views: list[tuple[str, dict, str, int, dict]] = []  # (path, view, name, line, field lines)
    raw_explores: list[tuple[str, dict, str, int, dict]] = []
    for path in sorted(files):
        name = path.rsplit("/", 1)[-1]
        text = files[path]
        if name.endswith((".dashboard.lookml", ".dashboard.lkml")):
            notes.append(("presentation", "a dashboard, not part of the model; not imported", path))
            continue
        if name == "manifest.lkml" or not name.endswith((".lkml", ".lookml")):
            continue
        m = re.search(r"^# mb-dialect: (\S+)$", text, re.MULTILINE)
        if m and dialect is None:
            dialect = m.group(1)

        def substitute(match: re.Match, path: str = path) -> str:
            if match.group(1) in constants:
                return constants[match.group(1)]
            notes.append(("loss", f"constant @{{{match.group(1)}}} is not defined in manifest.lkml; left as written", path))
            return match.group(0)

        text = _CONSTANT.sub(substitute, text)
        try:
            doc = parse.load(text)
        except parse.LookMLSyntaxError as e:
            notes.append(("error", f"does not parse: {e}", path))
            continue
        decls = _lines(text)
        if name.endswith((".model.lkml", ".model.lookml")):
            model_name = model_name or name.split(".model.")[0]
            for key in doc:
                if key not in ("views", "explores", "includes", "include"):
                    model_params.setdefault(key, path)
        seen: dict[tuple[str, str], int] = {}
        for kind, bucket in (("view", raw_views), ("explore", raw_explores)):
            for item in doc.get(f"{kind}s", []):
                n = item["name"].lstrip("+")
                k = seen.get((kind, n), 0)
                seen[(kind, n)] = k + 1
                line = _place(decls, kind, n, k) or 1
                bucket.append((path, item, n, line, {key: f"{path}:{ln}" for key, ln in _field_places(decls, line).items()}))
    views, abstract = _resolve(raw_views, notes)
    explores, _ = _resolve(raw_explores, notes)
    return Project(model_name, dialect, views, explores, abstract, notes, model_params)


def _resolve(raw: list[tuple[str, dict, str, int, dict]], notes: list) -> tuple[dict[str, Located], set[str]]:
    """Base definitions refined in file order, then merged with what they extend (a view that
    extends a refined view gets the refined one)."""
    base: dict[str, Located] = {}
    refinements: list[tuple[str, dict, str, int, dict]] = []
    for path, item, name, line, places in raw:
        if item["name"].startswith("+"):
            refinements.append((path, item, name, line, places))
        elif name in base:
            notes.append(("loss", f"{name} is defined twice; the second definition is not imported", f"{path}:{line}"))
        else:
            base[name] = Located(name, dict(item), path, line, dict(places))
    resolved: dict[str, Located] = {}

    def resolve(name: str, chain: tuple[str, ...]) -> Located | None:
        if name in resolved:
            return resolved[name]
        item = base.get(name)
        if item is None:
            return None
        data: dict[str, Any] = {}
        places: dict = {}
        for parent in [p for group in item.data.get("extends__all", []) for p in group]:
            if parent in chain:
                notes.append(("loss", f"{name} extends {parent} in a cycle; that extends is not followed", item.where))
                continue
            got = resolve(parent, (*chain, name))
            if got is None:
                notes.append(("unknown", f"{name} extends {parent}, which is not defined", item.where))
                continue
            data = merge(data, {k: v for k, v in got.data.items() if k != "extension"})
            places.update(got.places)
        data = merge(data, item.data)
        data["name"] = name
        places.update(item.places)
        out = Located(name, data, item.path, item.line, places)
        resolved[name] = out
        return out

    for path, item, name, line, places in refinements:
        target = base.get(name)
        if target is None:
            notes.append(("unknown", f"refinement +{name} refines nothing defined", f"{path}:{line}"))
            continue
        target.data = merge(target.data, {k: v for k, v in item.items() if k != "name"})
        target.places.update(places)
    for name in base:
        resolve(name, ())
    abstract = {n for n, v in resolved.items() if v.data.get("extension") == "required"}
    return resolved, abstract
