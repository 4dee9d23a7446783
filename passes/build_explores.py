"""Explores rooted at facts, events and bridges, at every table that holds measures (so each
measure is asked at its own grain: through another table's explore its rows would repeat or be
left out), and at every other table nobody joins to (so each table can be queried), joining
along many-to-one and one-to-one relationships breadth first.

A table met again on its own path (employee -> manager, employee -> department -> its manager) or
deeper than where the explore first reached it is joined but not joined onward, which ends self
references after one hop and keeps cycles from copying every table again under each role; role
copies at one depth (bill and ship address) are joined onward alike. A table reached again by
columns a join already made equal to those of the table before it (a batting row's appearances
row, by the same player, season and team, and that row's player) is not joined again: it is the
row joined already.

Joins are named by the role the relationship's target plays (Relationship.role, decided by
name_join_roles): bill_address and ship_address, support_rep and manager. Where one role is
reached more than once (the customer's, the staff member's and the store's address), every
arrival is named by the join it hangs from: customer_address, staff_address,
customer_store_address; only an arrival straight from the root, shallower than every other, keeps
the plain name (the supplier of a line item, beside partsupp_supplier).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from compiler.diagnostics import AN006
from compiler.naming import NameTable
from compiler.pipeline import Context, State
from ir.provenance import Provenance
from ir.semantic import Entity, Explore, ExploreTime, Join, Relationship

NAME = "build_explores"
FOLLOWED = ("many_to_one", "one_to_one")
DEFAULT_MAX_DEPTH = 4
DEFAULT_MAX_JOINS = 40
ROOT_ROLES = ("fact", "event", "bridge", "unknown")
_WHY = {
    "fact": "a fact table: it refers to others and holds values to aggregate",
    "event": "an event table: one row per thing that happened",
    "bridge": "a bridge table: it links two or more tables many-to-many",
    "unknown": "a table with no relationship to others, explored on its own",
    "leaf": "no table joins to it, so it is explored on its own",
    "measures": "it holds measures, asked here at its own grain",
}


@dataclass
class _Arrival:
    rel: Relationship
    target: Entity
    parent: int | None  # index of the arrival it hangs from; None: the root
    depth: int
    role: str
    alias: str = ""


def _tree(root: Entity, edges: dict[str, list[Relationship]], by_key: dict[str, Entity],
          max_depth: int, max_joins: int) -> tuple[list[_Arrival], bool]:
    arrivals: list[_Arrival] = []
    first = {root.table.key: 0}  # the depth each table is first reached at
    queue = deque([(None, root.table.key, frozenset({root.table.key}), 0)])
    while queue:
        parent, key, on_path, depth = queue.popleft()
        if depth >= max_depth:
            continue
        for rel in edges.get(key, []):
            if len(arrivals) >= max_joins:
                return arrivals, True
            if parent is not None and _joined_already(arrivals, parent, rel):
                continue
            target = by_key[rel.to.table_key]
            to = target.table.key
            arrivals.append(_Arrival(rel, target, parent, depth + 1, rel.role or target.name))
            shallowest = first.setdefault(to, depth + 1)
            # A table met again on its own path (the manager's department's manager) or deeper than
            # where the explore first reached it (the department manager's job) is a leaf: beyond
            # it lie the same joins again. Copies at one depth (bill and ship address) go on.
            if to not in on_path and shallowest == depth + 1:
                queue.append((len(arrivals) - 1, to, on_path | {to}, depth + 1))
    return arrivals, False


def _joined_already(arrivals: list[_Arrival], parent: int, rel: Relationship) -> bool:
    """`rel` leaves the table of arrival `parent` by columns its own join made equal to columns
    of the table before it, which leave by them for the same key: the same rows, joined already
    (batting's and its appearances' player ids are one value; the player is joined once)."""
    via = arrivals[parent].rel
    equal = dict(zip(via.to.columns, via.from_.columns))
    if not all(c in equal for c in rel.from_.columns):
        return False
    mapped = [equal[c] for c in rel.from_.columns]
    before = arrivals[parent].parent
    return any(a.parent == before and a.rel.from_.columns == mapped and a.rel.to.table_key == rel.to.table_key
               and a.rel.to.columns == rel.to.columns for a in arrivals)


def _name(root: Entity, arrivals: list[_Arrival]) -> None:
    """Aliases by role; a role reached more than once is qualified by whose it is, and so is a
    table reached through another under its own name where it is also reached in a role (the
    store's region beside the customer's: store_region, customer_region)."""
    by_role: dict[str, list[_Arrival]] = {}
    by_table: dict[str, int] = {}
    for a in arrivals:
        by_role.setdefault(a.role, []).append(a)
        by_table[a.target.name] = by_table.get(a.target.name, 0) + 1
    aliases = NameTable({root.name})
    for a in arrivals:
        whose = arrivals[a.parent].alias if a.parent is not None else root.name
        same = by_role[a.role]
        shallowest = min(x.depth for x in same)
        plain = len(same) == 1 or (a.parent is None and a.depth == shallowest and sum(x.depth == shallowest for x in same) == 1)
        plain = plain and not (a.parent is not None and a.role == a.target.name and by_table[a.target.name] > 1)
        a.alias = aliases.claim(a.role if plain or a.role.startswith(f"{whose}_") else f"{whose}_{a.role}")


def _time(root: Entity, joins: list[Join]) -> ExploreTime | None:
    axis = root.time_axis
    if axis is None:
        return None
    alias = root.name
    for step in axis.path:
        nxt = next((j for j in joins if j.from_alias == alias and j.entity == step.to_entity and j.from_columns == step.from_columns), None)
        if nxt is None:
            return None
        alias = nxt.alias
    return ExploreTime(alias=alias, dimension=axis.dimension)


def run(state: State, ctx: Context) -> None:
    cfg = getattr(ctx.config, "explores", None)
    max_depth = getattr(cfg, "max_depth", DEFAULT_MAX_DEPTH)
    max_joins = getattr(cfg, "max_joins", DEFAULT_MAX_JOINS)
    by_key = {e.table.key: e for e in state.model.entities}
    edges: dict[str, list[Relationship]] = {}
    joined_to: set[str] = set()
    for rel in state.model.relationships:
        # Who last edited a row names no thing the row is about: no explore joins it.
        if rel.cardinality in FOLLOWED and rel.from_.table_key in by_key and rel.to.table_key in by_key and not rel.audit:
            edges.setdefault(rel.from_.table_key, []).append(rel)
            if rel.from_.table_key != rel.to.table_key:
                joined_to.add(rel.to.table_key)

    explores = []
    names = NameTable()
    for root in state.model.entities:
        if root.hidden or root.role == "partition":
            continue
        if root.role in ROOT_ROLES:
            why = root.role
        elif root.table.key not in joined_to:
            why = "leaf"
        elif root.measures:
            why = "measures"
        else:
            continue
        arrivals, truncated = _tree(root, edges, by_key, max_depth, max_joins)
        _name(root, arrivals)
        joins = [
            Join(alias=a.alias, entity=a.target.name, from_alias=arrivals[a.parent].alias if a.parent is not None else root.name,
                 from_columns=list(a.rel.from_.columns), to_columns=list(a.rel.to.columns), cardinality=a.rel.cardinality,
                 type="left_outer")
            for a in arrivals
        ]
        explores.append(Explore(
            name=names.claim(root.name), root=root.name, joins=joins, time=_time(root, joins),
            provenance=Provenance.inferred(NAME, f"{why}_root", 0.8, [_WHY[why]]),
        ))
        if truncated:
            ctx.diags.report(AN006, f"explore stopped at {max_joins} joins (explores.max_joins in mb.yaml)", root.name)
    state.model.explores = explores
