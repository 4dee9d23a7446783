"""Frontend for live databases reached through a SQLAlchemy URL.

sqlite:///path.db, postgresql://..., mysql+pymysql://..., and any other dialect whose driver is
installed. Introspection goes through `sqlalchemy.inspect`; row counts are `COUNT(*)` pushed down
to the database. The connection is made read-only wherever the database allows it, and no
credential ever reaches the snapshot or a message: every text shown is redacted first.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, Inspector, make_url
from sqlalchemy.types import NullType

from compiler.diagnostics import FE001, FE002, FE003, FE009, FE013, FE015, FE016, Diagnostics, InputError
from compiler.frontends import mysql_catalog
from compiler.frontends.common import fold_children, report_missing_schemas, report_no_match
from compiler.options import SourceOptions
from compiler.redact import SECRET_KEY, encode_userinfo, redact
from ir.catalog import Column, ForeignKey, Table, TableKind, TableRef, UniqueKey, table_key
from ir.snapshot import Snapshot, Source

CONNECT_TIMEOUT = 10  # seconds; a refused or unreachable host fails fast

# SQLAlchemy dialect name -> sqlglot dialect name.
SQLGLOT_DIALECTS = {
    "postgresql": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "mssql": "tsql",
    "oracle": "oracle",
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "redshift": "redshift",
    "trino": "trino",
    "presto": "presto",
    "databricks": "databricks",
    "hive": "hive",
    "spark": "spark",
    "clickhouse": "clickhouse",
    "clickhousedb": "clickhouse",
    "duckdb": "duckdb",
    "teradata": "teradata",
    "teradatasql": "teradata",
    "awsathena": "athena",
    "doris": "doris",
    "starrocks": "starrocks",
    "drill": "drill",
    "exasol": "exasol",
    "risingwave": "risingwave",
    "cockroachdb": "postgres",
}

# Dialects that ship outside SQLAlchemy: URL scheme -> the pip package that provides it.
DIALECT_PACKAGES = {
    "snowflake": "snowflake-sqlalchemy",
    "bigquery": "sqlalchemy-bigquery",
    "redshift": "sqlalchemy-redshift",
    "trino": "trino",
    "presto": "pyhive",
    "hive": "pyhive",
    "databricks": "databricks-sqlalchemy",
    "clickhouse": "clickhouse-sqlalchemy",
    "clickhousedb": "clickhouse-connect",
    "duckdb": "duckdb-engine",
    "awsathena": "pyathena",
    "teradatasql": "teradatasqlalchemy",
    "cockroachdb": "sqlalchemy-cockroachdb",
    "exasol": "sqlalchemy-exasol",
    "db2": "ibm-db-sa",
    "ibm_db_sa": "ibm-db-sa",
    "firebird": "sqlalchemy-firebird",
    "starrocks": "starrocks",
    "doris": "pydoris",
    "spanner": "sqlalchemy-spanner",
    "crate": "sqlalchemy-cratedb",
    "vertica": "sqlalchemy-vertica-python",
    "risingwave": "sqlalchemy-risingwave",
}

# DBAPI driver name (as SQLAlchemy calls it) -> the pip package that provides it.
DRIVER_PACKAGES = {
    "psycopg2": "psycopg2-binary",
    "psycopg": "psycopg[binary]",
    "pg8000": "pg8000",
    "asyncpg": "asyncpg",
    "mysqldb": "mysqlclient",
    "pymysql": "pymysql",
    "mysqlconnector": "mysql-connector-python",
    "mariadbconnector": "mariadb",
    "pyodbc": "pyodbc",
    "pymssql": "pymssql",
    "oracledb": "oracledb",
    "cx_oracle": "cx_Oracle",
}

# For a URL without "+driver", the drivers tried in order (the first installed wins), so that
# postgresql:// works with psycopg2 as well as psycopg, and mysql:// with pymysql.
DRIVER_FALLBACKS = {
    "postgresql": [("psycopg", "psycopg"), ("psycopg2", "psycopg2"), ("pg8000", "pg8000")],
    "mysql": [("mysqldb", "MySQLdb"), ("pymysql", "pymysql"), ("mysqlconnector", "mysql.connector"),
              ("mariadbconnector", "mariadb")],
}
DRIVER_FALLBACKS["mariadb"] = DRIVER_FALLBACKS["mysql"]

# Connect-timeout argument per DBAPI driver.
TIMEOUT_ARGS = {
    "psycopg2": "connect_timeout",
    "psycopg": "connect_timeout",
    "pg8000": "timeout",
    "pymysql": "connect_timeout",
    "mysqldb": "connect_timeout",
    "mysqlconnector": "connection_timeout",
    "mariadbconnector": "connect_timeout",
    "pyodbc": "timeout",
    "pymssql": "login_timeout",
}

# Statements that make a session read-only, per dialect.
READ_ONLY_SQL = {
    "postgresql": "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    "mysql": "SET SESSION TRANSACTION READ ONLY",
    "mariadb": "SET SESSION TRANSACTION READ ONLY",
}

_UNRECOGNIZED_TYPE = re.compile(r"Did not recognize type '(?P<type>.*)' of column '(?P<column>.*)'")


def open_engine(location: str, timeout: float | None = None) -> tuple[sa.Engine, URL, str]:
    """(engine, url, credential-free description) for a URL: driver chosen, read-only sessions,
    and (given `timeout`, seconds) statement and lock time limits on every session.

    Shared with the profiler, so both phases connect (and stay read-only) the same way.
    """
    try:
        url = make_url(encode_userinfo(location))
    except (sa_exc.ArgumentError, ValueError):
        shown = redact(location)
        raise InputError(FE002, f"not a database URL: {shown}", shown) from None
    shown = describe_url(url)
    url = _choose_driver(url, shown)
    dialect_cls = _load_dialect(url, shown)
    return _create_engine(url, dialect_cls, shown, timeout), url, shown


def read(location: str, options: SourceOptions, diags: Diagnostics) -> Snapshot:
    engine, url, shown = open_engine(location, options.query_timeout)
    try:
        with warnings.catch_warnings():
            # SQLAlchemy's reflection warnings are reported through diagnostics where they matter.
            warnings.simplefilter("ignore", sa_exc.SAWarning)
            conn = _connect(engine, url, shown)
            try:
                tables = _read_tables(conn, url, options, diags, shown)
            except InputError:
                raise
            except Exception as e:  # any database (or dialect) failure: a diagnostic, never a traceback
                raise InputError(FE013, f"reading the database failed: {_error_text(e, url)}", shown) from None
            finally:
                _close(conn)
    finally:
        engine.dispose()
    name = engine.dialect.name
    dialect = options.dialect or SQLGLOT_DIALECTS.get(name, name)
    if name == "sqlite":
        db_path = Path(url.database) if url.database and url.database != ":memory:" else None
        source = Source(dialect=dialect, description=db_path.name if db_path else "sqlite (in memory)",
                        database=db_path.stem if db_path else None)
    else:
        source = Source(dialect=dialect, description=shown, database=url.database)
    return Snapshot(source=source, tables=tables)


def describe_url(url: URL) -> str:
    """The URL with its password and any secret-looking query parameter hidden."""
    query = {k: ("***" if SECRET_KEY.search(k) else v) for k, v in url.query.items()}
    return redact(url.set(query=query).render_as_string(hide_password=True))


# --- connecting --------------------------------------------------------------------------------


def _choose_driver(url: URL, shown: str) -> URL:
    backend = url.get_backend_name()
    if "+" in url.drivername or backend not in DRIVER_FALLBACKS:
        return url
    for driver, module in DRIVER_FALLBACKS[backend]:
        if _installed(module):
            return url.set(drivername=f"{backend}+{driver}")
    wanted = " or ".join(DRIVER_PACKAGES[d] for d, _ in DRIVER_FALLBACKS[backend][:2])
    raise InputError(FE009, f"no {backend} driver is installed; install one with: pip install {wanted}", shown)


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _load_dialect(url: URL, shown: str) -> Any:
    backend = url.get_backend_name()
    try:
        dialect_cls = url.get_dialect()
    except sa_exc.NoSuchModuleError:
        if backend in DIALECT_PACKAGES:
            raise InputError(
                FE009,
                f"the {backend} dialect is not installed; install it with: pip install {DIALECT_PACKAGES[backend]}",
                shown,
            ) from None
        if "+" in url.drivername and _known_backend(backend):
            raise InputError(FE002, f"unknown driver {url.get_driver_name()!r} for {backend}", shown) from None
        raise InputError(
            FE002, f"unknown URL scheme {url.drivername!r}: no SQLAlchemy dialect of that name is installed", shown
        ) from None
    except ImportError as e:
        raise InputError(FE009, _missing_driver_message(url, e), shown) from None
    if getattr(dialect_cls, "is_async", False):
        raise InputError(
            FE002, f"{url.drivername} is an asyncio driver; use a synchronous one (e.g. {backend}://)", shown
        )
    return dialect_cls


def _known_backend(backend: str) -> bool:
    try:
        make_url(f"{backend}://").get_dialect()
        return True
    except Exception:
        return False


def _missing_driver_message(url: URL, e: ImportError) -> str:
    driver = url.get_driver_name()
    package = DRIVER_PACKAGES.get(driver) or getattr(e, "name", None) or driver
    return f"the {driver} driver for {url.get_backend_name()} is not installed; install it with: pip install {package}"


def _create_engine(url: URL, dialect_cls: Any, shown: str, timeout: float | None = None) -> sa.Engine:
    # Every session ends its transaction itself (a rollback after each query or read); the pool's
    # own reset would only log a traceback for a connection the server has dropped.
    kwargs: dict[str, Any] = {"poolclass": sa.pool.NullPool, "pool_reset_on_return": None}
    if dialect_cls.name == "sqlite":
        creator = _sqlite_creator(url, shown)
        if creator is not None:
            kwargs["creator"] = creator
    else:
        arg = TIMEOUT_ARGS.get(dialect_cls.driver)
        if arg and arg not in url.query:
            kwargs["connect_args"] = {arg: CONNECT_TIMEOUT}
        if dialect_cls.driver in ("psycopg2", "psycopg") and "application_name" not in url.query:
            # Names mb's sessions in pg_stat_activity, for a DBA wondering who runs these queries.
            kwargs.setdefault("connect_args", {})["application_name"] = "mb"
    try:
        engine = sa.create_engine(url, **kwargs)
    except ImportError as e:
        raise InputError(FE009, _missing_driver_message(url, e), shown) from None
    except (sa_exc.ArgumentError, TypeError, ValueError) as e:
        raise InputError(FE002, f"bad database URL: {_error_text(e, url)}", shown) from None
    statements = ([READ_ONLY_SQL[engine.dialect.name]] if engine.dialect.name in READ_ONLY_SQL else [])
    statements += session_limits(engine.dialect.name, timeout)
    if statements:
        sa.event.listen(engine, "connect", lambda dbapi_conn, _record: _session_setup(dbapi_conn, statements))
    return engine


def session_limits(backend: str, timeout: float | None) -> list[str]:
    """Session settings bounding every statement and every lock wait by `timeout` seconds, so
    reading a schema never hangs behind another session's lock. A setting the server does not
    know is skipped (MariaDB and MySQL spell the statement limit differently)."""
    if not timeout or timeout <= 0:
        return []
    ms = max(1, int(timeout * 1000))
    if backend == "postgresql":
        return [f"SET statement_timeout = {ms}", f"SET lock_timeout = {ms}"]
    if backend in ("mysql", "mariadb"):
        return [f"SET SESSION lock_wait_timeout = {max(1, round(timeout))}",
                f"SET SESSION max_statement_time = {ms / 1000:.3f}",  # MariaDB
                f"SET SESSION max_execution_time = {ms}"]  # MySQL (SELECTs only)
    return []


# Driver error codes meaning a statement or a lock wait ran out of time.
TIMEOUT_PGCODES = {"57014", "55P03"}  # query_canceled, lock_not_available
TIMEOUT_MYSQL_ERRNOS = {1205, 3024, 1969, 1317}  # lock wait, max_execution_time, max_statement_time, interrupted


def is_timeout(e: BaseException) -> bool:
    orig = getattr(e, "orig", None) or e
    if getattr(orig, "pgcode", None) in TIMEOUT_PGCODES:
        return True
    args = getattr(orig, "args", ())
    return bool(args) and isinstance(args[0], int) and args[0] in TIMEOUT_MYSQL_ERRNOS


def _sqlite_creator(url: URL, shown: str):
    """A connection factory opening the SQLite file read-only (file:...?mode=ro)."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None  # in memory, or the caller wrote their own URI: leave it alone
    path = Path(database)
    if not path.is_file():
        raise InputError(FE001, f"no such SQLite file: {database}", database)
    uri = path.resolve().as_uri() + "?mode=ro"
    return lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)


def _session_setup(dbapi_conn: Any, statements: list[str]) -> None:
    """Best effort, one statement at a time: read-only (the frontend only ever reads, this
    guards against surprises) and the time limits the server knows."""
    for sql in statements:
        cur = dbapi_conn.cursor()
        try:
            cur.execute(sql)
            dbapi_conn.commit()
        except Exception:
            try:
                dbapi_conn.rollback()
            except Exception:
                pass
        finally:
            cur.close()


def _connect(engine: sa.Engine, url: URL, shown: str) -> Connection:
    location = url.database if engine.dialect.name == "sqlite" and url.database else shown
    try:
        conn = engine.connect()
        if engine.dialect.name == "sqlite":
            try:  # SQLite opens anything lazily; read the schema once to know it is a database
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
            except Exception:
                _close(conn)
                raise
        return conn
    except Exception as e:
        text = _error_text(e, url)
        if engine.dialect.name == "sqlite":  # a local file: it opened, but is not what we expected
            code = FE002 if "not a database" in text else FE013
            raise InputError(code, f"cannot read the SQLite file: {text}", location) from None
        hint = ""
        if any(k.lower() in ("schema", "search_path", "currentschema") for k in url.query):
            hint = " (the schema mb reads is chosen with --schema, or `schema:` in mb.yaml, not in the URL)"
        raise InputError(FE003, f"cannot connect to the database: {text}{hint}", location) from None


def _close(conn: Connection) -> None:
    try:
        conn.rollback()
        conn.close()
    except Exception:
        pass


# --- reading -----------------------------------------------------------------------------------


def _read_tables(conn: Connection, url: URL, options: SourceOptions, diags: Diagnostics, shown: str) -> list[Table]:
    insp = sa.inspect(conn)
    is_sqlite = conn.dialect.name == "sqlite"
    if options.schemas:
        schemas: list[str | None] = list(options.schemas)
        if not _check_schemas(insp, options.schemas, diags):
            return []
    elif is_sqlite:
        schemas = [None]  # SQLite's single database: tables stay unqualified
    elif insp.default_schema_name:
        schemas = [insp.default_schema_name]
    else:
        raise InputError(FE013, "the URL names no database or schema; add one to the URL or pass --schema", shown)

    reader = _TableReader(conn, insp, url, diags)
    tables: list[Table] = []
    seen: list[tuple[str | None, str]] = []
    for schema in schemas:
        names: set[str] = set()
        for name, kind in _object_names(insp, schema):
            if name in names:
                continue
            names.add(name)
            seen.append((schema, name))
            if not options.wants(name, schema):
                continue
            table = reader.table(name, schema, kind)
            if table is not None:
                tables.append(table)
    if seen and not tables and (options.include or options.exclude):
        report_no_match(diags, options, seen)
        return []
    if conn.dialect.name == "postgresql":
        tables = fold_children(tables, _pg_parents(conn, {t.schema_ for t in tables}), diags)
    if is_sqlite:
        _resolve_case(tables, [name for _, name in seen])
    for table in tables:
        if table.kind != "view":
            reader.count_rows(table)
    return tables


def _resolve_case(tables: list[Table], names: list[str]) -> None:
    """SQLite reads names in any case: `REFERENCES country(id)` names the table `Country`, and
    `player(Player_Api_Id)` its column `player_api_id`. The key is kept as the names are spelt
    where they are defined (the European Soccer Database's matches and leagues refer to `country`;
    taken as written, both references were dropped as naming no table)."""
    spelt = {n.lower(): n for n in names}
    columns = {t.name.lower(): {c.name.lower(): c.name for c in t.columns} for t in tables}
    for t in tables:
        for fk in t.foreign_keys:
            name = spelt.get(fk.ref_table.name.lower())
            if name is None or fk.ref_table.schema_ is not None:
                continue
            fk.ref_table = TableRef(name=name)
            known = columns.get(name.lower(), {})
            fk.ref_columns = [known.get(c.lower(), c) for c in fk.ref_columns]


def _pg_parents(conn: Connection, schemas: set[str | None]) -> dict[str, str]:
    """Partitions (declarative) and INHERITS children, child key -> parent key, from pg_inherits."""
    rows = conn.execute(sa.text(
        "SELECT cn.nspname, c.relname, pn.nspname, p.relname FROM pg_catalog.pg_inherits i "
        "JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace "
        "JOIN pg_catalog.pg_class p ON p.oid = i.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'f') ORDER BY 1, 2, i.inhseqno")).fetchall()
    out: dict[str, str] = {}
    for cs, child, ps, parent in rows:
        if cs in schemas and ps in schemas:
            out.setdefault(table_key(cs, child), table_key(ps, parent))
    return out


def _check_schemas(insp: Inspector, wanted: list[str], diags: Diagnostics) -> bool:
    """False (after FE017) when a schema asked for does not exist."""
    try:
        existing = insp.get_schema_names()
    except NotImplementedError:
        return True
    lower = {s.lower() for s in existing}
    missing = [s for s in wanted if s.lower() not in lower]
    if missing:
        report_missing_schemas(diags, missing, sorted(existing))
    return not missing


def _object_names(insp: Inspector, schema: str | None) -> list[tuple[str, TableKind]]:
    names: list[tuple[str, TableKind]] = [(n, "table") for n in insp.get_table_names(schema=schema)]
    names += [(n, "view") for n in insp.get_view_names(schema=schema)]
    try:
        names += [(n, "materialized_view") for n in insp.get_materialized_view_names(schema=schema)]
    except NotImplementedError:
        pass
    return names


class _TableReader:
    """Introspects one table at a time, so one broken table is skipped rather than fatal."""

    def __init__(self, conn: Connection, insp: Inspector, url: URL, diags: Diagnostics):
        self.conn = conn
        self.insp = insp
        self.url = url
        self.diags = diags
        self.dialect = conn.dialect
        self.sqlglot_dialect = SQLGLOT_DIALECTS.get(conn.dialect.name, conn.dialect.name)
        self.has_comments = True
        self.mysql = conn.dialect.name in ("mysql", "mariadb")
        self.sqlite = conn.dialect.name == "sqlite"
        self.default_schema = insp.default_schema_name

    def table(self, name: str, schema: str | None, kind: TableKind) -> Table | None:
        try:
            return self._table(name, schema, kind)
        except Exception as e:
            self._recover(e)
            where = f"{schema}.{name}" if schema else name
            if is_timeout(e):
                # Not a table to skip quietly: the snapshot would lose it and compile would
                # delete its models. Most often another session holds a lock on it.
                self.diags.report(FE016, f"reading the {kind.replace('_', ' ')} timed out (a lock held by another session?): "
                                         f"{_error_text(e, self.url)}", where)
                return None
            self.diags.report(FE015, f"could not introspect {kind.replace('_', ' ')}: {_error_text(e, self.url)}", where)
            return None

    def count_rows(self, table: Table) -> None:
        query = sa.select(sa.func.count()).select_from(sa.table(table.name, schema=table.schema_))
        try:
            table.row_count = int(self.conn.execute(query).scalar_one())
        except Exception as e:
            self._recover(e)
            why = "timed out, a lock held by another session?" if is_timeout(e) else _error_text(e, self.url)
            self.diags.report(FE015, f"could not count rows ({why}); row_count left empty", table.key)

    def _recover(self, e: Exception) -> None:
        """After a failed statement: give up on a lost connection, else roll back and go on."""
        if isinstance(e, sa_exc.DBAPIError) and e.connection_invalidated:
            raise e
        try:
            self.conn.rollback()
        except Exception:
            raise e from None

    def _table(self, name: str, schema: str | None, kind: TableKind) -> Table:
        insp = self.insp
        table = Table(name=name, schema=schema, kind=kind, columns=self._columns(name, schema))
        table.comment = self._comment(name, schema)
        if kind != "table":
            from compiler.frontends.duckdb import view_query  # here: the module loads duckdb, which tables do without

            try:
                table.definition = view_query(insp.get_view_definition(name, schema=schema), self.sqlglot_dialect)
            except NotImplementedError:
                pass
            if kind == "view":
                return table
        pk = insp.get_pk_constraint(name, schema=schema) or {}
        real = {c.name for c in table.columns}
        table.primary_key = [self._name(c, real) for c in pk.get("constrained_columns") or [] if c is not None]
        table.primary_key_name = pk.get("name") if table.primary_key else None
        for uk_cols, uk_name in self._unique_keys(name, schema):
            uk_cols = [self._name(c, real) for c in uk_cols]
            if uk_cols != table.primary_key and all(uk.columns != uk_cols for uk in table.unique_keys):
                table.unique_keys.append(UniqueKey(columns=uk_cols, name=uk_name))
        if self.mysql:
            table.foreign_keys = mysql_catalog.foreign_keys(self.conn, schema or self.default_schema, name)
            return table
        for fk in insp.get_foreign_keys(name, schema=schema):
            if not fk.get("referred_table") or not fk.get("constrained_columns"):
                continue
            table.foreign_keys.append(
                ForeignKey(
                    columns=list(fk["constrained_columns"]),
                    ref_table=TableRef(name=fk["referred_table"], schema=fk.get("referred_schema") or schema),
                    ref_columns=list(fk.get("referred_columns") or []),
                    name=fk.get("name"),
                )
            )
        return table

    def _columns(self, name: str, schema: str | None) -> list[Column]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", sa_exc.SAWarning)
            reflected = self.insp.get_columns(name, schema=schema)
        # An unrecognized type comes back as NullType; its spelling is only in the warning.
        unrecognized = {}
        for w in caught:
            m = _UNRECOGNIZED_TYPE.search(str(w.message))
            if m:
                unrecognized[m.group("column")] = m.group("type")
        if self.sqlite and any(isinstance(c["type"], NullType) and c["name"] not in unrecognized for c in reflected):
            unrecognized.update(self._sqlite_declared(name, schema))
        columns = []
        for col in reflected:
            default = col.get("default")
            columns.append(
                Column(
                    name=col["name"],
                    type=self._type_text(col["type"], unrecognized.get(col["name"])),
                    nullable=bool(col.get("nullable", True)),
                    default=None if default is None else str(default),
                    comment=col.get("comment") or None,
                )
            )
        if self.mysql:
            columns = mysql_catalog.repair_columns(self.conn, schema or self.default_schema, name, columns)
        return columns

    def _sqlite_declared(self, name: str, schema: str | None) -> dict[str, str]:
        """Each column's type as SQLite's schema declares it. SQLAlchemy reads a declared type it
        does not know by SQLite's affinity rules, and one of BLOB affinity (MEDIUMBLOB, LONGBLOB,
        TINYBLOB: a MySQL dump loaded into SQLite) comes back as no type, silently: the column would
        pass for text. The declared words keep it binary, as the same column is on MySQL."""
        quoted = '"' + name.replace('"', '""') + '"'
        where = f'"{schema.replace(chr(34), chr(34) * 2)}".' if schema else ""
        try:
            rows = self.conn.exec_driver_sql(f"PRAGMA {where}table_xinfo({quoted})").fetchall()
        except Exception as e:
            self._recover(e)
            return {}
        return {str(r[1]): str(r[2]) for r in rows if r[2]}

    def _name(self, name: str, real: set[str]) -> str:
        """A column name as the table has it (MySQL reflection doubles backticks in key columns)."""
        return mysql_catalog.unescape(name, real) if self.mysql else name

    def _type_text(self, type_: Any, unrecognized: str | None) -> str:
        if isinstance(type_, NullType):
            return unrecognized or ""  # SQLite columns may declare no type at all
        try:
            return type_.compile(dialect=self.dialect)
        except Exception:
            try:
                return str(type_)
            except Exception:
                return type(type_).__name__.upper()

    def _comment(self, name: str, schema: str | None) -> str | None:
        if not self.has_comments:
            return None
        try:
            return (self.insp.get_table_comment(name, schema=schema) or {}).get("text") or None
        except NotImplementedError:
            self.has_comments = False
            return None

    def _unique_keys(self, name: str, schema: str | None) -> list[tuple[list[str], str | None]]:
        keys: list[tuple[list[str], str | None]] = []
        try:
            for uc in self.insp.get_unique_constraints(name, schema=schema):
                cols = list(uc.get("column_names") or [])
                if cols and None not in cols:
                    keys.append((cols, uc.get("name")))
        except NotImplementedError:
            pass
        try:
            indexes = self.insp.get_indexes(name, schema=schema)
        except NotImplementedError:
            indexes = []
        for ix in indexes:
            cols = list(ix.get("column_names") or [])
            if not ix.get("unique") or not cols or None in cols or _is_partial(ix):
                continue  # not unique, or over expressions, or only on some rows: not a key
            keys.append((cols, ix.get("name")))
        return keys


def _is_partial(index: dict) -> bool:
    options = index.get("dialect_options") or {}
    return any(key.endswith("_where") and value is not None for key, value in options.items())


# --- messages ----------------------------------------------------------------------------------


def _error_text(e: BaseException, url: URL) -> str:
    """A one-line, credential-free description of an exception."""
    orig = getattr(e, "orig", None)
    if isinstance(e, sa_exc.DBAPIError) and orig is not None:
        args = getattr(orig, "args", ())
        if len(args) == 2 and isinstance(args[0], int) and isinstance(args[1], str):  # MySQL style
            text = f"{args[1]} (error {args[0]})"
        else:
            text = str(orig) or type(orig).__name__
    else:
        text = str(e) or type(e).__name__
    return scrub(text, url)


def scrub(text: str, url: URL | None = None) -> str:
    """Redact URLs and remove the password of `url`, in any spelling, from `text`."""
    text = redact(text)
    password = url.password if url is not None else None
    if password:
        for form in sorted({str(password), quote(str(password), safe=""), quote_plus(str(password))}, key=len, reverse=True):
            text = text.replace(form, "***")
    return " ".join(text.split())
