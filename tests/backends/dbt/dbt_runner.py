"""Real dbt for the integration tests: a virtual environment of its own under
.cache/validators/dbt/ (dbt's pins must not constrain ours), created once and reused, and a
runner that writes dbt_project.yml and profiles.yml around generated files.

Run as a script (`python tests/backends/dbt/dbt_runner.py`) to create the environment ahead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

try:
    from tests.validators import cache_dir, ensure_venv
except ModuleNotFoundError:  # run as a script: the repository root is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from tests.validators import cache_dir, ensure_venv

CACHE = cache_dir("dbt")
# The venv's duckdb must read the files our duckdb writes, so the versions match.
REQUIREMENTS = ["dbt-core>=1.10,<1.12", "dbt-duckdb>=1.9", f"duckdb=={duckdb.__version__}"]


class DbtUnavailable(RuntimeError):
    pass


def ensure_dbt() -> Path:
    """The dbt executable, installing it on first use. Raises DbtUnavailable with pip's output."""
    return ensure_venv(CACHE, REQUIREMENTS, "dbt", DbtUnavailable, timeout=900)


@dataclass
class DbtRun:
    returncode: int
    output: str

    def failed_tests(self) -> list[str]:
        """Names of the data tests dbt reported as failing (lines like `Failure in test NAME (...)`)."""
        out = []
        for line in self.output.splitlines():
            if "Failure in test " in line:
                out.append(line.split("Failure in test ", 1)[1].split(" ", 1)[0])
        return sorted(out)


def write_project(root: Path, files: dict[str, str], db_path: Path, name: str = "mb_test") -> None:
    """A dbt project in `root`: the generated files under models/, dbt_project.yml, profiles.yml."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "dbt_project.yml").write_text(
        f"name: {name}\nversion: '1.0'\nconfig-version: 2\nprofile: {name}\nmodel-paths: [models]\n"
        "flags:\n  send_anonymous_usage_stats: false\n",
        encoding="utf-8",
    )
    (root / "profiles.yml").write_text(
        f"{name}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: '{db_path.as_posix()}'\n      threads: 4\n",
        encoding="utf-8",
    )


def run_dbt(dbt: Path, root: Path, *args: str, timeout: int = 600) -> DbtRun:
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", NO_COLOR="1")
    cmd = [str(dbt), *args, "--project-dir", str(root), "--profiles-dir", str(root)]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=timeout, env=env)
    return DbtRun(proc.returncode, proc.stdout + proc.stderr)


if __name__ == "__main__":
    print(ensure_dbt())
    sys.exit(0)


def _duck_type(declared: str) -> str:
    t = (declared or "").upper()
    if "INT" in t:
        return "BIGINT"
    if any(k in t for k in ("CHAR", "CLOB", "TEXT")) or not t:
        return "VARCHAR"
    if "BLOB" in t:
        return "BLOB"
    if any(k in t for k in ("REAL", "FLOA", "DOUB")):
        return "DOUBLE"
    if ("NUMERIC" in t or "DECIMAL" in t) and "(" in t:
        return "DECIMAL" + t[t.index("("):]
    if "NUMERIC" in t or "DECIMAL" in t:
        return "DOUBLE"
    if "DATETIME" in t or "TIMESTAMP" in t:
        return "TIMESTAMP"
    if "DATE" in t:
        return "DATE"
    return "VARCHAR"


def sqlite_to_duckdb(src: Path, dst: Path, work: Path) -> None:
    """Copy a SQLite database into a new DuckDB file with its primary and foreign keys.

    DuckDB cannot download its sqlite extension here, so rows travel through CSV files (read by
    DuckDB itself, typed with TRY_CAST; BLOBs as hex)."""
    import csv
    import sqlite3

    def q(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    lite = sqlite3.connect(src)
    tables = [r[0] for r in lite.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%' order by name")]
    info = {t: lite.execute(f"pragma table_info({q(t)})").fetchall() for t in tables}
    fks = {t: lite.execute(f"pragma foreign_key_list({q(t)})").fetchall() for t in tables}
    order: list[str] = []

    def visit(t: str, seen: set[str]) -> None:
        if t in order or t in seen:
            return
        seen.add(t)
        for fk in fks[t]:
            if fk[2] in info and fk[2] != t:
                visit(fk[2], seen)
        order.append(t)

    for t in tables:
        visit(t, set())
    duck = duckdb.connect(str(dst))
    null = "\\N"
    for t in order:
        cols = info[t]
        types = {c[1]: _duck_type(c[2]) for c in cols}
        pk = [c[1] for c in sorted(cols, key=lambda c: c[5]) if c[5]]
        parts = [f"{q(c[1])} {types[c[1]]}{' NOT NULL' if c[3] or c[1] in pk else ''}" for c in cols]
        if pk:
            parts.append(f"PRIMARY KEY ({', '.join(q(c) for c in pk)})")
        groups: dict[int, list] = {}
        for fk in fks[t]:
            groups.setdefault(fk[0], []).append(fk)
        for g in groups.values():
            parts.append(f"FOREIGN KEY ({', '.join(q(f[3]) for f in g)}) REFERENCES {q(g[0][2])} ({', '.join(q(f[4]) for f in g)})")
        duck.execute(f"CREATE TABLE {q(t)} ({', '.join(parts)})")
        path = work / f"{len(order)}_{order.index(t)}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([c[1] for c in cols])
            for row in lite.execute(f"select * from {q(t)}"):
                w.writerow([null if v is None else (v.hex() if isinstance(v, bytes) else v) for v in row])
        select = ", ".join(
            (f"unhex({q(c[1])})" if types[c[1]] == "BLOB" else f"TRY_CAST({q(c[1])} AS {types[c[1]]})") + f" AS {q(c[1])}"
            for c in cols
        )
        duck.execute(
            f"CREATE TEMP TABLE mb_stage AS SELECT {select} FROM read_csv('{path.as_posix()}', header=true, "
            f"all_varchar=true, nullstr='{null}', quote='\"', escape='\"')"
        )
        selfref = [g for g in groups.values() if g[0][2] == t]
        if not selfref:
            duck.execute(f"INSERT INTO {q(t)} SELECT * FROM mb_stage")
        # DuckDB checks a self reference against rows already stored: insert parents first.
        while selfref:
            ready = " AND ".join(
                f"(s.{q(f[3])} IS NULL OR s.{q(f[3])} IN (SELECT {q(f[4])} FROM {q(t)}))" for g in selfref for f in g
            )
            fresh = " AND ".join(f"x.{q(c)} = s.{q(c)}" for c in pk)
            n = duck.execute(
                f"INSERT INTO {q(t)} SELECT * FROM mb_stage s WHERE {ready} AND NOT EXISTS (SELECT 1 FROM {q(t)} x WHERE {fresh})"
            ).fetchone()[0]
            if not n:
                break
        duck.execute("DROP TABLE mb_stage")
    duck.close()
    lite.close()


def drop_foreign_keys(db: Path, table: str) -> None:
    """Recreate `table` without constraints, so a test can insert a row that breaks a foreign key."""
    con = duckdb.connect(str(db))
    q = '"' + table.replace('"', '""') + '"'
    con.execute(f"CREATE TABLE mb_tmp AS SELECT * FROM {q}")
    con.execute(f"DROP TABLE {q}")
    con.execute(f"ALTER TABLE mb_tmp RENAME TO {q}")
    con.close()
