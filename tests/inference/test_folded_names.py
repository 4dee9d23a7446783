"""A database whose names were folded to one case (PostgreSQL folds unquoted positionOrder to
positionorder) is read as the one written in camelCase: the same joins, measures and labels.
Glued names are split into common English words only; a word of another language stays whole,
and so does each word of a name whose author separated them."""

from __future__ import annotations

import random

import duckdb
import pytest

from compiler.api import analyze, snapshot
from compiler.diagnostics import Diagnostics
from compiler.naming import humanize, read_words
from compiler.profiler import ProfileOptions

RESULTS = ["resultId", "raceId", "driverId", "grid", "positionOrder", "points", "laps", "fastestLap", "fastestLapSpeed"]


def _build(path, fold: bool) -> None:
    name = (lambda n: n.lower()) if fold else (lambda n: f'"{n}"')
    rnd = random.Random(11)
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE circuits ({name('circuitId')} INTEGER, {name('circuitName')} VARCHAR)")
    con.execute("INSERT INTO circuits SELECT i, 'circuit ' || i FROM range(1, 22) t(i)")
    con.execute(f"CREATE TABLE races ({name('raceId')} INTEGER, {name('circuitId')} INTEGER, {name('raceDate')} DATE)")
    con.execute("INSERT INTO races SELECT i, 1 + i % 21, DATE '2019-03-01' + (14 * i)::INTEGER FROM range(1, 61) t(i)")
    con.execute(f"CREATE TABLE drivers ({name('driverId')} INTEGER, {name('driverName')} VARCHAR)")
    con.execute("INSERT INTO drivers SELECT i, 'driver ' || i FROM range(1, 31) t(i)")
    rows = []
    for race in range(1, 61):
        for order, driver in enumerate(rnd.sample(range(1, 31), 20), start=1):
            rows.append((len(rows) + 1, race, driver, rnd.randint(1, 20), order, max(0, 26 - order * 2), rnd.randint(50, 70),
                         rnd.randint(1, 70), round(rnd.uniform(180, 240), 3)))
    con.execute(f"CREATE TABLE results ({', '.join(name(c) + (' DOUBLE' if c == 'fastestLapSpeed' else ' INTEGER') for c in RESULTS)})")
    con.executemany(f"INSERT INTO results VALUES ({', '.join('?' * len(RESULTS))})", rows)
    con.close()


def _read(path):
    diags = Diagnostics()
    model = analyze(snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False)), diags=diags)
    joins = {(r.from_.table, tuple(c.lower() for c in r.from_.columns), r.to.table) for r in model.relationships}
    measures = {(e.name, (m.column or "").lower(), m.agg) for e in model.entities for m in e.measures}
    labels = {(e.name, (d.column or "").lower()): d.label.value for e in model.entities for d in e.dimensions if d.label}
    return joins, measures, labels


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("folded")
    _build(folder / "camel.duckdb", fold=False)
    _build(folder / "folded.duckdb", fold=True)
    return _read(folder / "camel.duckdb"), _read(folder / "folded.duckdb")


def test_folded_names_join_and_aggregate_as_the_camel_case_ones(both):
    (joins, measures, _), (fjoins, fmeasures, _) = both
    assert fjoins == joins
    assert not any(cols == ("positionorder",) for _, cols, _ in fjoins)  # an ordinal 1..20 is no circuit
    assert fmeasures == measures
    assert ("results", "fastestlapspeed", "sum") not in fmeasures and ("results", "fastestlap", "sum") not in fmeasures


def test_folded_names_are_labelled_in_words(both):
    _, (_, _, labels) = both
    assert labels[("results", "positionorder")] == "Position Order"
    assert labels[("results", "fastestlapspeed")] == "Fastest Lap Speed"


@pytest.mark.parametrize("name,expected", [
    ("positionorder", ("position", "order")), ("DRIVERSTANDINGSID", ("driver", "standings", "id")),
    ("lifeexpectancy", ("life", "expectancy")), ("positionOrder", ("position", "order")),
    # words of other languages, or names written in words already, stay as they are
    ("personnummer", ("personnummer",)), ("bibliotecario_id", ("bibliotecario", "id")), ("fechapedido", ("fechapedido",)),
    ("einwohner", ("einwohner",)), ("season", ("season",)), ("unit_price", ("unit", "price")), ("responsable", ("responsable",)),
    # a name whose author separated its words is taken at its word (French forfait, not "for fait")
    ("forfait_code", ("forfait", "code")),
    # an identifier glued to its thing, though word lists hold the glued form (MovieLens' userId
    # folded by PostgreSQL); words that merely end in "id" stay whole
    ("userid", ("user", "id")), ("postid", ("post", "id")), ("rapid", ("rapid",)), ("orchid", ("orchid",)),
    ("humanoid", ("humanoid",)), ("invalid", ("invalid",)),
    # an inflected word is one word, though its ending is in the word counts too (Stripe's
    # 'trialing' status had been labelled "Trial Ing")
    ("trialing", ("trialing",)), ("lastupdated", ("last", "updated")),
])
def test_glued_words_split_only_into_common_english_words(name, expected):
    assert read_words(name) == expected


def test_identifiers_keep_the_name_labels_read_it():
    from compiler.naming import snake

    assert snake("positionorder") == "positionorder" and humanize("positionorder") == "Position Order"
