"""The cheap tests PostgreSQL runs before each pattern's regex never turn away a value the regex
matches: run on the real server, over values of every class and near misses."""

from __future__ import annotations

from sqlglot import exp

from compiler.profiler.patterns import PATTERNS, _regex, predicate

VALUES = [
    "ana@example.com", "first.last+tag@mail.example.org", "not an email@x", "@x.org",
    "https://example.com/a?b=1", "http://x.y", "ftp://files.example.org/f.txt", "https//nope",
    "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000",
    "+1 (555) 123-4567", "(555) 123-4567", "555.123.4567", "0049 30 1234567", "12-34",
    "2024-01-31", "2024-01-31T12:30:00Z", "2024-01-31 12:30", "31/01/2024", "1/31/2024 9:05", "2024/01/31 12:30:00", "2024.01.31",
    "931107 00:00:00", "20240131 12:30", "931107 0:00", "93110 00:00:00",
    "42", "-3.25", "+7", "1.2.3", "007", "x1", "", " ", "ünïcödé",
    "$1,250.00", "-$12.50", "$ 85", "£30", "-£1,000.5", "€12.50", "€ 1.234,56", "1.234,56 €", "-12,50€", "$0.125", "€1.234,56x",
]


def test_guards_keep_every_regex_match(postgres_engine):
    rows = " UNION ALL ".join(f"SELECT {exp.Literal.string(v).sql('postgres')} AS v" for v in VALUES)
    checks = []
    for pattern in PATTERNS:
        guarded = predicate(pattern, exp.column("v"), "postgres").sql("postgres")
        plain = _regex(exp.column("v"), pattern.regex, "postgres").sql("postgres")
        assert guarded != plain, pattern.name  # every class has a guard on PostgreSQL
        checks.append(f"SUM(CASE WHEN {plain} THEN 1 ELSE 0 END), SUM(CASE WHEN {guarded} THEN 1 ELSE 0 END)")
    with postgres_engine.connect() as conn:
        counts = conn.exec_driver_sql(f"SELECT {', '.join(checks)} FROM ({rows}) AS t".replace("%", "%%")).one()
    for i, pattern in enumerate(PATTERNS):
        plain, guarded = counts[2 * i], counts[2 * i + 1]
        assert plain > 0 and guarded == plain, (pattern.name, plain, guarded)
