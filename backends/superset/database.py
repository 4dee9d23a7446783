"""The database connection of the bundle: its SQLAlchemy URI, with the password masked.

A bundle never carries a password. Superset's own exports replace it with ten X's, and its
importer then asks for it: through the import API's `passwords` form field
(`{"databases/<name>.yaml": "<password>"}`), the "Import dataset" dialog (which prompts for it),
or `ImportDatasetsCommand(contents, passwords={...})`. A database Superset already has under
the same UUID keeps its stored password.

The URI comes from the `sqlalchemy_uri` option (mb.yaml, `superset:` section); else from the
source the model was compiled from, when that was a database URL (the snapshot keeps it with
the password hidden, which becomes Superset's mask) or a SQLite or DuckDB file. Otherwise
(DDL, an in-memory database) a placeholder for the source's dialect is written (USER, HOST) and
reported, so the bundle still imports and the connection is edited in Superset afterwards.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from backends.superset.names import PASSWORD_MASK
from compiler.redact import SECRET_KEY, encode_userinfo

# sqlglot dialect -> (SQLAlchemy scheme, needs a server, default port)
_SCHEMES: dict[str, tuple[str, bool, int | None]] = {
    "postgres": ("postgresql", True, 5432),
    "redshift": ("redshift+psycopg2", True, 5439),
    "mysql": ("mysql", True, 3306),
    "doris": ("mysql", True, 9030),
    "starrocks": ("mysql", True, 9030),
    "tsql": ("mssql+pymssql", True, 1433),
    "oracle": ("oracle", True, 1521),
    "trino": ("trino", True, 8080),
    "presto": ("presto", True, 8080),
    "clickhouse": ("clickhousedb", True, 8123),
    "snowflake": ("snowflake", True, None),
    "databricks": ("databricks", True, None),
    "spark": ("hive", True, 10000),
    "hive": ("hive", True, 10000),
    "teradata": ("teradatasql", True, None),
    "bigquery": ("bigquery", False, None),
    "sqlite": ("sqlite", False, None),
    "duckdb": ("duckdb", False, None),
}


def mask(uri: str) -> str:
    """`uri` with any password, and any secret-looking query parameter (password=, sslkey=,
    token=...), replaced by Superset's mask. Raises ArgumentError/ValueError for a non-URL."""
    url = make_url(encode_userinfo(uri))
    secrets = {k for k in url.query if SECRET_KEY.search(k)}
    if (url.password is None or url.password == PASSWORD_MASK) and not secrets:
        return uri
    if url.password is not None:
        url = url.set(password=PASSWORD_MASK)
    if secrets:
        url = url.update_query_dict({k: PASSWORD_MASK for k in secrets})
    return url.render_as_string(hide_password=False)


# Sources that are files but not databases: what the model was compiled from was schema text.
_NOT_DATABASE_FILES = {".sql", ".ddl", ".yaml", ".yml", ".json"}


def from_source(source: str | None, dialect: str) -> str | None:
    """The URI of the database the model was read from, when its description says (None if not).

    A URL is taken as given, its password masked; a file name is a SQLite or DuckDB database,
    relative to where Superset runs, when the dialect is one of those.
    """
    if not source:
        return None
    if "://" in source:
        try:
            return mask(source)
        except (ArgumentError, ValueError):  # a description that only looks like a URL
            return None
    suffix = PurePosixPath(source).suffix.lower()
    if dialect in ("sqlite", "duckdb") and suffix and suffix not in _NOT_DATABASE_FILES:
        return f"{dialect}:///{source}"
    return None


def placeholder(dialect: str, database: str) -> str:
    """A URI for the dialect with USER, HOST and a masked password standing in."""
    scheme, server, port = _SCHEMES.get(dialect, (dialect or "sqlite", False, None))
    if scheme == "sqlite":
        return f"sqlite:///{database}.sqlite"
    if scheme == "duckdb":
        return f"duckdb:///{database}.duckdb"
    if scheme == "bigquery":
        return f"bigquery://PROJECT/{database}"
    if not server:
        return f"{scheme}:///{database}"
    host = f"HOST:{port}" if port else "HOST"
    return f"{scheme}://USER:{PASSWORD_MASK}@{host}/{database}"


def password_note(database_file: str) -> list[str]:
    """The comment that heads the database file: how to give the password at import."""
    return [
        "A password in sqlalchemy_uri is masked (XXXXXXXXXX), as in Superset's own exports.",
        "Supply it at import: the import dialog asks for it; the API takes the form field",
        f'passwords={{"{database_file}": "..."}} (POST /api/v1/dataset/import/).',
        "A database Superset already has under this uuid keeps its stored password.",
    ]
