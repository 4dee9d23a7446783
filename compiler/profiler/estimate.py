"""Distinct counts of a whole table estimated from a sample's frequency profile.

A sample's own distinct count says little about the table's: a value seen once in a 5% sample
may stand for one value or for twenty. What does say something is how often values repeat
within the sample: f1 values seen once, f2 seen twice, and so on. Two estimates are computed
and the larger is kept:

* Chao and Lin's bound for sampling without replacement (2012), which needs no assumption about
  the value distribution: D = d + f1^2 / (2 f2 n / (n - 1) + f1 q / (1 - q)), where d is the
  distinct count in the sample, n its non-null values and q the share of the table's rows it
  holds. When every sampled value is different (f2 = 0) it scales the sample to the table (d / q).
* the random-draw estimate: the table's N values taken as drawn at random from M possible ones,
  M being the number for which the sample's n draws show its d values; then D = M (1 - e^(-N/M)).
  Right for columns whose values repeat about evenly (hashes, codes, foreign keys), and the
  sample's all-different columns scale to the table.

Heavily skewed columns (a few values taking most rows, a long tail of rare ones) hide their
tail from any sample: both err low there, and columns whose every value occurs exactly twice
come out high. So the result is recorded as an estimate (`distinct_source: sample`), never as
exact, and no key decision rests on it.
"""

from __future__ import annotations

import math

from sqlglot import exp

from compiler.profiler import queries as q
from compiler.profiler.sampling import SEED

_ROWS = "mb_rows"


def frequency_query(table: exp.Table, plans: list[q.ColumnPlan], dialect: str, sampling, row_percent: float | None = None) -> str:
    """Rows (column index, times a value occurs in the sample, how many values occur that often).

    `row_percent` (PostgreSQL): count them on a BERNOULLI sample of that percent of the rows
    instead of on `sampling`."""
    def build() -> str:
        c = q._col(q._COL)
        per_value = (
            exp.select(exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True))
            .from_(q._placeholder_table(q._TBL))
            .where(exp.Not(this=exp.Is(this=c.copy(), expression=exp.Null())))
            .group_by(c.copy())
        )
        return (
            exp.select(exp.alias_(exp.Literal.number(q._IDX), "i", quoted=True), q._col("n"),
                       exp.alias_(exp.Count(this=exp.Star()), "f", quoted=True))
            .from_(per_value.subquery(exp.to_identifier(q._SUB, quoted=True)))
            .group_by(q._col("n"))
            .sql(dialect=dialect)
        )

    template = q._template(dialect, ("frequencies",), build)
    prefix, source = "", q.source_sql(table, sampling, dialect)
    if row_percent is not None:
        # Block sampling (SYSTEM) reads whole pages: rows stored together (a date in an
        # append-only table) come together, and the sample's values look far more repeated than
        # the table's. Rows taken one by one (BERNOULLI, one scan for all columns) do not.
        columns = ", ".join(q.quote(p.name, dialect) for p in plans)
        rows = f"{table.sql(dialect=dialect)} TABLESAMPLE BERNOULLI ({row_percent:g}) REPEATABLE ({SEED})"
        prefix = f"WITH {q.quote(_ROWS, dialect)} AS MATERIALIZED (SELECT {columns} FROM {rows}) "
        source = q.quote(_ROWS, dialect)
    return prefix + " UNION ALL ".join(
        q._fill(template, dialect, {q._COL: q.quote(p.name, dialect), q._TBL: source, q._IDX: str(p.index),
                                    q._SUB: q.quote(f"t{p.index}", dialect)})
        for p in plans)


def read_frequencies(rows: list[tuple]) -> dict[int, dict[int, int]]:
    """Column index -> {occurrences in the sample: number of values}."""
    out: dict[int, dict[int, int]] = {}
    for index, n, f in rows:
        out.setdefault(int(index), {})[int(n)] = int(f)
    return out


def estimate_distinct(frequencies: dict[int, int], share: float, table_non_null: float | None = None) -> int:
    """The table's distinct count estimated from a sample's frequency profile: the larger of
    Chao-Lin's bound and the random-draw estimate (see the module docstring).

    `frequencies`: {k: values seen k times}; `share`: the sample's rows over the table's (0 < share);
    `table_non_null`: the table's non-null values, if known (else the sample's scaled up)."""
    d = sum(frequencies.values())
    n = sum(k * f for k, f in frequencies.items())
    if d == 0 or share >= 1:
        return d
    total = table_non_null if table_non_null is not None else n / share
    # Each row the sample missed can add at most one value.
    ceiling = d + max(0.0, total - n)
    best = max(_chao_lin(frequencies, d, n, share), _uniform_draws(d, n, total, ceiling))
    return int(round(max(d, min(best, ceiling))))


def _chao_lin(frequencies: dict[int, int], d: int, n: int, share: float) -> float:
    f1, f2 = frequencies.get(1, 0), frequencies.get(2, 0)
    if f1 == 0:
        return d
    denominator = (2 * f2 * n / (n - 1) if n > 1 else 0.0) + f1 * share / (1 - share)
    return d + f1 * f1 / denominator if denominator > 0 else d / share


def _uniform_draws(d: int, n: int, total: float, ceiling: float) -> float:
    """The distinct count of a table whose `total` values were drawn at random from M possible
    ones, M being the number that makes `n` such draws show `d` distinct values:
    d = M (1 - e^(-n/M)), then D = M (1 - e^(-total/M))."""
    if d >= n:
        return ceiling  # nothing repeated in the sample: no sign of a limit

    def seen(m: float, draws: float) -> float:
        return m * -math.expm1(-draws / m)

    lo, hi = float(d), float(d)
    while seen(hi, n) < d and hi < 1e15:
        hi *= 2
    for _ in range(100):  # seen() grows with M: bisect
        mid = (lo + hi) / 2
        if seen(mid, n) < d:
            lo = mid
        else:
            hi = mid
    return seen((lo + hi) / 2, total)
