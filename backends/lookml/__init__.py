"""The LookML backend: views and a model file, read back with lkml for the round-trip check."""

from __future__ import annotations

from typing import Any

from backends.base import PlannedBackend
from backends.lookml.codes import LK
from backends.lookml.options import LookMLOptions
from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel
from backends.lookml import emit as _emit, importer as _importer, plan as _plan, read as _read
from backends.lookml import structure
from backends.lookml.capabilities import CAPABILITIES


class LookMLBackend(PlannedBackend):
    """`expected`: the model as LookML expresses it: LookML names, objects LK001 left out removed."""

    name = "lookml"
    capabilities = CAPABILITIES
    options_model = LookMLOptions
    codes = LK
    import_patterns = ("*.lkml", "*.lookml")
    # Structural check (backends/structure.py): what the target's own tool would reject.
    structural_problems = staticmethod(structure.problems)

    def plan(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> _plan.Plan:
        return _plan.build(model, diags)

    def render(self, plan: _plan.Plan, model: SemanticModel, options: dict[str, Any]) -> dict[str, str]:
        return _emit.render_plan(plan, model, options)

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def read_comparable(self, files: dict[str, str], diags: Diagnostics):
        """`read`, as plain objects with the same attributes: for the round trip."""
        return _read.read_comparable(files, diags)

    def expected_comparable(self, model: SemanticModel, options: dict[str, Any] | None = None):
        """`expected`, as overlays on the model's nodes instead of copies: for the round trip."""
        return self.planned(model, options).comparable()

    def sniff(self, files: dict[str, str]) -> int:
        return _importer.sniff(files)

    def import_files(self, files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
        """A LookML project people wrote (see importer.py)."""
        return _importer.import_project(files, diags, dialect)

    def locate(self, entity: str | None, files: dict[str, str] | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at (None: the model file)."""
        if entity:
            return _plan.view_path(entity)
        return next((p for p in sorted(files or {}) if p.endswith(".model.lkml")), None)


__all__ = ["LookMLBackend", "CAPABILITIES"]
