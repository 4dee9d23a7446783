"""Reading models people wrote (`mb convert`, `mb adopt`): find the files, tell the format, hand
them to that format's importer (its backend's `import_files`), and finish the imported model with
the analysis passes that derive from a model alone (table roles, explores) where the files say
nothing of them. The backends do the format-specific work; this is the driver's part, with the
I/O the backends never do."""

from __future__ import annotations

import os
import traceback
from fnmatch import fnmatchcase
from pathlib import Path

from backends.base import Backend, Files, backend_class, load_all
from backends.importing import expose_columns
from compiler.diagnostics import IM001, IM002, IM003, IN003, Diagnostics, InputError
from compiler.pipeline import Context, FunctionPass, PassManager, State
from ir.semantic import SemanticModel
from ir.catalog import Column, Table
from ir.snapshot import Snapshot, Source
from passes import (
    build_explores, choose_time_axes, classify_tables, classify_time_columns, decide_additivity, decide_visibility, name_join_roles,
    resolve_metrics,
)

# Folders no project's model lives in (dbt's target/ does: semantic_manifest.json).
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", "dbt_packages", ".cache", "logs"}
_MAX_BYTES = 32 * 1024 * 1024


def importers() -> dict[str, type[Backend]]:
    return {name: cls for name, cls in load_all().items() if cls.can_import()}


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatchcase(name, p) or fnmatchcase(rel, p) for p in patterns)


def gather(path: Path, patterns: tuple[str, ...], binary: tuple[str, ...]) -> Files:
    """The files under `path` (or `path` itself) matching `patterns`: text, or bytes for
    `binary` ones. Relative POSIX paths; a single file keeps its name."""
    if not path.exists():
        raise InputError(IM002, "no such file or folder", str(path))
    found: list[tuple[str, Path]] = []
    if path.is_file():
        found.append((path.name, path))
    else:
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            for n in sorted(names):
                full = Path(root) / n
                found.append((full.relative_to(path).as_posix(), full))
    out: Files = {}
    for rel, full in found:
        if not (_matches(rel, patterns) or _matches(rel, binary)) and not path.is_file():
            continue
        try:
            if full.stat().st_size > _MAX_BYTES:
                continue
            data = full.read_bytes()
        except OSError as e:
            raise InputError(IM002, f"cannot read: {e.strerror}", str(full)) from None
        if _matches(rel, binary):
            out[rel] = data
        else:
            out[rel] = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return out


def _subset(files: Files, cls: type[Backend]) -> Files:
    return {rel: c for rel, c in files.items() if _matches(rel, cls.import_patterns) or _matches(rel, cls.import_binary)}


def detect(path: Path) -> tuple[str, Files]:
    """(format, its files) of a project whose format is not given: the importer that is surest."""
    found = importers()
    patterns = tuple(p for cls in found.values() for p in cls.import_patterns)
    binary = tuple(p for cls in found.values() for p in cls.import_binary)
    files = gather(path, patterns, binary)
    scores = sorted(((cls().sniff(_subset(files, cls)), name) for name, cls in found.items()), reverse=True)
    if not scores or scores[0][0] <= 0:
        raise InputError(IM001, f"no importer recognizes it (formats: {', '.join(sorted(found))}); give --from", str(path))
    if len(scores) > 1 and scores[1][0] == scores[0][0]:
        tied = [n for s, n in scores if s == scores[0][0]]
        raise InputError(IM001, f"it could be {' or '.join(sorted(tied))}; give --from", str(path))
    name = scores[0][1]
    return name, _subset(files, found[name])


def read_project(path: Path, fmt: str | None, diags: Diagnostics, dialect: str | None = None) -> tuple[str, SemanticModel]:
    """A hand-written project (a folder or a file) as a SemanticModel with human provenance."""
    if fmt is None:
        fmt, files = detect(path)
    else:
        try:
            cls = backend_class(fmt)
        except KeyError:
            raise InputError(IM003, f"unknown format {fmt!r}; formats with an importer: {', '.join(sorted(importers()))}") from None
        if not cls.can_import():
            raise InputError(IM003, f"the {fmt} backend has no importer; formats with one: {', '.join(sorted(importers()))}")
        files = gather(path, cls.import_patterns, cls.import_binary)
    if not files:
        raise InputError(IM002, f"no {fmt} files found", str(path))
    try:
        model = backend_class(fmt)().import_files(files, diags, dialect)
    except Exception as e:  # noqa: BLE001 - an importer's bug is a diagnostic, not a traceback
        tb = traceback.extract_tb(e.__traceback__)[-1]
        diags.report(IN003, f"the {fmt} importer crashed: {type(e).__name__}: {e} (at {tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})", str(path))
        model = SemanticModel(name="model", dialect=dialect or "")
    if not model.entities and not diags.has_errors():
        raise InputError(IM002, f"no {fmt} model found (no view, cube, semantic model, table or dataset it could read)", str(path))
    return fmt, model


def catalog_of(model: SemanticModel) -> Snapshot:
    """The catalog an imported model implies: a table per entity with the columns its fields
    read, for the passes that look at tables (a model people wrote has no database behind it)."""
    # Several semantic models may read one table (dbt's monthly and yearly models of fct_bookings):
    # the table is one, with the columns any of them reads.
    by_table: dict[tuple, tuple] = {}
    for e in model.entities:
        key = (e.table.schema_, e.table.name)
        kind, columns, primary_key = by_table.setdefault(key, (e.kind, {}, list(e.primary_key)))
        for f in [*e.dimensions, *e.time_dimensions]:
            if f.column and f.column not in columns:
                columns[f.column] = Column(name=f.column, type=f.native_type or f.data_type.upper(), data_type=f.data_type,
                                           nullable=f.nullable if f.nullable is not None else True)
    tables = [Table(name=name, schema=schema, kind=kind, columns=list(columns.values()),
                    primary_key=[c for c in primary_key if c in columns])
              for (schema, name), (kind, columns, primary_key) in by_table.items()]
    return Snapshot(source=Source(dialect=model.dialect or "", description=model.source or model.name), tables=tables)


def _pin_people(model: SemanticModel) -> None:
    """What people wrote is theirs: a field they showed or hid stays so (the visibility pass
    keeps human decisions)."""
    for e in model.entities:
        for f in [*e.dimensions, *e.time_dimensions, *e.measures]:
            if f.provenance is not None and f.provenance.origin == "human" and f.hidden_provenance is None:
                f.hidden_provenance = f.provenance


# The analysis passes that decide from a model alone, run on an imported one; each keeps what a
# person set (docs/semantics.md). Explores are built only for formats that have none.
COMPLETING = (classify_time_columns, classify_tables, decide_additivity, decide_visibility, choose_time_axes, name_join_roles)


def complete(model: SemanticModel, config, diags: Diagnostics) -> SemanticModel:
    """A hidden field for each column the model uses without exposing it; then the semantic
    facts the files did not give (table roles, time kinds and axes, additivity, visibility, join
    roles), explores when the format has none of its own, and each metric's owner and joins."""
    expose_columns(model)
    _pin_people(model)
    state = State(snapshot=catalog_of(model), model=model)
    given = {e.name: (e.role, e.role_provenance) for e in model.entities if e.role != "unknown"}
    steps = [FunctionPass(p.NAME, p.run) for p in COMPLETING]
    if not model.explores:
        steps.append(FunctionPass(build_explores.NAME, build_explores.run))
    steps.append(FunctionPass(resolve_metrics.NAME, resolve_metrics.run))
    PassManager(steps).run(state, Context(diags=diags, config=config))
    for e in model.entities:
        if e.name in given:
            e.role, e.role_provenance = given[e.name]
    return state.model
