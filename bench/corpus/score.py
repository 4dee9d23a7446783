"""Precision/recall/F1 of inferred relationships against a corpus's truth, per error class,
and the plain name + containment baseline they are compared with."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from compiler.naming import words
from ir.snapshot import Snapshot

Edge = tuple[str, tuple[str, ...], str, tuple[str, ...]]
_ID = {"id", "key", "code", "no", "nr", "num"}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (f"{name}: precision {self.precision:.3f} recall {self.recall:.3f} F1 {self.f1:.3f} "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


@dataclass
class Scored:
    total: Tally = field(default_factory=Tally)
    found: Counter = field(default_factory=Counter)  # truth class -> found
    missed: Counter = field(default_factory=Counter)  # truth class -> missed
    false: Counter = field(default_factory=Counter)  # false-positive class -> count
    misses: list = field(default_factory=list)
    falses: list = field(default_factory=list)


def score(pred: set[Edge], truth: dict[Edge, str], neutral: set[Edge] = frozenset()) -> Scored:
    s = Scored()
    pred = {e for e in pred if e not in neutral}
    refs = {(e[0], c) for e in truth for c in e[1]}
    targets_of: dict[str, set[str]] = {}
    for e in truth:
        targets_of.setdefault(e[0], set()).add(e[2])
    for e, cls in truth.items():
        if e in pred:
            s.total.tp += 1
            s.found[cls] += 1
        else:
            s.total.fn += 1
            s.missed[cls] += 1
            s.misses.append((cls, e))
    for e in sorted(pred - truth.keys()):
        s.total.fp += 1
        if targets_of.get(e[0], set()) & targets_of.get(e[2], set()) and any((e[0], c) in refs for c in e[1]):
            cls = "sibling"  # two tables pointing at the same dimension, joined to each other
        elif all((e[0], c) in refs for c in e[1]):
            cls = "wrong_target"
        else:
            cls = "not_a_reference"
        s.false[cls] += 1
        s.falses.append((cls, e))
    return s


def _singular_en(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def baseline(snap: Snapshot) -> set[Edge]:
    """A column named like a table (English singular, id word before or after) or like another
    table's single-column primary key, whose values were all found in that key."""
    contained = {(c.from_.table, tuple(c.from_.columns), c.to.table, tuple(c.to.columns))
                 for c in snap.evidence.containment if c.ratio >= 0.99 and c.from_distinct > 0}
    keys = {t.name: t.primary_key[0] for t in snap.tables if len(t.primary_key) == 1}
    table_words = {t.name: tuple(_singular_en(w) for w in words(t.name)) for t in snap.tables}
    out: set[Edge] = set()
    for t in snap.tables:
        for c in t.columns:
            ws = words(c.name)
            core = tuple(w for w in ws if w not in _ID)
            for other, key in keys.items():
                if other == t.name and c.name == key:
                    continue
                named = bool(core) and core == table_words[other] and len(core) < len(ws)
                same = c.name == key and words(key) != ("id",) and other != t.name
                edge = (t.name, (c.name,), other, (key,))
                if (named or same) and edge in contained:
                    out.add(edge)
    return out
