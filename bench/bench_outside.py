"""Relationship inference on schemas written by other people, in their own languages and styles.

Give it DDL files (any dialect sqlglot reads) whose authors declared their foreign keys, for
example schemas taken from public repositories. For each file the script reads the DDL with mb's
own DDL frontend, builds a DuckDB database of the same tables with the primary keys kept and the
foreign keys stripped, fills it with rows that respect the declared keys (every reference drawn
from the referenced key; nullable references partly empty), lets `mb` snapshot and analyze the
database, and scores the inferred relationships against the declared ones.

The rows are generated from the column types only, never from names, so names decide nothing
the schema's authors did not write. Integer columns that are not keys hold small numbers half the
time (1..10: the decoys that tiny lookup tables invite) and large ones otherwise.

    python -m bench.bench_outside DDL_DIR_OR_FILES... [--dialect postgres] [-v]

A file may name its dialect in a first-line comment `-- dialect: mysql`; otherwise --dialect (or
sqlglot's default reading) applies. Files with no declared foreign key are skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
import tempfile
import time
import zlib
from pathlib import Path

import duckdb

from bench.corpus.score import Tally, score
from compiler.api import analyze, snapshot
from compiler.diagnostics import Diagnostics, InputError
from compiler.frontends import SourceOptions
from compiler.profiler.options import ProfileOptions
from compiler.types import normalize_type
from ir.snapshot import Snapshot

_DUCK = {"integer": "BIGINT", "decimal": "DOUBLE", "float": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE",
         "timestamp": "TIMESTAMP", "timestamp_tz": "TIMESTAMP", "time": "TIME", "uuid": "VARCHAR"}
_DIALECT = re.compile(r"^\s*--\s*dialect:\s*(\w+)", re.I)


def _declared(snap: Snapshot) -> dict:
    out = {}
    by_name = {t.name.lower(): t for t in snap.tables}
    for t in snap.tables:
        for fk in t.foreign_keys:
            ref = by_name.get(fk.ref_table.name.lower())
            if ref is None:
                continue
            cols = tuple(fk.ref_columns) or tuple(ref.primary_key)
            if len(cols) != len(fk.columns):
                continue
            out[(t.name, tuple(fk.columns), ref.name, cols)] = "composite" if len(cols) > 1 else "published"
    return out


def _implied(truth: dict) -> set:
    """A column of a composite reference whose part in the target is itself a reference reaches
    that dimension too (inschrijvingen.cursus -> cursussen, beside (cursus, begindatum) ->
    uitvoeringen): true, but not declared, so it counts neither way."""
    out = set()
    for (src, fc, dst, tc) in truth:
        if len(fc) < 2:
            continue
        for f, t in zip(fc, tc):
            for (s2, fc2, d2, tc2) in truth:
                if s2 == dst and fc2 == (t,):
                    out.add((src, (f,), d2, tc2))
    return out


class Filler:
    """Rows for every table, keys first: each key's values are fixed before any table that
    refers to it is filled, so cycles between tables need no order."""

    def __init__(self, snap: Snapshot, dialect: str, seed: int):
        self.snap = snap
        self.dialect = dialect
        self.rng = random.Random(seed)
        self.tables = {t.name: t for t in snap.tables if t.kind == "table"}
        self.refs = _declared(snap)
        referenced = {e[2] for e in self.refs}
        self.rows = {n: (self.rng.randint(15, 120) if n in referenced else self.rng.randint(300, 900))
                     for n in self.tables}
        self.keys: dict[tuple[str, str], list] = {}
        referenced_cols = {(e[2], c) for e in self.refs for c in e[3]}
        for t in self.tables.values():
            if len(t.primary_key) == 1:
                self.keys[(t.name, t.primary_key[0])] = self._key_values(t, t.primary_key[0])
            for uk in t.unique_keys:
                if len(uk.columns) == 1 and (t.name, uk.columns[0]) not in self.keys:
                    # A unique column nothing refers to (a national id, an e-mail) holds values of
                    # its own, not a second copy of the key's sequence.
                    own = (t.name, uk.columns[0]) not in referenced_cols
                    self.keys[(t.name, uk.columns[0])] = self._key_values(t, uk.columns[0], scattered=own)
        # Per column, not per value: small numbers (the decoys) or large ones.
        self.small = {(t.name, c.name): self.rng.random() < 0.5 for t in self.tables.values() for c in t.columns}
        self.data: dict[str, list[tuple]] = {}

    def fam(self, table, col: str) -> str:
        c = table.column(col)
        return normalize_type(c.type if c else "", self.dialect)

    def _key_values(self, t, col: str, scattered: bool = False) -> list:
        n, fam = self.rows[t.name], self.fam(t, col)
        if fam == "integer" or fam in ("decimal", "float"):
            if scattered:
                return self.rng.sample(range(10_000_000, 99_999_999), n)
            start = self.rng.choice((1, 1, 100, 1000))
            return list(range(start, start + n))
        tag = f"{zlib.crc32(f'{t.name}.{col}'.encode()):08x}"
        if fam == "uuid":
            return [f"{tag}-0000-4000-8000-{i:012d}" for i in range(n)]
        if fam in ("date", "timestamp", "timestamp_tz"):
            return [dt.date(2000, 1, 1) + dt.timedelta(days=i + (5000 if scattered else 0)) for i in range(n)]
        if fam == "time":
            return [(dt.datetime(2000, 1, 1) + dt.timedelta(seconds=7 * i)).time() for i in range(n)]
        if fam == "boolean":
            return [i % 2 == 0 for i in range(n)]
        prefix = "".join(ch for ch in t.name.upper() if ch.isalpha())[:3] or "K"
        return [f"{prefix}{tag[:3].upper()}{i:05d}" for i in range(n)]

    def _plain(self, fam: str, nullable: bool, small: bool):
        r = self.rng
        if nullable and r.random() < 0.05:
            return None
        if fam == "integer":
            return r.randint(1, 10) if small else r.randint(0, 100000)
        if fam in ("decimal", "float"):
            return round(r.uniform(0, 5000), 2)
        if fam == "boolean":
            return r.random() < 0.5
        if fam == "date":
            return dt.date(2015, 1, 1) + dt.timedelta(days=r.randint(0, 3650))
        if fam in ("timestamp", "timestamp_tz"):
            return dt.datetime(2015, 1, 1) + dt.timedelta(seconds=r.randint(0, 315_000_000))
        if fam == "time":
            return dt.time(r.randint(0, 23), r.randint(0, 59))
        return "".join(r.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(r.randint(4, 14))).strip() or "x"

    def _column_values(self, table: str, col: str) -> list:
        """A reference to a column that is no key of its own (MySQL allows it): its filled values."""
        names = [c.name for c in self.tables[table].columns]
        if table not in self.data or col not in names:
            return []
        i = names.index(col)
        return sorted({r[i] for r in self.data[table] if r[i] is not None}, key=str)

    @staticmethod
    def _unique(t, col: str) -> bool:
        return t.primary_key == [col] or any(uk.columns == [col] for uk in t.unique_keys)

    def _mend(self) -> None:
        """Rows dropped for a repeated key leave references to them behind: point those at a key
        value that survived, empty them where they must stay unique, or drop a row whose own key
        held one (which may orphan others: repeat until nothing changes)."""
        for _ in range(len(self.tables) + 1):
            if not self._mend_once():
                return

    def _mend_once(self) -> bool:
        changed = False
        alive: dict[tuple[str, str], list] = {}
        for (dst, col) in {(e[2], e[3][0]) for e in self.refs if len(e[1]) == 1}:
            t = self.tables[dst]
            names = [c.name for c in t.columns]
            if col in names:
                i = names.index(col)
                alive[dst, col] = sorted({r[i] for r in self.data[dst] if r[i] is not None}, key=str)
        for (src, fc, dst, tc) in sorted(self.refs, key=str):
            if len(fc) != 1 or (dst, tc[0]) not in alive:
                continue
            t = self.tables[src]
            names = [c.name for c in t.columns]
            if fc[0] not in names:
                continue
            i, keep = names.index(fc[0]), alive[dst, tc[0]]
            have = set(keep)
            in_key, unique = fc[0] in t.primary_key, self._unique(t, fc[0])
            nullable = t.columns[i].nullable
            fixed = []
            for r in self.data[src]:
                if r[i] is not None and r[i] not in have:
                    changed = True
                    if in_key or (unique and not nullable) or (not keep and not nullable):
                        continue  # the row goes
                    r = r[:i] + ((None if unique or not keep else self.rng.choice(keep)),) + r[i + 1:]
                fixed.append(r)
            self.data[src] = fixed
        return changed

    def _order(self) -> list[str]:
        """Tables whose composite references need their target's rows come after that target
        (single-column references draw from key values fixed up front, so need no order)."""
        needs = {n: {e[2] for e in self.refs if e[0] == n and e[2] != n and (len(e[1]) > 1 or (e[2], e[3][0]) not in self.keys)}
                 for n in self.tables}
        order: list[str] = []
        while len(order) < len(self.tables):
            ready = [n for n in sorted(self.tables) if n not in order and needs[n] <= set(order)]
            order += ready or [min(n for n in self.tables if n not in order)]  # a cycle: break it anywhere
        return order

    def fill(self) -> None:
        for name in self._order():
            t = self.tables[name]
            n = self.rows[name]
            fks = {}
            for (src, fc, dst, tc) in self.refs:
                if src == name:
                    fks[fc] = (dst, tc)
            # Value pools per column: keys fixed up front, references drawn from what they refer to.
            columns = [c.name for c in t.columns]
            nullable = {c.name: c.nullable and c.name not in t.primary_key for c in t.columns}
            rows = [dict() for _ in range(n)]
            for fc, (dst, tc) in sorted(fks.items()):
                if len(fc) == 1:
                    pool = self.keys.get((dst, tc[0])) or self._column_values(dst, tc[0])
                    if not pool:
                        continue
                    share_null = 0.3 if nullable[fc[0]] and self.rng.random() < 0.5 else 0.0
                    if self._unique(t, fc[0]):
                        # one-to-one: each target row at most once (drawn without replacement)
                        draw = iter(self.rng.sample(pool, min(n, len(pool))))
                        for row in rows:
                            row.setdefault(fc[0], next(draw, None))
                        continue
                    for row in rows:
                        if fc[0] not in row:
                            row[fc[0]] = None if self.rng.random() < share_null else self.rng.choice(pool)
                else:
                    parent = self.data.get(dst)
                    if not parent:
                        continue
                    cols = [c.name for c in self.tables[dst].columns]
                    idx = [cols.index(c) for c in tc]
                    for row in rows:
                        pick = self.rng.choice(parent)
                        for c, i in zip(fc, idx):
                            row.setdefault(c, pick[i])
            for col in columns:
                key = self.keys.get((name, col))
                if key is not None and not any(col in fc for fc in fks):
                    for row, v in zip(rows, key):
                        row[col] = v
            fam = {c: self.fam(t, c) for c in columns}
            for row in rows:
                for c in columns:
                    if c not in row:
                        row[c] = self._plain(fam[c], nullable[c], self.small[name, c])
            self._unique_pk(t, rows)
            self.data[name] = [tuple(row[c] for c in columns) for row in rows]
        self._mend()

    def _unique_pk(self, t, rows: list[dict]) -> None:
        """The primary key (composite ones, or one made of a reference, too) and declared unique
        columns must stay unique: drop rows whose key repeats or whose primary key is empty."""
        names = {c.name for c in t.columns}
        keys = [cols for cols in [t.primary_key] + [uk.columns for uk in t.unique_keys] if cols and set(cols) <= names]
        seen: list[set] = [set() for _ in keys]
        keep = []
        for row in rows:
            ks = [tuple(row[c] for c in cols) for cols in keys]
            if keys and keys[0] == t.primary_key and any(row[c] is None for c in t.primary_key):
                continue
            if any(k in done and None not in k for k, done in zip(ks, seen)):
                continue
            for k, done in zip(ks, seen):
                done.add(k)
            keep.append(row)
        rows[:] = keep

    def write(self, path: Path) -> None:
        con = duckdb.connect(str(path))
        try:
            for name in sorted(self.tables):
                t = self.tables[name]
                cols = ", ".join(f'"{c.name}" {_DUCK.get(self.fam(t, c.name), "VARCHAR")}' for c in t.columns)
                have = {c.name for c in t.columns}
                pk = (f', PRIMARY KEY ({", ".join(chr(34) + c + chr(34) for c in t.primary_key)})'
                      if t.primary_key and set(t.primary_key) <= have else "")
                con.execute(f'CREATE TABLE "{name}" ({cols}{pk})')
                if self.data[name]:
                    marks = ", ".join("?" for _ in t.columns)
                    con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', self.data[name])
        finally:
            con.close()


def run_file(path: Path, dialect: str | None, work: Path, verbose: bool) -> tuple[str, Tally, int] | None:
    head = path.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
    m = _DIALECT.match(head[0]) if head else None
    dialect = (m.group(1).lower() if m else None) or dialect
    diags = Diagnostics()
    try:
        ddl = snapshot(str(path), SourceOptions(dialect=dialect), diags=diags)
    except InputError as e:
        print(f"(skipped {path.name}: mb cannot read it: {e})", file=sys.stderr)
        return None
    truth = _declared(ddl)
    if not truth:
        return None
    filler = Filler(ddl, ddl.source.dialect, seed=zlib.crc32(path.name.encode()))
    filler.fill()
    db = work / (path.stem + ".duckdb")
    db.unlink(missing_ok=True)
    filler.write(db)
    snap = snapshot(str(db), diags=Diagnostics(), profile=ProfileOptions(progress=False))
    model = analyze(snap, diags=Diagnostics())
    pred = {(r.from_.table, tuple(r.from_.columns), r.to.table, tuple(r.to.columns))
            for r in model.relationships if r.origin == "inferred"}
    s = score(pred, truth, _implied(truth))
    if verbose:
        for cls, e in s.misses:
            print(f"  miss  {path.name} [{cls}] {e}")
        for cls, e in s.falses:
            print(f"  false {path.name} [{cls}] {e}")
    return path.name, s.total, len(filler.tables)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", type=Path, help="DDL files or folders of .sql files")
    ap.add_argument("--dialect", default=None, help="sqlglot dialect of files that do not name theirs")
    ap.add_argument("-v", "--verbose", action="store_true", help="List every miss and false join.")
    ap.add_argument("--keep", type=Path, default=None, help="Write the generated DuckDB databases here (to explain a miss).")
    args = ap.parse_args()
    files = sorted({f for p in args.paths for f in ([p] if p.is_file() else p.rglob("*.sql"))})
    total = Tally()
    start = time.perf_counter()
    print("| schema | tables | precision | recall | F1 | tp / fp / fn |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="mb_outside_") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for f in files:
            got = run_file(f, args.dialect, work, args.verbose)
            if got is None:
                print(f"(skipped {f.name}: no foreign keys read)", file=sys.stderr)
                continue
            name, t, n = got
            total.add(t)
            print(f"| {name} | {n} | {t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} | {t.tp} / {t.fp} / {t.fn} |")
    print(f"| **all** | | {total.precision:.3f} | {total.recall:.3f} | **{total.f1:.3f}** | "
          f"{total.tp} / {total.fp} / {total.fn} |")
    print(f"\n{len(files)} files, {time.perf_counter() - start:.1f} s, load average {os.getloadavg()[0]:.2f}.")


if __name__ == "__main__":
    main()
