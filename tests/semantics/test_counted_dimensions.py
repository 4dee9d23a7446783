"""A table other tables refer to whose many rows each hold a value averaged over them (IMDb's
title_basics: millions of titles, each with its runtime, referred to by ratings, episodes and
principals) is a set of things people count: how many titles, beside their average runtime. A
short list (a few tax rates orders refer to, a catalogue of a few hundred titles) stays a lookup."""

from __future__ import annotations

import random

from tests.inference.build import infer, sqlite_db


def _db(tmp_path, titles: int):
    rng = random.Random(4)
    return sqlite_db(tmp_path / "t.sqlite", {
        "title_basics": ('tconst TEXT PRIMARY KEY, "titleType" TEXT, "primaryTitle" TEXT, "runtimeMinutes" INTEGER',
                         [(f"tt{i:07d}", rng.choice(["movie", "short", "tvEpisode"]), f"Title {i}", rng.randrange(5, 200))
                          for i in range(titles)]),
        "title_ratings": ('tconst TEXT, "averageRating" REAL, "numVotes" INTEGER',
                          [(f"tt{i:07d}", round(rng.uniform(1, 10), 1), rng.randrange(5, 90000)) for i in range(0, titles, 2)]),
        "tax_rates": ("rate_id INTEGER PRIMARY KEY, name TEXT, rate REAL", [(i, f"band {i}", round(0.05 * i, 2)) for i in range(1, 7)]),
        "orders": ("order_id INTEGER PRIMARY KEY, rate_id INTEGER, ordered_at TIMESTAMP, amount REAL",
                   [(i, rng.randrange(1, 7), f"2024-0{rng.randrange(1, 10)}-1{rng.randrange(10)} 10:00:00", round(rng.uniform(5, 900), 2))
                    for i in range(1, 3001)]),
    })


def _counts(model, name: str) -> list:
    e = next(e for e in model.entities if e.table.name == name)
    return [m for m in e.measures if m.agg == "count" and m.column is None and m.filter is None]


def test_many_things_with_an_averaged_value_are_counted(tmp_path):
    model, _ = infer(_db(tmp_path, 3000))
    titles = next(e for e in model.entities if e.table.name == "title_basics")
    assert titles.role == "dimension"
    assert {(m.agg, m.column) for m in titles.measures} >= {("avg", "runtimeMinutes")}
    assert _counts(model, "title_basics")
    assert not _counts(model, "tax_rates")  # six rates, averaged: a lookup


def test_a_short_list_with_an_averaged_value_is_no_thing_counted(tmp_path):
    """The control: the same titles, a few hundred of them, are a catalogue sliced by."""
    model, _ = infer(_db(tmp_path, 300))
    assert not _counts(model, "title_basics")
