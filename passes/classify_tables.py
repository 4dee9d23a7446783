"""Table roles from the relationship graph: fact, dimension, bridge, or unknown (isolated).

A fact refers to other tables and carries values worth aggregating, or is referred to by none;
a bridge is a table whose key is made of foreign keys to two or more tables (many-to-many);
a dimension is referred to by others.
"""

from __future__ import annotations

from compiler.pipeline import Context, State
from ir.provenance import Provenance

NAME = "classify_tables"
FOLLOWED = ("many_to_one", "one_to_one")


def run(state: State, ctx: Context) -> None:
    outgoing: dict[str, set[str]] = {}
    referenced: set[str] = set()
    fk_cols: dict[str, set[str]] = {}
    for rel in state.model.relationships:
        src, dst = rel.from_.table_key, rel.to.table_key
        fk_cols.setdefault(src, set()).update(rel.from_.columns)
        if src == dst or rel.cardinality not in FOLLOWED:
            continue
        outgoing.setdefault(src, set()).add(dst)
        referenced.add(dst)
    for entity in state.model.entities:
        key = entity.table.key
        targets = outgoing.get(key, set())
        has_values = any(d.role == "measure" for d in entity.dimensions)
        pk = set(entity.primary_key)
        non_key = [d for d in entity.dimensions if d.role != "key"] + entity.time_dimensions
        if len(targets) >= 2 and pk and pk <= fk_cols.get(key, set()) and len(non_key) <= 2 and not has_values:
            role, why = "bridge", "its key is made of foreign keys to several tables"
        elif targets and (key not in referenced or has_values):
            role, why = "fact", "refers to other tables" + (" and has numeric values" if has_values else " and none refer to it")
        elif key in referenced:
            role, why = "dimension", "other tables refer to it"
        else:
            role, why = "unknown", "no relationships"
        entity.role = role  # type: ignore[assignment]
        entity.role_provenance = Provenance.inferred(NAME, role, 0.8, [why])
