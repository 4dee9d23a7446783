"""A rating written in words (a support survey's good / bad / offered) is counted per answer on a
fact, as a status is: the good ones of all rated is the satisfaction asked for, and the rows alone
mix the surveys answered with those only offered."""

from __future__ import annotations

from tests.semantics.build import col, table
from tests.semantics.test_derive_measures import measures


def _ratings(name, values):
    return [
        table("tickets", [col("id"), col("opened_at", "TIMESTAMP"), col("subject", "TEXT")], pk=["id"], rows=900),
        table("survey_answers", [col("id"), col("ticket_ref"), col(name, "TEXT", values=values, max_length=max(len(v) for v, _ in values)), col("answered_at", "TIMESTAMP")],
              pk=["id"], rows=300, fks=[(["ticket_ref"], "tickets", ["id"])]),
    ]


def test_a_satisfaction_score_in_words_is_counted_per_answer():
    got = measures(_ratings("score", [("good", 180), ("bad", 45), ("offered", 75)]))["survey_answers"]
    assert {n: m.filter for n, m in got.items() if m.filter} == {
        "count_good": "\"score\" = 'good'", "count_bad": "\"score\" = 'bad'", "count_offered": "\"score\" = 'offered'"}
    assert got["count_bad"].label.value == "Count Bad"


def test_a_sentiment_in_another_language_is_counted_too():
    got = measures(_ratings("bewertung", [("positiv", 200), ("negativ", 100)]))["survey_answers"]
    assert {"count_positiv", "count_negativ"} <= set(got)


def test_a_note_in_words_is_a_remark_and_not_counted_per_value():
    got = measures(_ratings("note", [("see mail", 200), ("call back", 100)]))["survey_answers"]
    assert not any(m.filter for m in got.values())
