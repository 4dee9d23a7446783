"""The driver's step before the annotate_with_llm pass: load the cache, ask for what it lacks
(only when asked to), save it, and hand the answers to the pass through the config."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from compiler.diagnostics import LM001, LM002, LM003, LM004, LM006, LM007
from compiler.llm.annotate import annotate
from compiler.llm.cache import AnswerCache, CacheError
from compiler.llm.prompts import requests_for

PASS = "annotate_with_llm"
# A table left without an answer: warnings normally, errors under --strict-llm.
STRICT_CODES = (LM001, LM002, LM003, LM006)


def cache_path(config) -> Path:
    value = config.llm.cache
    return Path(config.relative(value) or value)


def llm_step(config, ask: bool) -> Callable | None:
    """The step to run before annotate_with_llm, or None when there is nothing to do: not
    asked, and no cache file to read (then the pass is a no-op and compiling costs nothing)."""
    settings = getattr(config, "llm", None)
    if settings is None:
        return None
    path = cache_path(config)
    if not ask and not path.exists():
        return None

    def step(state, ctx) -> None:
        diags = ctx.diags
        if settings.strict:
            diags.overrides.update({c.code: "error" for c in STRICT_CODES})
        try:
            cache = AnswerCache.load(path)
        except CacheError as e:
            diags.report(LM004, f"{e}; compiling without cached answers", str(path))
            cache = AnswerCache(path)
            cache.writable = False
        if ask:
            start = time.perf_counter()
            requests = requests_for(state.snapshot.tables, state.model, settings.model)
            stats = annotate(requests, cache, settings, diags)
            if stats.asked:
                ctx.timings["llm:requests"] = time.perf_counter() - start
            try:
                cache.save()
            except OSError as e:
                diags.report(LM007, f"cannot write: {e.strerror or e}", str(path))
        settings.answers = cache.answers()

    return step
