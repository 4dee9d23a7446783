"""The network side of the LLM steps, run by the driver before a pure pass: ask each question
(a table to describe, a suggested join to judge) the cache has no answer for, in parallel and
within the run's budget, and put the valid answers in the cache. Failures become diagnostics;
what they were about keeps its deterministic result (the pass finds no answer for it)."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from compiler.diagnostics import LM001, LM002, LM003, LM006, Diagnostics
from compiler.llm.cache import AnswerCache
from compiler.llm.client import Budget, ChatClient, Outcome
from compiler.llm.prompts import Request


@dataclass
class Stats:
    asked: int = 0
    answered: int = 0
    requests: int = 0
    tokens: int = 0
    outcomes: list[Outcome] = field(default_factory=list)


class _Progress:
    """`llm [#####.....] 5/10 tables` on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, enabled: bool, unit: str = "tables"):
        self.total, self.done, self.unit = total, 0, unit
        self.enabled = enabled and total > 0 and sys.stderr.isatty()
        self._lock = threading.Lock()  # workers finish concurrently

    def step(self) -> None:
        with self._lock:
            self.done += 1
            if not self.enabled:
                return
            filled = int(20 * self.done / self.total)
            sys.stderr.write(f"\rmb: llm [{'#' * filled}{'.' * (20 - filled)}] {self.done}/{self.total} {self.unit}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def annotate(requests: list[Request], cache: AnswerCache, settings, diags: Diagnostics, budget: Budget | None = None,
             unit: str = "tables", left: str = "not annotated") -> Stats:
    """Fill `cache` for the requests it has no answer for. Makes no request when it is warm.
    `budget` is shared by the run's steps; `unit` and `left` word the diagnostics ("3 tables not
    annotated", "2 joins not judged")."""
    stats = Stats()
    missing = [r for r in requests if cache.get(r.key) is None]
    if not missing:
        return stats
    api_key = os.environ.get(settings.api_key_env)
    if not api_key:
        diags.report(LM006, f"no API key in ${settings.api_key_env}; {len(missing)} {unit} {left}", "llm")
        return stats
    try:
        client = ChatClient(settings, api_key)
    except ImportError:
        diags.report(LM006, "the openai package is not installed (pip install openai)", "llm")
        return stats
    budget = budget or Budget(settings.max_requests, settings.max_tokens)
    progress = _Progress(len(missing), settings.progress, unit)
    stats.asked = len(missing)

    def ask(req: Request) -> Outcome:
        try:
            return client.ask(req, budget)
        finally:
            progress.step()

    # Requests go out in model order; map() returns outcomes in that order, so diagnostics and
    # cache contents do not depend on which answer came back first.
    with ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="mb-llm") as pool:
        outcomes = list(pool.map(ask, missing))
    progress.close()
    skipped: list[str] = []
    for o in outcomes:
        req = o.request
        if o.kind == "ok" and o.answer is not None:
            cache.put(req.key, req.table, settings.model, o.answer)
            stats.answered += 1
        elif o.kind == "invalid":
            diags.report(LM001, f"answer for {req.table} unusable after {o.attempts} attempts: {o.error}", req.table)
        elif o.kind == "failed":
            diags.report(LM002, f"request for {req.table} failed after {o.attempts} attempts: {o.error}", req.table)
        else:
            skipped.append(req.table)
    if skipped:
        shown = ", ".join(skipped[:5]) + (", ..." if len(skipped) > 5 else "")
        diags.report(LM003, f"{budget.reason()}: {len(skipped)} of {len(missing)} {unit} {left} ({shown})", "llm")
    stats.outcomes = outcomes
    stats.requests, stats.tokens = budget.requests, budget.tokens
    return stats
