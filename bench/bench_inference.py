"""Inference benchmark: key and relationship inference on a generated 1,000-table schema that
declares no keys and no foreign keys, but carries profiles and containment evidence the way a
profiled warehouse snapshot does (including decoy containments of small integers).

The schema is bench.generate_schema's, rewritten: each declared foreign key becomes a column
named like the key it references, and disappears as a constraint; each primary key disappears
too (the profile still shows it unique). Precision/recall against the removed foreign keys are
reported with the timings.

    python -m bench.bench_inference                 # 1000 tables x 20 columns
    python -m bench.bench_inference --write         # also update the Inference section of docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import re
import statistics
import time

from bench.benchmarks_doc import write_section
from bench.generate_schema import build
from compiler.api import analyze
from ir.catalog import Column, ColumnProfile, TableRef
from ir.evidence import Containment
from ir.semantic import RelationshipEnd
from ir.snapshot import Snapshot


NOUNS = ["customer", "product", "store", "supplier", "employee", "region", "channel", "account", "vendor", "campaign"]
STYLES = ("same_name", "snake", "pascal", "tpch", "opaque")


def _names(style: str, i: int, fact: bool) -> tuple[str, str]:
    """(table, primary key) of generated table i in a naming style."""
    noun = NOUNS[i % len(NOUNS)]
    kind = "fact" if fact else "dim"
    if style == "pascal":
        return f"{noun.capitalize()}{kind.capitalize()}{i:04d}", f"{noun.capitalize()}{i:04d}Id"
    if style == "tpch":
        return f"t{i:04d}", f"t{i:04d}_{noun}{i:04d}key"
    return f"{noun}_{kind}_{i:04d}", "id"


def _reference(style: str, j: int, i: int, k: int) -> str:
    """The column of table j referencing table i (its k-th reference)."""
    noun = NOUNS[i % len(NOUNS)]
    if style == "pascal":
        return f"{noun.capitalize()}{i:04d}Id"
    if style == "tpch":
        return f"t{j:04d}_{noun}{i:04d}key"
    if style == "opaque":
        return f"ref_{k}"
    return f"{noun}_{i:04d}_id"


def undeclared(n_tables: int, n_columns: int, seed: int = 11, style: str = "same_name") -> tuple[Snapshot, set]:
    """The generated schema with keys and foreign keys removed, profiles and evidence added.

    same_name: each reference is renamed like the key it references (entity_0042_id);
    snake: customer_0042_id -> customer_dim_0042.id; pascal: Customer0042Id ->
    CustomerDim0042.Customer0042Id; tpch: t0017_customer0042key -> t0042.t0042_customer0042key
    (per-table column prefixes); opaque: ref_0 -> customer_dim_0042.customer_code, text keys
    (K0042-n) joined by their values only."""
    snap = build(n_tables, n_columns)
    rng = random.Random(seed)
    tables = {t.key: t for t in snap.tables}
    index = {t.key: int(re.search(r"\d{4}", t.name).group()) for t in snap.tables}
    if style != "same_name":
        renamed = {}
        for t in snap.tables:
            i = index[t.key]
            name, pk = _names(style, i, t.name.lower().startswith("fact"))
            old_pk = t.primary_key[0]
            for c in t.columns:
                if c.name == old_pk:
                    c.name = pk
                elif style == "tpch":
                    c.name = f"t{i:04d}_{c.name}"
            t.primary_key = [pk]
            if style == "tpch":
                for fk in t.foreign_keys:
                    fk.columns = [f"t{i:04d}_{c}" for c in fk.columns]
            if style == "opaque":
                t.columns.append(Column(name=f"{NOUNS[i % len(NOUNS)]}_code", type="VARCHAR(12)", nullable=False))
            renamed[t.key] = name
        for t in snap.tables:
            for fk in t.foreign_keys:
                fk.ref_table = TableRef(name=renamed[fk.ref_table.key], schema=fk.ref_table.schema_)
        for t in snap.tables:
            t.name = renamed[t.key]
        tables = {t.key: t for t in snap.tables}
        index = {t.key: int(re.search(r"\d{4}", t.name).group()) for t in snap.tables}
    pks = {t.key: t.primary_key[0] for t in snap.tables}
    truth = set()
    evidence = []
    for t in snap.tables:
        rows = max(t.row_count or 0, 10)
        t.row_count = rows
        pk = pks[t.key]
        for c in t.columns:
            if c.name == pk:
                c.profile = ColumnProfile(null_count=0, distinct_count=rows, distinct_exact=True, min=1, max=rows)
            elif c.name.endswith("_code") and style == "opaque":
                c.profile = ColumnProfile(null_count=0, distinct_count=rows, distinct_exact=True, min_length=7, max_length=12)
            elif c.type in ("INTEGER", "BIGINT"):
                hi = rng.randint(1, 20)  # small integers: the decoys every tiny lookup table contains
                c.profile = ColumnProfile(null_count=0, distinct_count=min(hi, rows), distinct_exact=True, min=1, max=hi)
            else:
                c.profile = ColumnProfile(null_count=rng.randint(0, rows // 10), distinct_count=rng.randint(1, rows), distinct_exact=True)
        for k, fk in enumerate(t.foreign_keys):
            target = tables[fk.ref_table.key]
            col = t.column(fk.columns[0])
            n = min(target.row_count or 10, rows)
            if style == "same_name":
                new_name = pks[target.key]
            else:
                new_name = _reference(style, index[t.key], index[target.key], k)
            col.name = new_name
            if style == "opaque":
                key = next(c.name for c in target.columns if c.name.endswith("_code"))
                n = max(1, min(n, rows // 2))  # references repeat: not unique by chance
                col.type = "VARCHAR(12)"
                col.profile = ColumnProfile(null_count=0, distinct_count=n, distinct_exact=True, min_length=7, max_length=12)
            else:
                key = pks[target.key]
                col.profile = ColumnProfile(null_count=0, distinct_count=n, distinct_exact=True, min=1, max=max(target.row_count or 10, 10))
            truth.add((t.name, new_name, target.name, key))
            evidence.append(_containment(t, new_name, target, key, n))
        # Decoys: small integer columns contained in a tiny table's key.
        small = [c for c in t.columns if c.profile and c.profile.max is not None and c.profile.max <= 20 and c.name != pk]
        for c in small[:2]:
            other = snap.tables[rng.randrange(len(snap.tables))]
            if other.key != t.key:
                evidence.append(_containment(t, c.name, other, pks[other.key], c.profile.distinct_count or 1))
        t.foreign_keys = []
        t.primary_key = []
    snap.relationships = []
    snap.evidence.containment = evidence
    return snap, truth


def _containment(t, col, target, key, n) -> Containment:
    return Containment.model_validate({
        "from": RelationshipEnd(table=t.name, schema=t.schema_, columns=[col]),
        "to": RelationshipEnd(table=target.name, schema=target.schema_, columns=[key]),
        "from_distinct": n, "matched": n, "ratio": 1.0})


def run(n_tables: int, n_columns: int, repeat: int, style: str = "same_name") -> dict:
    snap, truth = undeclared(n_tables, n_columns, style=style)
    totals, keys, rels, sem = [], [], [], []
    model = None
    for _ in range(repeat):
        timings: dict[str, float] = {}
        start = time.perf_counter()
        model = analyze(snap, timings=timings)
        totals.append(time.perf_counter() - start)
        keys.append(timings["infer_primary_keys"])
        rels.append(timings["infer_relationships"])
        sem.append(timings["classify_semantics"])
    pred = {(r.from_.table, r.from_.columns[0], r.to.table, r.to.columns[0]) for r in model.relationships if r.origin == "inferred"}
    tp = len(pred & truth)
    return {
        "tables": n_tables, "columns": n_tables * n_columns, "fks": len(truth), "evidence": len(snap.evidence.containment),
        "keys_s": statistics.median(keys), "rels_s": statistics.median(rels), "sem_s": statistics.median(sem), "total_s": statistics.median(totals),
        "precision": tp / len(pred) if pred else 1.0, "recall": tp / len(truth) if truth else 1.0,
        "keys_found": sum(1 for e in model.entities if e.primary_key), "style": style, "found": tp,
    }


def report(results: list[dict], command: str) -> str:
    r = results[0]
    lines = [
        "## Inference",
        "",
        f"Key and relationship inference (pure passes, no database) on a generated schema of {r['tables']:,} tables "
        f"and {r['columns']:,} columns with no declared keys or foreign keys, {r['fks']:,} hidden foreign keys and "
        f"{r['evidence']:,} containment records (including decoys: small integers contained in other tables' keys).",
        f"Median of runs; {platform.python_implementation()} {platform.python_version()} on {platform.machine()}; "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, load average {os.getloadavg()[0]:.2f} "
        "(the machine is shared: times are upper bounds).",
        "",
        "| step | time |",
        "|---|---|",
        f"| infer_primary_keys | {r['keys_s'] * 1000:.0f} ms |",
        f"| infer_relationships | {r['rels_s'] * 1000:.0f} ms (budget 2,000 ms) |",
        f"| classify_semantics (rule language, {r['columns']:,} columns) | {r['sem_s'] * 1000:.0f} ms |",
        f"| whole analysis (all passes) | {r['total_s'] * 1000:.0f} ms |",
        "",
        f"Primary keys found for {r['keys_found']:,} of {r['tables']:,} tables. The same schema in five naming styles "
        "(same_name: each reference named like the key it references; snake `customer_0042_id -> customer_dim_0042.id`; "
        "pascal `Customer0042Id -> CustomerDim0042.Customer0042Id`; tpch `t0017_customer0042key -> t0042.t0042_customer0042key`; "
        "opaque `ref_0 -> customer_dim_0042.customer_code`, text keys joined by their values only):",
        "",
        "| style | found | precision | recall | infer_relationships | whole analysis |",
        "|---|---|---|---|---|---|",
        *(f"| {x['style']} | {x['found']:,} / {x['fks']:,} | {x['precision']:.3f} | {x['recall']:.3f} | {x['rels_s'] * 1000:.0f} ms "
          f"| {x['total_s'] * 1000:.0f} ms |" for x in results),
        "",
        f"Produced by `{command}`. Accuracy on real and re-styled schemas is in docs/inference.md.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--columns", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--style", action="append", choices=STYLES, help="Naming styles to run (default: all).")
    ap.add_argument("--write", action="store_true", help="Update the Inference section of docs/benchmarks.md.")
    args = ap.parse_args()
    results = [run(args.tables, args.columns, args.repeat, style) for style in args.style or STYLES]
    text = report(results, "python -m bench.bench_inference" + (" --write" if args.write else ""))
    print(text)
    if args.write:
        write_section("Inference", text)


if __name__ == "__main__":
    main()
