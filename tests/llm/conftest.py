"""Fixtures for the LLM tests: a fake OpenAI server on loopback and a project folder (snapshot,
mb.yaml pointing at the server) compiled through the real CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from compiler.snapshot_io import dump_snapshot
from ir.snapshot import Snapshot
from tests.llm.fake_openai import FakeOpenAI
from tests.support import REPO, shop_snapshot

ALL_TARGETS = "lookml,dbt,cube,powerbi,superset"
KEY = "sk-test-not-a-real-key"


@pytest.fixture
def fake():
    """Start a server with fake(mode, ...); every server started is stopped after the test."""
    servers: list[FakeOpenAI] = []

    def start(mode: str | list[str] = "ok", **kw: Any) -> FakeOpenAI:
        s = FakeOpenAI(mode, **kw)
        s.start()
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.stop()


class Project:
    def __init__(self, root: Path, server: FakeOpenAI, snap: Snapshot, llm: dict[str, Any], extra: dict[str, Any]):
        self.root, self.server = root, server
        self.snapshot = root / "snapshot.yaml"
        self.config = root / "mb.yaml"
        self.out = root / "out"
        self.cache = root / "llm-cache.json"
        self.write_snapshot(snap)
        settings = {"model": "fake-model", "base_url": server.url, "timeout": 5, "retries": 1, "backoff": 0.01,
                    "concurrency": 4, **llm}
        self.config.write_text(yaml.safe_dump({"llm": settings, **extra}, sort_keys=False), encoding="utf-8")

    def write_snapshot(self, snap: Snapshot) -> None:
        self.snapshot.write_text(dump_snapshot(snap, "yaml"), encoding="utf-8")

    def mb(self, *args: str, key: str | None = KEY, targets: str = "lookml", command: str = "compile") -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
        if key is not None:
            env["OPENAI_API_KEY"] = key
        cmd = [sys.executable, "-m", "compiler.cli", command, str(self.snapshot), "--config", str(self.config),
               "-t", targets, "-o", str(self.out), *args]
        return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, timeout=120)

    def output_text(self, target: str | None = None) -> str:
        """Every generated text file (zip members of the Superset bundle are in its folder too)."""
        base = self.out / target if target else self.out
        parts = []
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.suffix != ".zip":
                parts.append(p.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(parts)

    def output_files(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.out)): p.read_bytes() for p in sorted(self.out.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    def make(server: FakeOpenAI, snap: Snapshot | None = None, extra: dict[str, Any] | None = None, **llm: Any) -> Project:
        return Project(tmp_path, server, snap or shop_snapshot(), llm, extra or {})

    return make
