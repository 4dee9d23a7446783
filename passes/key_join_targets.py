"""A table no key was declared or found for, that relationships point at many to one (or one to
one): the columns they point at hold no value twice, or the join would repeat the rows it
reaches, so they are its key. Every target then has a key for it: Looker takes measures through a
join only from a view with a primary key, and Cube had keyed such a table by its whole row.
infer_primary_keys leaves a handful of rows unkeyed, where any column may be unique by chance
(a region of four people); a join the data proved names the one that is not. A table still
without a key is reported here (AN001), once the joins are known."""

from __future__ import annotations

from compiler.diagnostics import AN001
from compiler.pipeline import Context, State
from ir.provenance import Provenance
from passes.infer_primary_keys import SchemaNames, key_kind

NAME = "key_join_targets"


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    names = SchemaNames(state.snapshot.tables)
    targets: dict[str, dict[tuple[str, ...], set[str]]] = {}  # table -> columns pointed at -> the tables pointing
    for rel in state.model.relationships:
        if rel.cardinality in ("many_to_one", "one_to_one") and rel.from_.table_key != rel.to.table_key:
            targets.setdefault(rel.to.table_key, {}).setdefault(tuple(rel.to.columns), set()).add(rel.from_.table_key)
    for entity in state.model.entities:
        table = tables.get(entity.table.key)
        if entity.primary_key or table is None:
            continue
        if entity.table.key not in targets or not getattr(getattr(ctx.config, "inference", None), "primary_keys", True):
            if table.kind == "table":
                ctx.diags.report(AN001, "no primary key declared or found; joins to it and distinct counts may be unreliable", table.key)
            continue
        found = min(targets[entity.table.key], key=lambda c: (len(c), c))  # the narrowest, then by name
        cols = list(found)
        kind, why = key_kind(table, cols, names)
        entity.primary_key, entity.key_kind = cols, kind  # type: ignore[assignment]
        pointing = ", ".join(sorted(targets[entity.table.key][found]))
        entity.primary_key_provenance = Provenance.inferred(
            NAME, "join_target", 0.8, [f"{pointing} refer(s) to ({', '.join(cols)}) many to one", why])
        for dim in entity.dimensions:
            if dim.column in cols:
                dim.primary_key, dim.role = True, "key"
