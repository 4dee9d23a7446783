"""The dbt backend: sources with data tests, staging models, MetricFlow semantic models and
metrics, and the time spine; read back with ruamel.yaml (and sqlglot for the staging SQL) for
the round-trip check.

Fact models for facts without a date. MetricFlow aggregates a measure over a time dimension of
its own semantic model, so a fact whose business time lives on its parent (an invoice line and its
invoice) would lose every measure. As dbt projects do, such a fact gets a fact model
`marts/fct_<entity>.sql`: every column of `stg_<entity>` plus the parent's time column, LEFT
JOINed from the staging models along the entity's time axis path (Entity.time_axis, decided by
the choose_time_axes pass: many_to_one joins onto whole primary keys, so the fact keeps its
grain), with a `.yml` (columns, descriptions, the staging model's key tests). Its semantic model
is built on `fct_<entity>` and aggregates over the joined column, named `<parent>_<column>`
(`order_header_order_date`), or keeping its name when that already starts with the parent's name
(`invoice_date`), made unique among the fact's columns and elements.

Entities with measures and no time axis keep DB002 (measures left out). The joined column is no
column of the entity, so the round trip neither expects nor reads it."""

from __future__ import annotations

from typing import Any

from backends.base import PlannedBackend
from backends.dbt.codes import DB
from backends.dbt.options import DbtOptions
from compiler.diagnostics import Diagnostics
from ir.semantic import SemanticModel
from backends.dbt import expected as _expected, importer as _importer, labels as _labels, metrics as _metrics, plan as _plan, read as _read, render as _render
from backends.dbt import structure

# Explores have no dbt form: MetricFlow joins semantic models by entity name when queried.
CAPABILITIES = frozenset(
    {"entities", "dimensions", "time_dimensions", "measures", "labels", "descriptions", "relationships", "metrics", "row_filters"}
)


class DbtBackend(PlannedBackend):
    """`expected`: the model as the dbt files express it."""

    name = "dbt"
    capabilities = CAPABILITIES
    options_model = DbtOptions
    codes = DB
    import_patterns = ("*.yml", "*.yaml", "semantic_manifest.json")
    # Structural check (backends/structure.py): what the target's own tool would reject.
    structural_problems = staticmethod(structure.problems)

    def plan(
        self, model: SemanticModel, options: dict[str, Any], diags: Diagnostics
    ) -> tuple[_plan.Plan, list[_metrics.MetricPlan]]:
        plan = _plan.build(model, options, diags)
        mets = _metrics.build(plan, diags)
        _labels.assign(plan, mets)
        return plan, mets

    def render(self, plan: tuple[_plan.Plan, list[_metrics.MetricPlan]], model: SemanticModel, options: dict[str, Any]) -> dict[str, str]:
        return _render.render(*plan)

    def expected_of(self, plan: tuple[_plan.Plan, list[_metrics.MetricPlan]]) -> SemanticModel:
        return _expected.expected(*plan)

    def read(self, files: dict[str, str], diags: Diagnostics) -> SemanticModel:
        return _read.read(files, diags)

    def sniff(self, files: dict[str, str]) -> int:
        return _importer.sniff(files)

    def import_files(self, files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
        """dbt semantic models and metrics people wrote (see importer.py)."""
        return _importer.import_project(files, diags, dialect)

    def locate(self, entity: str | None, files: dict[str, str] | None = None) -> str | None:
        """The file a round-trip difference in `entity` points at."""
        root = next((p.rsplit("/", 1)[0] for p in sorted(files or {}) if p.endswith("/sources.yml")), "models/mb_generated")
        return f"{root}/semantic/{entity}.yml" if entity else f"{root}/sources.yml"


__all__ = ["DbtBackend", "CAPABILITIES"]
