"""The Power BI backend: a PBIP semantic model in TMDL with DAX measures, read back with the
lark grammars in grammars/tmdl.lark and grammars/dax.lark for the round-trip check."""

from __future__ import annotations

from typing import Any

from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel
from backends.powerbi import emit as _emit, plan as _plan, read as _read
from backends.powerbi.capabilities import CAPABILITIES


class PowerBIBackend:
    name = "powerbi"
    capabilities = CAPABILITIES

    def __init__(self) -> None:
        # The plan of the last emitted model, so the round trip does not plan it twice.
        self._last: tuple[SemanticModel, _plan.Plan] | None = None

    def emit(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> dict[str, str]:
        plan = _plan.build(model, diags)
        self._last = (model, plan)
        return _emit.render_plan(plan, options or {})

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def expected(self, model: SemanticModel, options: dict[str, Any] | None = None) -> SemanticModel:
        """The model as Power BI expresses it (diagnostics are not repeated: emit reported them)."""
        if self._last is not None and self._last[0] is model:
            return self._last[1].expected()
        return _plan.build(model, Diagnostics()).expected()

    def locate(self, entity: str | None, files: dict[str, str] | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at (None: model.tmdl)."""
        paths = sorted(files or {})
        if entity:
            for p in paths:
                if p.endswith(".tmdl") and "/tables/" in p and f"annotation mb_name = {entity}\n" in (files or {})[p]:
                    return p
        return next((p for p in paths if p.endswith("/model.tmdl")), None)


__all__ = ["PowerBIBackend", "CAPABILITIES"]
