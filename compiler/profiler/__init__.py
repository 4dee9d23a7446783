"""The profiler: statistics and join evidence computed inside the database, by pushed-down SQL.

    profile_source(snapshot, kind, location, ProfileOptions(), diags)

fills each table's `profile`, each column's `profile` and `snapshot.evidence`. Modules:
options (what to do), runner (connections, timeouts), queries/patterns/sampling (SQL per
dialect), profile (one table), evidence (candidate joins and containment checks), redaction
(value classes of sampled values, and which columns keep no values: the classification rules).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from compiler.diagnostics import PR002, PR005, PR006, Diagnostics, InputError
from compiler.profiler.evidence import gather_evidence
from compiler.profiler.options import ProfileOptions, SampleSpec
from compiler.profiler.profile import Outcome, profile_table
from compiler.profiler.progress import progress
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner, SourceLost, open_runner
from compiler.redact import redact
from ir.snapshot import Snapshot

__all__ = ["ProfileOptions", "SampleSpec", "profile_snapshot", "profile_source", "gather_evidence", "open_runner"]

# What compiler.frontends.classify calls sources the profiler can query.
LIVE_KINDS = {"duckdb", "sqlite", "sqlalchemy", "spark"}


def profile_source(snapshot: Snapshot, kind: str, location: str, options: ProfileOptions, diags: Diagnostics) -> None:
    """Profile a live source in place; a source that cannot be opened gives PR005, not an error."""
    if kind not in LIVE_KINDS or not snapshot.tables:
        return
    try:
        runner = open_runner(kind, location, options.query_timeout, options.memory_limit)
    except InputError as e:
        diags.report(PR005, e.message, e.location)
        return
    except Exception as e:  # e.g. a DuckDB file locked by a writer
        diags.report(PR005, redact(" ".join(str(e).split())) or type(e).__name__, snapshot.source.description)
        return
    with runner:
        try:  # one probe, so an unreachable server gives one warning rather than one per table
            runner.run("SELECT 1")
        except (QueryFailed, QueryTimeout, SourceLost) as e:
            diags.report(PR005, str(e), snapshot.source.description)
            return
        profile_snapshot(snapshot, runner, options, diags)


def profile_snapshot(snapshot: Snapshot, runner: Runner, options: ProfileOptions, diags: Diagnostics) -> None:
    tables = [t for t in snapshot.tables if options.only is None or t.key == options.only]
    workers = max(1, options.workers)
    with progress("profiling", len(tables), options.progress) as advance, ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(_guarded, t, runner, options) for t in tables]
        outcomes = []
        for f in futures:
            outcomes.append(f.result())
            advance(1)
    for outcome in outcomes:  # in table order, so diagnostics read the same on every run
        for code, message, location in outcome.problems:
            diags.report(code, message, location)
    if options.evidence and not diags.has_errors():
        try:
            snapshot.evidence = gather_evidence(snapshot, runner, options, diags)
        except SourceLost as e:
            diags.report(PR006, f"the database went away while checking joins: {e}", snapshot.source.description)


def _guarded(table, runner: Runner, options: ProfileOptions) -> Outcome:
    """A bug while profiling one table costs that table's profile, not the snapshot; a lost
    database costs the run (PR006, an error)."""
    try:
        return profile_table(table, runner, options)
    except SourceLost as e:
        table.profile = None
        for col in table.columns:
            col.profile = None
        return Outcome([(PR006, f"the database went away while profiling: {e}", table.key)])
    except Exception as e:
        table.profile = None
        for col in table.columns:
            col.profile = None
        return Outcome([(PR002, f"profiling failed unexpectedly ({type(e).__name__}: {redact(str(e))})", table.key)])
