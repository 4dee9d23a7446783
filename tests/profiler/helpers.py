"""Shared data for the profiler tests: a small table with hand-computed statistics, and names
that break any SQL built by string concatenation."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

# Table `t`; NULLs where None.
ROWS = [
    (1, "a", 1.50, "ann@example.com", "AB-1", "2024-01-01"),
    (2, "b", 2.50, "bob@example.com", "2020-01-05", "2024-01-01"),
    (3, "a", 3.00, "cy@example.com", "42", "2024-02-01"),
    (4, "a", None, "dee@example.com", "http://a.b", None),
    (5, None, 4.00, "eve@example.com", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "2024-03-01"),
    (6, "b", 1.00, "fay@example.com", "xyz", "2024-03-01"),
]
COLUMNS = "id INTEGER PRIMARY KEY, grp VARCHAR(5), amount DECIMAL(6,2), email VARCHAR(40), code VARCHAR(40), d DATE"


def insert_sql(quote=lambda n: n, table: str = "t") -> list[str]:
    out = []
    for row in ROWS:
        vals = ", ".join("NULL" if v is None else (repr(v) if isinstance(v, (int, float)) else "'" + v + "'") for v in row)
        out.append(f"INSERT INTO {quote(table)} VALUES ({vals})")
    return out


# Hand-computed truth for table `t` (stddev is the sample standard deviation).
EXPECTED = {
    "id": dict(null_count=0, distinct_count=6, min=1, max=6, mean=3.5, stddev=math.sqrt(3.5), top_values=[]),
    "grp": dict(null_count=1, distinct_count=2, min="a", max="b", min_length=1, max_length=1, avg_length=1.0,
                top_values=[("a", 3), ("b", 2)], patterns={}),
    "amount": dict(null_count=1, distinct_count=5, min=1, max=4, mean=2.4, stddev=math.sqrt(5.7 / 4), top_values=[]),
    "code": dict(null_count=0, distinct_count=6, min_length=2, max_length=36,
                 avg_length=(4 + 10 + 2 + 10 + 36 + 3) / 6, top_values=[],
                 # 2020-01-05 is an ISO date and also looks like a phone number: both classes count it.
                 patterns={"iso_date": 0.1667, "numeric": 0.1667, "integer": 0.1667, "url": 0.1667, "uuid": 0.1667, "phone": 0.1667}),
    "d": dict(null_count=1, distinct_count=3, min="2024-01-01", max="2024-03-01",
              top_values=[("2024-01-01", 2), ("2024-03-01", 2), ("2024-02-01", 1)]),
}

# Names that would break (or drop table x through) SQL built by concatenation.
HOSTILE_TABLE = "Robert'); DROP TABLE x;--"
HOSTILE_COLUMNS = ['select', 'we"ird col', "naïve ünïcode", "100% `tick` [br]"]


def check_profile(column: str, profile) -> None:
    want = EXPECTED[column]
    for key, value in want.items():
        got = getattr(profile, key)
        if key == "top_values":
            got = [(vc.value, vc.count) for vc in got]
            if column == "d":  # dates come back as text or date objects depending on the engine
                got = [(str(v)[:10], n) for v, n in got]
            assert got == value, (column, key, got)
        elif isinstance(value, float):
            assert got is not None and math.isclose(got, value, rel_tol=1e-6), (column, key, got, value)
        else:
            assert got == value, (column, key, got, value)
    assert profile.distinct_exact is True


def record_sql(monkeypatch, runner_class) -> list[str]:
    """Every SQL text a runner of `runner_class` is given from now on, in order (it still runs)."""
    seen: list[str] = []
    real = runner_class.run

    def recording(self, sql):
        seen.append(sql)
        return real(self, sql)

    monkeypatch.setattr(runner_class, "run", recording)
    return seen


def quote_rows(tickers: int = 6, days: int = 120) -> list[tuple]:
    """Daily quotes: a price wandering a little each day, a volume drawn anew (unique by chance)."""
    rnd = random.Random(11)
    rows = []
    for s in range(tickers):
        price = 50.0 + 40 * s
        for d in range(days):
            price *= 1 + rnd.gauss(0, 0.02)
            rows.append((date(2023, 1, 2) + timedelta(days=d), f"T{s}", round(price, 2), rnd.randint(1_000_000, 90_000_000)))
    return rows


def assert_same_series(ours, theirs) -> None:
    """Two snapshots of the same quotes followed the same steps, moving and straying alike."""
    a = {c.column: c for c in ours.evidence.series}
    b = {c.column: c for c in theirs.evidence.series}
    assert set(a) == set(b) == {"Close", "Volume"}
    for name in a:
        assert (a[name].steps, a[name].increases, a[name].decreases) == (b[name].steps, b[name].increases, b[name].decreases)
        assert abs(a[name].change - b[name].change) <= 1e-6 * a[name].change
        assert abs(a[name].spread - b[name].spread) <= 1e-6 * a[name].spread
        assert a[name].level == b[name].level
