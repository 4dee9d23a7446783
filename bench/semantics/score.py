"""Precision, recall and F1 of mb's facts against a hand-written model's, per class of fact.

Only tables the hand-written model covers are scored: a table the people left unmodelled says
nothing about what they would have written for it. Facts are compared by key (see facts.py), so
a fact stated twice counts once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bench.semantics.facts import Facts, Join, Measure

CLASSES = ("measures (plain)", "- of which counts", "- of which sums, averages, extremes", "measures (filtered/derived)",
           "dimensions", "time dimensions", "time axis", "joins", "joins (pairwise)", "explores", "primary keys")
# The plain measures split by what they aggregate: row counts and distinct counts of an entity (which
# mb writes by default and hand-written models often leave out) apart from sums, averages, min and max.
_COUNTS = ("- of which counts", lambda m: m.agg in ("count", "count_distinct"))
_VALUES = ("- of which sums, averages, extremes", lambda m: m.agg not in ("count", "count_distinct"))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    decided: bool = True  # False: mb's IR does not state this kind of fact at all

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.decided and other.decided)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Comparison:
    scores: dict[str, Score] = field(default_factory=dict)
    false_positives: dict[str, list[str]] = field(default_factory=dict)
    false_negatives: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)  # matched, with a difference worth knowing
    patterns: Counter = field(default_factory=Counter)  # (class, pattern) -> count, for the error summary


def compare(reference: Facts, mb: Facts) -> Comparison:
    # A model of entities only (a bridge) covers its table too: its joins are what it states.
    covered = {f.table for f in [*reference.explores, *reference.primary_keys, *reference.dimensions,
                                 *reference.time_dimensions]} | {m.table for m in reference.measures} | {
        end[0] for j in reference.joins for end in (j.many, j.one)}
    out = Comparison()
    ref_plain = [m for m in reference.measures if m.plain]
    ref_other = [m for m in reference.measures if not m.plain]
    mb_measures = [m for m in mb.measures if m.table in covered]
    ref_dims = {f.key for f in reference.dimensions}
    _measures(out, "measures (plain)", ref_plain, [m for m in mb_measures if m.plain], mb_measures, ref_dims)
    for cls, part in (_COUNTS, _VALUES):  # counted only: their errors are listed under the plain measures
        r, g = {m.key for m in ref_plain if part(m)}, {m.key for m in mb_measures if m.plain and part(m)}
        out.scores[cls] = Score(tp=len(r & g), fp=len(g - r), fn=len(r - g))
    _measures(out, "measures (filtered/derived)", ref_other, [m for m in mb_measures if not m.plain], mb_measures, ref_dims)
    for name, ref, got in (("dimensions", reference.dimensions, mb.dimensions),
                           ("time dimensions", reference.time_dimensions, mb.time_dimensions),
                           ("explores", reference.explores, mb.explores),
                           ("primary keys", reference.primary_keys, mb.primary_keys)):
        _fields(out, name, ref, [f for f in got if f.table in covered])
    if reference.time_axes is None:
        out.scores["time axis"] = Score()  # the reference's language has no time axis to compare with
    elif mb.time_axes is None:
        out.scores["time axis"] = Score(fn=len({f.key for f in reference.time_axes}), decided=False)
    else:
        _fields(out, "time axis", reference.time_axes, [f for f in mb.time_axes if f.table in covered])
    _joins(out, reference.joins, [j for j in mb.joins if j.many[0] in covered and j.one[0] in covered])
    return out


def _index(items: list) -> dict:
    found: dict = {}
    for item in items:
        found.setdefault(item.key, item)
    return found


def _measures(out: Comparison, cls: str, ref: list[Measure], got: list[Measure], all_got: list[Measure],
              ref_dims: set[tuple]) -> None:
    r, g = _index(ref), _index(got)
    out.scores[cls] = Score(tp=len(r.keys() & g.keys()), fp=len(g.keys() - r.keys()), fn=len(r.keys() - g.keys()))
    mb_by_column = _by_column(all_got)
    ref_by_column = _by_column(ref)
    fns, fps = [], []
    for key in sorted(r.keys() - g.keys(), key=str):
        m = r[key]
        same = mb_by_column.get((m.table, m.expr), [])
        if any(x.agg == m.agg for x in same):
            how = "with another filter" if any(x.agg == m.agg and x.filter for x in same) else "unfiltered"
            pattern = f"filter missing: mb has the {_agg(m, False)} only {how}"
        elif same:
            pattern = f"reference {_agg(m)}, mb only {', '.join(sorted({_agg(x) for x in same}))}"
        else:
            pattern = f"{_agg(m)} missing: mb does not aggregate this column at all"
        out.patterns[(cls, "missed: " + pattern)] += 1
        fns.append(f"{m.describe()} ({m.name}): {pattern}")
    for key in sorted(g.keys() - r.keys(), key=str):
        m = g[key]
        theirs = ref_by_column.get((m.table, m.expr), [])
        if m.expr == "*":
            pattern = f"{_agg(m)} the reference does not define"
        elif theirs:
            pattern = f"mb {_agg(m)}, reference only {', '.join(sorted({_agg(x) for x in theirs}))}"
        elif (m.table, m.expr) in ref_dims:
            pattern = f"{_agg(m)} of a column the reference uses only as a dimension"
        else:
            pattern = f"{_agg(m)} of a column the reference does not aggregate"
        out.patterns[(cls, "extra: " + pattern)] += 1
        fps.append(f"{m.describe()} ({m.name}): {pattern}")
    out.false_negatives[cls], out.false_positives[cls] = fns, fps


def _by_column(measures: list[Measure]) -> dict[tuple, list[Measure]]:
    found: dict[tuple, list[Measure]] = {}
    for m in measures:
        found.setdefault((m.table, m.expr), []).append(m)
    return found


def _agg(m: Measure, filtered: bool = True) -> str:
    name = "row count" if m.expr == "*" and m.agg == "count" else m.agg
    return f"{name} where ..." if m.filter and filtered else name


def _fields(out: Comparison, cls: str, ref: list, got: list) -> None:
    r, g = _index(ref), _index(got)
    out.scores[cls] = Score(tp=len(r.keys() & g.keys()), fp=len(g.keys() - r.keys()), fn=len(r.keys() - g.keys()))
    out.false_negatives[cls] = [f"{r[k].describe()} ({r[k].name})" for k in sorted(r.keys() - g.keys())]
    out.false_positives[cls] = [f"{g[k].describe()} ({g[k].name}){': ' + g[k].kind if g[k].kind else ''}"
                                for k in sorted(g.keys() - r.keys())]
    out.patterns[(cls, "missed")] += len(out.false_negatives[cls])
    for k in g.keys() - r.keys():
        out.patterns[(cls, "extra" + (f": {g[k].kind}" if g[k].kind else ""))] += 1


def _joins(out: Comparison, ref: list[Join], got: list[Join]) -> None:
    _joins_pairwise(out, ref, got)
    _joins_by_key(out, ref, got)


def _joins_by_key(out: Comparison, ref: list[Join], got: list[Join]) -> None:
    """A join is found when the other model connects its two ends (table, key columns) through joins on
    the same keys. MetricFlow joins an entity to every model that holds it as primary or unique (user_id
    to users, users_latest and companies alike) where a Looker or Cube developer writes the join once
    and reaches the others through it; pair by pair, one model's chain of joins would count as misses
    of the other's star. Ends must match exactly: a join on other columns connects nothing."""
    r, g = _index(ref), _index(got)
    ref_parts, got_parts = _components(r.values()), _components(g.values())
    cls = "joins"
    found = [k for k in r if _connected(got_parts, r[k])]
    right = [k for k in g if _connected(ref_parts, g[k])]
    out.scores[cls] = Score(tp=len(found), fp=len(g) - len(right), fn=len(r) - len(found))
    out.false_negatives[cls] = sorted(r[k].describe() for k in r.keys() - set(found))
    out.false_positives[cls] = sorted(g[k].describe() for k in g.keys() - set(right))
    out.notes[cls] = sorted(f"{r[k].describe()}: through {_path_note(g, r[k])}" for k in found if k not in g)
    out.patterns[(cls, "missed")] += len(out.false_negatives[cls])
    out.patterns[(cls, "extra")] += len(out.false_positives[cls])


def _components(joins) -> dict[tuple, int]:
    """Union-find over join ends: end -> component id."""
    parent: dict[tuple, tuple] = {}

    def find(x: tuple) -> tuple:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for j in joins:
        a, b = find(j.many), find(j.one)
        if a != b:
            parent[max(a, b)] = min(a, b)
    roots = sorted({find(x) for x in parent})
    ids = {root: i for i, root in enumerate(roots)}
    return {x: ids[find(x)] for x in parent}


def _connected(parts: dict[tuple, int], j: Join) -> bool:
    return j.many in parts and j.one in parts and parts[j.many] == parts[j.one]


def _path_note(got: dict, j: Join) -> str:
    """The other model's joins that touch either end (enough to see the chain in a listing)."""
    ends = {j.many, j.one}
    return "; ".join(sorted(g.describe() for g in got.values() if {g.many, g.one} & ends)) or "a longer chain"


def _joins_pairwise(out: Comparison, ref: list[Join], got: list[Join]) -> None:
    r, g = _index(ref), _index(got)
    cls = "joins (pairwise)"
    out.scores[cls] = Score(tp=len(r.keys() & g.keys()), fp=len(g.keys() - r.keys()), fn=len(r.keys() - g.keys()))
    out.false_negatives[cls] = sorted(r[k].describe() for k in r.keys() - g.keys())
    out.false_positives[cls] = sorted(g[k].describe() for k in g.keys() - r.keys())
    out.notes[cls] = sorted(f"{g[k].describe()}: reference says {r[k].cardinality} from {r[k].many[0]}"
                            for k in r.keys() & g.keys() if (g[k].many, g[k].cardinality) != (r[k].many, r[k].cardinality))
    out.patterns[(cls, "missed")] += len(out.false_negatives[cls])
    out.patterns[(cls, "extra")] += len(out.false_positives[cls])
    out.patterns[(cls, "cardinality or direction differs")] += len(out.notes[cls])
