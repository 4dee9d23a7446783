"""Find tables, columns, measures and metrics by words: their names, labels, descriptions,
semantic types and sensitivity tags.

Names are split in any style (CustomerId, customer_id, "Customer Id", KUNDEN_NR) and compared
case-folded, Unicode included, with plural endings folded (invoices ~ invoice, categories ~
category). A word matches a term exactly, as a prefix of at least three letters (cust ~
customer), or, more weakly, as another form of the same stem (a shared beginning of five letters
or more: shipping ~ shipper, ordered ~ order). Each place a
word matches weighs in: a name counts more than a label, a label more than a description. Hits
are ranked by how many query words they match, then by weight, then by name, so the order is
stable. A column or measure also matches its table's name, weakly, so "customer country" finds
Customer.Country first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from ir.semantic import SemanticModel
from ir.snapshot import Snapshot

_CAMEL = re.compile(r"(?<=[^\W_])(?=[A-Z][a-z])|(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[\W_]+")
WEIGHTS = {"name": 3.0, "column": 3.0, "label": 2.0, "semantic_type": 2.0, "sensitivity": 2.0, "role": 1.0, "description": 1.0,
           "comment": 1.0, "table": 0.5}
EXACT_NAME_BONUS = 1.0  # the query is the whole name: `invoice` finds Invoice before InvoiceLine
PREFIX_FACTOR = 0.6
MIN_PREFIX = 3
STEM_FACTOR = 0.4
MIN_STEM = 5
KIND_ORDER = {"table": 0, "column": 1, "measure": 2, "metric": 3}


def fold(word: str) -> str:
    """invoices -> invoice, categories -> category, boxes -> box; short words stay as they are."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str | None) -> list[str]:
    if not text:
        return []
    return [fold(w) for w in _SPLIT.split(_CAMEL.sub(" ", text).casefold()) if w]


@dataclass
class _Doc:
    kind: str
    table: str
    name: str
    column: str | None
    places: dict[str, list[str]]  # place (name, label, ...) -> its terms


def _text(t: Any) -> str | None:
    return t.value if t is not None else None


def _docs(snap: Snapshot, model: SemanticModel) -> list[_Doc]:
    tables = {t.key: t for t in snap.tables}
    docs = []
    for e in model.entities:
        t = tables.get(e.table.key)
        key = e.table.key
        docs.append(_Doc("table", key, e.name, None, {
            "name": terms(e.table.name) + terms(e.name), "label": terms(_text(e.label)),
            "description": terms(_text(e.description)), "comment": terms(t.comment if t else None), "role": terms(e.role)}))
        fields = e.column_fields()
        table_terms = terms(e.table.name)
        for c in (t.columns if t else []):
            f = fields.get(c.name)
            docs.append(_Doc("column", key, f.name if f else c.name, c.name, {
                "column": terms(c.name), "table": table_terms, "label": terms(_text(f.label) if f else None),
                "description": terms(_text(f.description) if f else None), "comment": terms(c.comment),
                "semantic_type": terms(getattr(f, "semantic_type", None)), "sensitivity": terms(getattr(f, "sensitivity", None))}))
        for m in e.measures:
            docs.append(_Doc("measure", key, m.name, None, {
                "name": terms(m.name), "table": table_terms, "label": terms(_text(m.label)), "description": terms(_text(m.description))}))
    owners = {e.name: e.table.key for e in model.entities}
    for m in model.metrics:
        docs.append(_Doc("metric", owners.get(m.entity or "", ""), m.name, None, {
            "name": terms(m.name), "label": terms(_text(m.label)), "description": terms(_text(m.description))}))
    return docs


def _closeness(word: str, term: str) -> float:
    if word == term:
        return 1.0
    if len(word) >= MIN_PREFIX and term.startswith(word):
        return PREFIX_FACTOR
    shared = len(os.path.commonprefix([word, term]))
    if shared >= MIN_STEM or (shared >= MIN_STEM - 1 and shared == min(len(word), len(term))):
        return STEM_FACTOR
    return 0.0


class SearchIndex:
    """Built once per analysed model: an inverted index from each term to where it occurs. A
    query looks its words up in the vocabulary (exact, prefix or stem matches), so its cost
    grows with the number of distinct terms and of hits, not with the size of the schema."""

    def __init__(self, snap: Snapshot, model: SemanticModel):
        self.docs = _docs(snap, model)
        self.postings: dict[str, list[tuple[int, str]]] = {}
        for i, d in enumerate(self.docs):
            for place, ts in d.places.items():
                for t in set(ts):
                    self.postings.setdefault(t, []).append((i, place))
        self.name_terms = [terms(d.name) for d in self.docs]

    def _matches(self, word: str) -> dict[int, tuple[float, str]]:
        """doc index -> (best score of `word` in it, the place it scored in)."""
        best: dict[int, tuple[float, str]] = {}
        for term, posts in self.postings.items():
            closeness = _closeness(word, term)
            if not closeness:
                continue
            for i, place in posts:
                s = WEIGHTS[place] * closeness
                if s > best.get(i, (0.0, ""))[0]:
                    best[i] = (s, place)
        return best

    def search(self, query: str, limit: int = 20, kinds: set[str] | None = None) -> list[dict[str, Any]]:
        words = list(dict.fromkeys(terms(query)))
        if not words:
            return []
        found: dict[int, list[tuple[float, str]]] = {}
        for w in words:
            for i, hit in self._matches(w).items():
                found.setdefault(i, []).append(hit)
        hits = []
        for i, scored in found.items():
            d = self.docs[i]
            if kinds and d.kind not in kinds:
                continue
            score = sum(s for s, _ in scored)
            if words in (d.places.get("name"), d.places.get("column")) or words == self.name_terms[i]:
                score += EXACT_NAME_BONUS
            hits.append((len(scored), score, d, sorted({place for _, place in scored})))
        hits.sort(key=lambda h: (-h[0], -h[1], KIND_ORDER[h[2].kind], h[2].table, h[2].name))
        out = []
        for matched_words, score, d, where in hits[:max(limit, 0)]:
            hit: dict[str, Any] = {"kind": d.kind, "table": d.table, "name": d.name}
            if d.column is not None:
                hit["column"] = d.column
            hit.update({"score": round(score, 3), "matched": where, "words": f"{matched_words}/{len(words)}"})
            out.append(hit)
        return out

    def tables(self, query: str) -> list[str]:
        """Keys of the tables with a hit (on the table, a column or a measure), each ranked by its
        best hit."""
        order: dict[str, None] = {}
        for h in self.search(query, limit=len(self.docs), kinds={"table", "column", "measure"}):
            order.setdefault(h["table"], None)
        return list(order)
