"""Primary keys: the declared key first; a single declared unique key on non-null columns next.

Inference from profiled data (unique + non-null columns ranked by naming and position) builds
on this pass once profiles are in the snapshot.
"""

from __future__ import annotations

from compiler.diagnostics import AN001
from compiler.pipeline import Context, State
from ir.provenance import Provenance

NAME = "infer_primary_keys"


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    for entity in state.model.entities:
        table = tables[entity.table.key]
        if entity.primary_key_provenance and entity.primary_key_provenance.origin == "human":
            continue
        if table.primary_key:
            entity.primary_key = list(table.primary_key)
            entity.primary_key_provenance = Provenance.declared(table.primary_key_name)
        else:
            candidates = [
                uk for uk in table.unique_keys
                if uk.columns and all((c := table.column(n)) is not None and not c.nullable for n in uk.columns)
            ]
            if candidates:
                best = min(candidates, key=lambda uk: (len(uk.columns), uk.columns))
                entity.primary_key = list(best.columns)
                entity.primary_key_provenance = Provenance.inferred(
                    NAME, "unique_not_null_constraint", 0.95, [f"declared unique key {best.name or best.columns} on non-null columns"]
                )
            elif table.kind == "table":
                ctx.diags.report(AN001, "no primary key declared; joins to it and distinct counts may be unreliable", table.key)
        keyset = set(entity.primary_key)
        for dim in entity.dimensions:
            if dim.column in keyset:
                dim.primary_key = True
                dim.role = "key"
