"""The Power BI backend: a PBIP semantic model in TMDL with DAX measures, read back with the
lark grammars in grammars/tmdl.lark and grammars/dax.lark for the round-trip check."""

from __future__ import annotations

from typing import Any

from backends.base import PlannedBackend
from backends.powerbi.codes import PB
from backends.powerbi.options import PowerBIOptions
from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel
from backends.powerbi import emit as _emit, importer as _importer, plan as _plan, read as _read
from backends.powerbi import structure
from backends.powerbi.capabilities import CAPABILITIES


class PowerBIBackend(PlannedBackend):
    name = "powerbi"
    capabilities = CAPABILITIES
    options_model = PowerBIOptions
    codes = PB
    import_patterns = ("*.tmdl",)
    # Structural check (backends/structure.py): what the target's own tool would reject.
    structural_problems = staticmethod(structure.problems)

    def plan(self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> _plan.Plan:
        return _plan.build(model, diags)

    def render(self, plan: _plan.Plan, model: SemanticModel, options: dict[str, Any]) -> dict[str, str]:
        return _emit.render_plan(plan, options)

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def sniff(self, files: dict[str, str]) -> int:
        return _importer.sniff(files)

    def import_files(self, files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
        """A TMDL semantic model people wrote (see importer.py)."""
        return _importer.import_project(files, diags, dialect)

    def locate(self, entity: str | None, files: dict[str, str] | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at (None: model.tmdl)."""
        paths = sorted(files or {})
        if entity:
            for p in paths:
                if p.endswith(".tmdl") and "/tables/" in p and f"annotation mb_name = {entity}\n" in (files or {})[p]:
                    return p
        return next((p for p in paths if p.endswith("/model.tmdl")), None)


__all__ = ["PowerBIBackend", "CAPABILITIES"]
