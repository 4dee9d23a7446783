"""The truth inference is scored against, for the benchmarks and the accuracy tests alike: the
foreign keys a SQLite database declares (one edge per constraint, composite kept whole), and
TPC-H's, which its generated data never declares."""

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


# TPC-H specification (rev. 3), clause 1.4.2: the eight foreign keys.
TPCH_SPEC: frozenset[Edge] = frozenset({
    ("lineitem", ("l_orderkey",), "orders", ("o_orderkey",)),
    ("lineitem", ("l_partkey", "l_suppkey"), "partsupp", ("ps_partkey", "ps_suppkey")),
    ("partsupp", ("ps_partkey",), "part", ("p_partkey",)),
    ("partsupp", ("ps_suppkey",), "supplier", ("s_suppkey",)),
    ("orders", ("o_custkey",), "customer", ("c_custkey",)),
    ("customer", ("c_nationkey",), "nation", ("n_nationkey",)),
    ("supplier", ("s_nationkey",), "nation", ("n_nationkey",)),
    ("nation", ("n_regionkey",), "region", ("r_regionkey",)),
})
# What the composite key implies column by column, as the schema diagram draws it.
TPCH_IMPLIED: frozenset[Edge] = frozenset({
    ("lineitem", ("l_partkey",), "part", ("p_partkey",)),
    ("lineitem", ("l_suppkey",), "supplier", ("s_suppkey",)),
})
TPCH_TRUTH: frozenset[Edge] = TPCH_SPEC | TPCH_IMPLIED
