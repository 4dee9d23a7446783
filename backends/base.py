"""The Backend base class and the registry of targets.

Every target, built in or third party, is a subclass of `Backend` registered under the
`mb.backends` entry-point group (name = target name, value = 'module:Class'); this repository's
own are listed in its pyproject.toml like anyone else's. A backend brings everything the driver
needs from it as class attributes and methods with defaults: its `mb.yaml` section
(`options_model`), its diagnostic codes (a `compiler.diagnostics.family`, registered when its
module is imported), what the round trip compares, and optionally an importer of hand-written
files of its format. Nothing in the driver names a target or probes for a method.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from importlib.util import find_spec
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from compiler.diagnostics import Diagnostics, Family
from ir.semantic import SemanticModel

# Facets of the model a round trip can compare; a backend lists the ones its files preserve.
CAPABILITIES = frozenset(
    {
        "entities",  # entity names and their tables
        "dimensions",  # dimension names, types, primary key, hidden
        "time_dimensions",
        "measures",  # measure names and aggregations
        "labels",
        "descriptions",
        "explores",  # explore roots and joins with cardinality
        "relationships",
        "metrics",
        "row_filters",  # the rows an entity leaves out at its base (soft-deleted ones)
    }
)

# One generated file: text (written as UTF-8 with \n line ends) or bytes (written as they are,
# e.g. an archive).
FileContent = str | bytes
Files = dict[str, FileContent]

GROUP = "mb.backends"


class BackendOptions(BaseModel):
    """A backend's section of mb.yaml (`<target name>: {...}`). Subclass it with the settings the
    backend reads; unknown keys are an error (CF001) with the line of the key."""

    model_config = ConfigDict(extra="forbid")


class Backend:
    """A target: emits files from a SemanticModel and reads them back.

    Subclasses set `name` and `capabilities` and implement `emit` and `read`; everything else has
    a default. `binary` lists fnmatch patterns of the paths emitted as bytes (say `("*.zip",)`),
    so that `mb validate`, which has no generated files to go by, reads those files back as
    bytes; every other file is read back as text.
    """

    name: ClassVar[str] = ""
    capabilities: ClassVar[frozenset[str]] = frozenset()
    binary: ClassVar[tuple[str, ...]] = ()
    # The `<name>:` section of mb.yaml, validated by this model.
    options_model: ClassVar[type[BackendOptions]] = BackendOptions
    # The backend's diagnostic codes (created with compiler.diagnostics.family, so importing the
    # backend registers them; `mb codes` and `severity:` in mb.yaml see them).
    codes: ClassVar[Family | None] = None
    # Importing models people wrote in this format (`mb convert`, `mb adopt`): the file patterns
    # an import reads from a folder. Empty: the backend has no importer.
    import_patterns: ClassVar[tuple[str, ...]] = ()
    import_binary: ClassVar[tuple[str, ...]] = ()

    # -- emitting --------------------------------------------------------------------------------

    def emit(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> Files:
        """Relative path -> file content, str for text and bytes for binary files.
        Deterministic: the same model gives the same bytes on every machine."""
        raise NotImplementedError(f"backend {self.name!r} does not emit")

    # -- the round trip --------------------------------------------------------------------------

    def read(self, files: Files, diags: Diagnostics) -> SemanticModel:
        """Parse emitted files back into the part of the IR they express. A file is handed over
        as the type emit gave it (bytes for binary files, str for text)."""
        raise NotImplementedError(f"backend {self.name!r} does not read its files back")

    def expected(self, model: SemanticModel, options: dict[str, Any] | None = None) -> SemanticModel:
        """The model as the target's files express it (target names, what emit reported as
        inexpressible left out). Default: the model itself."""
        return model

    def read_comparable(self, files: Files, diags: Diagnostics) -> Any:
        """`read`, as any objects with the attributes the round trip's projections read, when
        that is cheaper to build than a SemanticModel. Default: `read`."""
        return self.read(files, diags)

    def expected_comparable(self, model: SemanticModel, options: dict[str, Any] | None = None) -> Any:
        """`expected`, likewise. Default: `expected`."""
        return self.expected(model, options)

    def locate(self, entity: str | None, files: Files | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at (None: the target folder)."""
        return None

    # -- importing hand-written models -------------------------------------------------------------

    def sniff(self, files: Files) -> int:
        """How surely `files` (read with `import_patterns`) are a project of this format: 0 not
        at all, higher is surer. Used when `mb convert` is not told the format."""
        return 0

    def import_files(self, files: Files, diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
        """A hand-written project of this format as a SemanticModel with `human` provenance.
        Whatever has no place in the IR is a diagnostic with file:line, never dropped silently.
        `dialect`: the SQL dialect of the project's expressions, when the files do not say."""
        raise NotImplementedError(f"backend {self.name!r} has no importer")

    # -- helpers for the driver ----------------------------------------------------------------

    @classmethod
    def validate_options(cls, raw: dict[str, Any] | BaseModel | None) -> dict[str, Any]:
        """`raw` checked by `options_model`, as the dict `emit` takes (the keys given, so a
        backend's own defaults apply to the rest). Raises pydantic's ValidationError."""
        if isinstance(raw, BaseModel):
            return raw.model_dump(exclude_unset=True, by_alias=True)
        return cls.options_model.model_validate(raw or {}).model_dump(exclude_unset=True, by_alias=True)

    @classmethod
    def can_import(cls) -> bool:
        return bool(cls.import_patterns)


class PlannedBackend(Backend):
    """The plumbing the built-in backends share: `emit` plans the model, then renders the plan,
    and keeps it so that the round trip's `expected` does not plan the same model twice.

    A subclass sets `name` and `capabilities` and implements `plan` and `render` (and `read`);
    `expected_of(plan)` defaults to `plan.expected()`.
    """

    def __init__(self) -> None:
        # (model, options, plan) of the last emit.
        self._last: tuple[SemanticModel, dict[str, Any], Any] | None = None

    def plan(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> Any:
        raise NotImplementedError

    def render(self, plan: Any, model: SemanticModel, options: dict[str, Any]) -> Files:
        raise NotImplementedError

    def expected_of(self, plan: Any) -> SemanticModel:
        return plan.expected()

    def emit(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> Files:
        options = dict(options or {})
        plan = self.plan(model, options, diags)
        self._last = (model, options, plan)
        return self.render(plan, model, options)

    def planned(self, model: SemanticModel, options: dict[str, Any] | None = None) -> Any:
        """The plan the last emit made when it was for this model and these options, else a new
        one (its diagnostics are dropped: emit already reported them)."""
        options = dict(options or {})
        if self._last is not None and self._last[0] is model and self._last[1] == options:
            return self._last[2]
        return self.plan(model, options, Diagnostics())

    def expected(self, model: SemanticModel, options: dict[str, Any] | None = None) -> SemanticModel:
        return self.expected_of(self.planned(model, options))


def unique_name(name: str, taken: set[str] | frozenset[str]) -> str:
    """`name`, or `name_2`, `name_3`... whichever is first not in `taken`."""
    if name not in taken:
        return name
    n = 2
    while f"{name}_{n}" in taken:
        n += 1
    return f"{name}_{n}"


def is_binary(backend: Backend, path: str) -> bool:
    """Does `backend` emit `path` (relative to its target folder) as bytes?"""
    return any(fnmatchcase(path, pattern) for pattern in backend.binary)


class BackendLoadError(Exception):
    """An installed backend cannot be loaded (its package fails to import, or its class is not a
    Backend)."""


def _importable(spec: str) -> bool:
    try:
        return find_spec(spec.partition(":")[0]) is not None
    except (ModuleNotFoundError, ValueError):  # its parent package is missing
        return False


def available() -> dict[str, str]:
    """Target name -> 'module:Class' of every backend registered under `mb.backends`."""
    # A backend whose package is absent (a trimmed install) is not offered rather than failing later.
    found: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        if ep.name not in found and _importable(ep.value):
            found[ep.name] = ep.value
    return dict(sorted(found.items()))


@lru_cache(maxsize=None)
def _load(name: str, spec: str) -> type[Backend]:
    module, _, attr = spec.partition(":")
    try:
        cls = getattr(import_module(module), attr)
    except Exception as e:  # a third party's package may fail in any way
        raise BackendLoadError(f"backend {name!r} ({spec}) cannot be loaded: {type(e).__name__}: {e}") from None
    if not (isinstance(cls, type) and issubclass(cls, Backend)):
        raise BackendLoadError(f"backend {name!r} ({spec}) is not a subclass of backends.base.Backend")
    if cls.name != name:
        raise BackendLoadError(f"backend {spec} is registered as {name!r} but calls itself {cls.name!r}")
    return cls


def backend_class(name: str) -> type[Backend]:
    specs = available()
    if name not in specs:
        raise KeyError(name)
    return _load(name, specs[name])


def get_backend(name: str) -> Backend:
    return backend_class(name)()


def load_all() -> dict[str, type[Backend]]:
    """Every installed backend class, importing each (which registers its diagnostic codes).
    A backend that cannot be loaded is left out; `mb targets` names it."""
    out: dict[str, type[Backend]] = {}
    for name, spec in available().items():
        try:
            out[name] = _load(name, spec)
        except BackendLoadError:
            continue
    return out
