"""Rates kept on each row beside the two numbers they divide: a school's share of pupils eligible
for free meals kept beside its free meal count and its enrollment (BIRD's frpm), a margin beside
the profit and the revenue, a tax rate beside the tax and the net amount. Summed or averaged over
rows such a rate says nothing; the figure people report is the ratio of the sums. The profile
tells which columns may be rates (all values within 0..1 or 0..100); this proves which two
numbers each divides, on the rows.

One query per MAX_CHECKS triples of a table, every candidate (rate r, numerator a,
denominator b) at once:

    SELECT SUM(CASE WHEN b <> 0 AND a IS NOT NULL AND r IS NOT NULL THEN 1 ELSE 0 END),
           SUM(CASE WHEN b <> 0 AND ABS(r - a / b) <= tol THEN 1 ELSE 0 END),        -- a share
           SUM(CASE WHEN b <> 0 AND ABS(r - 100 * a / b) <= tol THEN 1 ELSE 0 END),  -- a percent
           SUM(CASE WHEN b <> 0 AND a <> 0 AND ABS(r - ...) <= tol ...), ...         -- the same, a not 0
    FROM t

a and b read as doubles (integer division, and MySQL's four-decimal one, would round the ratio).
The tolerance is half the last decimal the rate keeps: its declared scale (DECIMAL(5,4): 0.00005),
else for a float two decimals of a share (0.005) or whole percents (0.5). A rate is a share
when it never exceeds 1, else a percent; a/b is at most 1 (or 100 %) on each row only when
a <= b, so a pair is a candidate only when max(a) <= max(b). Shares and numbers the same on
every row divide nothing. Nothing on a sampled table, nor on one of more than
MAX_ROWS rows.
"""

from __future__ import annotations

import re

from sqlglot import exp

from compiler.diagnostics import PR003, Diagnostics
from compiler.profiler import queries as q
from compiler.profiler.options import ProfileOptions, tables_read_whole
from compiler.profiler.profile import data_type
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from compiler.value_words import ID, name_words
from ir.catalog import Column, Table
from ir.evidence import RowRatio
from ir.snapshot import Snapshot

MAX_ROWS = 5_000_000
MAX_RATES = 8  # rate columns per table
MAX_OPERANDS = 16  # numbers per table a rate may divide
MAX_CHECKS = 150  # triples per query
MAX_TRIPLES = 480  # triples per table
NUMBERS = {"integer", "decimal", "float"}
# A rate proven on the rows: this share of the rows compared match, and this many of them with
# a numerator other than 0 (a rate of 0 over 0 of anything proves nothing).
MATCH_SHARE = 0.99
MIN_ROWS = 20
_SCALE = re.compile(r"\(\s*\d+\s*,\s*(\d+)\s*\)")


def _number(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _scale(col: Column) -> int | None:
    """The declared decimals of a DECIMAL(p, s) column; None for a float or an undeclared scale."""
    m = _SCALE.search(col.type or "")
    return int(m.group(1)) if m else None


def _tolerance(col: Column, dtype: str, percent: bool) -> float | None:
    """Half the last decimal the rate keeps, a little widened for floating point error."""
    if dtype == "integer":
        return 0.5 + 1e-9 if percent else None  # whole percents; a 0/1 column is a flag, no share
    scale = _scale(col) if dtype == "decimal" else None
    if scale is not None:
        return 0.5 * 10 ** -scale + 1e-9
    return (0.5 if percent else 0.005) + 1e-9


def _bounds(col: Column) -> tuple[float, float] | None:
    p = col.profile
    if p is None or p.redacted:
        return None
    lo, hi = _number(p.min), _number(p.max)
    return None if lo is None or hi is None else (lo, hi)


def _named_as_key(name: str) -> bool:
    ws = name_words(name)
    return bool(ws) and ws[-1] in ID


def candidates(t: Table, dialect: str) -> list[tuple[str, str, str, str, float]]:
    """(rate, numerator, denominator, scale, tolerance) to check: rates by their profile, pairs of
    the table's other numbers that could give them, in column order, bounded: each rate its even
    part of MAX_TRIPLES, so a table of many rates checks every one."""
    keys = set(t.primary_key) | {c for fk in t.foreign_keys for c in fk.columns}
    # A key, declared or named so, divides nothing, and fills the bounded operands a table of
    # many references (an ORM's journal lines) has before its amounts.
    numbers = [(c, data_type(c, dialect)) for c in t.columns if data_type(c, dialect) in NUMBERS
               and c.name not in keys and not _named_as_key(c.name)]
    bounds = {c.name: b for c, _ in numbers if (b := _bounds(c)) is not None}
    rates = [(c, dt) for c, dt in numbers if c.name in bounds and bounds[c.name][0] >= 0 and 0 < bounds[c.name][1] <= 100
             and (c.profile.distinct_count or 0) > 2][:MAX_RATES]
    shares = {c.name for c, _ in rates if bounds[c.name][1] <= 1}
    # A share divides nothing, and a number the same on every row is no part of a ratio that varies.
    operands = [c.name for c, _ in numbers if c.name in bounds and bounds[c.name][1] > 0 and c.name not in shares
                and (c.profile.distinct_count or 0) > 1][:MAX_OPERANDS]
    budget = MAX_TRIPLES // max(1, len(rates))
    out: list[tuple[str, str, str, str, float]] = []
    for r, dt in rates:
        # Values never beyond 1 are a share (a percent below 1% on every row is no percent read).
        scale = "share" if bounds[r.name][1] <= 1 else "percent"
        tol = _tolerance(r, dt, scale == "percent")
        if tol is None:
            continue
        mine = [(r.name, a, b, scale, tol) for a in operands for b in operands
                if len({r.name, a, b}) == 3 and bounds[a][1] <= bounds[b][1]]
        out += mine[:budget]
    return out


def gather_row_ratios(snapshot: Snapshot, runner: Runner, options: ProfileOptions, diags: Diagnostics) -> list[RowRatio]:
    found: list[RowRatio] = []
    for t in tables_read_whole(snapshot, options, MAX_ROWS, MIN_ROWS):
        checks = candidates(t, runner.dialect)
        for start in range(0, len(checks), MAX_CHECKS):
            chunk = checks[start:start + MAX_CHECKS]
            try:
                (row,) = runner.run(_query(t, chunk, runner.dialect))
            except (QueryFailed, QueryTimeout) as e:
                diags.report(PR003, f"rate check of {t.key} skipped: {e}", t.key)
                break
            for i, (r, a, b, s, _tol) in enumerate(chunk):
                compared, matched, nonzero = (int(v or 0) for v in row[3 * i:3 * i + 3])
                if compared and matched >= MATCH_SHARE * compared and nonzero >= MIN_ROWS:
                    found.append(RowRatio(table_key=t.key, column=r, numerator=a, denominator=b, scale=s,
                                          rows=compared, matched=matched))
    return found


def _query(t: Table, checks: list[tuple[str, str, str, str, float]], dialect: str) -> str:
    def col(name: str) -> str:
        return q.quote(name, dialect)

    def double(name: str) -> str:
        return q.as_double(exp.column(name, quoted=True), dialect).sql(dialect=dialect)

    parts: list[str] = []
    for r, a, b, s, tol in checks:
        ratio = f"{double(a)} / {double(b)}"
        if s == "percent":
            ratio = f"100 * {ratio}"
        close = f"ABS({col(r)} - {ratio}) <= {tol:.12f}"
        parts += [
            f"SUM(CASE WHEN {col(b)} <> 0 AND {col(a)} IS NOT NULL AND {col(r)} IS NOT NULL THEN 1 ELSE 0 END)",
            f"SUM(CASE WHEN {col(b)} <> 0 AND {close} THEN 1 ELSE 0 END)",
            f"SUM(CASE WHEN {col(b)} <> 0 AND {col(a)} <> 0 AND {close} THEN 1 ELSE 0 END)",
        ]
    return f"SELECT {', '.join(parts)} FROM {q.source_sql(q.table_expr(t.name, t.schema_), None, dialect)}"
