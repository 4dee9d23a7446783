"""The mb command line, run as a user runs it: exit codes, coded messages, no tracebacks,
nothing written on failure, nothing secret printed."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.snapshot_io import dump_snapshot
from tests.support import DATASETS, REPO, shop_snapshot

CHINOOK = REPO / "examples" / "chinook" / "chinook.sqlite"


def mb(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler.cli", *args], capture_output=True, text=True, cwd=cwd or REPO, timeout=300)


def assert_clean_failure(proc: subprocess.CompletedProcess, code: str, exit_code: int = 2) -> None:
    assert proc.returncode == exit_code, proc.stderr
    assert f"error[{code}]" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_version_and_help():
    out = mb("--version")
    assert out.returncode == 0 and out.stdout.startswith("mb ")
    for cmd in ("snapshot", "compile", "relationships", "schema", "passes", "codes"):
        h = mb(cmd, "--help")
        assert h.returncode == 0 and "Usage:" in h.stdout


def test_snapshot_of_sqlite_to_stdout_and_file(tmp_path):
    out = mb("snapshot", str(CHINOOK))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# mb snapshot")
    target = tmp_path / "chinook.yaml"
    assert mb("snapshot", str(CHINOOK), "-o", str(target)).returncode == 0
    assert target.read_text() == out.stdout


def test_relationships_json_shape():
    out = mb("relationships", str(CHINOOK), "--json")
    assert out.returncode == 0, out.stderr
    rels = json.loads(out.stdout)
    assert len(rels) == 11
    r = next(r for r in rels if r["from"]["table"] == "Invoice" and r["to"]["table"] == "Customer")
    assert r["from"]["columns"] == ["CustomerId"] and r["to"]["columns"] == ["CustomerId"]
    assert r["cardinality"] == "many_to_one" and r["origin"] == "declared" and 0 <= r["confidence"] <= 1
    self_ref = next(r for r in rels if r["from"]["table"] == "Employee" and r["to"]["table"] == "Employee")
    assert self_ref["from"]["columns"] == ["ReportsTo"]


def test_schema_prints_json_schema():
    out = mb("schema")
    schema = json.loads(out.stdout)
    assert {"version", "source", "tables", "relationships"} <= set(schema["properties"])


def test_compile_writes_lookml_and_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for outdir in (a, b):
        out = mb("compile", str(CHINOOK), "-t", "lookml", "-o", str(outdir))
        assert out.returncode == 0, out.stderr
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert Path("lookml/chinook.model.lkml") in files_a
    assert Path("lookml/views/invoice_line.view.lkml") in files_a
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes()


def test_compile_from_snapshot_equals_compile_from_database(tmp_path):
    snap = tmp_path / "chinook.yaml"
    assert mb("snapshot", str(CHINOOK), "-o", str(snap)).returncode == 0
    assert mb("compile", str(CHINOOK), "-t", "lookml", "-o", str(tmp_path / "db")).returncode == 0
    assert mb("compile", str(snap), "-t", "lookml", "-o", str(tmp_path / "snap")).returncode == 0
    for p in (tmp_path / "db").rglob("*.lkml"):
        assert p.read_bytes() == (tmp_path / "snap" / p.relative_to(tmp_path / "db")).read_bytes()


def test_timings_and_dump_ir_after(tmp_path):
    out = mb("compile", str(CHINOOK), "-t", "lookml", "-o", str(tmp_path / "o"), "--timings", "--dump-ir-after", "build_explores")
    assert out.returncode == 0, out.stderr
    assert "build_explores" in out.stderr and "emit:lookml" in out.stderr
    dumped = json.loads(out.stderr[out.stderr.index("{"): out.stderr.index("timings:")])
    assert dumped["after"] == "build_explores" and dumped["model"]["explores"]
    bad = mb("compile", str(CHINOOK), "-t", "lookml", "-o", str(tmp_path / "o2"), "--dump-ir-after", "nope")
    assert_clean_failure(bad, "US001")
    assert not (tmp_path / "o2").exists()


def test_missing_file(tmp_path):
    out = mb("compile", str(tmp_path / "nope.duckdb"), "-t", "lookml", "-o", str(tmp_path / "o"))
    assert_clean_failure(out, "FE001")
    assert not (tmp_path / "o").exists()


def test_unknown_url_scheme(tmp_path):
    assert_clean_failure(mb("snapshot", "foo://bar/baz"), "FE002")


def test_refused_connection_never_prints_the_password(tmp_path):
    out = mb("compile", "postgresql://alice:s3cret@127.0.0.1:1/db", "-t", "lookml", "-o", str(tmp_path / "o"))
    assert_clean_failure(out, "FE003")
    assert "s3cret" not in out.stderr + out.stdout
    assert not (tmp_path / "o").exists()


def test_a_schema_in_the_url_is_pointed_to_the_schema_option(tmp_path):
    out = mb("compile", "postgresql://alice@127.0.0.1:1/db?schema=sales", "-t", "lookml", "-o", str(tmp_path / "o"))
    assert_clean_failure(out, "FE003")
    assert "--schema" in out.stderr


def test_unknown_target(tmp_path):
    assert_clean_failure(mb("compile", str(CHINOOK), "-t", "tableau", "-o", str(tmp_path / "o")), "US003")


def test_snapshot_failing_its_schema_names_the_key(tmp_path):
    text = dump_snapshot(shop_snapshot()).replace("nullable: false", "nullable: perhaps", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    out = mb("compile", str(bad), "-t", "lookml", "-o", str(tmp_path / "o"))
    assert_clean_failure(out, "FE006")
    assert "columns[0](AddressId).nullable" in out.stderr
    assert f"{bad}:" in out.stderr


def test_json_diagnostics(tmp_path):
    out = mb("snapshot", str(tmp_path / "missing.sqlite"), "--format", "json")
    assert out.returncode == 2
    diags = json.loads(out.stderr)
    assert diags[0]["code"] == "FE001" and diags[0]["severity"] == "error"


def test_malformed_ddl_reports_line_and_column(tmp_path):
    ddl = tmp_path / "bad.sql"
    ddl.write_text("CREATE TABLE ok (id INT PRIMARY KEY);\n\nCREATE TABLE broken (\n  id INT,\n  name VARCHAR(20) NOT NULL DEFAULT ,\n);\n")
    out = mb("compile", str(ddl), "--dialect", "postgres", "-t", "lookml", "-o", str(tmp_path / "o"))
    assert_clean_failure(out, "FE004")
    assert f"{ddl}:5:" in out.stderr or f"{ddl.name}:5:" in out.stderr
    assert not (tmp_path / "o").exists()


def test_failed_run_keeps_previous_output(tmp_path):
    outdir = tmp_path / "o"
    assert mb("compile", str(CHINOOK), "-t", "lookml", "-o", str(outdir)).returncode == 0
    before = {p: p.read_bytes() for p in outdir.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nsource: {dialect: sqlite}\ntables: []\n")
    assert mb("compile", str(bad), "-t", "lookml", "-o", str(outdir)).returncode == 2
    after = {p: p.read_bytes() for p in outdir.rglob("*") if p.is_file()}
    assert before == after
    # Only mb's lock (git-ignored) is left beside the targets.
    assert [p.name for p in outdir.glob(".*")] == [".mb-work"]
    assert sorted(p.name for p in (outdir / ".mb-work").iterdir()) == [".gitignore", "lock"]


def test_hostile_table_names_are_quoted_never_executed(tmp_path):
    import lkml

    db = tmp_path / "hostile.sqlite"
    con = sqlite3.connect(db)
    con.execute('CREATE TABLE victim (id INTEGER PRIMARY KEY)')
    con.execute('CREATE TABLE "Robert\'); DROP TABLE victim;--" ("my ""quoted"" col" INTEGER PRIMARY KEY, "select" TEXT, "order id" INTEGER REFERENCES victim(id))')
    con.execute('CREATE TABLE "Ünïcode table" ("naïve column" REAL)')
    con.commit()
    con.close()
    outdir = tmp_path / "o"
    out = mb("compile", str(db), "-t", "lookml", "-o", str(outdir))
    assert out.returncode == 0, out.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from sqlite_master where name = 'victim'").fetchone() == (1,)
    views = {p.name: lkml.load(p.read_text()) for p in (outdir / "lookml" / "views").glob("*.view.lkml")}
    robert = next(v["views"][0] for v in views.values() if "robert" in v["views"][0]["name"])
    assert robert["sql_table_name"] == '"Robert\'); DROP TABLE victim;--"'
    sqls = [d["sql"] for d in robert["dimensions"]]
    assert '${TABLE}."my ""quoted"" col"' in sqls and '${TABLE}."select"' in sqls


def test_example_output_is_up_to_date(tmp_path):
    """Regenerating examples/chinook gives the committed bytes."""
    example = REPO / "examples" / "chinook"
    work = tmp_path / "chinook"
    shutil.copytree(example, work, ignore=shutil.ignore_patterns("generated"))
    out = mb("compile", "--config", str(work / "mb.yaml"))
    assert out.returncode == 0, out.stderr
    def tree(root):  # .mb-work holds mb's lock, git-ignored
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".mb-work" not in p.parts}

    committed, fresh = tree(example / "generated"), tree(work / "generated")
    assert committed and committed == fresh


@pytest.mark.parametrize("db", ["northwind.sqlite", "chinook.sqlite"])
def test_shared_datasets_compile_cleanly(tmp_path, db):
    source = DATASETS / db
    if not source.exists():
        pytest.skip(f"{source} not present")
    out = mb("compile", str(source), "-t", "lookml", "-o", str(tmp_path / "o"), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert not [d for d in json.loads(out.stderr) if d["severity"] == "error"]


def test_readme_names_only_real_commands_and_targets():
    """Keep the README true: every `mb <command>` it shows exists, and so does every target."""
    import re

    from backends.base import available
    from compiler.cli import main

    readme = (REPO / "README.md").read_text()
    commands = set(re.findall(r"(?m)(?:^|[;&|]\s*|`)mb ([a-z]+)", readme))
    assert commands and commands <= set(main.commands), commands - set(main.commands)
    listed = re.search(r"Targets: (.+?)\(", readme, re.S).group(1)
    assert set(re.findall(r"`(\w+)`", listed)) == set(available())


def test_long_compiles_report_progress_on_a_terminal_only(monkeypatch, capsys):
    import compiler.cli as cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    tell = cli._compile_progress(cli.Run("text", quiet=False), 1000, 0.0)
    tell("emit lookml", 0.5)
    err = capsys.readouterr().err
    assert "emit lookml (1000 tables): 50% done, about" in err and "s left" in err
    assert cli._compile_progress(cli.Run("text", quiet=False), 10, 0.0) is None  # small: no lines
    quiet = cli._compile_progress(cli.Run("json", quiet=False), 1000, 0.0)
    quiet("emit lookml", 0.5)
    assert capsys.readouterr().err == ""
