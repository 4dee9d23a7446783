"""Apply an LLM's verdicts on suggested relationships (`llm.adjudicate_joins`, off by default).

Pure: the driver (compiler.llm) asked the model about each suggestion between the suggestion
floor and the threshold and cached the answers; they reach this pass as `ctx.config.llm.answers`,
keyed by the hash of the question this pass rebuilds from the same state.

- `join`: the suggestion becomes a relationship with origin `llm`, so column roles, join names,
  explores and measures downstream treat it as a join (this pass runs before them);
- `no_join`: it stays a suggestion, with the model's reason recorded;
- `unsure`, or no usable answer: unchanged.
Every verdict applied carries `llm` provenance (the model, the prompt hash, the reason) in the
relationship's `verdict`, and is reported as LM008. People still decide last: apply_overrides,
later, removes or replaces any of these like an inferred relationship.
"""

from __future__ import annotations

from pydantic import ValidationError

from compiler.diagnostics import LM004, LM008
from compiler.llm.joins import containment_index, join_input, join_key, join_label, value_policy
from compiler.llm.schema import JoinVerdict
from compiler.pipeline import Context, State
from ir.provenance import Provenance
from ir.semantic import Relationship

NAME = "adjudicate_joins"
MAX_REASON = 300


def _clean(text: str) -> str:
    text = " ".join(text.split())
    return text[:MAX_REASON].rstrip() + "..." if len(text) > MAX_REASON else text


def run(state: State, ctx: Context) -> None:
    settings = getattr(ctx.config, "llm", None)
    answers = getattr(settings, "answers", None)
    if settings is None or not settings.adjudicate_joins or not answers or not state.model.suggested_relationships:
        return  # the default: nothing asked, nothing to apply; computes no hash
    tables = {t.key: t for t in state.snapshot.tables}
    containment = containment_index(state.snapshot)
    may_send = value_policy(ctx.config)
    joined: list[Relationship] = []
    kept: list[Relationship] = []
    for rel in state.model.suggested_relationships:
        data = join_input(rel, tables, containment, may_send)
        key = join_key(data, settings.model) if data is not None else None
        raw = answers.get(key) if key is not None else None
        if raw is None:
            kept.append(rel)
            continue
        label = join_label(rel)
        try:
            verdict = JoinVerdict.model_validate(raw)
        except ValidationError as e:
            ctx.diags.report(LM004, f"cached verdict for {label} does not match the schema ({e.errors()[0]['msg']}); ignored", label)
            kept.append(rel)
            continue
        if verdict.verdict == "unsure":
            kept.append(rel)
            continue
        reason = _clean(verdict.reason)
        prov = Provenance(origin="llm", by=settings.model, rule=verdict.verdict, prompt_hash=key, evidence=(reason,) if reason else ())
        said = "a join" if verdict.verdict == "join" else "not a join"
        line = f"llm: {settings.model} judged it {said}" + (f": {reason}" if reason else "")
        update = {"verdict": prov, "evidence": [*rel.evidence, line]}
        if verdict.verdict == "join":
            update["origin"] = "llm"
            joined.append(rel.model_copy(update=update))
            ctx.diags.report(LM008, f"joined on the model's verdict (inferred confidence {rel.confidence:.2f}): {reason}", label)
        else:
            kept.append(rel.model_copy(update=update))
            ctx.diags.report(LM008, f"kept a suggestion, the model judged it no join: {reason}", label)
    if joined:
        state.model.relationships = sorted([*state.model.relationships, *joined], key=lambda r: r.sort_key())
    state.model.suggested_relationships = kept
