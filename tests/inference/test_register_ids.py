"""Keys not declared, things numbered twice: a table of teams keyed by its own `id` also holds
`team_api_id`, the number every other table refers to them by (the European Soccer Database as
loaded into DuckDB without its keys). The references join that second key, as the declared keys
say, also where eleven numbered slots (home_player_1 .. home_player_11) each name a player."""

from __future__ import annotations

import random

import duckdb
import pytest

from compiler.api import analyze, snapshot
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions


@pytest.fixture(scope="module")
def joins(tmp_path_factory):
    rnd = random.Random(3)
    path = tmp_path_factory.mktemp("register") / "soccer.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE team (id BIGINT, team_api_id BIGINT, team_long_name VARCHAR, team_short_name VARCHAR)")
    teams = [(i + 1, 8000 + 37 * i + rnd.randint(0, 30), f"team {i}", f"T{i:02d}") for i in range(40)]
    con.executemany("INSERT INTO team VALUES (?, ?, ?, ?)", teams)
    con.execute("CREATE TABLE player (id BIGINT, player_api_id BIGINT, player_name VARCHAR, height DOUBLE)")
    players = [(i + 1, 30000 + 11 * i + rnd.randint(0, 9), f"player {i}", rnd.choice([170.18, 180.34, 190.5])) for i in range(400)]
    con.executemany("INSERT INTO player VALUES (?, ?, ?, ?)", players)
    slots = ", ".join(f"home_player_{i} BIGINT" for i in range(1, 4))
    con.execute(f"CREATE TABLE match (id BIGINT, match_date DATE, home_team_api_id BIGINT, away_team_api_id BIGINT, "
                f"home_team_goal BIGINT, {slots})")
    rows = []
    for m in range(1, 801):
        home, away = rnd.sample(teams, 2)
        picks = rnd.sample(players, 3)
        rows.append((m, f"2012-{1 + m % 12:02d}-{1 + m % 28:02d}", home[1], away[1], rnd.randint(0, 5), *[p[1] for p in picks]))
    con.executemany("INSERT INTO match VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
    diags = Diagnostics()
    model = analyze(snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False)), diags=diags)
    return {(r.from_.table, r.from_.columns[0]): (r.to.table, r.to.columns[0]) for r in model.relationships}


def test_references_join_the_register_id_they_hold(joins):
    assert joins[("match", "home_team_api_id")] == ("team", "team_api_id")
    assert joins[("match", "away_team_api_id")] == ("team", "team_api_id")


@pytest.mark.parametrize("slot", [1, 2, 3])
def test_numbered_slots_each_name_a_player(joins, slot):
    assert joins[("match", f"home_player_{slot}")] == ("player", "player_api_id")
