"""Sakila (the DVD rental store sample, BSD) loaded for real into PostgreSQL, MariaDB/MySQL,
SQLite or DuckDB from tests/fixtures/sakila: one portable schema rendered per dialect with
sqlglot, and the rows from gzipped TSV files (`\\N` for NULL, as PostgreSQL's COPY writes them).

Foreign keys are added after the rows (staff and store refer to each other), as a dump does.
"""

from __future__ import annotations

import gzip
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Callable

import sqlglot
from sqlglot import exp

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sakila"
TABLES = ["language", "country", "city", "address", "actor", "category", "film", "film_actor", "film_category",
          "staff", "store", "customer", "inventory", "rental", "payment"]
ROW_COUNTS = {"payment": 16049, "rental": 16044, "film": 1000, "customer": 599}


def _statements() -> list[exp.Expression]:
    return [s for s in sqlglot.parse((FIXTURE / "schema.sql").read_text(encoding="utf-8"), read="postgres") if s]


def _converters(create: exp.Create) -> dict[str, Callable[[str], object]]:
    out: dict[str, Callable[[str], object]] = {}
    for col in create.this.expressions:
        if not isinstance(col, exp.ColumnDef):
            continue
        kind = col.args["kind"].this
        if kind in (exp.DataType.Type.INT, exp.DataType.Type.SMALLINT):
            out[col.name] = int
        elif kind == exp.DataType.Type.DECIMAL:
            out[col.name] = Decimal
        elif kind == exp.DataType.Type.BOOLEAN:
            out[col.name] = lambda v: v == "t"
        else:
            out[col.name] = str
    return out


def rows(table: str, converters: dict[str, Callable[[str], object]] | None = None) -> tuple[list[str], list[tuple]]:
    """Column names and rows of one table, typed by the schema."""
    with gzip.open(FIXTURE / "data" / f"{table}.tsv.gz", "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    columns = lines[0].split("\t")
    conv = converters or {}
    out = []
    for line in lines[1:]:
        values = line.split("\t")
        out.append(tuple(None if v == "\\N" else conv.get(c, str)(v) for c, v in zip(columns, values)))
    return columns, out


def _split(dialect: str) -> tuple[dict[str, exp.Create], dict[str, list[exp.Expression]], list[exp.Create]]:
    """Tables without their foreign keys, the foreign keys per table, and the views."""
    tables: dict[str, exp.Create] = {}
    fks: dict[str, list[exp.Expression]] = {}
    views: list[exp.Create] = []
    for st in _statements():
        if st.args.get("kind") == "VIEW":
            views.append(st)
            continue
        name = st.this.this.name
        keep, foreign = [], []
        for e in st.this.expressions:
            (foreign if isinstance(e, exp.Constraint) and e.find(exp.ForeignKey) else keep).append(e)
        table = st.copy()
        table.this.set("expressions", [k.copy() for k in keep])
        if dialect == "mysql":  # sqlglot renders bytea as a VARBINARY without the length MySQL needs
            for kind in table.find_all(exp.DataType):
                if kind.sql("mysql") == "VARBINARY":
                    kind.replace(exp.DataType(this=exp.DataType.Type.LONGBLOB))
        tables[name] = table
        fks[name] = foreign
    return tables, fks, views


def _q(name: str, dialect: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect)


def load_sqlalchemy(connection, dialect: str) -> None:
    """Create and fill Sakila through a SQLAlchemy connection (postgres or mysql), in the
    connection's current schema/database."""
    import sqlalchemy as sa

    tables, fks, views = _split(dialect)
    for t in TABLES:
        connection.execute(sa.text(tables[t].sql(dialect)))
    for t in TABLES:
        columns, data = rows(t, _converters(tables[t]))
        if not data:
            continue
        raw = connection.connection.dbapi_connection
        cur = raw.cursor()
        placeholders = ", ".join(["%s"] * len(columns))
        cur.executemany(f"INSERT INTO {_q(t, dialect)} ({', '.join(_q(c, dialect) for c in columns)}) VALUES ({placeholders})", data)
        cur.close()
    for t in TABLES:
        for fk in fks[t]:
            connection.execute(sa.text(f"ALTER TABLE {_q(t, dialect)} ADD {fk.sql(dialect)}"))
    for v in views:
        connection.execute(sa.text(v.sql(dialect)))


def load_sqlite(path: Path) -> Path:
    """A SQLite file with Sakila (foreign keys inline: SQLite resolves them lazily)."""
    con = sqlite3.connect(path)
    tables, fks, views = _split("sqlite")
    for t in TABLES:
        table = tables[t].copy()
        table.this.set("expressions", [*table.this.expressions, *(f.copy() for f in fks[t])])
        con.execute(table.sql("sqlite"))
    for t in TABLES:
        # NUMERIC affinity stores the decimal text as a number; sqlite3 binds no Decimal.
        conv = {c: (str if f is Decimal else f) for c, f in _converters(tables[t]).items()}
        columns, data = rows(t, conv)
        con.executemany(f"INSERT INTO {_q(t, 'sqlite')} VALUES ({', '.join('?' * len(columns))})", data)
    for v in views:
        con.execute(v.sql("sqlite"))
    con.commit()
    con.close()
    return path


def load_duckdb(path: Path) -> Path:
    """A DuckDB file with Sakila. DuckDB cannot add a foreign key after the table is made nor
    create two tables that refer to each other, so store's key to staff is left out there."""
    import duckdb

    con = duckdb.connect(str(path))
    tables, fks, views = _split("duckdb")
    created: set[str] = set()
    for t in TABLES:
        table = tables[t].copy()
        ok = [f for f in fks[t] if f.find(exp.Reference).find(exp.Table).name in created | {t}]
        table.this.set("expressions", [*table.this.expressions, *(f.copy() for f in ok)])
        con.execute(table.sql("duckdb"))
        created.add(t)
    for t in TABLES:
        # DuckDB reads the file itself (executemany is slow there) and casts on insert.
        data = (FIXTURE / "data" / f"{t}.tsv.gz").as_posix()
        con.execute(f"INSERT INTO {_q(t, 'duckdb')} SELECT * FROM read_csv('{data}', delim='\\t', header=true, "
                    "all_varchar=true, nullstr='\\N', quote='', escape='')")
    for v in views:
        con.execute(v.sql("duckdb"))
    con.close()
    return path
