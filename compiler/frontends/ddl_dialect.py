"""Which SQL dialect a DDL script is written in.

An explicit --dialect is normalised (the names people actually type, such as `mssql` or
`postgresql`, map to sqlglot's) and checked against sqlglot's registry, so a typo is an input
error rather than a silent postgres parse. Without --dialect the dialect is guessed from telltale
text - GO lines, backticks with ENGINE=, COPY FROM stdin, VARCHAR2 ... - and falls back to
postgres, whose syntax is the closest to the standard.
"""

from __future__ import annotations

import re

from sqlglot.dialects.dialect import Dialect

from compiler.diagnostics import FE008, InputError

DEFAULT_DIALECT = "postgres"
_ALIASES = {"postgresql": "postgres", "pg": "postgres", "psql": "postgres", "mssql": "tsql", "sqlserver": "tsql",
            "mariadb": "mysql", "sqlite3": "sqlite", "bq": "bigquery", "plsql": "oracle"}

_HINTS: dict[str, list[str]] = {
    "tsql": [r"(?im)^\s*GO\s*$", r"\[dbo\]", r"(?i)\bIDENTITY\s*\(", r"(?i)\bNVARCHAR\b", r"(?i)SET ANSI_NULLS"],
    "mysql": [r"(?i)\bENGINE\s*=", r"/\*!\d", r"(?i)\bAUTO_INCREMENT\b", r"(?im)^DELIMITER\s", r"(?i)^LOCK TABLES"],
    "postgres": [r"(?i)\bFROM\s+stdin;", r"\bpg_catalog\b", r"(?m)^\\connect", r"(?i)\bOWNER TO\b", r"(?i)ALTER TABLE ONLY"],
    "oracle": [r"(?i)\bVARCHAR2\b", r"(?im)^\s*/\s*$", r"(?i)\bNUMBER\s*\(", r"(?i)\bSYSDATE\b"],
    "sqlite": [r"(?i)\bAUTOINCREMENT\b", r"(?i)\bPRAGMA\b", r"(?i)WITHOUT ROWID", r"sqlite_sequence"],
    "bigquery": [r"`[\w-]+\.\w+\.\w+`", r"(?i)\bINT64\b", r"(?i)\bSTRUCT<", r"(?i)\bARRAY<"],
    "snowflake": [r"(?i)\bVARIANT\b", r"(?i)\bTIMESTAMP_NTZ\b", r"(?i)\bTRANSIENT\b", r"(?i)USE WAREHOUSE"],
    "duckdb": [r"(?i)\bHUGEINT\b", r"(?i)\bUBIGINT\b", r"(?i)CREATE MACRO", r"(?i)\bSTRUCT\("],
}


def resolve_dialect(name: str | None, text: str) -> str:
    """sqlglot's name for the dialect the user gave, or the guess for `text` when none was given."""
    if not name:
        return guess_dialect(text)
    canonical = _ALIASES.get(name.lower(), name.lower())
    try:
        Dialect.get_or_raise(canonical)
    except ValueError:
        raise InputError(FE008, f"unknown SQL dialect {name!r} (try postgres, mysql, tsql, oracle, sqlite, duckdb, bigquery, snowflake)") from None
    return canonical


def guess_dialect(text: str) -> str:
    # The head of a dump is where its tool leaves its marks; scanning all of a huge file buys nothing.
    sample = text[:500_000]
    scores = {d: sum(1 for h in hints if re.search(h, sample)) for d, hints in _HINTS.items()}
    best = max(scores, key=lambda d: scores[d])
    return best if scores[best] else DEFAULT_DIALECT
