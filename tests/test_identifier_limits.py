"""compiler.naming.fit_identifier: a generated name within the dialect's identifier limit,
the same every run, apart from another cut at the same stem, and unchanged when short."""

from __future__ import annotations

from backends.dbt.names import Names
from compiler.naming import fit_identifier

A = "owid_covid_data_tbl_average_new_people_vaccinated_smoothed_per_hundred"
B = "owid_covid_data_tbl_average_new_people_vaccinated_smoothed_per_million"


def test_long_names_fit_and_stay_apart():
    assert A[:63] == B[:63]
    a, b = fit_identifier(A, "postgres"), fit_identifier(B, "postgres")
    assert len(a) <= 63 and len(b) <= 63 and a != b
    assert a == fit_identifier(A, "postgres")  # deterministic
    assert len(fit_identifier(A, "mysql")) <= 64
    assert fit_identifier(A, "duckdb") == A and fit_identifier(A, "sqlite") == A  # no limit that matters
    assert fit_identifier("order_total", "postgres") == "order_total"


def test_limit_in_bytes_for_postgres():
    name = "é" * 40  # 80 bytes in UTF-8, 40 characters
    assert len(fit_identifier(name, "postgres").encode()) <= 63
    assert fit_identifier(name, "mysql") == name  # MySQL counts characters


def test_dbt_names_numbered_within_the_limit():
    names = Names("postgres")
    first, second = names.claim(A, "metric"), names.claim(A, "metric")
    assert first != second and len(first) <= 63 and len(second) <= 63
    assert "__" not in first and first[-1].isalnum()


# A warehouse's table and column names near PostgreSQL's limit (each within it, as its catalog
# holds them), a key joining two tables, a time, a quantity and two pairs of coordinates (geo
# members), the fact keyless (a row-key member); and shipment lines whose time is their header's.
_W = "intl_wholesale_distribution_network"
_TABLES = {
    f"{_W}_regional_warehouse_sites": [f"{_W}_regional_warehouse_site_id", f"{_W}_regional_warehouse_site_nm",
                                       f"{_W}_warehouse_site_latitude", f"{_W}_warehouse_site_longitude"],
    f"{_W}_daily_inventory_movements": [f"{_W}_regional_warehouse_site_id", f"{_W}_movement_recorded_date",
                                        f"{_W}_quantity_moved_in_units", f"{_W}_pickup_latitude", f"{_W}_pickup_longitude"],
    f"{_W}_outbound_shipment_headers": [f"{_W}_outbound_shipment_id", f"{_W}_shipment_dispatched_date"],
    f"{_W}_outbound_shipment_lines": [f"{_W}_outbound_shipment_id", "line_number", f"{_W}_shipped_quantity_units"],
}


def _long_named_snapshot():
    from compiler.diagnostics import Diagnostics
    from compiler.frontends.common import finalize
    from compiler.options import SourceOptions
    from ir.catalog import Table
    from ir.snapshot import Snapshot, Source
    from tests.support import col, fk

    sites, moves, headers, lines = _TABLES
    site, shipment = _TABLES[sites][0], _TABLES[headers][0]
    types = {"latitude": "DOUBLE PRECISION", "longitude": "DOUBLE PRECISION", "date": "DATE", "nm": "TEXT"}
    columns = {t: [col(c, types.get(c.rpartition("_")[2], "INTEGER"), nullable=c not in (site, shipment, "line_number"))
                   for c in cs] for t, cs in _TABLES.items()}
    tables = [
        Table(name=sites, schema="s", columns=columns[sites], primary_key=[site]),
        Table(name=moves, schema="s", columns=columns[moves], foreign_keys=[fk([site], sites, [site], "s")]),
        Table(name=headers, schema="s", columns=columns[headers], primary_key=[shipment]),
        Table(name=lines, schema="s", columns=columns[lines], primary_key=[shipment, "line_number"],
              foreign_keys=[fk([shipment], headers, [shipment], "s")]),
    ]
    assert all(len(n) <= 63 for t, cs in _TABLES.items() for n in [t, *cs])
    return finalize(Snapshot(source=Source(dialect="postgres", description="t.sql", database="t"), tables=tables), SourceOptions(),
                    Diagnostics())


def _fits(name: str) -> bool:
    return len(name.encode("utf-8")) <= 63


def test_long_names_fit_in_dbt_semantic_models_and_cube_models():
    """Every name MetricFlow and Cube write into PostgreSQL's SQL fits its 63 bytes, and stays apart:
    MetricFlow aliases a dimension `<entity>__<dimension>` (and `__extract_quarter` after a time)
    through whichever entity reaches it, Cube a member `<cube or its sql_alias>__<member>`, geo
    and row-key members included."""
    import yaml

    from backends.cube.names import ALIAS_ROOM
    from backends.dbt.names import is_valid
    from backends.dbt.plan import TIME_ALIAS_TAIL
    from compiler.api import compile as compile_snapshot

    result = compile_snapshot(_long_named_snapshot(), ["dbt", "cube"])
    assert not result.diagnostics.has_errors(), result.diagnostics.render_text()

    models = [m for path, text in result.files["dbt"].items() if path.startswith("models/") and "/semantic/" in path
              for m in yaml.safe_load(text).get("semantic_models", [])]
    assert len(models) == 4
    measures = [x["name"] for m in models for x in m.get("measures", [])]
    assert len(measures) == len(set(measures))
    reaching: dict[str, set[str]] = {}  # a semantic model -> the entities its dimensions are reached by
    for m in models:
        reaching[m["name"]] = {e["name"] for e in m["entities"]}
    for m in models:
        # reached from another model through its foreign entity of a name this model keys by
        names = [m["name"]] + [e["name"] for e in m["entities"]] + [d["name"] for d in m.get("dimensions", [])] \
            + [x["name"] for x in m.get("measures", [])]
        assert all(_fits(n) and is_valid(n, "postgres") for n in names), names
        dims = [d["name"] for d in m.get("dimensions", [])]
        assert len(dims) == len(set(dims))
        for d in m.get("dimensions", []):
            tail = TIME_ALIAS_TAIL if d["type"] == "time" else ""
            for e in reaching[m["name"]]:
                assert _fits(f"{e}__{d['name']}{tail}"), (e, d["name"])

    for path, text in result.files["cube"].items():
        if not path.startswith("model/cubes/"):
            continue
        for c in yaml.safe_load(text)["cubes"]:
            members = [x["name"] for x in c.get("dimensions", []) + c.get("measures", []) + c.get("segments", [])]
            assert len(members) == len(set(members))
            alias = c.get("sql_alias", c["name"])
            for member in members:
                assert _fits(f"{alias}__{member}") and len(member) <= 63 - ALIAS_ROOM, (c["name"], member)
