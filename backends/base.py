"""The Backend protocol and the registry of targets.

Built-in targets are listed here; third-party packages add theirs through the `mb.backends`
entry-point group (the value names a class implementing Backend).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from importlib import import_module
from importlib.metadata import entry_points
from importlib.util import find_spec
from typing import Any, Protocol

from compiler.diagnostics import Diagnostics
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
    }
)

# One generated file: text (written as UTF-8 with \n line ends) or bytes (written as they are,
# e.g. an archive).
FileContent = str | bytes
Files = dict[str, FileContent]

BUILTIN: dict[str, str] = {
    "cube": "backends.cube:CubeBackend",
    "dbt": "backends.dbt:DbtBackend",
    "lookml": "backends.lookml:LookMLBackend",
    "powerbi": "backends.powerbi:PowerBIBackend",
    "superset": "backends.superset:SupersetBackend",
}


class Backend(Protocol):
    """A target. It may also declare `binary`: fnmatch patterns of the paths it emits as bytes
    (say `("*.zip",)`), so that `mb validate`, which has no generated files to go by, reads
    those files back as bytes; every other file is read back as text."""

    name: str
    capabilities: frozenset[str]

    def emit(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> Files:
        """Relative path -> file content, str for text and bytes for binary files.
        Deterministic: the same model gives the same bytes on every machine."""
        ...

    def read(self, files: Files, diags: Diagnostics) -> SemanticModel:
        """Parse emitted files back into the part of the IR they express. A file is handed over
        as the type emit gave it (bytes for binary files, str for text)."""
        ...


class PlannedBackend:
    """The plumbing the built-in backends share: `emit` plans the model, then renders the plan,
    and keeps it so that the round trip's `expected` does not plan the same model twice.

    A subclass sets `name` and `capabilities` and implements `plan` and `render` (and `read`);
    `expected_of(plan)` defaults to `plan.expected()`. The other optional hooks the round trip
    looks for (`locate`, `read_comparable`, `expected_comparable`) stay with the subclasses:
    compiler/roundtrip.py tests for them with hasattr.
    """

    name: str
    capabilities: frozenset[str]

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
        """The model as the target's files express it: target names, what emit reported as
        inexpressible left out."""
        return self.expected_of(self.planned(model, options))


def unique_name(name: str, taken: set[str] | frozenset[str]) -> str:
    """`name`, or `name_2`, `name_3`... whichever is first not in `taken`."""
    if name not in taken:
        return name
    n = 2
    while f"{name}_{n}" in taken:
        n += 1
    return f"{name}_{n}"


def is_binary(backend: Any, path: str) -> bool:
    """Does `backend` emit `path` (relative to its target folder) as bytes?"""
    return any(fnmatchcase(path, pattern) for pattern in getattr(backend, "binary", ()))


def _load(spec: str) -> type:
    module, _, attr = spec.partition(":")
    return getattr(import_module(module), attr)


def _importable(spec: str) -> bool:
    try:
        return find_spec(spec.partition(":")[0]) is not None
    except ModuleNotFoundError:  # its parent package is missing
        return False


def available() -> dict[str, str]:
    """Target name -> 'module:Class', built-ins overlaid with installed entry points."""
    # A built-in whose package is absent (a trimmed install) is not offered rather than failing later.
    found = {name: spec for name, spec in BUILTIN.items() if _importable(spec)}
    for ep in entry_points(group="mb.backends"):
        if ep.name not in found and _importable(ep.value):
            found[ep.name] = ep.value
    return dict(sorted(found.items()))


def get_backend(name: str) -> Backend:
    specs = available()
    if name not in specs:
        raise KeyError(name)
    return _load(specs[name])()
