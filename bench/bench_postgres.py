"""PostgreSQL, one big table: `mb snapshot` against one aggregate scan, whole process against whole process.

    python -m bench.bench_postgres                  # 1M rows; prints the figures
    python -m bench.bench_postgres --write          # and writes them to docs/benchmarks.md
    python -m bench.bench_postgres --url postgresql://user@host/db --rows 200000

The table is bench_profile's `sales` (9 columns: keys, decimals, doubles, text, dates, a
category) built with generate_series in the schema `pgmb_bench` (kept between runs, rebuilt when
its row count differs) and ANALYZEd, as autovacuum would have. Each measured command is a fresh
Python child (bench.process.run), in rounds, so that the machine's load falls on all alike:

* floor: one aggregate scan (count(*), and min/max/sum of every column) through psycopg2;
* exact distinct: COUNT(DISTINCT) of every column, in one query;
* `mb snapshot --no-profile`: Python's start, imports and reading the schema, mb's fixed cost;
* mb's profiling statements alone (the `--sql-log` of an untimed `mb snapshot`), replayed in order
  by a bare psycopg2 process: what the database spends on what mb asks;
* `mb snapshot` reading the table whole, and with `--sample`;
* `mb snapshot` once more after the table's statistics counters were reset
  (pg_stat_reset_single_table_counters: as if never analyzed), so that ANALYZE's estimates are not
  trusted; an ANALYZE afterwards makes them fresh again.

Then each snapshot's distinct counts are compared with the exact ones: the error, and whether
the snapshot calls the count exact or an estimate (and where the estimate comes from).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

import psycopg2
import yaml

from bench.benchmarks_doc import write_section
from bench.process import keep_bytecode, run

TITLE = "PostgreSQL: one big table"
SCHEMA = "pgmb_bench"
COLUMNS = ["id", "customer_id", "amount", "score", "name", "contact", "order_date", "region", "quantity"]
SUMMABLE = {"id", "customer_id", "amount", "score", "quantity"}
# The same shapes as bench_profile's DuckDB table: ids, a foreign key, a near-unique decimal, few
# doubles, two text columns of 200k and 100k values (one all e-mails), dates, a category.
BUILD = f"""
DROP SCHEMA IF EXISTS {SCHEMA} CASCADE;
CREATE SCHEMA {SCHEMA};
CREATE TABLE {SCHEMA}.sales AS SELECT
  i AS id,
  (abs(hashint8(i)) % 50000)::integer AS customer_id,
  ((abs(hashint8(i * 3)) % 1000000) / 100.0)::numeric(12,2) AS amount,
  (abs(hashint8(i * 5)) % 10000) / 7.0::double precision AS score,
  'user_' || (abs(hashint8(i * 7)) % 200000) AS name,
  'u' || (abs(hashint8(i * 11)) % 100000) || '@example.com' AS contact,
  DATE '2015-01-01' + (abs(hashint8(i * 13)) % 3650)::integer AS order_date,
  (ARRAY['north','south','east','west','central'])[1 + abs(hashint8(i * 17)) % 5] AS region,
  (1 + abs(hashint8(i * 19)) % 20)::integer AS quantity
FROM generate_series(0, %(last)s) AS g(i);
ANALYZE {SCHEMA}.sales;
"""

FLOOR_SQL = "SELECT count(*), " + ", ".join(
    f"min({c}), max({c})" + (f", sum({c})" if c in SUMMABLE else "") for c in COLUMNS) + f" FROM {SCHEMA}.sales"
EXACT_SQL = "SELECT " + ", ".join(f"count(DISTINCT {c})" for c in COLUMNS) + f" FROM {SCHEMA}.sales"
QUERY = """
import sys, psycopg2
conn = psycopg2.connect(sys.argv[1])
cur = conn.cursor()
cur.execute(sys.argv[2])
cur.fetchall()
"""
# mb's own profiling statements (its --sql-log of an untimed run), one after another on one
# connection: what the database spends on what mb asks, with none of mb's own work.
REPLAY = """
import re, sys, psycopg2
conn = psycopg2.connect(sys.argv[1])
cur = conn.cursor()
for sql in re.findall(r"^-- [^\\n]*\\n(.*?);\\n", open(sys.argv[2], encoding="utf-8").read(), flags=re.M | re.S):
    cur.execute(sql)
    cur.fetchall()
    conn.rollback()
"""


def dsn(url: str) -> str:
    """psycopg2 takes a postgresql:// URL as is; a SQLAlchemy driver suffix it does not."""
    return "postgresql://" + url.split("://", 1)[1]


def ensure_table(url: str, rows: int) -> None:
    with psycopg2.connect(dsn(url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s AND tablename = 'sales'", (SCHEMA,))
        if cur.fetchone()[0]:
            cur.execute(f"SELECT count(*) FROM {SCHEMA}.sales")
            if cur.fetchone()[0] == rows:
                cur.execute(f"ANALYZE {SCHEMA}.sales")  # fresh statistics, as autovacuum keeps them
                return
        # `%` is also SQL's modulo: doubled for the driver, all but the one placeholder.
        cur.execute(BUILD.replace("%", "%%").replace("%%(last)s", "%(last)s"), {"last": rows - 1})


def forget_analyze(url: str, forget: bool) -> None:
    """Reset the table's statistics counters (its ANALYZE times among them), or ANALYZE it again."""
    with psycopg2.connect(dsn(url)) as conn, conn.cursor() as cur:
        if forget:
            cur.execute("SELECT pg_stat_reset_single_table_counters(%s::regclass)", (f"{SCHEMA}.sales",))
        else:
            cur.execute(f"ANALYZE {SCHEMA}.sales")


def exact_counts(url: str) -> dict[str, int]:
    with psycopg2.connect(dsn(url)) as conn, conn.cursor() as cur:
        cur.execute(EXACT_SQL)
        return dict(zip(COLUMNS, cur.fetchone()))


def distinct_rows(snapshot: Path, truth: dict[str, int]) -> list[tuple[str, int, int, str]]:
    """(column, snapshot's count, true count, how the snapshot labels it) per column."""
    data = yaml.safe_load(snapshot.read_text(encoding="utf-8"))
    table = next(t for t in data["tables"] if t["name"] == "sales")
    out = []
    for col in table["columns"]:
        p = col.get("profile") or {}
        if p.get("distinct_count") is None:
            continue
        label = "exact" if p.get("distinct_exact") else f"estimate ({p.get('distinct_source') or 'approximate'})"
        out.append((col["name"], int(p["distinct_count"]), truth[col["name"]], label))
    return out


def honest(rows: list[tuple[str, int, int, str]]) -> bool:
    """Every count called exact is exact (the others are labelled estimates)."""
    return all(label != "exact" or got == true for _, got, true, label in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=os.environ.get("MB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--sample", default="5")
    ap.add_argument("--repeats", type=int, default=3, help="rounds of every command; the median is reported")
    ap.add_argument("--write", action="store_true", help="write the figures to docs/benchmarks.md")
    args = ap.parse_args()
    ensure_table(args.url, args.rows)
    truth = exact_counts(args.url)
    with tempfile.TemporaryDirectory() as tmp:
        mb = [sys.executable, "-m", "compiler.cli", "snapshot", args.url, "--schema", SCHEMA, "-q", "-o"]
        keep_bytecode(Path(tmp) / "pycache")
        run(mb + [str(Path(tmp) / "warm.yaml"), "--no-profile"])  # untimed: writes the children's bytecode
        sql_log = Path(tmp) / "profile.sql"
        run(mb + [str(Path(tmp) / "logged.yaml"), "--sql-log", str(sql_log)])  # untimed: the statements to replay
        before = os.getloadavg()
        whole, sampled = Path(tmp) / "whole.yaml", Path(tmp) / "sampled.yaml"
        commands = {
            "one aggregate scan (floor)": [sys.executable, "-c", QUERY, dsn(args.url), FLOOR_SQL],
            "exact COUNT(DISTINCT) of every column": [sys.executable, "-c", QUERY, dsn(args.url), EXACT_SQL],
            "mb snapshot --no-profile (start, imports, schema)": mb + [str(Path(tmp) / "bare.yaml"), "--no-profile"],
            "mb's profiling statements alone, replayed through psycopg2": [sys.executable, "-c", REPLAY, dsn(args.url), str(sql_log)],
            "mb snapshot": mb + [str(whole)],
            f"mb snapshot --sample {args.sample}": mb + [str(sampled), "--sample", args.sample],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        memory: dict[str, int] = {}
        for _ in range(args.repeats):
            for name, cmd in commands.items():
                secs, mib = run(cmd)
                times[name].append(secs)
                memory[name] = max(memory.get(name, 0), mib)
        stale_name, stale = "mb snapshot, statistics not trusted", Path(tmp) / "stale.yaml"
        forget_analyze(args.url, True)
        try:
            times[stale_name] = []
            for _ in range(args.repeats):
                secs, mib = run(mb + [str(stale)])
                times[stale_name].append(secs)
                memory[stale_name] = max(memory.get(stale_name, 0), mib)
        finally:
            forget_analyze(args.url, False)
        after = os.getloadavg()
        accuracy = {"mb snapshot": distinct_rows(whole, truth),
                    f"mb snapshot --sample {args.sample}": distinct_rows(sampled, truth),
                    stale_name: distinct_rows(stale, truth)}
    median = {name: statistics.median(ts) for name, ts in times.items()}
    floor = median["one aggregate scan (floor)"]
    lines = [
        f"## {TITLE}",
        "",
        f"`python -m bench.bench_postgres --write`: bench_profile's `sales` table, {args.rows:,} rows x {len(COLUMNS)} columns in",
        "PostgreSQL, ANALYZEd after loading. Each command a fresh Python child, run in "
        f"{args.repeats} rounds (median shown), loading compiled bytecode (written by one untimed warm-up run) as installed packages do;",
        "the floor is one aggregate scan (count(*), min/max/sum of every column) through psycopg2. Machine: "
        f"{os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}.",
        "",
        "The last row ran after the others, with the table's statistics counters reset.",
        "",
        "| process | median time | runs | vs floor | peak RSS |",
        "|---|---:|---|---:|---:|",
    ]
    for name, ts in times.items():
        runs = ", ".join(f"{t:.2f}" for t in ts)
        lines.append(f"| {name} | {median[name]:.2f} s | {runs} | {median[name] / floor:.2f}x | {memory[name]} MiB |")
    ratio = median["mb snapshot"] / floor
    bare = median["mb snapshot --no-profile (start, imports, schema)"]
    replay = median["mb's profiling statements alone, replayed through psycopg2"]
    lines += ["", f"Target `mb snapshot` <= 3x the floor: {'met' if ratio <= 3 else 'NOT met'} ({ratio:.2f}x) in this run; "
              f"profiling itself (mb snapshot less --no-profile) took {median['mb snapshot'] - bare:.2f} s, "
              f"{(median['mb snapshot'] - bare) / floor:.2f}x the floor. The statements mb sends, replayed by a bare "
              f"psycopg2 process, take {replay:.2f} s ({replay / floor:.2f}x the floor): the part of the time the "
              "database spends on what mb asks.", ""]
    for name, rows in accuracy.items():
        lines += [f"Distinct counts of {name} against COUNT(DISTINCT):", "",
                  "| column | snapshot | true | error | labelled |", "|---|---:|---:|---:|---|"]
        for column, got, true, label in rows:
            lines.append(f"| {column} | {got:,} | {true:,} | {100 * (got - true) / true:+.1f}% | {label} |")
        close = sum(abs(got - true) <= 0.10 * true for _, got, true, _ in rows)
        lines += ["", f"Counts called exact are exact: {'yes' if honest(rows) else 'NO'}; within 10% of the truth: "
                      f"{close} of {len(rows)} (the others are labelled estimates).", ""]
    lines += [f"Load average (1/5/15 min) {before[0]:.2f}/{before[1]:.2f}/{before[2]:.2f} before, "
              f"{after[0]:.2f}/{after[1]:.2f}/{after[2]:.2f} after, on {os.cpu_count()} CPUs.", ""]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(TITLE, section)


if __name__ == "__main__":
    main()
