"""A source kept open: read and analysed once, then asked many questions (the state behind
`mb serve` and `mb mcp`).

A Workspace holds one View at a time: the analysed snapshot, the semantic model, the diagnostics
and the config they came from. A View never changes once built; reloading (after a review
decision edits mb.yaml) or refreshing (reading the source again) builds a new one and swaps it in
whole, so a reader holding the old View keeps a consistent picture. Writers take a lock; readers
never wait.

A served workspace never asks an LLM (no network behind a request): answers already in the
cache are applied, as `mb compile` does without `--llm`.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from compiler import api
from compiler.config import CONFIG_NAME, Config, load_config
from compiler.describe import describe_table, list_measures, list_relationships, list_tables, resolve_table
from compiler.diagnostics import REGISTRY, Diagnostics, InputError
from compiler.diff import catalog_changes
from compiler.errors import CodedError
from compiler.disclosure import visible_snapshot
from compiler.explain import explain_column
from compiler.join_path import find_join_path
from compiler.classification import rules_for
from compiler.profiler import ProfileOptions
from compiler.redact import redact
from compiler.review import Decision, decide, review_items
from compiler.search import SearchIndex
from ir.semantic import SemanticModel
from ir.snapshot import Snapshot

Progress = Callable[[str, float], None]


def file_entries(result: api.CompileResult, contents: bool = True) -> list[dict[str, Any]]:
    """target, path, size and sha256 of each file; with `contents`, the text (or base64 of a
    binary file such as the Superset zip)."""
    out = []
    for target, files in result.files.items():
        for path in sorted(files):
            body = files[path]
            data = body if isinstance(body, bytes) else body.encode("utf-8")
            entry: dict[str, Any] = {"target": target, "path": path, "bytes": len(data),
                                     "sha256": hashlib.sha256(data).hexdigest(), "binary": isinstance(body, bytes)}
            if contents:
                entry["content"] = base64.b64encode(data).decode("ascii") if isinstance(body, bytes) else body
            out.append(entry)
    return out


class View:
    """One consistent picture of the source; the library's read functions, bound to it.

    A View never changes, so each answer is computed once and kept (a bounded number of them
    for searches and join paths, whose arguments are open-ended); callers must not modify what
    they get back."""

    MEMO_LIMIT = 4096

    def __init__(self, version: int, snapshot: Snapshot, model: SemanticModel, diags: Diagnostics, config: Config):
        self.version, self.snapshot, self.model, self.diags, self.config = version, snapshot, model, diags, config
        self._memo: dict[tuple, Any] = {}
        self._memo_lock = threading.Lock()

    def _once(self, key: tuple, compute: Callable[[], Any]) -> Any:
        try:
            return self._memo[key]
        except KeyError:
            pass
        value = compute()  # an exception (NotFound) is not kept: it is cheap to raise again
        with self._memo_lock:  # requests run in a thread pool
            if len(self._memo) >= self.MEMO_LIMIT:
                self._memo.pop(next(iter(self._memo)), None)
            self._memo[key] = value
        return value

    @cached_property
    def index(self) -> SearchIndex:
        return SearchIndex(self.snapshot, self.model)

    def tables(self, query: str | None = None) -> list[dict[str, Any]]:
        """Every table, or those matching `query` (as search), best first."""
        rows = self._once(("tables",), lambda: list_tables(self.snapshot, self.model))
        if not query:
            return rows

        def matching() -> list[dict[str, Any]]:
            by_key = {t["table"]: t for t in rows}
            return [by_key[k] for k in self.index.tables(query) if k in by_key]

        return self._once(("tables", query), matching)

    def table(self, name: str) -> dict[str, Any]:
        return self._once(("table", name), lambda: describe_table(self.snapshot, self.model, name))

    def entity_name(self, table: str) -> str:
        return resolve_table(self.snapshot, self.model, table)[1].name

    def table_key(self, table: str) -> str:
        return resolve_table(self.snapshot, self.model, table)[0].key

    def relationships(self, table: str | None = None, suggestions: bool = True) -> list[dict[str, Any]]:
        return self._once(("relationships", table, suggestions),
                          lambda: list_relationships(self.model, self.table_key(table) if table else None, suggestions))

    def measures(self, table: str | None = None) -> dict[str, Any]:
        return self._once(("measures", table), lambda: list_measures(self.model, self.entity_name(table) if table else None))

    def join_path(self, a: str, b: str) -> dict[str, Any]:
        return self._once(("join_path", a, b), lambda: find_join_path(self.model, self.entity_name(a), self.entity_name(b)))

    def search(self, query: str, limit: int = 20, kinds: set[str] | None = None) -> list[dict[str, Any]]:
        return self._once(("search", query, limit, frozenset(kinds or ())), lambda: self.index.search(query, limit, kinds))

    def explain(self, ref: str) -> dict[str, Any]:
        return explain_column(self.snapshot, self.model, self.diags, ref)

    def review(self) -> list[dict[str, Any]]:
        return self._once(("review",), lambda: review_items(self.model))

    def diagnostics(self) -> list[dict[str, Any]]:
        return [d.as_dict() for d in self.diags.items]

    def public_snapshot(self) -> Snapshot:
        """The snapshot with sensitive columns' values withheld (compiler.disclosure)."""
        sensitive: dict[str, set[str]] = {}
        for e in self.model.entities:
            for f in [*e.dimensions, *e.time_dimensions]:
                if f.column is not None and getattr(f, "sensitivity", None):
                    sensitive.setdefault(e.table.key, set()).add(f.column)
        return visible_snapshot(self.snapshot, sensitive)


@dataclass
class Workspace:
    source: str | None = None
    config_path: Path | None = None
    dialect: str | None = None
    schemas: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    profile: ProfileOptions = field(default_factory=lambda: ProfileOptions(progress=False))
    _view: View | None = field(default=None, init=False, repr=False)
    _raw: Snapshot | None = field(default=None, init=False, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    # -- reading --------------------------------------------------------------------------------

    @property
    def view(self) -> View:
        if self._view is None:
            raise RuntimeError("workspace not opened")
        return self._view

    @property
    def decisions_file(self) -> Path:
        """Where review decisions go: the --config file, else ./mb.yaml (created when missing)."""
        return self.config_path or Path(CONFIG_NAME)

    def _config(self, diags: Diagnostics) -> Config:
        config = load_config(self.config_path, diags)
        config.llm.enabled = False  # answers from the cache only: a request never waits on a model
        config.llm.progress = False
        return config

    def _read(self, config: Config, diags: Diagnostics, progress: Progress) -> Snapshot:
        source = api.resolve_source(self.source, config)
        progress("read source", 0.0)
        opts = api.source_options(config, self.dialect, self.schemas, self.include, self.exclude)
        opts.query_timeout = self.profile.query_timeout
        # The profiler redacts with the user's classification rules too (invalid ones: the
        # analysis reports them; the defaults still apply here).
        self.profile.rules = rules_for(config)
        return api.snapshot(source, opts, diags, profile=self.profile)

    def _analyse(self, raw: Snapshot, config: Config, diags: Diagnostics) -> View:
        snap = raw.model_copy(deep=True)  # passes annotate the snapshot they read; keep `raw` as read
        model = api.analyze(snap, config, diags, copy=False)
        version = self._view.version + 1 if self._view is not None else 1
        return View(version, snap, model, diags, config)

    def open(self, diags: Diagnostics | None = None, progress: Progress | None = None) -> Diagnostics:
        """Read and analyse the source. Raises InputError for unreadable input; returns the
        diagnostics (check has_errors(): then nothing was opened)."""
        return self.refresh(diags, progress)

    def refresh(self, diags: Diagnostics | None = None, progress: Progress | None = None) -> Diagnostics:
        """Read mb.yaml and the source again; the new View replaces the old one only when the
        run had no error."""
        tell = progress or (lambda _s, _f: None)
        diags = diags if diags is not None else Diagnostics()
        with self._lock:
            config = self._config(diags)
            raw = self._read(config, diags, tell)
            if diags.has_errors():
                return diags
            tell("analyze", 0.8)
            view = self._analyse(raw, config, diags)
            if diags.has_errors():
                return diags
            self._raw, self._view = raw, view
            tell("done", 1.0)
            return diags

    def refresh_report(self, progress: Progress | None = None) -> dict[str, Any]:
        """refresh(), as plain data: what changed in the catalog, and the diagnostics. Raises
        CodedError (the first error's code) when the source could not be read again."""
        before = self.view.snapshot
        diags = self.refresh(progress=progress)
        errors = diags.errors
        if errors:
            first = errors[0]
            raise CodedError(REGISTRY[first.code], redact(first.message), redact(first.location) if first.location else None)
        return {
            "version": self.view.version, "tables": len(self.view.model.entities),
            "changes": [c.as_dict() for c in catalog_changes(before, self.view.snapshot)],
            "diagnostics": [d.as_dict() for d in diags.items],
        }

    def reload(self) -> Diagnostics:
        """Read mb.yaml again and re-analyse the snapshot already read (after an override edit)."""
        diags = Diagnostics()
        with self._lock:
            if self._raw is None:
                raise RuntimeError("workspace not opened")
            config = self._config(diags)
            view = self._analyse(self._raw, config, diags)
            if not diags.has_errors():
                self._view = view
            return diags

    # -- writing --------------------------------------------------------------------------------

    def decide(self, item_id: str, decision: Decision) -> dict[str, Any]:
        """Write a review decision into mb.yaml and re-analyse, so the decision shows at once."""
        with self._lock:
            result = decide(self.decisions_file, self.view.model, item_id, decision)
            if self.config_path is None:
                self.config_path = self.decisions_file
            try:
                diags = self.reload()
            except InputError as e:  # mb.yaml edited by hand meanwhile into something invalid
                result["diagnostics"] = [{"code": e.code.code, "severity": "error", "message": e.message, "location": e.location}]
                return result
            result["diagnostics"] = [d.as_dict() for d in diags.items if d.code.startswith("OV") or d.severity == "error"]
            return result

    # -- compiling ------------------------------------------------------------------------------

    def compile(self, targets: list[str], progress: Progress | None = None) -> api.CompileResult:
        view = self.view
        diags = Diagnostics(overrides=dict(view.diags.overrides))
        return api.compile(view.snapshot, targets, view.config, diags, copy=True, progress=progress)

    def compile_files(self, targets: list[str], contents: bool = True, progress: Progress | None = None) -> dict[str, Any]:
        """A compile as plain data: `ok`, the files (with contents unless asked not to) and the
        diagnostics. Nothing is written."""
        result = self.compile(targets, progress)
        return {
            "ok": not result.diagnostics.has_errors(),
            "files": file_entries(result, contents),
            "diagnostics": [d.as_dict() for d in result.diagnostics.items],
        }

    def diff(self, old: Snapshot, new: Snapshot | None, targets: list[str]) -> list[dict[str, Any]]:
        view = self.view
        return [c.as_dict() for c in api.diff(old, new if new is not None else view.snapshot, targets, view.config)]
