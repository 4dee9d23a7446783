"""Relationships known to the snapshot (declared foreign keys) enter the semantic model.

Data-driven inference adds to this list in its own pass; this one only carries declared facts
and drops those whose columns no longer exist.
"""

from __future__ import annotations

from pydantic import BaseModel

from compiler.diagnostics import AN002
from compiler.pipeline import Context, State

NAME = "collect_relationships"


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    kept = []
    for rel in state.snapshot.relationships:
        src, dst = tables.get(rel.from_.table_key), tables.get(rel.to.table_key)
        where = f"{rel.from_.table_key}({', '.join(rel.from_.columns)})"
        if src is None or dst is None:
            ctx.diags.report(AN002, f"relationship to {rel.to.table_key} names a table that does not exist", where)
            continue
        missing = [c for c in rel.from_.columns if src.column(c) is None] + [c for c in rel.to.columns if dst.column(c) is None]
        if missing:
            ctx.diags.report(AN002, f"relationship names missing columns {missing}", where)
            continue
        kept.append(_clone(rel))
    kept.sort(key=lambda r: r.sort_key())
    state.model.relationships = kept


def _clone(obj):
    """obj.model_copy(deep=True) for IR nodes, about twice as fast: IR nodes hold only models,
    lists, dicts and immutable scalars, so only those are copied (copy.deepcopy's memo and
    dispatch per string and float are what cost)."""
    if isinstance(obj, BaseModel):
        return obj.model_copy(update={k: _clone(v) for k, v in obj.__dict__.items() if isinstance(v, (BaseModel, list, dict))})
    if isinstance(obj, list):
        return [_clone(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _clone(v) for k, v in obj.items()}
    return obj
