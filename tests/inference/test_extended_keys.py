"""Text identifiers found in a key and in the keys of tables that extend it (IMDb's title_basics and
title_crew, one row per title each) join the key the others extend, when their names say they
hold an identifier (`titleId`) or a role of that key (`parentTconst`); and a table whose rows a
number counts 1..n within each parent (`ordering`, `line_no`) is keyed by the parent and that
number, not by two references unique together by chance. Two naming styles, DuckDB and SQLite."""

from __future__ import annotations

import random

import duckdb
import pytest

from tests.inference.build import edges, infer, sqlite_db

# One naming style per fixture: the tables, then the columns of each, in the roles of IMDb's files.
STYLES = {
    "camel": dict(
        basics="title_basics", extra="title_crew", parts="title_episode", aliases="title_akas", credits="title_principals",
        people="name_basics", key="tconst", pkey="nconst", parent="parentTconst", alias_ref="titleId", alias_no="ordering",
        credit_no="ordering", part_no="episodeNumber", name="primaryName", title="primaryTitle", prefix="tt", pprefix="nm"),
    "snake": dict(
        basics="work_basics", extra="work_extra", parts="work_parts", aliases="work_aliases", credits="work_credits",
        people="people_basics", key="wconst", pkey="pconst", parent="parent_wconst", alias_ref="work_id", alias_no="seq",
        credit_no="line_no", part_no="part_number", name="full_name", title="main_title", prefix="wk", pprefix="pn"),
}


def _tables(s: dict) -> dict[str, tuple[str, list[tuple]]]:
    r = random.Random(20261207)
    works = [f"{s['prefix']}{i:07d}" for i in sorted(r.sample(range(1, 9_000_000), 400))]
    people = [f"{s['pprefix']}{i:07d}" for i in sorted(r.sample(range(1, 9_000_000), 300))]
    series = works[:40:2]  # the works the parts belong to
    parts = [(w, r.choice(series), 1 + i % 12) for i, w in enumerate(works[40:340])]
    words = ["night", "love", "city", "road", "war", "home", "star", "king"]
    aliases = [(w, n, f"{r.choice(words)} {r.choice(words)}".title()) for w in works for n in range(1, r.randint(1, 5) + 1)]
    # Each work credits a few people, never one twice: the pair is unique here by chance.
    credits = [(p, w, n + 1, r.choice(["actor", "director", "writer"]))
               for w in works for n, p in enumerate(r.sample(people, r.randint(1, 6)))]
    k, pk = s["key"], s["pkey"]
    return {
        s["basics"]: (f"{k} TEXT, {s['title']} TEXT, kind TEXT", [(w, f"work {i}", r.choice(["movie", "series"])) for i, w in enumerate(works)]),
        s["extra"]: (f"{k} TEXT, directors TEXT", [(w, r.choice(people)) for w in works]),
        s["parts"]: (f"{k} TEXT, {s['parent']} TEXT, {s['part_no']} INTEGER", parts),
        s["aliases"]: (f"{s['alias_ref']} TEXT, {s['alias_no']} INTEGER, alias TEXT", aliases),
        # The person first: a key read off the column order would be the person and the number.
        s["credits"]: (f"{pk} TEXT, {k} TEXT, {s['credit_no']} INTEGER, category TEXT", credits),
        s["people"]: (f"{pk} TEXT, {s['name']} TEXT", [(p, f"person {i}") for i, p in enumerate(people)]),
    }


def _build(path, tables: dict, engine: str) -> None:
    if engine == "sqlite":
        sqlite_db(path, tables)
        return
    con = duckdb.connect(str(path))
    for name, (ddl, rows) in tables.items():
        con.execute(f"CREATE TABLE {name} ({ddl.replace('TEXT', 'VARCHAR')})")
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in rows[0])})", rows)
    con.close()


CASES = [("camel", "duckdb"), ("camel", "sqlite"), ("snake", "duckdb"), ("snake", "sqlite")]
_MODELS: dict = {}


def _model(tmp_path_factory, style: str, engine: str):
    if (style, engine) not in _MODELS:
        path = tmp_path_factory.mktemp("imdb_like") / f"{style}.{engine}"
        _build(path, _tables(STYLES[style]), engine)
        _MODELS[style, engine] = infer(path)[0]
    return _MODELS[style, engine]


@pytest.mark.parametrize("style,engine", CASES)
def test_references_to_an_extended_key(tmp_path_factory, style, engine):
    s = STYLES[style]
    model = _model(tmp_path_factory, style, engine)
    got = edges(model)
    k = s["key"]
    # The extension's key joins the table it extends; the part's parent and the alias's work join
    # that table too, not the extension that holds the same values.
    assert (s["extra"], k, s["basics"], k) in got
    assert (s["parts"], s["parent"], s["basics"], k) in got
    assert (s["aliases"], s["alias_ref"], s["basics"], k) in got
    assert not {e for e in got if e[2] == s["extra"]}


@pytest.mark.parametrize("style,engine", CASES)
def test_rows_numbered_within_a_parent(tmp_path_factory, style, engine):
    s = STYLES[style]
    model = _model(tmp_path_factory, style, engine)
    k = s["key"]
    # Rows numbered within each parent: the parent and the number, whatever the column order.
    assert model.entity(s["aliases"]).primary_key == [s["alias_ref"], s["alias_no"]]
    assert model.entity(s["credits"]).primary_key == [k, s["credit_no"]]


def test_values_in_two_unrelated_keys_stay_ambiguous(tmp_path):
    """The same values in two keys neither of which extends the other (two lists of codes that
    share their values, each with rows the other lacks) prove neither: no join by values."""
    r = random.Random(7)
    codes = [f"cd{i:07d}" for i in sorted(r.sample(range(1, 9_000_000), 300))]
    tables = {
        "left_list": ("lcode TEXT, label TEXT", [(c, f"l {i}") for i, c in enumerate(codes[:250])]),
        "right_list": ("rcode TEXT, label TEXT", [(c, f"r {i}") for i, c in enumerate(codes[50:])]),
        "events": ("event_no INTEGER, subjectId TEXT", [(i, r.choice(codes[50:250])) for i in range(500)]),
    }
    path = tmp_path / "two.sqlite"
    sqlite_db(path, tables)
    model, _ = infer(path)
    assert not {e for e in edges(model) if e[0] == "events" and e[1] == "subjectId"}
