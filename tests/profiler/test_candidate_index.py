"""Join-evidence candidates come from an index of keys by size instead of trying every key for
every column: the same candidates as the exhaustive scan, on schemas in several naming styles."""

from __future__ import annotations

import pytest

from bench.bench_inference import undeclared
from compiler.profiler import evidence as ev
from compiler.profiler.options import ProfileOptions
from compiler.profiler.profile import data_type
from ir.catalog import Column, ColumnProfile, Table, TableProfile
from ir.snapshot import Snapshot, Source


def _exhaustive(snap, cols, keys, limit):
    out = []
    for t in snap.tables:
        for ref in cols[t.key]:
            found = []
            for key in keys:
                kc = key.columns[0]
                if len(key.columns) != 1 or (key.table is t and kc.name == ref.name):
                    continue
                score = ev._fit(ref, kc, key.size)
                if score is not None:
                    found.append(ev._Candidate([ref], key, score))
            out += sorted(found, key=ev._Candidate.order)[:limit]
    return out


def _ident(cands):
    return sorted((c.ref[0].table.key, c.ref[0].name, c.key.table.key, c.key.columns[0].name, c.score) for c in cands)


@pytest.mark.parametrize("style", ["same_name", "opaque", "tpch"])
@pytest.mark.parametrize("limit", [1, 3, 10])
def test_index_finds_what_trying_every_key_finds(style, limit):
    snap, _truth = undeclared(60, 12, style=style)
    for t in snap.tables:
        t.primary_key = []
    cols = {t.key: [ev._Col(t, c.name, data_type(c, "postgres"), c.profile) for c in t.columns] for t in snap.tables}
    keys = ev._targets(snap, cols)
    index = ev._SizeIndex([k for k in keys if len(k.columns) == 1])
    found = []
    for t in snap.tables:
        for ref in cols[t.key]:
            found += sorted(index.best(ref, set(), limit), key=ev._Candidate.order)[:limit]
    expected = _exhaustive(snap, cols, keys, limit)
    assert expected, "the schema offers candidates"
    assert _ident(found) == _ident(expected)
    _all, considered = ev._candidates(snap, cols, keys, ProfileOptions(max_targets_per_column=limit))
    assert considered == len(keys) * (sum(len(c) for c in cols.values()) - 1)



def _alike_schema(n: int) -> Snapshot:
    """Tables of two sizes whose surrogate keys 1..rows have the same profiles, each with a
    reference to another table's key, a small integer and a text code (unique in some tables)."""
    tables = []
    for i in range(n):
        rows = 50 if i % 3 else 80
        cols = [
            Column(name=f"e{i}_id", type="INTEGER", profile=ColumnProfile(null_count=0, distinct_count=rows, distinct_exact=True, min=1, max=rows)),
            Column(name="parent_id", type="INTEGER", profile=ColumnProfile(null_count=0, distinct_count=30 + i % 7, distinct_exact=True, min=1 + i % 5, max=45)),
            Column(name="small", type="INTEGER", profile=ColumnProfile(null_count=0, distinct_count=4, distinct_exact=True, min=1, max=4)),
            Column(name="code", type="VARCHAR(8)", profile=ColumnProfile(null_count=0, distinct_count=rows if i % 2 else 20, distinct_exact=True,
                                                                          min_length=6, max_length=6 + i % 2)),
        ]
        tables.append(Table(name=f"t{i:03d}", schema="s", columns=cols, row_count=rows,
                            profile=TableProfile(rows=rows)))
    return Snapshot(source=Source(dialect="postgres", description="generated", database="d"), tables=tables)


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_keys_with_alike_profiles_give_what_trying_every_key_gives(limit):
    """Generated schemas have many keys whose profiles are the same (surrogate keys 1..n of
    equally sized tables): the index judges them once per class, and must pick the same keys."""
    snap = _alike_schema(40)
    cols = {t.key: [ev._Col(t, c.name, data_type(c, "postgres"), c.profile) for c in t.columns] for t in snap.tables}
    keys = ev._targets(snap, cols)
    assert len(keys) == 60  # 40 integer keys, 20 unique codes
    index = ev._SizeIndex(keys)
    assert sum(len(classes) for _sizes, classes in index.by_type.values()) == 4  # 2 sizes of ids, 2 of codes
    # A declared pair is no candidate: the index must fill its place with the next key.
    first = snap.tables[1]  # the first of the 50-row tables, whose keys fit parent_id best
    declared = {(t.key, ("parent_id",), first.key, ("e1_id",)) for t in snap.tables}
    found = []
    for t in snap.tables:
        for ref in cols[t.key]:
            found += sorted(index.best(ref, declared, limit), key=ev._Candidate.order)[:limit]
    expected = []
    for t in snap.tables:
        for ref in cols[t.key]:
            every = [c for c in _exhaustive(snap, {u.key: [ref] if u is t else [] for u in snap.tables}, keys, len(keys))
                     if (t.key, (ref.name,), c.key.table.key, (c.key.columns[0].name,)) not in declared]
            expected += every[:limit]
    assert len(expected) > 40 * limit
    assert _ident(found) == _ident(expected)
