"""Unix times kept as text (a CSV loaded into SQLite by sqlite3's .import: MovieLens' ratings and
tags, '964982703'): read as the instants they are, as the same numbers loaded as integers are.
As text of whole numbers they had been plain numbers, and a table of tags stamped each second
once had been keyed by its stamp."""

from __future__ import annotations

import random
import sqlite3

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics


def _movielens_like(path) -> str:
    rng = random.Random(3)
    con = sqlite3.connect(path)
    con.execute('CREATE TABLE movies ("movieId" TEXT, title TEXT, genres TEXT)')
    con.execute('CREATE TABLE ratings ("userId" TEXT, "movieId" TEXT, rating TEXT, "timestamp" TEXT)')
    con.execute('CREATE TABLE tags ("userId" TEXT, "movieId" TEXT, tag TEXT, "timestamp" TEXT)')
    for m in range(1, 301):
        con.execute("INSERT INTO movies VALUES (?, ?, ?)", (str(m), f"Movie {m} (1995)", "Comedy|Drama"))
    # Nine and ten digits: 1996 to 2018, the 2001 turn in between (text orders '999...' last).
    for u in range(1, 61):
        for m in rng.sample(range(1, 301), 20):
            con.execute("INSERT INTO ratings VALUES (?, ?, ?, ?)", (str(u), str(m), str(rng.randrange(1, 11) / 2),
                                                                     str(rng.randrange(828124615, 1537799250))))
    # Ten digits only: 2006 to 2018; every stamp its own.
    for k in range(400):
        con.execute("INSERT INTO tags VALUES (?, ?, ?, ?)", (str(rng.randrange(1, 61)), str(rng.randrange(1, 301)), f"tag{k % 9}",
                                                             str(1137179352 + k * 7919)))
    con.commit()
    con.close()
    return str(path)


def test_unix_times_kept_as_text_are_times(tmp_path):
    source = _movielens_like(tmp_path / "ml.db")
    diags = Diagnostics()
    snap = snapshot(source, diags=diags)
    result = compile_snapshot(snap, ["lookml"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    model = result.model.entity_index()
    for name in ("ratings", "tags"):
        e = model[name]
        times = {t.column: t for t in e.time_dimensions}
        assert times["timestamp"].data_type == "timestamp_tz", name
        assert e.time_axis is not None and e.time_axis.dimension == times["timestamp"].name, name
        assert "timestamp" not in e.primary_key, name
        sql = f'SELECT MIN({times["timestamp"].expr}), MAX({times["timestamp"].expr}) FROM "{name}"'
        con = sqlite3.connect(source)
        low, high = con.execute(sql).fetchone()
        want = con.execute(f"SELECT DATETIME(MIN(CAST(\"timestamp\" AS INTEGER)), 'unixepoch'), "
                           f"DATETIME(MAX(CAST(\"timestamp\" AS INTEGER)), 'unixepoch') FROM \"{name}\"").fetchone()
        assert (low, high) == want, name
    assert model["ratings"].role in ("fact", "event")
    assert not any(m.column == "timestamp" for m in model["ratings"].measures)
