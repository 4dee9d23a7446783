"""Structural check of a LookML project, as Looker's validator would see it: every file parses
(as the lkml parser reads it: backends/lookml/parse.py, which falls back to lkml itself on any
text its fast path cannot vouch for), view names are unique, field names are unique in a view
(a dimension group's timeframes are fields too), `${field}` and `${view.field}` references resolve, and an
explore joins only views that exist."""

from __future__ import annotations

import re

from backends.lookml import parse
from backends.structure import Problem, duplicates

_REF = re.compile(r"\$\{(\w+)(?:\.(\w+))?\}")
_SPECIAL = {"TABLE", "SQL_TABLE_NAME"}


def _fields(view: dict) -> list[str]:
    names = [d["name"] for d in view.get("dimensions", [])] + [m["name"] for m in view.get("measures", [])]
    for g in view.get("dimension_groups", []):
        frames = g.get("timeframes") or g.get("intervals") or []
        names += [f"{g['name']}_{f}" for f in frames] if frames else [g["name"]]
    return names


def problems(files: dict[str, str | bytes]) -> list[Problem]:
    out: list[Problem] = []
    views: dict[str, tuple[str, dict]] = {}
    explores: list[tuple[str, dict]] = []
    view_names: list[str] = []
    for path, text in sorted(files.items()):
        if not path.endswith(".lkml") or not isinstance(text, str):
            continue
        try:
            doc = parse.load(text)
        except parse.LookMLSyntaxError as e:
            out.append(Problem(path, f"LookML does not parse: {e}"))
            continue
        for v in doc.get("views", []):
            view_names.append(v["name"])
            views[v["name"]] = (path, v)
        explores += [(path, x) for x in doc.get("explores", [])]
    for name in duplicates(view_names):
        out.append(Problem(views[name][0], f"two views named {name!r}"))
    fields = {name: set(_fields(v)) for name, (_, v) in views.items()}
    for name, (path, v) in views.items():
        for field in duplicates(_fields(v)):
            out.append(Problem(path, f"view {name!r} defines the field {field!r} twice"))
        for kind in ("dimensions", "measures", "dimension_groups"):
            for f in v.get(kind, []):
                for ref, sub in _REF.findall(f.get("sql", "")):
                    if ref in _SPECIAL:
                        continue
                    view, field = (ref, sub) if sub else (name, ref)
                    if view in fields and field not in fields[view] and not (sub and field in _SPECIAL):
                        out.append(Problem(path, f"{name}.{f['name']} refers to ${{{ref}{'.' + sub if sub else ''}}}, which is no field"))
    for path, x in explores:
        # `from:` keeps the explore's name as the alias of its view; `view_name:` makes the view's
        # own name the alias (Looker's rules for how joins refer to the base view).
        base = x.get("view_name") if "view_name" in x and "from" not in x else x["name"]
        aliases = {base: x.get("from", x.get("view_name", x["name"]))}
        for j in x.get("joins", []):
            aliases[j["name"]] = j.get("from", j.get("view_name", j["name"]))
        for alias, view in aliases.items():
            if view not in views:
                out.append(Problem(path, f"explore {x['name']!r} uses view {view!r}, which no file defines"))
        for j in x.get("joins", []):
            for ref, sub in _REF.findall(j.get("sql_on", "")):
                if not sub:
                    continue
                view = aliases.get(ref)
                if view is None:
                    out.append(Problem(path, f"explore {x['name']!r} join {j['name']!r} refers to {ref!r}, which is not in the explore"))
                elif view in fields and sub not in fields[view]:
                    out.append(Problem(path, f"explore {x['name']!r} join {j['name']!r} refers to {ref}.{sub}, which is no field"))
    return out
