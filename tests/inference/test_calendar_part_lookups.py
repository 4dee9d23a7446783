"""A lookup of a calendar's parts (months keyed 1..12, in any naming style) holds the small numbers
of any bucket: a distance group 1..11 fills nearly all of it by its values, and is no month."""

from __future__ import annotations

import random

import pytest

from tests.inference.build import edges, infer, sqlite_db

STYLES = {
    "bts": dict(months="L_MONTHS", code="Code", desc="Description", facts="On_Time", bucket="DistanceGroup", value="Distance"),
    "snake": dict(months="months", code="id", desc="name", facts="trips", bucket="fare_band", value="fare"),
    "german": dict(months="monat", code="nr", desc="bezeichnung", facts="fahrten", bucket="entfernungsgruppe", value="entfernung"),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_bucket_numbered_like_the_months_is_no_month(tmp_path, style):
    s = STYLES[style]
    rng = random.Random(5)
    rows = [(i, 1 + min(10, int(rng.expovariate(1 / 3))), round(rng.uniform(50, 2800), 1)) for i in range(600)]
    db = sqlite_db(tmp_path / "t.sqlite", {
        s["months"]: (f'"{s["code"]}" INTEGER PRIMARY KEY, "{s["desc"]}" TEXT', [(m, f"Month {m}") for m in range(1, 13)]),
        s["facts"]: (f'trip_no INTEGER, "{s["bucket"]}" INTEGER, "{s["value"]}" REAL', rows),
    })
    model, _ = infer(db)
    assert not any(e[1] == s["bucket"] for e in edges(model))
