"""One entity per table, one field per column: time columns become time dimensions, the rest
dimensions. Names become unique lowercase identifiers; raw names stay on `column`."""

from __future__ import annotations

from collections import Counter

from compiler.diagnostics import AN003
from compiler.pipeline import Context, State
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, TimeDimension
from passes.naming import NameTable, snake

NAME = "build_entities"
TIME_TYPES = {"date", "timestamp", "timestamp_tz"}


def entity_names(tables) -> list[str]:
    """snake_case table names; schema-qualified only where two schemas share a table name."""
    plain = [snake(t.name, "table") for t in tables]
    clashes = {n for n, c in Counter(plain).items() if c > 1}
    names = NameTable()
    out = []
    for t, n in zip(tables, plain):
        wanted = snake(f"{t.schema_}_{t.name}", "table") if n in clashes and t.schema_ else n
        out.append(names.claim(wanted))
    return out


def run(state: State, ctx: Context) -> None:
    entities = []
    for table, name in zip(state.snapshot.tables, entity_names(state.snapshot.tables)):
        if name not in (snake(table.name, "table"), snake(f"{table.schema_}_{table.name}", "table")):
            ctx.diags.report(AN003, f"entity named {name!r} to keep names unique", table.key)
        entity = Entity(
            name=name,
            table=table.ref,
            kind=table.kind,
            row_count=table.row_count,
            description=Text.declared(table.comment) if table.comment else None,
        )
        fields = NameTable()
        for col in table.columns:
            fname = fields.claim(snake(col.name, "field"))
            desc = Text.declared(col.comment) if col.comment else None
            prov = Provenance.declared()
            if col.data_type in TIME_TYPES:
                entity.time_dimensions.append(
                    TimeDimension(name=fname, column=col.name, data_type=col.data_type, description=desc, provenance=prov)
                )
            else:
                entity.dimensions.append(
                    Dimension(name=fname, column=col.name, data_type=col.data_type or "unknown", description=desc, provenance=prov)
                )
        entities.append(entity)
    state.model.entities = entities
