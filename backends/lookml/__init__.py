"""The LookML backend: views and a model file, read back with lkml for the round-trip check."""

from __future__ import annotations

from typing import Any

from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel
from backends.lookml import emit as _emit, plan as _plan, read as _read
from backends.lookml.capabilities import CAPABILITIES


class LookMLBackend:
    name = "lookml"
    capabilities = CAPABILITIES

    def __init__(self) -> None:
        # The plan of the last emitted model, so the round trip does not plan it twice.
        self._last: tuple[SemanticModel, _plan.Plan] | None = None

    def emit(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> dict[str, str]:
        plan = _plan.build(model, diags)
        self._last = (model, plan)
        return _emit.render_plan(plan, model, options or {})

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def expected(self, model: SemanticModel, options: dict[str, Any] | None = None) -> SemanticModel:
        """The model as LookML expresses it: LookML names, objects LK001 left out removed.

        Diagnostics are not repeated here (emit already reported them).
        """
        if self._last is not None and self._last[0] is model:
            return self._last[1].expected()
        return _plan.build(model, Diagnostics()).expected()

    def read_comparable(self, files: dict[str, str], diags: Diagnostics):
        """`read`, as plain objects with the same attributes: for the round trip."""
        return _read.read_comparable(files, diags)

    def expected_comparable(self, model: SemanticModel, options: dict[str, Any] | None = None):
        """`expected`, as overlays on the model's nodes instead of copies: for the round trip."""
        if self._last is not None and self._last[0] is model:
            return self._last[1].comparable()
        return _plan.build(model, Diagnostics()).comparable()

    def locate(self, entity: str | None, files: dict[str, str] | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at (None: the model file)."""
        if entity:
            return _plan.view_path(entity)
        return next((p for p in sorted(files or {}) if p.endswith(".model.lkml")), None)


__all__ = ["LookMLBackend", "CAPABILITIES"]
