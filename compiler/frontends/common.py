"""What every frontend's result goes through: scope filters, reference checks, ordering."""

from __future__ import annotations

import difflib
import re

from compiler import __version__
from compiler.diagnostics import FE010, FE011, FE017, FE031, Diagnostics
from compiler.options import SourceOptions
from ir.catalog import Table
from ir.snapshot import Snapshot
from ir.foreign_keys import relationships_from_foreign_keys


def finalize(snapshot: Snapshot, options: SourceOptions, diags: Diagnostics, filtered: bool = True) -> Snapshot:
    """Apply --schema/--include/--exclude, check references, derive declared relationships, sort.

    `filtered` is False for snapshot files, whose relationships are already part of the file.
    """
    tables = [t for t in snapshot.tables if options.wants_schema(t.schema_) and options.wants(t.name, t.schema_)]
    if snapshot.tables and not tables:
        missing = [s for s in options.schemas if s not in {t.schema_ for t in snapshot.tables}]
        if missing:
            report_missing_schemas(diags, missing, sorted({t.schema_ for t in snapshot.tables if t.schema_}))
        else:
            report_no_match(diags, options, [(t.schema_, t.name) for t in snapshot.tables])
    elif not snapshot.tables and not diags.has_errors():
        diags.report(FE011, "the source has no tables or views")
    keys = {t.key: t for t in tables}
    for t in tables:
        kept = []
        for fk in t.foreign_keys:
            target = keys.get(fk.ref_table.key)
            where = f"{t.key}({', '.join(fk.columns)})"
            if target is None:
                diags.report(FE010, f"foreign key references {fk.ref_table.key}, which is not in scope; ignored", where)
                continue
            missing = [c for c in fk.columns if t.column(c) is None] + [c for c in fk.ref_columns if target.column(c) is None]
            if missing or len(fk.columns) != len(fk.ref_columns):
                diags.report(FE010, f"foreign key to {target.key} names unknown columns {missing or fk.ref_columns}; ignored", where)
                continue
            kept.append(fk)
        t.foreign_keys = sorted(kept, key=lambda fk: (fk.columns, fk.ref_table.key, fk.ref_columns))
        t.unique_keys = sorted(t.unique_keys, key=lambda uk: uk.columns)
    tables.sort(key=lambda t: ((t.schema_ or "").lower(), t.name.lower(), t.schema_ or "", t.name))
    snapshot.tables = tables
    if filtered:
        snapshot.relationships = relationships_from_foreign_keys(tables)
    else:
        snapshot.relationships = [
            r for r in snapshot.relationships if r.from_.table_key in keys and r.to.table_key in keys
        ]
    snapshot.relationships.sort(key=lambda r: r.sort_key())
    if snapshot.created_by is None:
        snapshot.created_by = f"mb {__version__}"
    return snapshot


# --- a filter that matches nothing ----------------------------------------------------------------
#
# An empty result after --schema/--include/--exclude is a mistake to point out, not a model to
# write: compiling it would replace every generated file with an empty project.

_GLOB = re.compile(r"[*?\[\]]")
SHOWN = 12  # names listed in a message


def nearest(wanted: str, names: list[str]) -> str | None:
    """The name most like `wanted` (glob characters aside, case ignored), if any is close."""
    key = _GLOB.sub("", wanted).lower()
    if not key or not names:
        return None
    by_lower: dict[str, str] = {}
    for n in names:
        by_lower.setdefault(n.lower(), n)
    hits = difflib.get_close_matches(key, list(by_lower), n=1, cutoff=0.5)
    if not hits:  # a pattern matching part of a name ("cust" for "Customer")
        hits = [low for low in by_lower if key in low][:1]
    return by_lower[hits[0]] if hits else None


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown + (f", ... ({len(names)} in all)" if len(names) > SHOWN else "")


def report_missing_schemas(diags: Diagnostics, missing: list[str], existing: list[str]) -> None:
    for schema in missing:
        hint = nearest(schema, existing)
        diags.report(FE017, f"schema {schema!r} does not exist; the database has {_listing(existing) or 'no schemas'}"
                            + (f"; did you mean {hint!r}?" if hint else ""), schema)


def report_no_match(diags: Diagnostics, options: SourceOptions, seen: list[tuple[str | None, str]]) -> None:
    """FE017 for filters that left nothing of the `seen` (schema, name) tables and views."""
    names = sorted({name for _, name in seen}, key=str.lower)
    filters = " ".join([*(f"--include {p!r}" for p in options.include), *(f"--exclude {p!r}" for p in options.exclude)])
    hints = [h for p in options.include for h in [nearest(p, names)] if h]
    text = f"no table or view matches {filters or 'the filters'}; the source has {_listing(names)}"
    if hints:
        text += f"; did you mean {', '.join(repr(h) for h in dict.fromkeys(hints))}?"
    diags.report(FE017, text, filters or None)


def fold_children(tables: list[Table], parents: dict[str, str], diags: Diagnostics) -> list[Table]:
    """Drop the partitions and inherited tables (child key -> parent key) that add no column of
    their own: reading the parent reads their rows, so as tables of their own they only invent
    one-to-one joins and duplicate explores. Foreign keys to them point at the top parent instead.
    A child with columns of its own stays (a subtype), with the parent's columns it inherits."""
    by_key = {t.key: t for t in tables}

    def top(key: str) -> str:
        seen = {key}
        while parents.get(key) in by_key and parents[key] not in seen:
            key = parents[key]
            seen.add(key)
        return key

    folded: dict[str, str] = {}
    for child, parent in sorted(parents.items()):
        c, p = by_key.get(child), by_key.get(parent)
        if c is None or p is None or c.kind != "table":
            continue
        if {col.name for col in c.columns} <= {col.name for col in p.columns}:
            folded[child] = top(parent)
    for child, parent in sorted(folded.items()):
        diags.report(FE031, f"{child} is a partition of {parent} (or inherits from it) and adds no column: folded into {parent}", child)
    kept = [t for t in tables if t.key not in folded]
    for t in kept:
        for fk in t.foreign_keys:
            if fk.ref_table.key in folded:
                fk.ref_table = by_key[folded[fk.ref_table.key]].ref
    return kept
