"""`mb diff OLD NEW`: what changed between two snapshots, graded by what it means for people
who use the generated models, with the generated fields it touches in each target.

Grades: `safe` (nothing a consumer relies on changes), `additive` (something new appears),
`breaking` (something a dashboard, query or test may rely on disappears or changes meaning).
"""

from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from backends.base import Files
from compiler.diagnostics import FE001, FE007, InputError
from compiler.inputfile import InputFileError, read_text
from compiler.snapshot_io import parse_snapshot_text
from ir.catalog import Table
from ir.semantic import Entity, SemanticModel
from ir.snapshot import Snapshot
from compiler.types import normalize_type


@dataclass
class Change:
    kind: str  # table | column | primary_key | unique_key | relationship | measure | comment
    change: str  # added | removed | changed
    object: str
    grade: str  # safe | additive | breaking
    detail: str = ""
    affects: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def load_revision(spec: str) -> tuple[Snapshot, str]:
    """A snapshot from a file, or from git as REV:PATH (e.g. HEAD~1:snapshot.yaml)."""
    path = Path(spec)
    if path.exists():
        try:
            text = read_text(path)
        except InputFileError as e:
            raise InputError(FE007, f"snapshot {e}", spec) from None
        return parse_snapshot_text(text, spec), spec
    rev, sep, rel = spec.partition(":")
    if not sep or not rev:
        raise InputError(FE001, "no such file (for a git revision write REV:PATH, e.g. HEAD~1:snapshot.yaml)", spec)
    for candidate in (rel, f"./{rel}"):
        proc = subprocess.run(["git", "show", f"{rev}:{candidate}"], capture_output=True)
        if proc.returncode == 0:
            try:
                text = proc.stdout.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError(FE007, "snapshot is not UTF-8 text", spec) from None
            return parse_snapshot_text(text, spec), spec
    err = proc.stderr.decode("utf-8", "replace").strip()
    raise InputError(FE001, f"git cannot show it: {err.splitlines()[-1] if err else 'unknown error'}", spec)


def _keyed(tables: list[Table]) -> dict[str, Table]:
    return {t.key: t for t in tables}


def _type_grade(old: str, new: str, dialect: str) -> str:
    return "safe" if normalize_type(old, dialect) == normalize_type(new, dialect) else "breaking"


def catalog_changes(old: Snapshot, new: Snapshot) -> list[Change]:
    changes: list[Change] = []
    a, b = _keyed(old.tables), _keyed(new.tables)
    dialect = new.source.dialect
    for key in sorted(a.keys() - b.keys()):
        changes.append(Change("table", "removed", key, "breaking"))
    for key in sorted(b.keys() - a.keys()):
        changes.append(Change("table", "added", key, "additive", f"{len(b[key].columns)} columns"))
    for key in sorted(a.keys() & b.keys()):
        t0, t1 = a[key], b[key]
        c0, c1 = {c.name: c for c in t0.columns}, {c.name: c for c in t1.columns}
        keys = set(t0.primary_key) | {c for fk in t0.foreign_keys for c in fk.columns}
        for name in [c.name for c in t0.columns if c.name not in c1]:
            changes.append(Change("column", "removed", f"{key}.{name}", "breaking"))
        for name in [c.name for c in t1.columns if c.name not in c0]:
            changes.append(Change("column", "added", f"{key}.{name}", "additive", c1[name].type))
        for name in [c.name for c in t0.columns if c.name in c1]:
            x, y = c0[name], c1[name]
            obj = f"{key}.{name}"
            if x.type != y.type:
                changes.append(Change("column", "changed", obj, _type_grade(x.type, y.type, dialect), f"type {x.type} -> {y.type}"))
            if x.nullable != y.nullable:
                loosened = y.nullable and not x.nullable
                grade = "breaking" if loosened and name in keys else "safe"
                changes.append(Change("column", "changed", obj, grade, f"nullable {x.nullable} -> {y.nullable}"))
            if x.comment != y.comment:
                changes.append(Change("comment", "changed", obj, "safe", "column comment"))
        if t0.primary_key != t1.primary_key:
            changes.append(Change("primary_key", "changed", key, "breaking", f"{t0.primary_key} -> {t1.primary_key}"))
        u0, u1 = {tuple(u.columns) for u in t0.unique_keys}, {tuple(u.columns) for u in t1.unique_keys}
        for cols in sorted(u0 - u1):
            changes.append(Change("unique_key", "removed", f"{key}({', '.join(cols)})", "breaking"))
        for cols in sorted(u1 - u0):
            changes.append(Change("unique_key", "added", f"{key}({', '.join(cols)})", "additive"))
        if t0.kind != t1.kind:
            changes.append(Change("table", "changed", key, "breaking", f"kind {t0.kind} -> {t1.kind}"))
        if t0.comment != t1.comment:
            changes.append(Change("comment", "changed", key, "safe", "table comment"))
    return changes


def model_changes(old: SemanticModel, new: SemanticModel) -> list[Change]:
    """Relationships and measures, as the analysis sees them (declared, inferred and overrides)."""
    changes: list[Change] = []

    def rel_key(r):
        return f"{r.from_.table_key}({', '.join(r.from_.columns)}) -> {r.to.table_key}({', '.join(r.to.columns)})"

    r0, r1 = {rel_key(r): r for r in old.relationships}, {rel_key(r): r for r in new.relationships}
    for k in sorted(r0.keys() - r1.keys()):
        changes.append(Change("relationship", "removed", k, "breaking"))
    for k in sorted(r1.keys() - r0.keys()):
        changes.append(Change("relationship", "added", k, "additive", r1[k].cardinality))
    for k in sorted(r0.keys() & r1.keys()):
        if r0[k].cardinality != r1[k].cardinality:
            changes.append(Change("relationship", "changed", k, "breaking", f"{r0[k].cardinality} -> {r1[k].cardinality}"))
    # Measures of a table that came or went are implied by the table change itself.
    both = {e.table.key for e in old.entities} & {e.table.key for e in new.entities}
    m0 = {(e.table.key, m.name): m for e in old.entities if e.table.key in both for m in e.measures}
    m1 = {(e.table.key, m.name): m for e in new.entities if e.table.key in both for m in e.measures}
    for k in sorted(m0.keys() - m1.keys()):
        changes.append(Change("measure", "removed", f"{k[0]}.{k[1]}", "breaking"))
    for k in sorted(m1.keys() - m0.keys()):
        changes.append(Change("measure", "added", f"{k[0]}.{k[1]}", "additive", m1[k].agg))
    for k in sorted(m0.keys() & m1.keys()):
        a, b = m0[k], m1[k]
        if (a.agg, a.column, a.expr, a.filter) != (b.agg, b.column, b.expr, b.filter):
            changes.append(Change("measure", "changed", f"{k[0]}.{k[1]}", "breaking", "aggregation, expression or filter"))
    return changes


def _entity_of(obj: str, entities: dict[str, Entity]) -> tuple[Entity | None, str | None]:
    """The entity an object names (table key, table.column or a relationship's source)."""
    head = obj.split("(", 1)[0].split(" -> ", 1)[0]
    for key in sorted(entities, key=len, reverse=True):
        if head == key:
            return entities[key], None
        if head.startswith(key + "."):
            return entities[key], head[len(key) + 1:]
    return None, None


def _fields_for(entity: Entity, column: str | None) -> list[str]:
    if column is None:
        return []
    names = [f.name for f in [*entity.dimensions, *entity.time_dimensions] if f.column == column]
    names += [m.name for m in entity.measures if m.column == column]
    return names


def attach_effects(changes: list[Change], old: SemanticModel, new: SemanticModel,
                   old_files: dict[str, Files], new_files: dict[str, Files]) -> None:
    """Name, per target, the generated files (and IR fields) each change touches."""
    entities = {e.table.key: e for e in old.entities} | {e.table.key: e for e in new.entities}
    old_entities = {e.table.key: e for e in old.entities}
    for target in sorted(new_files.keys() | old_files.keys()):
        a, b = old_files.get(target, {}), new_files.get(target, {})
        differing = sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))
        for ch in changes:
            entity, rest = _entity_of(ch.object, entities)
            if entity is None:
                continue
            column = rest if ch.kind in ("column", "comment") else None
            measure = rest if ch.kind == "measure" else None
            touched = [p for p in differing if _file_names_entity(p, entity.name)]
            if not touched and ch.kind == "relationship":
                touched = [p for p in differing if "model" in p or "relationship" in p]
            fields = [measure] if measure else _fields_for(entity, column)
            if not fields and entity.table.key in old_entities:  # a removed column lives on in the old model
                fields = _fields_for(old_entities[entity.table.key], column)
            if touched:
                ch.affects[target] = [f"{p}" + (f" ({', '.join(fields)})" if fields else "") for p in touched]


def _file_names_entity(path: str, entity: str) -> bool:
    stem = Path(path).name.split(".", 1)[0].lower()
    return stem in (entity, f"stg_{entity}") or f"/{entity}." in path.lower()
