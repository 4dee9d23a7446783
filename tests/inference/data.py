"""Helpers for the accuracy tests: copies of real databases with their foreign keys removed,
the truth those keys declare, and precision/recall/F1 of what inference finds."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ir.semantic import Relationship

Edge = tuple[str, tuple[str, ...], str, tuple[str, ...]]

_FK_CLAUSE = re.compile(r",\s*(CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY\s*\([^)]*\)\s*REFERENCES\s+\S+\s*(\([^)]*\))?"
                        r"(\s+ON\s+(DELETE|UPDATE)\s+(NO\s+ACTION|CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT))*", re.I)
_INLINE_REF = re.compile(r"\s+REFERENCES\s+(\"[^\"]+\"|\[[^\]]+\]|`[^`]+`|\w+)\s*(\([^)]*\))?"
                         r"(\s+ON\s+(DELETE|UPDATE)\s+(NO\s+ACTION|CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT))*", re.I)


def sqlite_truth(path: Path) -> set[Edge]:
    """The declared foreign keys of a SQLite file, one edge per constraint (composite kept whole)."""
    con = sqlite3.connect(path)
    try:
        out: set[Edge] = set()
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
            groups: dict[int, list] = {}
            for row in con.execute(f'PRAGMA foreign_key_list("{table}")'):
                groups.setdefault(row[0], []).append(row)
            for rows in groups.values():
                rows.sort(key=lambda r: r[1])
                out.add((table, tuple(r[3] for r in rows), rows[0][2], tuple(r[4] for r in rows)))
        return out
    finally:
        con.close()


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


@dataclass
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (f"{name}: precision {self.precision:.3f} recall {self.recall:.3f} F1 {self.f1:.3f} "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def score(pred: set[Edge], truth: set[Edge]) -> Score:
    return Score(tp=len(pred & truth), fp=len(pred - truth), fn=len(truth - pred))
