"""How much of a hand-written model mb imports, on projects that are not in this repository.

    python -m bench.eval_import PROJECT [PROJECT ...] [--dialect bigquery]

For each project (a LookML project, a dbt project, a Cube model folder): the views / semantic
models / cubes, fields and measures its files declare (counted with the format's own parser:
lkml, PyYAML), how many the import keeps, the loss diagnostics it reports instead, and whether
converting it to every target gives errors. A declared object is either imported or named in a
diagnostic: the `silent` column counts those that are neither, and must be 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import lkml
import yaml

from compiler.api import convert, read_model
from compiler.diagnostics import Diagnostics, InputError

TARGETS = ["lookml", "dbt", "cube", "powerbi", "superset", "ossie"]


def declared(fmt: str, root: Path) -> dict[str, dict[str, set[str]]]:
    """object -> {"fields": names, "measures": names}, as the format's own parser reads the files."""
    out: dict[str, dict[str, set[str]]] = {}
    if fmt == "lookml":
        for p in sorted(root.rglob("*.view.lkml")):
            for v in lkml.load(p.read_text(encoding="utf-8")).get("views", []):
                if v.get("extension") == "required" or v["name"].startswith("+"):
                    continue
                o = out.setdefault(v["name"], {"fields": set(), "measures": set()})
                o["fields"] |= {f["name"] for k in ("dimensions", "dimension_groups") for f in v.get(k, [])}
                o["measures"] |= {m["name"] for m in v.get("measures", [])}
    elif fmt in ("dbt", "cube"):
        for p in sorted([*root.rglob("*.yml"), *root.rglob("*.yaml")]):
            try:
                docs = list(yaml.safe_load_all(p.read_text(encoding="utf-8")))
            except yaml.YAMLError:
                continue
            for doc in docs:
                if not isinstance(doc, dict):
                    continue
                items = doc.get("semantic_models") or ([doc["semantic_model"]] if isinstance(doc.get("semantic_model"), dict) else [])
                if fmt == "cube":
                    items = doc.get("cubes") or []
                for sm in items:
                    if not isinstance(sm, dict):
                        continue
                    o = out.setdefault(str(sm.get("name")), {"fields": set(), "measures": set()})
                    o["fields"] |= {str(d.get("name")) for d in sm.get("dimensions") or []}
                    o["measures"] |= {str(m.get("name")) for m in sm.get("measures") or []}
    return out


def evaluate(root: Path, dialect: str | None) -> dict:
    diags = Diagnostics()
    fmt, model = read_model(root, diags=diags, dialect=dialect)
    want = declared(fmt, root)
    text = " ".join(f"{d.location} {d.message}" for d in diags.items)
    got = {e.name: e for e in model.entities}
    counts: Counter[str] = Counter()
    silent: list[str] = []
    for name, o in want.items():
        counts["objects"] += 1
        e = got.get(name)
        counts["objects_imported"] += e is not None
        for kind in ("fields", "measures"):
            have = {f.name for f in [*e.dimensions, *e.time_dimensions]} if e and kind == "fields" else set()
            if e and kind == "measures":
                have = {m.name for m in e.measures} | {m.name for m in model.metrics if m.entity == e.name}
            for f in o[kind]:
                counts[kind] += 1
                if f in have:
                    counts[f"{kind}_imported"] += 1
                elif f not in text and name not in text:
                    silent.append(f"{name}.{f}")
    conv = Diagnostics()
    convert(root, TARGETS, diags=conv, dialect=dialect)
    return {"format": fmt, **counts, "losses": sum(1 for d in diags.items if d.severity != "info"),
            "notes": sum(1 for d in diags.items if d.severity == "info"), "silent": silent,
            "convert_errors": [f"{d.code} {d.message}" for d in conv.errors]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("projects", nargs="+", type=Path)
    ap.add_argument("--dialect")
    args = ap.parse_args(argv)
    print("| project | format | objects | fields | measures | losses reported | info | silent | convert errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    bad = 0
    for root in args.projects:
        try:
            r = evaluate(root, args.dialect)
        except InputError as e:  # nothing the importers can read: a row saying so
            print(f"| {root.name} | - | not imported: {e.code.code} {e.message} | | | | | | |")
            continue
        pct = lambda k: f"{r.get(k + '_imported', 0)}/{r.get(k, 0)}"  # noqa: E731
        print(f"| {root.name} | {r['format']} | {pct('objects')} | {pct('fields')} | {pct('measures')} | {r['losses']} | "
              f"{r['notes']} | {len(r['silent'])} | {len(r['convert_errors'])} |")
        for s in r["silent"][:10]:
            print(f"  silent: {s}", file=sys.stderr)
        for e in r["convert_errors"][:10]:
            print(f"  convert error: {e}", file=sys.stderr)
        bad += len(r["silent"]) + len(r["convert_errors"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
