"""Semantics benchmark: mb's model of public databases scored against the models people wrote.

Each project under bench/semantics/projects/ is built into a DuckDB database at bench time (data
from generators and small committed seeds), snapshotted and analyzed by mb through compiler.api,
and the SemanticModel IR (not a backend's files) is compared with the hand-written model by
meaning: measures by table, column or expression, aggregation and filter; dimensions and time
dimensions by table and column; joins by their two ends; explores by root table.

    python -m bench.bench_semantics                     # every project, summary and errors on stdout
    python -m bench.bench_semantics --project jaffle_shop
    python -m bench.bench_semantics --write             # also write docs/semantics-benchmark.md

Development projects are the ones to study and improve on; held-out projects are reported by
their figures only, so that a rule tuned to them shows up as a gap between the two sets.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
import platform
import time
from pathlib import Path

from bench.benchmarks_doc import write_section
from bench.semantics import from_ir
from bench.semantics.facts import rows_by_data
from bench.semantics.project import PROJECTS, Project, all_projects
from bench.semantics.score import CLASSES, Comparison, Score, compare
from compiler.api import analyze, snapshot
from compiler.diagnostics import Diagnostics

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "bench" / "results" / "semantics"
DOC = REPO / "docs" / "semantics-benchmark.md"
TARGETS = {"measures (plain)": (0.8, 0.8), "joins": (0.95, 0.95), "time dimensions": (0.95, 0.95)}
SETS = ("development", "held_out", "outside")


def run_project(project: Project) -> tuple[Comparison, dict]:
    start = time.perf_counter()
    db, fresh = project.database(CACHE)
    built = time.perf_counter()
    diags = Diagnostics()
    snap = snapshot(str(db), diags=diags)
    model = analyze(snap, diags=diags)
    if diags.has_errors():
        raise SystemExit(f"{project.name}: mb reported errors\n" + diags.render_text("error"))
    analyzed = time.perf_counter()
    reference = project.reference_facts(db)
    ours = from_ir.facts(model)
    unique = Project.unique_columns(db, [reference, ours])
    for f in (reference, ours):
        rows_by_data(f, unique)
    result = compare(reference, ours)
    info = {"build_s": built - start if fresh else None, "mb_s": analyzed - built, "unplaced": reference.unplaced,
            "tables": len(snap.tables), "rows": sum(t.row_count or 0 for t in snap.tables)}
    return result, info


def fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def score_row(label: str, s: Score) -> str:
    if not s.decided:
        return f"| {label} | not in IR | — | — | {s.tp} | {s.fp} | {s.fn} |"
    return f"| {label} | {fmt(s.precision)} | {fmt(s.recall)} | {fmt(s.f1)} | {s.tp} | {s.fp} | {s.fn} |"


def totals(results: dict[str, tuple[Project, Comparison, dict]], which: str | None) -> dict[str, Score]:
    """Summed scores of a set; None: of every project in the repository (outside ones are their own set)."""
    out = {c: Score() for c in CLASSES}
    for project, comparison, _ in results.values():
        if (project.set == which if which else project.set != "outside") and not project.variant_of:
            for c in CLASSES:
                out[c] = out[c] + comparison.scores.get(c, Score())
    return out


def target_line(scores: dict[str, Score]) -> list[str]:
    lines = []
    for cls, (p_min, r_min) in TARGETS.items():
        s = scores[cls]
        ok = s.decided and (s.precision or 0) >= p_min and (s.recall or 0) >= r_min
        lines.append(f"- {cls}: precision {fmt(s.precision)} (target {p_min}), recall {fmt(s.recall)} (target {r_min}): "
                     f"{'met' if ok else 'not met'}")
    return lines


def report(results: dict[str, tuple[Project, Comparison, dict]], command: str, load: tuple[float, float], elapsed: float,
           held_out: bool = False) -> str:
    lines = ["# Semantics benchmark: mb against hand-written models", "",
             f"Produced by `{command}` (the databases are built from generators and committed seeds on first run; "
             "`pip install -e '.[dev]'` brings the generators). "
             f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
             f"{os.cpu_count()} CPUs, load average {load[0]:.1f} at start and {load[1]:.1f} at end; {elapsed:.0f} s in all.",
             "",
             "Each project's data is built into DuckDB, mb snapshots and analyzes it (`compiler.api.snapshot` and "
             "`analyze`, default configuration, profiling on), and the SemanticModel IR is compared with the model "
             "people wrote for the same tables: by meaning, never by names. How facts are compared is under "
             "[Method](#method).", ""]
    sets_present = {p.set for p, _, _ in results.values()} - {"outside"}
    for which, title in (("development", "Development set"), ("held_out", "Held-out set"), (None, "All projects"),
                         ("outside", "Outside the repository (held out)")):
        chosen = [n for n, (p, _, _) in results.items() if (p.set == which if which else p.set != "outside") and not p.variant_of]
        if not chosen or (which is None and len(sets_present) < 2):
            continue
        scores = totals(results, which)
        lines += [f"## {title}: {', '.join(chosen)}", "", "| class | precision | recall | F1 | TP | FP | FN |", "|---|---:|---:|---:|---:|---:|---:|"]
        lines += [score_row(c, scores[c]) for c in CLASSES]
        lines += ["", "Targets:", *target_line(scores), ""]
        if which == "outside":
            lines += ["Projects kept outside the repository (`--outside DIR`; their data or licence stays with their "
                      "authors), scored as held out: their errors are not listed, and nothing was tuned on them but the one rule "
                      "docs/semantics.md names (a rating scale has at least four points).", ""]
    lines += ["## Per project", ""]
    for name, (project, comparison, info) in results.items():
        kind = project.set.replace("_", "-") + (f", a variant of {project.variant_of}, not in the set totals" if project.variant_of else "")
        lines += [f"### {name} ({kind})", "", " ".join(project.about.split()), "",
                  f"Source of the hand-written model: {' '.join(project.upstream.split())}", "",
                  f"{info['tables']} tables, {info['rows']:,} rows; database "
                  + (f"built in {info['build_s']:.1f} s" if info["build_s"] is not None else "from an earlier run's cache")
                  + f", mb snapshot + analysis {info['mb_s']:.1f} s.", "",
                  "| class | precision | recall | F1 | TP | FP | FN |", "|---|---:|---:|---:|---:|---:|---:|"]
        lines += [score_row(c, comparison.scores.get(c, Score())) for c in CLASSES]
        lines.append("")
        if info["unplaced"]:
            lines += [f"Reference facts with no place on mb's tables (not scored): {len(info['unplaced'])}.", ""]
            lines += [f"- {u}" for u in info["unplaced"]]
            lines.append("")
    lines += errors(results)
    lines.append(METHOD)
    if held_out:
        lines += errors(results, "held_out")
    return "\n".join(lines)


def errors(results: dict[str, tuple[Project, Comparison, dict]], which: str = "development") -> list[str]:
    dev = {n: r for n, r in results.items() if r[0].set == which}
    if not dev:
        return []
    lines = [f"## Errors on the {which.replace('_', '-')} set", ""]
    if which == "development":
        lines += ["What to act on. Held-out projects are left out of this listing on purpose: fix what the development "
                  "set shows, and the held-out figures say whether the fix generalizes.", ""]
    lines += ["Patterns, most frequent first (variants left out):", "", "| class | pattern | count |", "|---|---|---:|"]
    patterns: Counter = Counter()
    for project, comparison, _ in dev.values():
        if not project.variant_of:  # a variant restates its project's data set
            patterns.update(comparison.patterns)
    for (cls, pattern), n in sorted(patterns.items(), key=lambda kv: (-kv[1], kv[0])):
        if n:
            lines.append(f"| {cls} | {pattern} | {n} |")
    lines.append("")
    for name, (_, comparison, _) in dev.items():
        lines += [f"### {name}", ""]
        for cls in CLASSES:
            fns = comparison.false_negatives.get(cls, [])
            fps = comparison.false_positives.get(cls, [])
            notes = comparison.notes.get(cls, [])
            if not (fns or fps or notes):
                continue
            lines.append(f"**{cls}**")
            lines.append("")
            for label, items in (("missed (in the reference, not in mb)", fns), ("extra (in mb, not in the reference)", fps),
                                 ("matched, but", notes)):
                if items:
                    lines.append(f"- {label}: {len(items)}")
                    lines += [f"  - {x}" for x in items]
            lines.append("")
    return lines


METHOD = """## Method

**Sets.** Development projects are the ones to study; their errors are listed above. Held-out
projects are scored the same way but their errors are not listed here (`--held-out-errors` prints
them), so a rule tuned to a project's names shows up as a gap between the sets. More held-out
projects can be kept outside the repository and run with `--projects-dir DIR` (one folder with a
`project.yaml` per project, as in bench/semantics/projects/).

**What mb is shown.** The tables the hand-written semantic models sit on, built in DuckDB from the
project's data by the project's SQL (for dbt projects, the staging and mart logic reproduced as
tables), with no declared keys. Where a hand-written model sits on a relation that only selects
from one source table (a staging model, `select *` over a seed), mb is shown the source table and
the reference is traced back to it (below). Some public data sets are tiny (ACME Insurance has 2 to
30 rows a table, with columns that are empty and so typed as text); profiles say little there.

**Placing the reference on mb's tables.** Each expression of the hand-written model is placed on a
table of the database. A relation that is a table there is used as it is. A relation given by SQL
is traced column by column with sqlglot's lineage: a column that is one source column renamed,
cast, truncated or scaled by a constant maps to that column, and any other expression over one
source column stays that expression over it; a column computed from several columns, an aggregate
or a window has no place. Measures and time axes must land on the relation's own grain (the table
its primary entity comes from); dimensions may land on a table joined in. Facts with no place are
listed per project and count neither for nor against mb. No per-project column map is written by
hand.

**Facts and classes.** Only tables the reference covers are scored.
- Measures: (table, column or normalized SQL expression, aggregation, filter). sqlglot normalizes
  the SQL (case, quoting, qualifiers, `x = true` as `x`); `sum(1)`, `count(pk)` and
  `count_distinct(pk)` count rows, as does a count of any column unique and never null in the data; `sum(case when c then x else 0 end)` is `sum(x)` filtered by `c`;
  `sum_boolean(c)` counts rows filtered by `c`; a simple metric with a filter is a filtered measure.
  *Plain* measures are sum, count, count distinct, average, min or max of one column, or a row
  count, with no filter; all others (filtered, expressions, median, percentiles) are
  *filtered/derived*. The plain measures are also counted in two parts: *counts* (row counts and
  distinct counts, which mb writes by default on facts and hand-written models often leave out)
  and *sums, averages, extremes*; the targets apply to the plain measures as a whole.
- Dimensions: (table, column or expression), excluding key columns on both sides (a reference
  dimension that is also an entity; an mb dimension with role `key`). Hidden mb fields are not
  counted: a user never sees them.
- Time dimensions: (table, column), casts and truncations removed. Time axis: the table's business
  time (MetricFlow `defaults.agg_time_dimension`); scored only once mb's IR states one, "not in IR"
  before that.
- Joins: the two (table, columns) ends, in either direction. MetricFlow's joins are each foreign
  entity to every model where that entity is primary (or unique, natural), and one-to-one between
  models that share such an entity; mb's are the IR's relationships. *Joins* counts a join as found
  when the other model connects its two ends through joins on exactly those key columns (MetricFlow
  joins `user_id` to users, users_latest and companies alike; a Looker or Cube developer writes one
  of these joins and reaches the others through it, and pair by pair that chain would count as
  misses); the ones reached through a chain are listed under "matched, but". *Joins (pairwise)* is
  the strict figure, each pair of ends on its own, with a difference in cardinality or in which
  side is the many side listed under "matched, but".
- Explores: root tables. For MetricFlow, whose users enter through metrics, a model with measures is
  an entry point.
- Primary keys: (table, key columns).
- Malloy references (bench/semantics/malloy.py) are reduced to the same facts: a source on a table,
  its `primary_key`, its `join_one`/`join_many` joins, its measures that are one aggregate of its
  own columns (with a `where` refinement as the filter) and its declared dimensions. Malloy shows
  every column as a field without declaring it, so only declared dimensions are reference facts and
  mb's dimension precision there says little; Malloy states no time axis, so none is scored.

Precision is TP / (TP + FP), recall TP / (TP + FN), summed over projects (micro-average) for the
set figures; a project marked as a variant of another is reported on its own but left out of the
set figures, so no data set counts twice.
"""


def summary(results: dict[str, tuple[Project, Comparison, dict]], command: str) -> str:
    lines = ["## Semantics against hand-written models", "",
             f"`{command}` scores mb's SemanticModel against semantic models people wrote for public databases; "
             "the figures, the method and the error listing are in [semantics-benchmark.md](semantics-benchmark.md).", "",
             "| set | plain measures P / R | filtered/derived measures P / R | dimensions P / R | time dimensions P / R | joins P / R | explores P / R |",
             "|---|---|---|---|---|---|---|"]
    for which in SETS:
        if not any(p.set == which for p, _, _ in results.values()):
            continue
        s = totals(results, which)
        cells = [f"{fmt(s[c].precision)} / {fmt(s[c].recall)}" for c in
                 ("measures (plain)", "measures (filtered/derived)", "dimensions", "time dimensions", "joins", "explores")]
        lines.append(f"| {which.replace('_', '-')} | " + " | ".join(cells) + " |")
    if any(p.set == "outside" for p, _, _ in results.values()):
        lines += ["", "*outside*: held-out projects kept outside the repository (`--outside DIR`; which, and why their "
                  "dimension and time-dimension precision says little, is in semantics-benchmark.md)."]
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--project", action="append", help="Run only this project (repeatable).")
    ap.add_argument("--projects-dir", type=Path, help="Run the projects of this folder instead (one project.yaml per "
                    "subfolder): held-out projects kept outside the repository.")
    ap.add_argument("--outside", type=Path, metavar="DIR",
                    help="Also run the held-out projects of DIR (kept outside the repository) and report them as a set of their own.")
    ap.add_argument("--held-out-errors", action="store_true",
                    help="Also print the error listing of held-out projects (never written to the docs).")
    ap.add_argument("--write", action="store_true", help="Write docs/semantics-benchmark.md and its summary in docs/benchmarks.md.")
    args = ap.parse_args()
    projects = [p for p in all_projects(args.projects_dir or PROJECTS) if not args.project or p.name in args.project]
    if args.outside:
        outside = all_projects(args.outside)
        for p in outside:
            p.set = "outside"
        projects += [p for p in outside if not args.project or p.name in args.project]
    if not projects:
        raise SystemExit(f"no such project: {', '.join(args.project or [])}")
    load_start = os.getloadavg()[0]
    start = time.perf_counter()
    results = {}
    for project in projects:
        comparison, info = run_project(project)
        results[project.name] = (project, comparison, info)
    command = "python -m bench.bench_semantics" + (" --write" if args.write else "") + (f" --outside {args.outside.name}" if args.outside else "")
    text = report(results, command, (load_start, os.getloadavg()[0]), time.perf_counter() - start)
    print(report(results, command, (load_start, os.getloadavg()[0]), time.perf_counter() - start, True) if args.held_out_errors else text)
    if args.write:
        if args.project or args.projects_dir:
            raise SystemExit("--write needs every committed project (drop --project and --projects-dir)")
        DOC.write_text(text, encoding="utf-8")
        write_section("Semantics against hand-written models", summary(results, command))


if __name__ == "__main__":
    main()
