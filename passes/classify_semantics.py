"""Semantic types (email, country, currency_amount, ...) and sensitivity (pii.*, secret.*) of
columns, decided by rules written as data (compiler/classification/default.rules plus the user's
rules in mb.yaml), never by code here. Each verdict records the rule that fired and where it was
written.

The profiler runs the same rules (compiler.classification) before any value is stored, on the
same facts the snapshot keeps, so what it redacted and what this pass calls sensitive agree.
"""

from __future__ import annotations

from compiler.classification import ColumnFacts, Facts, Rule, classify, default_rules, rule_set, rules_for
from compiler.diagnostics import CF003
from compiler.pipeline import Context, State
from ir.catalog import Column, ColumnProfile
from ir.provenance import Provenance
from ir.semantic import Dimension
from passes.classify_columns import is_identifier_name
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
                                     is_dim and (f.role == "key" or f.primary_key or f.foreign_key), f.role if is_dim else "time"))
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


def is_sensitive(column: Column, profile: ColumnProfile | None = None, table: str = "",
                 rules: tuple[Rule, ...] | None = None) -> bool:
    """True when the classification rules call this column personal data or a secret (one
    column judged alone: names, type and profile)."""
    data_type = column.data_type or normalize_type(column.type, "")
    facts = Facts(name=column.name, table=table, data_type=data_type, profile=profile,
                  key=is_identifier_name(column.name), role=None)
    return classify(facts, rules if rules is not None else default_rules())[1] is not None
