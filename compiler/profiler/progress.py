"""A progress bar on stderr, only when a person is watching (stderr is a terminal)."""

from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

import click


@contextlib.contextmanager
def progress(label: str, total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; a no-op unless enabled and stderr is a TTY."""
    if not enabled or total <= 1 or not sys.stderr.isatty():
        yield lambda n=1: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update
