"""Garbage-collector settings for compiling big schemas.

A compile builds hundreds of thousands of long-lived objects; at the default thresholds the
cyclic collector rescans all of them again and again (a third of a 1,000-table compile). Young
objects are collected in larger batches and old ones rarely; peak memory is unchanged.
"""

from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager
from typing import Iterator

THRESHOLDS = (100_000, 50, 10)


def relax() -> None:
    """For the CLI, which owns its process."""
    global _freeze_at_exit
    gc.set_threshold(*THRESHOLDS)
    if not _freeze_at_exit:
        # The interpreter's last collection at exit scans every object still alive only for the
        # OS to take the memory back: a tenth of a second after a snapshot of 100 tables.
        atexit.register(gc.freeze)
        _freeze_at_exit = True


_freeze_at_exit = False


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


def settle() -> None:
    """Inside `settled()`: what is alive now (a target's plan and files, the files' parsed data)
    is moved out of the collector's sight too, until the block ends. What a step builds and
    keeps for the next ones (the two checks read the emitted files, parsed once) would otherwise
    be rescanned by every collection the next step triggers."""
    gc.freeze()


@contextmanager
def settled() -> Iterator[None]:
    """Objects alive on entry (the analysed model, earlier targets' files) moved out of the collector's sight while inside,
    so a collection scans only what was made since, not the whole model again and again; moved
    back on exit, where the collector can free whatever of them became garbage."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
