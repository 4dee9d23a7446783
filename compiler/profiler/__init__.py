"""The profiler: statistics and join evidence computed inside the database, by pushed-down SQL.

    profile_source(snapshot, kind, location, ProfileOptions(), diags)

fills each table's `profile`, each column's `profile` and `snapshot.evidence`. Modules:
options (what to do), runner (connections, timeouts), queries/patterns/sampling (SQL per
dialect), estimate (distinct counts of a table from its sample), pg_stats (PostgreSQL's own
estimates, where fresh), profile (one table), codes (which codes of a column of few values a
number with NULLs is set under), lines (values repeated on each line of a transaction), ratios (rates kept on each row
proven to be one number divided by another), evidence (candidate joins and containment checks), redaction
(value classes of sampled values, and which columns keep no values: the classification rules),
sql_log (`--sql-log`: the statements run, with their times).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from compiler.diagnostics import PR002, PR005, PR006, Diagnostics, InputError
from compiler.profiler.evidence import gather_evidence, grain_references
from compiler.profiler.grain import gather_grains, gather_snapshot_grains
from compiler.profiler.series import gather_series
from compiler.profiler.lines import gather_line_constancy
from compiler.profiler.open_amounts import gather_open_amounts
from compiler.profiler.row_names import gather_row_names
from compiler.profiler.ratios import gather_row_ratios
from compiler.profiler.options import ProfileOptions, SampleSpec
from compiler.profiler.pg_stats import read_stats
from compiler.profiler.codes import code_presence
from compiler.profiler.profile import _run as run_recorded
from compiler.profiler.profile import (Outcome, continue_table, finish_table, plan_table, profile_table, shared_aggregate,
                                       shared_top_values, shares_queries)
from compiler.profiler.progress import progress
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner, SourceLost, open_runner
from compiler.profiler.sql_log import LoggedRunner, SqlLog
from compiler.redact import redact
from ir.snapshot import Snapshot

__all__ = ["ProfileOptions", "SampleSpec", "profile_snapshot", "profile_source", "gather_evidence", "open_runner"]

# What compiler.frontends.classify calls sources the profiler can query.
LIVE_KINDS = {"duckdb", "sqlite", "sqlalchemy", "spark"}


def profile_source(snapshot: Snapshot, kind: str, location: str, options: ProfileOptions, diags: Diagnostics) -> None:
    """Profile a live source in place; a source that cannot be opened gives PR005, not an error."""
    if kind not in LIVE_KINDS or not snapshot.tables:
        return
    log = SqlLog(options.sql_log) if options.sql_log else None  # an unwritable path stops the run before any query
    try:
        try:
            runner = open_runner(kind, location, options.query_timeout, options.memory_limit)
        except InputError as e:
            diags.report(PR005, e.message, e.location)
            return
        except Exception as e:  # e.g. a DuckDB file locked by a writer
            diags.report(PR005, redact(" ".join(str(e).split())) or type(e).__name__, snapshot.source.description)
            return
        _profile_with(LoggedRunner(runner, log) if log is not None else runner, snapshot, options, diags)
    finally:
        if log is not None:
            log.close()


def _profile_with(runner: Runner | LoggedRunner, snapshot: Snapshot, options: ProfileOptions, diags: Diagnostics) -> None:
    with runner:
        try:  # one probe, so an unreachable server gives one warning rather than one per table
            runner.run("SELECT 1")
        except (QueryFailed, QueryTimeout, SourceLost) as e:
            diags.report(PR005, str(e), snapshot.source.description)
            return
        profile_snapshot(snapshot, runner, options, diags)


# Small DuckDB tables are profiled in groups of at most this many tables and rows, sharing the
# aggregate scans and top-value queries of the group (a query each cost more than their work).
SHARED_ROWS = 1_000_000
SHARED_TABLES = 50


def profile_snapshot(snapshot: Snapshot, runner: Runner, options: ProfileOptions, diags: Diagnostics) -> None:
    # `mb explain` of one table profiles every table all the same: the keys its joins point at, and
    # the verdicts about it, are decided from the others' profiles as in a snapshot.
    tables = list(snapshot.tables)
    workers = max(1, options.workers)
    stats = {}
    if runner.dialect == "postgres" and any((t.row_count or 0) > options.exact_distinct_rows for t in tables):
        stats = read_stats(runner, tables)  # one catalog query: ANALYZE's estimates, used where fresh
    with progress("profiling", len(tables), options.progress) as advance, ThreadPoolExecutor(workers) as pool:
        futures = []
        for group in _groups(tables, runner, options, workers):
            if isinstance(group, list):
                futures.append((len(group), pool.submit(_profile_group, group, runner, options)))
            else:
                futures.append((1, pool.submit(_guarded, group, runner, options, stats.get(group.key))))
        outcomes = []
        for n, f in futures:
            found = f.result()
            outcomes += found if isinstance(found, list) else [found]
            advance(n)
    for outcome in outcomes:  # in table order, so diagnostics read the same on every run
        for code, message, location in outcome.problems:
            if options.only is None or location == options.only:  # another table's trouble is no answer to explain
                diags.report(code, message, location)
    if options.evidence and not diags.has_errors():
        try:
            snapshot.evidence = gather_evidence(snapshot, runner, options, diags)
            evidence = snapshot.evidence
            evidence.grains = gather_grains(snapshot, runner, options, evidence.containment, diags) or None
            if evidence.grains and (more := grain_references(snapshot, runner, options, evidence.grains, diags)):
                evidence.containment = sorted(evidence.containment + more, key=lambda c: (
                    c.from_.table_key, c.from_.columns, c.to.table_key, c.to.columns))
                evidence.candidates_checked = len(evidence.containment)
            evidence.snapshot_grains = gather_snapshot_grains(snapshot, runner, options, evidence.containment, diags) or None
            evidence.series = gather_series(snapshot, runner, options, evidence.grains, diags, evidence.containment) or None
            evidence.line_constancy = gather_line_constancy(snapshot, runner, options, evidence.grains, diags) or None
            evidence.row_names = gather_row_names(snapshot, runner, options, diags) or None
            evidence.open_amounts = gather_open_amounts(snapshot, runner, options, diags) or None
            evidence.row_ratios = gather_row_ratios(snapshot, runner, options, diags) or None
        except SourceLost as e:
            diags.report(PR006, f"the database went away while checking joins: {e}", snapshot.source.description)


def _groups(tables: list, runner: Runner, options: ProfileOptions, workers: int):
    """In table order: a table profiled alone, or a list of tables profiled together. Groups are
    small enough to give every worker some when the tables are few."""
    members = [(t, shares_queries(t, options, runner.dialect)) for t in tables]
    size = max(1, min(SHARED_TABLES, -(-sum(shared for _t, shared in members) // (2 * workers))))
    group: list = []
    rows = 0
    for t, shared in members:
        if not shared:
            yield t
            continue
        if group and (len(group) >= size or rows + t.row_count > SHARED_ROWS):
            yield group
            group, rows = [], 0
        group.append(t)
        rows += t.row_count
    if group:
        yield group


def _profile_group(group: list, runner: Runner, options: ProfileOptions) -> list[Outcome]:
    """Profile small tables together: shared aggregate scans, each table's own follow-ups, then one
    top-values query for all. A failure stays with the table it belongs to."""
    jobs: list = []
    for table in group:
        try:
            jobs.append(plan_table(table, runner.dialect, options))
        except Exception as e:
            jobs.append(_failed(table, e))
    started = [job for job in jobs if not isinstance(job, Outcome) and job.plans]
    try:
        shared_aggregate(started, runner)
    except Exception as e:  # e.g. SourceLost: every table of the group reports it
        return [job if isinstance(job, Outcome) else _failed(job.table, e) for job in jobs]
    for k, job in enumerate(jobs):
        if not isinstance(job, Outcome):
            try:
                continue_table(job, runner)
            except Exception as e:
                jobs[k] = _failed(job.table, e)
    started = [job for job in jobs if not isinstance(job, Outcome)]
    try:
        shared_top_values(started, runner)
    except Exception as e:
        return [job if isinstance(job, Outcome) else _failed(job.table, e) for job in jobs]
    outcomes = []
    for job in jobs:
        if isinstance(job, Outcome):
            outcomes.append(job)
            continue
        try:
            if job.plans:
                code_presence(job, runner, run_recorded)
            outcomes.append(finish_table(job))
        except Exception as e:
            outcomes.append(_failed(job.table, e))
    return outcomes


def _guarded(table, runner: Runner, options: ProfileOptions, stats=None) -> Outcome:
    """A bug while profiling one table costs that table's profile, not the snapshot; a lost
    database costs the run (PR006, an error)."""
    try:
        return profile_table(table, runner, options, stats)
    except Exception as e:
        return _failed(table, e)


def _failed(table, e: Exception) -> Outcome:
    table.profile = None
    for col in table.columns:
        col.profile = None
    if isinstance(e, SourceLost):
        return Outcome([(PR006, f"the database went away while profiling: {e}", table.key)])
    return Outcome([(PR002, f"profiling failed unexpectedly ({type(e).__name__}: {redact(str(e))})", table.key)])
