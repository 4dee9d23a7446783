"""How each numeric column adds up (Dimension.additivity), and whether it is a value at all
(Dimension.role: measure for values, dimension or key for numbers that label).

From the column's value kind (passes/value_kinds: name words, semantic type and profile) and the
table's role:
- identifiers (declared, inferred or only named like one: `l_orderkey` with no relationship
  found), flags, constants, years, codes and rates are non_additive and not values: role key
  (identifiers) or dimension;
- scores are non_additive labels people group by (a visible dimension) and average; measurements
  are non_additive values, averaged, never summed;
- unit prices are non_additive: on a price list (a dimension table) they are attributes people
  filter and group on (a visible dimension, no measure); on a line-item fact that also holds a
  quantity they are averaged (derive_measures sums price x quantity there); on a fact without a
  quantity the price is what each row sold for, and additive, when the rows are sales: the fact
  has a key of its own or details another fact (an order's lines); on a fact of neither (unit
  cost and price per product and month) it is averaged;
- balances and stock levels are semi_additive: summed over accounts or items, not over time; a
  balance on a fact of documents keyed by an id of its own (an invoice's starting_balance, a
  transaction's balance after it) is non_additive: no time to take the latest at, averaged;
- every value of a history of states (a table keyed by the start of the period each row holds:
  salaries by employee and from_date, to_date closing it) is non_additive: in force for its
  whole period, averaged, never summed over the periods (passes/intervals.py);
- running totals (year to date, cumulative, a standings table's points after each event) are
  non_additive: never summed over the steps (derive_measures takes them at their maximum on a fact,
  and sums them over the things on a table of one row per thing);
- a number the same on every line of each transaction of a table keyed by the transaction and a
  line ordinal (an order's total or freight repeated on its lines, the profiler's LineConstancy)
  is non_additive: the transaction's value, neither summed nor averaged over the lines;
- a quantity whose rows name their unit of measure in a column of their own (qty beside uom, SAP's
  KWMENG beside VRKME), two units or more, is non_additive: pieces added to kilograms are no
  figure (derive_measures sums it per unit);
- amounts, counts and quantities are additive; other numbers are additive on facts, while on a
  table that lists things (a dimension) they are attributes: averaged (a film's length), or, when
  a whole number takes few values, a bucket people group by (a rental period of 3 to 7 days).

Power BI's default summarization and every target's measures read this one fact.
"""

from __future__ import annotations

from compiler.calendar import holds_calendar_parts
from compiler.pipeline import Context, State
from ir.evidence import row_grains
from ir.provenance import Provenance
from ir.semantic import Dimension, Entity
from passes.intervals import state_history
from passes.value_kinds import (AVERAGED_KINDS, LABEL_KINDS, RUNNING_KINDS, SEMI_ADDITIVE_KINDS, ValueKind, classify, column_names, mixed_units,
                                HEADER_VALUE_RULE, QUANTITY_UNITS_RULE, header_values, is_catalog_price, is_quantity_name, key_names, name_words,
                                figures_named_units, price_units, profiles, quantity_unit, series_kinds,
                                table_prefix)

NAME = "decide_additivity"
FACT_ROLES = ("fact", "event")


def _unit_of(kind: str, table, column: str, measured: dict[str, str], refers) -> str | None:
    """The column naming the unit of measure of a quantity, or of an amount a column named after
    it gives the unit of (amount beside amountuom: millilitres, milligrams and units of a drug
    given), where it holds two units or more. An amount beside a unit column named for another
    figure (SAP's net value beside the quantity's unit) is no quantity in it."""
    if kind == "quantity":
        unit = quantity_unit(table, column, refers)
        if unit is not None:
            return unit
    unit = measured.get(column.lower())
    col = table.column(unit) if unit is not None and table is not None else None
    p = col.profile if col is not None else None
    return unit if p is not None and (p.distinct_count or 0) > 1 else None


def additivity_of(kind: ValueKind, entity: Entity, has_quantity: bool, catalog: bool = False, sold: bool = True,
                  history: tuple[str, str] | None = None) -> tuple[str, str]:
    """(additivity, why) for a column of `kind` in `entity`. `catalog`: a unit price named as a
    catalog's (list_price, standard_cost, msrp), never what a row sold for, whatever the table.
    `sold`: the fact's rows are sales (keyed by their own key, or lines of another fact), not prices
    per thing and period (a listing's nightly price on each day of its calendar).
    `history`: the (start, end) columns of the period each row holds (passes/intervals.py)."""
    if kind.kind in LABEL_KINDS:
        return "non_additive", kind.why
    if history is not None:
        return "non_additive", (f"a value in force from {history[0]} to {history[1]}: one row per period it held, "
                                "so a sum adds up periods; averaged")
    if kind.kind in SEMI_ADDITIVE_KINDS:
        return "semi_additive", kind.why
    if kind.kind == "unit_price":
        if entity.role not in FACT_ROLES or catalog:
            return "non_additive", "the price of one unit on a table that lists things (a price list): an attribute people filter on"
        if has_quantity:
            return "non_additive", "the price of one unit, beside a quantity (price x quantity is the amount)"
        if not sold:
            return "non_additive", ("the price of one unit on a fact of prices per thing and period (keyed by them, or by nothing, "
                                    "and no sale it details): averaged")
        return "additive", "the price each row sold for, on a fact with no quantity: the line amount"
    if kind.kind in AVERAGED_KINDS or kind.kind in RUNNING_KINDS:
        return "non_additive", kind.why
    if kind.kind == "value" and entity.role not in FACT_ROLES:
        return "non_additive", "an attribute of the things a table lists (a length, a size): averaged, not summed"
    return "additive", kind.why


def _per_thing_and_time(entity, referring: set[str], grain: list[str] | None = None) -> bool:
    """A key of references and a time (a listing's calendar by listing and day, a price by product
    and month): one row per thing per period, whose price is that period's level, no sale. `grain`:
    the time and references the profiler counted one row per beside a surrogate key (a snapshot's
    InventoryKey), read as the key."""
    times = {t.column for t in entity.time_dimensions if t.column}
    key = set(grain or entity.primary_key)
    return bool(key & times) and bool(key & referring) and key <= times | referring


def is_bucket(d: Dimension, profile, rows: int | None) -> bool:
    """A whole number with few values on many rows (a rental period of 3 to 7 days): people
    group by it."""
    if d.data_type != "integer" or profile is None or profile.distinct_count is None or not rows or rows < 50:
        return False
    return profile.distinct_count <= 20 and profile.distinct_count <= 0.05 * rows


HISTORY_STATE_RULE = "history_state_non_additive"
DOCUMENT_BALANCE_RULE = "document_balance_non_additive"


MIN_COMBINED = 3  # columns a table of combinations combines, besides its key
MIN_COMBINATIONS = 20


def every_combination(entity: Entity, table) -> bool:
    """A table whose rows are each combination of its columns' values once (a junk dimension or a
    demographic profile: TPC-DS's customer_demographics, every gender by marital status by
    education by dependants): its row count is the product of its other columns' exact distinct
    counts, none empty, each of two values or more. Its numbers (dependants 0..6, vehicles, a
    purchase estimate) are parts of one combination, grouped by: a sum over the rows adds up
    every combination once, no person's or household's figure. A column unique over the rows (a
    name) makes the product exceed them, so a table of things never qualifies."""
    rows = entity.row_count
    if table is None or not rows or rows < MIN_COMBINATIONS:
        return False
    product, parts = 1, 0
    for col in table.columns:
        if col.name in entity.primary_key:
            continue
        p = col.profile
        if p is None or not p.distinct_exact or not p.distinct_count or p.distinct_count < 2 or p.null_count:
            return False
        product *= p.distinct_count
        parts += 1
        if product > rows:
            return False
    return parts >= MIN_COMBINED and product == rows


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    keys = key_names(state.model)
    cache: dict[tuple, Provenance] = {}

    def prov(rule: str, why: str, conf: float) -> Provenance:
        key = (rule, why)
        if key not in cache:
            cache[key] = Provenance.inferred(NAME, rule, conf, [why])
        return cache[key]

    by_key = {e.table.key: e for e in state.model.entities}
    series = series_kinds(state.snapshot.evidence)
    grains = row_grains(state.snapshot.evidence)
    headers = header_values(state.snapshot.evidence, state.snapshot.tables)
    details_a_fact = {r.from_.table_key for r in state.model.relationships
                      if r.cardinality == "many_to_one" and r.to.table_key != r.from_.table_key
                      and getattr(by_key.get(r.to.table_key), "role", None) in FACT_ROLES}
    referring: dict[str, set[str]] = {}
    refers: dict[str, dict[str, str]] = {}  # per table, its one-column references to the name of the table each refers to
    for r in state.model.relationships:
        referring.setdefault(r.from_.table_key, set()).update(r.from_.columns)
        if len(r.from_.columns) == 1 and r.to.table_key in tables:
            refers.setdefault(r.from_.table_key, {}).setdefault(r.from_.columns[0], tables[r.to.table_key].name)
    by_name = {e.name: e for e in state.model.entities}
    for entity in state.model.entities:
        table = tables.get(entity.table.key)
        prefix = table_prefix(table)
        # An audit table's copy of the columns of the table it is the history of (an opportunity's
        # amount at each change of stage): that row's state, once per change.
        history_of = by_name.get(entity.role_of or "") if entity.role == "audit" else None
        held = {x.column for x in history_of.dimensions if x.column} if history_of is not None else set()
        sold = (bool(entity.primary_key) and not _per_thing_and_time(entity, referring.get(entity.table.key, set()),
                                                                     grains.get(entity.table.key))
                or entity.table.key in details_a_fact)
        history = state_history(entity)
        # A fact of documents (invoices, transactions) keyed by an id of its own, which the profiler
        # did not find to be a snapshot keyed by a surrogate: a balance on it is the account's at each
        # document, and summed it adds each account's balance once a document.
        document = (entity.role in FACT_ROLES and len(entity.primary_key) == 1 and entity.table.key not in grains
                    and not set(entity.primary_key) & referring.get(entity.table.key, set())
                    and not set(entity.primary_key) & {t.column for t in entity.time_dimensions if t.column})
        found = profiles(table)
        siblings = column_names(entity)
        units = mixed_units(table)
        measured = figures_named_units(table)
        kinds: list[tuple[Dimension, ValueKind]] = []
        for d in entity.dimensions:
            kind = classify(d, found.get(d.column or ""), entity.row_count, prefix, keys, entity.table.name, siblings,
                            series.get(entity.table.key, {}), units)
            if kind is not None:
                kinds.append((d, kind))
        # By name, whatever the data: a quantity column that holds 1 on every row is still the
        # quantity the price multiplies.
        units = price_units([name_words(d.column or d.name, prefix) for d, _ in kinds])
        has_quantity = any(k.kind != "identifier" and is_quantity_name(name_words(d.column or d.name, prefix), units) for d, k in kinds)
        # Every number on a calendar (its month, day of month, week of year, days in the month) is
        # a part of its day, grouped by, never added up or averaged.
        calendar = table is not None and holds_calendar_parts(table)
        combined = not calendar and entity.role not in FACT_ROLES and every_combination(entity, table)
        for i, (d, kind) in enumerate(kinds):
            if calendar and kind.kind not in ("identifier", "flag", "constant", "year", "code"):
                kinds[i] = (d, ValueKind("code", "calendar_part", "a part of a calendar's day: a label people group by"))
                continue
            if combined and kind.kind not in ("identifier", "flag", "constant", "year", "code"):
                kinds[i] = (d, ValueKind("code", "combination_part", "a part of one of every combination the table lists "
                                                                     "(a profile): a label people group by, never added up"))
                continue
            if kind.kind == "value" and entity.role not in FACT_ROLES:
                if is_bucket(d, found.get(d.column or ""), entity.row_count):
                    kind = ValueKind("code", "bucket", "a whole number with few values: a bucket people group by")
                    kinds[i] = (d, kind)
        catalog_prices = {x.name for x, k in kinds if k.kind == "unit_price" and is_catalog_price(name_words(x.column or x.name, prefix))}
        # Money that says what a row sold for: an amount, or a price that is no catalog's.
        sold_for = any(k.kind == "amount" or (k.kind == "unit_price" and x.name not in catalog_prices) for x, k in kinds)
        for d, kind in kinds:
            human_role = d.provenance is not None and d.provenance.origin == "human"
            if d.additivity_provenance is None or d.additivity_provenance.origin != "human":
                # A base or standard cost that is the only money of a fact with no quantity (a
                # vaccination's base cost) is what the row cost, not a catalog beside the amount.
                catalog = d.name in catalog_prices and (has_quantity or entity.role not in FACT_ROLES or sold_for)
                additivity, why = additivity_of(kind, entity, has_quantity, catalog, sold, history)
                rule = f"{kind.kind}_{additivity}"
                if kind.kind not in LABEL_KINDS and d.column in headers.get(entity.table.key, ()):
                    additivity, rule = "non_additive", HEADER_VALUE_RULE
                    why = ("the same on every line of each transaction of a table of lines (an order's total repeated on its "
                           "lines): the transaction's value, never summed or averaged over the lines")
                elif additivity != "non_additive" and kind.kind not in LABEL_KINDS and d.column in held:
                    additivity, rule = "non_additive", HISTORY_STATE_RULE
                    why = (f"a copy of {history_of.name}.{d.column} at each change of it (an audit table's row): summed it "
                           "counts each row's value once per change")
                elif additivity == "semi_additive" and kind.kind == "balance" and document:
                    additivity, rule = "non_additive", DOCUMENT_BALANCE_RULE
                    why = ("the account's balance when the row's document was made (an invoice's starting or ending balance): "
                           "one row per document, no time to take the latest at, so no sum at all; averaged")
                elif (additivity == "additive" and kind.kind in ("quantity", "amount") and d.column
                      and (unit := _unit_of(kind.kind, table, d.column, measured, refers.get(entity.table.key, {}))) is not None):
                    additivity, rule = "non_additive", QUANTITY_UNITS_RULE
                    why = (f"a figure in whichever unit of measure {unit} names on its row (pieces, kilograms, millilitres), "
                           "two units or more: summed per unit, never across units")
                d.additivity = additivity  # type: ignore[assignment]
                d.additivity_provenance = prov(rule, why, 0.8 if kind.rule != "numeric_value" else 0.6)
                # The unit column is decided here, once; derive_measures only reads it.
                if rule == QUANTITY_UNITS_RULE:
                    d.unit_column, d.unit_column_provenance = unit, prov(rule, why, 0.8)
                elif d.unit_column_provenance is None or d.unit_column_provenance.origin != "human":
                    d.unit_column, d.unit_column_provenance = None, None
            if human_role:
                continue
            # Scores are grouped by as well as averaged: a visible dimension, averaged by derive_measures.
            label = kind.kind in LABEL_KINDS or kind.kind == "score" or (kind.kind == "unit_price" and entity.role not in FACT_ROLES)
            role = "key" if kind.kind == "identifier" else ("dimension" if label else "measure")
            if d.role != role and not (d.role == "key" and role != "measure"):
                d.role = role  # type: ignore[assignment]
                d.provenance = prov(f"{kind.kind}_role", kind.why, 0.8)
