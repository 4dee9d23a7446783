"""The Superset backend: a v1 import bundle of datasets (folder and zip), read back for the
round-trip check. Options (mb.yaml, `superset:`): `database_name`, `sqlalchemy_uri` (its password
is masked; without it the source's URL or database file is used), `zip` (default true)."""

from __future__ import annotations

from typing import Any

from backends.base import Files, PlannedBackend
from backends.superset.codes import SS
from backends.superset.options import SupersetOptions
from backends.superset import bundle as _bundle, importer as _importer, read as _read
from backends.superset import structure
from backends.superset.capabilities import CAPABILITIES
from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel


class SupersetBackend(PlannedBackend):
    """`expected`: the model as the bundle expresses it."""

    name = "superset"
    capabilities = CAPABILITIES
    options_model = SupersetOptions
    codes = SS
    binary = ("*.zip",)  # the bundle zip; everything else is YAML text
    import_patterns = ("*.yaml", "*.yml")
    import_binary = ("*.zip",)
    # Structural check (backends/structure.py): what the target's own tool would reject.
    structural_problems = staticmethod(structure.problems)

    def plan(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> _bundle.Bundle:
        return _bundle.build(model, options, diags)

    def render(self, plan: _bundle.Bundle, model: SemanticModel, options: dict[str, Any]) -> Files:
        return plan.files

    def expected_of(self, plan: _bundle.Bundle) -> SemanticModel:
        return plan.expected

    def read(self, files: Files, diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def sniff(self, files: Files) -> int:
        return _importer.sniff(files)

    def import_files(self, files: Files, diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
        """A Superset bundle people exported (see importer.py)."""
        return _importer.import_bundle(files, diags, dialect)

    def locate(self, entity: str | None, files: Files | None = None) -> str | None:
        """The dataset file a round-trip difference in `entity` points at."""
        if entity is None:
            return None
        for path in sorted(files or {}):
            if path.startswith("datasets/") and path.rsplit("/", 1)[-1] == f"{entity}.yaml":
                return path
        return next((p for p in sorted(files or {}) if p.startswith("datasets/") and f"/{entity}" in p), None)


__all__ = ["SupersetBackend", "CAPABILITIES"]
