"""Helpers for the accuracy tests: copies of real databases with their foreign keys removed,
the truth those keys declare, and precision/recall/F1 of what inference finds."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from bench.corpus.score import Tally
from bench.corpus.truth import Edge, declared_foreign_keys
from ir.semantic import Relationship

_FK_CLAUSE = re.compile(r",\s*(CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY\s*\([^)]*\)\s*REFERENCES\s+\S+\s*(\([^)]*\))?"
                        r"(\s+ON\s+(DELETE|UPDATE)\s+(NO\s+ACTION|CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT))*", re.I)
_INLINE_REF = re.compile(r"\s+REFERENCES\s+(\"[^\"]+\"|\[[^\]]+\]|`[^`]+`|\w+)\s*(\([^)]*\))?"
                         r"(\s+ON\s+(DELETE|UPDATE)\s+(NO\s+ACTION|CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT))*", re.I)


sqlite_truth = declared_foreign_keys


def strip_sqlite_foreign_keys(src: Path, dst: Path) -> None:
    """Copy a SQLite database, recreating each table from its own DDL minus every REFERENCES clause."""
    old = sqlite3.connect(src)
    new = sqlite3.connect(dst)
    try:
        for name, sql in old.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
            ddl = _INLINE_REF.sub("", _FK_CLAUSE.sub("", sql))
            assert "REFERENCES" not in ddl.upper(), ddl
            new.execute(ddl)
            cols = [r[1] for r in old.execute(f'PRAGMA table_info("{name}")')]
            rows = old.execute(f'SELECT * FROM "{name}"').fetchall()
            if rows:
                marks = ", ".join("?" for _ in cols)
                new.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        new.commit()
        for (table,) in new.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            assert not new.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
    finally:
        old.close()
        new.close()


def predicted(relationships: list[Relationship], origin: str = "inferred") -> set[Edge]:
    return {(r.from_.table, tuple(r.from_.columns), r.to.table, tuple(r.to.columns)) for r in relationships if r.origin == origin}


Score = Tally


def score(pred: set[Edge], truth: set[Edge]) -> Tally:
    return Tally(tp=len(pred & truth), fp=len(pred - truth), fn=len(truth - pred))
