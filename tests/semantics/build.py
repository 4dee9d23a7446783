"""Small fixtures for the semantic passes: tables with hand-written profiles, brought to the point
just before the pass under test (by the passes that come before it), so each test runs one pass
on a model it knows."""

from __future__ import annotations

from typing import Any

from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.frontends.common import finalize
from compiler.options import SourceOptions
from compiler.pipeline import Context, State, order_passes
from ir.catalog import Column, ColumnProfile, ForeignKey, Table, TableRef, ValueCount
from ir.semantic import SemanticModel
from ir.snapshot import Snapshot, Source
from passes import default_pipeline


def col(name: str, type_: str = "INTEGER", nullable: bool = True, **profile: Any) -> Column:
    """A column; keyword arguments make its profile (min, max, distinct_count, null_count, mean,
    values=[(value, count), ...] for complete top values)."""
    values = profile.pop("values", None)
    p = None
    if profile or values:
        if values:
            profile.setdefault("distinct_count", len(values))
            profile["top_values"] = [ValueCount(value=v, count=n) for v, n in values]
            profile.setdefault("distinct_exact", True)
        profile.setdefault("null_count", 0)
        p = ColumnProfile(**profile)
    return Column(name=name, type=type_, nullable=nullable, profile=p)


def table(name: str, columns: list[Column], pk: list[str] | None = None, rows: int | None = None,
          fks: list[tuple[list[str], str, list[str]]] = (), kind: str = "table") -> Table:
    return Table(name=name, columns=columns, primary_key=pk or [], row_count=rows, kind=kind,
                 foreign_keys=[ForeignKey(columns=c, ref_table=TableRef(name=t), ref_columns=r) for c, t, r in fks])


def prepare(tables: list[Table], before: str, dialect: str = "postgres", config: Config | None = None) -> tuple[State, Context]:
    """The state just before pass `before` runs (every pass ordered before it has run)."""
    snap = finalize(Snapshot(source=Source(dialect=dialect, description="t", database="t"), tables=tables),
                    SourceOptions(), Diagnostics())
    state = State(snapshot=snap, model=SemanticModel(name="t", dialect=dialect))
    ctx = Context(diags=Diagnostics(), config=config or Config())
    for p in order_passes(default_pipeline()):
        if p.name == before:
            break
        p.run(state, ctx)
    return state, ctx


def run(module, state: State, ctx: Context) -> SemanticModel:
    module.run(state, ctx)
    return state.model
