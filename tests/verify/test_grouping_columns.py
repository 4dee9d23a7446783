"""Which columns the same-number check groups its questions by: what people group by, not prose
or a column of a value per row (a post's body had kept verify on MariaDB past 20 minutes: the
DAX check asks one subquery per group)."""

from __future__ import annotations

import duckdb

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify import run as verify_run

FORUM = """
create table users (id integer primary key, display_name varchar, location varchar);
insert into users select i, 'user ' || i, 'city ' || (i % 60) from range(1, 2001) t(i);
create table posts (id integer primary key, body varchar, title varchar, user_id integer references users (id), score integer);
insert into posts select i, repeat('<p>words of a long answer ' || i || '</p>', 4), 'question ' || i, 1 + i % 2000,
    i % 11 from range(1, 3001) t(i);
"""


def _verified(source: str, monkeypatch):
    """LookML's answers for `source`, and every question verify asked."""
    asked = []
    reference_sql = verify_run.reference_sql
    monkeypatch.setattr(verify_run, "reference_sql", lambda model, q: asked.append(q) or reference_sql(model, q))
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source), ["lookml"], diags=diags)
    return verify_run.verify(source, result.model, {"lookml": result.files["lookml"]}, diags), asked


def test_questions_are_grouped_by_few_short_values_not_by_prose_or_a_value_per_row(tmp_path, monkeypatch):
    """A post's body (prose) and title (one per post), a user's display name (one per user): no
    question is grouped by them; a user's location (60 places) groups the posts' and the users'."""
    path = tmp_path / "forum.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(FORUM)
    report, asked = _verified(str(path), monkeypatch)
    assert report.tally["lookml"].equal == report.questions == len(asked)
    assert {q.column for q in asked if q.column and not q.year} == {"location"}


def test_no_question_goes_through_who_last_edited_a_row(tmp_path, monkeypatch):
    """A post's last editor is an audit reference that no target joins: its questions, all
    unaskable, had filled the report; the author's join still carries them."""
    path = tmp_path / "edits.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("""
create table users (id integer primary key, location varchar);
insert into users select i, 'city ' || (i % 6) from range(1, 41) t(i);
create table posts (id integer primary key, owner_user_id integer references users (id),
                    last_editor_user_id integer references users (id), score integer);
insert into posts select i, 1 + i % 40, 1 + (i * 7) % 40, i % 9 from range(1, 301) t(i);
""")
    report, asked = _verified(str(path), monkeypatch)
    paths = {h.from_columns for q in asked for h in q.path}
    assert ("owner_user_id",) in paths and ("last_editor_user_id",) not in paths
    assert report.tally["lookml"].equal == report.questions
