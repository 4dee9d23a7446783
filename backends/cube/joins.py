"""Explores -> cube joins and views.

Cube keeps joins on cubes, keyed by the joined cube's name, and a view walks them by
`join_path`. An explore that reaches one entity twice (two addresses on an order, an
employee's manager) therefore needs a second cube for the second role: a copy of the
entity's cube, named after the join alias and hidden (`public: false`), reached only
through views. Many-to-many joins go through their bridge entity when the model has one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from compiler.diagnostics import Diagnostics
from compiler.naming import identifier_limit
from backends.cube.codes import CB001, CB002, CB003, CB004, CB005
from ir.semantic import Explore, Join, SemanticModel
from backends.cube import names, sql
from backends.cube.cubes import CubePlan, keep, text

ROLE_OF = "mb_role_of"  # meta key on a role-playing copy of a cube
Sig = tuple[str, tuple[str, ...], str, tuple[str, ...]]


@dataclass
class JoinPlan:
    cubes: dict[str, CubePlan]  # every cube by name: entity cubes, then role copies
    taken: set[str]  # the cube and view namespace
    dialect: str
    diags: Diagnostics
    by_sig: dict[Sig, list[str]] = field(default_factory=dict)
    sigs: dict[tuple[str, str], Sig] = field(default_factory=dict)  # (source, target) -> signature
    views: list[dict[str, Any]] = field(default_factory=list)
    expected: list[Explore] = field(default_factory=list)


def build(model: SemanticModel, entity_cubes: dict[str, CubePlan], taken: set[str], diags: Diagnostics) -> JoinPlan:
    plan = JoinPlan({c.name: c for c in entity_cubes.values()}, taken, model.dialect, diags)
    for x in model.explores:
        _explore(plan, x, model, entity_cubes)
    _every_relationship(plan, model, entity_cubes)
    return plan


def _every_relationship(plan: JoinPlan, model: SemanticModel, entity_cubes: dict[str, CubePlan]) -> None:
    """Every relationship is a join of its cube, not only those an explore walks, so a query may
    group any cube's measures by a cube it relates to. Keys that play roles (several from one
    table to another, or to itself) are joined only through the explores' role cubes."""
    by_table = {(c.entity.table.schema_, c.entity.table.name): c for c in entity_cubes.values()}
    pairs: dict[tuple, int] = {}
    for r in model.relationships:
        key = ((r.from_.schema_, r.from_.table), (r.to.schema_, r.to.table))
        pairs[key] = pairs.get(key, 0) + 1
    for r in sorted(model.relationships, key=lambda r: r.sort_key()):
        key = ((r.from_.schema_, r.from_.table), (r.to.schema_, r.to.table))
        src, dst = by_table.get(key[0]), by_table.get(key[1])
        if src is None or dst is None or src is dst or pairs[key] > 1 or r.cardinality not in ("many_to_one", "one_to_one"):
            continue
        if dst.name in src.joins or not src.has_primary_key or len(r.from_.columns) != len(r.to.columns):
            continue
        if any(sql.unsafe_reason(c) for c in [*r.from_.columns, *r.to.columns]) or dst.name in src.taken:
            continue
        sig: Sig = (src.name, tuple(r.from_.columns), dst.name, tuple(r.to.columns))
        plan.sigs[(src.name, dst.name)] = sig
        plan.by_sig.setdefault(sig, []).append(dst.name)
        on = " AND ".join(f"{sql.cube_ref(fc, plan.dialect)} = {sql.cube_ref(tc, plan.dialect, dst.name)}"
                          for fc, tc in zip(r.from_.columns, r.to.columns))
        src.joins[dst.name] = {"name": dst.name, "relationship": r.cardinality, "sql": on}


def _bridge(model: SemanticModel, j: Join, source_entity: str, diags: Diagnostics, where: str) -> list[Join] | None:
    """A many-to-many join as source -> bridge (one_to_many) -> target (many_to_one)."""
    index = model.entity_index()
    src, dst = index.get(source_entity), index.get(j.entity)
    if src is None or dst is None:
        return None
    found = []
    for b in model.entities:
        to_src = [r for r in model.relationships if r.from_.table == b.table.name and r.from_.schema_ == b.table.schema_
                  and r.to.table == src.table.name and r.to.schema_ == src.table.schema_ and r.to.columns == j.from_columns]
        to_dst = [r for r in model.relationships if r.from_.table == b.table.name and r.from_.schema_ == b.table.schema_
                  and r.to.table == dst.table.name and r.to.schema_ == dst.table.schema_ and r.to.columns == j.to_columns]
        if len(to_src) == 1 and len(to_dst) == 1 and b.name not in (src.name, dst.name):
            found.append((b, to_src[0], to_dst[0]))
    if len(found) != 1:
        return None
    b, rs, rd = found[0]
    diags.report(CB003, f"many-to-many join {j.alias} goes through bridge cube {b.name}", where)
    first = Join(alias=f"{j.alias}_{b.name}", entity=b.name, from_alias=j.from_alias, from_columns=rs.to.columns,
                 to_columns=rs.from_.columns, cardinality="one_to_many", type=j.type)
    second = Join(alias=j.alias, entity=j.entity, from_alias=first.alias, from_columns=rd.from_.columns,
                  to_columns=rd.to.columns, cardinality="many_to_one", type=j.type)
    return [first, second]


def _role_cube(plan: JoinPlan, base: CubePlan, source: str, alias: str, where: str) -> CubePlan:
    name = alias if names.is_identifier(alias) else names.sanitize(alias)
    # A member of the joining cube named like the join (a `reports_to` column beside the
    # `reports_to` role) would shadow the cube in `{name}` and in view join paths.
    if name in plan.taken or name in plan.cubes[source].taken:
        name = names.unique(f"{source}_{name}", plan.taken)
        plan.diags.report(CB002, f"the cube for join {alias} is named {name!r} (the name {alias!r} is taken)", where)
    plan.taken.add(name)
    doc = copy.deepcopy({k: v for k, v in base.doc.items() if k not in ("name", "title", "description", "public", "joins", "meta")})
    role = alias.replace("_", " ").title()
    source = "sql_table" if "sql_table" in doc else "sql"  # a table, or its live rows (row_filters)
    head: dict[str, Any] = {"name": name, source: doc.pop(source), "title": role}
    head["description"] = f"{text(base.entity.label) or base.name} in the role {alias}: a copy of cube {base.name}."
    head["public"] = False
    head["meta"] = {ROLE_OF: base.name}
    cube = CubePlan(base.entity, name, {**head, **doc}, members=dict(base.members), measures=dict(base.measures),
                    columns=set(base.columns), taken=set(base.taken), alias_of=base.name)
    plan.cubes[name] = cube
    return cube


def _pick(plan: JoinPlan, sig: Sig, base: CubePlan, source: CubePlan, used: set[str], role: bool) -> CubePlan | None:
    """The cube a join reaches: the entity's own cube unless the join plays a role (one of
    several joins from one place to one entity), else a role copy this join already has."""
    candidates = []
    if not role and plan.sigs.get((source.name, base.name), sig) == sig:
        candidates.append(base.name)
    candidates += [c for c in plan.by_sig.get(sig, []) if not role or c != base.name]
    for name in candidates:
        if name not in used and name != source.name:
            return plan.cubes[name]
    return None


def _explore(plan: JoinPlan, x: Explore, model: SemanticModel, entity_cubes: dict[str, CubePlan]) -> None:
    where = f"explore {x.name}"
    root = entity_cubes.get(x.root)
    if root is None:
        plan.diags.report(CB001, f"explore {x.name} left out: its root {x.root} has no cube", where)
        return
    vname = x.name if x.name not in plan.taken and names.is_identifier(x.name) else names.unique(f"{names.sanitize(x.name)}_view", plan.taken)
    plan.taken.add(vname)
    aliases: dict[str, CubePlan] = {x.root: root, x.name: root}
    paths: dict[str, str] = {root.name: root.name}
    used = {root.name}
    order: list[str] = []
    joins: list[Join] = []
    pending = list(x.joins)
    dropped: dict[str, str] = {}  # IR alias left out -> the left-out join it descends from
    fanned: dict[tuple[str, str], int] = {}
    for j in x.joins:
        fanned[(j.from_alias, j.entity)] = fanned.get((j.from_alias, j.entity), 0) + 1
    while pending:
        j = pending.pop(0)
        jwhere = f"{where} join {j.alias}"
        source = aliases.get(j.from_alias)
        if j.cardinality == "many_to_many" and source is not None:
            expanded = _bridge(model, j, source.entity.name, plan.diags, jwhere)
            if expanded is not None:
                pending[:0] = expanded
                continue
        if j.from_alias in dropped:
            # Reported once below, with the join it hangs from, rather than once per descendant.
            dropped[j.alias] = dropped[j.from_alias]
            continue
        problem = None
        base = entity_cubes.get(j.entity)
        if base is None:
            problem = f"the joined entity {j.entity} has no cube"
        elif source is None:
            problem = f"it hangs from {j.from_alias}, which is not in the explore"
        elif not source.has_primary_key:
            problem = f"cube {source.name} has no primary key, which Cube requires of a cube that defines joins"
        elif not base.has_primary_key:
            # Cube's compiler refuses a query across a join to a cube without one.
            problem = f"cube {base.name} has no primary key, which Cube requires of a joined cube"
        elif j.cardinality == "many_to_many":
            problem = "Cube has no many_to_many relationship and the model names no bridge entity between the two"
        elif not j.from_columns or len(j.from_columns) != len(j.to_columns):
            problem = "its join columns do not pair up"
        else:
            bad = [c for c in [*j.from_columns, *j.to_columns] if sql.unsafe_reason(c)]
            if bad:
                problem = f"columns {bad} {sql.unsafe_reason(bad[0])}"
        if problem:
            plan.diags.report(CB001, f"join {j.alias} left out: {problem}", jwhere)
            dropped[j.alias] = j.alias
            continue
        sig: Sig = (source.name, tuple(j.from_columns), base.name, tuple(j.to_columns))
        role = fanned.get((j.from_alias, j.entity), 0) > 1
        target = _pick(plan, sig, base, source, used, role) or _role_cube(plan, base, source.name, j.alias, jwhere)
        if (source.name, target.name) not in plan.sigs:
            plan.sigs[(source.name, target.name)] = sig
            plan.by_sig.setdefault(sig, []).append(target.name)
            on = " AND ".join(
                f"{sql.cube_ref(fc, plan.dialect)} = {sql.cube_ref(tc, plan.dialect, target.name)}"
                for fc, tc in zip(j.from_columns, j.to_columns)
            )
            source.joins[target.name] = {"name": target.name, "relationship": j.cardinality, "sql": on}
            _key_warning(plan, target, jwhere)
        if j.type != "left_outer":
            plan.diags.report(CB004, f"join {j.alias} is a {j.type} join in the model; Cube joins it as a LEFT JOIN", jwhere)
        used.add(target.name)
        aliases[j.alias] = target
        paths[target.name] = f"{paths[source.name]}.{target.name}"
        order.append(target.name)
        joins.append(j.model_copy(update={"alias": target.name, "entity": base.name, "from_alias": source.name, "type": "left_outer"}))
    for head in sorted(set(dropped.values())):
        tail = sorted(a for a, h in dropped.items() if h == head and a != head)
        if tail:
            plan.diags.report(CB001, f"joins {tail} left out: they hang from join {head}, which was left out", f"{where} join {head}")
    plan.views.append(_view(plan, x, vname, root, order, paths))
    plan.expected.append(x.model_copy(update={"name": vname, "root": root.name, "joins": joins, "label": keep(x.label), "description": keep(x.description)}))


def _key_warning(plan: JoinPlan, target: CubePlan, where: str) -> None:
    base = target.alias_of or target.name
    if not target.has_primary_key:
        plan.diags.report(CB005, f"cube {base} has no primary key: Cube cannot deduplicate its measures across this join", where)


def _members(cube: CubePlan) -> list[tuple[str, bool]]:
    """(member name, hidden) for every dimension and measure of a cube."""
    return [(m["name"], m.get("public") is False) for k in ("dimensions", "measures") for m in cube.doc.get(k, [])]


def _view(plan: JoinPlan, x: Explore, vname: str, root: CubePlan, order: list[str], paths: dict[str, str]) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": vname}
    if text(x.label):
        doc["title"] = text(x.label)
    if text(x.description):
        doc["description"] = text(x.description)
    items: list[dict[str, Any]] = [{"join_path": root.name, "includes": "*"}]
    seen: dict[str, tuple[int, str, bool]] = {}  # shown name -> (item, member, hidden)
    renamed: dict[int, list[dict[str, str]]] = {}  # item -> members shown under another name
    long_names: dict[str, list[dict[str, str]]] = {}  # join path -> joined members shown under a shorter name
    for i, name in enumerate([root.name, *order]):
        if i:
            items.append({"join_path": paths[name], "prefix": True, "includes": "*"})
        for member, hidden in _members(plan.cubes[name]):
            shown = f"{name}_{member}" if i else member
            if shown not in seen:
                # A joined cube's member shows as `<cube>_<member>`: one too long for the alias
                # Cube writes (`<view>__<cube>_<member>`) shows, unprefixed, under a name cut to fit.
                if i and len(shown) > _longest(plan.dialect):
                    fitted = names.member_name(shown, set(seen), plan.dialect)
                    items[i].setdefault("excludes", []).append(member)
                    long_names.setdefault(paths[name], []).append({"name": member, "alias": fitted})
                    shown = fitted
                seen[shown] = (i, member, hidden)
                continue
            # Two members show under one name: a hidden one (a foreign key beside the key it
            # joins to) gives way; otherwise the later one keeps its place under a name of its
            # own (a trip's end_station_name column beside the end station's name: the joined
            # one is end_station_station_name), never left out.
            earlier, emember, ehidden = seen[shown]
            drop, dmember, dhidden = (earlier, emember, ehidden) if ehidden and not hidden else (i, member, hidden)
            items[drop].setdefault("excludes", []).append(dmember)
            if drop == earlier:
                seen[shown] = (i, member, hidden)
            if not dhidden:
                alias = _free_alias(plan.cubes[name], member, seen, name if i else "")
                shown = f"{name}_{alias}" if i else alias
                if len(shown) > _longest(plan.dialect):  # as above: shown unprefixed, cut to fit
                    shown = names.member_name(shown, set(seen), plan.dialect)
                    long_names.setdefault(paths[name], []).append({"name": member, "alias": shown})
                else:
                    renamed.setdefault(i, []).append({"name": member, "alias": alias})
                seen[shown] = (i, member, hidden)
    for i, members in sorted(renamed.items()):
        extra: dict[str, Any] = {"join_path": items[i]["join_path"]}
        if items[i].get("prefix"):
            extra["prefix"] = True
        extra["includes"] = members
        items.append(extra)
    doc["cubes"] = items + [{"join_path": path, "includes": members} for path, members in long_names.items()]
    return names.with_sql_alias(doc, names.sql_alias(vname, max(map(len, seen), default=0), plan.dialect))


def _longest(dialect: str) -> int:
    """The longest name a view shows a member under that leaves room for the view's alias."""
    limit = identifier_limit(dialect)
    return limit[0] - names.ALIAS_ROOM if limit else 1 << 30


def _free_alias(cube: CubePlan, member: str, seen: dict, prefix: str) -> str:
    """A name for a cube's member whose own name is taken in a view: the member read with the
    cube it belongs to (`station_name`), numbered where that is taken too."""
    base = cube.alias_of or cube.name
    own = {m for m, _hidden in _members(cube)}
    stem = member if member.startswith(f"{base}_") else f"{base}_{member}"
    alias, n = stem, 1
    while alias in own or (f"{prefix}_{alias}" if prefix else alias) in seen:
        n += 1
        alias = f"{stem}_{n}"
    return alias
