"""Small real databases for inference tests: SQLite files built from (DDL, rows), read back
through compiler.api.snapshot so the real profiler and evidence gathering run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions
from ir.semantic import SemanticModel


def sqlite_db(path: Path, tables: dict[str, tuple[str, list[tuple]]]) -> Path:
    """tables: name -> (column DDL inside CREATE TABLE, rows)."""
    con = sqlite3.connect(path)
    try:
        for name, (ddl, rows) in tables.items():
            con.execute(f'CREATE TABLE "{name}" ({ddl})')
            if rows:
                marks = ", ".join("?" for _ in rows[0])
                con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        con.commit()
    finally:
        con.close()
    return path


def infer(path: Path, profile: bool = True, config: Config | None = None) -> tuple[SemanticModel, Diagnostics]:
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(enabled=profile, progress=False))
    model = analyze(snap, config or Config(), diags)
    assert not diags.has_errors(), diags.render_text()
    return model, diags


def edges(model: SemanticModel, origin: str = "inferred") -> set[tuple[str, str, str, str]]:
    return {(r.from_.table, ",".join(r.from_.columns), r.to.table, ",".join(r.to.columns))
            for r in model.relationships if r.origin == origin}


def suggestions(diags: Diagnostics) -> list[str]:
    return [f"{d.location} {d.message}" for d in diags.items if d.code == "AN007"]
