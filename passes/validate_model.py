"""Consistency checks on the finished model; reports, never repairs."""

from __future__ import annotations

import sqlglot
from sqlglot.errors import SqlglotError

from compiler.diagnostics import AN004, AN005
from compiler.pipeline import Context, State

NAME = "validate_model"


def _parses(sql: str, dialect: str) -> bool:
    try:
        sqlglot.parse_one(sql, read=dialect)
        return True
    except SqlglotError:
        return False


def run(state: State, ctx: Context) -> None:
    model = state.model
    dialect = model.dialect
    seen_entities: set[str] = set()
    for e in model.entities:
        if e.name in seen_entities:
            ctx.diags.report(AN005, f"two entities are named {e.name!r}", e.table.key)
        seen_entities.add(e.name)
        fields: set[str] = set()
        for f in [*e.dimensions, *e.time_dimensions, *e.measures]:
            if f.name in fields:
                ctx.diags.report(AN005, f"two fields are named {f.name!r}", f"{e.name}.{f.name}")
            fields.add(f.name)
        for m in e.measures:
            for what, sql in (("expression", m.expr), ("filter", m.filter)):
                if sql and not _parses(sql, dialect):
                    ctx.diags.report(AN004, f"measure {what} does not parse as {dialect} SQL: {sql}", f"{e.name}.{m.name}")
    entities = model.entity_index()
    columns = {e.name: e.column_fields() for e in model.entities}
    for x in model.explores:
        root = entities.get(x.root)
        if root is None:
            ctx.diags.report(AN005, f"explore root {x.root!r} is not an entity", x.name)
            continue
        alias_entity = {x.root: root}
        for j in x.joins:
            target = entities.get(j.entity)
            parent = alias_entity.get(j.from_alias)
            if target is None or parent is None:
                ctx.diags.report(AN005, f"join {j.alias!r} refers to an unknown entity or alias", x.name)
                continue
            for ent, cols in ((parent, j.from_columns), (target, j.to_columns)):
                for c in cols:
                    if c not in columns[ent.name]:
                        ctx.diags.report(AN005, f"join {j.alias!r} uses column {c!r} that has no field in {ent.name}", x.name)
            alias_entity[j.alias] = target
