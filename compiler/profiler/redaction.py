"""What a snapshot may keep of a column's values, decided before anything is stored.

1. `sample_classes`: a few hundred values of each column are read (one query, the first rows,
   which on a small DuckDB table the aggregate scan already listed; a second one for columns
   those rows hold too few values of), sorted into value classes
   (compiler/classification/values.py) and only the shares are kept, in `profile.patterns`.
2. `redact`: the classification rules (the defaults plus the user's, the same the
   classify_semantics pass runs) judge every column on its name, type, table and those shares;
   a column they call sensitive keeps counts and shapes, never values (no min, max, top values).
3. `scrub`: in the columns kept, a single value that is a secret or a direct identifier by
   itself (a card number, an IBAN, an API key, an e-mail address) is dropped all the same.

The sampled values live in memory only while they are classified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from compiler.classification import ColumnFacts, default_rules, rule_set
from compiler.classification.values import is_secret, shares
from compiler.diagnostics import PR001, PR002
from compiler.profiler import queries as q
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner
from ir.catalog import ColumnProfile

if TYPE_CHECKING:
    from compiler.profiler.options import ProfileOptions
    from compiler.profiler.profile import _Job

# Types whose values can spell a secret or personal data (a card number stored as a BIGINT, a
# birth date as a DATE).
SAMPLED_TYPES = {"string", "integer", "decimal", "date", "timestamp", "timestamp_tz", "unknown"}
SAMPLE_ROWS = 200
MIN_VALUES = 20  # a column with fewer values in the first rows gets values of its own


def sample_classes(job: "_Job", runner: Runner) -> None:
    """Value-class shares of the sampled columns, into each profile's `patterns` (where an SQL
    pattern of the same name was not already counted over more rows)."""
    plans = [p for p in job.plans if p.data_type in SAMPLED_TYPES and p.index in job.profiles]
    if not plans:
        return
    values: dict[int, list[Any]] = {p.index: [] for p in plans}
    table = q.table_expr(job.table.name, job.table.schema_)
    if job.listed is not None and all(p.index in job.listed for p in plans):
        # The aggregate scan listed each column's values in its first rows: no query for them.
        rows = zip(*(job.listed[p.index] for p in plans))
        job.listed = None
    else:
        sql = q.head_query(table, [p.name for p in plans], job.dialect, job.sampling, SAMPLE_ROWS)
        rows = _run(job, runner, sql)
        if rows is None:
            job.unsampled.update(values)
            return
    for row in rows:
        for plan, value in zip(plans, row):
            if value is not None:
                values[plan.index].append(value)
    sparse = [p for p in plans if len(values[p.index]) < min(MIN_VALUES, _non_null(job, p.index))]
    if sparse:
        follow = q.values_query(table, sparse, job.dialect, SAMPLE_ROWS)
        rows = _run(job, runner, follow)
        if rows is None:
            job.unsampled.update(p.index for p in sparse)
        else:
            for index, value in rows:
                values[int(index)].append(value)
    _classify(job, values)


def _classify(job: "_Job", values: dict[int, list[Any]]) -> None:
    for index, vals in values.items():
        prof = job.profiles[index]
        for name, share in shares([*vals, prof.min, prof.max]).items():
            prof.patterns.setdefault(name, share)


def _non_null(job: "_Job", index: int) -> int:
    prof = job.profiles[index]
    return (job.rows or 0) - (prof.null_count or 0)


def _run(job: "_Job", runner: Runner, sql: str) -> list[tuple] | None:
    try:
        return runner.run(sql)
    except QueryTimeout as e:
        job.outcome.problems.append((PR001, f"value sample query {e}; values are judged by name only", job.table.key))
    except QueryFailed as e:
        job.outcome.problems.append((PR002, f"value sample query failed ({e}); values are judged by name only", job.table.key))
    return None


def redact(job: "_Job", options: "ProfileOptions", key_candidate) -> None:
    """Withhold the values of every column the rules (or a caller's own hook) call sensitive."""
    columns = job.table.columns
    if options.is_sensitive is not None:
        sensitive = {i for i, prof in job.profiles.items() if options.is_sensitive(columns[i], prof)}
    else:
        ruleset = rule_set(options.rules if options.rules is not None else default_rules())
        indexes = list(job.profiles)
        facts = [ColumnFacts(columns[i].name, job.types[i], job.profiles[i], key_candidate(columns[i], job.types[i]))
                 for i in indexes]
        verdicts = ruleset.classify_table(job.table.name, job.rows, facts)
        sensitive = {i for i, (_, sens) in zip(indexes, verdicts) if sens is not None}
    # A column whose values could not be sampled keeps none either: withholding loses a few
    # examples, keeping them could put personal data into git.
    for index in sensitive | job.unsampled:
        _withhold(job.profiles[index])


def _withhold(prof: ColumnProfile) -> None:
    prof.min = prof.max = None
    prof.top_values = []
    prof.top_values_source = None
    prof.redacted = True


def scrub(job: "_Job") -> None:
    """Drop single values that are secrets by themselves from the columns that keep values."""
    for prof in job.profiles.values():
        if prof.redacted:
            continue
        if prof.min is not None and is_secret(prof.min):
            prof.min = None
        if prof.max is not None and is_secret(prof.max):
            prof.max = None
        if prof.top_values:
            kept = [v for v in prof.top_values if not is_secret(v.value)]
            if len(kept) != len(prof.top_values):
                prof.top_values = kept
                if not kept:
                    prof.top_values_source = None
