"""Semantic types (email, country, currency_amount, ...) and sensitivity (pii.*, secret.*) of
columns, decided by rules written as data (passes/rules/default.rules plus the user's rules in
mb.yaml), never by code here. Each verdict records the rule that fired and where it was written.

`is_sensitive(column, profile)` applies the same rules before any value is stored: the
profiler calls it to decide which columns keep no sample values in a snapshot.
"""

from __future__ import annotations

from compiler.diagnostics import CF003
from compiler.pipeline import Context, State
from ir.catalog import Column, ColumnProfile
from ir.provenance import Provenance
from ir.semantic import Dimension
from passes.classification_rules import Facts, Rule, RuleError, classify, default_rules, parse_rules, rule_set
from passes.classify_columns import is_identifier_name
from compiler.types import normalize_type

NAME = "classify_semantics"


def rules_for(config, report=None) -> tuple[Rule, ...] | None:
    """The user's rules (inline, then file) followed by the defaults; None when a user rule is invalid."""
    cfg = getattr(config, "classification", None)
    out: list[Rule] = []
    for text, origin in ((getattr(cfg, "rules", ""), "mb.yaml classification.rules"),
                         (getattr(cfg, "file_text", ""), getattr(cfg, "rules_file", None) or "rules file")):
        if not text:
            continue
        try:
            out.extend(parse_rules(text, origin))
        except RuleError as e:
            if report is not None:
                report(f"{e}", f"{origin}:{e.line}:{e.column}" if e.line else origin)
            return None
    if cfg is None or getattr(cfg, "defaults", True):
        names = {r.name for r in out}
        out.extend(r for r in default_rules() if r.name not in names)  # a user rule of the same name replaces it
    return tuple(out)


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
        for f in [*entity.dimensions, *entity.time_dimensions]:
            col = columns.get(f.column) if f.column else None
            if col is None:
                continue
            is_dim = isinstance(f, Dimension)
            semantic, sensitive = ruleset.classify_column(
                col.name, table.name, col.data_type or "unknown", col.profile, table.row_count,
                is_dim and (f.role == "key" or f.primary_key or f.foreign_key), f.role if is_dim else "time",
            )
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
    """True when the classification rules call this column personal data or a secret.

    Signature-compatible with compiler.profiler's SensitivityHook. Before profiling, patterns
    may be missing: then names and types decide.
    """
    data_type = column.data_type or normalize_type(column.type, "")
    facts = Facts(name=column.name, table=table, data_type=data_type, profile=profile,
                  key=is_identifier_name(column.name), role=None)
    return classify(facts, rules if rules is not None else default_rules())[1] is not None
