"""Join evidence: which columns' values are contained in which keys, measured in the database.

Candidate generation prunes with types, profiles and key-ness only (never names, which the
relationship pass weighs), so it works on any naming style:
  * targets are keys: declared primary/unique keys, and columns the profile shows unique and
    non-null; composite targets only when declared;
  * a referencing column must have the key's type family (integer, text, uuid: booleans, dates
    and floats never reference a key), no more distinct values than the key, a value range
    (integers) or length range (text) inside the key's, and no pattern class the key lacks;
  * the survivors per column are ranked by how tightly they fit (distinct-count ratio times
    range coverage) and capped, and a global budget caps the whole run. Keys are indexed by type
    and size, so a column is tried against the smallest keys that could hold it until no larger
    one could fit it better, not against every key (which grew with columns x keys);
  * the one use of names: a text or UUID column no key can wholly contain is checked against a
    key of exactly its name that could hold half its values (orphans are common in real data;
    checked against every key, names and addresses half-fit each other by chance).
Checks against one referenced table are batched into one UNION ALL query; integers inside
the range of a dense integer key (every value from its min to its max, counted exactly) are
contained by arithmetic, without a query. Nothing here decides a relationship: the ratios go
to `snapshot.evidence` for the inference pass.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from compiler.calendar import as_date, holds_days, is_calendar_key
from compiler.diagnostics import PR003, PR004, Diagnostics
from compiler.placeholders import is_none_placeholder
from compiler.profiler import queries as q
from compiler.profiler.options import ProfileOptions
from compiler.profiler.profile import KEY_TYPES, data_type
from compiler.profiler.progress import progress
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from ir.catalog import Column, ColumnProfile, Table
from ir.evidence import Containment, Evidence, GrainCheck, grains_by_table
from ir.semantic import RelationshipEnd
from ir.snapshot import Snapshot
from compiler.types import TIME_TYPES

_APPROX_SLACK = 1.05  # an approximate distinct count may overshoot by a few percent
_MAX_COMBOS = 4  # column combinations tried per (table, composite key)
_LOOSE_TYPES = {"string", "uuid"}
_TEMPORAL_PARTS = TIME_TYPES  # parts of a declared composite key beside an identifier
_MAX_LOOSE = 3  # partial-containment checks per column no key wholly contains


@dataclass
class _Col:
    table: Table
    name: str
    dtype: str
    profile: ColumnProfile | None

    @property
    def distinct(self) -> int | None:
        return self.profile.distinct_count if self.profile else None


@dataclass
class _Key:
    table: Table
    columns: list[_Col]
    size: int | None  # distinct values (rows) of the key


@dataclass
class _Candidate:
    ref: list[_Col]
    key: _Key
    score: float

    def order(self) -> tuple:
        return (-self.score, self.ref[0].table.key, [c.name for c in self.ref], self.key.table.key, [c.name for c in self.key.columns])


def gather_evidence(snapshot: Snapshot, runner: Runner, options: ProfileOptions, diags: Diagnostics) -> Evidence:
    dialect = runner.dialect
    cols = {t.key: [_Col(t, c.name, data_type(c, dialect), c.profile) for c in t.columns] for t in snapshot.tables}
    keys = _targets(snapshot, cols)
    candidates, considered = _candidates(snapshot, cols, keys, options)
    if options.only is not None:  # `mb explain`: the joins of one table only
        candidates = [c for c in candidates if options.only in (c.ref[0].table.key, c.key.table.key)]
    if len(candidates) > options.max_checks:
        diags.report(PR004, f"{len(candidates)} candidate joins survived pruning; checking the {options.max_checks} "
                     "best-fitting (raise ProfileOptions.max_checks to check more)")
        candidates = sorted(candidates, key=_Candidate.order)[: options.max_checks]
    results = _check(candidates, runner, options, diags)
    results.sort(key=lambda c: (c.from_.table_key, c.from_.columns, c.to.table_key, c.to.columns))
    return Evidence(containment=results, candidates_considered=considered, candidates_checked=len(results))


def grain_references(snapshot: Snapshot, runner: Runner, options: ProfileOptions, grains: list[GrainCheck],
                     diags: Diagnostics) -> list[Containment]:
    """Containment of the column tuples that may refer to a keyless table's grain (its columns no
    two rows share): the composite keys the analysis will read there, which the first round
    could not know. Each column within its part's range proves no pair (a care plan's
    patient, encounter and code against a diagnosis's); only the tuples do."""
    dialect = runner.dialect
    cols = {t.key: [_Col(t, c.name, data_type(c, dialect), c.profile) for c in t.columns] for t in snapshot.tables}
    by_key = {t.key: t for t in snapshot.tables}
    candidates = []
    for grain in grains_by_table(grains).values():
        table = by_key.get(grain.table_key)
        if table is None or not 2 <= len(grain.columns) <= 3:
            continue
        own = {c.name: c for c in cols[table.key]}
        candidates += _composite_candidates(snapshot, cols, _Key(table, [own[c] for c in grain.columns], grain.rows), options.only)
    return _check(candidates, runner, options, diags) if candidates else []


def _composite_candidates(snapshot: Snapshot, cols: dict[str, list[_Col]], key: _Key, only: str | None = None) -> list[_Candidate]:
    """The column tuples of every other table that may refer to a composite key: each column
    fitting its part (type, range, no more values), at most _MAX_COMBOS per table."""
    out = []
    for t in snapshot.tables:
        if t is key.table or (only is not None and only not in (t.key, key.table.key)):
            continue
        options_per_part = [[r for r in cols[t.key] if _part_fit(r, kc) is not None] for kc in key.columns]
        combos = [combo for combo in itertools.product(*options_per_part) if len({c.name for c in combo}) == len(combo)]
        out += [_Candidate(list(combo), key, 1.0) for combo in combos[:_MAX_COMBOS]]
    return out


def unique_by_profile(table: Table, col: _Col | Column) -> bool:
    """Unique and never null on the whole table, by an exact count (a column, or its _Col)."""
    p = col.profile
    sampled = table.profile is not None and table.profile.sample is not None
    rows = table.row_count if table.row_count is not None else (None if sampled else (table.profile.rows if table.profile else None))
    return bool(p and p.distinct_exact and p.null_count == 0 and rows and p.distinct_count == rows)


def _targets(snapshot: Snapshot, cols: dict[str, list[_Col]]) -> list[_Key]:
    keys: list[_Key] = []
    for t in snapshot.tables:
        by_name = {c.name: c for c in cols[t.key]}
        size = t.row_count if t.row_count is not None else (t.profile.rows if t.profile else None)
        declared = [t.primary_key] + [uk.columns for uk in t.unique_keys]
        seen: set[tuple[str, ...]] = set()
        for key_cols in declared:
            if not key_cols or tuple(key_cols) in seen or len(key_cols) > 3 or any(c not in by_name for c in key_cols):
                continue
            parts = [by_name[c].dtype for c in key_cols]
            if all(d in KEY_TYPES for d in parts) or (len(parts) > 1 and any(d in KEY_TYPES for d in parts)
                                                       and all(d in KEY_TYPES or d in _TEMPORAL_PARTS for d in parts)):
                seen.add(tuple(key_cols))
                keys.append(_Key(t, [by_name[c] for c in key_cols], size))
        for c in cols[t.key]:
            if (c.name,) not in seen and c.dtype in KEY_TYPES and unique_by_profile(t, c):
                seen.add((c.name,))
                keys.append(_Key(t, [c], size))
            elif (c.name,) not in seen and c.dtype in ("date", "timestamp") and is_calendar_key(t, t.column(c.name), c.dtype):
                seen.add((c.name,))
                keys.append(_Key(t, [c], size))
    return keys


def _calendar_candidates(snapshot: Snapshot, cols: dict[str, list[_Col]], keys: list[_Key], declared: set) -> list[_Candidate]:
    """Every date column of another table whose first and last dates fall within a calendar's:
    a fact's days, to be found among the calendar's (the types pruning leaves out otherwise). A
    date and time at midnight on every row is such a day, the calendar's key as well as the fact's."""
    out = []
    for key in keys:
        kc = key.columns[0]
        if len(key.columns) != 1 or not holds_days(kc.dtype, kc.profile):
            continue
        first, last = as_date(kc.profile.min), as_date(kc.profile.max)
        for t in snapshot.tables:
            if t is key.table:
                continue
            for ref in cols[t.key]:
                rp = ref.profile
                if not holds_days(ref.dtype, rp) or rp is None or not rp.distinct_count or (t.key, (ref.name,), key.table.key, (kc.name,)) in declared:
                    continue
                lo, hi = as_date(rp.min), as_date(rp.max)
                if lo is not None and hi is not None and first <= lo and hi <= last:
                    out.append(_Candidate([ref], key, rp.distinct_count / (key.size or rp.distinct_count)))
    return out


def _declared_pairs(snapshot: Snapshot) -> set[tuple]:
    """Foreign keys the source declares: facts already, so not worth a query."""
    return {(t.key, tuple(fk.columns), fk.ref_table.key, tuple(fk.ref_columns)) for t in snapshot.tables for fk in t.foreign_keys}


def _candidates(snapshot: Snapshot, cols: dict[str, list[_Col]], keys: list[_Key], options: ProfileOptions) -> tuple[list[_Candidate], int]:
    declared = _declared_pairs(snapshot)
    total_cols = sum(len(c) for c in cols.values())
    considered = 0
    composite: list[_Candidate] = []
    singles: list[_Key] = []
    for key in keys:
        key_names = tuple(c.name for c in key.columns)
        if len(key.columns) == 1:
            considered += total_cols - 1  # every column but the key itself
            singles.append(key)
            continue
        considered += sum(len(cols[t.key]) ** len(key.columns) for t in snapshot.tables if t is not key.table)
        composite += [c for c in _composite_candidates(snapshot, cols, key)
                      if (c.ref[0].table.key, tuple(r.name for r in c.ref), key.table.key, key_names) not in declared]
    index = _SizeIndex(singles)
    chosen = composite
    strict: set[tuple[str, str]] = set()
    # A key of the column's own name is always checked, even when tighter fits fill the column's
    # quota: names alone would join Kurye.Telefon to Restoran.Telefon if no data said otherwise.
    named: dict[str, list[_Key]] = {}
    for key in singles:
        named.setdefault(key.columns[0].name.lower(), []).append(key)
    # Keys of one name are often many (an `id` in every table) and alike: _fit reads only what
    # _fit_signature holds, so a reference is fitted once per kind of key, not once per key.
    signatures = {id(key): _fit_signature(key) for keys_of_name in named.values() if len(keys_of_name) > 1 for key in keys_of_name}
    for t in snapshot.tables:
        t_key = t.key
        for ref in cols[t_key]:
            found = index.best(ref, declared, options.max_targets_per_column)
            if found:
                strict.add((t_key, ref.name))
            top = sorted(found, key=_Candidate.order)[: options.max_targets_per_column]
            have = {id(c.key) for c in top}
            fits: dict[tuple, float | None] = {}
            for key in named.get(ref.name.lower(), ()):
                kc = key.columns[0]
                if id(key) in have or key.table is t or (declared and (t_key, (ref.name,), key.table.key, (kc.name,)) in declared):
                    continue
                signature = signatures.get(id(key))
                if signature is None:
                    score = _fit(ref, kc, key.size)
                elif signature in fits:
                    score = fits[signature]
                else:
                    score = fits[signature] = _fit(ref, kc, key.size)
                if score is not None:
                    top.append(_Candidate([ref], key, score))
            chosen += top
    chosen += _loose_candidates(snapshot, cols, keys, strict, declared, options)
    chosen += _calendar_candidates(snapshot, cols, keys, declared)
    return chosen, considered


class _SizeIndex:
    """Single-column keys by type, in ascending size. A reference's fit is at most its distinct
    count over the key's size (the range factor is at most 1), so the best fits are among the
    smallest keys that can hold its values: the scan starts at the first key large enough and
    stops once no key left could beat the best found. Same candidates as trying every key, in
    time that grows with the keys scanned, not with all keys for every column.

    Keys whose profiles look alike to `_fit` (same type, size, range, lengths and pattern
    classes: generated surrogate keys 1..n of many tables) form one class, judged once per
    reference; of a class only the first `limit` keys in candidate order can make the cut."""

    def __init__(self, keys: list[_Key]):
        self.by_type: dict[str, tuple[list[float], list[tuple[float, _KeyClass]]]] = {}
        self.unsized: dict[str, list[_Key]] = {}
        grouped: dict[str, dict[tuple, _KeyClass]] = {}
        for key in keys:
            kc = key.columns[0]
            size = key.size if key.size is not None else (kc.profile.distinct_count if kc.profile else None)
            if size is None:
                self.unsized.setdefault(kc.dtype, []).append(key)
            elif size > 0:
                classes = grouped.setdefault(kc.dtype, {})
                signature = (float(size), _fit_signature(key))
                found = classes.get(signature)
                if found is None:
                    found = classes[signature] = _KeyClass(float(size), key)
                found.members.append(key)
        for dtype, classes in grouped.items():
            items = [(c.size, c) for c in classes.values()]
            for _size, c in items:
                c.members.sort(key=lambda k: (k.table.key, [col.name for col in k.columns]))
            items.sort(key=lambda sk: sk[0])  # stable: classes of one size keep their order
            self.by_type[dtype] = ([size for size, _c in items], items)

    def best(self, ref: _Col, declared: set[tuple], limit: int) -> list[_Candidate]:
        rp = ref.profile
        if ref.dtype not in KEY_TYPES or rp is None or not rp.distinct_count:
            return []
        found: list[_Candidate] = []
        best: list[float] = []  # min-heap of the `limit` best scores so far
        ref_key = ref.table.key

        def keep(key: _Key, score: float) -> bool:
            kc = key.columns[0]
            if key.table is ref.table and kc.name == ref.name:
                return False
            if declared and (ref_key, (ref.name,), key.table.key, (kc.name,)) in declared:
                return False
            found.append(_Candidate([ref], key, score))
            if len(best) < limit:
                heapq.heappush(best, score)
            elif score > best[0]:
                heapq.heapreplace(best, score)
            return True

        for key in self.unsized.get(ref.dtype, ()):
            score = _fit(ref, key.columns[0], key.size)
            if score is not None:
                keep(key, score)
        sizes, items = self.by_type.get(ref.dtype, ([], []))
        slack = _APPROX_SLACK if rp.distinct_exact is False else 1.0
        # Integers: the range factor is at most the reference's span over the key's, and n distinct
        # integers span at least n; half the size leaves room for a row count a little off.
        span = rp.max - rp.min + 1 if ref.dtype == "integer" and _numbers(rp.min, rp.max) else None
        for size, keys in items[bisect.bisect_left(sizes, rp.distinct_count / slack * (1 - 1e-9)):]:
            if len(best) >= limit:
                bound = rp.distinct_count / size * (min(1.0, 2 * span / size) if span is not None else 1.0)
                if bound < best[0]:
                    break
            score = _fit(ref, keys.first.columns[0], keys.first.size)
            if score is None:
                continue
            taken = 0
            for key in keys.members:  # in candidate order: the rest of the class ranks below these
                taken += keep(key, score)
                if taken == limit:
                    break
        return found


class _KeyClass:
    __slots__ = ("size", "first", "members")

    def __init__(self, size: float, first: _Key):
        self.size, self.first, self.members = size, first, []


def _fit_signature(key: _Key) -> tuple:
    """Everything about a single-column key that `_fit` reads (not its name or table)."""
    kc = key.columns[0]
    kp = kc.profile
    if kp is None:
        return (kc.dtype, key.size, None)
    bounds = (type(kp.min), kp.min, type(kp.max), kp.max) if kc.dtype == "integer" else None
    patterns = frozenset(kp.patterns) if _whole(key.table) and kp.min_length is not None else None
    return (kc.dtype, key.size, kp.distinct_count, bounds, kp.min_length, kp.max_length, patterns)


def _loose_candidates(snapshot: Snapshot, cols: dict[str, list[_Col]], keys: list[_Key], strict: set, declared: set,
                      options: ProfileOptions) -> list[_Candidate]:
    """For a column no key can wholly contain: the keys of its own name that could hold half its
    values. Facts outlive or precede their dimension rows (a deleted listing, a user not yet
    loaded), so a real reference may have orphans, more distinct values than the key, values
    outside its range or of another shape; the relationship pass joins on a partial containment
    only for an exactly named key, so no other pair is worth a query."""
    by_name: dict[str, list[_Key]] = {}
    for k in keys:
        if len(k.columns) == 1:
            by_name.setdefault(k.columns[0].name.lower(), []).append(k)
    out: list[_Candidate] = []
    for t in snapshot.tables:
        for ref in cols[t.key]:
            if (t.key, ref.name) in strict:
                continue
            found = []
            for key in by_name.get(ref.name.lower(), ()):
                kc = key.columns[0]
                if t is key.table or (t.key, (ref.name,), key.table.key, (kc.name,)) in declared:
                    continue
                score = _loose_fit(ref, kc, key.size)
                if score is not None:
                    found.append(_Candidate([ref], key, score))
            out += sorted(found, key=_Candidate.order)[:_MAX_LOOSE]
    return out


def _loose_fit(ref: _Col, key: _Col, key_size: int | None) -> float | None:
    """Whether half of `ref`'s distinct values could be in `key`: text or UUIDs (small integers
    half-fit every lookup table by chance), at most twice as many distinct values, overlapping
    lengths. Scored far below _fit so that a strict candidate always ranks first."""
    if ref.dtype != key.dtype or ref.dtype not in _LOOSE_TYPES:
        return None
    rp, kp = ref.profile, key.profile
    size = key_size if key_size is not None else (kp.distinct_count if kp else None)
    if rp is None or not rp.distinct_count or kp is None or not size or rp.distinct_count > 2 * size:
        return None
    if None not in (rp.min_length, rp.max_length, kp.min_length, kp.max_length) and (
            rp.max_length < kp.min_length or rp.min_length > kp.max_length):
        return None
    return 0.01 * min(rp.distinct_count / size, 1.0)


def _part_fit(ref: _Col, key: _Col) -> float | None:
    """_fit for a part of a declared composite key, where a date may stand beside an identifier
    (a course run by its start date): same type, no more distinct values, within its range."""
    if key.dtype not in _TEMPORAL_PARTS:
        return _fit(ref, key, key.distinct)
    if ref.dtype != key.dtype or ref.profile is None or not ref.profile.distinct_count:
        return None
    rp, kp = ref.profile, key.profile
    if kp is not None and kp.distinct_count is not None and rp.distinct_count > kp.distinct_count * _APPROX_SLACK:
        return None
    if kp is not None and None not in (rp.min, rp.max, kp.min, kp.max) and (str(rp.min) < str(kp.min) or str(rp.max) > str(kp.max)):
        return None
    return 1.0


def _fit(ref: _Col, key: _Col, key_size: int | None) -> float | None:
    """How tightly `ref` fits inside `key` (higher is tighter), or None when the profiles rule
    containment out."""
    if ref.dtype != key.dtype or ref.dtype not in KEY_TYPES:
        return None
    rp, kp = ref.profile, key.profile
    if rp is None or not rp.distinct_count:
        return None  # unprofiled, or no values at all: nothing to learn
    size = key_size if key_size is not None else (kp.distinct_count if kp else None)
    # A 0 or -1 for "none" below keys from 1 is one value more that no key holds (placeholders.py).
    placeholder = kp is not None and ref.dtype == "integer" and is_none_placeholder(rp.min, kp.min)
    if size is not None:
        limit = size * (_APPROX_SLACK if rp.distinct_exact is False else 1.0) + placeholder
        if rp.distinct_count > limit or size == 0:
            return None
    score = min(rp.distinct_count / size, 1.0) if size else 0.5
    if kp is None:
        return score
    if ref.dtype == "integer" and _numbers(rp.min, rp.max, kp.min, kp.max):
        low = kp.min if placeholder else rp.min
        if low < kp.min or rp.max > kp.max:
            return None
        score *= (rp.max - low + 1) / (kp.max - kp.min + 1)
    if rp.min_length is not None and kp.min_length is not None:
        # Lengths, not min/max text: databases order text by collations Python does not know.
        if rp.min_length < kp.min_length or rp.max_length > kp.max_length:
            return None
    if _whole(ref.table) and _whole(key.table) and kp.min_length is not None:
        # A pattern class no key value has cannot occur among contained values.
        if any(share > 0 and name not in kp.patterns for name, share in rp.patterns.items()):
            return None
    return score


def _numbers(*values) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _whole(table: Table) -> bool:
    """Whether the table's pattern shares were counted on every row (the pruning rule needs it)."""
    prof = table.profile
    return prof is not None and prof.sample is None and prof.pattern_rows is None


def _dense_key(key: _Key) -> bool:
    """An integer key holding every integer from its min to its max (a surrogate key 1..n with
    no gaps), counted exactly on the whole table: its values are known without reading them."""
    if len(key.columns) != 1 or key.columns[0].dtype != "integer" or not _exact_whole(key.table):
        return False
    p = key.columns[0].profile
    return bool(p and p.distinct_exact and p.null_count == 0 and _numbers(p.min, p.max) and isinstance(p.min, int)
                and p.distinct_count == p.max - p.min + 1)


def _exact_whole(table: Table) -> bool:
    return table.profile is not None and table.profile.sample is None


def _known(cand: _Candidate) -> Containment | None:
    """Containment the profiles already prove: integers, counted exactly, inside the range of a
    dense key are all in it. No query, and the same record a query would give."""
    ref = cand.ref[0]
    rp = ref.profile
    if len(cand.ref) != 1 or not _dense_key(cand.key) or not _exact_whole(ref.table):
        return None
    kp = cand.key.columns[0].profile
    if not (rp and rp.distinct_exact and rp.distinct_count and _numbers(rp.min, rp.max)
            and isinstance(rp.min, int) and isinstance(rp.max, int) and kp.min <= rp.min and rp.max <= kp.max):
        return None
    return Containment(**{"from": _end(ref.table, [ref.name])}, to=_end(cand.key.table, [cand.key.columns[0].name]),
                       from_distinct=rp.distinct_count, matched=rp.distinct_count, ratio=1.0, sampled=False)


def _check(candidates: list[_Candidate], runner: Runner, options: ProfileOptions, diags: Diagnostics) -> list[Containment]:
    proven = [(c, _known(c)) for c in candidates]
    known = [k for _c, k in proven if k is not None]
    candidates = [c for c, k in proven if k is None]
    by_target: dict[str, list[_Candidate]] = {}
    for cand in sorted(candidates, key=_Candidate.order):
        by_target.setdefault(cand.key.table.key, []).append(cand)
    batches = []
    for target in sorted(by_target):
        # Single-column checks against one key share one join (queries.containment_query):
        # a batch of them costs about one scan per referencing column and one of the key.
        group = by_target[target]
        size = options.checks_per_query * (4 if all(len(c.ref) == 1 for c in group) else 1)
        for start in range(0, len(group), size):
            batches.append(group[start:start + size])
    results: list[Containment] = known
    with progress("join evidence", len(batches), options.progress) as advance, ThreadPoolExecutor(max(1, options.workers)) as pool:
        futures = [pool.submit(_run_batch, batch, runner, options) for batch in batches]
        for batch, future in zip(batches, futures):
            found, problem = future.result()
            results += found
            if problem:
                diags.report(PR003, f"containment checks against {batch[0].key.table.key} skipped: {problem}", batch[0].key.table.key)
            advance(1)
    return results


def _run_batch(batch: list[_Candidate], runner: Runner, options: ProfileOptions) -> tuple[list[Containment], str | None]:
    dialect = runner.dialect
    checks = []
    for i, cand in enumerate(batch):
        ref_table = cand.ref[0].table
        checks.append(q.Check(
            index=i,
            from_table=q.table_expr(ref_table.name, ref_table.schema_),
            from_cols=[c.name for c in cand.ref],
            to_table=q.table_expr(cand.key.table.name, cand.key.table.schema_),
            to_cols=[c.name for c in cand.key.columns],
            # Never on a sample, even under --sample: joins are key decisions, and orphans a
            # sample missed would pass for a clean reference.
            sampling=None,
            data_type=cand.ref[0].dtype,
        ))
    # Checks of many values run in parts (queries.PART_VALUES), each holding a share of them.
    parts = 1
    if all(len(cand.ref) == 1 for cand in batch):
        parts = q.parts(dialect, max(max(cand.ref[0].distinct or 0, _key_values(cand.key)) for cand in batch))
    try:
        rows = _contained(runner, checks, dialect, parts)
    except QueryFailed as e:
        if len(checks) == 1:
            return [], str(e)
        # One pair of types the database will not compare sinks the shared query: check one by one.
        rows, problems = [], {}
        for chk in checks:
            try:
                rows += _contained(runner, [chk], dialect, parts)
            except (QueryTimeout, QueryFailed) as e1:
                problems[chk.index] = str(e1)
        if len(problems) == len(checks):
            return [], problems[0]
    except QueryTimeout as e:
        return [], str(e)
    else:
        problems = {}
    # A referencing column with no values gives no row: no values, none missing.
    counts: dict[int, tuple[int, int]] = {}
    for index, from_distinct, matched in rows:  # a row per part: the parts add up
        before = counts.get(int(index), (0, 0))
        counts[int(index)] = (before[0] + int(from_distinct), before[1] + int(matched))
    found = []
    for chk in checks:
        if chk.index in problems:
            continue
        cand = batch[chk.index]
        from_distinct, matched = counts.get(chk.index, (0, 0))
        found.append(Containment(
            **{"from": _end(cand.ref[0].table, chk.from_cols)},
            to=_end(cand.key.table, chk.to_cols),
            from_distinct=from_distinct,
            matched=matched,
            ratio=round(matched / from_distinct, 6) if from_distinct else 1.0,
            sampled=chk.sampling is not None,
        ))
    return found, None


def _contained(runner: Runner, checks: list[q.Check], dialect: str, parts: int) -> list[tuple]:
    rows: list[tuple] = []
    for part in range(parts):
        rows += runner.run(q.containment_query(checks, dialect, (part, parts) if parts > 1 else None))
    return rows


def _key_values(key: _Key) -> int:
    if key.size is not None:
        return key.size
    return key.columns[0].distinct or 0


def _end(table: Table, columns: list[str]) -> RelationshipEnd:
    return RelationshipEnd(table=table.name, schema=table.schema_, columns=list(columns))
