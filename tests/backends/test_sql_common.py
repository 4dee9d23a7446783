"""Quoted identifiers read back the way each dialect quoted them."""

from __future__ import annotations

import pytest

from backends.sql_common import quote, split_quoted


@pytest.mark.parametrize("dialect", ["mysql", "duckdb", "postgres", "tsql", "bigquery", "sqlite"])
@pytest.mark.parametrize("name", ["\\", "a\\b", "x`y", 'q"r', "[s]", "plain", "a.b"])
def test_a_quoted_name_reads_back_as_written(dialect, name):
    """A column named by a backslash, written `\\` for MySQL (whose backticks hold a backslash as
    it is), had read back as no column at all."""
    assert split_quoted(f"{quote('t', dialect)}.{quote(name, dialect)}", dialect) == ["t", name]
