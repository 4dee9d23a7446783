"""The driver's steps before the LLM passes: load the cache, ask for what it lacks (only when
asked to), save it, and hand the answers to the pass through the config.

Two passes read answers: adjudicate_joins (verdicts on suggested relationships, only with
`llm.adjudicate_joins`) and annotate_with_llm (descriptions). Their steps share one cache file
(read once) and one budget, so `max_requests` bounds the whole run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from compiler.diagnostics import LM001, LM002, LM003, LM004, LM006, LM007
from compiler.llm.annotate import annotate
from compiler.llm.cache import AnswerCache, CacheError
from compiler.llm.client import Budget
from compiler.llm.joins import join_requests, value_policy
from compiler.llm.prompts import requests_for

PASS = "annotate_with_llm"
JOINS_PASS = "adjudicate_joins"
# A table left without an answer: warnings normally, errors under --strict-llm.
STRICT_CODES = (LM001, LM002, LM003, LM006)

Step = Callable[..., None]


def cache_path(config) -> Path:
    value = config.llm.cache
    return Path(config.relative(value) or value)


class _Run:
    """What the steps of one analysis share: the cache, loaded on first use, and the budget."""

    def __init__(self, settings, path: Path, ask: bool):
        self.settings, self.path, self.ask = settings, path, ask
        self.cache: AnswerCache | None = None
        self.budget = Budget(settings.max_requests, settings.max_tokens)

    def load(self, diags) -> AnswerCache:
        if self.cache is None:
            if self.settings.strict:
                diags.overrides.update({c.code: "error" for c in STRICT_CODES})
            try:
                self.cache = AnswerCache.load(self.path)
            except CacheError as e:
                diags.report(LM004, f"{e}; compiling without cached answers", str(self.path))
                self.cache = AnswerCache(self.path)
                self.cache.writable = False
        return self.cache

    def finish(self, cache: AnswerCache, diags) -> None:
        try:
            cache.save()
        except OSError as e:
            diags.report(LM007, f"cannot write: {e.strerror or e}", str(self.path))
        self.settings.answers = cache.answers()

    def annotate_step(self, state, ctx) -> None:
        cache = self.load(ctx.diags)
        if self.ask:
            start = time.perf_counter()
            requests = requests_for(state.snapshot.tables, state.model, self.settings.model)
            stats = annotate(requests, cache, self.settings, ctx.diags, self.budget)
            if stats.asked:
                ctx.timings["llm:requests"] = time.perf_counter() - start
        self.finish(cache, ctx.diags)

    def joins_step(self, state, ctx) -> None:
        cache = self.load(ctx.diags)
        if self.ask and state.model.suggested_relationships:
            start = time.perf_counter()
            pairs = join_requests(state.snapshot, state.model.suggested_relationships, self.settings.model, value_policy(ctx.config))
            stats = annotate([r for _rel, r in pairs], cache, self.settings, ctx.diags, self.budget,
                             unit="joins", left="not judged")
            if stats.asked:
                ctx.timings["llm:join-requests"] = time.perf_counter() - start
        self.finish(cache, ctx.diags)


def llm_steps(config, ask: bool) -> dict[str, Step]:
    """The steps to run before the LLM passes, by pass name; none when there is nothing to do:
    not asked, and no cache file to read (then the passes are no-ops and cost nothing)."""
    settings = getattr(config, "llm", None)
    if settings is None:
        return {}
    path = cache_path(config)
    if not ask and not path.exists():
        return {}
    run = _Run(settings, path, ask)
    steps: dict[str, Step] = {PASS: run.annotate_step}
    if settings.adjudicate_joins:
        steps[JOINS_PASS] = run.joins_step
    return steps

