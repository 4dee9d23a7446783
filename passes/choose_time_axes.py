"""Each entity's business time axis (Entity.time_axis): the time its measures are aggregated over
(MetricFlow's agg_time_dimension, Superset's main datetime column).

An entity's own time columns compete first. A time filled on (nearly) every row comes before a
sibling empty on a large share of rows: those rows have not had that event yet (a flight's actual
departure, empty for the flights still to fly or cancelled, beside its scheduled departure).
Among times filled alike: business times before creation times, before later or planned business
dates (required, due, expected, scheduled, commit, return, end, last), before the start of a
validity period; audit, load and birth columns never qualify (classify_time_columns), nor does
the end of a thing that is no fact (a patient's death date, a customer's last login). On a thing
that is no fact, a schedule counts only when it is filled on every row and no time that is not
planned is (a flight's scheduled departure, its actual one empty for the flights not flown); other
planned times never do. Among equals, one named after the table wins (order_date in orders,
rental_date in rental), then one that is mostly filled, then the first in table order.

A fact or event with no time of its own borrows a parent's axis: the shortest path (one hop, else
two) of many_to_one relationships that each join the target's whole primary key, so every row
meets at most one parent row and the fact keeps its grain; the first in relationship order.
The parent is a fact (invoice_line takes invoice.invoice_date through its invoice), a calendar's
day, through the key that names the day the row happened (a sale's sold date before its ship
date), or, whatever its role, a parent the fact's own primary key refers to at each hop, that key
made of references only, when its axis is a business time and no other such parent competes: a
flight coupon keyed by ticket and flight happened on its flight's date, though a player's debut,
a film's release or a station's installation is a beginning (BEGAN), no date for what happens to
the thing later; a sale keyed by two dated things takes neither's; a station's readings keyed by
the station and a stamp of their own happen over time, not on the station's date; nor a start
that opens a period still running on some of the parent's rows (a product on sale since its
sell-start date: the stock keyed by it was not counted then). Never a
dimension referred to outside the key: a customer's signup date or a player's debut says when
that thing began, not when the fact did. A fact whose own time is only planned for
later (a seller's shipping limit on an order's items) takes its parent's business time the same way.
"""

from __future__ import annotations

from compiler.calendar import is_calendar_key, is_day_number_key
from compiler.pipeline import Context, State
from ir.provenance import Provenance
from ir.semantic import Entity, JoinStep, Relationship, TimeAxis, TimeDimension
from passes.intervals import open_end, period
from passes.join_names import STRONG_ID, WEAK_ID, singular, table_words
from passes.stored_times import compact_layout, zero_day
from passes.value_kinds import name_words, profiles, table_prefix

NAME = "choose_time_axes"
RANK = {"business": 3.0, "created": 2.5, "validity": 1.0}
# A time set in advance for when a thing is to happen: on a thing that is no fact (a flight, an
# appointment), its time when nothing else is filled on every row.
SCHEDULED = {"scheduled", "planned", "plan", "geplant", "programado", "programada", "programmato", "programmata", "previsto",
             "prevista", "prevu", "prevue", "planifie", "planificado", "planificada", "agendado", "agendada"}
LATER = SCHEDULED | {"due", "required", "expected", "promised", "estimated", "estimate", "commit",
                     "expiry", "expiration", "expires", "expire", "end", "ended", "ends", "until", "last", "next", "deadline", "target",
                     "cancelled", "canceled", "closed", "return", "returned", "finish", "finished", "stop", "completed", "to",
                     "limit", "sla", "frist", "limite", "answer", "answered", "reply", "replied", "response", "responded",
                     "faellig", "vencimiento", "echeance", "fin", "ende", "bis",
                     # the end of a life or of a membership
                     "death", "died", "deceased", "dod", "terminated", "termination", "churned", "left", "tod", "sterbe", "sterbedatum",
                     "muerte", "fallecimiento", "deces", "morte", "obito", "austritt", "baja"}
# Words of a thing's beginning (a player's debut, a film's release, a member's first visit): no
# time for what happens to the thing afterwards, even when the thing keys those rows.
BEGAN = {"debut", "first", "since", "release", "released", "founded", "founding", "launch", "launched", "introduced",
         "established", "inception", "estreno", "lancement", "sortie", "gruendung", "fundacion", "fondation", "fundacao",
         "erscheinung", "erstzulassung",
         # a station, a machine or a store put in place or into service: when it began to exist
         "installation", "installed", "install", "commissioned", "commissioning", "opened", "opening", "inaugurated",
         "inauguration", "instalacion", "instalado", "instalada", "installazione", "installato", "instalacao", "installatie",
         "geinstalleerd", "installiert", "inbetriebnahme", "eroeffnung", "eroeffnet", "apertura", "abertura", "ouverture",
         "inauguracion", "inaugurazione", "inauguracao", "ingebruikname"}
# Beginnings glued into one word (Installationsdatum, Eroeffnungsdatum, Gruendungsjahr).
_BEGAN_STEMS = ("installation", "inbetriebnahme", "eroeffnung", "gruendung", "inaugura")


def began(ws) -> bool:
    """A name's words say when a thing began (its debut, its installation, its opening)."""
    return any(w in BEGAN or (len(w) > 8 and w.startswith(_BEGAN_STEMS)) for w in ws)
FOLLOWED = ("many_to_one", "one_to_one")
MAX_HOPS = 2
# Share of empty rows: at most WELL_FILLED is (nearly) every row; at least SPARSE, a large share
# whose event has not happened.
WELL_FILLED = 0.05
SPARSE = 0.2


def _score(t: TimeDimension, index: int, core: set[str], prefix: str | None, null_ratio: float | None, thin: bool = False) -> tuple:
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
    # A time thin beside a well-filled sibling dates only the rows it happened to: by it, the others vanish.
    return (not empty, not thin, rank, t.granularity != "year", named, not later, filled, -index)  # a day before a year


def own_axis(entity: Entity, table, prefix: str | None, held: frozenset[str] = frozenset()) -> tuple[TimeDimension, list[str]] | None:
    """The entity's best time of its own; `held`: the business times of the table an audit table
    is the history of, copied onto each change (an opportunity's close date on its stage history),
    which date the parent, not the change, where the change has a time of its own."""
    core = set(table_words(entity.table.name))
    found = profiles(table)
    fact = entity.role in ("fact", "event")
    candidates: list[tuple[int, TimeDimension, float | None]] = []
    for i, t in enumerate(entity.time_dimensions):
        if (t.kind or "business") not in RANK or (t.hidden and t.hidden_provenance is not None and t.hidden_provenance.origin == "human"):
            continue
        p = found.get(t.column or "")
        null_ratio = (p.null_count / entity.row_count) if p is not None and p.null_count is not None and entity.row_count else None
        candidates.append((i, t, null_ratio))
    if not fact:
        candidates = _unplanned(candidates, table)
    if held and any(c[1].column not in held for c in candidates):
        candidates = [c for c in candidates if c[1].column not in held]
    owners = _other_things(entity, prefix)
    candidates = [c for c in candidates if not _anothers_start(c[1], owners, prefix)]
    well = any(_well_filled(r) for _, _, r in candidates)
    best: tuple | None = None
    chosen: TimeDimension | None = None
    for i, t, null_ratio in candidates:
        score = _score(t, i, core, prefix, null_ratio, thin=well and null_ratio is not None and null_ratio >= SPARSE)
        if best is None or score > best:
            best, chosen = score, t
    if chosen is None or best is None:
        return None
    why = [f"a {chosen.kind or 'business'} time"]
    if best[4]:
        why.append("named after its table")
    others = [t.name for t in entity.time_dimensions if t is not chosen]
    if others:
        why.append(f"preferred to {', '.join(others[:3])}")
    return chosen, why


def _other_things(entity: Entity, prefix: str | None) -> set[tuple[str, ...]]:
    """The things a row names by an identifier that is not its own key (a listing's host_id):
    their names' words, the identifier word aside."""
    out = set()
    for d in entity.dimensions:
        if d.column is None or d.column in entity.primary_key:
            continue
        ws = name_words(d.column, prefix)
        if len(ws) > 1 and ws[-1] in STRONG_ID | WEAK_ID:
            out.add(tuple(ws[:-1]))
    return out


def _anothers_start(t: TimeDimension, owners: set[tuple[str, ...]], prefix: str | None) -> bool:
    """When another thing the row names began (a listing's host_since: the host's, beside its
    host_id): that thing's time, not the row's; a listing is not listed by when its host joined."""
    ws = name_words(t.column or t.name, prefix)
    at = [i for i, w in enumerate(ws) if began((w,))]
    return bool(at) and tuple(w for i, w in enumerate(ws) if i not in at) in owners


def _well_filled(null_ratio: float | None) -> bool:
    return null_ratio is None or null_ratio <= WELL_FILLED


def _unplanned(candidates: list[tuple[int, TimeDimension, float | None]], table) -> list[tuple[int, TimeDimension, float | None]]:
    """A thing's times that can count it. Its end (a patient's death, a customer's last login, a
    contract's expiry) cannot: counted by it, the things are only the ones that ended. A schedule
    (a flight's scheduled departure) can, when filled on every row and no time that is not
    planned is: a flight's actual departure is empty for every flight not yet flown."""
    plain = [c for c in candidates if not _planned(c[1], table)]
    if any(_well_filled(r) for _, _, r in plain):
        return plain
    scheduled = [c for c in candidates if _planned(c[1], table) and _scheduled(c[1], table) and _well_filled(c[2])]
    return plain + scheduled


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


def _thin(entity: Entity, t: TimeDimension, table) -> bool:
    """The fact's own time is empty on a good share of its rows (SPARSE): an event that has not
    happened to those rows yet (an order line's delivery, empty for the lines still to deliver).
    By it those rows fall in no month at all; a parent fact's time, filled on every row, dates them
    all (revenue by month is by the order's entry date). Days kept as digits count their day of
    zeros as empty too (SAP's delivery day is '00000000' until the goods leave): it is read as no
    day, NULL, as well."""
    p = profiles(table).get(t.column or "")
    rows = entity.row_count
    if p is None or p.null_count is None or not rows:
        return False
    layout = compact_layout(p)
    zeros = sum(v.count for v in p.top_values if zero_day(v.value)) if layout is not None and layout.zero else 0
    return (p.null_count + zeros) / rows >= SPARSE


def _scheduled(t: TimeDimension, table) -> bool:
    """A time named as set in advance for when the thing is to happen, and nothing later than that
    (a scheduled departure, not a planned end)."""
    ws = {singular(w) for w in name_words(t.column or t.name, table_prefix(table))}
    return bool(ws & SCHEDULED) and not (ws & LATER) - SCHEDULED


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
                  calendars: frozenset[str] = frozenset(), table=None, lives: frozenset[str] = frozenset()) -> TimeAxis | None:
    # Not through a reference most rows leave empty (a tag's optional excerpt post): its rows
    # would fall mostly in no period, the rest in the periods of whatever the few point at.
    paths: list[list[tuple[Relationship, Entity]]] = [[h] for h in _hops(entity, rels, by_key) if not _mostly_empty(table, h[0])]
    for hops in range(1, MAX_HOPS + 1):
        found = [p for p in paths if len(p) == hops and _dates(entity, p, calendars, rels, lives)]
        # A parent fact or a calendar before a parent named by the key.
        found = [p for p in found if _fact_or_calendar(p[-1][1], calendars)] or found
        if len({p[-1][1].name for p in found}) > 1 and not _fact_or_calendar(found[0][-1][1], calendars):
            # A rating keyed by a user and a film: the user's signup or the film's release, neither
            # says when the rating happened, and nothing in the structure tells them apart.
            return None
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


def _mostly_empty(table, rel: Relationship) -> bool:
    """More than half the rows have no value in the reference (profiled)."""
    rows = getattr(table, "row_count", None)
    for c in rel.from_.columns:
        col = table.column(c) if table is not None else None
        p = col.profile if col is not None else None
        if rows and p is not None and p.null_count is not None and p.null_count > rows / 2:
            return True
    return False


def _fact_or_calendar(e: Entity, calendars: frozenset[str]) -> bool:
    return e.role in ("fact", "event") or e.table.key in calendars


def _dates(entity: Entity, path: list[tuple[Relationship, Entity]], calendars: frozenset[str],
           rels: dict[str, list[Relationship]], lives: frozenset[str] = frozenset()) -> bool:
    """Whether the parent at the end of `path` says when the rows of `entity` happened: a fact's
    own time (an order header's date), a calendar's day the row points at, or the business time of
    a parent the rows are keyed by at every hop, each key made of references only (a flight
    coupon's flight, keyed by ticket and flight). A key with a column of its own besides (a
    station's readings keyed by station and a stamp not read as a time, a sequence number) holds
    many rows per parent over time that the parent's time does not date. A dimension referred to
    outside the key, or a time the parent began at (a customer's signup, a player's debut, a
    station's installation), says when that thing began."""
    parent = path[-1][1]
    axis = parent.time_axis
    if axis is None or axis.path:
        return False
    if _fact_or_calendar(parent, calendars):
        return True
    if parent.name in lives:
        # A thing dated by the start of a period still running on some rows (a product on sale
        # since its sell-start date, its end empty): when it began, not when the stock counted
        # at a location, or anything else keyed by it, happened.
        return False
    src = entity
    for rel, dst in path:
        referring = {c for r in rels.get(src.table.key, []) for c in r.from_.columns}
        if not set(rel.from_.columns) <= set(src.primary_key) or not set(src.primary_key) <= referring:
            return False
        src = dst
    t = next((t for t in parent.time_dimensions if t.name == axis.dimension), None)
    return (t is not None and (t.kind or "business") == "business"
            and not began({singular(w) for w in name_words(t.column or t.name, None)}))


def keyed_by_day(entity: Entity, table) -> bool:
    """A calendar table (compiler/calendar.py) whose time axis is its day: what a fact's key to it
    dates (keyed by the date, or by a surrogate beside it: d_date_sk and d_date; or keyed by its
    days written YYYYMMDD, read as dates: the Star Schema Benchmark's d_datekey)."""
    axis = entity.time_axis
    if table is None or axis is None or axis.path:
        return False
    t = next((t for t in entity.time_dimensions if t.name == axis.dimension), None)
    col = table.column(t.column) if t is not None and t.column else None
    return col is not None and (is_calendar_key(table, col, col.data_type)
                                or (t.expr is not None and is_day_number_key(table, col, col.data_type)))


def calendar_tables(entities: list[Entity], tables: dict) -> frozenset[str]:
    """The table keys of the calendars keyed by their day."""
    return frozenset(e.table.key for e in entities if keyed_by_day(e, tables.get(e.table.key)))


def _lifetimes(entities: list[Entity], tables: dict) -> frozenset[str]:
    """Entities whose own axis opens a period (sell start and sell end) that some rows have not
    closed: the time each thing began and still lasts, not a time anything keyed by it happened."""
    out = set()
    for e in entities:
        found = period(e)
        axis = e.time_axis
        if found is None or axis is None or axis.path:
            continue
        t = next((t for t in e.time_dimensions if t.name == axis.dimension), None)
        if t is not None and t.column == found[0] and open_end(e, profiles(tables.get(e.table.key))) is not None:
            out.add(e.name)
    return frozenset(out)


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    by_key = {e.table.key: e for e in state.model.entities}
    by_name = {e.name: e for e in state.model.entities}
    pending: list[Entity] = []
    planned: list[Entity] = []  # facts whose own time is only a planned or later date
    stamped: list[Entity] = []  # facts whose own time is only the stamp of the row's creation
    for e in state.model.entities:
        if e.time_axis is not None and e.time_axis.provenance is not None and e.time_axis.provenance.origin == "human":
            continue
        table = tables.get(e.table.key)
        parent = by_name.get(e.role_of or "") if e.role == "audit" else None
        # (Its own created time is the change's, whatever the parent's is called.)
        held = (frozenset(t.column for t in parent.time_dimensions if t.column and (t.kind or "business") == "business")
                if parent is not None else frozenset())
        found = own_axis(e, table, table_prefix(table), held)
        if found is None:
            e.time_axis = None
            pending.append(e)
            continue
        t, why = found
        e.time_axis = TimeAxis(entity=e.name, dimension=t.name, provenance=Provenance.inferred(NAME, "own_time", 0.8, why))
        if e.role in ("fact", "event") and (_planned(t, table) or _thin(e, t, table)):
            planned.append(e)
        elif e.role in ("fact", "event") and t.kind == "created":
            stamped.append(e)
    rels: dict[str, list[Relationship]] = {}
    for rel in state.model.relationships:
        if rel.cardinality in FOLLOWED and rel.from_.table_key != rel.to.table_key:
            rels.setdefault(rel.from_.table_key, []).append(rel)
    calendars = calendar_tables(state.model.entities, tables)
    lives = _lifetimes(state.model.entities, tables)
    for e in pending:
        if e.role in ("fact", "event"):
            e.time_axis = borrowed_axis(e, rels, by_key, calendars, tables.get(e.table.key), lives)
    for e in planned:
        # Lines whose only time is planned (a seller's shipping limit), or empty on many rows (a
        # delivery still to come), happened when their header did: revenue by month is by the
        # order's date, as the payments of the same order are.
        parent = borrowed_axis(e, rels, by_key, calendars, tables.get(e.table.key), lives)
        if parent is not None and not _planned_axis(parent, by_key, tables):
            e.time_axis = parent
    for e in stamped:
        # Lines stamped only when they were keyed in (an ORM's create_date on every table) were
        # sold when their header was: an order's lines by the order's date, not by the day a
        # quotation's line was typed. Only a header the lines' name extends (sale_order_line of
        # sale_order): a payment created on its own day is no line of the order it pays.
        parent = borrowed_axis(e, rels, by_key, calendars, tables.get(e.table.key), lives)
        if parent is None or len(parent.path) != 1 or _planned_axis(parent, by_key, tables):
            continue
        header = by_name.get(parent.path[0].to_entity)
        axis_kind = next((t.kind for t in header.time_dimensions if t.name == parent.dimension), None) if header else None
        own, head = table_words(e.table.name), table_words(header.table.name) if header else ()
        if (axis_kind or "business") == "business" and head and len(own) > len(head) and own[:len(head)] == head:
            e.time_axis = parent
