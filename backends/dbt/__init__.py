"""The dbt backend: sources with data tests, staging models, MetricFlow semantic models and
metrics, and the time spine; read back with ruamel.yaml (and sqlglot for the staging SQL) for
the round-trip check.

Fact models for facts without a date. MetricFlow aggregates a measure over a time dimension of
its own semantic model, so a fact whose date lives on its parent (an invoice line and its
invoice) would lose every measure. As dbt projects do, such a fact gets a fact model
`marts/fct_<entity>.sql`: every column of `stg_<entity>` plus the parent's time column, LEFT
JOINed from `stg_<parent>` on the relationship's keys, with a `.yml` (columns, descriptions, the
staging model's key tests). Its semantic model is built on `fct_<entity>` and aggregates over the
joined column. The choices:

- only entities whose role is `fact`, with measures and no visible time dimension of their own
  (a dimension table such as a customer is not counted over its support rep's hire date);
- the path follows the model's relationships (the joins explores are made of), many_to_one and
  onto the target's whole primary key, so a fact row meets at most one parent row and keeps
  its grain; a step never returns to the fact itself;
- the shortest path wins (one hop, else two); among paths of one length, the first in
  relationship order (by the first hop, then the second);
- the target must have a time dimension that is not personal data (the rule that passes over
  birth dates): its own agg_time dimension when that qualifies, else its first that does;
- the column is named `<parent>_<column>` (`order_header_order_date`), or keeps its name when
  that already starts with the parent's name (`invoice_date`), made unique among the fact's
  columns and elements; it is the semantic model's agg_time_dimension, a day-grained time
  dimension labelled like the parent's column.

Facts with no such path keep DB002 (measures left out). The joined column is no column of the
entity, so the round trip neither expects nor reads it."""

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
