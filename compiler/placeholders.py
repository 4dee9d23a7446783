"""A reference's stand-in for "none": 0 or -1 where the keys it refers to are numbered from 1.

Many schemas write 0 rather than NULL for a missing reference (a root category's parent, the
head of a company's supervisor, an order with no promotion). The value is no row of the key;
a join keeps it as an unmatched row, so it neither proves nor refutes the reference."""

from __future__ import annotations

PLACEHOLDERS = (0, -1)


def is_none_placeholder(ref_min, key_min) -> bool:
    """Whether a reference's smallest value is a placeholder below a key numbered from 1."""
    return (isinstance(ref_min, int) and not isinstance(ref_min, bool) and ref_min in PLACEHOLDERS
            and isinstance(key_min, int) and not isinstance(key_min, bool) and key_min >= 1)
