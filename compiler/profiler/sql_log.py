"""`--sql-log FILE`: every profiling statement mb sends to the database, as a SQL script.

A DBA asked to let a tool read a production database wants to see what it will run there, and how
long each statement took. Each statement is written once it has finished, after a comment line
with its time and outcome, and ends with `;`, so the file can be read, diffed, or run again as it
stands (`psql -f`, `duckdb < FILE`). Statements from worker threads are written whole, one at a
time, in the order they finished. Reading the schema (reflection, catalog queries of the frontend)
is not part of it: only what the profiler asks.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, TextIO

from compiler.diagnostics import US002, InputError


class SqlLog:
    """The log file, opened before profiling starts so that an unwritable path fails at once."""

    def __init__(self, path: str | Path):
        try:
            self._file: TextIO = open(path, "w", encoding="utf-8", newline="\n")
        except OSError as e:
            raise InputError(US002, f"cannot write the SQL log: {e.strerror or e}", str(path)) from None
        self._lock = threading.Lock()

    def write(self, sql: str, outcome: str) -> None:
        text = sql.rstrip().rstrip(";")
        with self._lock:
            self._file.write(f"-- {outcome}\n{text};\n")
            self._file.flush()  # a run that is stopped still leaves what it ran

    def close(self) -> None:
        with self._lock:
            self._file.close()


class LoggedRunner:
    """A runner whose statements also go to a SqlLog; anything else is the runner's own."""

    def __init__(self, runner: Any, log: SqlLog):
        self._runner, self._log = runner, log

    def __getattr__(self, name: str) -> Any:
        return getattr(self._runner, name)

    def run(self, sql: str) -> list[tuple]:
        start = time.perf_counter()
        try:
            rows = self._runner.run(sql)
        except Exception as e:
            self._log.write(sql, f"{type(e).__name__} after {time.perf_counter() - start:.3f} s: {' '.join(str(e).split())[:300]}")
            raise
        self._log.write(sql, f"{time.perf_counter() - start:.3f} s, {len(rows)} row{'' if len(rows) == 1 else 's'}")
        return rows

    def close(self) -> None:
        self._runner.close()

    def __enter__(self) -> "LoggedRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
