"""Frontends turn a SOURCE (file, URL, DDL, snapshot) into a Snapshot.

Each frontend module exposes `read(location: str, options: SourceOptions, diags: Diagnostics)
-> Snapshot` and raises `InputError` when the source cannot be read at all; lesser problems are
reported through `diags`. `open_source` picks the frontend from what SOURCE looks like.
"""

from __future__ import annotations

import re
from pathlib import Path

from compiler.diagnostics import FE001, FE002, Diagnostics, InputError
from compiler.frontends.common import finalize
from compiler.options import SourceOptions
from compiler.redact import redact
from ir.snapshot import Snapshot

_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://")
_DUCKDB_MAGIC_OFFSET = 8
_SQLITE_MAGIC = b"SQLite format 3\x00"

SNAPSHOT_SUFFIXES = {".yaml", ".yml", ".json"}
DDL_SUFFIXES = {".sql", ".ddl"}
SQLITE_SUFFIXES = {".sqlite", ".sqlite3", ".db", ".db3"}
DUCKDB_SUFFIXES = {".duckdb", ".ddb"}
SPARK_PARQUET = "spark+parquet:"  # a folder of parquet files read through Spark SQL


def classify(source: str) -> tuple[str, str]:
    """(kind, location) for a SOURCE string; kind is duckdb, sqlite, sqlalchemy, spark, ddl or snapshot."""
    if source[:len(SPARK_PARQUET)].lower() == SPARK_PARQUET:
        from compiler.frontends.spark import location_of

        return "spark", location_of(source)
    m = _URL.match(source)
    if m:
        scheme = m.group("scheme").lower()
        if scheme == "duckdb":
            return "duckdb", _url_path(source)
        if scheme == "file":
            return classify(_url_path(source))
        return "sqlalchemy", source
    path = Path(source)
    if not path.exists():
        raise InputError(FE001, f"no such file: {source}", source)
    if path.is_dir():
        raise InputError(FE002, "SOURCE is a directory; give a database file, a URL, a .sql file or a snapshot "
                                 f"(a folder of parquet files reads through Spark as {SPARK_PARQUET}{source})", source)
    suffix = path.suffix.lower()
    head = _head(path)
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite", source
    if head[_DUCKDB_MAGIC_OFFSET:_DUCKDB_MAGIC_OFFSET + 4] == b"DUCK":
        return "duckdb", source
    if suffix in SNAPSHOT_SUFFIXES:
        return "snapshot", source
    if suffix in DDL_SUFFIXES:
        return "ddl", source
    if suffix in SQLITE_SUFFIXES | DUCKDB_SUFFIXES:
        if not head:
            raise InputError(FE002, "the database file is empty", source)
        raise InputError(FE002, f"{suffix} file is neither a SQLite nor a DuckDB database", source)
    raise InputError(
        FE002,
        f"cannot tell what kind of source this is (suffix {suffix or 'none'!r}); "
        "expected .duckdb, .sqlite/.db, .sql, .yaml/.json or a URL such as postgresql://...",
        source,
    )


def _url_path(url: str) -> str:
    rest = url.split("://", 1)[1]
    # duckdb:///relative.db and duckdb:////abs/path.db follow SQLAlchemy's convention.
    return rest[1:] if rest.startswith("/") else rest


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(16)
    except OSError as e:
        raise InputError(FE001, f"cannot read: {e.strerror}", str(path)) from None


def open_source(source: str, options: SourceOptions, diags: Diagnostics) -> Snapshot:
    """Read SOURCE into a finalized Snapshot (filtered, sorted, relationships derived)."""
    kind, location = classify(source)
    if kind == "snapshot":
        from compiler.frontends import snapshot as frontend
    elif kind == "duckdb":
        from compiler.frontends import duckdb as frontend  # type: ignore[no-redef]
    elif kind == "ddl":
        from compiler.frontends import ddl as frontend  # type: ignore[no-redef]
    elif kind == "spark":
        from compiler.frontends import spark as frontend  # type: ignore[no-redef]
    elif kind in ("sqlite", "sqlalchemy"):
        from compiler.frontends import sqlalchemy as frontend  # type: ignore[no-redef]
        if kind == "sqlite":
            location = "sqlite:///" + location
    else:  # pragma: no cover - classify returns only the kinds above
        raise InputError(FE002, f"unsupported source {redact(source)}", redact(source))
    snap = frontend.read(location, options, diags)
    return finalize(snap, options, diags, filtered=kind != "snapshot")
