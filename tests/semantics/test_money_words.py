"""The money words are stored as words() reads a value: an accented or umlauted entry would never match."""

from __future__ import annotations

import pytest

from compiler.value_words import FAILED_WORDS, MONEY_MOVEMENT_WORDS, names_money_movement, words


@pytest.mark.parametrize("word", sorted(MONEY_MOVEMENT_WORDS | FAILED_WORDS))
def test_every_entry_reads_as_itself(word):
    assert tuple(words(word)) == (word,)


@pytest.mark.parametrize("value", ["Rückerstattung", "Rueckerstattung", "devolución", "Devolucion"])
def test_accented_values_name_a_money_movement(value):
    assert names_money_movement(value)


@pytest.mark.parametrize("value", ["échoué", "Échouée"])
def test_accented_values_name_a_failure(value):
    assert set(words(value)) & FAILED_WORDS
