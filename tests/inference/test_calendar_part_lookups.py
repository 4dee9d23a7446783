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


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_month_joins_the_lookup_of_months(tmp_path, style):
    """The control: a column named as the month (1..12) is one, and joins the lookup of months its
    numbers key."""
    s = STYLES[style]
    month = {"bts": "Month", "snake": "month", "german": "monat_nr"}[style]
    rng = random.Random(7)
    rows = [(i, rng.randint(1, 12), round(rng.uniform(50, 2800), 1)) for i in range(600)]
    db = sqlite_db(tmp_path / "t.sqlite", {
        s["months"]: (f'"{s["code"]}" INTEGER PRIMARY KEY, "{s["desc"]}" TEXT', [(m, f"Month {m}") for m in range(1, 13)]),
        s["facts"]: (f'trip_no INTEGER, "{month}" INTEGER, "{s["value"]}" REAL', rows),
    })
    model, _ = infer(db)
    assert (s["facts"], month, s["months"], s["code"]) in edges(model)


@pytest.mark.parametrize("lookup, column, size", [("iso_regions", "area", 12), ("weekend_rates", "band", 10),
                                                  ("fiscal_programs", "program", 11), ("holiday_packages", "package", 12)])
def test_a_lookup_named_with_a_calendar_word_but_no_period_joins_by_its_numbers(tmp_path, lookup, column, size):
    """ISO regions, weekend rates, holiday packages: named with a calendar word (iso, weekend,
    fiscal, holiday) but no lookup of the calendar's periods (months, weekdays), so a column of
    their small numbers refers to them as to any other lookup."""
    rng = random.Random(11)
    rows = [(i, rng.randint(1, size), round(rng.uniform(50, 2800), 1)) for i in range(600)]
    db = sqlite_db(tmp_path / "t.sqlite", {
        lookup: ('id INTEGER PRIMARY KEY, name TEXT', [(k, f"{lookup} {k}") for k in range(1, size + 1)]),
        "On_Time": (f'trip_no INTEGER, "{column}" INTEGER, "Distance" REAL', rows),
    })
    model, _ = infer(db)
    assert ("On_Time", column, lookup, "id") in edges(model)


DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DAYS_ES = ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"]


@pytest.mark.parametrize("weekdays, column, names, unknown", [
    ("L_WEEKDAYS", "DayOfWeek", DAYS_EN, True),  # BTS: 1..7 and 9 "Unknown"
    ("weekdays", "day_of_week", DAYS_EN, False),
    ("wochentage", "wochentag", DAYS_EN, False),
    ("dias", "dia_semana", DAYS_ES, False),  # named as days only: its names say they are the week's
])
def test_a_day_of_the_week_joins_the_lookup_of_weekdays_not_the_months(tmp_path, weekdays, column, names, unknown):
    """A day of the week 1..7 sits in a lookup of months keyed 1..12 as well as in the lookup of
    weekdays: each part of the calendar joins the lookup of its own period (by the lookup's names
    of days, or its name), even where that lookup keeps a code of its own for an unknown day."""
    rng = random.Random(3)
    rows = [(i, rng.randint(1, 12), rng.randint(1, 7), rng.randint(1, 4), round(rng.uniform(50, 2800), 1)) for i in range(600)]
    listed = [(d, n) for d, n in enumerate(names, 1)] + ([(9, "Unknown")] if unknown else [])
    db = sqlite_db(tmp_path / "t.sqlite", {
        "L_MONTHS": ('"Code" INTEGER PRIMARY KEY, "Description" TEXT', [(m, f"Month {m}") for m in range(1, 13)]),
        weekdays: ('"Code" INTEGER PRIMARY KEY, "Description" TEXT', listed),
        "On_Time": (f'trip_no INTEGER, "Month" INTEGER, "{column}" INTEGER, "Quarter" INTEGER, "Distance" REAL', rows),
    })
    model, _ = infer(db)
    found = edges(model)
    assert ("On_Time", column, weekdays, "Code") in found
    assert ("On_Time", "Month", "L_MONTHS", "Code") in found
    assert not any(e[1] == "Quarter" for e in found)  # quarters 1..4 are no months, nor days
