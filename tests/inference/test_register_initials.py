"""A code of a register named by the register's initials (BTS's OriginWac and DestWac, World Area
Codes): a few of the register's many codes, sparse in its range, so their values alone fill too
little of its key to join it; the name says whose codes they are, and they are never summed."""

from __future__ import annotations

import random

import pytest

from tests.inference.build import edges, infer, sqlite_db

CODES = sorted({1, 2, 3, 4, 5, 11, 13, 22, 33, 34, 41, 74, 81, 82, 91, 93, 106, 110, 204, 315, 427, 491, 736, 802, 901, 906})
USED = [13, 22, 33, 34, 41, 74, 81, 82, 91]


@pytest.mark.parametrize("register, origin, dest", [
    ("L_WORLD_AREA_CODES", "OriginWac", "DestWac"),
    ("world_area_codes", "origin_wac", "dest_wac"),
    ("standard_industry_classes", "buyer_sic", "seller_sic"),
])
def test_a_code_named_by_its_registers_initials_joins_it(tmp_path, register, origin, dest):
    rng = random.Random(9)
    rows = [(i, rng.choice(USED), rng.choice(USED), round(rng.uniform(50, 2800), 1)) for i in range(800)]
    db = sqlite_db(tmp_path / "t.sqlite", {
        register: ('"Code" INTEGER, "Description" TEXT', [(c, f"Area {c}") for c in CODES]),
        "On_Time": (f'"Flight" INTEGER, "{origin}" INTEGER, "{dest}" INTEGER, "Distance" REAL', rows),
    })
    model, _ = infer(db)
    found = edges(model)
    assert ("On_Time", origin, register, "Code") in found and ("On_Time", dest, register, "Code") in found
    facts = next(e for e in model.entities if e.table.name == "On_Time")
    summed = {m.expr or m.column or "" for m in facts.measures if m.agg in ("sum", "average")}
    assert any("Distance" in x for x in summed) and not any(origin in x or dest in x for x in summed)


def test_numbers_whose_name_is_no_registers_initials_stay_numbers(tmp_path):
    """The control: the same numbers named as none of the register's initials (a gate, a
    distance's band: wa, ac) are not its codes by their values alone."""
    rng = random.Random(9)
    rows = [(i, rng.choice(USED), round(rng.uniform(50, 2800), 1)) for i in range(800)]
    db = sqlite_db(tmp_path / "t.sqlite", {
        "L_WORLD_AREA_CODES": ('"Code" INTEGER, "Description" TEXT', [(c, f"Area {c}") for c in CODES]),
        "On_Time": ('"Flight" INTEGER, "TaxiMinutes" INTEGER, "Distance" REAL', rows),
    })
    model, _ = infer(db)
    assert not any(e[1] == "TaxiMinutes" for e in edges(model))
