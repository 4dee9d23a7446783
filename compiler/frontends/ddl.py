"""Frontend for SQL DDL scripts and dumps (pg_dump, mysqldump, SSMS, SQL Developer, .schema ...).

The script is split by a dialect-aware scanner (ddl_split), each statement is classified here by
its leading keywords, and only schema statements reach sqlglot: CREATE TABLE (ddl_tables), CREATE
VIEW (ddl_views), and ALTER TABLE, CREATE UNIQUE INDEX, COMMENT ON, DROP and T-SQL's
sp_addextendedproperty (ddl_alter). Data and session statements (INSERT, COPY, SET, ...) are
counted, never parsed, and reported once per kind. Names are kept exactly as written (quotes
removed, case untouched). A statement that must be fixed - a malformed column list, say - is
reported as FE004 where it goes wrong, and `read` raises only after the whole file has been
reported. The dialect comes from --dialect or is guessed (ddl_dialect) and is recorded in the
snapshot.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from compiler.diagnostics import FE001, FE004, FE005, FE012, FE018, Diagnostics, InputError
from compiler.frontends.common import fold_children
from compiler.frontends.ddl_alter import alter_table, comment_on, drop, extended_property, unique_index
from compiler.frontends.ddl_dialect import resolve_dialect
from compiler.frontends.ddl_reader import Reader
from compiler.frontends.ddl_split import Statement, leading_words, split
from compiler.frontends.ddl_tables import create_table, is_create, parse
from compiler.frontends.ddl_views import create_view, resolve_view_columns
from compiler.inputfile import InputFileError, read_bytes
from compiler.options import SourceOptions
from ir.catalog import Table
from ir.snapshot import Snapshot, Source

_OBJECTS = {"TABLE", "VIEW", "INDEX", "FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "SEQUENCE", "TYPE", "EXTENSION",
            "SCHEMA", "DATABASE", "DOMAIN", "EVENT", "PACKAGE", "SYNONYM", "ROLE", "USER", "AGGREGATE", "OPERATOR",
            "RULE", "POLICY", "PUBLICATION", "SUBSCRIPTION", "COLLATION", "CAST", "SERVER", "MACRO", "STAGE",
            "PIPE", "STREAM", "TASK", "WAREHOUSE", "TABLESPACE", "LANGUAGE", "STATISTICS", "LOGIN", "ASSEMBLY"}
# Statements that come by the hundred in dumps: one FE005 per kind, with a count.
_BULK = {"INSERT", "REPLACE", "COPY", "SET", "USE", "LOCK", "UNLOCK", "BEGIN", "COMMIT", "START", "ROLLBACK",
         "END", "SELECT", "GRANT", "REVOKE", "DENY", "DROP", "ALTER", "PRAGMA", "EXEC", "EXECUTE", "PRINT",
         "ANALYZE", "VACUUM", "SAVEPOINT", "RELEASE", "CREATE INDEX", "CREATE SEQUENCE", "UPDATE", "DELETE",
         "TRUNCATE", "IF", "DECLARE", "CALL", "client command"}
# Leading words of statements a SQL client would accept; anything else is not SQL at all.
_KNOWN = _BULK | {"CREATE", "COMMENT", "WITH", "MERGE", "SHOW", "DESCRIBE", "EXPLAIN", "REINDEX", "CLUSTER",
                  "REFRESH", "LOAD", "PUT", "GET", "LIST", "REMOVE", "UNDROP", "DBCC", "RAISERROR", "THROW",
                  "OPTIMIZE", "FLUSH", "RENAME", "ATTACH", "DETACH", "INSTALL", "CHECKPOINT", "EXPORT", "IMPORT",
                  "DISCARD", "RESET", "NOTIFY", "LISTEN", "SECURITY", "CHECKSUM", "DO", "WHILE", "OPEN", "CLOSE",
                  "FETCH", "DEALLOCATE", "PREPARE", "SHUTDOWN", "KILL", "HANDLER", "XA", "RESTORE", "BACKUP"}


def read(location: str, options: SourceOptions, diags: Diagnostics) -> Snapshot:
    path = Path(location)
    text = _read_text(path)
    dialect = resolve_dialect(options.dialect, text)
    reader = Reader(location, dialect, diags)
    with _quiet_sqlglot():
        for stmt in split(text, dialect):
            _handle(reader, stmt)
        _dialect_hint(reader, location)
        tables = _finish(reader)
    return Snapshot(source=Source(dialect=dialect, description=path.name, database=path.stem), tables=tables)


def _read_text(path: Path) -> str:
    try:
        data = read_bytes(path)
    except InputFileError as e:
        raise InputError(FE001, f"DDL file {e}", str(path)) from None
    # SSMS saves scripts as UTF-16 with a BOM; everything else is UTF-8 or a legacy 8-bit encoding.
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


@contextmanager
def _quiet_sqlglot() -> Iterator[None]:
    # sqlglot logs "falling back to parsing as a Command"; we report those ourselves, with a code.
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _handle(r: Reader, stmt: Statement) -> None:
    try:
        _dispatch(r, stmt)
    except Exception as e:  # a bug here must not lose the rest of the file, nor hide the table
        words = leading_words(stmt.text, 4)
        message = f"{' '.join(words[:3])} could not be read ({type(e).__name__}: {e}); please report this"
        if words[:1] == ["CREATE"] and "TABLE" in words[1:4]:
            r.malformed_at(message, r.at(stmt))
        else:
            r.diags.report(FE012, message, r.at(stmt))


def _dispatch(r: Reader, stmt: Statement) -> None:
    if stmt.client_command:
        r.recognized += 1
        return r.skip(stmt, "client command")
    words = leading_words(stmt.text, 12)
    if not words or words[0] not in _KNOWN:
        r.unknown.append(stmt)
        return r.skip(stmt, f"unrecognized statement {' '.join(words[:2]) or stmt.text[:20]!r}", bulk=False)
    r.recognized += 1
    first = words[0]
    if first == "CREATE":
        return _create(r, stmt, words)
    if first == "ALTER" and words[1:2] == ["TABLE"]:
        return alter_table(r, stmt)
    if first == "ALTER":
        return r.skip(stmt, f"ALTER {words[1] if len(words) > 1 else ''}".strip())
    if first == "COMMENT" and "ON" in words[1:4]:
        return comment_on(r, stmt)
    if first in ("EXEC", "EXECUTE") and "sp_addextendedproperty" in stmt.text[:200].lower():
        return extended_property(r, stmt)
    if first == "DROP" and len(words) > 1 and words[1] in ("TABLE", "VIEW", "MATERIALIZED"):
        return drop(r, stmt)
    if first == "REPLACE":
        first = "INSERT"
    r.skip(stmt, first, bulk=first in _BULK)


def _create(r: Reader, stmt: Statement, words: list[str]) -> None:
    obj, before = "", []
    for i, w in enumerate(words[1:], 1):
        if w in _OBJECTS:
            obj, before = w, words[1:i]
            break
    if obj == "TABLE":
        r.creates += 1
        before_count = len(r.malformed)
        create_table(r, stmt)
        if len(r.malformed) > before_count:
            r.failed_creates.append(stmt)
        return None
    if obj == "VIEW":
        return create_view(r, stmt, "materialized_view" if "MATERIALIZED" in before else "view")
    if obj == "INDEX" and "UNIQUE" in before:
        return unique_index(r, stmt)
    if obj in ("INDEX", "SEQUENCE"):
        return r.skip(stmt, f"CREATE {obj}")
    r.skip(stmt, f"CREATE {obj or ' '.join(words[1:3])}", bulk=False)


# Dialects tried when most CREATE TABLE statements fail in the one chosen.
HINT_DIALECTS = ("postgres", "mysql", "tsql", "oracle", "sqlite", "duckdb", "bigquery", "snowflake", "clickhouse", "redshift")
HINT_SAMPLE = 20  # failed statements tried in each dialect


def _dialect_hint(r: Reader, location: str) -> None:
    """When most CREATE TABLE statements do not parse in the dialect chosen, name the dialect
    they do parse in (FE018), rather than leaving a user with a screen of FE004s."""
    failed = r.failed_creates
    if len(failed) < 2 or len(failed) * 2 < r.creates:
        return
    sample = failed[:HINT_SAMPLE]
    scores = {}
    for dialect in HINT_DIALECTS:
        if dialect != r.dialect:
            scores[dialect] = sum(is_create(parse(stmt.text, dialect), "TABLE") for stmt in sample)
    best = max(scores, key=lambda d: (scores[d], -HINT_DIALECTS.index(d))) if scores else None
    if best is None or scores[best] * 2 <= len(sample):
        return
    r.diags.report(FE018, f"{len(failed)} of {r.creates} CREATE TABLE statements do not parse as {r.dialect}; "
                          f"{scores[best]} of the {len(sample)} tried parse as {best}: try --dialect {best}", location)


def _finish(r: Reader) -> list[Table]:
    """Apply what waited for later tables, resolve views and foreign keys, report the tallies."""
    for stmt, attempt in r.deferred:
        if not attempt():
            r.diags.report(FE012, "statement refers to a table not defined in this file; ignored", r.at(stmt))
    for view in r.views:
        resolve_view_columns(r, view)
    for table in r.tables.values():
        for fk in table.foreign_keys:
            target = r.find(fk.ref_table.schema_, fk.ref_table.name, table.schema_)
            if target is not None:
                fk.ref_table = target.ref
                if not fk.ref_columns:
                    fk.ref_columns = list(target.primary_key)
                # Unquoted names are case-insensitive in the database: match them that way.
                fk.ref_columns = [_canonical(target, c) for c in fk.ref_columns]
            fk.columns = [_canonical(table, c) for c in fk.columns]
    _inherit_key_types(r)
    for message, where in r.dropped.values():
        r.diags.report(FE012, message, where)
    for label, seen in r.bulk.items():
        plural = "statement" if seen.count == 1 else "statements"
        r.diags.report(FE005, f"skipped {seen.count} {label} {plural} (not schema)", seen.first)
    if not r.tables and r.unknown and not r.recognized:
        # Point at the start of the first statement: its very first word is already not SQL.
        r.malformed_statement(r.unknown[0], None, "SQL: no statement in the file could be read")
    if r.malformed:
        raise InputError(FE004, f"stopping: {len(r.malformed)} malformed statement(s) in this file", r.file)
    return fold_children(list(r.tables.values()), r.parents, r.diags)


def _inherit_key_types(r: Reader) -> None:
    """Oracle lets a referencing column omit its type (`KundenID REFERENCES Kunden`): it takes
    the referenced key's. Chains (a typeless column referencing another) settle in a few rounds."""
    for _ in range(len(r.tables) + 1):
        changed = False
        for table in r.tables.values():
            for fk in table.foreign_keys:
                target = r.find(fk.ref_table.schema_, fk.ref_table.name, table.schema_)
                if target is None:
                    continue
                for name, ref in zip(fk.columns, fk.ref_columns):
                    col, key = table.column(name), target.column(ref)
                    if col is not None and key is not None and not col.type.strip() and key.type.strip():
                        col.type = key.type
                        changed = True
        if not changed:
            return


def _canonical(table: Table, column: str) -> str:
    """The table's spelling of `column`, when only its case differs."""
    if table.column(column) is not None:
        return column
    same = [c.name for c in table.columns if c.name.lower() == column.lower()]
    return same[0] if len(same) == 1 else column
