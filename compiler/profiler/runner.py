"""Running profiling SQL: one read-only connection per worker thread, a timeout on every query.

Timeouts are enforced by the server where it has a session setting for it (PostgreSQL
`statement_timeout` and `lock_timeout`, MySQL `max_execution_time`, MariaDB
`max_statement_time`, both `lock_wait_timeout`) and by one watchdog thread that interrupts
the connection for embedded engines (DuckDB, SQLite). Either way a query that runs too long raises
QueryTimeout, and any other failure QueryFailed: callers turn both into a warning and carry on
without the statistic. A connection that drops is opened again (RECONNECTS times, with a
growing pause) and the query run again; when the server stays away, SourceLost: the snapshot
would be missing most of its profiles, which is an error, not a warning.
"""

from __future__ import annotations

import heapq
import threading
import time
from pathlib import Path
from typing import Any

from compiler.diagnostics import FE001, InputError

RECONNECTS = 3  # attempts to reopen a dropped connection, after 0.5, 1 and 2 seconds


class QueryTimeout(Exception):
    pass


class QueryFailed(Exception):
    pass


class SourceLost(Exception):
    """The database went away and did not come back: profiling cannot go on."""


class _Watch:
    __slots__ = ("deadline", "interrupt", "fired", "done")

    def __init__(self, deadline: float, interrupt, fired: threading.Event):
        self.deadline, self.interrupt, self.fired, self.done = deadline, interrupt, fired, False

    def __lt__(self, other: "_Watch") -> bool:
        return self.deadline < other.deadline

    def cancel(self) -> None:
        self.done = True  # the watchdog drops it when its deadline comes up


class _Watchdog:
    """One thread interrupting the queries that overrun their deadline (a timer thread per
    query cost more than a small query itself)."""

    def __init__(self):
        self._heap: list[_Watch] = []
        self._cond = threading.Condition()
        self._stopped = False
        threading.Thread(target=self._loop, name="mb-query-watchdog", daemon=True).start()

    def watch(self, deadline: float, interrupt, fired: threading.Event) -> _Watch:
        w = _Watch(deadline, interrupt, fired)
        with self._cond:
            heapq.heappush(self._heap, w)
            if self._heap[0] is w:
                self._cond.notify()
        return w

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._heap or self._heap[0].deadline > time.monotonic()):
                    while self._heap and self._heap[0].done:  # finished in time: forget it
                        heapq.heappop(self._heap)
                    wait = self._heap[0].deadline - time.monotonic() if self._heap else None
                    if wait is not None and wait <= 0:
                        break
                    self._cond.wait(wait)
                if self._stopped:
                    return
                w = heapq.heappop(self._heap)
            if not w.done:
                w.fired.set()
                try:
                    w.interrupt()
                except Exception:  # the query may have finished in the meantime
                    pass


class Runner:
    """Runs SQL text and returns all rows. Thread-safe: each thread uses its own connection."""

    dialect: str

    def __init__(self, timeout: float | None):
        self.timeout = timeout if timeout and timeout > 0 else None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Any] = []
        self._watchdog: _Watchdog | None = None

    def run(self, sql: str) -> list[tuple]:
        raise NotImplementedError

    def _connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._opened.append(conn)
        return conn

    def _open(self) -> Any:
        raise NotImplementedError

    def _interrupt_after(self, interrupt) -> tuple["_Watch | None", threading.Event]:
        fired = threading.Event()
        if self.timeout is None:
            return None, fired
        with self._lock:
            if self._watchdog is None:
                self._watchdog = _Watchdog()
        return self._watchdog.watch(time.monotonic() + self.timeout, interrupt, fired), fired

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
            watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None:
            watchdog.stop()
        for conn in opened:
            try:
                conn.close()
            except Exception:
                pass

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class DuckDBRunner(Runner):
    dialect = "duckdb"

    def __init__(self, path: str, timeout: float | None, memory_limit: str | None = None):
        import duckdb  # here, not with the module: profiling a server database does without it

        super().__init__(timeout)
        if not Path(path).exists():
            raise InputError(FE001, f"no such file: {path}", path)
        # One read-only database handle; each thread gets a cursor (its own connection to it).
        config = {}
        if memory_limit:  # validated by options.parse_memory_limit: digits and a unit
            # Insertion order is never needed by profiling queries and costs memory to keep.
            config = {"memory_limit": memory_limit, "preserve_insertion_order": False}
        self._db = duckdb.connect(path, read_only=True, config=config)
        self._error = duckdb.Error

    def _open(self) -> Any:
        return self._db.cursor()

    def run(self, sql: str) -> list[tuple]:
        cur = self._connection()
        timer, fired = self._interrupt_after(cur.interrupt)
        try:
            return cur.execute(sql).fetchall()
        except self._error as e:
            if fired.is_set():
                raise QueryTimeout(f"timed out after {self.timeout:g} s") from None
            raise QueryFailed(" ".join(str(e).split())) from None
        finally:
            if timer is not None:
                timer.cancel()

    def close(self) -> None:
        super().close()
        self._db.close()


class DBAPIRunner(Runner):
    """Any SQLAlchemy URL, through raw DBAPI cursors: SQL text goes to the driver untouched
    (no parameter formatting, so a `%` in a quoted identifier stays a `%`)."""

    def __init__(self, location: str, timeout: float | None):
        super().__init__(timeout)
        # SQLAlchemy is imported here, not with the module: profiling a DuckDB file does without it.
        from compiler.frontends.sqlalchemy import SQLGLOT_DIALECTS, open_engine

        # The engine's sessions carry the time limits (compiler.frontends.sqlalchemy.session_limits).
        self.engine, self.url, self.shown = open_engine(location, self.timeout)
        self.backend = self.engine.dialect.name
        self.dialect = SQLGLOT_DIALECTS.get(self.backend, self.backend)
        self._lost: str | None = None

    def _open(self) -> Any:
        return self.engine.raw_connection()

    def run(self, sql: str) -> list[tuple]:
        for attempt in range(RECONNECTS + 1):
            if self._lost is not None:
                raise SourceLost(self._lost)
            if attempt:
                time.sleep(0.5 * 2 ** (attempt - 1))
            try:
                conn = self._connection()
            except Exception as e:  # a lost server or a refused login
                reason = f"cannot connect: {_scrub(_text(getattr(e, 'orig', None) or e), self.url)}"
                if attempt == RECONNECTS:
                    self._give_up(reason)
                continue
            try:
                return self._execute(conn, sql)
            except _Dropped as e:
                self._forget(conn)
                if attempt == RECONNECTS:
                    self._give_up(f"the connection dropped and could not be reopened ({e})")
        raise AssertionError("unreachable")  # pragma: no cover

    def _execute(self, conn: Any, sql: str) -> list[tuple]:
        timer, fired = (None, threading.Event())
        if self.backend == "sqlite":  # no server-side limit: interrupt the connection
            timer, fired = self._interrupt_after(conn.driver_connection.interrupt)
        cur = None
        try:
            cur = conn.cursor()  # fails at once on a connection the server already closed
            cur.execute(sql)
            return [tuple(r) for r in cur.fetchall()]
        except Exception as e:
            if fired.is_set() or _is_timeout(e):
                raise QueryTimeout(f"timed out after {self.timeout:g} s") from None
            if self._is_disconnect(e, conn, cur):
                raise _Dropped(_scrub(_text(e), self.url)) from None
            raise QueryFailed(_scrub(_text(e), self.url)) from None
        finally:
            if timer is not None:
                timer.cancel()
            try:
                if cur is not None:
                    cur.close()
            except Exception:
                pass
            try:  # end the (read-only) transaction: no snapshot or lock is held between queries
                conn.rollback()
            except Exception:
                pass

    def _is_disconnect(self, e: Exception, conn: Any, cur: Any) -> bool:
        try:
            return bool(self.engine.dialect.is_disconnect(e, conn.driver_connection, cur))
        except Exception:
            return False

    def _forget(self, conn: Any) -> None:
        """Drop this thread's broken connection, so the next query opens a new one."""
        self._local.conn = None
        with self._lock:
            if conn in self._opened:
                self._opened.remove(conn)
        try:
            conn.invalidate()
        except Exception:
            pass

    def _give_up(self, reason: str) -> None:
        with self._lock:
            self._lost = self._lost or reason
        raise SourceLost(self._lost)

    def close(self) -> None:
        super().close()
        self.engine.dispose()


class _Dropped(Exception):
    """The connection broke under a query (the server restarted, a network cut, a kill)."""


def _scrub(text: str, url: Any) -> str:
    from compiler.frontends.sqlalchemy import scrub

    return scrub(text, url)


def _is_timeout(e: Exception) -> bool:
    from compiler.frontends.sqlalchemy import is_timeout

    return is_timeout(e)


def _text(e: Exception) -> str:
    args = getattr(e, "args", ())
    if len(args) == 2 and isinstance(args[0], int) and isinstance(args[1], str):  # MySQL style
        return f"{args[1]} (error {args[0]})"
    return str(e) or type(e).__name__


def open_runner(kind: str, location: str, timeout: float | None, memory_limit: str | None = None) -> Runner:
    """A runner for a source as compiler.frontends.classify names it (duckdb, sqlite, sqlalchemy,
    spark). `memory_limit` bounds DuckDB's own memory; other engines are servers with their own settings."""
    if kind == "spark":
        from compiler.profiler.spark_runner import SparkRunner

        return SparkRunner(location, timeout)
    if kind == "duckdb":
        return DuckDBRunner(location, timeout, memory_limit)
    if kind == "sqlite":
        location = "sqlite:///" + location
    return DBAPIRunner(location, timeout)
