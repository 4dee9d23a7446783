"""Which relationships some referencing rows do not take (Relationship.optional): a row whose key
is NULL names no row on the other side (a customer transaction that is a payment, not an
invoice). Such a relationship is no substitute for a key the row states itself: a target that
filters along it leaves those rows in its blank row (backends/powerbi/relationships.py)."""

from __future__ import annotations

from compiler.pipeline import Context, State

NAME = "mark_optional_joins"


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    for rel in state.model.relationships:
        table = tables.get(rel.from_.table_key)
        columns = [table.column(c) for c in rel.from_.columns] if table is not None else []
        if not columns or any(c is None for c in columns):
            continue
        counted = [c.profile.null_count for c in columns if c.profile is not None and c.profile.null_count is not None]
        if any(counted):
            rel.optional = True
        elif len(counted) == len(columns) or not any(c.nullable for c in columns):
            # Counted on every column and none NULL, or NOT NULL as declared: every row takes it.
            rel.optional = False
