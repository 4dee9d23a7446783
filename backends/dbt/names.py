"""dbt and MetricFlow naming rules.

MetricFlow names match ``[a-z][a-z0-9_]*[a-z0-9]`` without ``__`` (a dunder separates entity and
dimension in queries), may not be a time granularity or a MetricFlow keyword, and may not be an SQL
keyword. Staged column names follow the same rules so a dimension can be named like its column.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from sqlglot.dialects.dialect import Dialect

from compiler.naming import fit_identifier, free_identifier, snake

VALID = re.compile(r"\A[a-z](?:(?!__)[a-z0-9_])*[a-z0-9]\Z")
GRANULARITIES = frozenset(
    {"nanosecond", "microsecond", "millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"}
)
METRICFLOW_WORDS = frozenset({"metric_time", "mf_internal_uuid"})
# Warehouses sqlglot knows the reserved words of; a word reserved in most of them is refused
# everywhere, as MetricFlow does, so a project keeps working when it moves warehouse.
_WAREHOUSES = ("bigquery", "redshift", "duckdb", "mysql")


@lru_cache(maxsize=None)
def reserved(dialect: str) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for d in _WAREHOUSES:
        counts.update({k.lower() for k in getattr(Dialect.get_or_raise(d).generator_class, "RESERVED_KEYWORDS", ())})
    common = {k for k, n in counts.items() if n >= 3}
    try:
        own = {k.lower() for k in getattr(Dialect.get_or_raise(dialect or None).generator_class, "RESERVED_KEYWORDS", ())}
    except Exception:  # unknown dialect
        own = set()
    return frozenset(common | own)


def is_valid(name: str, dialect: str = "") -> bool:
    return bool(VALID.match(name)) and name not in GRANULARITIES and name not in METRICFLOW_WORDS and name not in reserved(dialect)


def dbt_name(name: str, suffix: str, dialect: str = "", room: int = 0) -> str:
    """A valid dbt/MetricFlow name close to `name`; `suffix` is appended when the name is a
    reserved word or too short. MetricFlow aliases the columns of its SQL by these names (a
    measure's, a metric's; a dimension's after its entity's), so a name is cut to the warehouse's
    identifier limit less `room` (compiler.naming.fit_identifier)."""
    out = snake(name, suffix) if not VALID.match(name) else name
    out = re.sub(r"_{2,}", "_", out).strip("_") or suffix
    if not out[0].isalpha():
        out = f"{suffix}_{out}"
    if not is_valid(out, dialect):
        out = f"{out}_{suffix}"
    return fit_identifier(out, dialect, room)


def claim_free(dialect: str, scopes: tuple, wanted: str, suffix: str, room: int = 0) -> str:
    """A valid name taken in none of `scopes` (sets, read not copied: a copy per claim made
    naming quadratic in the size of the model)."""
    return free_identifier(dbt_name(wanted, suffix, dialect, room), lambda name: any(name in scope for scope in scopes),
                           dialect, room)


class Names:
    """Unique valid names in one scope, in call order (so output is deterministic)."""

    def __init__(self, dialect: str = "", taken: set[str] | None = None) -> None:
        self.dialect = dialect
        self.taken: set[str] = set(taken or ())

    def claim(self, wanted: str, suffix: str, room: int = 0) -> str:
        name = free_identifier(dbt_name(wanted, suffix, self.dialect, room), self.taken.__contains__, self.dialect, room)
        self.taken.add(name)
        return name
