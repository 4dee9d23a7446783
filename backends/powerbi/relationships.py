"""IR relationships -> Power BI relationships.

Power BI relates one column to one column, never a table to itself, and allows one active
path between two tables: a compound key relates through a calculated column joining its columns
on each side (plan.compound_keys); a self reference relates the table to a copy of itself in
the role (plan._role_tables); a relationship
that would open a second active path (role-playing keys such as a bill and a ship address) is
emitted inactive (PB003), with measures that activate it through USERELATIONSHIP (plan.py).
Role-playing keys (two or more relationships from one table to another: a bill and a ship
address) relate each to a copy of the target, active, where the target refers to nothing and is
neither a calendar nor a fact (role_copies: a trip's pickup and dropoff zones, its start and end
stations, a station's installation date or not); otherwise they are
inactive, and considered after the others, except the one named for the target
itself (a film's language_id beside its original_language_id), or where every key names a role,
the one the table's time axis goes through or plays the role of (a sale's sold date, not its
ship date); so are detours (the key from a fact, event or history table to its parent row, itself
a fact, whose levels above reach a table the row names itself: payment -> rental beside
payment -> customer and payment -> staff; the row's own keys stay active, and say who paid and
who took the money, which the rental's need not), so the active relationships are the chains of
each table's own keys; a key named for the role its target plays (a department's manager_id)
comes after the plain keys, so in a loop an employee's own department stays active. The many
side is always `from`: a one_to_many relationship is written reversed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from compiler.diagnostics import Diagnostics
from backends.powerbi.codes import PB001, PB003
from ir.semantic import Relationship, SemanticModel
from backends.powerbi import names

if TYPE_CHECKING:
    from backends.powerbi.plan import TablePlan

CARDINALITY = {  # IR cardinality -> (fromCardinality, toCardinality) after orientation
    "many_to_one": ("many", "one"),
    "one_to_many": ("many", "one"),
    "one_to_one": ("one", "one"),
    "many_to_many": ("many", "many"),
}


@dataclass
class RelPlan:
    rel: Relationship
    name: str
    from_table: "TablePlan"
    from_column: str  # display names
    to_table: "TablePlan"
    to_column: str
    from_card: str
    to_card: str
    active: bool = True
    reversed: bool = False
    role: str | None = None  # a role-playing key's role (`ship address`), when it is one


def _reach(edges: dict[str, set[str]], start: str) -> set[str]:
    return _reach_all(edges, {start})


def _reach_all(edges: dict[str, set[str]], starts: set[str]) -> set[str]:
    """Every node reachable from any of `starts` (themselves included): one walk for all."""
    seen, todo = set(starts), list(starts)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


class _Roles:
    """Which relationships play a role beside other keys to the same table (see the module's
    docstring): one pass over the model, asked by the planner and by the role copies."""

    def __init__(self, model: SemanticModel, tables: list["TablePlan"]):
        self.pairs: dict[tuple[str, str], int] = {}
        # Who last edited a row (an audit reference) plays no part in which of a table's keys lead.
        business = [r for r in model.relationships if not r.audit]
        for r in business:
            self.pairs[(r.from_.table_key, r.to.table_key)] = self.pairs.get((r.from_.table_key, r.to.table_key), 0) + 1
        self.entity_of = {t.entity.table.key: t.entity for t in tables if t.role_of is None}
        self.plain_pairs: dict[tuple[str, str], int] = {}
        for r in business:
            if not self.named_role(r):
                pair = (r.from_.table_key, r.to.table_key)
                self.plain_pairs[pair] = self.plain_pairs.get(pair, 0) + 1
        # Where every key from one table to another names a role (a sale's sold and ship dates), the
        # one the table's time axis is reached through leads and stays active: the calendar then
        # filters the sales by when they happened; so does the key playing the role of the table's
        # own time axis (OrderDateKey beside the sale's OrderDate). Other roles (a bill and a ship
        # address) stay inactive alike, none more the table's own than the other.
        self.leads: dict[tuple[str, str], Relationship] = {}
        for r in business:
            pair = (r.from_.table_key, r.to.table_key)
            entity = self.entity_of.get(r.from_.table_key)
            axis = getattr(entity, "time_axis", None)
            if self.pairs[pair] <= 1 or r.from_.table_key == r.to.table_key or self.plain_pairs.get(pair, 0) or axis is None:
                continue
            if axis.path and axis.path[0].from_columns == list(r.from_.columns):
                self.leads[pair] = r
            elif not axis.path and axis.entity == entity.name and r.role == axis.dimension and len(r.from_.columns) == 1:
                self.leads.setdefault(pair, r)

    def named_role(self, r: Relationship) -> bool:
        """A key named for the role its target plays (a department's manager_id), not for the
        target: where it closes a loop (employees -> departments -> manager), the plain keys
        (an employee's department) are the ones kept active."""
        target = self.entity_of.get(r.to.table_key)
        return target is not None and r.role_named(target.name) is not None and r.from_.table_key != r.to.table_key

    def role(self, r: Relationship) -> bool:
        """One of several keys from one table to another (a bill and a ship address); the one
        named for the target itself (a film's language_id beside its original_language_id) is
        the table's plain key, kept active when it is the only such key; where none is, the
        lead (above) is."""
        pair = (r.from_.table_key, r.to.table_key)
        if r.audit or self.pairs[pair] <= 1 or r.from_.table_key == r.to.table_key:
            return False
        if self.leads.get(pair) is r:
            return False
        return self.named_role(r) or self.plain_pairs.get(pair, 0) > 1


def role_copies(model: SemanticModel, tables: list["TablePlan"]) -> list[Relationship]:
    """Role-playing keys to a table that refers to nothing (a trip's pickup and dropoff zones, a
    game's home and away teams): each role gets a copy of that table, related active, so a
    report slices every measure by the pickup zone's borough as it is, where an inactive
    relationship would repeat the total on every row. A table that refers on (an address's city)
    stays one table, its roles inactive with their USERELATIONSHIP measures: a copy would not
    reach the levels above it. So does a calendar, whose date roles (a sale's ship date) Power BI
    developers ask with USERELATIONSHIP, and a fact, whose copy would load its rows again. A
    dimension's own dates (a station's installation) are no reason: its roles inactive, a report
    slicing trips by the station's city had shown every trip on every city."""
    roles = _Roles(model, tables)
    refers = {r.from_.table_key for r in model.relationships if r.from_.table_key != r.to.table_key}
    kept = {t.entity.table.key for t in tables if t.date_table or t.entity.calendar or _is_fact(t.entity)}
    return [r for r in model.relationships
            if len(r.from_.columns) == 1 and len(r.to.columns) == 1 and roles.role(r) and r.to.table_key not in refers
            and r.to.table_key not in kept]


def plan_relationships(model: SemanticModel, tables: list["TablePlan"], diags: Diagnostics,
                       roles: dict[tuple[str, str], "TablePlan"] | None = None) -> list[RelPlan]:
    roles = roles or {}
    by_key = {t.entity.table.key: t for t in tables if t.role_of is None}
    out: list[RelPlan] = []
    used: set[str] = set()  # names of the planned relationships
    active: dict[str, set[str]] = {}  # filter direction: the one side filters the many side
    filtered_by: dict[str, set[str]] = {}  # the same edges reversed
    sets = _Roles(model, tables)
    entity_of, named_role = sets.entity_of, sets.named_role

    def copy_of(r: Relationship) -> "TablePlan | None":
        """The role copy a role-playing key relates to (role_copies), or a self reference's."""
        copy = roles.get((r.from_.table_key, r.from_.columns[0])) if len(r.from_.columns) == 1 else None
        return copy if copy is not None and copy.entity.table.key == r.to.table_key else None

    def role(r: Relationship) -> bool:
        return sets.role(r) and copy_of(r) is None

    # many side -> one side, for every relationship Power BI can hold (two tables)
    steps: dict[str, set[tuple[str, int]]] = {}
    plain_steps: dict[str, set[tuple[str, int]]] = {}  # without the keys named for a role
    for i, r in enumerate(model.relationships):
        if len(r.from_.columns) == len(r.to.columns) and r.from_.table_key != r.to.table_key and not r.audit:
            many, one = (r.to.table_key, r.from_.table_key) if r.cardinality == "one_to_many" else (r.from_.table_key, r.to.table_key)
            steps.setdefault(many, set()).add((one, i))
            if not named_role(r):
                plain_steps.setdefault(many, set()).add((one, i))

    def detour(i: int, r: Relationship) -> bool:
        """The key from a table of things that happened to its parent row, itself one (a payment's
        rental), where the parent reaches a table the row also names itself (the customer, the
        staff member): the row's own key is what it says of itself, and stays active, so a report
        slices payments by the customer who paid and the staff member who took the money, as every
        other target joins them; a Sakila payment is often taken by another staff member than its rental.
        The parent key is the inactive one, asked through USERELATIONSHIP. Beyond the parent, the
        way must roll up (each table no bigger than the one before): a promotion pointing at one of
        many items is no level above the sale, and a sale's item no way beside its promotion's."""
        if r.cardinality != "many_to_one" or not _is_fact(entity_of.get(r.from_.table_key)):
            return False
        many, parent = r.from_.table_key, r.to.table_key
        if not _is_fact(entity_of.get(parent)) or named_role(r):
            return False
        own = {t for t, j in plain_steps.get(many, ()) if j != i}
        seen, todo = {many}, [parent]
        while todo:
            t = todo.pop()
            if t in own and t != parent:
                return True
            if t not in seen:
                seen.add(t)
                todo += [n for n, _ in plain_steps.get(t, ()) if _rolls_up(entity_of.get(t), entity_of.get(n))]
        return False

    # How deep a table lies below the tables nobody refers to (payment 0, rental 1, inventory 2):
    # relationships are made active from the top down, so where two ways meet further down
    # (rental -> inventory -> store beside rental -> staff -> store) the inactive one is a
    # dimension's key, and each measure's table keeps its own keys active.
    depth = {t: 0 for t in steps}
    sweep = sorted(steps.items())
    cap = len(steps)
    for _ in range(cap + 1):
        changed = False
        for many, ones in sweep:
            for one, _i in ones:
                if depth.get(one, 0) < min(depth[many] + 1, cap):
                    depth[one] = min(depth[many] + 1, cap)
                    changed = True
        if not changed:
            break  # a sweep that changes nothing leaves the next one nothing to change

    def top(r: Relationship) -> int:
        return depth.get(r.to.table_key if r.cardinality == "one_to_many" else r.from_.table_key, 0)

    order = sorted(enumerate(model.relationships), key=lambda ir: (ir[1].audit, role(ir[1]), detour(*ir), named_role(ir[1]), top(ir[1])))
    placed: list[int] = []
    for index, r in order:
        a, b = by_key.get(r.from_.table_key), by_key.get(r.to.table_key)
        b = copy_of(r) or b  # the table again, in the reference's role
        where = f"{r.from_.table}.{'+'.join(r.from_.columns)}"
        desc = f"{r.from_.table_key}({', '.join(r.from_.columns)}) -> {r.to.table_key}({', '.join(r.to.columns)})"
        reason = None
        if a is None or b is None:
            reason = "one of its tables is not in the Power BI model"
        elif len(r.from_.columns) != len(r.to.columns):
            reason = "its two ends have different numbers of columns"
        elif a is b:
            reason = "Power BI does not relate a table to itself"
        ca = a.display_of_key(list(r.from_.columns)) if a else None
        cb = b.display_of_key(list(r.to.columns)) if b else None
        if reason is None and (ca is None or cb is None):
            reason = "one of its columns is not in the Power BI model"
        if reason is not None:
            diags.report(PB001, f"relationship {desc} left out: {reason}", where)
            continue
        reverse = r.cardinality == "one_to_many"
        (ft, fc), (tt, tc) = ((b, cb), (a, ca)) if reverse else ((a, ca), (b, cb))
        fcard, tcard = CARDINALITY[r.cardinality]
        name = f"{ft.entity.name}.{'_'.join(r.to.columns if reverse else r.from_.columns)} -> {tt.entity.name}"
        name = _unique(name, used)
        used.add(name)
        plan = RelPlan(r, name, ft, fc, tt, tc, fcard, tcard, reversed=reverse)
        one, many = tt.display, ft.display
        # A second path from the one side to the many side (or anything they reach) is ambiguous.
        upstream = _reach(filtered_by, one)  # every table whose filter reaches the one side, and it
        downstream = _reach(active, many)
        if r.audit:
            plan.active = False  # no measures activate it: how many rows each person last edited is no figure
            diags.report(PB003, f"relationship {desc} is inactive in Power BI: it names who last changed the row", where)
        elif role(r):
            plan.active = False
            plan.role = names.role_of(r.from_.columns[0])
            diags.report(PB003, f"relationship {desc} is inactive in Power BI: it plays the role {plan.role!r} beside other keys "
                         "to the same table; measures with USERELATIONSHIP activate it", where)
        elif not downstream.isdisjoint(_reach_all(active, upstream)):
            plan.active = False
            plan.role = names.role_of((r.to if reverse else r.from_).columns[0])
            diags.report(PB003, f"relationship {desc} is inactive in Power BI: an active path already joins these tables; "
                         f"measures with USERELATIONSHIP activate it (role {plan.role!r})", where)
        else:
            active.setdefault(one, set()).add(many)
            filtered_by.setdefault(many, set()).add(one)
        out.append(plan)
        placed.append(index)
    # Written in the model's order, role-playing keys last, whatever order they were decided in.
    return [p for _, p in sorted(zip(placed, out), key=lambda x: (role(x[1].rel), x[0]))]


def _rolls_up(lower, upper) -> bool:
    """`upper` is a level above `lower`: no more rows (unknown counts do not say otherwise)."""
    if lower is None or upper is None or lower.row_count is None or upper.row_count is None:
        return True
    return upper.row_count <= lower.row_count


def _is_fact(entity) -> bool:
    return entity is not None and entity.role in ("fact", "event", "audit")


def _unique(name: str, taken: set[str]) -> str:
    out, n = name, 2
    while out in taken:
        out = f"{name} ({n})"
        n += 1
    return out
