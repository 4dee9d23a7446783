"""Generated names longer than the warehouse keeps: PostgreSQL cuts an identifier to 63 bytes, so
MetricFlow's SQL, which aliases each column by its measure's or metric's name, lost a measure named
`<table>_average_<long column>` (and two such names sharing their first 63 characters became one).
Cube writes `<cube>__<member>` aliases and Superset's virtual dataset `<join>__<column>` ones, as
long and as cut. Each target cuts such a name to a stem and a stable hash (Cube gives a long-named
cube or view a short `sql_alias`); every question runs."""

from __future__ import annotations

import re
from pathlib import Path

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.verify.run import render, verify
from compiler.verify.cube_sql import cube_sql
from compiler.yamlio import load_yaml
from tests.services import POSTGRES_URL, scratch_postgres_schema

TABLE = "owid_covid_data_tbl"  # a table name of some twenty characters, as a CSV's file name gives
LONG = ("new_people_vaccinated_smoothed_per_hundred", "new_people_vaccinated_smoothed_per_million")
# Joined: its members show in the fact's view behind its cube's name; its name, within PostgreSQL's
# limit, is not with dbt's `stg_` before it (dbt-postgres refuses a relation name over 63), and a
# second table shares its first 60 characters.
PLACES = "owid_location_reference_table_of_countries_and_territories_v2"
TWIN = PLACES[:-1] + "3"
DENSITY = ("population_density_per_square_kilometre_2020", "population_density_per_square_kilometre_2021")


def test_postgres_long_measure_names(postgres_engine, tool_env):
    with scratch_postgres_schema(postgres_engine, "mb_long") as schema:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE TABLE "{schema}".{PLACES} (location text PRIMARY KEY, '
                                 f'{DENSITY[0]} numeric(10, 2), {DENSITY[1]} numeric(10, 2))')
            conn.exec_driver_sql(f'INSERT INTO "{schema}".{PLACES} VALUES (\'France\', 120.5, 121), '
                                 "('Chile', 25.1, 25.3), ('Peru', 25.9, 26)")
            conn.exec_driver_sql(f'CREATE TABLE "{schema}".{TWIN} (code text PRIMARY KEY, area_km2 numeric(12, 1), founded date)')
            conn.exec_driver_sql(f'INSERT INTO "{schema}".{TWIN} VALUES (\'FR\', 551695, DATE \'1958-10-04\'), '
                                 "('CL', 756102, DATE '1818-02-12')")
            conn.exec_driver_sql(f'CREATE TABLE "{schema}".{TABLE} (id integer PRIMARY KEY, '
                                 f'location text NOT NULL REFERENCES "{schema}".{PLACES}, '
                                 f'reported_on date NOT NULL, {LONG[0]} numeric(10, 3), {LONG[1]} numeric(12, 3))')
            conn.exec_driver_sql(f'INSERT INTO "{schema}".{TABLE} SELECT g, (ARRAY[\'France\', \'Chile\', \'Peru\'])[1 + mod(g, 3)], '
                                 f"DATE '2021-01-01' + g / 3, mod(g, 7) * 0.125, mod(g, 11) * 12.5 FROM generate_series(0, 299) g")
        diags = Diagnostics()
        snap = snapshot(POSTGRES_URL, SourceOptions(schemas=[schema]), diags)
        result = compile_snapshot(snap, ["dbt", "cube", "superset"], diags=diags)
        assert not diags.has_errors(), diags.render_text()
        models = [p.rsplit("/", 1)[1][:-4] for p in result.files["dbt"] if "/staging/" in p and p.endswith(".sql")]
        assert len(models) == 3 and all(len(m) <= 63 for m in models) and len({m[:63] for m in models}) == 3, models
        doc = load_yaml(result.files["dbt"][f"models/mb_generated/semantic/{TABLE}.yml"])
        measures = {m["expr"]: m for sm in doc["semantic_models"] for m in sm["measures"] if m["agg"] == "average"}
        names = [measures[c]["name"] for c in LONG]
        # Within PostgreSQL's limit, apart, and still labelled in full.
        assert all(len(n) <= 63 for n in names) and names[0][:63] != names[1][:63], names
        assert measures[LONG[0]]["label"] == "Average New People Vaccinated Smoothed per Hundred"
        metrics = {m["name"] for m in doc["metrics"]}
        assert set(names) <= metrics and all(len(n) <= 63 for n in metrics)
        cube = load_yaml(result.files["cube"][f"model/cubes/{TABLE}.yml"])["cubes"][0]
        members = {m.get("sql"): m["name"] for m in cube["measures"]}
        names = [members[f'{{CUBE}}."{c}"'] for c in LONG]
        assert names[0] != names[1] and all(len(cube.get("sql_alias", cube["name"])) + 2 + len(n) <= 63 for n in names), cube
        assert {m["title"] for m in cube["measures"]} >= {"Average New People Vaccinated Smoothed per Million"}
        # The SQL Cube writes for both measures by a joined member, through the view: every alias within the limit.
        view = load_yaml(result.files["cube"][f"model/views/{TABLE}_view.yml"])["views"][0]
        shown = [i["alias"] for p in view["cubes"] if isinstance(p["includes"], list) for i in p["includes"]]
        query = {"measures": [f"{view['name']}.{n}" for n in names], "dimensions": [f"{view['name']}.{shown[0]}"]}
        (out,) = cube_sql(Path(tool_env["MB_CUBE_NODE_MODULES"]), dict(result.files["cube"]), [query])
        assert "sql" in out, out
        assert max(len(a) for a in re.findall(r'"([^"]+)"', out["sql"])) <= 63, out["sql"]
        # Superset's virtual dataset aliases a joined column `<join>__<column>`: apart and within the limit.
        (explore,) = [load_yaml(text) for path, text in result.files["superset"].items() if path.endswith(f"{TABLE}_explore.yaml")]
        columns = [c["column_name"] for c in explore["columns"]]
        assert all(len(c) <= 63 for c in columns) and len({c[:63] for c in columns}) == len(columns), columns
        tools = {"cube_modules": tool_env["MB_CUBE_NODE_MODULES"], "mf_python": tool_env["MB_MF_PYTHON"]}
        report = verify(POSTGRES_URL, result.model, result.files, diags, tools)
        text = render(report, "long names")
        assert not report.findings, text
        for target, t in report.tally.items():
            assert t.equal == report.questions >= 6, f"{target}\n{text}"
