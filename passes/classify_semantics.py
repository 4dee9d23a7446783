"""Semantic types (email, country, currency_amount, ...) and sensitivity (pii.*, secret.*) of
columns, decided by rules written as data (compiler/classification/default.rules plus the user's
rules in mb.yaml), never by code here. Each verdict records the rule that fired and where it was
written.

The profiler runs the same rules (compiler.classification) before any value is stored, on the
same facts the snapshot keeps, so what it redacted and what this pass calls sensitive agree.
"""

from __future__ import annotations

import re

from compiler.classification import ColumnFacts, Facts, Rule, classify, default_rules, rule_set, rules_for
from compiler.diagnostics import CF003
from compiler.naming import read_words
from compiler.value_words import RATE, SCORE
from compiler.pipeline import Context, State
from ir.catalog import Column, ColumnProfile
from ir.provenance import Provenance
from ir.semantic import Dimension
from passes.classify_columns import is_identifier_name
from passes.value_kinds import figures_named_units, holds_currency_codes, named_amount, names_currency
from compiler.types import normalize_type

NAME = "classify_semantics"

__all__ = ["NAME", "run", "rules_for", "is_sensitive"]


def _provenance(rule: Rule) -> Provenance:
    return Provenance.inferred(NAME, rule.name, rule.confidence, [f"{rule.origin}: {rule.text}"])


def run(state: State, ctx: Context) -> None:
    rules = rules_for(ctx.config, lambda msg, where: ctx.diags.report(CF003, msg, where))
    if rules is None:
        return
    ruleset = rule_set(rules)
    # One provenance per rule, shared by every field it classifies (Provenance is frozen).
    provenance: dict[int, Provenance] = {}

    def prov(rule: Rule) -> Provenance:
        p = provenance.get(id(rule))
        if p is None:
            p = provenance[id(rule)] = _provenance(rule)
        return p

    tables = {t.key: t for t in state.snapshot.tables}
    for entity in state.model.entities:
        table = tables[entity.table.key]
        columns: dict[str, Column] = {}
        for c in table.columns:
            columns.setdefault(c.name, c)  # the first of a repeated name, as Table.column finds it
        fields, facts = [], []
        for f in [*entity.dimensions, *entity.time_dimensions]:
            col = columns.get(f.column) if f.column else None
            if col is None:
                continue
            is_dim = isinstance(f, Dimension)
            fields.append(f)
            facts.append(ColumnFacts(col.name, col.data_type or "unknown", col.profile,
                                     is_dim and (f.role == "key" or f.foreign_key or (f.primary_key and f.role != "dimension")), f.role if is_dim else "time"))
        for f, (semantic, sensitive) in zip(fields, ruleset.classify_table(table.name, table.row_count, facts)):
            # Assign only what changes: a pydantic attribute write costs more than the comparison.
            if f.semantic_provenance is None or f.semantic_provenance.origin != "human":
                tag, p = (semantic.tag, prov(semantic.rule)) if semantic else (None, None)
                if f.semantic_type != tag:
                    f.semantic_type = tag
                if f.semantic_provenance is not p:
                    f.semantic_provenance = p
            if f.sensitivity_provenance is None or f.sensitivity_provenance.origin != "human":
                tag, p = (sensitive.tag, prov(sensitive.rule)) if sensitive else (None, None)
                if f.sensitivity != tag:
                    f.sensitivity = tag
                if f.sensitivity_provenance is not p:
                    f.sensitivity_provenance = p
        dims = [f for f in fields if isinstance(f, Dimension)]
        for f in parts_of_totals(dims, columns, table.row_count):
            if f.semantic_provenance is None or f.semantic_provenance.origin != "human":
                f.semantic_type, f.semantic_provenance = "currency_amount", _PARTS
        for f in amounts_beside_currency(dims, columns):
            if f.semantic_provenance is None or f.semantic_provenance.origin != "human":
                f.semantic_type, f.semantic_provenance = "currency_amount", _BESIDE_CURRENCY
        for f in cents_beside_currency_codes(dims, columns, table.row_count):
            if f.semantic_provenance is None or f.semantic_provenance.origin != "human":
                f.semantic_type, f.semantic_provenance = "currency_amount", _CENTS_BESIDE_CODES
        # An amount given in a unit of measure (amount beside amountuom of mL, mg, units) is a
        # quantity of something, never money, whatever its name says.
        measured = figures_named_units(table)
        for f in dims:
            if (f.semantic_type == "currency_amount" and (f.column or "").lower() in measured
                    and (f.semantic_provenance is None or f.semantic_provenance.origin != "human")):
                f.semantic_type, f.semantic_provenance = None, _IN_UNITS


def amounts_beside_currency(fields: list[Dimension], columns: dict[str, Column]) -> list[Dimension]:
    """Whole numbers named as an amount (amount, net, fee, amount_refunded) on a table whose rows
    say their currency in a text column (Stripe's `currency` of 'usd', 'eur'): money, kept in the
    currency's smallest unit. Alone, `amount` as a whole number may count anything (a bounty's
    reputation points); a currency beside it says what it counts."""
    if not any(names_currency(c.name) and c.data_type == "string" for c in columns.values()):
        return []
    return [f for f in fields if f.data_type == "integer" and f.semantic_type is None and f.role != "key" and not f.primary_key
            and not f.foreign_key and f.column is not None and not names_currency(f.column) and named_amount(f.column)]


_TWO_DECIMALS = re.compile(r"^\s*(DECIMAL|NUMERIC|NUMBER|DEC)\s*\(\s*\d+\s*,\s*2\s*\)\s*$", re.IGNORECASE)
# Rates and scores keep two decimals too (a tax rate of 19.00, a rating of 4.50): never money.
_NOT_MONEY = RATE | SCORE


def cents_beside_currency_codes(fields: list[Dimension], columns: dict[str, Column], rows: int | None) -> list[Dimension]:
    """Numbers declared with two decimals (DECIMAL(15,2)) on a table one of whose text columns
    holds nothing but ISO 4217 codes (holds_currency_codes): money in each row's currency, whatever
    its name (SAP's NETWR, MWSBK, NETPR beside WAERK). Rates and percentages named as such aside."""
    if not any(c.data_type == "string" and holds_currency_codes(c.profile, rows) for c in columns.values()):
        return []
    out = []
    for f in fields:
        col = columns.get(f.column or "")
        if (col is None or f.semantic_type is not None or f.data_type != "decimal" or f.role == "key" or f.primary_key
                or f.foreign_key or not _TWO_DECIMALS.match(col.type or "") or set(read_words(col.name)) & _NOT_MONEY):
            continue
        out.append(f)
    return out


# Parts of a money total: the columns whose averages over the rows add up to a money column's
# average (fare + extra + tax + tip + tolls + surcharge = total) are its parts, and money too,
# whatever they are called (an `extra`, an `mta_tax` of 0.50). Averages are compared within the
# rounding the profile keeps them in (seven significant digits); a subset of at most PARTS_MAX
# columns, two or more, one at least already money, one at least not yet.
PARTS_MAX = 14
_MEAN_ROUNDING = 1e-6
_NUMERIC = ("decimal", "float", "integer")


def _row_average(col: Column | None, rows: int | None) -> float | None:
    """The column's sum over the table's rows divided by the rows (NULL counted as nothing)."""
    p = col.profile if col is not None else None
    if p is None or p.mean is None or not rows or p.null_count is None or isinstance(p.mean, bool):
        return None
    return float(p.mean) * (rows - p.null_count) / rows


def parts_of_totals(fields: list[Dimension], columns: dict[str, Column], rows: int | None) -> list[Dimension]:
    """The fields not yet money that, with money ones, add up to a money total row by row, as the
    profile's averages show (the sum of averages is the average of the sum). A total not yet
    money that money and another column add up to is money too, and so is that column: a budget
    line's `amount` of whole dollars is what was `spent` (money) and what is `remaining`."""
    numeric = [f for f in fields if f.data_type in _NUMERIC and f.role != "key" and not f.primary_key and not f.foreign_key
               and f.column is not None]
    averages = {f.name: _row_average(columns.get(f.column), rows) for f in numeric}  # type: ignore[arg-type]
    numeric = [f for f in numeric if averages[f.name] is not None]
    money = [f for f in numeric if f.semantic_type == "currency_amount"]
    # A total not yet money: only where it holds more than money alone would (a bare number of no kind).
    totals = money + [f for f in numeric if f.semantic_type is None and money]
    found: dict[str, Dimension] = {}
    for total in totals:
        whole = averages[total.name]
        fresh = total.semantic_type is None
        # Parts are no larger on average than the total; unknowns only where their values can be
        # cents (decimal or float), never a count or a code.
        parts = [f for f in numeric if f is not total and abs(averages[f.name]) <= abs(whole) + _MEAN_ROUNDING * abs(whole)
                 and (f.semantic_type == "currency_amount" or (f.data_type != "integer" and f.semantic_type is None))]
        if len(parts) > PARTS_MAX or not (fresh or any(f.semantic_type is None for f in parts)):
            continue
        values = [averages[f.name] for f in parts]
        for mask in range(3, 1 << len(parts)):
            chosen = [i for i in range(len(parts)) if mask >> i & 1]
            if len(chosen) < 2:
                continue
            new = [parts[i] for i in chosen if parts[i].semantic_type is None]
            if (not new and not fresh) or len(new) == len(chosen):
                continue
            total_sum = sum(values[i] for i in chosen)
            slack = _MEAN_ROUNDING * (sum(abs(values[i]) for i in chosen) + abs(whole)) + 1e-12
            if abs(total_sum - whole) <= slack:
                for f in new + ([total] if fresh else []):
                    found.setdefault(f.name, f)
    return list(found.values())


_BESIDE_CURRENCY = Provenance.inferred(NAME, "amount_beside_currency", 0.85, ["a whole number named as an amount on a table whose "
                                       "rows name their currency: money, in the currency's smallest unit"])
_CENTS_BESIDE_CODES = Provenance.inferred(NAME, "two_decimals_beside_currency_codes", 0.8, [
    "a number of two decimals on a table one of whose columns holds only ISO 4217 currency codes: money in each row's currency"])
_IN_UNITS = Provenance.inferred(NAME, "amount_in_units_of_measure", 0.85, [
    "named as an amount, beside a column named after it that gives its unit of measure: a quantity, not money"])
_PARTS = Provenance.inferred(NAME, "part_of_money_total", 0.85, ["with other money columns it adds up, row by row, to a money "
                                                                 "total (their averages add up to the total's)"])


def is_sensitive(column: Column, profile: ColumnProfile | None = None, table: str = "",
                 rules: tuple[Rule, ...] | None = None) -> bool:
    """True when the classification rules call this column personal data or a secret (one
    column judged alone: names, type and profile)."""
    data_type = column.data_type or normalize_type(column.type, "")
    facts = Facts(name=column.name, table=table, data_type=data_type, profile=profile,
                  key=is_identifier_name(column.name), role=None)
    return classify(facts, rules if rules is not None else default_rules())[1] is not None
