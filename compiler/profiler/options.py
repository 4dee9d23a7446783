"""What the profiler is asked to do: sampling, parallelism, limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ir.catalog import Column, ColumnProfile, Table

# A percent policy only applies to tables at least this big: sampling a small table saves
# nothing and makes its statistics (and key decisions) worse.
SAMPLE_MIN_ROWS = 100_000

_SAMPLE = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>%|pct|percent|rows?)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SampleSpec:
    """`--sample 5` or `5%` (percent of a big table) or `100000rows` (at most that many rows)."""

    percent: float | None = None
    rows: int | None = None

    @classmethod
    def parse(cls, text: str) -> "SampleSpec":
        m = _SAMPLE.match(text or "")
        if not m:
            raise ValueError(f"--sample takes a percent (5, 5%) or a row count (100000rows), not {text!r}")
        n, unit = float(m.group("n")), (m.group("unit") or "%").lower()
        if unit.startswith("row"):
            if n < 1 or n != int(n):
                raise ValueError(f"--sample row count must be a positive integer, not {text!r}")
            return cls(rows=int(n))
        if not 0 < n <= 100:
            raise ValueError(f"--sample percent must be in (0, 100], not {text!r}")
        return cls(percent=n)

    def applies_to(self, row_count: int | None) -> bool:
        if self.rows is not None:
            return row_count is None or row_count > self.rows
        if self.percent is None or self.percent >= 100:
            return False
        return row_count is None or row_count >= SAMPLE_MIN_ROWS


_MEMORY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


def parse_memory_limit(text: str) -> str:
    """`--memory-limit 1GB` -> '1GB': a number and a unit DuckDB reads (B, KB, MB, GB, TB, KiB...)."""
    m = _MEMORY.match(text or "")
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"--memory-limit takes a size such as 512MB or 2GB, not {text!r}")
    return f"{m.group(1)}{m.group(2).upper().replace('I', 'i')}"


SensitivityHook = Callable[[Column, ColumnProfile], bool]


@dataclass
class ProfileOptions:
    enabled: bool = True
    sample: SampleSpec | None = None
    workers: int = 2
    query_timeout: float | None = 300.0  # seconds per query; None for no limit
    memory_limit: str | None = None  # DuckDB's memory_limit while profiling ("1GB"); None: DuckDB's default
    sql_log: str | None = None  # a file to write every profiling statement to, with its time (compiler/profiler/sql_log.py)
    top_n: int = 10
    # Exact COUNT(DISTINCT) up to this many rows; approximate beyond (where the dialect has it),
    # except for key candidates, whose uniqueness decides keys and joins.
    exact_distinct_rows: int = 200_000
    # Pattern classes (regexes, the costliest statistic) are counted over at most this many rows.
    pattern_rows: int = 100_000
    # Top values are only worth a GROUP BY when values repeat and are not too many.
    top_values_max_distinct: int = 100_000
    evidence: bool = True
    max_targets_per_column: int = 10  # containment checks per referencing column
    max_checks: int = 20_000  # containment checks per snapshot
    checks_per_query: int = 16
    progress: bool = False  # a progress bar on stderr when it is a terminal
    # Classification rules deciding which columns keep no values (None: the default rules); the
    # CLI passes the user's rules from mb.yaml too, so the snapshot and the passes agree.
    rules: tuple | None = None
    is_sensitive: SensitivityHook | None = None  # a caller's own decision, replacing the rules
    # Check only this table's joins (its key, as Table.key gives it), and report only its problems; None: all.
    only: str | None = None


def tables_read_whole(snapshot, options: ProfileOptions, max_rows: int, min_rows: int = 2) -> Iterator[Table]:
    """The tables a row-by-row check reads: the one asked for (`--only`), profiled whole (a sample
    proves nothing of every row), of min_rows..max_rows rows."""
    for t in snapshot.tables:
        if options.only is not None and t.key != options.only:
            continue
        if t.profile is None or t.profile.sample is not None or not t.row_count or not min_rows <= t.row_count <= max_rows:
            continue
        yield t
