"""bench/eval_descriptions.py against the fake server, then offline from the cache it wrote;
and its scoring functions on known inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

from bench.eval_descriptions import REFERENCE, mentions_unit, overlap_f1
from tests.llm.conftest import KEY
from tests.support import REPO


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}, "OPENAI_API_KEY": KEY}
    return subprocess.run([sys.executable, "-m", "bench.eval_descriptions", *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=120)


def test_eval_against_the_fake_server_then_offline(fake, tmp_path):
    server = fake()
    cache = tmp_path / "cache.json"
    proc = _run("--base-url", server.url, "--model", "fake-model", "--cache", str(cache), "--json")
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout)
    reference = yaml.safe_load(REFERENCE.read_text())
    assert first["tables"] == len(reference["tables"]) == 11 and first["answered"] == 11 == server.count
    assert first["table_coverage"] == 1.0 and first["column_coverage"] == 1.0
    assert first["grain_stated_rate"] == 1.0 and 0 < first["unit_rate"] <= 1
    assert 0 < first["column_overlap_f1"] < 1
    # The customers' email addresses in Chinook were never sent.
    assert "@" not in "".join(server.raw).replace("\\u003c", "")
    offline = _run("--model", "fake-model", "--cache", str(cache), "--offline", "--json")
    assert offline.returncode == 0, offline.stderr
    second = json.loads(offline.stdout)
    assert server.count == 11 and second["answered"] == 0
    assert {k: v for k, v in second.items() if k != "answered"} == {k: v for k, v in first.items() if k != "answered"}


def test_scoring_functions():
    assert overlap_f1("Length of the track in milliseconds.", "Length of the track in milliseconds.") == 1.0
    assert overlap_f1("Something else entirely.", "Length of the track.") == 0.0
    assert 0 < overlap_f1("Track length, ms.", "Length of the track in milliseconds.") < 1
    assert mentions_unit("Price in USD.", ["usd", "$"]) and mentions_unit("costs $1", ["usd", "$"])
    assert not mentions_unit("The busd field", ["usd"])
