"""Garbage-collector settings for compiling big schemas.

A compile builds hundreds of thousands of long-lived objects; at the default thresholds the
cyclic collector rescans all of them again and again (a third of a 1,000-table compile). Young
objects are collected in larger batches and old ones rarely; peak memory is unchanged.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

THRESHOLDS = (100_000, 50, 10)


def relax() -> None:
    """For the CLI, which owns its process."""
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def relaxed() -> Iterator[None]:
    """For library calls: relax while compiling, then give the caller its own settings back."""
    old = gc.get_threshold()
    if old[0] >= THRESHOLDS[0]:
        yield
        return
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside: for one target's emit and checks, which build and drop trees
    (plans, files, the parsed files read back) that reference counting frees on its own, while
    every collection would rescan the whole model and every target's files kept so far (a third
    of the checks' time at 3,000 tables, and growing with the model). Collection resumes after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
