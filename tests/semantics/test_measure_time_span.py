"""measure_time_span: the days the time axes hold, for the time spine to cover."""

from __future__ import annotations

from backends.dbt.render import spine_range
from passes import measure_time_span
from tests.semantics.build import col, prepare, run, table


def span(tables):
    state, ctx = prepare(tables, "measure_time_span")
    return run(measure_time_span, state, ctx).time_span


def test_the_span_runs_from_the_first_to_the_last_day_of_any_own_time_axis():
    found = span([
        table("employees", [col("emp_no", distinct_count=300), col("hire_date", "DATE", min="1985-01-03", max="2000-01-28",
                                                                     distinct_count=290)], pk=["emp_no"], rows=300),
        table("salaries", [col("emp_no", distinct_count=300), col("salary", "INTEGER", min=40000, max=150000, distinct_count=2000),
                           col("from_date", "DATE", min="1985-02-01", max="2002-08-01", distinct_count=2900),
                           col("to_date", "DATE", min="1986-02-01", max="9999-01-01", distinct_count=2000)],
              pk=["emp_no", "from_date"], rows=3000, fks=[(["emp_no"], "employees", ["emp_no"])]),
    ])
    assert found is not None and (found.first, found.last) == ("1985-01-03", "2002-08-01")


def test_no_profile_no_span():
    assert span([table("orders", [col("id"), col("ordered_at", "DATE")], pk=["id"])]) is None


def test_the_spine_widens_to_whole_years_around_the_span_and_keeps_what_is_configured():
    from ir.semantic import TimeSpan

    assert spine_range({}, None) == ("1990-01-01", "2040-01-01")
    assert spine_range({}, TimeSpan(first="1985-01-03", last="2002-08-01")) == ("1985-01-01", "2040-01-01")
    assert spine_range({}, TimeSpan(first="2020-05-01", last="2051-03-09")) == ("1990-01-01", "2052-01-01")
    assert spine_range({"time_spine_start": "2000-01-01"}, TimeSpan(first="1985-01-03", last="2002-08-01"))[0] == "2000-01-01"
