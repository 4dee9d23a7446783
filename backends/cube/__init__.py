"""The Cube backend: a Cube data model (`model/cubes/*.yml`, `model/views/*.yml`), read back
with PyYAML for the round-trip check and validated in the tests by Cube's own schema compiler."""

from __future__ import annotations

from typing import Any

from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel
from backends.cube import emit as _emit, names, plan as _plan, read as _read

# Relationships live only as joins on cubes (those the explores use), so that facet is not claimed.
CAPABILITIES = frozenset(
    {"entities", "dimensions", "time_dimensions", "measures", "labels", "descriptions", "explores", "metrics"}
)


class CubeBackend:
    name = "cube"
    capabilities = CAPABILITIES

    def __init__(self) -> None:
        # The plan of the last emitted model, so the round trip does not plan it twice.
        self._last: tuple[SemanticModel, _plan.Plan] | None = None

    def emit(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> dict[str, str]:
        plan = _plan.build(model, diags)
        self._last = (model, plan)
        return _emit.render_plan(plan)

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def expected(self, model: SemanticModel, options: dict[str, Any] | None = None) -> SemanticModel:
        """The model as Cube expresses it: Cube names, time types folded, CB001 omissions removed."""
        if self._last is not None and self._last[0] is model:
            return self._last[1].expected()
        return _plan.build(model, Diagnostics()).expected()

    def locate(self, entity: str | None, files: dict[str, str] | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at (None: the first view)."""
        if entity:
            return names.cube_path(entity)
        return next((p for p in sorted(files or {}) if p.startswith("model/views/")), None)


__all__ = ["CubeBackend", "CAPABILITIES"]
