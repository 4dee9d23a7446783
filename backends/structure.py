"""What the structural checks of every backend share: a problem is (file, message), and names
that must be unique in one namespace are found with `duplicates`.

A structural check is fast and in-process: it finds output its target's own tool would reject
(duplicate names in one namespace, references to nothing, schema violations) without running
that tool. `mb compile` runs it before writing, `mb validate` on files on disk.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, NamedTuple


class Problem(NamedTuple):
    path: str
    message: str


def duplicates(names: Iterable[str]) -> list[str]:
    """The names that occur more than once, sorted."""
    counts = Counter(names)
    return sorted(n for n, c in counts.items() if c > 1)
