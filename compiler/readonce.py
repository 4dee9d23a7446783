"""Parse once what several checks read: a target's structural check and its round trip both read
back every file the target emitted, and only read what they parse. Inside `shared_reads()`,
`parsed_once(text, parse)` hands every caller the same result for the same text object."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator

# Per thread: `mb serve` compiles in worker threads, each its own model and files.
_local = threading.local()


def parsed_once(text: str, parse: Callable[[str], Any]) -> Any:
    """`parse(text)`; inside `shared_reads()`, computed once per text object and parser."""
    shared: dict[tuple[int, Callable], tuple[str, Any]] | None = getattr(_local, "shared", None)
    if shared is None:
        return parse(text)
    key = (id(text), parse)
    hit = shared.get(key)
    if hit is not None and hit[0] is text:
        return hit[1]
    data = parse(text)  # an error is raised again on the next call: nothing is kept
    shared[key] = (text, data)  # the text is kept too, so its id cannot be reused meanwhile
    return data


@contextmanager
def shared_reads() -> Iterator[None]:
    """While inside, a text object is parsed once by each parser that goes through `parsed_once`.
    The parsed data goes when the block ends."""
    outer = getattr(_local, "shared", None)
    _local.shared = {} if outer is None else outer
    try:
        yield
    finally:
        _local.shared = outer


def sharing() -> bool:
    """Whether this thread is inside `shared_reads()` (reading back what it just wrote)."""
    return getattr(_local, "shared", None) is not None
