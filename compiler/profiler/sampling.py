"""The `--sample` policy as each dialect spells it: TABLESAMPLE where there is one, else LIMIT.

The LIMIT fallback (SQLite, MySQL/MariaDB) reads the first rows in storage order: no
`ORDER BY random()`, which would sort the whole table and defeat the point of sampling.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlglot import exp

from compiler.profiler.options import SampleSpec
from ir.catalog import SamplePolicy

# Dialects with TABLESAMPLE: whether it takes a row count, and whether a seed can be given
# (a seed keeps two snapshots of an unchanged table identical).
_TABLESAMPLE = {
    "duckdb": {"rows": True, "seed": True, "method": "SYSTEM"},
    "postgres": {"rows": False, "seed": True, "method": "SYSTEM"},
    "tsql": {"rows": True, "seed": True, "method": "SYSTEM"},
    "snowflake": {"rows": True, "seed": True, "method": "SYSTEM"},
    "bigquery": {"rows": False, "seed": False, "method": "SYSTEM"},
    "spark": {"rows": True, "seed": True, "method": None},
    "databricks": {"rows": True, "seed": True, "method": None},
}
SEED = 42


@dataclass
class Sampling:
    policy: SamplePolicy
    clause: exp.TableSample | None = None
    limit: int | None = None

    def apply(self, table: exp.Table, dialect: str) -> exp.Expression:
        """The FROM item reading `table` through this sample."""
        if self.clause is not None:
            sampled = table.copy()
            sampled.set("sample", self.clause.copy())
            return sampled
        return exp.select("*").from_(table.copy()).limit(self.limit).subquery("mb_sample")


def plan_sample(spec: SampleSpec | None, row_count: int | None, dialect: str) -> Sampling | None:
    """How to sample a table of `row_count` rows under `spec`; None to read it whole."""
    if spec is None or not spec.applies_to(row_count):
        return None
    caps = _TABLESAMPLE.get(dialect)
    percent, rows = spec.percent, spec.rows
    if caps is not None and rows is not None and not caps["rows"]:
        if not row_count:
            caps = None  # cannot turn rows into a percent: fall back to LIMIT
        else:
            percent, rows = min(100.0, round(100.0 * rows / row_count, 4)), None
    if caps is None:
        if rows is None and not row_count:
            return None  # a percent of an unknown size: read it whole rather than guess
        limit = rows if rows is not None else max(1, math.ceil((row_count or 0) * (percent or 100) / 100))
        return Sampling(SamplePolicy(method=f"LIMIT {limit}", percent=percent, rows=limit), limit=limit)
    args: dict = {}
    if rows is not None:  # a row count: each dialect's default (reservoir/row) sampling
        args["size"] = exp.Literal.number(rows)
    else:  # a percent: block sampling, which skips the unread blocks instead of scanning them
        if caps["method"]:
            args["method"] = exp.var(caps["method"])
        args["percent"] = exp.Literal.number(_number(percent))
    if caps["seed"] and not (rows is not None and dialect == "snowflake"):  # Snowflake: no seed on fixed-size samples
        args["seed"] = exp.Literal.number(SEED)
    clause = exp.TableSample(**args)
    text = spark_seed(clause.sql(dialect=dialect).strip()) if dialect in ("spark", "databricks") else clause.sql(dialect=dialect).strip()
    return Sampling(SamplePolicy(method=text, percent=percent, rows=rows), clause=clause)


_SEED = re.compile(r"(TABLESAMPLE\s*\([^()]*\))\s*SEED\s*\((\d+)\)", re.IGNORECASE)


def spark_seed(sql: str) -> str:
    """Spark SQL spells a sample's seed REPEATABLE (n); sqlglot writes SEED (n), which Spark
    rejects. Without a seed two snapshots of an unchanged table would differ."""
    return _SEED.sub(r"\1 REPEATABLE (\2)", sql)


def _number(x: float | None) -> str:
    return f"{x:g}"
