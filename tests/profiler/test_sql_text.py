"""Generated SQL for dialects not run here (BigQuery, Snowflake, Spark SQL, T-SQL) and for the
ones that are: it parses back in its own dialect as one statement, names only the (hostile)
identifiers it was given, and uses the dialect's own functions and sampling clause."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from compiler.profiler import queries as q
from compiler.profiler.options import SampleSpec
from compiler.profiler.sampling import plan_sample, spark_seed

from .helpers import HOSTILE_COLUMNS, HOSTILE_TABLE

ALL = ["duckdb", "sqlite", "postgres", "mysql", "bigquery", "snowflake", "spark", "tsql"]
SCHEMA = "my schema"
PLANS = [
    q.ColumnPlan(0, HOSTILE_COLUMNS[0], "integer", minmax=True, moments=True),
    q.ColumnPlan(1, HOSTILE_COLUMNS[1], "string", distinct="approx", minmax=True, text=True, patterns=True),
    q.ColumnPlan(2, HOSTILE_COLUMNS[2], "decimal", minmax=True, moments=True),
    q.ColumnPlan(3, HOSTILE_COLUMNS[3], "string", text=True),
]


def _table():
    return q.table_expr(HOSTILE_TABLE, SCHEMA)


def _parse(sql: str, dialect: str) -> exp.Expression:
    statements = sqlglot.parse(sql, read=dialect)
    assert len(statements) == 1, "a hostile name must never end the statement"
    return statements[0]


def _names(tree: exp.Expression) -> tuple[set[str], set[str]]:
    tables = {t.name for t in tree.find_all(exp.Table)}
    columns = {c.name for c in tree.find_all(exp.Column)}
    return tables, columns


@pytest.mark.parametrize("dialect", ALL)
def test_aggregate_query_quotes_every_identifier(dialect):
    sql, layout = q.aggregate_query(_table(), PLANS, dialect, None)
    tables, columns = _names(_parse(sql, dialect))
    assert tables == {HOSTILE_TABLE}
    # Spark's form reads its exact distinct counts in subqueries and selects them by alias.
    assert columns - {f"s{i}" for i in range(len(layout.slots))} == set(HOSTILE_COLUMNS)
    assert len(layout.slots) == len(_parse(sql, dialect).expressions)


@pytest.mark.parametrize("dialect", ALL)
def test_top_values_and_containment_queries_parse_back(dialect):
    for groups in (False, True):  # with groups, a window counts them outside the grouping select
        top = q.top_values_query(_table(), PLANS, dialect, None, 10, groups)
        tables, columns = _names(_parse(top, dialect))
        assert tables == {HOSTILE_TABLE} and set(HOSTILE_COLUMNS) <= columns
    checks = [q.Check(0, _table(), [HOSTILE_COLUMNS[0]], q.table_expr("order", None), ["key col"]),
              q.Check(1, _table(), HOSTILE_COLUMNS[:2], q.table_expr("order", None), ["key col", "dé"])]
    tree = _parse(q.containment_query(checks, dialect), dialect)
    tables, columns = _names(tree)
    assert tables == {HOSTILE_TABLE, "order"}
    assert {"key col", "dé", HOSTILE_COLUMNS[0], HOSTILE_COLUMNS[1]} <= columns


@pytest.mark.parametrize("dialect", ALL)
def test_patterns_query_reads_only_the_first_rows(dialect):
    sql, _ = q.patterns_query(_table(), [PLANS[1]], dialect, 100_000)
    _parse(sql, dialect)
    assert ("TOP 100000" if dialect == "tsql" else "LIMIT 100000") in sql


@pytest.mark.parametrize("dialect, fragments", [
    ("bigquery", ["APPROX_COUNT_DISTINCT(`we\"ird col`)", "REGEXP_CONTAINS(", "STDDEV_SAMP(CAST(", "AS FLOAT64",
                  "`my schema`.`Robert'); DROP TABLE x;--`", "`100% \\`tick\\` [br]`"]),
    ("snowflake", ["APPROX_COUNT_DISTINCT(\"we\"\"ird col\")", "REGEXP_LIKE(", "STDDEV_SAMP(", "\"my schema\".\"Robert'); DROP TABLE x;--\""]),
    ("spark", ["APPROX_COUNT_DISTINCT(`we\"ird col`)", " RLIKE '^", "`100% ``tick`` [br]`"]),
    ("tsql", ["APPROX_COUNT_DISTINCT([we\"ird col])", "STDEV(CAST(", "LEN(", " LIKE '", "[100% `tick` [br]]]",
              "[my schema].[Robert'); DROP TABLE x;--]"]),
    ("mysql", ["REGEXP_INSTR(", "CHAR_LENGTH(", "COUNT(DISTINCT CAST(`we\"ird col` AS BINARY))"]),
    ("postgres", ["COUNT(DISTINCT \"we\"\"ird col\")", " ~ '^", "CAST(\"we\"\"ird col\" AS TEXT)"]),
    ("sqlite", [" GLOB '", "AVG(CAST(\"select\" AS REAL) * CAST(\"select\" AS REAL))"]),
    ("duckdb", ["APPROX_COUNT_DISTINCT(\"we\"\"ird col\")", "REGEXP_FULL_MATCH("]),
])
def test_dialect_functions(dialect, fragments):
    sql, _ = q.aggregate_query(_table(), PLANS, dialect, None)
    for fragment in fragments:
        assert fragment in sql, (fragment, sql)


def test_tsql_regex_free_and_top():
    sql, _ = q.aggregate_query(_table(), PLANS, "tsql", None)
    assert "REGEXP" not in sql.upper()
    top = q.top_values_query(_table(), PLANS, "tsql", None, 10)
    assert "SELECT TOP 10" in top and "LIMIT" not in top and "VARCHAR(MAX)" in top


@pytest.mark.parametrize("dialect, spec, expected", [
    ("duckdb", "10%", "TABLESAMPLE SYSTEM (10 PERCENT) REPEATABLE (42)"),
    ("postgres", "10%", "TABLESAMPLE SYSTEM (10) REPEATABLE (42)"),
    ("postgres", "50000rows", "TABLESAMPLE SYSTEM (5) REPEATABLE (42)"),  # no row count in PG: a percent
    ("tsql", "10%", "TABLESAMPLE SYSTEM (10 PERCENT) REPEATABLE (42)"),
    ("tsql", "50000rows", "TABLESAMPLE (50000 ROWS) REPEATABLE (42)"),
    ("snowflake", "10%", "TABLESAMPLE SYSTEM (10) SEED (42)"),
    ("snowflake", "50000rows", "TABLESAMPLE (50000 ROWS)"),
    ("bigquery", "10%", "TABLESAMPLE SYSTEM (10 PERCENT)"),
    ("spark", "10%", "TABLESAMPLE (10 PERCENT) REPEATABLE (42)"),  # Spark's spelling of the seed
    ("spark", "50000rows", "TABLESAMPLE (50000 ROWS) REPEATABLE (42)"),
    ("mysql", "10%", "LIMIT 100000"),
    ("sqlite", "50000rows", "LIMIT 50000"),
])
def test_sample_clause_per_dialect(dialect, spec, expected):
    sampling = plan_sample(SampleSpec.parse(spec), 1_000_000, dialect)
    assert sampling.policy.method == expected
    sql, _ = q.aggregate_query(_table(), PLANS, dialect, sampling)
    assert expected in (spark_seed(sql) if dialect == "spark" else sql)  # the Spark runner sends spark_seed(sql)
    tables, _ = _names(_parse(sql, dialect))
    assert tables == {HOSTILE_TABLE}


def test_small_tables_are_not_sampled():
    assert plan_sample(SampleSpec.parse("10%"), 5_000, "duckdb") is None
    assert plan_sample(SampleSpec.parse("1000rows"), 900, "duckdb") is None
    assert plan_sample(None, 10**9, "duckdb") is None


def test_mysql_text_containment_joins_the_keys_bytes_as_a_table():
    """Bytes compare alike on every collation; cast inside the join condition they made MariaDB
    compare each value with each key row (88 s on 100k values against 20k keys). The key's bytes
    come as a derived table, which MariaDB gives a key of its own."""
    checks = [q.Check(0, _table(), [HOSTILE_COLUMNS[1]], q.table_expr("people", None), ["player id"], data_type="string")]
    tree = _parse(q.containment_query(checks, "mysql"), "mysql")
    join = tree.find(exp.Join)
    assert isinstance(join.this, exp.Subquery) and join.this.find(exp.Cast) is not None
    assert join.args["on"].find(exp.Cast) is None
