"""Generate a large synthetic snapshot (N tables x M columns) for benchmarks. Deterministic."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from compiler.diagnostics import Diagnostics
from compiler.frontends.common import finalize
from compiler.options import SourceOptions
from compiler.snapshot_io import dump_snapshot
from ir.catalog import Column, ForeignKey, Table, TableRef
from ir.snapshot import Snapshot, Source

TYPES = ["INTEGER", "BIGINT", "VARCHAR(100)", "TEXT", "NUMERIC(12,2)", "DOUBLE PRECISION", "DATE", "TIMESTAMP", "BOOLEAN"]
WORDS = ["amount", "status", "name", "created_at", "price", "quantity", "code", "city", "score", "total", "label", "note"]
STYLES = [lambda s: s, lambda s: "".join(w.capitalize() for w in s.split("_")), str.upper]


def build(n_tables: int, n_columns: int, seed: int = 7) -> Snapshot:
    """A warehouse of stars: one table in five is a fact with four to six foreign keys to
    dimensions; a third of the dimensions are snowflaked (one key to another dimension)."""
    rng = random.Random(seed)
    tables = []
    dims: list[int] = []
    for i in range(n_tables):
        style = STYLES[i % len(STYLES)]
        is_fact = i % 5 == 4 and dims
        name = style(f"{'fact' if is_fact else 'dim'}_{i:04d}_{rng.choice(WORDS)}")
        pk = style(f"entity_{i:04d}_id")
        cols = [Column(name=pk, type="INTEGER", nullable=False)]
        fks = []
        if is_fact:
            targets = rng.sample(dims, k=min(len(dims), rng.randint(4, 6)))
        else:
            targets = rng.sample(dims, k=1) if dims and rng.random() < 0.33 else []
            dims.append(i)
        for t in targets:
            ref = tables[t]
            col = style(f"ref_{t:04d}_id")
            cols.append(Column(name=col, type="INTEGER"))
            fks.append(ForeignKey(columns=[col], ref_table=TableRef(name=ref.name, schema="bench"), ref_columns=[ref.primary_key[0]]))
        while len(cols) < n_columns:
            cols.append(Column(name=style(f"{rng.choice(WORDS)}_{len(cols)}"), type=rng.choice(TYPES), nullable=rng.random() < 0.7))
        tables.append(Table(name=name, schema="bench", columns=cols, primary_key=[pk], foreign_keys=fks, row_count=rng.randint(0, 10**7)))
    snap = Snapshot(source=Source(dialect="postgres", description="generated", database="bench"), tables=tables)
    return finalize(snap, SourceOptions(), Diagnostics())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--columns", type=int, default=20)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    args.output.write_text(dump_snapshot(build(args.tables, args.columns)), encoding="utf-8")


if __name__ == "__main__":
    main()
