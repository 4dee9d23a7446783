"""The same-number check on the test databases, written to docs/verification.md (and a summary
section of docs/benchmarks.md): for each database, how many questions each target answers with
the reference's numbers, how many differ, how many it cannot be asked, why, and how long the
whole check took (with the load average, since this machine is shared).

    python -m bench.bench_verify [--write]

Needs the services (PostgreSQL for Sakila), tpchgen-cli, node, and installs the tools under
.cache/validators/ as the tests do."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb
import sqlalchemy as sa

from bench.benchmarks_doc import write_section
from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.verify.run import SHOWN, TARGETS, verify
from tests import sakila, star
from tests.backends.cube.cube_validator import install as install_cube
from tests.services import POSTGRES_URL, unique_name
from tests.support import DATASETS
from tests.verify.tools import ensure_metricflow

DOC = Path(__file__).resolve().parents[1] / "docs" / "verification.md"


def _databases(work: Path):
    yield "star (generated)", str(star.build(work / "star.duckdb")), []
    from tests.backends.dbt.dbt_runner import sqlite_to_duckdb

    for name in ("Chinook", "Northwind"):
        # MetricFlow has no SQLite engine: the check runs on a DuckDB copy.
        (work / name).mkdir()
        sqlite_to_duckdb(DATASETS / f"{name.lower()}.sqlite", work / f"{name}.duckdb", work / name)
        yield f"{name} (SQLite data copied into DuckDB)", str(work / f"{name}.duckdb"), []
    subprocess.run(["tpchgen-cli", "parquet", "-s", "0.01", "--output-dir", str(work / "tpch")], check=True, capture_output=True)
    con = duckdb.connect(str(work / "tpch.duckdb"))
    for pq in sorted((work / "tpch").glob("*.parquet")):
        con.execute(f"CREATE TABLE {pq.stem} AS SELECT * FROM read_parquet(?)", [str(pq)])
    con.close()
    yield "TPC-H SF0.01, no constraints (DuckDB)", str(work / "tpch.duckdb"), []
    engine = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg2://", 1))
    schema = unique_name("mb_sakila")
    with engine.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
        c.execute(sa.text(f"SET search_path TO {schema}"))
        sakila.load_sqlalchemy(c, "postgres")
    try:
        yield "Sakila (PostgreSQL)", POSTGRES_URL, [schema]
    finally:
        with engine.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


def _reason(detail: str) -> str:
    """A finding's reason without the names in it, to count findings by kind."""
    # A Power BI column is Table[Name With Spaces]: the bracket is part of the name.
    named = r"\b(view|cube|table|dataset|semantic model|entity|relationship|measure|model|column)\s+(?:[^\s\[]*\[[^\]]*\]|\S+)"
    return re.sub(r"-> [^\s\[]*\[[^\]]*\]", "-> X", re.sub(named, r"\1 X", detail))[:90]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="write docs/verification.md and the benchmarks section")
    args = ap.parse_args()
    tools = {"cube_modules": install_cube(), "mf_python": ensure_metricflow()}
    rows, reasons, timings = [], {}, []
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for label, source, schemas in _databases(Path(tmp)):
            start = time.perf_counter()
            diags = Diagnostics()
            result = compile_snapshot(snapshot(source, SourceOptions(schemas=schemas), diags), list(TARGETS), diags=diags)
            report = verify(source, result.model, result.files, diags, tools)
            secs = time.perf_counter() - start
            timings.append((label, secs))
            rows.append((label, report))
            reasons[label] = Counter((SHOWN[t], s, _reason(d)) for t, s, _, d in report.findings)
            print(label, f"{secs:.1f} s", {t: (x.equal, x.different, x.unaskable, x.lost) for t, x in report.tally.items()}, flush=True)
    load_after = os.getloadavg()
    text = _doc(rows, reasons, timings, load, load_after)
    print(text)
    if args.write:
        DOC.write_text(text, encoding="utf-8")
        write_section("Same numbers through every target", _summary(rows, timings, load, load_after))


def _doc(rows, reasons, timings, load, load_after) -> str:
    out = ["# Verification: the same numbers through every target", "",
           "`mb verify SOURCE` asks every measure of the compiled model four ways (overall, by a dimension of its own",
           "table, by a dimension over each many-to-one relationship, one hop or two, and by the year of its entity's",
           "time axis, its own time or one borrowed over the axis's path) and answers each question from the IR's",
           "reference SQL (the year extracted in the source's own dialect) and through every target the way its own",
           "tool would (by year: Looker's year timeframe, the dataset's main datetime column at Superset's year grain,",
           "Cube's time dimension at granularity year, DAX by the year of the date column the active relationships",
           "reach, MetricFlow's `metric_time__year`). A question is grouped by what people group by: a visible text",
           "column, a category first, never prose (an average of 40 characters or more) nor one of more than 500",
           "values (the source counts them once per table), and never over an audit reference (who last edited a row).",
           "A ratio metric of one entity's own measures (a rate proven on its rows) is asked overall and by a dimension",
           "of its own table. The targets:", "",
           "- **Looker SQL**: the SQL Looker writes from the views and the explore that starts at the measure's view",
           "  (`${TABLE}` and `${field}` substituted, counts as COUNT(DISTINCT primary key)); every table that holds",
           "  measures has an explore of its own, and its joins are many-to-one, so a measure's rows never repeat;",
           "- **Superset SQL**: a dataset's metric expression grouped by a column, over the table, or over a virtual",
           "  dataset's SQL for a joined column;",
           "- **Cube compiler**: Cube's own schema compiler (JavaScript planner, `useNativeSqlPlanner: false`) builds the",
           "  SQL for `{measures, dimensions}`; across joins through the view of the measure's cube, whose `join_path`",
           "  fixes the way where Cube's shortest path would take another (Sakila's payment -> rental -> customer);",
           "- **DAX**: the measure's DAX translated to SQL with DAX's semantics, the grouping value filtering the measure's",
           "  table along the active relationships, unmatched keys in the blank row, as Power BI does; over an inactive",
           "  relationship with the measure that activates it (USERELATIONSHIP);",
           "- **MetricFlow**: `dbt run` builds the project in the warehouse and MetricFlow's own engine (dbt-metricflow",
           "  0.15) runs the metric grouped by `entity__dimension`.", "",
           "A different number is an error (VA004); a question a target's files give no way to ask is a warning (VA005);",
           "a question the target itself cannot express is its documented loss (VA006, info), which its backend reports",
           "when compiling under the code named, and which is left out of its share. Figures from",
           "`python -m bench.bench_verify --write`; `tests/verify/test_same_numbers.py` asserts that no number differs,",
           "that nothing is unaskable and that every loss is one of these:", "",
           "- **Power BI** relates one column to one column: a compound key (TPC-H's line item to partsupp) relates",
           "  through a hidden column joining its columns (`[a] & \"|\" & [b]`) on each side, and a self reference relates",
           "  the table to a copy of itself named by the role (`Manager`); a compound self reference is a loss (PB001);",
           "- **MetricFlow** entities are one expression: a compound foreign key joins as its columns made one text",
           "  (`a || '|' || b`) when it refers to a compound primary key, and is a loss otherwise (DB003), as is a self",
           "  reference to columns that are not the primary key (one to the key is the table again as a semantic",
           "  model keyed by the role, `manager__last_name`);",
           "- **Cube** requires a primary key of a cube that defines joins (CB001): a view without one (Sakila's",
           "  `sales_by_film_category`) is not joined;",
           "- a **balance or stock level** counted per item per day or week (semi-additive: the reference takes the",
           "  rows of the latest day of its time axis, its own or a calendar's, as MetricFlow's",
           "  `non_additive_dimension` does) has no measure in LookML (LK003), Superset (SS001), Cube (CB001) or",
           "  DAX (PB001); each has the level's average instead.", "",
           "How each target says a question: Power BI's active relationships are each table's own keys from the top",
           "down (where a payment's rental reaches the customer and staff the payment names itself, the payment's own",
           "keys stay active and the rental key is inactive, with measures that activate it; an inactive key's question is",
           "asked the way a report slicing the plain measure goes, along the active relationships where they lead there;",
           "role-playing keys to a table that refers to nothing, a trip's pickup and dropoff zones,",
           "relate to a copy of it each, active); MetricFlow groups a table without a primary key by its `primary_entity`.", ""]
    for (label, report), (_, secs) in zip(rows, timings):
        out += [f"## {label}", "", f"{report.measures} measures, {report.questions} questions; {secs:.0f} s for compile and check.", "",
                "| target | equal | different | not askable | target's losses |", "|---|---|---|---|---|"]
        for target, t in report.tally.items():
            out.append(f"| {SHOWN[target]} | {t.equal}/{report.questions - t.lost} ({100 * t.share(report.questions):.1f}%) | "
                       f"{t.different} | {t.unaskable} | {t.lost} |")
        if reasons[label]:
            out += ["", "| target | status | why (names left out) | questions |", "|---|---|---|---|"]
            out += [f"| {t} | {s} | {r.replace('|', '/')} | {n} |" for (t, s, r), n in sorted(reasons[label].items())]
        out.append("")
    out += [f"Load average before / after: {load[0]:.1f} / {load_after[0]:.1f} (2 cores, shared).", "",
            "## On your own database", "",
            "```bash",
            "pip install -e '.[postgres]'                         # mb from this repository; or .[mysql]",
            "mb verify SOURCE -t lookml,powerbi --report verification.md",
            "```", "",
            "SOURCE is anything `mb compile` reads: a database file, or a URL such as",
            "`postgresql://user@host/db` with `--schema sales`.", "",
            "Looker, Superset and DAX answers need nothing else: their SQL runs on the source. Cube and MetricFlow answer",
            "when their tools are installed:", "",
            "- Cube: `npm install @cubejs-backend/schema-compiler` and `MB_CUBE_NODE_MODULES=<that>/node_modules`;",
            "- MetricFlow: a Python with `pip install 'dbt-core<1.12' dbt-metricflow==0.15.* dbt-duckdb` (and `dbt-postgres`",
            "  or `dbt-sqlite` for those sources) as `MB_MF_PYTHON=<venv>/bin/python`. For a DuckDB or SQLite source the",
            "  project is built in a scratch copy of the file; for PostgreSQL in a scratch schema that is dropped afterwards.",
            "  MySQL/MariaDB has no dbt adapter for dbt 1.10+, so MetricFlow is not asked there.", "",
            "A target that is not verified (its tool is not installed, or dbt refused to build the project) is named",
            "under the figures with the reason, and reported as VA003 or VA002.", ""]
    return "\n".join(out)


def _differed(rows) -> str:
    n = sum(t.different for _, report in rows for t in report.tally.values())
    return "no answer differed" if n == 0 else f"{n} answers differed (see verification.md)"


def _summary(rows, timings, load, load_after) -> str:
    out = ["## Same numbers through every target", "",
           "Share of questions (every measure overall, by a local and by a joined dimension, by year) each target answers with the",
           "reference's numbers, among those it can express (its documented losses left out);",
           f"{_differed(rows)}. Details and the reasons for what is not askable:",
           "[verification.md](verification.md). `python -m bench.bench_verify --write`.", "",
           "| database | questions | " + " | ".join(SHOWN[t] for t in TARGETS) + " | seconds |",
           "|---|---|" + "---|" * len(TARGETS) + "---|"]
    for (label, report), (_, secs) in zip(rows, timings):
        cells = [f"{100 * report.tally[t].share(report.questions):.0f}%" if t in report.tally else "-" for t in TARGETS]
        out.append(f"| {label} | {report.questions} | " + " | ".join(cells) + f" | {secs:.0f} |")
    out += ["", f"Load average before / after: {load[0]:.1f} / {load_after[0]:.1f}.", ""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
