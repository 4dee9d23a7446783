"""Structural check of Cube YAML, as Cube's schema compiler would see it: files parse, cube and
view names are unique and valid, member names are unique in a cube and never the name of a cube
it joins (Cube resolves `{name}` in the cube's SQL to its own member first), joins name cubes
that exist, and a view's join paths follow joins that exist."""

from __future__ import annotations

import re

import yaml

from backends.structure import Problem, duplicates
from compiler.yamlio import load_written


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MEASURE_TYPES = {"count", "count_distinct", "count_distinct_approx", "sum", "avg", "min", "max", "number", "string", "time",
                 "boolean"}
DIMENSION_TYPES = {"string", "number", "time", "boolean", "geo"}
_MEMBERS = ("dimensions", "measures", "segments", "hierarchies", "pre_aggregations")


def problems(files: dict[str, str | bytes]) -> list[Problem]:
    out: list[Problem] = []
    cubes: dict[str, tuple[str, dict]] = {}
    views: list[tuple[str, dict]] = []
    names: list[str] = []
    for path, text in sorted(files.items()):
        if not path.endswith((".yml", ".yaml")) or not isinstance(text, str):
            continue
        try:
            doc = load_written(text) or {}
        except yaml.YAMLError as e:
            out.append(Problem(path, f"YAML does not parse: {e}"))
            continue
        if not isinstance(doc, dict):
            out.append(Problem(path, "a Cube model file holds a mapping with `cubes` and/or `views`"))
            continue
        for c in doc.get("cubes") or []:
            cubes[c.get("name", "")] = (path, c)
            names.append(c.get("name", ""))
        for v in doc.get("views") or []:
            views.append((path, v))
            names.append(v.get("name", ""))
    for name in duplicates(names):
        out.append(Problem(cubes.get(name, ("model",))[0], f"two cubes or views named {name!r}"))
    for name, (path, c) in cubes.items():
        if not _NAME.match(name):
            out.append(Problem(path, f"cube name {name!r} is not a valid identifier"))
        members = [m.get("name", "") for kind in _MEMBERS for m in (c.get(kind) or [])]
        for m in duplicates(members):
            out.append(Problem(path, f"cube {name!r} defines the member {m!r} twice"))
        for m in members:
            if not _NAME.match(m):
                out.append(Problem(path, f"member {name}.{m} is not a valid identifier"))
        for kind, allowed in (("measures", MEASURE_TYPES), ("dimensions", DIMENSION_TYPES)):
            for m in c.get(kind) or []:
                if m.get("type") not in allowed:
                    out.append(Problem(path, f"{kind[:-1]} {name}.{m.get('name')} has type {m.get('type')!r}, which Cube does not know"))
        joined = [j.get("name", "") for j in c.get("joins") or []]
        for j in duplicates(joined):
            out.append(Problem(path, f"cube {name!r} joins {j!r} twice"))
        for j in joined:
            if j not in cubes:
                out.append(Problem(path, f"cube {name!r} joins {j!r}, which no file defines"))
            if j in members:
                out.append(Problem(path, f"cube {name!r} has a member named like the cube it joins, {j!r}: `{{{j}}}` is ambiguous"))
    for path, v in views:
        for part in v.get("cubes") or []:
            hops = str(part.get("join_path", "")).split(".")
            if hops[0] not in cubes:
                out.append(Problem(path, f"view {v.get('name')!r}: join path {part.get('join_path')!r} starts at no cube"))
                continue
            for a, b in zip(hops, hops[1:]):
                if b not in [j.get("name") for j in cubes.get(a, ("", {}))[1].get("joins") or []]:
                    out.append(Problem(path, f"view {v.get('name')!r}: join path {part.get('join_path')!r} has no join {a} -> {b}"))
                    break
    return out
