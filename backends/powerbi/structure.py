"""Structural check of TMDL files: Microsoft's TMDL schema (object types, properties, enum
values, references) and the names Power BI wants unique (tables; columns and measures share
one namespace per table; measure names are unique in the whole model)."""

from __future__ import annotations

from compiler.readonce import parsed_once
from backends.powerbi.tmdl_parse import parse
from backends.powerbi.tmdl_schema import Validator
from backends.structure import Problem, duplicates


def problems(files: dict[str, str | bytes]) -> list[Problem]:
    tmdl = {p: t for p, t in sorted(files.items()) if p.endswith(".tmdl") and isinstance(t, str)}
    out: list[Problem] = []
    parsed = {}
    for path, text in tmdl.items():
        try:
            parsed[path] = parsed_once(text, parse)
        except Exception as e:  # the grammar's own error, with its line
            out.append(Problem(path, f"TMDL does not parse: {str(e).splitlines()[0]}"))
    if out:
        return out
    for error in Validator().validate_parsed(parsed):  # the trees parsed above: TMDL is parsed once here
        path, _, rest = error.partition(":")
        out.append(Problem(path, f"TMDL schema: line {rest.strip()}"))
    tables, measures = [], []
    for path, nodes in parsed.items():
        for n in nodes:
            if n.kind != "table" or n.ref:
                continue
            tables.append(n.name)
            members = [c.name for c in n.children if c.kind in ("column", "measure") and c.name]
            measures += [c.name for c in n.children if c.kind == "measure" and c.name]
            for name in duplicates(m.casefold() for m in members):
                out.append(Problem(path, f"table {n.name!r} has two columns or measures named {name!r} (names are case-insensitive)"))
    for name in duplicates(t.casefold() for t in tables):
        out.append(Problem("definition/tables", f"two tables named {name!r}"))
    for name in duplicates(m.casefold() for m in measures):
        out.append(Problem("definition/tables", f"two measures named {name!r}: measure names are unique in a model"))
    return out
