"""Running profiling SQL through Spark SQL, on the session the Spark frontend opened.

The profiler's SQL is the same as for every engine, rendered for sqlglot's `spark` dialect
(backtick quoting, APPROX_COUNT_DISTINCT, RLIKE, TABLESAMPLE (n ROWS)). A timeout cancels the
query's Spark jobs: each query runs in a job group of its own (a property of the calling
thread), and once the deadline passes the group is cancelled until the query returns.
"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

from compiler.frontends import spark as frontend
from compiler.profiler.runner import QueryFailed, QueryTimeout, Runner, SourceLost
from compiler.profiler.sampling import spark_seed

_ids = itertools.count()


class SparkRunner(Runner):
    dialect = frontend.DIALECT

    def __init__(self, location: str, timeout: float | None):
        super().__init__(timeout)
        self.session = frontend.open_folder(Path(location)).session  # skips were reported by the frontend
        self._context = self.session.sparkContext

    def run(self, sql: str) -> list[tuple]:
        group = f"mb-{next(_ids)}"
        try:
            self._context.setJobGroup(group, "mb profiling", interruptOnCancel=True)
        except Exception as e:  # the driver is gone: nothing more can be asked of it
            raise SourceLost(frontend.message(e)) from None
        done = threading.Event()
        timer, fired = self._interrupt_after(lambda: self._cancel(group, done))
        try:
            return [tuple(row) for row in self.session.sql(spark_seed(sql)).collect()]
        except Exception as e:
            if fired.is_set():
                raise QueryTimeout(f"timed out after {self.timeout:g} s") from None
            if _lost(e):
                raise SourceLost(frontend.message(e)) from None
            raise QueryFailed(frontend.message(e)) from None
        finally:
            done.set()
            if timer is not None:
                timer.cancel()

    def _cancel(self, group: str, done: threading.Event) -> None:
        """Cancel the group's jobs until the query gives up: a deadline passing while Spark still
        plans the query cancels nothing, and the job it then starts would run on unwatched."""
        def loop() -> None:
            while not done.is_set():
                try:
                    self._context.cancelJobGroup(group)
                except Exception:  # the driver is gone; run() reports it
                    return
                done.wait(0.25)

        threading.Thread(target=loop, name="mb-spark-cancel", daemon=True).start()

    def close(self) -> None:
        # The session outlives the run: the next source in this process starts no JVM.
        super().close()


def _lost(e: Exception) -> bool:
    """Whether the error says the JVM went away (rather than that a query was refused)."""
    try:
        from py4j.protocol import Py4JNetworkError
    except ImportError:  # pragma: no cover - py4j comes with pyspark
        return False
    return isinstance(e, (Py4JNetworkError, ConnectionError))
