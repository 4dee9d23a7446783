"""Values an order's lines repeat: on a table keyed by a transaction's identifier and a line
ordinal (an order's number and its line number, declared or the grain the database proved), each
numeric column counted for the transactions within which it varies. An order's total or freight
kept on each of its lines (SSB's lo_ordtotalprice) varies within none: it is the order's figure,
and summed or averaged over the lines it counts an order once a line (derive_measures).

One query per such table, every numeric non-key column at once:

    SELECT COUNT(*), SUM(CASE WHEN n > 1 ...), SUM(CASE WHEN lo1 <> hi1 OR ... THEN 1 ELSE 0 END), ...
    FROM (SELECT COUNT(*) AS n, MIN(v1) AS lo1, MAX(v1) AS hi1, COUNT(v1) AS c1, ... FROM t GROUP BY order) s

A value set on some lines of a transaction and empty on others varies within it. Nothing on a
sampled table, nor on one of more than MAX_ROWS rows; at most MAX_COLUMNS columns.
"""

from __future__ import annotations

from compiler.diagnostics import PR003, Diagnostics
from compiler.profiler import queries as q
from compiler.profiler.grain import is_line_ordinal
from compiler.profiler.options import ProfileOptions, tables_read_whole
from compiler.profiler.profile import data_type
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from ir.catalog import Table
from ir.evidence import GrainCheck, LineConstancy, grains_by_table
from ir.snapshot import Snapshot

MAX_ROWS = 2_000_000
MAX_COLUMNS = 24
NUMBERS = {"integer", "decimal", "float"}


def line_key(t: Table, key: list[str], dialect: str) -> tuple[str, str] | None:
    """(transaction, line) of a key of two columns, one a whole number named as a line ordinal and
    the other not; None otherwise."""
    if len(key) != 2:
        return None
    lines = [c for c in key if (col := t.column(c)) is not None and is_line_ordinal(c, data_type(col, dialect))]
    if len(lines) != 1:
        return None
    line = lines[0]
    return next(c for c in key if c != line), line


def gather_line_constancy(snapshot: Snapshot, runner: Runner, options: ProfileOptions, grains: list[GrainCheck] | None,
                          diags: Diagnostics) -> list[LineConstancy]:
    proven = {k: g.columns for k, g in grains_by_table(grains).items()}
    found: list[LineConstancy] = []
    for t in tables_read_whole(snapshot, options, MAX_ROWS):
        keys = line_key(t, list(t.primary_key or proven.get(t.key, [])), runner.dialect)
        if keys is None:
            continue
        order, line = keys
        values = [c.name for c in t.columns if c.name not in keys and c.profile is not None and not c.profile.redacted
                  and data_type(c, runner.dialect) in NUMBERS][:MAX_COLUMNS]
        if not values:
            continue
        try:
            (row,) = runner.run(_query(t, order, values, runner.dialect))
        except (QueryFailed, QueryTimeout) as e:
            diags.report(PR003, f"line check of {t.key} skipped: {e}", t.key)
            continue
        found.append(LineConstancy(table_key=t.key, transaction=order, line=line, transactions=int(row[0] or 0),
                                   several_lines=int(row[1] or 0),
                                   varying={v: int(n or 0) for v, n in zip(values, row[2:])}))
    return found


def _query(t: Table, order: str, values: list[str], dialect: str) -> str:
    src = q.source_sql(q.table_expr(t.name, t.schema_), None, dialect)
    inner = ["COUNT(*) AS n"]
    outer = ["COUNT(*)", "SUM(CASE WHEN n > 1 THEN 1 ELSE 0 END)"]
    for i, v in enumerate(values):
        c = q.quote(v, dialect)
        inner += [f"MIN({c}) AS lo{i}", f"MAX({c}) AS hi{i}", f"COUNT({c}) AS c{i}"]
        outer.append(f"SUM(CASE WHEN lo{i} <> hi{i} OR (c{i} > 0 AND c{i} < n) THEN 1 ELSE 0 END)")
    return (f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {src} "
            f"GROUP BY {q.quote(order, dialect)}) s")
