"""The dbt backend: sources with data tests, staging models, MetricFlow semantic models and
metrics, and the time spine; read back with ruamel.yaml (and sqlglot for the staging SQL) for
the round-trip check."""

from __future__ import annotations

from typing import Any

from backends.base import PlannedBackend
from compiler.diagnostics import Diagnostics
from ir.catalog import Table
from ir.semantic import SemanticModel
from ir.snapshot import Snapshot
from backends.dbt import expected as _expected, labels as _labels, metrics as _metrics, plan as _plan, read as _read, render as _render

# Explores have no dbt form: MetricFlow joins semantic models by entity name when queried.
CAPABILITIES = frozenset(
    {"entities", "dimensions", "time_dimensions", "measures", "labels", "descriptions", "relationships", "metrics"}
)


class DbtBackend(PlannedBackend):
    """`expected`: the model as the dbt files express it."""

    name = "dbt"
    capabilities = CAPABILITIES

    def __init__(self) -> None:
        super().__init__()
        self._catalog: dict[str, Table] = {}

    def use_catalog(self, snapshot: Snapshot | None) -> "DbtBackend":
        """Give the backend the snapshot's tables: their column profiles decide accepted_values tests.
        Without it (the model alone) no accepted_values test is written."""
        self._catalog = {t.key: t for t in snapshot.tables} if snapshot is not None else {}
        return self

    def plan(
        self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics
    ) -> tuple[_plan.Plan, list[_metrics.MetricPlan]]:
        plan = _plan.build(model, options, diags)
        mets = _metrics.build(plan, diags)
        _labels.assign(plan, mets)
        return plan, mets

    def render(self, plan: tuple[_plan.Plan, list[_metrics.MetricPlan]], model: SemanticModel, options: dict[str, Any]) -> dict[str, str]:
        return _render.render(*plan, self._catalog)

    def expected_of(self, plan: tuple[_plan.Plan, list[_metrics.MetricPlan]]) -> SemanticModel:
        return _expected.expected(*plan)

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def locate(self, entity: str | None, files: dict[str, str] | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at."""
        root = next((p.rsplit("/", 1)[0] for p in sorted(files or {}) if p.endswith("/sources.yml")), "models/mb_generated")
        return f"{root}/semantic/{entity}.yml" if entity else f"{root}/sources.yml"


__all__ = ["DbtBackend", "CAPABILITIES"]
