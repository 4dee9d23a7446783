"""Each entity's business time axis (Entity.time_axis): the time its measures are aggregated over
(MetricFlow's agg_time_dimension, Superset's main datetime column).

An entity's own time columns compete first: business times before creation times, before later
or planned business dates (required, due, expected, commit, return, end, last), before the start
of a validity period; audit, load and birth columns never qualify (classify_time_columns), nor
does the end of a thing that is no fact (a patient's death date, a customer's last login). Among
equals, one named after the table wins (order_date in orders, rental_date in rental), then one
that is mostly filled, then the first in table order.

A fact or event with no time of its own borrows a parent fact's axis: the shortest path (one hop,
else two) of many_to_one relationships that each join the target's whole primary key, so every
row meets at most one parent row and the fact keeps its grain; the first in relationship order.
invoice_line takes invoice.invoice_date through its invoice; a calendar's day, through the key
that names the day the row happened (a sale's sold date before its ship date). Never another
dimension's time: a customer's signup date or a player's debut says when that thing began, not
when the fact did. A fact whose own time is only planned for later (a seller's shipping limit on
an order's items) takes its parent fact's business time the same way.
"""

from __future__ import annotations

from compiler.calendar import is_calendar_key
from compiler.pipeline import Context, State
from ir.provenance import Provenance
from ir.semantic import Entity, JoinStep, Relationship, TimeAxis, TimeDimension
from passes.join_names import singular, table_words
from passes.value_kinds import name_words, profiles, table_prefix

NAME = "choose_time_axes"
RANK = {"business": 3.0, "created": 2.5, "validity": 1.0}
LATER = {"due", "required", "expected", "planned", "plan", "scheduled", "promised", "estimated", "estimate", "commit",
         "expiry", "expiration", "expires", "expire", "end", "ended", "ends", "until", "last", "next", "deadline", "target",
         "cancelled", "canceled", "closed", "return", "returned", "finish", "finished", "stop", "completed", "to",
         "limit", "sla", "frist", "limite", "answer", "answered", "reply", "replied", "response", "responded",
         "faellig", "vencimiento", "echeance", "fin", "ende", "bis",
         # the end of a life or of a membership
         "death", "died", "deceased", "dod", "terminated", "termination", "churned", "left", "tod", "sterbe", "sterbedatum",
         "muerte", "fallecimiento", "deces", "morte", "obito", "austritt", "baja"}
FOLLOWED = ("many_to_one", "one_to_one")
MAX_HOPS = 2


def _score(t: TimeDimension, index: int, core: set[str], prefix: str | None, null_ratio: float | None) -> tuple:
    ws = [singular(w) for w in name_words(t.column or t.name, prefix)]
    stems = set(ws) | {w[:-2] for w in ws if w.endswith("ed") and len(w) > 4}
    named = bool(stems & core)
    later = bool(set(ws) & LATER)
    filled = null_ratio is None or null_ratio < 0.5
    rank = RANK[t.kind or "business"]
    if later and rank == RANK["business"]:
        rank = 2.0  # a due or shipped date comes after the time the row was created
    # A time empty on every row places nothing: any time with values comes first; alone, it is still
    # the table's own time (a sample, a new table), which a parent's would not be.
    empty = null_ratio == 1.0
    return (not empty, rank, t.granularity is None, named, not later, filled, -index)  # a day before a year


def own_axis(entity: Entity, table, prefix: str | None) -> tuple[TimeDimension, list[str]] | None:
    core = set(table_words(entity.table.name))
    found = profiles(table)
    best: tuple | None = None
    chosen: TimeDimension | None = None
    fact = entity.role in ("fact", "event")
    for i, t in enumerate(entity.time_dimensions):
        if (t.kind or "business") not in RANK or (t.hidden and t.hidden_provenance is not None and t.hidden_provenance.origin == "human"):
            continue
        if not fact and _planned(t, table):
            # A thing's end (a patient's death, a customer's last login, a contract's expiry) is
            # no time to count the things by: counted by it, they are only the ones that ended.
            continue
        p = found.get(t.column or "")
        null_ratio = (p.null_count / entity.row_count) if p is not None and p.null_count is not None and entity.row_count else None
        score = _score(t, i, core, prefix, null_ratio)
        if best is None or score > best:
            best, chosen = score, t
    if chosen is None or best is None:
        return None
    why = [f"a {chosen.kind or 'business'} time"]
    if best[1]:
        why.append("named after its table")
    others = [t.name for t in entity.time_dimensions if t is not chosen]
    if others:
        why.append(f"preferred to {', '.join(others[:3])}")
    return chosen, why


def _hops(entity: Entity, rels: dict[str, list[Relationship]], by_key: dict[str, Entity]) -> list[tuple[Relationship, Entity]]:
    out = []
    for rel in rels.get(entity.table.key, []):
        target = by_key.get(rel.to.table_key)
        if target is None or target is entity or not target.primary_key:
            continue
        if sorted(rel.to.columns) == sorted(target.primary_key):
            out.append((rel, target))
    return out


def _planned(t: TimeDimension, table) -> bool:
    """A time named as planned for after the row happened (due, required, a shipping limit)."""
    return bool({singular(w) for w in name_words(t.column or t.name, table_prefix(table))} & LATER)


def _planned_axis(axis: TimeAxis, by_key: dict[str, Entity], tables: dict) -> bool:
    target = next((e for e in by_key.values() if e.name == axis.entity), None)
    t = next((t for t in target.time_dimensions if t.name == axis.dimension), None) if target is not None else None
    return t is None or _planned(t, tables.get(target.table.key))


def _step(rel: Relationship, src: Entity, dst: Entity) -> JoinStep:
    return JoinStep(from_entity=src.name, from_columns=list(rel.from_.columns), to_entity=dst.name,
                    to_columns=list(rel.to.columns), cardinality=rel.cardinality)


# Words of a key to a calendar naming a date after the one a row happened on: a sale's ship date
# beside its sold date.
LATER_KEYS = LATER | {"ship", "shipped", "shipping", "delivery", "delivered", "arrival", "arrived", "returned"}


def borrowed_axis(entity: Entity, rels: dict[str, list[Relationship]], by_key: dict[str, Entity],
                  calendars: frozenset[str] = frozenset()) -> TimeAxis | None:
    paths: list[list[tuple[Relationship, Entity]]] = [[h] for h in _hops(entity, rels, by_key)]
    for hops in range(1, MAX_HOPS + 1):
        # Only a fact's time (an order header's date) says when its lines happened, and a
        # calendar's day the row points at; a dimension's (a customer's signup, a player's debut)
        # says when that thing began.
        found = [p for p in paths if len(p) == hops and p[-1][1].time_axis is not None and not p[-1][1].time_axis.path
                 and (p[-1][1].role in ("fact", "event") or p[-1][1].table.key in calendars)]
        if found:
            # Of a sale's days in the calendar, the sold date before the ship date.
            path = sorted(found, key=lambda p: bool({singular(w) for c in p[0][0].from_.columns for w in name_words(c, None)}
                                                    & LATER_KEYS))[0]
            target = path[-1][1]
            steps, src = [], entity
            for rel, dst in path:
                steps.append(_step(rel, src, dst))
                src = dst
            via = " and ".join(s.to_entity for s in steps)
            return TimeAxis(entity=target.name, dimension=target.time_axis.dimension, path=steps,  # type: ignore[union-attr]
                            provenance=Provenance.inferred(NAME, "parent_time", 0.7, [f"no business time of its own; joined from {via}"]))
        paths = [p + [h] for p in paths if len(p) == hops for h in _hops(p[-1][1], rels, by_key)
                 if h[1] is not entity and all(h[1] is not x for _, x in p)]
    return None


def keyed_by_day(entity: Entity, table) -> bool:
    """A calendar table (compiler/calendar.py) whose time axis is its day: what a fact's key to it
    dates (keyed by the date, or by a surrogate beside it: d_date_sk and d_date)."""
    axis = entity.time_axis
    if table is None or axis is None or axis.path:
        return False
    t = next((t for t in entity.time_dimensions if t.name == axis.dimension), None)
    col = table.column(t.column) if t is not None and t.column else None
    return col is not None and is_calendar_key(table, col, col.data_type)


def calendar_tables(entities: list[Entity], tables: dict) -> frozenset[str]:
    """The table keys of the calendars keyed by their day."""
    return frozenset(e.table.key for e in entities if keyed_by_day(e, tables.get(e.table.key)))


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    by_key = {e.table.key: e for e in state.model.entities}
    pending: list[Entity] = []
    planned: list[Entity] = []  # facts whose own time is only a planned or later date
    for e in state.model.entities:
        if e.time_axis is not None and e.time_axis.provenance is not None and e.time_axis.provenance.origin == "human":
            continue
        table = tables.get(e.table.key)
        found = own_axis(e, table, table_prefix(table))
        if found is None:
            e.time_axis = None
            pending.append(e)
            continue
        t, why = found
        e.time_axis = TimeAxis(entity=e.name, dimension=t.name, provenance=Provenance.inferred(NAME, "own_time", 0.8, why))
        if e.role in ("fact", "event") and _planned(t, table):
            planned.append(e)
    rels: dict[str, list[Relationship]] = {}
    for rel in state.model.relationships:
        if rel.cardinality in FOLLOWED and rel.from_.table_key != rel.to.table_key:
            rels.setdefault(rel.from_.table_key, []).append(rel)
    calendars = calendar_tables(state.model.entities, tables)
    for e in pending:
        if e.role in ("fact", "event"):
            e.time_axis = borrowed_axis(e, rels, by_key, calendars)
    for e in planned:
        # Lines whose only time is planned (a seller's shipping limit) happened when their header
        # did: revenue by month is by the order's date, as the payments of the same order are.
        parent = borrowed_axis(e, rels, by_key, calendars)
        if parent is not None and not _planned_axis(parent, by_key, tables):
            e.time_axis = parent
