"""Structural check of a Superset bundle, as Superset's import schemas would see it: every YAML
file parses, carries the keys its import schema requires, datasets name a database of the
bundle, and a dataset's column names and metric names are each unique (Superset keys both
by name)."""

from __future__ import annotations

import yaml

from backends.structure import Problem, duplicates
from compiler.yamlio import load_written


REQUIRED = {
    "databases": ("database_name", "sqlalchemy_uri", "uuid", "version"),
    "datasets": ("table_name", "uuid", "database_uuid", "version"),
}


def problems(files: dict[str, str | bytes]) -> list[Problem]:
    out: list[Problem] = []
    docs: dict[str, dict] = {}
    for path, text in sorted(files.items()):
        if not path.endswith(".yaml") or not isinstance(text, str):
            continue
        try:
            doc = load_written(text)
        except yaml.YAMLError as e:
            out.append(Problem(path, f"YAML does not parse: {e}"))
            continue
        if not isinstance(doc, dict):
            out.append(Problem(path, "a Superset import file holds a mapping"))
            continue
        docs[path] = doc
    databases = {str(d.get("uuid")) for p, d in docs.items() if p.split("/")[0] == "databases"}
    for path, doc in docs.items():
        kind = path.split("/")[0]
        missing = [k for k in REQUIRED.get(kind, ()) if doc.get(k) in (None, "")]
        if missing:
            out.append(Problem(path, f"missing {', '.join(missing)}"))
        if kind != "datasets":
            continue
        if doc.get("database_uuid") and str(doc["database_uuid"]) not in databases:
            out.append(Problem(path, f"database_uuid {doc['database_uuid']} names no database of the bundle"))
        for name in duplicates(c.get("column_name", "") for c in doc.get("columns") or []):
            out.append(Problem(path, f"two columns named {name!r}"))
        for name in duplicates(m.get("metric_name", "") for m in doc.get("metrics") or []):
            out.append(Problem(path, f"two metrics named {name!r}"))
    return out
