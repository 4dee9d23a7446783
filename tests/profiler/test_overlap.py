"""Tables profiled by several workers overlap on server databases: each worker has a connection
of its own and the driver lets go of Python while the server works.

Four views that each take half a second per query (pg_sleep / SLEEP, so the machine's load does
not matter): read by one worker, their queries add up; by four, they run side by side."""

from __future__ import annotations

import time

from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.profiler import ProfileOptions, profile_source
from tests.services import scratch_mariadb, scratch_postgres_schema

VIEWS = 4
PAUSE = 0.5


def _profile_seconds(url: str, schemas: list[str] | None, workers: int) -> tuple[float, object]:
    diags = Diagnostics()
    source = SourceOptions(schemas=schemas) if schemas else SourceOptions()
    snap = snapshot(url, source, diags, ProfileOptions(enabled=False))  # introspection, not timed
    assert len(snap.tables) == VIEWS, diags.render_text()
    start = time.perf_counter()
    profile_source(snap, "sqlalchemy", url, ProfileOptions(workers=workers, evidence=False), diags)
    elapsed = time.perf_counter() - start
    assert not diags.has_errors(), diags.render_text()
    assert all(t.profile is not None and t.profile.rows == 1 for t in snap.tables)
    return elapsed, snap


def _check_overlap(url: str, schemas: list[str] | None) -> None:
    serial, _ = _profile_seconds(url, schemas, 1)
    parallel, _ = _profile_seconds(url, schemas, VIEWS)
    # One worker waits for every pause in turn (at least one query per view); four share them.
    assert serial >= VIEWS * PAUSE
    assert parallel < serial / 2, (serial, parallel)


def test_postgres_workers_overlap(postgres_engine):
    with scratch_postgres_schema(postgres_engine, "mb_overlap") as schema:
        with postgres_engine.begin() as conn:
            for i in range(VIEWS):
                conn.exec_driver_sql(f'CREATE VIEW "{schema}".slow{i} AS SELECT {i} AS n FROM pg_sleep({PAUSE})')
        _check_overlap(postgres_engine.url.render_as_string(hide_password=False), [schema])


def test_mariadb_workers_overlap(mysql_engine):
    with scratch_mariadb(mysql_engine, "mb_overlap") as (url, engine):
        with engine.begin() as conn:
            for i in range(VIEWS):
                conn.exec_driver_sql(f"CREATE VIEW slow{i} AS SELECT {i} + SLEEP({PAUSE}) AS n")
        _check_overlap(url.render_as_string(hide_password=False), None)
