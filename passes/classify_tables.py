"""Table roles (Entity.role): fact, event, dimension, bridge, audit, partition or unknown, from the
relationship graph, keys, row counts, the kinds of the table's values and times, and names only
where structure cannot tell (a history table's suffix).

In order:
- partition: a table with the same columns as another whose name it extends by a number or a date
  (sales_2023 beside sales); `role_of` names the parent. Parts with no parent in the model
  (sales_fact_1997 beside sales_fact_1998) take the roles they would have alone;
- audit: a table named as another's history or log (order_history, customer_audit) that refers
  to it, and to at most one table more (who changed it); `role_of` names that table;
- bridge: nobody refers to it, its key is made of foreign keys to two or more tables, and it holds
  nothing to add up and no business time (playlist_track, film_actor), unless it links a header
  to a thing: then it is the header's lines, a fact (an order's products);
- fact: it refers to other tables and holds values to add up or a business time, and nothing but
  its own detail lines refers to it (invoice, referred to by invoice_line; order_details, whose
  key is the order plus a line number; sales_order_header, referred to by sales_order_detail)
  unless it is an event of its own (its business time is
  named after it, rental.rental_date), as big as what refers to it (rows), or dated and valued and
  referring to two or more tables itself, its rows unnamed (a patient's encounter with a provider,
  not a product), or dated and valued with its own lines (called so, or keyed by it and a line
  number) outnumbering it and every other referrer, each an occurrence (dated or valued): an
  order referred to by its lines and by its refunds, fulfillments and payments; or keyed by
  what it refers to, with values, and no smaller than what refers to it (a driver's laps in a
  race, referred to by the pit stops of some), or keyed by a calendar's day and a thing with
  values (a currency's rates each day, which the sales look up: a daily snapshot); a table referred to
  by nobody that refers to two or more tables (or to a fact) is a fact too, even with no values
  (a factless fact); and a table referred to only by its lines, keyed by one column, unnamed and
  referring out, to a table or through an identifier of someone with no table (an order's
  user_id), is their header even with nothing to add up;
- dimension: anything other tables refer to, and what refers to one dimension only;
- event: a fact with no values, stamped with a time of day, referred to by nobody (page views);
- unknown: no relationship, and neither values nor a business time (a lone table of orders with
  an amount and a date is a fact).

A calendar (one row per day or week, keyed by it, beside its parts: compiler.calendar) is marked
`Entity.calendar` whatever its role: targets treat its date roles their own way (Power BI keeps one
calendar and asks a ship date with USERELATIONSHIP).

Row counts are exact on every engine; distinct counts, which may be approximate, are not read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compiler.calendar import BARE_TIME_WORDS, is_calendar_table
from compiler.naming import ORDINAL_WORDS
from compiler.pipeline import Context, State
from ir.catalog import Table
from ir.provenance import Provenance
from ir.semantic import Entity, Relationship
from passes.join_names import STRONG_ID, WEAK_ID, common_table_affixes, singular, table_words
from passes.value_kinds import (ADDITIVE_KINDS, LINE_WORDS, RUNNING_KINDS, SEMI_ADDITIVE_KINDS, classify as value_kind, column_names,
                                key_names, name_words, profiles, table_prefix)

NAME = "classify_tables"
FOLLOWED = ("many_to_one", "one_to_one")
HISTORY_WORDS = {"history", "hist", "audit", "audits", "log", "logs", "changes", "changelog", "versions", "version",
                 "archive", "journal", "trail", "historie", "historial", "historique", "protokoll", "bitacora"}
_PARTITION_SUFFIX = re.compile(r"^(?P<stem>.+?)[_$]?(?P<part>(p|y|part|partition)?\d{2,8}(_\d{1,2}){0,2}|default|q[1-4]_?\d{4}|\d{4}_?q[1-4])$", re.I)
_VALUE_KINDS = ADDITIVE_KINDS | SEMI_ADDITIVE_KINDS | RUNNING_KINDS | {"value"}
# The last word of a header table and of its lines' table (singular, as table_words gives them).
HEADER_WORDS = {"header", "hdr", "head", "master", "kopf", "cabecera", "entete"}


@dataclass
class _Facts:
    entity: Entity
    table: Table | None
    out: dict[str, Relationship] = field(default_factory=dict)  # target table key -> first relationship
    referrers: dict[str, Relationship] = field(default_factory=dict)  # referring table key -> first relationship
    fk_columns: set[str] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)  # identifiers of things no table of the model holds (user_id)
    named: bool = False  # its rows carry a name of their own (a title, a name)
    values: list[str] = field(default_factory=list)  # columns holding values to add up
    business_times: list[str] = field(default_factory=list)
    timestamp_times: bool = False
    dated: bool = False  # refers to a calendar table's day: one row per thing per day
    core: tuple[str, ...] = ()  # the table name's words, singular
    prefix: str | None = None  # the columns' shared first word (TPC-H's l_)

    @property
    def rows(self) -> int | None:
        return self.entity.row_count


def _gather(state: State) -> dict[str, _Facts]:
    tables = {t.key: t for t in state.snapshot.tables}
    facts = {e.table.key: _Facts(e, tables.get(e.table.key)) for e in state.model.entities}
    affixes = common_table_affixes([t.name for t in state.snapshot.tables])
    keys = key_names(state.model)
    calendars = {key for key, t in tables.items() if is_calendar_table(t)}
    for key in calendars & facts.keys():
        facts[key].entity.calendar = True
    for rel in state.model.relationships:
        src, dst = rel.from_.table_key, rel.to.table_key
        if src in facts:
            facts[src].fk_columns.update(rel.from_.columns)
            facts[src].dated = facts[src].dated or dst in calendars
        if src == dst or rel.cardinality not in FOLLOWED or src not in facts or dst not in facts:
            continue
        facts[src].out.setdefault(dst, rel)
        # A view over a table says nothing about what the table is for.
        if facts[src].entity.kind == "table" or facts[dst].entity.kind != "table":
            facts[dst].referrers.setdefault(src, rel)
    for f in facts.values():
        table, e = f.table, f.entity
        f.core = table_words(e.table.name, affixes)
        prefix = f.prefix = table_prefix(table)
        found = profiles(table)
        siblings = column_names(e)
        for d in e.dimensions:
            kind = value_kind(d, found.get(d.column or ""), e.row_count, prefix, keys, e.table.name, siblings)
            if kind is not None and kind.kind in _VALUE_KINDS:
                f.values.append(d.column or d.name)
        f.unresolved = _unresolved(f, found)
        f.named = _names_its_rows(f, found)
        for t in e.time_dimensions:
            # A time empty on every row of a table with rows (a record's end date nobody set yet)
            # dates nothing that happened: no evidence of a fact.
            if t.kind == "business" and not _empty(found.get(t.column or ""), e.row_count):
                f.business_times.append(t.column or t.name)
                f.timestamp_times = f.timestamp_times or t.data_type != "date"
    return facts


def _empty(p, rows: int | None) -> bool:
    """The profile counted every row of a table with rows empty."""
    return bool(rows) and p is not None and p.null_count is not None and p.null_count >= rows


def _unresolved(f: _Facts, found: dict) -> list[str]:
    """Identifier columns that join no table (an order's user_id where the users have no table):
    references to things the model does not hold. Only those whose values repeat: an identifier
    on every row its own (an external_id) is the row's name elsewhere, not someone it refers to."""
    e = f.entity
    out = []
    for d in e.dimensions:
        col = d.column
        if d.role != "key" or col is None or col in f.fk_columns or col in e.primary_key:
            continue
        p = found.get(col)
        rows = e.row_count
        if p is None or not rows or not p.distinct_count or p.distinct_count >= rows - (p.null_count or 0):
            continue
        out.append(col)
    return out


# Words of a column that names the rows of its table: a film's title, a product's name.
NAME_WORDS = {"name", "title", "label", "caption", "designation", "nombre", "nom", "nome", "naam", "titel", "titulo", "titre",
              "titolo", "bezeichnung", "benennung", "denominacion", "denominazione"}


def _names_its_rows(f: _Facts, found: dict) -> bool:
    """The table's rows carry a name of their own: a column named as a name or a title, a person's
    name or email, or text nearly unique over the rows that is neither an identifier nor free
    text. Things have names (a film, a playlist, a user); an order or a visit does not."""
    e = f.entity
    rows = e.row_count
    for d in e.dimensions:
        col = d.column
        if col is None or d.data_type != "string" or d.role == "key" or col in f.fk_columns:
            continue
        ws = name_words(col, f.prefix)
        if set(ws) & (STRONG_ID | WEAK_ID):
            continue
        if (ws and ws[-1] in NAME_WORDS) or d.semantic_type in ("person_name", "email"):
            return True
        p = found.get(col)
        if p is not None and p.patterns.get("integer") == 1.0:
            continue  # digits kept as text (a time of day 143015, a number) name nothing
        if (p is not None and rows and rows >= 2 and p.distinct_count and d.semantic_type != "free_text"
                and p.distinct_count >= 0.9 * (rows - (p.null_count or 0))):
            return True
    return False


def _partitions(facts: dict[str, _Facts]) -> dict[str, tuple[str, str]]:
    """table key -> (parent table key, why) for tables split by a numbered or dated suffix from a
    table of the same columns in the model."""
    groups: dict[tuple, list[_Facts]] = {}
    for f in facts.values():
        if f.table is None or not f.table.columns:
            continue
        sig = (f.entity.table.schema_, tuple(sorted((c.name.lower(), c.data_type or "") for c in f.table.columns)))
        groups.setdefault(sig, []).append(f)
    out: dict[str, tuple[str | None, str]] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        by_name = {f.entity.table.name.lower(): f for f in group}
        stems: dict[str, list[_Facts]] = {}
        for f in group:
            m = _PARTITION_SUFFIX.match(f.entity.table.name)
            if m:
                stems.setdefault(m.group("stem").lower().rstrip("_"), []).append(f)
        for stem, parts in stems.items():
            parent = by_name.get(stem)
            if parent is None:
                # Years or regions kept side by side with no table over them (a sales fact per
                # year) are each queried on their own: none is queried through the others.
                continue
            for f in parts:
                if f is parent:
                    continue
                why = f"same columns as {parent.entity.table.name}, named {stem} plus a part"
                out[f.entity.table.key] = (parent.entity.table.key, why)
    return out


def _audit_subject(f: _Facts, facts: dict[str, _Facts]) -> _Facts | None:
    """The table an audit or history table records, when its name says so and it refers to it."""
    core = f.core
    if len(core) < 2:
        return None
    if core[-1] in HISTORY_WORDS:
        subject_words = core[:-1]
    elif core[0] in HISTORY_WORDS:
        subject_words = core[1:]
    else:
        return None
    copied = _copied_subject(f, subject_words, facts)
    if copied is not None:
        return copied
    for key in f.out:
        other = facts[key]
        n = len(other.core)
        if n and subject_words[:n] == other.core:
            # A history that links its subject to two tables more (an employee's jobs in
            # departments: job_history) is the history of a link, counted like any fact; an audit
            # trail refers to its subject and at most to who changed it.
            return other if len(set(f.out) - {key}) < 2 else None
    return None


def _copied_subject(f: _Facts, subject_words: tuple[str, ...], facts: dict[str, _Facts]) -> _Facts | None:
    """The table whose rows a history holds whole: named as its history, with every column of it
    (a system-versioned table's history, `Customers_Archive` beside `Customers`; a trigger's copy of
    each old row). Such a history refers to whatever its subject refers to, or to nothing at all
    (SQL Server declares no keys on a history table), and is its subject's past versions all the same."""
    if f.table is None or not f.table.columns:
        return None
    mine = {c.name.lower() for c in f.table.columns}
    found = [o for o in facts.values() if o is not f and o.core == subject_words and o.table is not None
             and len(o.table.columns) >= 3 and {c.name.lower() for c in o.table.columns} <= mine]
    same_schema = [o for o in found if o.entity.table.schema_ == f.entity.table.schema_]
    found = same_schema or found
    return found[0] if len(found) == 1 else None


def _is_bridge(f: _Facts) -> bool:
    """A link between tables and nothing else. A link that holds a period (an employee's years in
    a department: from_date, to_date) or the time it happened is a history of the link, counted
    and sliced by its time like any fact; a last-update stamp is no such time. Nor is a table
    keyed by a thing and a calendar's day (a currency's rates each day): a daily snapshot."""
    e = f.entity
    pk = set(e.primary_key)
    keyish = sum(1 for d in e.dimensions if d.column in f.fk_columns or d.column in pk)
    others = len(e.dimensions) - keyish + len(e.time_dimensions)
    return (len(f.out) >= 2 and not f.referrers and bool(pk) and pk <= f.fk_columns and others <= 2 and not f.values
            and not f.business_times and not f.dated)


def _headers(facts: dict[str, _Facts], settled: dict[str, str]) -> dict[str, list[str]]:
    """Header table key -> its lines' table keys, for tables referred to only by their lines, each
    keyed by the header's key and something more (an order's products: order_id and product_id),
    which refer to something themselves, a table or a thing with no table (the order's user), and
    whose rows carry no name (an order is no film: a film's actors link two things, each named). A
    header is keyed by one column of its own: a fact keyed by an order line, linked to the reasons
    of each sale, is itself the lines, and the link its bridge."""
    out: dict[str, list[str]] = {}
    for key, f in facts.items():
        if key in settled or len(f.entity.primary_key) != 1 or f.named or not (f.out or f.unresolved):
            continue
        referrers = {k: r for k, r in f.referrers.items() if settled.get(k) not in ("partition", "audit")}
        lines = sorted(k for k, r in referrers.items()
                       if set(r.from_.columns) < set(facts[k].entity.primary_key) and _is_detail(facts[k], r, f))
        if lines and len(lines) == len(referrers):
            out[key] = lines
    return out


def _is_detail(child: _Facts, rel: Relationship, parent: _Facts) -> bool:
    """`child` holds the lines of `parent`: its name extends the parent's with a lines word
    (invoice_line, order details) or its key holds the parent's (order_payments keyed by order and
    sequence), or its key is the parent's key plus one ordinal column (l_orderkey, l_linenumber),
    or, with values of its own, a composite key plus one column (fielding by player, season, stint
    and position beside batting by player, season and stint), or it is named by a lines word, refers
    to the parent alone and has no key or one holding the reference (an export's `items`, each
    with its event's key).
    A key column that refers to another table is no ordinal: orderdetails keyed by (productCode,
    orderNumber) holds the lines of orders, not of products. A name alone extends many a
    dimension's: store_sales are no lines of a store."""
    n = len(parent.core)
    if n and len(child.core) > n and child.core[:n] == parent.core:
        added = {singular(w) for w in child.core[n:]}
        if added & LINE_WORDS or set(rel.from_.columns) <= set(child.entity.primary_key):
            return True
    # sales_order_header and sales_order_detail, order_hdr and order_lines: one stem, a header word
    # on the one and a lines word on the other.
    if (len(parent.core) >= 2 and len(child.core) >= 2 and parent.core[-1] in HEADER_WORDS and child.core[-1] in LINE_WORDS
            and parent.core[:-1] == child.core[:-1]):
        return True
    pk = list(child.entity.primary_key)
    # A table named by a lines word (`items`, `line_items`, `details`) that refers to nothing but
    # this parent, keyed by nothing or by a key that holds the reference: one row per line of each
    # parent row (an analytics export's items, each carrying its event's key), not a thing the
    # parent describes.
    if (child.core and singular(child.core[-1]) in LINE_WORDS and set(child.out) == {parent.entity.table.key}
            and (not pk or set(rel.from_.columns) <= set(pk))):
        return True
    rest = [c for c in pk if c not in rel.from_.columns]
    if len(pk) >= 2 and len(rest) == 1 and set(rel.from_.columns) <= set(pk) and rest[0] not in child.fk_columns:
        ws = name_words(rest[0], child.prefix)
        if bool(ws) and (ws[0] in ORDINAL_WORDS or ws[-1] in ORDINAL_WORDS or ws[-1] in ("number", "no", "nbr", "num")):
            return True
        # Or one code more, with values of its own: the parent's figures broken down (a player's
        # season at bat, and in the field by position).
        return bool(child.values) and len(rel.from_.columns) >= 2
    return False



def _named_after_table(f: _Facts) -> str | None:
    """A business time named after its table (rental_date in rental, o_orderdate in orders) or by
    nothing but a time word (date in races)."""
    core = {singular(w) for w in f.core}
    for col in f.business_times:
        ws = {singular(w) for w in name_words(col, f.prefix)}
        if ws and ws <= BARE_TIME_WORDS:  # the row's own time (races.date), as one named after its table is
            return col
        # ordered_at in orders, shipped in shipments: the verb's stem names the table too.
        ws |= {w[:-2] for w in ws if w.endswith("ed") and len(w) > 4} | {w[:-1] for w in ws if w.endswith("ed") and len(w) > 4}
        if ws & core or any(_names_the_act(w, c) for w in ws for c in core):
            return col
    return None


def _began_what_refers(f: _Facts, named: str, others: dict[str, Relationship], facts: dict[str, _Facts]) -> bool:
    """A bare date (`date`) on a table holding nothing to add up, whose referrers keep days of
    their own (an account's `date` beside its transactions' and loans' dates): the day each thing
    began, not an occurrence dating what refers to it (a race's date dates its results, which have
    no day of their own; a lap's or pit stop's time of day is no day)."""
    ws = {singular(w) for w in name_words(named, f.prefix)}
    if f.values or not ws <= BARE_TIME_WORDS:
        return False
    return any(t.kind == "business" and t.data_type in ("date", "timestamp", "timestamp_tz")
               for k in others for t in facts[k].entity.time_dimensions)


_ACT_ENDINGS = ("ion", "ment", "al", "ure", "ance", "ence")


def _names_the_act(verb: str, noun: str) -> bool:
    """`noun` is the act `verb` names (admit and admission, depart and departure, enroll and
    enrollment): the verb's stem, its last letter left out, begins the noun, which ends as a noun
    made of a verb does. Verbs of five letters or more: shorter stems begin too many words."""
    return (len(verb) >= 5 and len(noun) > len(verb) and noun.startswith(verb[:-1]) and verb.isalpha()
            and noun.endswith(_ACT_ENDINGS))


def _happened_to(f: _Facts, facts: dict[str, _Facts]) -> _Facts | None:
    """The table `f` refers to (many or one to one) that has a business time and values to add up (a
    fact by its shape) and at least as many rows as `f`, while `f`, unnamed, has a business time of
    its own: `f`'s rows happened to some of its rows, each at its own time (an order's refunds).
    A thing with a name (a product, a store) is looked up, whatever it refers to."""
    if not f.business_times or f.named or f.rows is None:
        return None
    parents = [facts[k] for k, r in f.out.items() if k in facts and k != f.entity.table.key and r.cardinality in FOLLOWED
               and facts[k].business_times and facts[k].values and (facts[k].rows or 0) >= f.rows]
    return max(parents, key=lambda p: (p.rows or 0, p.entity.name), default=None)


def _dated_parent(f: _Facts, facts: dict[str, _Facts]) -> _Facts | None:
    """The table `f` refers to, many rows of `f` to each of its rows, that has a business time of
    its own while `f` has none: `f` holds parts of what happened then (an order's lines), dated by
    it. The parent with the most rows, if several. A business time of its own, even one empty on
    every row read (a claim amount's event date), dates `f` instead."""
    if f.rows is None or any((t.kind or "business") == "business" for t in f.entity.time_dimensions):
        return None
    parents = [facts[k] for k, r in f.out.items() if k in facts and r.cardinality == "many_to_one"
               and facts[k].business_times and facts[k].rows and f.rows > facts[k].rows]
    return max(parents, key=lambda p: (p.rows or 0, p.entity.name), default=None)


def _header_of_events(f: _Facts, details: list[str], others: dict[str, Relationship],
                      facts: dict[str, _Facts]) -> _Facts | None:
    """The detail lines of `f` (an order's lines) when `f` has a business time and values of its
    own, its lines (called so: _called_lines) hold values and outnumber both `f` and every other
    table referring to it, and each of those others is an occurrence (a time of its own when it
    happened or was made, or values to add up: refunds, fulfillments, transactions, adjustments),
    not a thing described (an address). A header looked up by what happened to its rows
    afterwards is still the header: the orders counted and their revenue by order date. A
    customer's or a product's biggest referrer (orders, order lines) is no detail of theirs."""
    if not (f.business_times and f.values and details) or f.rows is None:
        return None
    rows = {k: facts[k].rows or 0 for k in others}
    biggest = max(rows.values())
    lines = [facts[k] for k in details if facts[k].values and rows[k] == biggest and rows[k] > f.rows
             and _called_lines(facts[k], others[k])]
    if not lines:
        return None
    for k in others:
        o = facts[k]
        if k in details:
            continue
        if rows[k] >= biggest or not (o.values or any(t.kind in ("business", "created") for t in o.entity.time_dimensions)):
            return None
    return min(lines, key=lambda p: p.entity.name)


def _called_lines(child: _Facts, rel: Relationship) -> bool:
    """`child` says it holds lines: a lines word in its name (order_line, SalesOrderDetail,
    lineas_pedido) or a key of the reference plus a line number (l_orderkey, l_linenumber). A
    product's stock by location, keyed by the product and the location, is a detail of the
    product, not its lines."""
    if any(singular(w) in LINE_WORDS for w in child.core):
        return True
    rest = [c for c in child.entity.primary_key if c not in rel.from_.columns]
    if len(rest) != 1 or rest[0] in child.fk_columns or not set(rel.from_.columns) <= set(child.entity.primary_key):
        return False
    ws = name_words(rest[0], child.prefix)
    return bool(ws) and (ws[0] in ORDINAL_WORDS or ws[-1] in ORDINAL_WORDS or ws[-1] in ("number", "no", "nbr", "num"))


def _refers(f: _Facts) -> str:
    said = [f"refers to {len(f.out)} table(s)"] if f.out else []
    if f.unresolved:
        said.append(f"carries {', '.join(f.unresolved[:3])}, identifier(s) of things with no table")
    return " and ".join(said)


def _decide(f: _Facts, facts: dict[str, _Facts], settled: dict[str, str], headers: dict[str, list[str]],
            lines: dict[str, str]) -> tuple[str, str, float, list[str]]:
    """(role, rule, confidence, evidence) of a table that is no partition, audit table or bridge.
    `headers`: header -> its lines (_headers); `lines`: lines -> their header."""
    key = f.entity.table.key
    others = {k: r for k, r in f.referrers.items() if settled.get(k) not in ("partition", "audit")}
    figures = [d.column for d in f.entity.dimensions if d.role == "measure" and d.column and d.column not in f.fk_columns]
    if others and f.dated and figures and len(f.entity.primary_key) >= 2:
        # A currency's rates each day, looked up by the sales of that day: a daily snapshot,
        # charted over time, though a fact looks it up as it would a dimension.
        return "fact", "daily_snapshot", 0.7, [f"keyed by a calendar's day and a thing, holds {', '.join(figures[:3])}"]
    measured = bool(f.values) or bool(f.business_times)
    details = [k for k, r in others.items() if settled.get(k) != "bridge" and _is_detail(facts[k], r, f)]
    # A header whose only referrers are its own lines is a fact even when it refers to nothing. An
    # identifier of a thing with no table (a sale's customer_key) refers out as a join would where
    # only bridges refer to the table (they hang from a fact); where other tables refer to it (a
    # customer's details) or none do, the table stays what its joins and values make it.
    bridged = bool(others) and all(settled.get(k) == "bridge" for k in others)
    refers = bool(f.out) or (bridged and bool(f.unresolved))
    candidate = measured and (refers or (bool(others) and len(details) == len(others)))
    what = ", ".join(f.values[:3]) if f.values else (f"a business time ({f.business_times[0]})" if f.business_times else "")
    if candidate:
        if not others:
            return "fact", "fact_leaf", 0.85, [f"refers to {len(f.out)} table(s), holds {what}, and none refer to it"]
        if refers and bridged:
            # A sale its reasons are linked to through a bridge is still the sale.
            names = ", ".join(sorted(facts[k].entity.name for k in others)[:3])
            return "fact", "fact_bridged", 0.8, [f"{_refers(f)}, holds {what}; only bridges ({names}) refer to it"]
        if len(details) == len(others):
            names = ", ".join(facts[k].entity.name for k in details)
            return "fact", "fact_header", 0.8, [f"its detail lines ({names}) refer to it", f"holds {what}"]
        named = _named_after_table(f)
        if named is not None and not _began_what_refers(f, named, others, facts):
            return "fact", "fact_event_time", 0.75, [f"its business time {named} is named after it", "tables refer to it too"]
        biggest = max((facts[k].rows or 0) for k in others)
        pk = f.entity.primary_key
        if f.values and len(pk) >= 2 and set(pk) & f.fk_columns and f.rows is not None and biggest and f.rows >= biggest:
            # A driver's laps in a race, keyed by race, driver and lap and timed: things that
            # happened to its parents, more of them than the pit stops that refer to some.
            return "fact", "fact_by_parents", 0.7, [f"keyed by what it refers to, holds {what}, and has {f.rows} rows, "
                                                    f"no fewer than what refers to it ({biggest})"]
        if f.business_times and f.rows is not None and biggest and f.rows * 2 >= biggest:
            return "fact", "fact_rows", 0.7, [f"a business time and {f.rows} rows, as many as what refers to it ({biggest})"]
        if f.business_times and f.values and len(f.out) >= 2 and not f.named:
            # A visit that happened at a time, to a patient, by a provider, with its costs, is a
            # fact its diagnoses and procedures refer to, not a list of things to look up. A row
            # with a name of its own is a thing, not an occurrence: a product with a list price,
            # a weight, a sell-start date and a category is what the sales lines look up.
            return "fact", "fact_referenced", 0.65, [f"a business time ({f.business_times[0]}), {what}, and refers to "
                                                     f"{len(f.out)} tables, though tables refer to it"]
        lines_of = _header_of_events(f, details, others, facts)
        if lines_of is not None:
            # An order referred to by its lines and by what happened to it afterwards (its
            # refunds, fulfillments, payments): the lines outnumber every other referrer, and each
            # other referrer is an occurrence of its own. A customer's biggest referrer is its
            # orders, a product's the order lines: neither is theirs.
            names = ", ".join(sorted(facts[k].entity.name for k in others if k != lines_of.entity.table.key)[:3])
            return "fact", "fact_header_events", 0.7, [
                (f"a business time ({f.business_times[0]}) and {what}; its lines ({lines_of.entity.name}, "
                 f"{lines_of.rows} rows) are the most of what refers to it"),
                f"the others ({names}) are dated or hold values: things that happened to it"]
        happened_to = _happened_to(f, facts)
        if happened_to is not None:
            # An order's refunds, each dated, fewer than the orders: what happened to some of a
            # dated fact's rows later, itself an occurrence (its lines and payments refer to it).
            return "fact", "event_of_a_fact", 0.65, [
                f"a business time ({f.business_times[0]}), {f.rows} rows, each of one of {happened_to.entity.name}'s "
                f"{happened_to.rows} dated rows with {', '.join(happened_to.values[:2])}"]
        dated_parent = _dated_parent(f, facts)
        if dated_parent is not None and f.values and f.rows is not None and biggest and f.rows * 2 >= biggest:
            # An order's lines, dated by their order, holding the quantities and amounts, and
            # referred to by fewer rows (the lines refunded): the lines happened, with their order.
            return "fact", "lines_of_dated_parent", 0.65, [
                f"holds {what}, {f.rows} rows, many to each {dated_parent.entity.name}, which is dated "
                f"({dated_parent.business_times[0]}); as many as what refers to it ({biggest})"]
        names = ", ".join(sorted(facts[k].entity.name for k in others)[:3])
        return "dimension", "referenced", 0.75, [f"{names} refer to it"]
    if key in headers:
        names = ", ".join(facts[k].entity.name for k in headers[key])
        return "fact", "header_of_lines", 0.7, [f"only its lines ({names}) refer to it, each keyed by its key and one thing more",
                                                _refers(f), "its rows carry no name: occurrences, not things"]
    if key in lines:
        header = facts[lines[key]]
        things = ", ".join(sorted(facts[k].entity.name for k in f.out if k != lines[key]))
        return "fact", "lines_of_header", 0.7, [f"keyed by its header {header.entity.name} and {things or 'more'}: the lines "
                                                f"of {header.entity.name}, not a link between two things"]
    if others:
        names = ", ".join(sorted(facts[k].entity.name for k in others)[:3])
        return "dimension", "referenced", 0.8, [f"{names} refer to it"]
    if len(f.out) >= 2:
        return "fact", "factless_fact", 0.6, [f"refers to {len(f.out)} tables and none refer to it"]
    if f.out:
        (target,) = f.out
        if settled.get(target) in ("fact", "event"):
            return "fact", "fact_detail", 0.6, [f"the detail of fact {facts[target].entity.name}"]
        return "dimension", "child", 0.5, [f"describes {facts[target].entity.name}, and none refer to it"]
    if f.values and f.business_times:
        return "fact", "isolated_fact", 0.5, [f"no relationships, but {what} and a business time ({f.business_times[0]})"]
    return "unknown", "isolated", 0.5, ["no relationships"]


def run(state: State, ctx: Context) -> None:
    facts = _gather(state)
    settled: dict[str, str] = {}
    decided: dict[str, tuple[str, str, float, list[str], str | None]] = {}
    for key, f in facts.items():
        if f.entity.role_provenance is not None and f.entity.role_provenance.origin == "human":
            settled[key] = f.entity.role
    parts = _partitions(facts)
    for key, f in facts.items():
        if key in settled:
            continue
        if key in parts:
            parent, why = parts[key]
            decided[key] = ("partition", "partition", 0.8, [why], parent)
        elif (subject := _audit_subject(f, facts)) is not None:
            decided[key] = ("audit", "history_table", 0.7, [f"named as the history of {subject.entity.name} and refers to it"],
                            subject.entity.table.key)
        else:
            continue
        settled[key] = decided[key][0]
    # A link from a header to a thing (an order's products) is the header's lines, a fact; a
    # bridge links two things (a film's actors).
    headers = _headers(facts, settled)
    lines = {k: h for h, ks in headers.items() for k in ks}
    for key, f in facts.items():
        if key not in settled and key not in lines and _is_bridge(f):
            decided[key] = ("bridge", "bridge", 0.8, ["its key is made of foreign keys to several tables"], None)
            settled[key] = "bridge"
    # Candidates first (their roles feed the detail rule), then the rest; both in model order.
    rest = [k for k in facts if k not in settled]
    for first_pass in (True, False):
        for key in rest:
            f = facts[key]
            is_candidate = bool(f.values) or bool(f.business_times)
            if is_candidate != first_pass:
                continue
            role, rule, conf, why = _decide(f, facts, settled, headers, lines)
            if role == "fact" and not f.values and f.business_times and f.timestamp_times and not f.referrers:
                role, rule, why = "event", "event", why + ["no values to add up, stamped with a time of day"]
            decided[key] = (role, rule, conf, why, None)
            settled[key] = role
    names = {k: f.entity.name for k, f in facts.items()}
    for key, (role, rule, conf, why, of) in decided.items():
        e = facts[key].entity
        e.role = role  # type: ignore[assignment]
        e.role_of = names.get(of) if of else None
        e.role_provenance = Provenance.inferred(NAME, rule, conf, why)
