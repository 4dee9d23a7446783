"""The join path between two tables: the one the model's explores already use.

Explores (passes/build_explores.py) join outward from a fact or bridge table along many-to-one
and one-to-one relationships only, so a query over an explore never fans out and double counts.
A path is taken from them, never searched for in the relationship graph: joining across a
one-to-many step would multiply rows. Preferred, in order: an explore rooted at one of the two
tables that reaches the other (a chain of lookups), then an explore that reaches both from a
common root (the fact table that links them); fewest joins first, then by explore name.
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from backends.sql_common import sqlglot_dialect
from compiler.explain import NotFound
from ir.semantic import Entity, Explore, Join, SemanticModel


def _chain(explore: Explore, alias: str) -> list[Join]:
    """The joins from the root to `alias`, root side first."""
    by_alias = {j.alias: j for j in explore.joins}
    out: list[Join] = []
    while alias in by_alias:
        j = by_alias[alias]
        out.append(j)
        alias = j.from_alias
    return out[::-1]


def _aliases(explore: Explore, entity: str) -> list[str]:
    """Where `entity` appears in the explore: the root (alias = the root's name) or joins."""
    out = [explore.root] if explore.root == entity else []
    return out + [j.alias for j in explore.joins if j.entity == entity]


def _candidates(model: SemanticModel, a: str, b: str) -> list[tuple[int, int, str, Explore, list[Join], str]]:
    found = []
    for x in model.explores:
        for start, end in ((a, b), (b, a)):
            if x.root != start:
                continue
            for alias in _aliases(x, end):
                if alias != x.root:
                    found.append((0, len(_chain(x, alias)), x.name, x, _chain(x, alias), "lookup"))
        for alias_a in _aliases(x, a):
            for alias_b in _aliases(x, b):
                if x.root in (alias_a, alias_b) or alias_a == alias_b:
                    continue
                joins = _union(x, alias_a, alias_b)
                found.append((1, len(joins), x.name, x, joins, "through_root"))
    found.sort(key=lambda c: c[:3])
    return found


def _union(x: Explore, alias_a: str, alias_b: str) -> list[Join]:
    seen: set[str] = set()
    out = []
    for j in [*_chain(x, alias_a), *_chain(x, alias_b)]:
        if j.alias not in seen:
            seen.add(j.alias)
            out.append(j)
    return out


def _from_sql(model: SemanticModel, x: Explore, joins: list[Join]) -> str:
    entities: dict[str, Entity] = model.entity_index()
    dialect = sqlglot_dialect(model.dialect)

    def table(entity: str, alias: str) -> exp.Expression:
        t = entities[entity].table
        node = exp.Table(this=exp.to_identifier(t.name, quoted=True),
                         db=exp.to_identifier(t.schema_, quoted=True) if t.schema_ else None)
        return exp.alias_(node, alias, table=True, quoted=True)

    query = exp.select(exp.Star()).from_(table(x.root, x.root))
    for j in joins:
        cond = exp.and_(*[
            exp.EQ(this=exp.column(fc, table=j.from_alias, quoted=True), expression=exp.column(tc, table=j.alias, quoted=True))
            for fc, tc in zip(j.from_columns, j.to_columns)
        ])
        kind = {"left_outer": "LEFT", "inner": None, "full_outer": "FULL"}.get(j.type)
        query = query.join(table(j.entity, j.alias), on=cond, join_type=kind)
    return query.sql(dialect=dialect)


def find_join_path(model: SemanticModel, a: str, b: str) -> dict[str, Any]:
    """The safe join path between entities `a` and `b` (entity names)."""
    names = {e.name for e in model.entities}
    for n in (a, b):
        if n not in names:
            raise NotFound(f"no table {n!r}")
    if a == b:
        raise NotFound(f"{a!r} and {b!r} are the same table")
    found = _candidates(model, a, b)
    if not found:
        raise NotFound(
            f"no join path between {a!r} and {b!r}: no explore reaches both along many-to-one joins "
            "(a path through a one-to-many join would fan out and double count)")
    _, hops, _, x, joins, how = found[0]
    return {
        "from": a, "to": b, "explore": x.name, "root": x.root, "how": how, "hops": hops,
        "joins": [j.model_dump(mode="json", by_alias=True, exclude_none=True) for j in joins],
        "sql": _from_sql(model, x, joins),
        "alternatives": len(found) - 1,
    }
