"""Balances that are what remains open of their own row: on a table holding a number named as a
balance (`OutstandingBalance`, `saldo`) beside other numbers, the rows where the balance's
magnitude stays within each other number's are counted. Wide World Importers' customer
transactions carry the part of each invoice still unpaid: never beyond the row's own
`TransactionAmount`, 0 once paid. Summed over the rows it is the total still owed, where a balance
carried from row to row (an account's balance after each transaction) passes the amount of
single rows, and is averaged or taken at its latest (derive_measures).

One query per such table, every pair at once:

    SELECT COUNT(b1), SUM(CASE WHEN ABS(b1) <= ABS(a1) THEN 1 ELSE 0 END), ... FROM t

Nothing on a sampled table, nor on one of more than MAX_ROWS rows; at most MAX_COLUMNS numbers
beside the balances.
"""

from __future__ import annotations

from compiler.diagnostics import PR003, Diagnostics
from compiler.profiler import queries as q
from compiler.profiler.options import ProfileOptions, tables_read_whole
from compiler.profiler.profile import data_type
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from compiler.value_words import names_balance
from ir.evidence import OpenAmounts
from ir.snapshot import Snapshot

MAX_ROWS = 5_000_000
MAX_COLUMNS = 12
NUMBERS = {"integer", "decimal", "float"}


def gather_open_amounts(snapshot: Snapshot, runner: Runner, options: ProfileOptions, diags: Diagnostics) -> list[OpenAmounts]:
    found: list[OpenAmounts] = []
    for t in tables_read_whole(snapshot, options, MAX_ROWS):
        keys = set(t.primary_key) | {c for fk in t.foreign_keys for c in fk.columns}
        numbers = [c for c in t.columns if c.profile is not None and not c.profile.redacted and data_type(c, runner.dialect) in NUMBERS
                   and c.name not in keys]
        balances = [c.name for c in numbers if names_balance(c.name)]
        others = [c.name for c in numbers if c.name not in balances][:MAX_COLUMNS]
        if not balances or not others:
            continue
        try:
            (row,) = runner.run(_query(t, balances, others, runner.dialect))
        except (QueryFailed, QueryTimeout) as e:
            diags.report(PR003, f"open amount check of {t.key} skipped: {e}", t.key)
            continue
        step = 1 + len(others)
        for i, b in enumerate(balances):
            part = row[i * step:(i + 1) * step]
            found.append(OpenAmounts(table_key=t.key, balance=b, rows=int(part[0] or 0),
                                     within={o: int(n or 0) for o, n in zip(others, part[1:])}))
    return found


def _query(t, balances: list[str], others: list[str], dialect: str) -> str:
    src = q.source_sql(q.table_expr(t.name, t.schema_), None, dialect)
    parts = []
    for b in balances:
        qb = q.quote(b, dialect)
        parts.append(f"COUNT({qb})")
        parts += [f"SUM(CASE WHEN ABS({qb}) <= ABS({q.quote(o, dialect)}) THEN 1 ELSE 0 END)" for o in others]
    return f"SELECT {', '.join(parts)} FROM {src}"
