"""The library face of mb: what the CLI (and any later REST/MCP face) calls.

    snap = snapshot("chinook.sqlite")
    result = compile(snap, ["lookml"])
    result.files["lookml"]["views/album.view.lkml"]
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from compiler.config import Config
from compiler.diagnostics import CF001, IN003, US001, US003, Diagnostics, InputError
from compiler.frontends import classify, open_source
from compiler.gcpolicy import relaxed, settle, settled
from compiler.options import SourceOptions
from compiler.profiler import ProfileOptions, profile_source
from compiler.naming import snake

from ir.snapshot import Snapshot

# Analysis, backends and checks are imported where they are used: `mb snapshot` (a pre-commit
# hook's command) starts without loading any of them.
if TYPE_CHECKING:
    from backends.base import Files
    from compiler.diff import Change
    from compiler.pipeline import State
    from ir.semantic import SemanticModel


@dataclass
class CompileResult:
    model: SemanticModel | None
    files: dict[str, Files] = field(default_factory=dict)  # target -> path -> text or bytes
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    timings: dict[str, float] = field(default_factory=dict)


@relaxed()  # profiling many tables builds millions of short-lived objects too
def snapshot(
    source: str,
    options: SourceOptions | None = None,
    diags: Diagnostics | None = None,
    profile: ProfileOptions | None = None,
) -> Snapshot:
    """Read SOURCE (database file, URL, DDL or snapshot file) into a Snapshot.

    Live databases are profiled (statistics and join evidence, computed in the database) unless
    `profile=ProfileOptions(enabled=False)`; DDL and snapshot files never are.
    """
    diags = diags if diags is not None else Diagnostics()
    snap = open_source(source, options or SourceOptions(), diags)
    profile = profile or ProfileOptions()
    if profile.only is not None and not diags.has_errors():
        # A table reference as a user types it (name or schema.name, any case) -> its key.
        found = snap.table(profile.only) or next((t for t in snap.tables if profile.only.lower() in (t.key.lower(), t.name.lower())), None)
        profile.only = found.key if found is not None else profile.only
    if profile.enabled and not diags.has_errors():
        kind, location = classify(source)
        profile_source(snap, kind, location, profile, diags)
    return snap


def source_options(config: Config, dialect: str | None = None, schemas: Iterable[str] = (), include: Iterable[str] = (),
                   exclude: Iterable[str] = ()) -> SourceOptions:
    """What to read: options given (on a command line, in a request) win over mb.yaml's."""
    return SourceOptions(
        dialect=dialect or config.dialect,
        schemas=list(schemas) or list(config.schema_),
        include=list(include) or list(config.include),
        exclude=list(exclude) or list(config.exclude),
    )


def resolve_source(source: str | None, config: Config) -> str:
    """SOURCE as given, else mb.yaml's `source:` (relative to the file)."""
    source = source or config.relative(config.source)
    if not source:
        raise InputError(US001, "give a SOURCE (or set `source:` in mb.yaml)")
    return source


def check_targets(targets: list[str]) -> None:
    """Raise US003 for a target no installed backend provides."""
    from backends.base import available

    known = available()
    for t in targets:
        if t not in known:
            raise InputError(US003, f"unknown target {t!r}; available: {', '.join(known)}")


def model_name(snap: Snapshot, config: Config) -> str:
    return snake(config.name or snap.source.database or "model", "model")


@relaxed()
def analyze(
    snap: Snapshot,
    config: Config | None = None,
    diags: Diagnostics | None = None,
    dump_after: str | None = None,
    dump: Callable[[str, State], None] | None = None,
    timings: dict[str, float] | None = None,
    copy: bool = True,
    ask_llm: bool = False,
) -> SemanticModel:
    """Run the analysis passes: a pure function of the snapshot and config.

    Answers in the LLM cache (`llm.cache`) are applied when the file exists; `ask_llm` also asks
    the model for what it lacks (network), just before the pass that reads the answers
    (adjudicate_joins with `llm.adjudicate_joins`, annotate_with_llm).

    Passes annotate the snapshot they read (normalized types); `copy=False` lets a caller that
    owns the snapshot skip the defensive copy.
    """
    from compiler.llm.driver import llm_steps
    from compiler.pipeline import Context, PassManager, State
    from ir.semantic import SemanticModel
    from passes import default_pipeline

    config = config or Config()
    diags = diags if diags is not None else Diagnostics()
    state = State(snapshot=snap.model_copy(deep=True) if copy else snap, model=SemanticModel(
        name=model_name(snap, config), dialect=snap.source.dialect, source=snap.source.description, database=snap.source.database,
        currency=config.currency))
    ctx = Context(diags=diags, config=config, timings=timings if timings is not None else {})
    PassManager(default_pipeline(), dump_after=dump_after, dump=dump, before=llm_steps(config, ask_llm)).run(state, ctx)
    return state.model


def target_options(targets: list[str], config: Config) -> dict[str, dict]:
    """Each target's options from `config`, checked by the backend's own model; an unknown target
    is US003, an invalid option CF001 (raised: nothing can be compiled)."""
    from pydantic import ValidationError

    from backends.base import BackendLoadError, available, backend_class

    known = available()
    out: dict[str, dict] = {}
    for t in targets:
        if t not in known:
            raise InputError(US003, f"unknown target {t!r}; available: {', '.join(known)}")
        try:
            out[t] = backend_class(t).validate_options(config.target_options(t))
        except BackendLoadError as e:
            raise InputError(US003, str(e)) from None
        except ValidationError as e:
            err = e.errors()[0]
            raise InputError(CF001, f"at {t}.{'.'.join(map(str, err['loc']))}: {err['msg']}", config.location_of((t, *err["loc"]))) from None
    return out


@relaxed()
def compile(  # noqa: A001 - the library's verb, as DESIGN.md names it
    snap: Snapshot,
    targets: list[str],
    config: Config | None = None,
    diags: Diagnostics | None = None,
    roundtrip: bool = True,
    dump_after: str | None = None,
    dump: Callable[[str, State], None] | None = None,
    copy: bool = True,
    progress: Callable[[str, float], None] | None = None,
    parallel: bool = False,
) -> CompileResult:
    """Snapshot -> files per target, with diagnostics. Writes nothing.

    `progress(step, fraction done)` is told before the analysis and before each target.
    `parallel`: a large model's targets are compiled side by side in forked processes (for a
    caller that owns its process, like the CLI; compiler/targets_parallel.py)."""
    config = config or Config()
    diags = diags if diags is not None else Diagnostics()
    options = target_options(targets, config)
    tell = progress or (lambda _step, _done: None)
    tell("analyze", 0.0)
    result = CompileResult(model=None, diagnostics=diags)
    model = analyze(snap, config, diags, dump_after, dump, result.timings, copy=copy, ask_llm=config.llm.enabled)
    result.model = model
    if not diags.has_errors():
        _emit(result, model, targets, options, roundtrip, tell, parallel)
    return result


def _emit(result: CompileResult, model: SemanticModel, targets: list[str], options: dict[str, dict], roundtrip: bool,
          tell: Callable[[str, float], None] = lambda _step, _done: None, parallel: bool = False) -> None:
    """Each target's files from `model`, read back and compared when `roundtrip`; with
    `parallel`, targets side by side in forked processes when the model is large
    (compiler/targets_parallel.py), with the same files and diagnostics."""
    from compiler import targets_parallel

    diags = result.diagnostics
    workers = targets_parallel.jobs(len(targets), len(model.entities)) if parallel else 1
    # Told before the work on a target starts (serial), or on the targets still to come (side by side).
    step = (lambda i: targets[i]) if workers == 1 else (lambda i: ", ".join(targets[i:]))
    if targets:
        tell(f"emit {step(0)}", 1 / (len(targets) + 1))
    done = targets_parallel.run(_emit_one, targets, (model, options, roundtrip, diags.overrides), workers)
    for i, (t, (files, items, timings)) in enumerate(zip(targets, done)):
        diags.extend(items)
        result.timings.update(timings)
        if files is not None:
            result.files[t] = files
        if i + 1 < len(targets):
            tell(f"emit {step(i + 1)}", (i + 2) / (len(targets) + 1))
    tell("done", 1.0)


def _emit_one(t: str, model: SemanticModel, options: dict[str, dict], roundtrip: bool,
              overrides: dict) -> tuple[Files | None, list, dict[str, float]]:
    """One target: its files (None when its backend crashed), diagnostics and timings."""
    from backends.base import get_backend
    from compiler.readonce import shared_reads
    from compiler.roundtrip import check
    from compiler.structure import check_structure

    diags = Diagnostics(overrides=overrides)
    timings: dict[str, float] = {}
    backend = get_backend(t)
    try:
        with settled():  # collections skip the model and earlier files (compiler/gcpolicy.py)
            start = time.perf_counter()
            files = backend.emit(model, options[t], diags)
            timings[f"emit:{t}"] = time.perf_counter() - start
            settle()
            # The two checks read the same files back: each YAML file is parsed once for both.
            with shared_reads():
                start = time.perf_counter()
                # Output the target's own tool would reject is an error: the CLI then writes nothing.
                check_structure(t, backend, files, diags)
                timings[f"structure:{t}"] = time.perf_counter() - start
                settle()
                if roundtrip:
                    start = time.perf_counter()
                    check(backend, model, files, diags, options[t])
                    timings[f"roundtrip:{t}"] = time.perf_counter() - start
    except Exception as e:  # noqa: BLE001 - a backend's bug is a diagnostic, not a traceback
        tb = traceback.extract_tb(e.__traceback__)[-1]
        diags.report(IN003, f"backend {t} crashed: {type(e).__name__}: {e} (at {tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})", t)
        return None, diags.items, timings
    return files, diags.items, timings


def read_model(path: str | Path, fmt: str | None = None, config: Config | None = None, diags: Diagnostics | None = None,
               dialect: str | None = None) -> tuple[str, SemanticModel]:
    """A model people wrote (a LookML project, dbt project, Cube model folder, TMDL folder,
    Superset bundle or Ossie file; the format detected unless `fmt` names it) as a
    SemanticModel with human provenance, finished with table roles and explores where the files
    give none. Returns (format, model)."""
    from compiler.convert import complete, read_project

    diags = diags if diags is not None else Diagnostics()
    config = config or Config()
    fmt, model = read_project(Path(path), fmt, diags, dialect)
    if config.name:
        model.name = snake(config.name, "model")
    if not diags.has_errors():
        model = complete(model, config, diags)
    return fmt, model


def convert(  # the library's verb for `mb convert`
    path: str | Path,
    targets: list[str],
    config: Config | None = None,
    diags: Diagnostics | None = None,
    fmt: str | None = None,
    dialect: str | None = None,
    roundtrip: bool = True,
) -> CompileResult:
    """A hand-written project -> files per target, through the same backends and checks as
    `compile`. Writes nothing."""
    config = config or Config()
    diags = diags if diags is not None else Diagnostics()
    options = target_options(targets, config)
    result = CompileResult(model=None, diagnostics=diags)
    start = time.perf_counter()
    _, model = read_model(path, fmt, config, diags, dialect)
    result.timings["import"] = time.perf_counter() - start
    result.model = model
    if not diags.has_errors():
        _emit(result, model, targets, options, roundtrip)
    return result


def diff(old: Snapshot, new: Snapshot, targets: list[str], config: Config | None = None) -> list[Change]:
    """What changed between two snapshots, graded safe/additive/breaking, with the generated
    files and fields each change affects per target (compiler/diff.py). Never asks an LLM."""
    from compiler.diff import attach_effects, catalog_changes, model_changes

    config = config or Config()
    config = config.model_copy(update={"llm": config.llm.model_copy(update={"enabled": False})})
    ra = compile(old, targets, config, Diagnostics(), roundtrip=False)
    rb = compile(new, targets, config, Diagnostics(), roundtrip=False)
    changes = catalog_changes(old, new)
    if ra.model is not None and rb.model is not None:
        changes += model_changes(ra.model, rb.model)
        attach_effects(changes, ra.model, rb.model, ra.files, rb.files)
    return changes
