"""The language labels are written in: the template words around a column's own words (Total,
Average, Count, "Sum of", a time's "(Date)") follow the schema's language, so a Spanish schema's
`importe` is summed as "Importe total", not "Total Importe", and a German one's NETWR as "Summe
Netwr". Column words are never translated.

Decided once, before any label is written: mb.yaml `labels.language` when it names one (human),
else the language of the table and column names where the evidence is clear
(compiler.label_words.detect: enough words of one language, well ahead of any other and of its
English words; SAP's abbreviations only break a tie in German's favour). Mixed or unknown names
stay English, stored as None, so English models are as they were.
"""

from __future__ import annotations

from compiler.label_words import DEFAULT, LANGUAGE_NAMES, detect
from compiler.pipeline import Context, State
from ir.provenance import Provenance

NAME = "decide_label_language"


def run(state: State, ctx: Context) -> None:
    model = state.model
    settings = getattr(ctx.config, "labels", None)
    chosen = getattr(settings, "language", "auto")
    if chosen != "auto":
        model.label_language = chosen
        model.label_language_provenance = Provenance(origin="human", by="mb.yaml",
                                                     location=ctx.config.location_of(("labels", "language"), short=True))
        return
    names = [n for t in state.snapshot.tables for n in (t.name, *(c.name for c in t.columns))]
    found = detect(names)
    if found.language == DEFAULT:
        return
    counts = ", ".join(f"{LANGUAGE_NAMES[lang]} {n}" for lang, n in found.counts)
    sap = f"; SAP abbreviations {found.sap}" if found.sap else ""
    model.label_language = found.language
    model.label_language_provenance = Provenance.inferred(NAME, "names_in_language", 0.8, [
        f"words of the table and column names by language: {counts}; English {found.english}{sap}",
        f"{LANGUAGE_NAMES[found.language]} words: {', '.join(found.examples)}"])
