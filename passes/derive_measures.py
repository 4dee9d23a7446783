"""The measures a BI developer writes by default, from the facts decided before: table roles,
column additivity and value kinds, enumerations and time axes.

- a row count on every fact and event, and on any other table with a time axis of its own, whose
  rows hold an amount summed over them (a station's docks), or that no relationship touches and
  holds values (daily weather readings); not
  on a bridge (a pair of keys is nothing people count) nor on an extension keyed by its parent's
  key (its rows are the parent's: loss_payment beside claim_amount);
- a sum of every additive value (amounts, counts, quantities; a unit price on a fact with no
  quantity, where it is the line amount);
- a sum of every semi_additive value (balances, stock levels), which must not be summed over time
  when the time axis is part of the key (one row per item per day): then the measure names that
  time as its `non_additive_dimension`; with no time in the key, only where each row is another
  thing (a key of references, a table's own one-column key), else its average alone (a fact's
  rows over time, a key with a column of its own such as a stamp not read as a time, no key);
- an average of non_additive values that mean something averaged (a line's unit price, scores,
  measurements); nothing for identifiers, flags, codes, years, constants and rates;
- on a fact: price x quantity (x (1 - discount) when a discount rate sits on the same row) as the
  revenue (or total cost) measure, and an amount that is an extended price net of that discount;
- on a fact: a count of rows per value of a status column with a few known values (completed
  orders), of rows where a true/false column is true (food orders), a distinct count of the
  parent fact it details (invoices on invoice lines), and a distinct count of the people it
  refers to (customers, users, guests: buyers, visitors, active customers), and on lines keyed by
  their header and a thing, the distinct things (products bought); on a flat fact, the
  same of identifiers that refer to no table (Order ID, Customer ID on a table of order lines),
  and of any other thing such an identifier names with more values than a code (a trip's bike);
  an identifier numbered by the clock (GA4's ga_session_id, the second a session began) is unique
  only within the thing on the row it started for (the user), and is counted with it;
- the highest and lowest of a measurement named as a period's extreme (a day's max_temperature,
  min_humidity; a price bar's high and low beside its open and close), beside its average;
- a quantity whose rows name their unit of measure, several of them (KWMENG beside VRKME of ST,
  KG and L; quantity beside uom): a sum per unit for the most frequent units, never one across
  units (decide_additivity made it non_additive);
- nothing over a column empty on every row, nor over a transaction's value repeated on each of
  its lines (an order's total on a table of order lines: decide_additivity);
- no twins: a value in cents beside the same value in units, or two columns with one profile; and
  on a header, no second sum of what its detail lines hold (count_order_items, items_subtotal).

Formats follow semantic types: currency for money, integer for counts, decimal otherwise.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

import sqlglot
from sqlglot import exp

from compiler.naming import NameTable, humanize, read_words, snake, words, written_stem
from compiler.label_words import concept, phrases
from compiler.value_words import FAILED_WORDS, FALSE_WORDS, SPENT_WORDS, TRUE_WORDS, names_money_movement, names_row_kind
from compiler.whole_numbers import whole
from compiler.pipeline import Context, State
from compiler.types import sqlglot_dialect
from ir.catalog import Table
from ir.evidence import RowNames, row_grains
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, JoinedFilter, JoinStep, Measure, Relationship
from compiler.calendar import holds_calendar_parts
from compiler.chance import numbered_by_clock
from compiler.value_words import CURRENCIES_IN_NAMES, ISO_4217, NULL_SPELLINGS, SCORE_IN_WORDS
from passes.choose_time_axes import began, calendar_tables
from passes.classify_columns import CODE_VALUES
from passes.decide_enumerations import complete_values, is_status
from passes.intervals import OpenEnd, open_end, state_history
from passes.scenarios import scenario_key
from passes.text_values import written_in_another_currency
from passes.join_names import LAST_NUMBER_WORDS, STRONG_ID, WEAK_ID, singular, table_labels, table_words, without_link
from passes.value_kinds import (ADDITIVE_KINDS, currency_qualifier, holds_currency_codes, names_exchange_rate, DISCOUNT_WORDS, HEADER_VALUE_RULE, LABEL_KINDS, MINOR_UNIT_EXPONENT, MONEY_WORDS, names_currency, RUNNING_KINDS, SEMI_ADDITIVE_KINDS, ValueKind, classify,
                                column_names, head_words, is_catalog_price, mixed_units, names_a_measure, unit_columns,
                                is_duration_name, is_fraction, is_quantity_name, is_whole_percent, key_names, name_words, price_head, price_units, profiles,
                                series_kinds, table_prefix, QUANTITY_UNITS_RULE, UNIT_CODE_LENGTH_MAX, units_of_measure)

NAME = "derive_measures"
FACT_ROLES = ("fact", "event")
MAX_STATUS_VALUES = 8  # the lifecycle of an order (created, approved, invoiced, shipped, delivered, canceled...)

_ROW_COUNT = Provenance.inferred(NAME, "row_count", 1.0, ["every entity counts its rows"])
_LEAF_COUNT = Provenance.inferred(NAME, "leaf_row_count", 0.8,
                                  ["no table of the model counts its rows, and no table refers to this one: it is queried on its own"])
_VALUE_ROWS_COUNT = Provenance.inferred(NAME, "value_rows_count", 0.8,
                                        ["its rows hold values added up or averaged over them: how many rows is their denominator"])
_RULES = {
    "additive_sum": "an additive value: summed",
    "semi_additive_sum": "a balance or level: summed over entities, not over time",
    "non_additive_average": "a value that does not add up but averages: a unit price, a score, a measurement",
    "balance_per_event": "a balance or stock level kept on rows over time whose key holds no time (after each transaction): "
                         "averaged, never summed over the rows",
    "running_total_max": "a running total (to date, cumulative, standings after each event): its latest value is its largest",
    "running_total_sum": "a running total on a table of one row per thing (no fact, no time): summed over the things",
    "revenue": "price times quantity on each row of a fact",
    "net_amount": "an amount net of the discount rate on the same row",
    "gross_profit": "what a row sold for less what it cost, both stated on the row",
    "status_count": "rows per value of a status column with few values",
    "code_sum": "a number set under some codes of a code column only (a bounty offered, a bounty paid): summed per code, "
                "never over codes that mean different things",
    "top_level_sum": "a quantity of lines nested under other lines of their table: summed over the top-level lines, "
                     "each thing sold counted once",
    "currency_sum": "money of a table whose rows name their currency: summed per currency, never across currencies",
    "parent_currency_sum": "money of a table whose rows are in their parent's currency (an order's lines): summed per "
                           "the parent's currency, never across currencies",
    "movement_sum": "money of a table whose rows are kinds that reverse or move money (charge, refund, payout): summed per kind, never across them",
    "unit_average": "a figure whose row names its unit (statistics in long form): averaged per unit, never summed nor mixed "
                    "across units",
    "unit_sum": "a quantity whose rows name their unit of measure (pieces, kilograms, litres): summed per unit, never "
                "across units",
    "scenario_sum": "a value of a fact keyed into its scenarios (actual, budget, forecast): summed per scenario, never "
                    "the budget added to the actual",
    "flag_count": "rows where a true/false column is true",
    "parent_count": "distinct parents of a detail fact: the rows of the fact it details",
    "people_count": "distinct people a fact refers to: buyers, visitors, active customers",
    "thing_count": "distinct things on lines keyed by their header and the thing: the products bought",
    "named_extreme": "a measurement named as a period's extreme (a day's max or min): its extreme over the rows too",
    "within_parent_count": "distinct things an identifier numbers only within a parent on the row (a session by its start "
                           "second within its user): counted with the parent",
    "unjoined_thing_count": "distinct things an identifier with no table of its own names on a fact (a trip's bikes)",
    "current_state": "the rows of a table of periods whose period is still open (its end empty or a far-future placeholder): "
                     "what holds now, where every period's rows together add up to no figure",
}
_PROV = {rule: Provenance.inferred(NAME, rule, 0.8 if rule != "non_additive_average" else 0.7, [why]) for rule, why in _RULES.items()}


class _Builder:
    def __init__(self, entity: Entity, table: Table | None, dialect: str, keys: frozenset[str],
                 series: Mapping[str, str] = MappingProxyType({}), currency: str | None = None):
        self.entity, self.table, self.dialect = entity, table, sqlglot_dialect(dialect)
        taken = {f.name for f in [*entity.dimensions, *entity.time_dimensions, *entity.measures]}
        self.names = NameTable(taken)
        # A person's filtered or computed measure does not stand in for the plain default one.
        self.existing = {(m.agg, m.column) for m in entity.measures if m.filter is None and m.expr is None}
        self.new: list[Measure] = []
        self.prefix = table_prefix(table)
        self.profiles = profiles(table)
        self.keys = keys
        self.siblings = column_names(entity)
        self.units = mixed_units(table)
        self.series = series
        # The column naming each row's currency (a code, 'usd', 'eur', or a key into a table of
        # currencies) and every value it holds, where the profile proved them (one to CURRENCY_SUMS_MAX):
        # by its name, or by its values, ISO 4217 codes every one (SAP's WAERK).
        named = [x for x in entity.dimensions if x.column and x.data_type in ("string", "integer") and names_currency(x.column)]
        named = named or [x for x in entity.dimensions if x.column and x.data_type == "string"
                          and holds_currency_codes(self.profiles.get(x.column), entity.row_count)]
        self.currencies = bool(named) or any(names_currency(c) for c in self.siblings)  # amounts in several currencies
        # A code before a key (CurrencyCode beside CurrencyKey): the code is what classify_semantics
        # read the whole-number amounts beside as kept in the smallest unit.
        self.currency = next((x for x in named if x.data_type == "string"), named[0] if named else None)
        column = table.column(self.currency.column) if table is not None and self.currency is not None else None
        codes = complete_values(self.currency, column, table, 1, CURRENCY_SUMS_MAX) if self.currency is not None else None
        self.currency_codes: list = codes or []
        # Every column naming a currency in text, with its proven codes: a row may name several
        # (Magento's base, order, store and global currency codes), each the currency of the
        # amounts qualified alike (currency_of).
        self.currency_columns: list[tuple[Dimension, list]] = []
        for x in named:
            if x.data_type == "string":
                col = table.column(x.column) if table is not None and x.column else None
                self.currency_columns.append((x, complete_values(x, col, table, 1, CURRENCY_SUMS_MAX) or []))
        self.home = (currency or "USD").lower()
        # Where the rows name no currency but their parent does (an order's lines, priced in the
        # order's currency): the join to it, its currency dimension and its codes (run sets it).
        self.parent_currency: tuple[JoinStep, str, Dimension, list] | None = None
        # The status column and its values saying a row's attempt failed (a declined charge, a
        # payout that bounced): money on those rows never moved, and its sums leave them out.
        # The row's own status (`status`) before a qualified one (`outcome_network_status`).
        failed = []
        for x in entity.dimensions:
            values = [str(v) for v in (x.accepted_values or [])]
            bad = [v for v in values if set(words(v)) & FAILED_WORDS]
            if x.column and x.data_type == "string" and is_status(x) and 2 <= len(values) <= MAX_STATUS_VALUES and bad and len(bad) < len(values):
                failed.append((len(words(x.column)), x.column, bad))
        self.failed: tuple[str, list[str]] | None = min(failed)[1:] if failed else None
        self.words = phrases(None)  # the model's template words (run sets them): English by default
        self._kinds: dict[str, ValueKind | None] = {}
        self.scenario: tuple[str, list, dict[str, str]] | None = None  # the fact's key into its scenarios, their keys and names
        self.parent_row: str | None = None  # the column naming the line a line is nested under (run sets it)
        self.tables: Mapping[str, Table] = MappingProxyType({})  # the snapshot's tables by key (run sets them)
        self.row_names: Mapping[str, RowNames] = MappingProxyType({})  # the names of small tables' rows, by table key
        self.outgoing: list[Relationship] = []  # the entity's many-to-one references (run sets them)
        # A rate of exchange kept on each row (Odoo's sale_order.currency_rate) says its amounts are
        # in the row's own currency, not yet converted: a key into the currencies splits them too.
        self.row_exchange_rate = any(names_exchange_rate(c) for c in self.siblings)

    def fmt(self, d: Dimension, agg: str) -> str:
        # Money written with the symbol of another currency than the model's (£30 in dollars) is no amount of it.
        p = self.profile(d)
        other = written_in_another_currency(p, self.home.upper())
        # (Money in its parent's currencies is no amount of the model's either.)
        got = _format(d, agg, self.currencies or other or self.parent_currency is not None, self.home)
        if (got == "decimal" and agg in ("sum", "min", "max") and d.data_type in ("float", "decimal") and p is not None
                and p.fraction_count == 0 and p.min is not None):
            # Whole numbers kept as REAL or DOUBLE (a school's enrollment, 1,234.0): their sum is one.
            return "integer"
        return got

    def minor_units(self, d: Dimension) -> bool:
        """Money kept as whole numbers beside a column naming each row's currency: amounts in the
        currency's smallest unit (Stripe's 1999 for 19.99 dollars), shown divided into units."""
        return (self.currency is not None and self.currency.data_type == "string" and d.semantic_type == "currency_amount"
                and d.data_type == "integer")

    def currency_of(self, d: Dimension) -> tuple[Dimension | None, list]:
        """The column naming the currency of money column `d`, and its codes. One currency column
        names every amount's. Of several, the one whose qualifier words `d`'s name holds
        (`base_grand_total`: `base_currency_code`), else the bare one (`currency`), else the one
        qualified by the table's own name (`grand_total` of `sales_order`: `order_currency_code`,
        the currency the order was placed in); none where nothing tells, and the one sum stays,
        described: filtered on another row's currency, an order's Canadian dollars would be
        counted as the store's US dollars."""
        if len(self.currency_columns) <= 1:
            return self.currency, self.currency_codes
        own = set(read_words(d.column or d.name))
        quals = [(x, codes, currency_qualifier(x.column or x.name)) for x, codes in self.currency_columns]
        found = [q for q in quals if q[2] and q[2] <= own]
        if found:
            widest = max(len(q[2]) for q in found)
            found = [q for q in found if len(q[2]) == widest]
        else:
            found = [q for q in quals if not q[2]]
            if not found:
                table_own = set(read_words(self.entity.table.name))
                found = [q for q in quals if q[2] <= table_own]
        return (found[0][0], found[0][1]) if len(found) == 1 else (None, [])

    def in_units(self, d: Dimension, code: str | None = None) -> str | None:
        """The SQL of a money column in whole units of `code` (two decimals where no code is
        known), or None where its values already are (a yen has no smaller unit)."""
        if not self.minor_units(d) or d.column is None:
            return None
        places = MINOR_UNIT_EXPONENT.get((code or "").lower(), 2)
        if places == 0:
            return None
        # (A number kept as text is read through its dimension's cast where the targets resolve the column.)
        return self.sql(exp.Div(this=self.col_sql(d.column), expression=exp.Literal.number(f"{10 ** places}.0")))

    def kind(self, d: Dimension) -> ValueKind | None:
        """The value kind of a column, classified when first asked (most columns never are)."""
        if d.name not in self._kinds:
            self._kinds[d.name] = classify(d, self.profile(d), self.entity.row_count, self.prefix, self.keys,
                                           self.entity.table.name, self.siblings, self.series, self.units)
        return self._kinds[d.name]

    def profile(self, d: Dimension):
        return self.profiles.get(d.column or "")

    def col_sql(self, name: str) -> exp.Expression:
        return exp.column(name, quoted=True)

    def sql(self, tree: exp.Expression) -> str:
        return _generator(self.dialect).generate(tree, copy=False)

    def equals_sql(self, column: str, value: str) -> str:
        return _equals_sql(column, value, self.dialect)

    def column_sql(self, column: str) -> str:
        return _column_sql(column, self.dialect)

    def empty(self, column: str | None) -> bool:
        """No value on any row (profiled): nothing to add, average or count."""
        p = self.profiles.get(column or "")
        return p is not None and bool(self.entity.row_count) and p.null_count == self.entity.row_count

    def add(self, base: str, agg: str, rule: str, *, column: str | None = None, expr: str | None = None, filter: str | None = None,
            fmt: str | None = None, data_type=None, additivity: str | None = None, non_additive_dimension: str | None = None,
            label: str | None = None, description: str | None = None, settled: bool = False,
            joined_filter: JoinedFilter | None = None) -> None:
        if expr is None and filter is None and joined_filter is None and (agg, column) in self.existing:
            return
        if settled and column is not None and set(words(column)) & SPENT_WORDS:
            settled = False  # a cost or a fee is spent on a failed attempt too
        if settled and self.failed is not None:
            # Money of the rows whose attempt did not fail: a declined charge's amount was never taken.
            status, bad = self.failed
            kept = " AND ".join(f"NOT {self.equals_sql(status, v)}" for v in bad)
            kept = f"({self.column_sql(status)} IS NULL OR {kept})" if len(bad) == 1 else f"({self.column_sql(status)} IS NULL OR ({kept}))"
            if filter is None and label is None and agg == "sum":
                # (a filtered measure's label is not read from the column later, so it is written
                # here): from the column's own letters where labels are not the names read as one,
                # so 支付金额 is "支付金额合计" and preço "Preço total", not the ASCII name's words.
                if self.words.reads_names or column is None:
                    label = self.words.sum_named(base)
                else:
                    own = humanize(column)
                    label = self.words.sum_of(own) if self.words.says_total(own) else self.words.total(own)
            filter = f"{filter} AND {kept}" if filter else kept
            description = " ".join(x for x in (description, f"Leaves out the rows whose {humanize(status).lower()} is "
                                   f"{', '.join(repr(v) for v in bad)}: a failed attempt moved no money.") if x)
        if column is not None and self.empty(column):
            return
        self.new.append(Measure(
            name=self.names.claim(base), agg=agg, column=column, expr=expr, filter=filter, format=fmt, data_type=data_type,
            additivity=additivity, non_additive_dimension=non_additive_dimension, provenance=_PROV.get(rule, _ROW_COUNT),
            joined_filter=joined_filter,
            label=Text.inferred(label, NAME, rule) if label else None,
            description=Text.inferred(description, NAME, rule) if description else None,
        ))


@lru_cache(maxsize=64)
def _generator(dialect: str | None):
    # One generator per dialect, reused: building one per expression costs more than the SQL.
    return sqlglot.Dialect.get_or_raise(dialect).generator()


def _column_sql(column: str, dialect: str | None) -> str:
    return _generator(dialect).generate(exp.column(column, quoted=True), copy=False)


def _open_sql(found: OpenEnd, dialect: str | None) -> str:
    """The condition the rows of a still open period meet: an empty end, or an end on or after
    the placeholder day (on or after: a placeholder kept as a timestamp has a time of day too)."""
    column = exp.column(found.column, quoted=True)
    tree = exp.Is(this=column, expression=exp.Null()) if found.since is None else exp.GTE(this=column, expression=exp.Literal.string(found.since))
    return _generator(dialect).generate(tree, copy=False)


def _equals_number_sql(column: str, value: int | float, dialect: str | None) -> str:
    tree = exp.EQ(this=exp.column(column, quoted=True), expression=exp.Literal.number(value))
    return _generator(dialect).generate(tree, copy=False)


def _equals_sql(column: str, value: str, dialect: str | None) -> str:
    tree = exp.EQ(this=exp.column(column, quoted=True), expression=exp.Literal.string(value))
    return _generator(dialect).generate(tree, copy=False)


def _format(d: Dimension, agg: str, several_currencies: bool = False, home: str = "usd") -> str:
    if d.semantic_type == "currency_amount":
        # The money format is the model's currency (mb.yaml `currency`, else dollars): only where
        # no other currency is said (gdp_usd in a model of reais) or possible.
        if several_currencies or set(read_words(d.column or d.name)) & (CURRENCIES_IN_NAMES - {home}):
            return "decimal"
        return "currency"
    if agg in ("sum", "min", "max") and d.data_type == "integer":
        return "integer"  # a sum or an extreme of whole numbers is one (a driver's most wins)
    return "decimal"


def _twins(b: _Builder, values: list[Dimension]) -> set[str]:
    """Value columns that repeat another: `subtotal_cents` beside `subtotal`, or a second column
    with exactly the same profile and the same additivity (order_items_subtotal beside subtotal).
    A unit price and a line amount equal on every row (one unit a line) are no twins: one is
    averaged, the other summed."""
    out: set[str] = set()
    stems = {tuple(w for w in words(d.column or d.name) if w != "cents"): d for d in values if "cents" not in words(d.column or d.name)}
    for d in values:
        ws = words(d.column or d.name)
        if "cents" in ws and tuple(w for w in ws if w != "cents") in stems:
            out.add(d.name)
    seen: dict[tuple, str] = {}
    for d in values:
        p = b.profile(d)
        if p is None or p.mean is None or p.distinct_count is None or p.distinct_count < 3 or d.name in out:
            continue
        sig = (_number(p.min), _number(p.max), round(p.mean, 6), p.distinct_count, p.null_count, d.additivity)
        if sig in seen:
            out.add(d.name)
        else:
            seen[sig] = d.name
    return out


def _number(v):
    """A profile bound as a comparable number (a DECIMAL 1.50 and a DOUBLE 1.5 are one value)."""
    try:
        return round(float(v), 6)
    except (TypeError, ValueError):
        return repr(v)


def counts_rows(entity: Entity, rels: list[Relationship] = (), empty_axis: bool = False) -> bool:
    """Facts and events count their rows, and so does a table of the people a business serves or
    employs (customers, members, patients: PEOPLE; employees: STAFF); any other table only when it has a time axis of its
    own (accounts opened over time). A lookup table (genres, products without a date) is what facts
    are sliced by, not a thing counted on its own, and a bridge's rows are pairs of keys: the
    hand-written models we measure against (docs/semantics-benchmark.md) give such tables no
    measure. An extension keyed by its parent's key counts nothing of its own either: its rows are
    its parent's, unless it lists people (employees among the persons a business knows): the
    parent's count counts the others too."""
    served = PEOPLE | (STAFF if entity.kind == "table" else frozenset())  # a view listing the staff is a report on them
    words = [singular(w) for w in table_words(entity.table.name)]
    if entity.role == "bridge":
        return False
    if is_extension(entity, rels):
        return entity.role == "dimension" and bool(words) and words[-1] in served  # a customer's profile is no people
    if entity.role in ("fact", "event"):
        return True
    if entity.role == "dimension" and set(words) & served:
        # How many customers (by country, by sales rep), how many employees (by office, by
        # department): the people a business serves or employs are counted where they are listed,
        # with the ones no fact names yet.
        return True
    axis = entity.time_axis
    return axis is not None and not axis.path and not empty_axis  # an empty axis says nothing was acquired over time


def _extensions_counted(entities: list[Entity], by_key: dict[str, Entity], outgoing: dict[str, list[Relationship]],
                        counting: set[str]) -> set[str]:
    """The facts keyed by their parent's key (is_extension) whose parent counts nothing: a lookup
    table of schools extended by their free-meal figures and their SAT results, one row a school
    each. Their rows are the parent's, but no count of the parent is there to count them; without
    their own count no target could say how many schools a county has figures for."""
    out = set()
    for e in entities:
        rels = outgoing.get(e.table.key, [])
        if e.name in counting or e.role not in FACT_ROLES or not is_extension(e, rels):
            continue
        pk = sorted(e.primary_key)
        parents = [by_key.get(r.to.table_key) for r in rels if r.cardinality == "one_to_one" and sorted(r.from_.columns) == pk]
        if parents and all(p is not None and p.name not in counting for p in parents):
            out.add(e.name)
    return out


def is_extension(entity: Entity, rels: list[Relationship]) -> bool:
    """Its whole primary key is a one-to-one reference to another table: one row per parent row
    at most (a subtype such as loss_payment of claim_amount, a user's profile)."""
    pk = sorted(entity.primary_key)
    return bool(pk) and any(r.cardinality == "one_to_one" and sorted(r.from_.columns) == pk and r.to.table_key != r.from_.table_key
                            for r in rels)


def _axis_in_key(entity: Entity, by_name: dict[str, Entity], outgoing: list[Relationship], calendars: frozenset[str],
                 grain: list[str] | None = None) -> str | None:
    """The entity's time axis when it is part of the primary key (one row per item per time): its
    own, or a calendar's day its key refers to (inventory keyed by week, item and warehouse). A
    borrowed axis one hop away through part of the key, from a table that is no fact, is fixed by
    the key as a calendar's day is (a calendar's day, a match's kickoff for the players' lines in
    it; choose_time_axes). An own date beside a key to the calendar's day (a movement date, and a
    date key to the calendar) is that day: the key holds it. `grain`: the time and references the
    profiler counted one row per beside a surrogate key (Contoso's FactInventory by InventoryKey,
    one row per DateKey, store and product), which holds the time as a key would."""
    key = grain or entity.primary_key
    axis = entity.time_axis
    if axis is None:
        return None
    if axis.path:
        first = axis.path[0]
        target = by_name.get(first.to_entity)
        in_key = set(first.from_columns) < set(key)
        return axis.dimension if len(axis.path) == 1 and target is not None and target.role not in FACT_ROLES and in_key else None
    if axis.entity != entity.name:
        return None
    t = next((t for t in entity.time_dimensions if t.name == axis.dimension), None)
    if t is None:
        return None
    if t.column in key:
        return t.name
    day_keys = {r.from_.columns[0] for r in outgoing if len(r.from_.columns) == 1 and r.to.table_key in calendars}
    return t.name if day_keys & set(key) else None


def _values(b: _Builder, values: list[Dimension], twins: set[str], snapshot_time: str | None, outgoing: list[Relationship]) -> None:
    referring = {c for r in outgoing for c in r.from_.columns}
    things_keyed = bool(b.entity.primary_key) and set(b.entity.primary_key) <= referring  # a row per combination of things
    for d in values:
        if d.name in twins or d.column is None:
            continue
        if d.additivity == "non_additive" and d.additivity_provenance is not None and d.additivity_provenance.rule == HEADER_VALUE_RULE:
            # An order's total repeated on each of its lines (decide_additivity): summed it counts
            # the order once a line, averaged it weighs the order by its lines. No measure here.
            continue
        if d.additivity == "non_additive" and d.additivity_provenance is not None and d.additivity_provenance.rule == QUANTITY_UNITS_RULE:
            # Pieces, kilograms and litres in one column (decide_additivity): a sum per unit.
            _sums_by_unit(b, d, f"sum_{d.name}" if d.name.startswith("total") else f"total_{d.name}", outgoing)
            continue
        if d.additivity == "semi_additive" and snapshot_time is None and not _rows_are_things(b.entity, things_keyed, b.kind(d)):
            # A level (a balance, a stock, a population) whose rows may hold one thing many times:
            # a balance after each event (a bank transaction's), a station's bikes at each reading
            # whose stamp was not read as a time. No latest one can be taken, and summed each
            # thing's level counts once a row; its level over the rows is what every target can say.
            b.add(f"average_{d.name}", "avg", "balance_per_event", column=d.column, fmt=b.fmt(d, "avg"),
                  data_type=d.data_type, additivity="non_additive")
            continue
        if d.additivity in ("additive", "semi_additive"):
            base = f"sum_{d.name}" if d.name.startswith("total") else f"total_{d.name}"
            semi = d.additivity == "semi_additive" and snapshot_time is not None
            if not semi and b.parent_row is not None and (k := b.kind(d)) is not None and k.kind == "quantity":
                # A line nested under another line of its own table (a configurable product's
                # chosen variant under the line that sold it, a bundle's parts under the bundle)
                # counts the same goods again: the quantity sold is the top-level lines'.
                b.add(base, "sum", "top_level_sum", column=d.column, filter=f"{b.column_sql(b.parent_row)} IS NULL",
                      fmt=b.fmt(d, "sum"), data_type=d.data_type, additivity="additive", label=b.words.sum_named(base),
                      description=f"Top-level lines only ({humanize(b.parent_row).lower()} empty): a line nested under "
                      "another repeats the goods of the line it belongs to.")
                continue
            if not semi and (_sums_by_scenario(b, d, base) or _sums_by_movement(b, d, base) or _sums_by_currency(b, d, base)
                             or _sums_by_code(b, d, base)):
                continue
            own_currency, own_codes = b.currency_of(d)
            units = b.in_units(d, own_codes[0] if len(own_codes) == 1 else None)
            b.add(base, "sum", "semi_additive_sum" if d.additivity == "semi_additive" else "additive_sum",
                  column=None if units else d.column, expr=units, fmt=b.fmt(d, "sum"), data_type="decimal" if units else d.data_type,
                  additivity="semi_additive" if semi else "additive", non_additive_dimension=snapshot_time if semi else None,
                  description=_SEVERAL_CURRENCIES if b.currency is not None and d.semantic_type == "currency_amount"
                  and (own_currency is None or len(own_codes) != 1) else None, settled=d.semantic_type == "currency_amount")
            if semi or is_duration_name(name_words(d.column, b.prefix)):
                # The level over a period, which every target can say (most cannot say the latest);
                # the average of a span (the average lap, the average call) beside its total.
                b.add(f"average_{d.name}", "avg", "non_additive_average", column=d.column, fmt=b.fmt(d, "avg"),
                      data_type=d.data_type, additivity="non_additive")
        elif (d.additivity == "non_additive" and (kind := b.kind(d)) is not None and kind.kind in RUNNING_KINDS
              and state_history(b.entity) is None):
            # (A history's salary rises from one period to the next as a running total does: it is
            # a state held over each period, averaged below.)
            if (b.entity.role not in FACT_ROLES and b.entity.primary_key
                    and (b.entity.time_axis is None or _dated_by_its_beginning(b))):
                # One row per salesperson, each's sales so far: they add up over the people (a table
                # of no key may hold each one many times, a user's lifetime value on each event). (Dated
                # by when each began, a customer's c_since, the rows are still one per thing, not
                # steps of one total: TPC-C's c_ytd_payment adds up over the customers.)
                b.add(f"total_{d.name}", "sum", "running_total_sum", column=d.column, fmt=b.fmt(d, "sum"),
                      data_type=d.data_type, additivity="additive")
                continue
            if snapshot_time is not None and len(b.entity.primary_key) > 1:
                # Many things' totals each time (cumulative cases per country and day): the
                # latest of each, added up over the things, as for any level kept over time.
                b.add(f"total_{d.name}", "sum", "semi_additive_sum", column=d.column, fmt=b.fmt(d, "sum"), data_type=d.data_type,
                      additivity="semi_additive", non_additive_dimension=snapshot_time)
                continue
            # A total that only grows, step after step: its latest value is its largest.
            b.add(f"max_{d.name}", "max", "running_total_max", column=d.column, fmt=b.fmt(d, "max"), data_type=d.data_type,
                  additivity="non_additive")
        elif d.additivity == "non_additive":
            if not _own_snapshot(b, snapshot_time) and _weighed_by_quantity(b, d):
                continue  # (a snapshot's unit cost per product and day is a state of each, averaged)
            b.add(f"average_{d.name}", "avg", "non_additive_average", column=d.column, fmt=b.fmt(d, "avg"),
                  data_type=d.data_type, additivity="non_additive")
            _extreme(b, d)


def code_split(b: _Builder, d: Dimension) -> tuple[Dimension, list] | None:
    """The code column whose codes a number is set under, where it is set under two or more of
    them and at most half of all: a vote's bounty amount, set on bounty offers (type 8) and
    awards (type 9) only among a dozen vote types. Its sum over those codes adds what was offered
    to what was paid. An order's amount, set under every status, has none; nor does a number set
    under one code only (its sum is that code's). The code column is a dimension people group by,
    never a year or another number that measures (a column filled from some year on is summed
    over the years all the same)."""
    p = b.profile(d)
    dims = {x.column: x for x in b.entity.dimensions if x.column is not None}
    for found in (p.occurs_under or []) if p is not None else ():
        code = dims.get(found.column)
        if code is None or code is d or code.role == "measure" or code.data_type not in ("integer", "string"):
            continue
        if not 2 <= len(found.codes) <= found.of // 2:
            continue
        kind = b.kind(code) if code.data_type == "integer" else None
        if kind is not None and kind.kind in ("year", "flag", "constant"):
            continue
        return code, list(found.codes)
    return None


def _sums_by_code(b: _Builder, d: Dimension, base: str) -> bool:
    """Per-code sums of a number set under some codes only (code_split), in place of a total
    that mixes them: `Total Bounty Amount (Vote Type ID 8)`, `... (Vote Type ID 9)`, or by the
    codes' documented labels. False where the number has no such codes."""
    found = code_split(b, d)
    if found is None:
        return False
    code, values = found
    _sums_per_value(b, d, base, "code_sum", code.column, code.name, values, code.value_labels or {}, code.data_type == "integer")
    return True


# At most this many currencies get a sum each; beyond, the one sum stays, to be grouped by currency.
CURRENCY_SUMS_MAX = 8
_SEVERAL_CURRENCIES = ("Adds amounts of every currency the rows are in: group or filter it by the currency column, "
                       "a sum across currencies means nothing.")


def _parent_row(b: _Builder, outgoing: list[Relationship], by_key: Mapping[str, Entity]) -> str | None:
    """The column by which a fact's rows nest under other rows of the same table (Magento's
    `parent_item_id`: a configurable product's order line and, under it, the line of the
    variant chosen, both with the quantity sold; a bundle's parts under the bundle), set on some
    rows and empty on others (profiled): the top-level rows are those it leaves empty. Only
    quantities are summed over them (_values); a row count still counts every row.

    Only on lines of a header (a many-to-one to another fact: the order): a comment's reply, a
    task's subtask or an entry's reversal points at its own table too, and is a row of its own."""
    own = b.entity.table.key
    if not any(r.cardinality == "many_to_one" and not r.audit and r.to.table_key != own
               and (h := by_key.get(r.to.table_key)) is not None and h.role in FACT_ROLES for r in outgoing):
        return None
    keyed = set(b.entity.primary_key or [])
    found = [r.from_.columns[0] for r in outgoing if r.to.table_key == own and not r.audit
             and r.cardinality == "many_to_one" and len(r.from_.columns) == 1 and r.from_.columns[0] not in keyed]
    if len(found) != 1:
        return None
    p = b.profiles.get(found[0])
    rows = b.entity.row_count
    if p is None or rows is None or p.null_count is None or not 0 < p.null_count < rows:
        return None
    return found[0]


def _sums_by_currency(b: _Builder, d: Dimension, base: str) -> bool:
    """Per-currency sums of money on a table whose rows name their currency, in place of a total
    that adds dollars to euros: `Total Amount (USD)`, `Total Amount (EUR)`, one per code the
    complete list of the currency column holds (two to CURRENCY_SUMS_MAX), each in whole units
    where the amounts are kept in the smallest one. False where the table names one currency, or
    where its codes are not known (the one sum stays, described as to be grouped by currency).

    A key into a table of currencies (FoodMart's currency_id, AdventureWorksDW's CurrencyKey) does
    not split: it may name the customer's currency beside amounts already converted to one (the
    warehouse's own), where a split would take away the only total. Its sum stays, described."""
    if b.parent_currency is not None and d.semantic_type == "currency_amount":
        step, parent, code, codes = b.parent_currency
        _per_parent_currency(b, base, codes, lambda c, name, label: b.add(
            name, "sum", "parent_currency_sum", column=d.column, fmt=b.fmt(d, "sum"), data_type=d.data_type,
            additivity="additive", label=label, settled=True, joined_filter=_joined(step, parent, code, c)))
        return True
    if (d.semantic_type == "currency_amount" and b.currency is not None and b.currency.data_type != "string"
            and b.row_exchange_rate and 2 <= len(b.currency_codes) <= CURRENCY_SUMS_MAX):
        _sums_per_value(b, d, base, "currency_sum", b.currency.column, b.currency.name, b.currency_codes,
                        _currency_names(b), True)
        return True
    currency, codes = b.currency_of(d)
    if (currency is None or currency.data_type != "string" or d.semantic_type != "currency_amount"
            or not 2 <= len(codes) <= CURRENCY_SUMS_MAX):
        return False
    _sums_per_value(b, d, base, "currency_sum", currency.column, currency.name, codes,
                    {c: c.upper() for c in codes}, False, {str(c): b.in_units(d, str(c)) for c in codes})
    return True


def _joined(step: JoinStep, parent: str, code: Dimension, value) -> JoinedFilter:
    return JoinedFilter(path=[step], entity=parent, dimension=code.name, column=code.column or code.name, value=str(value))


def _per_parent_currency(b: _Builder, base: str, codes: list, add) -> None:
    """`add(code, name, label)` once per currency of the parent (`Revenue (EUR)`): money of rows
    priced in their parent's currency, summed over the rows whose parent is in it."""
    head = (concept(base, b.words.language) or humanize(base)) if base == "revenue" else b.words.sum_named(base)
    for c in codes:
        add(c, snake(f"{base}_{c}", "value"), f"{head} ({str(c).upper()})")


def parent_currency(entity: Entity, b: _Builder, outgoing: list[Relationship], by_key: Mapping[str, Entity],
                    builders: Mapping[str, _Builder]) -> tuple[JoinStep, str, Dimension, list] | None:
    """The one many-to-one parent naming its rows' currency in a code of two to CURRENCY_SUMS_MAX
    values the profile proved (Shopify's order beside its lines, Magento's sales_order beside its
    items), where the rows name none of their own: the join, the parent, its currency dimension
    and its codes. None where the rows name theirs, no parent or more than one names several
    (which one the money is in is not known), or the parent's rows are all in one currency."""
    if b.currency is not None or b.currencies:
        return None
    found = []
    for rel in outgoing:
        parent = by_key.get(rel.to.table_key)
        if (rel.cardinality != "many_to_one" or rel.audit or parent is None or parent is entity
                or not parent.primary_key or sorted(rel.to.columns) != sorted(parent.primary_key)):
            continue
        pb = builders[parent.name]
        if pb.currency is None or pb.currency.data_type != "string" or not 2 <= len(pb.currency_codes) <= CURRENCY_SUMS_MAX:
            continue
        step = JoinStep(from_entity=entity.name, from_columns=list(rel.from_.columns), to_entity=parent.name,
                        to_columns=list(rel.to.columns))
        found.append((step, parent.name, pb.currency, list(pb.currency_codes)))
    return found[0] if len(found) == 1 else None


def _currency_names(b: _Builder) -> dict[str, str]:
    """The ISO code of each key of the currencies table the currency key refers to, where the
    profiler read its rows' names (1 EUR, 2 USD); else none, and the sums are named by key."""
    rel = next((r for r in b.outgoing if b.currency is not None and r.from_.columns == [b.currency.column]), None)
    read = b.row_names.get(rel.to.table_key) if rel is not None else None
    if read is None or rel is None or rel.to.columns != [read.key]:
        return {}
    for names in read.names.values():
        if names and all(str(v).strip().lower() in ISO_4217 for v in names.values()):
            return {k: str(v).strip().upper() for k, v in names.items()}
    return {}


def movement_kinds(b: _Builder) -> tuple[Dimension, list] | None:
    """The column naming each row's kind (names_row_kind: `type`, `kind`, `tipo`), held as text
    in two to MAX_STATUS_VALUES values of which one at least reverses or moves money
    (names_money_movement: a refund, a payout, a transfer, an authorization): its values, in the
    complete list the profile holds. None where the table has no such column."""
    for x in b.entity.dimensions:
        values = [v for v in (x.accepted_values or []) if str(v).strip().lower() not in NULL_SPELLINGS]
        if (x.column is None or x.data_type != "string" or not names_row_kind(x.column)
                or not 2 <= len(values) <= MAX_STATUS_VALUES or not any(names_money_movement(v) for v in values)):
            continue
        return x, values
    return None


def _sums_by_movement(b: _Builder, d: Dimension, base: str) -> bool:
    """Per-kind sums of money on a table whose rows are kinds of money movement (movement_kinds:
    Stripe's balance transactions of type charge, refund, payout, stripe_fee; Shopify's
    transactions of kind sale, refund, authorization), in place of a total that adds what was
    charged to what was refunded and paid out: `Total Amount (Charge)`, `Total Amount (Refund)`,
    and per currency too where the rows name theirs (`Total Amount (Charge, USD)`), each in whole
    units where the amounts are kept in the smallest one: the MOVEMENT_KINDS_MAX kinds and
    MOVEMENT_CURRENCIES_MAX currencies of the most rows, those left out named in the
    description. False for other columns and tables."""
    found = movement_kinds(b) if d.semantic_type == "currency_amount" else None
    if found is None:
        return False
    kind, values = found
    currency, all_codes = b.currency_of(d)
    split = (currency is not None and currency.data_type == "string"
             and 2 <= len(all_codes) <= CURRENCY_SUMS_MAX)
    values, kinds_out = _most_rows(b, kind.column, values, MOVEMENT_KINDS_MAX)
    codes, codes_out = _most_rows(b, currency.column, all_codes, MOVEMENT_CURRENCIES_MAX) if split else ([None], [])
    left = "; ".join(f"{what} left out (fewer rows): {', '.join(str(v) for v in out)}"
                     for what, out in (("Kinds", kinds_out), ("Currencies", codes_out)) if out)
    head = b.words.sum_named(base)
    # Each kind as humanized, or as written where two kinds would read alike (`charge`, `Charge`).
    read = {str(v): str(v) if any(ch.isupper() for ch in str(v)) else humanize(str(v)) for v in values}
    for v in values:
        shown = read[str(v)]
        if sum(x == shown for x in read.values()) > 1:
            shown = str(v)
        for c in codes:
            where = b.equals_sql(kind.column, str(v))
            if c is not None:
                where = f"{where} AND {b.equals_sql(currency.column, str(c))}"
            code = c if c is not None else (all_codes[0] if len(all_codes) == 1 else None)
            expr = b.in_units(d, None if code is None else str(code))
            suffix = f"{shown}, {str(c).upper()}" if c is not None else shown
            b.add(snake(f"{base}_{v}" + (f"_{c}" if c is not None else ""), "value"), "sum", "movement_sum",
                  column=None if expr else d.column, expr=expr, filter=where, fmt=b.fmt(d, "sum"),
                  data_type="decimal" if expr else d.data_type, additivity="additive", label=f"{head} ({suffix})", settled=True,
                  description=f"{left}." if left else None)
    return True


# Sums per kind of money movement and per currency: the kinds and currencies of the most rows
# (a ledger of 8 kinds in 8 currencies would otherwise give 64 sums of each money column).
MOVEMENT_KINDS_MAX = 4
MOVEMENT_CURRENCIES_MAX = 3


def _most_rows(b: _Builder, column: str, values: list, most: int) -> tuple[list, list]:
    """`values` of `column` cut to the `most` holding the most rows (the profile's counts; ties
    in their order), kept in their order, and those left out."""
    p = b.profiles.get(column)
    counts = {str(v.value): v.count for v in (p.top_values if p is not None else [])}
    top = {str(v) for v in sorted(values, key=lambda v: -counts.get(str(v), 0))[:most]}
    return [v for v in values if str(v) in top], [v for v in values if str(v) not in top]


def _sums_by_scenario(b: _Builder, d: Dimension, base: str) -> bool:
    """Per-scenario sums of a value of a fact keyed into its scenarios (passes.scenarios), in
    place of a total that adds the budget to the actual: `Total Amount (Actual)`, or `Total Amount
    (Scenario Key 1)` where the rows' names were not read, one per key the fact holds. False where
    the fact has no scenarios."""
    if b.scenario is None:
        return False
    column, values, names = b.scenario
    _sums_per_value(b, d, base, "scenario_sum", column, column, values, names,
                    all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values))
    return True


def _sums_per_value(b: _Builder, d: Dimension, base: str, rule: str, column: str, name: str, values: list,
                    labels: dict[str, str], number: bool, exprs: Mapping[str, str | None] = MappingProxyType({})) -> None:
    """One sum of `d` per value of `column`, filtered on it and labelled by the value's label where
    one is known (`Total Amount (Actual)`), else by the column's name and the value; summing
    `exprs[value]` in place of the column where given (an amount in cents made dollars)."""
    head = b.words.sum_named(base)  # total_amount: "Total Amount", "Amount total"
    named = {}
    values = [whole(v) for v in values]
    for v in values:
        label = labels.get(str(v))
        named[str(v)] = (snake(f"{base}_{label if label else f'{name}_{v}'}", "value"), label if label else f"{humanize(name)} {v}")
    _per_value(b, d, "sum", rule, column, values, named, head, number, exprs)


def _per_value(b: _Builder, d: Dimension, agg: str, rule: str, column: str, values: list, named: Mapping[str, tuple[str, str]],
               head: str, number: bool, exprs: Mapping[str, str | None] = MappingProxyType({}),
               additivity: str = "additive") -> None:
    """One `agg` of `d` per value of `column`, filtered on it: named and labelled `head (shown)` by
    `named[value]` (the measure's name, what the label shows of the value); of `exprs[value]` in
    place of the column where given. The sums per code, currency, scenario and unit of measure and
    the averages per unit all are these."""
    for v in values:
        measure, shown = named[str(v)]
        where = _equals_number_sql(column, v, b.dialect) if number else b.equals_sql(column, str(v))
        expr = exprs.get(str(v))
        b.add(measure, agg, rule, column=None if expr else d.column, expr=expr, filter=where, fmt=b.fmt(d, agg),
              data_type="decimal" if expr else d.data_type, additivity=additivity, label=f"{head} ({shown})",
              settled=d.semantic_type == "currency_amount")


# At most this many units of measure get a sum each of a quantity in several (the most frequent).
QUANTITY_UNIT_SUMS_MAX = 8


def _sums_by_unit(b: _Builder, d: Dimension, base: str, outgoing: list[Relationship]) -> None:
    """Per-unit sums of a quantity whose rows name their unit of measure (decide_additivity's
    QUANTITY_UNITS_RULE; the unit column it decided, Dimension.unit_column), in place of a total that adds pieces to
    kilograms: `Total Quantity (KG)`, `Total Quantity (ST)`, one per unit for the
    QUANTITY_UNIT_SUMS_MAX most frequent units the profile lists, labelled with the unit (or, for a
    key into a table of units, with the unit's name where the profiler read its rows' names)."""
    unit = d.unit_column
    column = b.table.column(unit) if unit is not None and b.table is not None else None
    if column is None:
        return
    values = units_of_measure(column, QUANTITY_UNIT_SUMS_MAX)
    # The reference the unit column makes, the first as decide_additivity read it.
    rel = next((r for r in outgoing if r.from_.columns == [unit] and r.to.table_key in b.tables), None)
    read = b.row_names.get(rel.to.table_key) if rel is not None else None
    # The unit's name, a short one of those read (kg for key 1), where the key is the units table's own.
    shown = next((n for n in (read.names.values() if read is not None and rel.to.columns == [read.key] else ())
                  if all(len(x) <= UNIT_CODE_LENGTH_MAX for x in n.values())), {})
    labels = {str(v): shown.get(str(v), str(v)) for v in values}
    number = column.data_type == "integer"
    _sums_per_value(b, d, base, "unit_sum", unit, unit, values, labels if (shown or not number) else {}, number)


# At most this many units get an average each; beyond, the figure is left to be grouped by its unit.
UNIT_AVERAGES_MAX = 8


def _averages_by_unit(b: _Builder) -> None:
    """One average per unit of a figure whose row names its unit (value_kinds.unit_columns), or
    per measure of a generic value whose row names its measure (value_kinds' mixed_measures), for
    the one to UNIT_AVERAGES_MAX units the unit column's complete list holds: `Average Obs Value
    (CP_MEUR)`, `... (PC_GDP)`. Statistics in long form (SDMX, a bank's indicators) hold millions of
    euros, percentages and persons in one column, and beside the members their aggregates (the EU
    beside its countries) and each item beside its parts: no sum over rows adds like things only,
    even within one unit, and a rate never sums. Filtered to one unit the average is the value of
    the cell the other columns pick, and over several cells it stays in the unit and the range of
    its values; the filter keeps every unit apart."""
    units = unit_columns(b.table)
    dims = {x.column.lower(): x for x in b.entity.dimensions if x.column is not None}
    # The same of a generic value whose row names its measure (an indicator, a series), where no
    # unit column is there: World Bank indicators in long form, value beside indicator_code.
    measures = [x.column for x in b.entity.dimensions if x.column is not None and x.data_type == "string"
                and names_a_measure(x.column)]
    for d in b.entity.dimensions:
        if d.column is None or d.data_type not in ("integer", "decimal", "float"):
            continue
        if d.column.lower() not in units:
            kind = b.kind(d)
            if kind is None or kind.rule != "mixed_measures" or not measures:
                continue
            units[d.column.lower()] = measures[0]
        unit = dims.get(units[d.column.lower()].lower())
        if unit is None or unit.column is None or unit.data_type != "string":
            continue
        column = b.table.column(unit.column) if b.table is not None else None
        codes = complete_values(unit, column, b.table, 1, UNIT_AVERAGES_MAX)
        if not codes or any(m.agg == "avg" and m.column == d.column for m in b.entity.measures):
            continue
        labels = unit.value_labels or {}
        named = {}
        for v in codes:
            shown = labels.get(str(v)) or str(v)
            named[str(v)] = (snake(f"average_{d.name}_{shown}", "value"), shown)
        _per_value(b, d, "avg", "unit_average", unit.column, codes, named, b.words.aggregate("avg", humanize(d.name)), False,
                   additivity="non_additive")


def _own_snapshot(b: _Builder, snapshot_time: str | None) -> bool:
    """One row per thing per time of the table's own (inventory by product and day): not lines
    timed by their order's date, which hold the order's key."""
    axis = b.entity.time_axis
    return snapshot_time is not None and axis is not None and not axis.path


def _weighed_by_quantity(b: _Builder, d: Dimension) -> bool:
    """A unit price or cost on a fact whose rows hold a quantity that varies (order lines of 1 to
    30 units): its average over the rows weighs a line of one unit as much as a line of a hundred,
    which is no price anyone paid on average (that is price x quantity over the quantity, the two
    sums people divide). It gets no average; on rows of one unit each (a quantity of one value)
    the average over the rows is the average price, and stays."""
    if b.entity.role not in FACT_ROLES:
        return False
    kind = b.kind(d)
    if kind is None or kind.kind != "unit_price":
        return False
    for q in b.entity.dimensions:
        if (q.column is None or q.role == "key" or q.column == d.column
                or not is_quantity_name(name_words(q.column, b.prefix), _price_units(b))):
            continue
        p = b.profile(q)
        one_value = p is not None and (p.distinct_count == 1 or (p.min is not None and p.min == p.max))
        if not one_value:
            return True
    return False


# A measurement named as the extreme of a period (a day's max_temperature, min_humidity): its
# extreme over the rows is the figure people ask of it (the hottest day), beside its average.
HIGHEST_WORDS = frozenset({"max", "maximum", "maximal", "highest", "peak", "hoechst", "maximo", "massimo", "maxi"})
LOWEST_WORDS = frozenset({"min", "minimum", "minimal", "lowest", "tiefst", "minimo", "minimi", "mini"})


# A price bar's high and low (open, high, low, close: a ticker's day, a currency's hour) are the
# period's extremes too, named by one word beside the bar's open and close.
BAR_HIGH = frozenset({"high", "hoch", "alto", "haut"})
BAR_LOW = frozenset({"low", "tief", "bajo", "bas"})
BAR_ENDS = ({"open", "eroeffnung", "apertura", "ouverture"}, {"close", "schluss", "cierre", "cloture", "fermeture"})


def _dated_by_its_beginning(b) -> bool:
    """The entity's own time axis says when each thing began (a customer since, a member's signup,
    a store's opening): a time of the thing, not of a step its totals were taken at."""
    axis = b.entity.time_axis
    if axis is None or axis.path or axis.entity != b.entity.name:
        return False
    t = next((t for t in b.entity.time_dimensions if t.name == axis.dimension), None)
    if t is None:
        return False
    return t.kind == "created" or began(name_words(t.column or t.name, b.prefix))


def _extreme(b: _Builder, d: Dimension) -> None:
    ws = name_words(d.column, b.prefix)
    if len(ws) < 2 and not _bar(b):
        return
    for agg, word, found in (("max", "highest", HIGHEST_WORDS | (BAR_HIGH if len(ws) == 1 else set())),
                             ("min", "lowest", LOWEST_WORDS | (BAR_LOW if len(ws) == 1 else set()))):
        if ws[0] in found or ws[-1] in found:
            b.add(f"{word}_{d.name}", agg, "named_extreme", column=d.column, fmt=b.fmt(d, "avg"), data_type=d.data_type,
                  additivity="non_additive")


def _bar(b: _Builder) -> bool:
    """The table holds price bars: a column named by an opening word and one by a closing word."""
    names = {w for d in b.entity.dimensions if d.column for w in name_words(d.column, b.prefix)[:1]
             if len(name_words(d.column, b.prefix)) == 1}
    return all(names & ends for ends in BAR_ENDS)


def _rows_are_things(entity: Entity, things_keyed: bool, kind: ValueKind | None) -> bool:
    """Each row is another thing, so a level summed over the rows adds up the things' levels: a
    key made of references to things (stock by product and warehouse; on a fact, only where it has
    no time either), or a key of one column, the table's own (a town's population, a product's
    units in stock, whatever date it was added on), unless the level is a balance on a fact's rows
    (each transaction's balance after it). Not a key with a column of its own beside references
    (a station and a stamp not read as a time: one station many times), nor no key at all."""
    fact = entity.role in FACT_ROLES
    if fact and entity.time_axis is not None and not _dated_by_creation(entity, kind):
        return False
    if things_keyed:
        return True
    return len(entity.primary_key) == 1 and not (fact and kind is not None and kind.kind == "balance")


def _dated_by_creation(entity: Entity, kind: ValueKind | None) -> bool:
    """A stock on rows dated only by when each row was made (its own created stamp, no business
    time): an item's current level at a location, the row made when the item was first stocked
    there. The date says when the thing began, not when its level was counted; a balance after
    each event (a transaction's) stays one a row."""
    axis = entity.time_axis
    if axis is None or axis.path or kind is None or kind.kind != "stock":
        return False
    t = next((t for t in entity.time_dimensions if t.name == axis.dimension), None)
    return t is not None and t.kind == "created" and not any((x.kind or "business") == "business" for x in entity.time_dimensions)


# Values that add up over the things at one time (each employee's salary now, each account's
# balance now), though not over the periods one thing held them.
_ACROSS_THINGS = ADDITIVE_KINDS | SEMI_ADDITIVE_KINDS | RUNNING_KINDS


def _counts_own_rows(b: _Builder) -> bool:
    return ("count", None) in b.existing or any(m.agg == "count" and m.column is None and m.filter is None for m in b.new)


def _current_state(b: _Builder, values: list[Dimension]) -> None:
    """On a table of periods some of which are still open (an end empty or far in the future):
    the rows that hold now. Counted (the headcount of each department now, where the plain count
    counts every assignment ever), and on a history of states, its values as they stand now:
    averaged (the average salary now), and summed where they add up over the things (the
    payroll now; summed over every period they add up to nothing)."""
    if not _counts_own_rows(b):
        return
    found = open_end(b.entity, b.profiles)
    if found is None:
        return
    where = _open_sql(found, b.dialect)
    b.add("current_count", "count", "current_state", filter=where, fmt="integer", additivity="additive", label=b.words.current_count())
    if state_history(b.entity) is None:
        return
    for d in values:
        kind = b.kind(d)
        if d.additivity != "non_additive" or kind is None or kind.kind in LABEL_KINDS:
            continue
        if kind.kind in _ACROSS_THINGS:
            b.add(f"current_total_{d.name}", "sum", "current_state", column=d.column, filter=where, fmt=b.fmt(d, "sum"),
                  data_type=d.data_type, additivity="additive", label=b.words.current_total(humanize(d.column)))
        b.add(f"current_average_{d.name}", "avg", "current_state", column=d.column, filter=where, fmt=b.fmt(d, "avg"),
              data_type=d.data_type, additivity="non_additive", label=b.words.current_average(humanize(d.column)))
        # The plain average weighs every period each thing held (an employee's salary in each year
        # of service): said so by its label, beside the average as it stands now.
        for m in b.new:
            if m.agg == "avg" and m.column == d.column and m.filter is None and m.expr is None and m.label is None:
                m.label = Text.inferred(b.words.history_average(humanize(d.column)), NAME, "history_average")


def _score_averages(b: _Builder) -> None:
    """Scores and ratings are dimensions people group by, and averaged too. Rates are grouped by
    only: an average of rates weighs a small order's discount as a large one's. A calendar's
    numbers (a day of the week 1..7) are parts of its days, never averaged."""
    if b.table is not None and holds_calendar_parts(b.table):
        return
    for d in b.entity.dimensions:
        if d.role == "dimension" and d.additivity == "non_additive" and d.column is not None:
            kind = b.kind(d)
            if kind is not None and kind.kind == "score":
                b.add(f"average_{d.name}", "avg", "non_additive_average", column=d.column, fmt="decimal", data_type=d.data_type,
                      additivity="non_additive")


def _discount(b: _Builder) -> tuple[Dimension, int] | None:
    """A discount rate on the row and what it is a part of: proven a fraction by the profile
    (0.05: 1), or whole percents (5 for 5%: 100). The revenue is net of it."""
    for d in b.entity.dimensions:
        ws = name_words(d.column or d.name, b.prefix)
        if not DISCOUNT_WORDS & set(ws):
            continue
        kind = b.kind(d)
        if kind is not None and kind.kind == "rate" and is_fraction(b.profile(d), d.data_type):
            return d, 1
        if kind is not None and kind.kind == "rate" and is_whole_percent(ws, b.profile(d), d.data_type, b.entity.row_count):
            return d, 100
    return None


# Words of an amount that is a row's whole sale or cost: a total, a line's, an extended price.
_STATED_TOTALS = frozenset({"sales", "sale", "revenue", "total", "line", "extended", "gross", "subtotal", "turnover", "umsatz",
                            "ventas", "venta", "importe", "montant", "faturamento", "fatturato"})


# Words of what a row came to in the end, its discount taken off: a total.
_TOTAL_WORDS = frozenset({"total", "totale", "gesamt", "totaal"})


def _flows(b: _Builder, d: Dimension) -> bool:
    """A number that is no level: not a stock, a balance or a measurement (a bound on a stock)."""
    k = b.kind(d) if d.role == "measure" else None
    return d.additivity != "semi_additive" and (k is None or k.kind not in ("stock", "balance", "measurement"))


def _price_units(b: _Builder) -> frozenset[str]:
    """What the table's prices are named per (`UnitPricePerOuter`: outer): columns counting those
    are the quantities they multiply."""
    return price_units([name_words(d.column, b.prefix) for d in b.entity.dimensions if d.column])


def _revenue(b: _Builder, values: list[Dimension]) -> None:
    # A quantity that flows (units sold); a stock held (on hand, on order) or a bound on it (a
    # safety stock) times its unit cost is the stock's value on each day, which no sum over the days gives.
    units = _price_units(b)
    quantity = next((d for d in b.entity.dimensions if d.column and d.role != "key" and _flows(b, d)
                     and is_quantity_name(name_words(d.column, b.prefix), units)), None)
    found = _discount(b)
    discount, scale = found if found is not None else (None, 1)
    # What the row already says it sold for, or cost, in full (Contoso's sales_amount, total_cost):
    # a price times the quantity beside it only repeats that, or adds it gross of a discount.
    stated = {"cost" if head_words(ws)[0][-1:] == ("cost",) else "revenue"
              for d in values if d.column is not None and d.additivity == "additive"
              and (k := b.kind(d)) is not None and k.kind == "amount"
              and set(ws := name_words(d.column, b.prefix)) & _STATED_TOTALS}
    def part(column: str) -> exp.Expression:
        # 100.0, not 100: an integer percent over an integer is 0 in PostgreSQL and SQL Server
        return b.col_sql(column) if scale == 1 else exp.Div(this=b.col_sql(column), expression=exp.Literal.number("100.0"))
    net = (lambda tree: exp.Mul(this=tree, expression=exp.Paren(this=exp.Sub(this=exp.Literal.number(1),
                                                                           expression=part(discount.column)))))  # type: ignore[union-attr]
    for d in values:
        kind = b.kind(d)
        if kind is None or d.column is None:
            continue
        ws = name_words(d.column, b.prefix)
        is_price, _ = price_head(ws)
        head = head_words(ws)[0]
        cost = bool(head) and head[-1] == "cost"
        # A catalog's price (list_price, standard_cost) times the quantity is no revenue: what the row sold for is.
        if kind.kind == "unit_price" and quantity is not None and d.additivity == "non_additive" and not is_catalog_price(ws):
            tree: exp.Expression = exp.Mul(this=b.col_sql(d.column), expression=b.col_sql(quantity.column))  # type: ignore[arg-type]
            if discount is not None and not cost:
                tree = net(tree)
            base = "total_cost" if cost else "revenue"
            if ("cost" if cost else "revenue") in stated:
                continue
            if b.parent_currency is not None:
                step, parent, code, codes = b.parent_currency
                _per_parent_currency(b, base, codes, lambda c, name, label: b.add(
                    name, "sum", "parent_currency_sum", expr=b.sql(tree), fmt=b.fmt(d, "sum"), data_type="decimal",
                    additivity="additive", label=label, joined_filter=_joined(step, parent, code, c)))
                continue
            b.add(base, "sum", "revenue", expr=b.sql(tree), fmt=b.fmt(d, "sum"),
                  data_type="decimal", additivity="additive", label=concept(base, b.words.language) or humanize(base))
        elif (kind.kind == "amount" and is_price and not cost and discount is not None and d.additivity == "additive"
              and not set(ws) & _TOTAL_WORDS):
            # A discount is off the price a row sold for, never off what the goods cost, nor off
            # the total the row came to, which is net of it already (Salesforce's TotalPrice,
            # AdventureWorks' LineTotal); an extended or gross price is before it.
            b.add(f"net_{d.name}", "sum", "net_amount", expr=b.sql(net(b.col_sql(d.column))),
                  fmt=b.fmt(d, "sum"), data_type="decimal", additivity="additive",
                  label=b.words.net(humanize(d.column)))


_SALES_HEADS = frozenset({"sales", "sale", "revenue", "turnover", "umsatz", "ventas", "venta", "faturamento", "fatturato", "ingresos"})
_PROFIT_WORDS = frozenset({"profit", "margin", "gewinn", "marge", "beneficio", "lucro", "ganancia", "utile"})


def _gross_profit(b: _Builder, values: list[Dimension]) -> None:
    """Sales less cost where a fact states both on each row (FoodMart's store_sales and store_cost,
    a sales amount and its total product cost): the profit people publish beside them. Paired by
    the words beside their heads when a row holds several (the store's and the warehouse's), and
    left alone when the row states a profit itself, or either figure may be empty (a row's
    difference would then be lost)."""
    if any(set(name_words(c, b.prefix)) & _PROFIT_WORDS for c in b.siblings):
        return
    sales, costs = {}, {}
    for d in values:
        if d.column is None or d.additivity != "additive" or (k := b.kind(d)) is None or k.kind != "amount":
            continue
        p = b.profile(d)
        if p is None or p.null_count != 0:
            continue
        ws = name_words(d.column, b.prefix)
        if ws and ws[-1] in ("cost", "costs"):
            costs.setdefault(frozenset(ws[:-1]) - {"total"}, []).append(d)
        elif set(ws) & _SALES_HEADS:
            sales.setdefault(frozenset(ws) - _SALES_HEADS - {"amount", "total", "amt"}, []).append(d)
    pairs = [(sales[q][0], costs[q][0]) for q in sales if q in costs and len(sales[q]) == len(costs[q]) == 1]
    if not pairs and len(sales) == len(costs) == 1:
        sold, cost = next(iter(sales.values())), next(iter(costs.values()))
        pairs = [(sold[0], cost[0])] if len(sold) == len(cost) == 1 else []
    for sold, cost in pairs:
        qualifier = [w for w in name_words(sold.column, b.prefix) if w not in _SALES_HEADS | {"amount", "total", "amt"}]
        base = "_".join([*qualifier, "profit"]) if len(pairs) > 1 else "gross_profit"
        tree = exp.Sub(this=b.col_sql(sold.column), expression=b.col_sql(cost.column))
        b.add(base, "sum", "gross_profit", expr=b.sql(tree), fmt=b.fmt(sold, "sum"), data_type="decimal", additivity="additive",
              label=concept(base, b.words.language) or humanize(base))


def _status_counts(b: _Builder) -> None:
    """Rows per status (open, shipped), and per kind of row whose codes are documented by their
    labels (a PostTypeId's 1 = Question, 2 = Answer: Count Question, Count Answer). Codes nobody
    documented name no kind a count could be called by; kinds written as text (a type of story,
    comment, job) are grouped by, as the hand-written models of the benchmark do, not counted each."""
    # A soft-delete mark (delete_status: 0 = 未删除, 1 = 已删除) holds one value on every row left:
    # its "deleted" count is always 0 and its other the row count.
    marks = {f.column for f in b.entity.row_filters}
    for d in b.entity.dimensions:
        values = d.accepted_values or []
        if d.column is None or d.column in marks or not 2 <= len(values) <= MAX_STATUS_VALUES:
            continue
        if not is_status(d) and not _rated_in_words(d) and not (
                names_row_kind(d.column or d.name) and d.data_type == "integer" and d.value_labels):
            continue
        if d.data_type == "integer" and d.value_labels:
            _coded_status_counts(b, d, values)
            continue
        if d.data_type != "string":
            continue
        for v in values:
            if str(v).strip().lower() in NULL_SPELLINGS:  # \N, 'NULL', 'n/a' in files and dumps: no status to count
                continue
            # A value written in words of its own case ("In Process", "On Hold") is shown as written.
            shown = str(v) if any(ch.isupper() for ch in str(v)) else humanize(str(v))
            b.add(f"count_{snake(str(v), 'value')}", "count", "status_count", filter=b.equals_sql(d.column, str(v)), fmt="integer",
                  additivity="additive", label=b.words.count_value(shown))


def _rated_in_words(d: Dimension) -> bool:
    """A score or rating held as a few words (a support ticket's satisfaction `good`, `bad`,
    `offered`): the answers are what people count (good ones of all rated), as they count
    statuses; a number on a scale is averaged instead."""
    ws = words(d.column or d.name)
    return d.data_type == "string" and bool(ws) and ws[-1] in SCORE_IN_WORDS


def _coded_status_counts(b: _Builder, d: Dimension, values: list) -> None:
    """Rows per status held as a documented code (5 = Shipped): counted, named by the label."""
    labels = d.value_labels or {}
    for v in values:
        label = labels.get(str(v))
        if label is None:
            continue
        where = _equals_number_sql(d.column, v, b.dialect)
        b.add(f"count_{snake(label, 'value')}", "count", "status_count", filter=where, fmt="integer", additivity="additive",
              label=b.words.count_value(label))


_FLAG_PREFIXES = ("is", "has", "was", "can", "should")


def _true_text(b: _Builder, d: Dimension) -> str | None:
    """The value meaning true of a text column holding a true/false pair and nothing else."""
    p = b.profile(d)
    values = [str(v.value) for v in p.top_values] if p is not None and p.distinct_count == 2 else []
    if len(values) != 2:
        return None
    truthy = [v for v in values if v.strip().lower() in TRUE_WORDS]
    falsy = [v for v in values if v.strip().lower() in FALSE_WORDS]
    return truthy[0] if len(truthy) == 1 and len(falsy) == 1 else None


def _zero_one(b: _Builder, d: Dimension) -> bool:
    """A number that holds 0 and 1 and nothing else (profiled): a whole number, or a float kept
    0.00 / 1.00 as published extracts keep their indicators (a cancelled flight's 1.00)."""
    p = b.profile(d)
    if p is None or p.distinct_count != 2 or len(p.top_values) != 2:
        return False
    try:
        return {float(v.value) for v in p.top_values} == {0.0, 1.0}
    except (TypeError, ValueError):
        return False


def _flag_counts(b: _Builder) -> None:
    """Rows where a true/false column is true: food orders, returned lines, official languages
    (IsOfficial = 'T')."""
    for d in b.entity.dimensions:
        if d.column is None or d.hidden or d.role == "key":
            continue
        if d.data_type == "boolean":
            where = b.column_sql(d.column)
        elif d.data_type == "string" and d.semantic_type == "boolean_flag" and (true := _true_text(b, d)) is not None:
            where = b.equals_sql(d.column, true)
        elif d.data_type in ("integer", "float") and d.semantic_type == "boolean_flag" and _zero_one(b, d):
            # HOSPITAL_EXPIRE_FLAG: 1 on the admissions that ended in death
            where = _equals_number_sql(d.column, 1, b.dialect)
        else:
            continue
        ws = [w for w in words(d.column)]
        stem = "_".join(ws[1:] if len(ws) > 1 and ws[0] in _FLAG_PREFIXES else ws)
        b.add(f"{stem}_count", "count", "flag_count", filter=where, fmt="integer", additivity="additive",
              label=b.words.count_of(humanize(stem)))


def _parent_counts(b: _Builder, rels: list[Relationship], by_key: dict[str, Entity], labels: dict[str, str]) -> None:
    for rel in rels:
        if rel.cardinality != "many_to_one" or len(rel.from_.columns) != 1:
            continue
        parent = by_key.get(rel.to.table_key)
        if parent is None or parent is b.entity or parent.role not in FACT_ROLES:
            continue
        col = rel.from_.columns[0]
        b.add(f"{parent.name}_distinct_count", "count_distinct", "parent_count", column=col, fmt="integer", additivity="non_additive",
              label=b.words.count_of(parent.label.value if parent.label else labels.get(parent.table.key, humanize(parent.table.name))))


def _thing_counts(b: _Builder, rels: list[Relationship], by_key: dict[str, Entity], labels: dict[str, str]) -> None:
    """On lines keyed by their header and a thing (an order's products: order_id and product_id),
    the distinct things: how many products were bought, beside how many lines and orders."""
    pk = set(b.entity.primary_key)
    keyed = [r for r in rels if r.cardinality == "many_to_one" and len(r.from_.columns) == 1 and r.from_.columns[0] in pk]
    if len(pk) != 2 or len(keyed) != 2:
        return
    roles = [by_key[r.to.table_key].role if r.to.table_key in by_key else None for r in keyed]
    for rel, role, other in zip(keyed, roles, reversed(roles)):
        thing = by_key.get(rel.to.table_key)
        col = rel.from_.columns[0]
        if thing is None or thing is b.entity or role != "dimension" or other not in FACT_ROLES:
            continue
        if any(m.agg == "count_distinct" and m.column == col for m in b.new):
            continue  # counted as people already
        label = thing.label.value if thing.label else labels.get(thing.table.key, humanize(thing.table.name))
        b.add(f"{thing.name}_distinct_count", "count_distinct", "thing_count", column=col, fmt="integer", additivity="non_additive",
              label=b.words.count_of(label))


# A word of the name of a table of people whose distinct number on a fact is a measure of its own:
# buyers, visitors, active customers. Employees and staff are who served, not who is counted.
PEOPLE = frozenset({"customer", "user", "member", "client", "guest", "subscriber", "patient", "student", "visitor", "buyer",
                    "shopper", "player", "passenger", "consumer", "account", "kunde", "kunden", "nutzer", "benutzer", "mitglied",
                    "cliente", "usuario", "utilisateur", "utente", "socio", "abonne",
                    # the people a record of performances is about (Lahman's People, F1's drivers)
                    "person", "people", "athlete", "driver", "rider", "runner", "pilot", "persona", "personne", "pessoa"})
# The people a business employs: counted on a fact about them (an employee's salaries, titles,
# posts: the reference is part of its key), not where they only served a sale.
STAFF = frozenset({"employee", "staff", "worker", "personnel", "mitarbeiter", "angestellte", "empleado", "employe", "salarie",
                   "funcionario", "dipendente", "medewerker", "werknemer"})


def _people_counts(b: _Builder, rels: list[Relationship], by_key: dict[str, Entity]) -> None:
    for rel in rels:
        if rel.cardinality != "many_to_one" or len(rel.from_.columns) != 1 or rel.audit:
            continue  # (how many people last edited the rows is no figure)
        target = by_key.get(rel.to.table_key)
        core = table_words(target.table.name) if target is not None else ()
        if target is None or target is b.entity or target.role in FACT_ROLES:
            continue
        col = rel.from_.columns[0]
        if _one_per_row(b, col):
            continue  # a customer_id per order (a new one for each): its distinct count counts orders, not people
        # Any word of the name: users_latest, customer_seed, tbl_kunde_stamm name people all the same.
        people = [singular(w) for w in core if singular(w) in PEOPLE or (singular(w) in STAFF and col in b.entity.primary_key)]
        if people:
            _people_count(b, _people_stem(col, people[0], b.prefix), col)


def _one_per_row(b: _Builder, column: str) -> bool:
    """Every row has its own value, none empty, by an exact count."""
    p = b.profiles.get(column)
    return (p is not None and p.distinct_exact and not p.null_count and b.entity.row_count is not None
            and p.distinct_count == b.entity.row_count)


def _people_stem(column: str, people: str, prefix: str | None = None) -> str:
    """What a count of a people reference counts: the role its name gives (support_rep, referrer),
    or the people its table lists when the name only abbreviates them (emp_no, cust_id, TPC-H's
    o_custkey under its table's prefix: employee, customer)."""
    stem = _id_stem(column)
    if stem is None:
        ws = without_link(list(name_words(column, prefix)), prefix)  # link_to_member: the member
        stem = "_".join(ws[:-1]) if len(ws) > 1 and ws[-1] in WEAK_ID | {"key"} else "_".join(ws)
    return people if "_" not in stem and stem != people and people.startswith(stem) else stem


def _persons(b: _Builder, rels: list[Relationship]) -> None:
    """On a table of people keyed by one row per purchase or per version (a customer_id per order,
    a surrogate key per change), another identifier that repeats is the person: counting it counts
    the customers, where counting rows counts their orders or versions."""
    words_ = [singular(w) for w in table_words(b.entity.table.name)]
    people = next((w for w in words_ if w in PEOPLE), None)
    rows = b.entity.row_count
    if people is None or not rows:
        return
    joined = {c for r in rels for c in r.from_.columns}
    for d in b.entity.dimensions:
        if d.column is None or d.column in joined or d.column in b.entity.primary_key or d.role != "key":
            continue
        p = b.profile(d)
        if p is None or not p.distinct_exact or not p.distinct_count or p.null_count or not 1 < p.distinct_count < rows:
            continue
        stem = _id_stem(d.column)
        if stem is None or not {singular(w) for w in stem.split("_")} & PEOPLE:
            # A name with no identifier word names no person, nor one naming something else: the
            # award of each row of awards_players.
            continue
        b.add(f"distinct_{people}_count", "count_distinct", "people_count", column=d.column, fmt="integer",
              additivity="non_additive", label=b.words.distinct_count(humanize(people)))
        return


def _id_stem(column: str) -> str | None:
    """The thing an identifier column names, its id word taken off (guest_id, CustomerId,
    id_customer: guest, customer, customer; userid folded by PostgreSQL: user); None when the
    name has no id word."""
    ws = snake(column, "people").split("_")
    if len(ws) == 1 and len(glued := read_words(column)) > 1:
        ws = [snake(w, "people") for w in glued]
    if len(ws) > 1 and ws[-1] in STRONG_ID:
        return "_".join(ws[:-1])
    return "_".join(ws[1:]) if len(ws) > 1 and ws[0] in STRONG_ID else None


# A number word closing the name of a transaction's or a person's number (`InvoiceNo`,
# `order_number`, `rechnung_nr`; first where the head comes first: `numero_factura`).


def _number_stem(column: str, qualified: bool = False, prefix: str | None = None) -> str | None:
    """The transaction or people an identifier kept as a code names by a number word (`InvoiceNo`:
    invoice; a CSV's invoice numbers are text with a 'C' in front of cancellations, so they are
    codes, not keys, yet each names one invoice): only a header or people word, which a line or
    row number (`line_no`, `seat_number`) is not."""
    ws = snake(column, "people").split("_")
    if prefix and len(ws) > 2 and ws[0] == prefix:
        ws = ws[1:]  # the columns' shared first word (TPC-DS's ss_ticket_number): the table's, not the thing's
    if len(ws) < 2 or (len(ws) > 2 and not qualified):
        return None
    # The word next to the number word names the thing; the words before it qualify it
    # (`SalesOrderNumber`: a sales order; `numero_factura_venta`: a factura), where the values
    # are text: a whole number so named is as often a place in a series (`customer_order_number`,
    # the customer's first, second, third order).
    if ws[-1] in LAST_NUMBER_WORDS and singular(ws[-2]) in HEADERS | PEOPLE:
        return "_".join(ws[:-1])
    if ws[0] in LAST_NUMBER_WORDS and singular(ws[1]) in HEADERS | PEOPLE:
        return "_".join(ws[1:])
    return None


def _people_count(b: _Builder, stem: str, column: str) -> None:
    b.add(f"distinct_{stem}_count", "count_distinct", "people_count", column=column, fmt="integer", additivity="non_additive",
          label=b.words.distinct_count(humanize(written_stem(column, stem))))


# The last word of an identifier naming a transaction a fact's rows belong to: the number of
# orders on a flat table of order lines.
HEADERS = frozenset({"order", "invoice", "receipt", "booking", "reservation", "shipment", "ticket", "bestellung", "rechnung",
                     "auftrag", "pedido", "factura", "commande", "facture", "ordine", "fattura"})


def _thing_stem(d: Dimension, prefix: str | None = None) -> str | None:
    """What an identifier names: by its id word, or, a key named by a number word (an order's
    `SalesOrderNumber` in the order lines' key), by that."""
    text = d.data_type == "string"
    if d.role == "key":
        return _id_stem(d.column) or _number_stem(d.column, text, prefix)
    return _number_stem(d.column, text, prefix)


def _header_part(d: Dimension, prefix: str | None = None) -> bool:
    """A part of a composite key naming the transaction the rows are lines of (an order's lines
    keyed by its number and their line number): it repeats over the lines, and counts the orders."""
    stem = _thing_stem(d, prefix)
    return stem is not None and singular(stem.rsplit("_", 1)[-1]) in HEADERS


def _unjoined_counts(b: _Builder, rels: list[Relationship]) -> None:
    """On a flat fact whose identifiers refer to no table (an extract with every attribute on the
    row): the distinct people and transactions it names, as if they had their tables (Order ID and
    Customer ID on a table of order lines: orders, customers). Only identifiers that repeat."""
    joined = {c for r in rels for c in r.from_.columns}
    rows = b.entity.row_count
    pk = b.entity.primary_key
    for d in b.entity.dimensions:
        # A person who parts a key of several columns is counted as any people identifier is:
        # MovieLens' ratings keyed by userId and movieId, with no table of users, count the raters.
        if d.column is None or d.column in joined or pk == [d.column]:
            continue
        p = b.profile(d)
        if p is None or not rows or not p.distinct_count or not 2 <= p.distinct_count < rows - (p.null_count or 0):
            continue
        stem = _thing_stem(d, b.prefix)
        if stem is None:
            continue  # a name with no identifier word in it (`status`) names no thing to count
        last = singular(stem.rsplit("_", 1)[-1])
        if numbered_by_clock(p, d.column) and last not in PEOPLE:
            if (parent := _clock_parent(b, d, rels)) is not None:
                _counted_within(b, d, stem, parent)
            continue  # with no thing on the row to count it within, its count merges whatever started in one second
        if last in PEOPLE:
            _people_count(b, stem, d.column)
        elif d.column in pk and not _header_part(d, b.prefix):
            continue  # a thing that parts the key (a claim's amounts by claim and kind): its rows, not a figure
        elif last not in HEADERS and p.distinct_count > CODE_VALUES:
            # Any other thing an identifier names that has no table of its own (a trip's bike, a
            # sale's product), of more values than a code groups by: how many of them the rows
            # saw is a count distinct.
            b.add(f"distinct_{stem}_count", "count_distinct", "unjoined_thing_count", column=d.column, fmt="integer",
                  additivity="non_additive", label=b.words.distinct_count(humanize(written_stem(d.column, stem))))
        elif last in HEADERS:
            b.add(f"{stem}_distinct_count", "count_distinct", "parent_count", column=d.column, fmt="integer",
                  additivity="non_additive", label=b.words.count_of(humanize(written_stem(d.column, stem))))
            if last in {singular(w) for w in table_words(b.entity.table.name)[-1:]}:
                # A table named for the orders whose rows are their lines (Superstore's Orders):
                # its row count beside the orders counted says rows, not "Orders Count".
                for m in b.new:
                    if m.agg == "count" and m.column is None and m.filter is None and m.label is None:
                        m.label = Text.inferred(b.words.row_count(), NAME, "rows_of_a_table_named_for_their_parent")


def _clock_parent(b: _Builder, d: Dimension, rels: list[Relationship]) -> Dimension | None:
    """The thing an identifier numbered by the clock (GA4's `ga_session_id`, the second a session
    began) started for: the other identifier of the row, named for people first, that repeats over
    fewer values than it and more than one, never empty (the user whose session it is); of several,
    the one of the most values, the nearest parent."""
    mine = b.profile(d)
    found = []
    for o in b.entity.dimensions:
        p = b.profile(o)
        if o is d or o.column is None or p is None or not p.distinct_count or p.null_count or numbered_by_clock(p, o.column):
            continue
        stem = _thing_stem(o, b.prefix) or _id_stem(o.column)
        if stem is None or o.role != "key" or not 1 < p.distinct_count < (mine.distinct_count or 0):
            continue
        found.append((singular(stem.rsplit("_", 1)[-1]) in PEOPLE, p.distinct_count, o.column, o))
    return max(found, key=lambda x: x[:3])[3] if found else None


def _counted_within(b: _Builder, d: Dimension, stem: str, parent: Dimension) -> None:
    """The distinct count of an identifier unique only within its parent, counted with it: a
    concatenation of both (NULL when either is, as COUNT DISTINCT of the pair leaves it out)."""
    text = exp.DataType.build("text")
    pair = exp.DPipe(this=exp.cast(b.col_sql(parent.column), text),
                     expression=exp.DPipe(this=exp.Literal.string("|"), expression=exp.cast(b.col_sql(d.column), text), safe=True),
                     safe=True)
    b.add(f"distinct_{stem}_count", "count_distinct", "within_parent_count", expr=b.sql(pair), fmt="integer",
          additivity="non_additive", label=b.words.distinct_count(humanize(written_stem(d.column, stem))),
          description=f"Counted with {parent.column}: a {d.column} is a time something started, unique only within its "
                      f"{parent.column} (two started in one second share it).")


def _rollups(b: _Builder, values: list[Dimension], details: list[Entity]) -> set[str]:
    """Values of a header that repeat its detail lines rolled up (count_order_items,
    order_items_subtotal, count_food_items beside an order_items table): the lines' own measures
    say it at their grain, where it can be sliced by product; summed again on the header it is a
    second figure for one number. A value names its detail by that table's last word, and is a
    count of the lines or money the lines hold too (their prices); an encounter's total claim
    cost, beside claims that hold only what is outstanding, is said nowhere else."""
    if b.entity.role not in FACT_ROLES:
        return set()
    out = set()
    for e in details:
        core = table_words(e.table.name)
        if not core:
            continue
        word = singular(core[-1])
        held = {w for d in e.dimensions if d.role == "measure" and d.column for w in name_words(d.column)}
        for d in values:
            ws = {singular(w) for w in name_words(d.column or d.name, b.prefix)}
            if d.column and word in ws and (ws & {"count", "cnt", "num", "number"} or (ws & MONEY_WORDS and held & MONEY_WORDS)
                                            or (ws - {word, "total", "sum"}) & held):
                out.add(d.name)
    return out


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    by_key = {e.table.key: e for e in state.model.entities}
    keys = key_names(state.model)
    series = series_kinds(state.snapshot.evidence)
    grains = row_grains(state.snapshot.evidence)
    outgoing: dict[str, list[Relationship]] = {}
    details: dict[str, list[Entity]] = {}  # a fact header -> the facts that detail it (its lines)
    referenced = {rel.to.table_key for rel in state.model.relationships if rel.to.table_key != rel.from_.table_key}
    for rel in state.model.relationships:
        outgoing.setdefault(rel.from_.table_key, []).append(rel)
        child, parent = by_key.get(rel.from_.table_key), by_key.get(rel.to.table_key)
        if (rel.cardinality == "many_to_one" and child is not None and parent is not None and child is not parent
                and child.role in FACT_ROLES and parent.role in FACT_ROLES):
            details.setdefault(rel.to.table_key, []).append(child)
    labels = table_labels(state.snapshot.tables)
    by_name = state.model.entity_index()
    calendars = calendar_tables(state.model.entities, tables)
    row_names = {r.table_key: r for r in (state.snapshot.evidence.row_names or [])} if state.snapshot.evidence else {}
    builders = {e.name: _Builder(e, tables.get(e.table.key), state.model.dialect, keys, series.get(e.table.key, {}), state.model.currency)
                for e in state.model.entities}
    words = phrases(state.model.label_language)
    for builder in builders.values():
        builder.words = words
        builder.tables, builder.row_names = tables, row_names
    for entity in state.model.entities:
        builders[entity.name].parent_currency = parent_currency(entity, builders[entity.name], outgoing.get(entity.table.key, []),
                                                                by_key, builders)
    counting = {e.name for e in state.model.entities if _counts_own_rows(builders[e.name]) or counts_rows(
        e, outgoing.get(e.table.key, []), builders[e.name].empty(_axis_column(e)))}
    lone = set() if counting else _lone(state.model.entities, referenced, outgoing)
    counting |= _extensions_counted(state.model.entities, by_key, outgoing, counting)
    for entity in state.model.entities:
        b = builders[entity.name]
        b.outgoing = outgoing.get(entity.table.key, [])
        if entity.role in FACT_ROLES:
            b.scenario = scenario_key(entity, outgoing.get(entity.table.key, []), tables, row_names)
            b.parent_row = _parent_row(b, outgoing.get(entity.table.key, []), by_key)
        if ("count", None) not in b.existing and entity.name in counting:
            b.new.append(Measure(name=b.names.claim("count"), agg="count", format="integer", additivity="additive", provenance=_ROW_COUNT))
        elif ("count", None) not in b.existing and entity.table.key in lone:
            b.new.append(Measure(name=b.names.claim("count"), agg="count", format="integer", additivity="additive", provenance=_LEAF_COUNT))
        values = [d for d in entity.dimensions if d.role == "measure" and d.column is not None]
        twins = _twins(b, values) | _rollups(b, values, details.get(entity.table.key, []))
        _values(b, values, twins, _axis_in_key(entity, by_name, outgoing.get(entity.table.key, []), calendars,
                                               grains.get(entity.table.key)),
                outgoing.get(entity.table.key, []))
        _score_averages(b)
        _averages_by_unit(b)
        value_rows = (entity.name not in counting and entity.table.key not in lone
                      and _rows_hold_values(b, entity, outgoing.get(entity.table.key, [])))
        if value_rows:
            b.new.insert(0, Measure(name=b.names.claim("count"), agg="count", format="integer", additivity="additive",
                                    provenance=_VALUE_ROWS_COUNT))
        _current_state(b, [d for d in values if d.name not in twins])
        # Rows by status or flag beside the rows counted, never without them: a view extending a
        # fact one to one counts none of its rows (they are the fact's), nor any of its statuses.
        counted = _counts_own_rows(b)
        if entity.role == "dimension" and counted:
            _persons(b, outgoing.get(entity.table.key, []))
            _status_counts(b)  # flights by status, where flights are what facts refer to
            _flag_counts(b)  # the luxury listings, the active customers: things counted by what they are
        elif (entity.table.key in lone or entity.role == "unknown") and entity.role not in FACT_ROLES and counted:
            # a flat extract of employees: how many left; a table no relationship touches that
            # counts its rows (a city's crimes by their date): how many led to an arrest
            _status_counts(b)
            _flag_counts(b)
        if entity.role in FACT_ROLES:
            _revenue(b, [d for d in values if d.name not in twins])
            _gross_profit(b, [d for d in values if d.name not in twins])
            if counted:
                _status_counts(b)
                _flag_counts(b)
            _parent_counts(b, outgoing.get(entity.table.key, []), by_key, labels)
            _people_counts(b, outgoing.get(entity.table.key, []), by_key)
            _thing_counts(b, outgoing.get(entity.table.key, []), by_key, labels)
            _unjoined_counts(b, outgoing.get(entity.table.key, []))
        entity.measures = entity.measures + b.new


# Rows a table referred to holds before its averaged values make its rows things counted: more
# than the profiler reads whole as a list of values (EXACT_TOP_DISTINCT), so a table of that many
# is no list to slice by. It makes the model depend on the data's size: a sample of 999 titles
# of IMDb's gets no row count where the whole table does (docs/semantics.md, Measures).
COUNTED_THINGS = 1_000  # the profiler's EXACT_TOP_DISTINCT; a pass may not import the profiler (tests hold them equal)


def _rows_hold_values(b: _Builder, entity: Entity, rels: list[Relationship]) -> bool:
    """Rows that are things counted, though the table has no time of its own: rows that hold an
    amount added up over them (a station's docks: total docks beside how many stations), or any
    values at all on a table no relationship touches (daily weather readings whose date was not read
    as a time: how many days it rained), or many rows each holding a value averaged over them.
    A lookup that only names things counts nothing."""
    if ("count", None) in b.existing or entity.role == "bridge" or is_extension(entity, rels):
        return False
    if entity.role == "unknown" and b.new:
        return True
    if entity.role != "dimension":
        return False
    if any(m.agg == "sum" and m.column is not None for m in b.new):
        return True
    # A value averaged over many things (a title's runtime over IMDb's millions of titles) is
    # asked per thing too: how many titles the average runs over. A short list averaging a rate
    # (a few tax rates) is a lookup still, sliced by, never counted.
    return (bool(entity.row_count) and entity.row_count >= COUNTED_THINGS
            and any(m.agg == "avg" and m.column is not None for m in b.new))


def _axis_column(e: Entity) -> str | None:
    return next((t.column for t in e.time_dimensions if e.time_axis and t.name == e.time_axis.dimension), None)


def _lone(entities: list[Entity], referenced: set[str], outgoing: dict[str, list[Relationship]]) -> set[str]:
    """Where no table counts its rows, a model answers no "how many" (towns per department in a
    database of lookups; the employees of a flat HR extract, and how many of them left, where its
    figures are summed but nothing is counted): there, each table that no table refers to, the
    ones queried on their own, counts its rows."""
    return {e.table.key for e in entities
            if e.table.key not in referenced and e.role != "bridge" and not is_extension(e, outgoing.get(e.table.key, []))}
