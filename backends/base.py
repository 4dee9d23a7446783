"""The Backend protocol and the registry of targets.

Built-in targets are listed here; third-party packages add theirs through the `mb.backends`
entry-point group (the value names a class implementing Backend).
"""

from __future__ import annotations

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

BUILTIN: dict[str, str] = {
    "cube": "backends.cube:CubeBackend",
    "dbt": "backends.dbt:DbtBackend",
    "lookml": "backends.lookml:LookMLBackend",
    "powerbi": "backends.powerbi:PowerBIBackend",
    "superset": "backends.superset:SupersetBackend",
}


class Backend(Protocol):
    name: str
    capabilities: frozenset[str]

    def emit(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> dict[str, str]:
        """Relative path -> file text. Deterministic: the same model gives the same bytes."""
        ...

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        """Parse emitted files back into the part of the IR they express."""
        ...


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
