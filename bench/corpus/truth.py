"""The truth a SQLite database declares: its foreign keys, one edge per constraint (composite kept
whole), for the corpus benchmark and the accuracy tests alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path

Edge = tuple[str, tuple[str, ...], str, tuple[str, ...]]


def declared_foreign_keys(path: Path) -> set[Edge]:
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
