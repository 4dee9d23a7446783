"""The Superset backend: a v1 import bundle of datasets (folder and zip), read back for the
round-trip check. Options (mb.yaml, `superset:`): `database_name`, `sqlalchemy_uri` (its password
is masked; without it the source's URL or database file is used), `zip` (default true)."""

from __future__ import annotations

from typing import Any

from backends.base import Files
from backends.superset import bundle as _bundle, read as _read
from backends.superset.capabilities import CAPABILITIES
from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel


class SupersetBackend:
    name = "superset"
    capabilities = CAPABILITIES
    binary = ("*.zip",)  # the bundle zip; everything else is YAML text

    def __init__(self) -> None:
        # The bundle of the last emitted model, so the round trip does not plan it twice.
        self._last: tuple[SemanticModel, dict[str, Any], _bundle.Bundle] | None = None

    def emit(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> Files:
        options = dict(options or {})
        built = _bundle.build(model, options, diags)
        self._last = (model, options, built)
        return built.files

    def read(self, files: Files, diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def expected(self, model: SemanticModel, options: dict[str, Any] | None = None) -> SemanticModel:
        """The model as the bundle expresses it (diagnostics are not repeated: emit gave them)."""
        options = dict(options or {})
        if self._last is not None and self._last[0] is model and self._last[1] == options:
            return self._last[2].expected
        return _bundle.build(model, options, Diagnostics()).expected

    def locate(self, entity: str | None, files: Files | None = None) -> str | None:
        """The dataset file a round-trip difference in `entity` points at."""
        if entity is None:
            return None
        for path in sorted(files or {}):
            if path.startswith("datasets/") and path.rsplit("/", 1)[-1] == f"{entity}.yaml":
                return path
        return next((p for p in sorted(files or {}) if p.startswith("datasets/") and f"/{entity}" in p), None)


__all__ = ["SupersetBackend", "CAPABILITIES"]
