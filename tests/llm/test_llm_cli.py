"""`mb compile --llm` end to end: the real CLI in a subprocess, the real openai client, a fake
OpenAI server on loopback. Descriptions reach every target; a warm cache makes no request;
failures retry, then fall back with a warning (an error under --strict-llm)."""

from __future__ import annotations

import json
import re

import pytest

from tests.llm.conftest import ALL_TARGETS
from tests.support import shop_snapshot

SHOP_TABLES = 8


def fallbacks(stderr: str) -> list[str]:
    """LM codes that mean a table went without an answer (LM005, a rejected suggestion, is not one)."""
    return re.findall(r"\[(LM00[1-467])\]", stderr)


def test_descriptions_reach_every_target(fake, project):
    server = fake()
    p = project(server)
    proc = p.mb("--llm", targets=ALL_TARGETS)
    assert proc.returncode == 0, proc.stderr
    assert server.count == SHOP_TABLES
    for target in ALL_TARGETS.split(","):
        text = p.output_text(target)
        # A table description (grain + purpose) and a column description, in every target.
        assert "LLMDESC-CUSTOMERS" in text, target
        assert "One row per CUSTOMERS record." in text, target
        assert "LLMCOL-CUSTOMERS-FULL_NAME" in text, target
        # The suggested, validated measure on order_header.
        assert "shipped_orders" in text or "Shipped Orders" in text, target
        # A declared comment is kept (overwrite is off) and its LLM rival is not written.
        assert "Lifecycle state." in text, target
        assert "LLMCOL-order_header-status" not in text, target
    for target in ("dbt", "cube"):  # the targets that carry model-level metrics
        assert "LLMMETRIC-order_header" in p.output_text(target), target
    # The invalid suggestion was reported and left out.
    assert "warning[LM005]" in proc.stderr and "bogus_total" in proc.stderr
    assert "bogus_total" not in p.output_text()


def test_second_run_makes_zero_requests_and_is_identical(fake, project):
    server = fake()
    p = project(server)
    assert p.mb("--llm", targets="lookml,dbt").returncode == 0
    first_files, first_cache = p.output_files(), p.cache.read_text()
    assert server.count == SHOP_TABLES
    second = p.mb("--llm", targets="lookml,dbt")
    assert second.returncode == 0, second.stderr
    assert server.count == SHOP_TABLES  # no new request
    assert p.output_files() == first_files and p.cache.read_text() == first_cache
    # Offline, without a key and without --llm: the committed cache alone gives the same output.
    server.stop()
    third = p.mb(key=None, targets="lookml,dbt")
    assert third.returncode == 0, third.stderr
    assert fallbacks(third.stderr) == []
    assert p.output_files() == first_files
    # The cache diffs well: sorted keys, fixed indent, one entry per table.
    data = json.loads(first_cache)
    assert first_cache == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert sorted(e["table"] for e in data["entries"].values()) == sorted(t.key for t in shop_snapshot().tables)


def test_only_changed_tables_are_asked_again(fake, project):
    server = fake()
    p = project(server)
    assert p.mb("--llm").returncode == 0
    snap = shop_snapshot()
    tag = next(t for t in snap.tables if t.name == "tag")
    tag.comment = "Free-form labels put on products."
    p.write_snapshot(snap)
    proc = p.mb("--llm")
    assert proc.returncode == 0, proc.stderr
    assert server.count == SHOP_TABLES + 1
    assert "Free-form labels" in json.dumps(server.bodies[-1])
    entries = json.loads(p.cache.read_text())["entries"]
    assert len(entries) == SHOP_TABLES  # the stale answer for tag was replaced, not kept


FAILURES = [
    ("malformed", "LM001"),
    ("wrong_shape", "LM001"),
    ("refuse", "LM001"),
    ("429", "LM002"),
    ("500", "LM002"),
    ("hang", "LM002"),
]


@pytest.mark.parametrize("mode,code", FAILURES)
def test_failures_retry_then_fall_back_with_a_warning(fake, project, mode, code):
    # `timeout` bounds a whole request (sending it too): long enough for every request to reach
    # the server on a loaded machine, short against the hang.
    server = fake(mode, hang=4.0)
    p = project(server, timeout=1.5, retries=1, concurrency=8)
    proc = p.mb("--llm")
    assert proc.returncode == 0, proc.stderr
    assert server.count == SHOP_TABLES * 2  # one try and one retry per table
    assert proc.stderr.count(f"warning[{code}]") == SHOP_TABLES and "after 2 attempts" in proc.stderr
    assert "Traceback" not in proc.stderr
    # The output is the deterministic one: valid, with no LLM text.
    text = p.output_text("lookml")
    assert "view: order_header" in text and "LLMDESC" not in text
    assert not p.cache.exists()  # nothing worth caching


@pytest.mark.parametrize("mode,code", [("malformed", "LM001"), ("500", "LM002")])
def test_strict_llm_makes_a_fallback_an_error(fake, project, mode, code):
    server = fake(mode)
    p = project(server, retries=0)
    proc = p.mb("--llm", "--strict-llm")
    assert proc.returncode == 1, proc.stderr
    assert f"error[{code}]" in proc.stderr
    assert not p.out.exists()  # a failed run writes nothing


def test_a_retry_that_succeeds_is_silent(fake, project):
    server = fake(["500", "429", "ok"])
    p = project(server, retries=2, concurrency=1)
    proc = p.mb("--llm", "--strict-llm")
    assert proc.returncode == 0, proc.stderr
    assert server.count == SHOP_TABLES + 2
    assert fallbacks(proc.stderr) == []


def test_request_budget_stops_requests(fake, project):
    server = fake()
    p = project(server, max_requests=3, concurrency=2)
    proc = p.mb("--llm")
    assert proc.returncode == 0, proc.stderr
    assert server.count == 3
    assert "warning[LM003]" in proc.stderr and "max_requests (3) reached" in proc.stderr
    assert len(json.loads(p.cache.read_text())["entries"]) == 3
    # The next run asks only for what is missing, again within its budget.
    proc = p.mb("--llm")
    assert server.count == 6 and "warning[LM003]" in proc.stderr


def test_token_budget_stops_requests(fake, project):
    server = fake()  # every answer reports 150 tokens
    p = project(server, max_tokens=300, concurrency=1)
    proc = p.mb("--llm")
    assert proc.returncode == 0, proc.stderr
    assert server.count == 2
    assert "max_tokens (300) reached" in proc.stderr


def test_missing_key_is_a_warning_and_strict_makes_it_an_error(fake, project):
    server = fake()
    p = project(server)
    proc = p.mb("--llm", key=None)
    assert proc.returncode == 0 and "warning[LM006]" in proc.stderr and "$OPENAI_API_KEY" in proc.stderr
    assert server.count == 0
    proc = p.mb("--llm", "--strict-llm", key=None)
    assert proc.returncode == 1 and "error[LM006]" in proc.stderr


def test_unreadable_cache_is_reported_and_not_overwritten(fake, project):
    server = fake()
    p = project(server)
    p.cache.write_text("<<<<<<< HEAD\n{not json", encoding="utf-8")
    proc = p.mb("--llm")
    assert proc.returncode == 0, proc.stderr
    assert "warning[LM004]" in proc.stderr
    assert p.cache.read_text().startswith("<<<<<<< HEAD")  # a merge conflict is the user's to resolve
    assert "LLMDESC-CUSTOMERS" in p.output_text()  # this run still used the answers it got


def test_mb_check_uses_the_cache_offline(fake, project):
    server = fake()
    p = project(server)
    assert p.mb("--llm").returncode == 0
    server.stop()
    proc = p.mb(key=None, command="check")
    assert proc.returncode == 0, proc.stderr
    assert "up to date" in proc.stderr
