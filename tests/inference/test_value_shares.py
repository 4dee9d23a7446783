"""Value-class shares judge each distinct text once: the same shares as judging every value."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

import pytest

from compiler.classification import values as v

TODAY = dt.date(2026, 1, 1)


def _one_by_one(values, today):
    """The shares as defined: every non-null value's text judged on its own."""
    values = [x for x in values if x is not None]
    if not values:
        return {}
    counts = Counter()
    for x in values:
        t = v._text(x)
        if t is not None:
            for name, test in v.TEXT_CLASSES.items():
                if (len(t) <= v.MAX_TEXT or name in v.SECRET_CLASSES) and test(t):
                    counts[name] += 1
    out = {name: round(n / len(values), 4) for name, n in counts.items()}
    dates = [d for d in map(v._date, values) if d is not None]
    if dates and max(d.year for d in dates) - min(d.year for d in dates) >= v.BIRTH_SPREAD_YEARS:
        lo, hi = today.year - v.OLDEST_YEARS, today.year - v.ADULT_YEARS
        birth = sum(lo <= d.year <= hi for d in dates) / len(dates)
        if birth:
            out["birth_date"] = round(birth, 4)
    return dict(sorted(out.items()))


POOLS = {
    "text": ["ann@example.com", " bob@example.org ", "", "  ", "Main Street 12", "John Smith", "1985-03-04", "2001-12-31 10:00",
             "4111 1111 1111 1111", "DE89370400440532013000", "+1 555 010 2030", "192.168.0.1", "open", "1961-07-01", None],
    "int": [0, 7, 42, 4111111111111111, 5550102030, -3, None],
    "mixed": [Decimal("1.0"), Decimal("1.00"), 1, 1.0, True, dt.date(1970, 1, 1), dt.datetime(1999, 5, 5, 1, 2), "1980-01-01", None],
    "dates": [dt.date(1950 + i, 1, 1) for i in range(0, 70, 7)] + [None],
}


@pytest.mark.parametrize("pool", sorted(POOLS))
@pytest.mark.parametrize("seed", range(5))
def test_shares_equal_judging_every_value(pool, seed):
    rng = random.Random(seed)
    values = [rng.choice(POOLS[pool]) for _ in range(rng.randint(0, 300))]
    assert v.shares(values, TODAY) == _one_by_one(values, TODAY)


def test_birth_date_share_counts_repeated_dates():
    dates = [dt.date(1960, 1, 1)] * 3 + [dt.date(2020, 1, 1)]
    assert v.birth_date_share(dates, TODAY) == 0.75


@pytest.mark.parametrize("value", ["CT-16APR-Caltrain-Weekday-01", "Route-Summer-Weekday-2023", "service_weekday_2023_v2"])
def test_words_joined_by_separators_are_no_token(value):
    """A transit feed's service ids: readable words in one case each, joined by dashes. Their
    character entropy is a token's; taken for secrets, they were left out of the model, and the
    calendar lost its key and every join."""
    assert not v.is_token(value)


@pytest.mark.parametrize("value", ["Xk3_9fQz-Lm2P0aBc7dE", "f3kd9_qpz2m_x8rt4_kd02w", "a8Fj2kLq9ZpX0vB7nM3c"])
def test_random_text_with_separators_is_still_a_token(value):
    assert v.is_token(value)


@pytest.mark.parametrize("value,phone", [
    ("0005432000987", False), ("+0123456789", False),  # no country code begins with 0: zero-padded numbers (tickets)
    ("0049301234567", True), ("+49 30 1234567", True), ("00 44 20 7946 0958", True), ("0301234567", True),
])
def test_a_zero_padded_number_dials_no_country(value, phone):
    assert v.is_phone(value) is phone
    assert (v.shares([value] * 5).get("phone_number", 0) > 0) is phone
