"""Generated names longer than the warehouse keeps: PostgreSQL cuts an identifier to 63 bytes, so
MetricFlow's SQL, which aliases each column by its measure's or metric's name, lost a measure named
`<table>_average_<long column>` (and two such names sharing their first 63 characters became one).
The dbt target cuts such a name to a stem and a stable hash; every question still runs."""

from __future__ import annotations

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.verify.run import render, verify
from compiler.yamlio import load_yaml
from tests.services import POSTGRES_URL, scratch_postgres_schema

TABLE = "owid_covid_data_tbl"  # a table name of some twenty characters, as a CSV's file name gives
LONG = ("new_people_vaccinated_smoothed_per_hundred", "new_people_vaccinated_smoothed_per_million")


def test_postgres_long_measure_names(postgres_engine, tool_env):
    with scratch_postgres_schema(postgres_engine, "mb_long") as schema:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE TABLE "{schema}".{TABLE} (id integer PRIMARY KEY, location text NOT NULL, '
                                 f'reported_on date NOT NULL, {LONG[0]} numeric(10, 3), {LONG[1]} numeric(12, 3))')
            conn.exec_driver_sql(f'INSERT INTO "{schema}".{TABLE} SELECT g, (ARRAY[\'France\', \'Chile\', \'Peru\'])[1 + mod(g, 3)], '
                                 f"DATE '2021-01-01' + g / 3, mod(g, 7) * 0.125, mod(g, 11) * 12.5 FROM generate_series(0, 299) g")
        diags = Diagnostics()
        snap = snapshot(POSTGRES_URL, SourceOptions(schemas=[schema]), diags)
        result = compile_snapshot(snap, ["dbt"], diags=diags)
        assert not diags.has_errors(), diags.render_text()
        doc = load_yaml(result.files["dbt"][f"models/mb_generated/semantic/{TABLE}.yml"])
        measures = {m["expr"]: m for sm in doc["semantic_models"] for m in sm["measures"] if m["agg"] == "average"}
        names = [measures[c]["name"] for c in LONG]
        # Within PostgreSQL's limit, apart, and still labelled in full.
        assert all(len(n) <= 63 for n in names) and names[0][:63] != names[1][:63], names
        assert measures[LONG[0]]["label"] == "Average New People Vaccinated Smoothed per Hundred"
        metrics = {m["name"] for m in doc["metrics"]}
        assert set(names) <= metrics and all(len(n) <= 63 for n in metrics)
        report = verify(POSTGRES_URL, result.model, result.files, diags, {"mf_python": tool_env["MB_MF_PYTHON"]})
        text = render(report, "long names")
        assert not report.findings, text
        assert report.tally["dbt"].equal == report.questions >= 6, text
