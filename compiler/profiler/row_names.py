"""The names of the rows of a table of a few rows, by its key: a table of scenarios (1 Actual,
2 Budget, 3 Forecast), whose names say what the facts keyed into it hold. The profile keeps no
top values of a column unique on every row, and never pairs two columns' values; this reads them.

One query per table of 2 to MAX_ROWS rows keyed by one column, its text columns unique on every
row read with the key:

    SELECT CAST(key AS text), name1, name2 FROM t   (the dialect's own text type: CHAR on MySQL)

Nothing on a sampled table, nor of a redacted or long text column.
"""

from __future__ import annotations

from compiler.diagnostics import PR003, Diagnostics
from compiler.profiler import queries as q
from compiler.profiler.options import ProfileOptions, tables_read_whole
from compiler.profiler.profile import data_type
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from ir.evidence import RowNames
from ir.snapshot import Snapshot

MAX_ROWS = 8
MAX_COLUMNS = 4
MAX_LENGTH = 40


def gather_row_names(snapshot: Snapshot, runner: Runner, options: ProfileOptions, diags: Diagnostics) -> list[RowNames]:
    found: list[RowNames] = []
    for t in tables_read_whole(snapshot, options, MAX_ROWS):
        if len(t.primary_key) != 1 or t.column(t.primary_key[0]) is None:
            continue
        key = t.primary_key[0]
        names = [c.name for c in t.columns if c.name != key and data_type(c, runner.dialect) == "string" and c.profile is not None
                 and not c.profile.redacted and c.profile.null_count == 0 and c.profile.distinct_count == t.row_count
                 and (c.profile.max_length or 0) <= MAX_LENGTH][:MAX_COLUMNS]
        if not names:
            continue
        cols = ", ".join(q.quote(n, runner.dialect) for n in names)
        sql = f"SELECT {q.text_of(key, runner.dialect)}, {cols} FROM {q.source_sql(q.table_expr(t.name, t.schema_), None, runner.dialect)}"
        try:
            rows = runner.run(sql)
        except (QueryFailed, QueryTimeout) as e:
            diags.report(PR003, f"row names of {t.key} skipped: {e}", t.key)
            continue
        if len(rows) > MAX_ROWS or any(r[0] is None for r in rows):
            continue
        rows = sorted(rows, key=lambda r: (0, len(str(r[0])), str(r[0])) if str(r[0]).isdigit() else (1, 0, str(r[0])))  # 2 before 10
        found.append(RowNames(table_key=t.key, key=key, names={
            n: {str(r[0]): str(r[i + 1]) for r in rows} for i, n in enumerate(names)}))
    return found
