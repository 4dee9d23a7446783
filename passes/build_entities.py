"""One entity per table, one field per column: time columns become time dimensions, the rest
dimensions. Names become unique lowercase identifiers; raw names stay on `column`. A time kept as
text (normalize_types) is read through a cast of its column (`expr`)."""

from __future__ import annotations

from collections import Counter

from compiler.diagnostics import AN003
from compiler.pipeline import Context, State
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, TimeDimension
from compiler.naming import NameTable, snake
from passes.normalize_types import time_cast

NAME = "build_entities"
TIME_TYPES = {"date", "timestamp", "timestamp_tz"}
_DECLARED = Provenance.declared()


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
    dialect = state.snapshot.source.dialect
    for table, name in zip(state.snapshot.tables, entity_names(state.snapshot.tables)):
        if name not in (snake(table.name, "table"), snake(f"{table.schema_}_{table.name}", "table")):
            ctx.diags.report(AN003, f"entity named {name!r} to keep names unique", table.key)
        entity = Entity(
            name=name,
            table=table.ref,
            kind=table.kind,
            row_count=table.row_count,
            unique_keys=[list(u.columns) for u in table.unique_keys],
            description=Text.declared(table.comment) if table.comment else None,
        )
        fields = NameTable()
        dims, times = entity.dimensions, entity.time_dimensions
        for col in table.columns:
            fname = fields.claim(snake(col.name, "field"))
            # Keyword arguments left at their defaults cost validation time, so only the set ones
            # are passed; the provenance is one shared frozen instance.
            if col.data_type in TIME_TYPES:
                extra = {"description": Text.declared(col.comment)} if col.comment else {}
                if (cast := time_cast(col, dialect)) is not None:  # ISO dates kept as text: read through a cast
                    extra["expr"] = cast
                times.append(TimeDimension(name=fname, column=col.name, data_type=col.data_type, native_type=col.type,
                                           nullable=col.nullable, provenance=_DECLARED, **extra))
            elif col.comment:
                dims.append(Dimension(name=fname, column=col.name, data_type=col.data_type or "unknown", native_type=col.type,
                                      nullable=col.nullable, description=Text.declared(col.comment), provenance=_DECLARED))
            else:
                dims.append(Dimension(name=fname, column=col.name, data_type=col.data_type or "unknown", native_type=col.type,
                                  nullable=col.nullable, provenance=_DECLARED))
        entities.append(entity)
    state.model.entities = entities
