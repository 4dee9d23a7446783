"""Frontend for Apache Spark SQL: parquet data read through a Spark session.

    mb snapshot spark+parquet:data/tpch

Every `*.parquet` file in the folder, and every sub-folder holding parquet files (a dataset
Spark or tpchgen-cli wrote in parts, or a hive-style partitioned one), is registered as a
temporary view named after the file or folder; the schema (column names and types) is then
read back from Spark's catalog, and the profiler runs its SQL through the same session.

One Spark driver (a JVM) is started per process and kept: starting it costs seconds, so the
frontend, the profiler and any later source share it. Each folder gets a session of its own
(`newSession`: its own temporary views on the shared driver), so two folders with a table of the
same name never see each other's. mb sets no master: Spark's own configuration decides where the
queries run (`local[*]` unless spark-defaults.conf or PYSPARK_SUBMIT_ARGS say otherwise).
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlglot import exp

from compiler.diagnostics import FE001, FE002, FE003, FE009, FE013, FE015, FE017, Diagnostics, InputError
from compiler.frontends import SPARK_PARQUET as SCHEME
from compiler.frontends.common import report_no_match
from compiler.options import SourceOptions
from ir.catalog import Column, Table
from ir.snapshot import Snapshot, Source

DIALECT = "spark"
# Spark's own rule for files and folders a dataset read skips (_SUCCESS, .crc, _temporary).
_HIDDEN = ("_", ".")

_lock = threading.Lock()
_base: Any = None  # the process's SparkSession, started on first use
_log: Any = None  # the JVM's stdout and stderr
_SHUFFLE = "spark.sql.shuffle.partitions"
_sessions: dict[Path, "Folder"] = {}  # folder -> its session, views registered


def location_of(source: str) -> str:
    """The folder of a `spark+parquet:` SOURCE (`spark+parquet:///abs/dir` is taken too)."""
    rest = source[len(SCHEME):]
    if rest.startswith("//"):
        rest = rest[2:]
    if not rest:
        raise InputError(FE002, f"give a folder after {SCHEME}, e.g. {SCHEME}data/tpch", source)
    return rest


def read(location: str, options: SourceOptions, diags: Diagnostics) -> Snapshot:
    folder = Path(location)
    if options.schemas:
        # Temporary views live in no schema: a --schema can only be a mistake here.
        raise InputError(FE017, "a parquet folder read through Spark has no schemas; drop --schema", ",".join(options.schemas))
    lake = open_folder(folder, fresh=True)
    for name, reason in lake.skipped:
        diags.report(FE015, reason, name)
    try:
        tables = _read_catalog(lake, options, diags)
    except InputError:
        raise
    except Exception as e:  # the driver died, or the catalog call failed
        raise InputError(FE013, f"reading Spark's catalog failed: {message(e)}", location) from None
    name = folder.resolve().name or str(folder)
    return Snapshot(source=Source(dialect=DIALECT, description=f"{SCHEME}{name}", database=name), tables=tables)


def _read_catalog(lake: "Folder", options: SourceOptions, diags: Diagnostics) -> list[Table]:
    session = lake.session
    # Spark's catalog lower-cases the names of temporary views; the tables keep the names of
    # their files (Spark resolves either spelling).
    views = sorted((lake.names.get(t.name.lower(), t.name) for t in session.catalog.listTables() if t.isTemporary), key=str.lower)
    wanted = [v for v in views if options.wants(v)]
    if views and not wanted:
        report_no_match(diags, options, [(None, v) for v in views])
        return []
    tables = []
    for name in wanted:
        table = Table(name=name, schema=None, kind="table")
        for col in session.catalog.listColumns(quote(name)):
            # Parquet columns read by Spark are all nullable: `nullable` says nothing about the data.
            table.columns.append(Column(name=col.name, type=col.dataType, nullable=bool(col.nullable),
                                        comment=col.description or None))
        count = exp.select(exp.func("count", exp.Star())).from_(exp.table_(name, quoted=True)).sql(dialect=DIALECT)
        try:
            table.row_count = int(session.sql(count).collect()[0][0])
        except Exception as e:
            diags.report(FE015, f"could not count rows ({message(e)}); row_count left empty", name)
        tables.append(table)
    return tables


@dataclass
class Folder:
    """A folder's session, its tables (lower-case name -> name as registered) and what was
    skipped ((name, reason))."""

    session: Any
    names: dict[str, str]
    skipped: list[tuple[str, str]]


def open_folder(folder: Path, fresh: bool = False) -> Folder:
    """The session with `folder`'s parquet registered: the one registered last (the profiler
    queries what the frontend read), or a new one when `fresh` (a later read, say in `mb serve`,
    sees files added since)."""
    if not folder.exists():
        raise InputError(FE001, f"no such folder: {folder}", str(folder))
    if not folder.is_dir():
        raise InputError(FE002, f"{SCHEME} takes a folder of parquet files, not a file", str(folder))
    key = folder.resolve()
    with _lock:
        found = None if fresh else _sessions.get(key)
        if found is not None:
            return found
        session = _new_session()
        lake = _sessions[key] = _register(session, key)
        return lake


def _register(session: Any, folder: Path) -> Folder:
    lake = Folder(session, {}, [])
    taken: dict[str, str] = {}  # lower-case name -> entry (Spark's names ignore case)
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(_HIDDEN):
            continue
        if entry.is_file() and entry.suffix.lower() == ".parquet":
            name = entry.stem
        elif entry.is_dir() and _holds_parquet(entry):
            name = entry.name
        else:
            continue
        if name.lower() in taken:
            lake.skipped.append((name, f"{entry.name} has the same table name as {taken[name.lower()]}; skipped"))
            continue
        try:
            session.read.parquet(str(entry)).createOrReplaceTempView(quote(name))
        except Exception as e:  # not parquet, or unreadable: the other tables are still worth reading
            lake.skipped.append((name, f"{entry.name} could not be read as parquet ({message(e)}); skipped"))
            continue
        taken[name.lower()] = entry.name
        lake.names[name.lower()] = name
    return lake


def _holds_parquet(folder: Path) -> bool:
    for _root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(_HIDDEN)]
        if any(f.lower().endswith(".parquet") and not f.startswith(_HIDDEN) for f in files):
            return True
    return False


def start_driver() -> Any:
    """The process's Spark session (the JVM starts here, once)."""
    global _base, _log
    if _base is not None:
        return _base
    try:
        from pyspark import SparkConf, SparkContext
        from pyspark.java_gateway import launch_gateway
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(FE009, "pyspark is not installed; install it with: pip install 'metadata-builder[spark]'") from None
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise InputError(FE003, "Spark needs a Java runtime (17 or later): install one or set JAVA_HOME")
    conf = (
        SparkConf().setAppName("mb")
        # No web UI (a port per process, and nobody to look at it) and no progress bars.
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.log.level", "ERROR")
    )
    # The JVM's own output (start-up banners, log lines) goes to a file, not mb's stderr, which
    # carries diagnostics; a failed start quotes its end. PySpark's Python logger also writes every
    # failed query's traceback to stderr; a failed query is mb's to report (retried, skipped, PR002).
    _log = tempfile.TemporaryFile()
    for name in ("pyspark", "SQLQueryContextLogger"):  # the second is PySpark's too, outside its namespace
        quiet = logging.getLogger(name)
        quiet.handlers[:] = [logging.NullHandler()]
        quiet.propagate = False
    try:
        gateway = launch_gateway(conf, popen_kwargs={"stdout": _log, "stderr": _log})
        SparkContext(conf=conf, gateway=gateway)
        _base = SparkSession.builder.getOrCreate()
    except Exception as e:
        raise InputError(FE003, f"cannot start Spark: {message(e)}{_log_tail()}") from None
    atexit.register(_stop)
    return _base


def _new_session() -> Any:
    session = start_driver().newSession()
    context = session.sparkContext
    if context.master.startswith("local") and not context.getConf().contains(_SHUFFLE):
        # 200 shuffle partitions (Spark's default, sized for clusters) on a few local cores made
        # the small queries of profiling 1.5x slower; more partitions than cores buy nothing here.
        session.conf.set(_SHUFFLE, str(max(1, context.defaultParallelism)))
    return session


def _log_tail() -> str:
    if _log is None:
        return ""
    _log.seek(0)
    lines = [line for line in _log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return ("; Spark said: " + " | ".join(lines[-5:])) if lines else ""


def _stop() -> None:
    global _base
    with _lock:
        base, _base = _base, None
        _sessions.clear()
    if base is not None:
        try:
            base.stop()
        except Exception:
            pass


def quote(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect=DIALECT)


def message(e: BaseException) -> str:
    """The first line of a Spark error, without the JVM stack Spark appends."""
    text = str(e).strip().splitlines()
    first = text[0] if text else type(e).__name__
    return " ".join(first.split())[:500]
