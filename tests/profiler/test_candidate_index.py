"""Join-evidence candidates come from an index of keys by size instead of trying every key for
every column: the same candidates as the exhaustive scan, on schemas in several naming styles."""

from __future__ import annotations

import pytest

from bench.bench_inference import undeclared
from compiler.profiler import evidence as ev
from compiler.profiler.options import ProfileOptions
from compiler.profiler.profile import data_type


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
