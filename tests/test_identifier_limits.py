"""compiler.naming.fit_identifier: a generated name within the dialect's identifier limit,
the same every run, apart from another cut at the same stem, and unchanged when short."""

from __future__ import annotations

from backends.dbt.names import Names
from compiler.naming import fit_identifier

A = "owid_covid_data_tbl_average_new_people_vaccinated_smoothed_per_hundred"
B = "owid_covid_data_tbl_average_new_people_vaccinated_smoothed_per_million"


def test_long_names_fit_and_stay_apart():
    assert A[:63] == B[:63]
    a, b = fit_identifier(A, "postgres"), fit_identifier(B, "postgres")
    assert len(a) <= 63 and len(b) <= 63 and a != b
    assert a == fit_identifier(A, "postgres")  # deterministic
    assert len(fit_identifier(A, "mysql")) <= 64
    assert fit_identifier(A, "duckdb") == A and fit_identifier(A, "sqlite") == A  # no limit that matters
    assert fit_identifier("order_total", "postgres") == "order_total"


def test_limit_in_bytes_for_postgres():
    name = "é" * 40  # 80 bytes in UTF-8, 40 characters
    assert len(fit_identifier(name, "postgres").encode()) <= 63
    assert fit_identifier(name, "mysql") == name  # MySQL counts characters


def test_dbt_names_numbered_within_the_limit():
    names = Names("postgres")
    first, second = names.claim(A, "metric"), names.claim(A, "metric")
    assert first != second and len(first) <= 63 and len(second) <= 63
    assert "__" not in first and first[-1].isalnum()
