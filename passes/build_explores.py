"""Explores rooted at fact and bridge entities (and at isolated ones, so every table can be
queried), joining along many-to-one and one-to-one relationships breadth first.

A relationship is used at most once on any path from the root, which ends self references
(employee -> manager) after one hop and keeps cycles finite. When one entity is reached twice
(role-playing keys, diamonds) each arrival gets its own alias, named after the key's role.
"""

from __future__ import annotations

from collections import deque

from compiler.diagnostics import AN006
from compiler.pipeline import Context, State
from ir.provenance import Provenance
from ir.semantic import Explore, Join, Relationship
from passes.classify_columns import ID_WORDS
from compiler.naming import NameTable, snake, words

NAME = "build_explores"
FOLLOWED = ("many_to_one", "one_to_one")
DEFAULT_MAX_DEPTH = 4
DEFAULT_MAX_JOINS = 40
_WHY = {
    "fact": "a fact table: it refers to others and holds values to aggregate",
    "bridge": "a bridge table: it links two or more tables many-to-many",
    "unknown": "a table with no relationship to others, explored on its own",
}


def role_name(rel: Relationship) -> str:
    """`SupportRepId` -> support_rep; `ship_via` -> ship_via; `manager_key` -> manager."""
    parts = [w for col in rel.from_.columns for w in words(col)]
    while len(parts) > 1 and (parts[-1] in ID_WORDS or parts[-1] in ("code", "no", "num", "nbr", "ref")):
        parts.pop()
    return snake("_".join(parts), "join")


def _forms(word: str) -> set[str]:
    forms = {word, word + "s", word + "es"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return forms


def _same_thing(role: str, entity: str) -> bool:
    """customer ~ customers; category ~ categories; cust ~ customers; support_rep !~ employee."""
    if entity in _forms(role) or role in _forms(entity):
        return True
    short, long_ = sorted((role, entity), key=len)
    return len(short) >= 3 and long_.startswith(short)


def run(state: State, ctx: Context) -> None:
    cfg = getattr(ctx.config, "explores", None)
    max_depth = getattr(cfg, "max_depth", DEFAULT_MAX_DEPTH)
    max_joins = getattr(cfg, "max_joins", DEFAULT_MAX_JOINS)
    by_key = {e.table.key: e for e in state.model.entities}
    edges: dict[str, list[tuple[int, Relationship]]] = {}
    for i, rel in enumerate(state.model.relationships):
        if rel.cardinality in FOLLOWED and rel.from_.table_key in by_key and rel.to.table_key in by_key:
            edges.setdefault(rel.from_.table_key, []).append((i, rel))

    explores = []
    names = NameTable()
    for root in state.model.entities:
        if root.role not in ("fact", "bridge", "unknown") or root.hidden:
            continue
        explore = Explore(
            name=names.claim(root.name),
            root=root.name,
            provenance=Provenance.inferred(NAME, f"{root.role}_root", 0.8, [_WHY[root.role]]),
        )
        aliases = NameTable({root.name})
        queue = deque([(root.name, root.table.key, frozenset(), 0)])
        truncated = False
        while queue:
            alias, key, used, depth = queue.popleft()
            if depth >= max_depth:
                continue
            for idx, rel in edges.get(key, []):
                if idx in used:
                    continue
                if len(explore.joins) >= max_joins:
                    truncated = True
                    break
                target = by_key[rel.to.table_key]
                role = role_name(rel)
                wanted = target.name if _same_thing(role, target.name) else role
                if wanted in aliases.taken and wanted == target.name and role != target.name:
                    wanted = f"{role}_{target.name}"
                new_alias = aliases.claim(wanted)
                explore.joins.append(
                    Join(alias=new_alias, entity=target.name, from_alias=alias, from_columns=list(rel.from_.columns),
                         to_columns=list(rel.to.columns), cardinality=rel.cardinality, type="left_outer")
                )
                queue.append((new_alias, target.table.key, used | {idx}, depth + 1))
        if truncated:
            ctx.diags.report(AN006, f"explore stopped at {max_joins} joins (explores.max_joins in mb.yaml)", root.name)
        explores.append(explore)
    state.model.explores = explores
