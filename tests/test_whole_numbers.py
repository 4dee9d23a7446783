"""compiler.whole_numbers and the year test built on it (compiler.calendar.is_year_column)."""

from __future__ import annotations

from compiler.calendar import is_year_column
from compiler.whole_numbers import whole_bounds
from ir.catalog import Column, ColumnProfile


def _col(name, lo, hi, length=None, distinct=20):
    return Column(name=name, type="TEXT", profile=ColumnProfile(min=lo, max=hi, min_length=length, max_length=length,
                                                                 distinct_count=distinct, null_count=0))


def test_bounds_of_numbers_and_of_text_of_digits_of_one_length():
    assert whole_bounds(_col("n", 3, 9).profile) == (3.0, 9.0)
    assert whole_bounds(_col("n", "2010", "2023", 4).profile) == (2010.0, 2023.0)
    assert whole_bounds(_col("n", "99", "100").profile) == (None, None)  # text of two lengths orders as text
    assert whole_bounds(_col("n", "a1", "b2", 2).profile) == (None, None)


def test_a_year_is_a_year_kept_as_a_number_or_as_text_of_digits():
    assert is_year_column(_col("year", 1990, 2020), "integer")
    assert is_year_column(_col("year", "1990", "2020", 4), "integer")  # typed a number by the passes
    assert is_year_column(_col("fiscal_year", "1990", "2020", 4), "string")  # still text to the profiler
    assert not is_year_column(_col("year", "0001", "0040", 4), "string")  # years of service
    assert not is_year_column(_col("year", 1990.5, 2020.0), "float")
    assert not is_year_column(_col("label", "1990", "2020", 4), "string")


def test_whole_reads_a_whole_float_as_the_int_it_is():
    from compiler.whole_numbers import whole, whole_text

    assert [whole(v) for v in (1.0, 99.0, 1.5, "1.0", True, 7, None)] == [1, 99, 1.5, "1.0", True, 7, None]
    assert isinstance(whole(2.0), int)
    assert [whole_text(v) for v in (1.0, "0.00", "-3.0", "1.50", "abc", 12)] == ["1", "0", "-3", "1.50", "abc", "12"]


def test_one_list_of_row_kind_words_for_the_profiler_and_the_measures():
    from compiler.profiler.codes import kind_column
    from compiler.value_words import ROW_KIND_WORDS, names_row_kind

    assert {"type", "kind", "art", "sorte"} <= ROW_KIND_WORDS
    assert all(names_row_kind(n) for n in ("PostTypeId", "vote_type_cd", "kind", "beleg_art", "order_type_code"))
    assert not any(names_row_kind(n) for n in ("type_count", "typed_at", "id"))
    assert kind_column("event_name", "events") and kind_column("PostTypeId", "posts") and not kind_column("amount", "events")
