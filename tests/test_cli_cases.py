"""The command line on the inputs that used to go wrong: every case a coded message and the exit
code DESIGN.md gives, no traceback, nothing written or half-written."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.snapshot_io import dump_snapshot
from tests.support import REPO, shop_snapshot

CHINOOK = REPO / "examples" / "chinook" / "chinook.sqlite"
SAKILA = REPO / "tests" / "fixtures" / "ddl" / "sakila" / "sqlite-sakila-schema.sql"


def mb(*args: str, cwd: Path | None = None, umask: int | None = None) -> subprocess.CompletedProcess:
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "compiler.cli", *args], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=300, preexec_fn=preexec)


def coded(proc: subprocess.CompletedProcess, code: str, exit_code: int = 2) -> None:
    assert proc.returncode == exit_code, proc.stderr
    assert f"error[{code}]" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def snap_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("snap") / "shop.yaml"
    path.write_text(dump_snapshot(shop_snapshot()), encoding="utf-8")
    return path


# ---- -o ------------------------------------------------------------------------------------------

def test_empty_output_paths_are_usage_errors(snap_file, tmp_path):
    coded(mb("compile", str(snap_file), "-t", "lookml", "-o", "", cwd=tmp_path), "US001")
    coded(mb("snapshot", str(snap_file), "-o", "", cwd=tmp_path), "US001")
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_a_target_folder_belongs_is_refused_and_kept(snap_file, tmp_path):
    (tmp_path / "lookml").write_text("mine")
    proc = mb("compile", str(snap_file), "-t", "lookml,dbt", "-o", str(tmp_path))
    coded(proc, "US002")
    assert "lookml" in proc.stderr and "is a file" in proc.stderr
    assert (tmp_path / "lookml").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lookml"]  # no backup, no dbt written


def test_output_folder_that_is_a_file_is_refused(snap_file, tmp_path):
    out = tmp_path / "out"
    out.write_text("x")
    coded(mb("compile", str(snap_file), "-t", "lookml", "-o", str(out)), "US002")
    assert out.read_text() == "x"


def test_snapshot_output_that_cannot_be_written(snap_file, tmp_path):
    (tmp_path / "afile").write_text("x")
    coded(mb("snapshot", str(snap_file), "-o", str(tmp_path / "afile" / "snap.yaml")), "US002")
    (tmp_path / "adir").mkdir()
    coded(mb("snapshot", str(snap_file), "-o", str(tmp_path / "adir")), "US002")
    coded(mb("snapshot", str(snap_file), "-o", "/proc/mb-cannot-write.yaml"), "US002")
    assert (tmp_path / "afile").read_text() == "x" and list((tmp_path / "adir").iterdir()) == []


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_folder_and_file_modes_follow_the_umask(snap_file, tmp_path, umask):
    out = tmp_path / "out"
    assert mb("compile", str(snap_file), "-t", "lookml,dbt,cube,powerbi,superset", "-o", str(out), umask=umask).returncode == 0
    for p in out.rglob("*"):
        if ".mb-work" in p.parts:
            continue
        want = (0o777 if p.is_dir() else 0o666) & ~umask
        assert stat.S_IMODE(p.stat().st_mode) == want, (p, oct(p.stat().st_mode))


def test_compile_ends_with_a_one_line_summary(snap_file, tmp_path):
    proc = mb("compile", str(snap_file), "-t", "lookml,dbt", "-o", str(tmp_path / "o"))
    assert proc.returncode == 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("mb: wrote ") and "(lookml, dbt)" in last and "new, 0 changed, 0 removed" in last
    assert "warning" in last  # warnings by code, e.g. "3 warnings (2 DB002, 1 LK002)" or "no warnings"
    again = mb("compile", str(snap_file), "-t", "lookml,dbt", "-o", str(tmp_path / "o"))
    assert "0 new, 0 changed, 0 removed" in again.stderr.strip().splitlines()[-1]
    assert mb("compile", str(snap_file), "-t", "lookml", "-o", str(tmp_path / "q"), "-q").stderr == ""


# ---- mb check ------------------------------------------------------------------------------------

def test_check_groups_differences_per_file_with_a_summary(tmp_path):
    work = tmp_path / "p"
    work.mkdir()
    shutil.copy(CHINOOK, work / "chinook.sqlite")
    assert mb("snapshot", "chinook.sqlite", "-o", "snap.yaml", cwd=work).returncode == 0
    (work / "mb.yaml").write_text("source: snap.yaml\ntargets: [lookml, dbt, cube, powerbi, superset]\noutput: out\n")
    assert mb("compile", cwd=work).returncode == 0
    text = (work / "snap.yaml").read_text().replace("  - name: Composer\n", "  - name: ComposerName\n", 1)
    (work / "snap.yaml").write_text(text)
    with open(work / "out/lookml/views/album.view.lkml", "a") as fh:
        fh.write("junk\n")
    proc = mb("check", cwd=work)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if "error[" in line]
    files = [line for line in errors if "error[CK00" in line]
    # One line per differing file (plus a parse error and a few per-target tallies), not per field.
    assert len(errors) <= len(files) + 8, "\n".join(errors)
    assert any("album.view.lkml" in line and "error[RT002]" in line for line in errors)
    summary = proc.stderr.strip().splitlines()[-1]
    assert summary.startswith("mb: ") and f"{len(files)} of " in summary and "run mb compile" in summary
    # --format json keeps every difference for tools.
    detail = json.loads(mb("check", "--format", "json", cwd=work).stderr)
    assert len([d for d in detail if d["code"] == "RT001"]) > len(files)


# ---- explain ---------------------------------------------------------------------------------------

def test_explain_reports_only_the_table_asked_about_and_decides_as_compile_does(tmp_path):
    """Another table's trouble is no answer to explain; the other tables' profiles are read all
    the same, so a reference to a key no constraint declares is found as compile finds it."""
    db = tmp_path / "two.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE good (id INTEGER PRIMARY KEY, v TEXT)")
    con.execute("INSERT INTO good VALUES (1, 'a'), (2, 'b')")
    con.execute("CREATE TABLE patients (Id TEXT, NAME TEXT)")
    con.executemany("INSERT INTO patients VALUES (?, ?)", [(f"p-{i:04d}", f"n{i}") for i in range(40)])
    con.execute("CREATE TABLE encounters (Id TEXT, PATIENT TEXT, COST REAL)")
    con.executemany("INSERT INTO encounters VALUES (?, ?, ?)", [(f"e-{i:04d}", f"p-{i % 40:04d}", i * 1.5) for i in range(200)])
    con.execute("CREATE TABLE gone (x INTEGER)")
    con.execute("CREATE VIEW broken AS SELECT x FROM gone")
    con.execute("DROP TABLE gone")  # profiling the view would fail with PR002
    con.commit()
    con.close()
    snap = mb("snapshot", str(db))
    assert "PR002" in snap.stderr or "FE015" in snap.stderr
    proc = mb("explain", str(db), "good.v")
    assert proc.returncode == 0, proc.stderr
    assert "PR002" not in proc.stderr and "distinct_count: 2" in proc.stdout
    proc = mb("explain", str(db), "encounters.PATIENT")
    assert proc.returncode == 0, proc.stderr
    assert "relationship: encounters(PATIENT) -> patients(Id)  many_to_one  inferred" in proc.stdout, proc.stdout


# ---- filters that leave nothing --------------------------------------------------------------------

@pytest.mark.parametrize("source_kind", ["sqlite", "duckdb", "ddl", "snapshot"])
def test_a_filter_that_matches_nothing_is_an_error_and_writes_nothing(source_kind, snap_file, tmp_path):
    import duckdb

    if source_kind == "sqlite":
        source = str(CHINOOK)
    elif source_kind == "duckdb":
        source = str(tmp_path / "c.duckdb")
        con = duckdb.connect(source)
        con.execute("CREATE TABLE Customer (id INTEGER)")
        con.execute("CREATE TABLE Invoice (id INTEGER)")
        con.close()
    elif source_kind == "ddl":
        source = str(tmp_path / "c.sql")
        Path(source).write_text("CREATE TABLE Customer (id INTEGER);\nCREATE TABLE Invoice (id INTEGER);\n")
    else:
        source = str(snap_file)
    out = tmp_path / "out"
    good = "Customer" if source_kind != "snapshot" else "CUSTOMERS"
    assert mb("compile", source, "-t", "lookml", "-o", str(out), "--include", good).returncode == 0
    before = tree(out)
    proc = mb("compile", source, "-t", "lookml", "-o", str(out), "--include", good.lower()[:-1] + "x*")
    coded(proc, "FE017")
    assert f"did you mean '{good}'" in proc.stderr
    assert tree(out) == before


def test_a_schema_that_does_not_exist_is_an_error(tmp_path):
    import duckdb

    source = str(tmp_path / "s.duckdb")
    con = duckdb.connect(source)
    con.execute("CREATE SCHEMA sales")
    con.execute("CREATE TABLE sales.orders (id INTEGER)")
    con.close()
    proc = mb("snapshot", source, "--schema", "sale")
    coded(proc, "FE017")
    assert "did you mean 'sales'" in proc.stderr and "main" in proc.stderr


# ---- unreadable and invalid input ----------------------------------------------------------------

def test_config_that_is_a_folder_or_not_utf8_or_a_device(snap_file, tmp_path):
    (tmp_path / "mb.yaml").mkdir()
    proc = mb("compile", str(snap_file), "-t", "lookml", "-o", "out", cwd=tmp_path)
    coded(proc, "CF001")
    assert "folder" in proc.stderr
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("name: caf\xe9\n".encode("latin-1"))
    coded(mb("compile", str(snap_file), "--config", str(bad), "-t", "lookml", "-o", str(tmp_path / "o")), "CF001")
    coded(mb("compile", str(snap_file), "--config", "/dev/zero", "-t", "lookml", "-o", str(tmp_path / "o")), "CF001")
    assert not (tmp_path / "o").exists()


def test_devices_and_binary_files_are_not_read_as_sources(snap_file, tmp_path):
    coded(mb("snapshot", "/dev/zero"), "FE002")
    link = tmp_path / "zero.sql"
    link.symlink_to("/dev/zero")
    coded(mb("snapshot", str(link)), "FE001")
    yaml_link = tmp_path / "zero.yaml"
    yaml_link.symlink_to("/dev/zero")
    coded(mb("compile", str(yaml_link), "-t", "lookml", "-o", str(tmp_path / "o")), "FE007")
    binary = tmp_path / "blob.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    coded(mb("diff", str(binary), str(snap_file)), "FE007")


def test_invalid_snapshots(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"version": 1, "source": ' + "[" * 100_000 + "]" * 100_000 + "}")
    coded(mb("compile", str(deep), "-t", "lookml", "-o", str(tmp_path / "o")), "FE007")
    v0 = tmp_path / "v0.yaml"
    v0.write_text("version: 0\nsource: {dialect: sqlite, description: x}\ntables: []\n")
    coded(mb("compile", str(v0), "-t", "lookml", "-o", str(tmp_path / "o")), "FE006")
    dup = tmp_path / "dup.yaml"
    dup.write_text("version: 1\nsource: {dialect: sqlite, description: x}\ntables:\n- {name: a}\n- {name: a}\n")
    proc = mb("compile", str(dup), "-t", "lookml", "-o", str(tmp_path / "o"))
    coded(proc, "FE006")
    assert "appears twice" in proc.stderr and f"{dup}:4" in proc.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("args", [["compile", "--bogus"], ["nope"], ["snapshot", "x", "--query-timeout", "nan"],
                                  ["snapshot", "x", "--query-timeout", "inf"], ["snapshot", "x", "--workers", "0"],
                                  ["snapshot", "x", "--format", "xml"]])
def test_usage_errors_carry_a_code(args):
    proc = mb(*args)
    coded(proc, "US001")
    assert proc.stderr.count("\n") <= 2


# ---- DDL ---------------------------------------------------------------------------------------------

def test_sqlite_free_form_type_names_as_sqlite_accepts_them(tmp_path):
    """The Sakila SQLite schema (BSD; tests/fixtures/ddl/sakila) uses `BLOB SUB_TYPE TEXT`."""
    out = tmp_path / "sakila.yaml"
    proc = mb("snapshot", str(SAKILA), "--dialect", "sqlite", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    con = sqlite3.connect(":memory:")
    con.executescript(SAKILA.read_text())  # SQLite itself accepts the file
    snap = json.loads(mb("snapshot", str(out), "--json").stdout)
    tables = {t["name"]: t for t in snap["tables"]}
    sqlite_tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert set(tables) == sqlite_tables
    film = {c["name"]: c for c in tables["film"]["columns"]}
    assert film["description"]["type"] == "BLOB SUB_TYPE TEXT"
    assert len(tables["film"]["columns"]) == len(con.execute("PRAGMA table_info(film)").fetchall())


def test_ddl_in_the_wrong_dialect_says_which_it_looks_like(tmp_path):
    proc = mb("snapshot", str(REPO / "tests" / "fixtures" / "ddl" / "mysqldump.sql"), "--dialect", "tsql")
    coded(proc, "FE004")
    assert "warning[FE018]" in proc.stderr and "try --dialect mysql" in proc.stderr


# ---- YAML and JSON snapshots -----------------------------------------------------------------------

def test_yaml_and_json_snapshots_compile_identically(tmp_path):
    db = tmp_path / "words.sqlite"
    con = sqlite3.connect(db)
    con.execute('CREATE TABLE "yes" ("1e3" INTEGER PRIMARY KEY, "on" TEXT, "0o17" REAL, "null" TEXT, "~" TEXT, '
                '"2024-01-31" DATE, "no" INTEGER)')
    con.execute("INSERT INTO \"yes\" VALUES (1, 'y', 1.5, 'n', 'off', '2024-01-31', 0), (2, 'n', 2.5, 'yes', 'on', '2023-01-01', 1)")
    con.commit()
    con.close()
    for fmt in ("yaml", "json"):
        assert mb("snapshot", str(db), "-o", str(tmp_path / f"s.{fmt}")).returncode == 0
        proc = mb("compile", str(tmp_path / f"s.{fmt}"), "-t", "lookml,dbt,cube,powerbi,superset", "-o", str(tmp_path / fmt))
        assert proc.returncode == 0, proc.stderr
    assert tree(tmp_path / "yaml") == tree(tmp_path / "json")
    assert "1e3" in (tmp_path / "s.yaml").read_text()


# ---- secrets in URLs -----------------------------------------------------------------------------------

def test_a_password_with_at_signs_never_shows(tmp_path):
    proc = mb("snapshot", "postgresql://someone:p@ss@w0rd-tail@127.0.0.1:1/db")
    assert proc.returncode == 2
    assert "tail" not in proc.stderr and "w0rd" not in proc.stderr and "p@ss" not in proc.stderr, proc.stderr


def test_superset_uri_secrets_are_masked(snap_file, tmp_path):
    config = tmp_path / "mb.yaml"
    config.write_text("superset:\n  sqlalchemy_uri: 'postgresql://u:s3cret@db/x?password=hunter2&sslkey=/k.pem&sslmode=require'\n")
    proc = mb("compile", str(snap_file), "--config", str(config), "-t", "superset", "-o", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    files = tree(tmp_path / "o")
    blob = b"".join(files.values())
    assert b"s3cret" not in blob and b"hunter2" not in blob and b"/k.pem" not in blob
    assert b"sslmode=require" in blob
