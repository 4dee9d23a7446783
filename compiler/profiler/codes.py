"""Which codes a sparse number is set under: one GROUP BY per code column of few values.

A number empty on some rows may be set only on rows of some kinds: a vote's bounty amount on
votes of type 8 (a bounty offered) and 9 (awarded), and nowhere else. Added up over both kinds
it means nothing; derive_measures adds it up per kind. For each code column of a table (whole
numbers or short text of 2 to CODE_VALUES values, counted exactly on the whole table), one query
counts the values of every numeric column with NULLs per code:

    SELECT CAST(code AS text), COUNT(a), COUNT(b) FROM t WHERE code IS NOT NULL GROUP BY code

and each number that is set under some of the codes only records them (`occurs_under`). An
order's amount, set under every status, records nothing. At most MAX_CODE_COLUMNS code columns a
table (the fewest-valued first), and MAX_KIND_COLUMNS more that say what kind of row each is (an
event's name in a table of events, a vote's type); nothing on a sampled table (a code the sample missed would look
empty) nor where no numeric column has a NULL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.naming import words
from compiler.profiler import queries as q
from compiler.profiler.values import from_text, sort_key
from compiler.value_words import names_row_kind
from ir.catalog import CodeOccurrence

if TYPE_CHECKING:  # the job type lives in profile.py, which calls this module
    from compiler.profiler.profile import _Job
    from compiler.profiler.runner import Runner

CODE_VALUES = 20  # a code column holds at most this many values (Stack Exchange's vote types: 15 or so)
MAX_CODE_COLUMNS = 3
# Beside the fewest-valued, at most this many more columns that say what kind of row each is.
MAX_KIND_COLUMNS = 2
_CODE_TYPES = {"integer", "string"}
_NUMERIC = {"integer", "decimal", "float"}
_MAX_CODE_LENGTH = 40


def code_columns(job: "_Job") -> list:
    """The plans of the columns of few values, counted exactly, fewest first."""
    rows = job.rows or 0
    found = []
    for plan in job.plans:
        p = job.profiles.get(plan.index)
        if plan.data_type not in _CODE_TYPES or p is None or p.redacted or not p.distinct_exact:
            continue
        if not p.distinct_count or not 2 <= p.distinct_count <= CODE_VALUES or p.distinct_count >= rows - (p.null_count or 0):
            continue
        if plan.data_type == "string" and (p.max_length or 0) > _MAX_CODE_LENGTH:
            continue
        found.append((p.distinct_count, plan.index, plan))
    ranked = [plan for _n, _i, plan in sorted(found)]
    fewest = ranked[:MAX_CODE_COLUMNS]
    kinds = [plan for plan in ranked[MAX_CODE_COLUMNS:] if kind_column(plan.name, job.table.name)]
    return fewest + kinds[:MAX_KIND_COLUMNS]


def kind_column(column: str, table: str) -> bool:
    """A code column saying what kind of row each is: named by a kind word (`vote_type_id`,
    `kind`: value_words.names_row_kind), or after its table's own noun (`event_name` in `events`, `order_status` in
    `orders`). A table with many flags and short lists (a device's category, a currency) fills
    the fewest-valued slots with them; the numbers an event table sets on some events only (a
    purchase's value) are set by the event's kind."""
    if names_row_kind(column):
        return True
    ws = [w for w in words(column) if w not in ("id", "cd", "code")]
    if not ws:
        return False
    tw = words(table)
    nouns = {w for w in tw[:1]} | {w[:-1] for w in tw[:1] if w.endswith("s")}
    return len(ws) >= 2 and ws[0] in nouns


def sparse_numbers(job: "_Job") -> list:
    """The plans of the numeric columns set on some rows only."""
    rows = job.rows or 0
    out = []
    for plan in job.plans:
        p = job.profiles.get(plan.index)
        if plan.data_type in _NUMERIC and p is not None and p.null_count is not None and 0 < p.null_count < rows:
            out.append(plan)
    return out


def code_presence_query(table, code: str, numbers: list[str], dialect: str) -> str:
    c = q.quote(code, dialect)
    as_text = q.text_of(code, dialect)
    counts = ", ".join(f"COUNT({q.quote(n, dialect)})" for n in numbers)
    return (f"SELECT {as_text}, {counts} FROM {q.source_sql(table, None, dialect)} "
            f"WHERE {c} IS NOT NULL GROUP BY {c}")


def code_presence(job: "_Job", runner: "Runner", run) -> None:
    """Fill `occurs_under` of the job's sparse numbers. `run(job, runner, sql, what)` runs a query
    and records a failure or timeout as a skipped statistic (None)."""
    if job.sampling is not None or not job.rows or not job.plans:
        return
    numbers = sparse_numbers(job)
    if not numbers:
        return
    table = q.table_expr(job.table.name, job.table.schema_)
    for code in code_columns(job):
        values = [n for n in numbers if n.index != code.index]
        if not values:
            continue
        rows = run(job, runner, code_presence_query(table, code.name, [n.name for n in values], job.dialect), "code presence")
        if not rows or len(rows) > CODE_VALUES:
            continue
        for k, plan in enumerate(values):
            under = [from_text(r[0], code.data_type) for r in rows if int(r[k + 1] or 0) > 0]
            under = [v for v in under if v is not None]
            if not under or len(under) == len(rows):
                continue  # set under no code (an empty column) or under every one: nothing to record
            prof = job.profiles[plan.index]
            found = CodeOccurrence(column=code.name, codes=sorted(under, key=sort_key), of=len(rows))
            prof.occurs_under = [*(prof.occurs_under or []), found]
