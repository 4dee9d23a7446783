"""The Cube backend: a Cube data model (`model/cubes/*.yml`, `model/views/*.yml`), read back
with PyYAML for the round-trip check and validated in the tests by Cube's own schema compiler."""

from __future__ import annotations

from typing import Any

from backends.base import PlannedBackend
from backends.cube.codes import CB
from backends.cube.options import CubeOptions
from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel
from backends.cube import emit as _emit, importer as _importer, names, plan as _plan, read as _read
from backends.cube import structure

# Relationships live only as joins on cubes (those the explores use), so that facet is not claimed.
CAPABILITIES = frozenset(
    {"entities", "dimensions", "time_dimensions", "measures", "labels", "descriptions", "explores", "metrics", "row_filters"}
)


class CubeBackend(PlannedBackend):
    """`expected`: the model as Cube expresses it: Cube names, time types folded, CB001 omissions
    removed."""

    name = "cube"
    capabilities = CAPABILITIES
    options_model = CubeOptions
    codes = CB
    import_patterns = ("*.yml", "*.yaml", "*.js", "*.jinja")
    # Structural check (backends/structure.py): what the target's own tool would reject.
    structural_problems = staticmethod(structure.problems)

    def plan(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> _plan.Plan:
        return _plan.build(model, diags)

    def render(self, plan: _plan.Plan, model: SemanticModel, options: dict[str, Any]) -> dict[str, str]:
        return _emit.render_plan(plan)

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def sniff(self, files: dict[str, str]) -> int:
        return _importer.sniff(files)

    def import_files(self, files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
        """A Cube model folder people wrote (see importer.py)."""
        return _importer.import_project(files, diags, dialect)

    def locate(self, entity: str | None, files: dict[str, str] | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at (None: the first view)."""
        if entity:
            return names.cube_path(entity)
        return next((p for p in sorted(files or {}) if p.startswith("model/views/")), None)


__all__ = ["CubeBackend", "CAPABILITIES"]
