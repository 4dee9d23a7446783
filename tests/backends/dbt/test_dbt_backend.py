"""The dbt backend without dbt: files, names, tests, loss reports, round trip, determinism."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from backends.base import get_backend
from backends.dbt import DbtBackend
from backends.dbt.checks import accepted_values
from backends.dbt.names import VALID, dbt_name, is_valid
from compiler.api import analyze
from compiler.api import compile as compile_snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.roundtrip import check
from ir.catalog import ColumnProfile, Table, ValueCount
from compiler.frontends.common import finalize
from compiler.options import SourceOptions
from ir.snapshot import Snapshot, Source
from tests.support import col, fk, shop_snapshot

ROOT = "models/mb_generated"


def load(text: str) -> dict:
    return YAML(typ="safe", pure=True).load(text)


def emit(dialect: str = "postgres", options: dict | None = None, snap=None):
    snap = snap or shop_snapshot(dialect)
    diags = Diagnostics()
    model = analyze(snap, Config(name="shop"), diags)
    backend = DbtBackend()
    files = backend.emit(model, options or {}, diags)
    return backend, model, files, diags


def semantic_models(files: dict[str, str]) -> list[dict]:
    return [sm for p, t in files.items() if "/semantic/" in p for sm in load(t).get("semantic_models") or []]


def test_registered_and_round_trips_in_every_dialect():
    assert isinstance(get_backend("dbt"), DbtBackend)
    for dialect in ("postgres", "mysql", "tsql", "duckdb", "sqlite"):
        diags = Diagnostics()
        compile_snapshot(shop_snapshot(dialect), ["dbt"], Config(name="shop"), diags)
        assert not diags.has_errors(), diags.render_text()


def test_deterministic_bytes():
    _, _, first, _ = emit()
    _, _, second, _ = emit()
    assert first == second
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}T", t) for t in first.values())


def test_every_file_lives_in_the_owned_folder():
    _, _, files, _ = emit()
    assert all(p.startswith(f"{ROOT}/") for p in files)
    _, _, other, _ = emit(options={"folder": "generated"})
    assert all(p.startswith("models/generated/") for p in other)


def test_names_pass_metricflow_rules():
    _, _, files, _ = emit()
    seen_measures: set[str] = set()
    for sm in semantic_models(files):
        elements = [e["name"] for e in sm.get("entities", [])] + [d["name"] for d in sm.get("dimensions", [])]
        measures = [m["name"] for m in sm.get("measures", [])]
        assert len(set(elements + measures)) == len(elements + measures), sm["name"]
        assert not seen_measures & set(measures)
        seen_measures |= set(measures)
        for name in [sm["name"], *elements, *measures]:
            assert VALID.match(name) and is_valid(name), name


@pytest.mark.parametrize(
    "raw, fixed",
    [("order", "order_field"), ("year", "year_field"), ("a", "a_field"), ("x__y", "x_y"), ("metric_time", "metric_time_field"),
     ("Title", "title"), ("select", "select_field"), ("2nd", "f_2nd")],
)
def test_dbt_name(raw, fixed):
    assert dbt_name(raw, "field", "duckdb") == fixed


def test_keys_relationships_and_composite_keys_are_tested():
    _, _, files, _ = emit()
    src = load(files[f"{ROOT}/sources.yml"])["sources"][0]
    tables = {t["name"]: t for t in src["tables"]}
    cust = {c["name"]: c for c in tables["customers"]["columns"]}
    assert cust["CUST_ID"]["data_tests"] == ["unique", "not_null"] and cust["CUST_ID"]["quote"] is True
    assert tables["customers"]["identifier"] == "CUSTOMERS"
    header = {c["name"]: c for c in tables["order_header"]["columns"]}
    # cust_id is a foreign key declared NOT NULL: tested not_null as well as related.
    assert header["cust_id"]["data_tests"][0] == "not_null" and "not_null" not in header["ship_address_id"]["data_tests"]
    rel = header["cust_id"]["data_tests"][1]["relationships"]
    assert rel == {"arguments": {"to": "source('shop', 'customers')", "field": '"CUST_ID"'}}
    line = tables["order_line"]
    assert line["data_tests"][0]["unique"]["arguments"]["column_name"] == """CAST("order_id" AS TEXT) || '|' || CAST("line_no" AS TEXT)"""
    stg = load(files[f"{ROOT}/staging/stg_order_line.yml"])["models"][0]
    assert stg["data_tests"][0]["unique"]["arguments"]["column_name"] == "CAST(order_id AS TEXT) || '|' || CAST(line_no AS TEXT)"


def test_staging_model_renames_and_casts_only():
    _, _, files, _ = emit()
    sql = files[f"{ROOT}/staging/stg_customers.sql"]
    assert 'CAST("CUST_ID" AS BIGINT) as cust_id' in sql
    assert "from {{ source('shop', 'customers') }}" in sql
    assert "where" not in sql.lower() and "join" not in sql.lower()


def test_semantic_model_entities_dimensions_measures_metrics():
    _, _, files, diags = emit()
    header = load(files[f"{ROOT}/semantic/order_header.yml"])
    sm = header["semantic_models"][0]
    assert sm["defaults"] == {"agg_time_dimension": "order_date"}
    kinds = {e["name"]: (e["type"], e["expr"]) for e in sm["entities"]}
    assert kinds["order_header"] == ("primary", "order_id") and kinds["customers"] == ("foreign", "cust_id")
    assert {"name": "order_date", "type": "time", "label": "Order Date", "type_params": {"time_granularity": "day"}} in sm["dimensions"]
    aggs = {m["name"]: (m["agg"], m["expr"]) for m in sm["measures"]}
    assert aggs["order_header_count"] == ("count", "1") and aggs["order_header_sum_total_amount"] == ("sum", "total_amount")
    # One simple metric per measure; the backend invents no metric of its own (no ratio that
    # would equal an average).
    assert {m["type"] for m in header["metrics"]} == {"simple"}
    assert {m["type_params"]["measure"] for m in header["metrics"]} == {m["name"] for m in sm["measures"]}
    labels = [m["label"] for p, t in files.items() if "/semantic/" in p for m in load(t).get("metrics") or []]
    assert len(labels) == len(set(labels))
    # A table without a time axis keeps its measures over a time dimension that is always NULL
    # (refunds of products: no date of their own, none through a parent).
    snap = shop_snapshot("postgres")
    snap.tables.append(Table(name="refund", schema="shop", row_count=20, primary_key=["refund_id"],
                             columns=[col("refund_id", nullable=False), col("product_code", "VARCHAR(12)", False),
                                      col("amount", "NUMERIC(12,2)")]))
    _, _, untimed_files, untimed_diags = emit(snap=snap)
    untimed = load(untimed_files[f"{ROOT}/semantic/refund.yml"])["semantic_models"][0]
    assert untimed["defaults"] == {"agg_time_dimension": "no_time_axis"} and untimed["measures"]
    spine = next(d for d in untimed["dimensions"] if d["name"] == "no_time_axis")
    assert spine["type"] == "time" and spine["expr"] == "cast(null as date)"
    assert not any(d.code == "DB002" for d in [*diags.items, *untimed_diags.items])
    # A self reference (a staff member's manager): one semantic model cannot use an entity name
    # twice, so the table is there again as the manager's semantic model, keyed by the role.
    staff = load(files[f"{ROOT}/semantic/staff.yml"])["semantic_models"]
    assert [s["name"] for s in staff] == ["staff", "manager"]
    assert {"name": "manager", "type": "foreign", "expr": "manager_id", "label": "Manager ID"} in staff[0]["entities"]
    assert staff[1]["entities"] == [{"name": "manager", "type": "primary", "expr": "id"}]
    assert staff[1]["model"] == staff[0]["model"] and "measures" not in staff[1]
    assert not any(d.code == "DB003" and d.location == "staff.manager_id" for d in diags.items)
    # Role-playing keys: each named by its role, and the address model answers to both.
    kinds = {e["name"]: e["type"] for e in sm["entities"]}
    assert kinds["ship_address"] == "foreign" and kinds["bill_address"] == "foreign"
    address = {e["name"]: e["type"] for e in load(files[f"{ROOT}/semantic/address.yml"])["semantic_models"][0]["entities"]}
    assert address["ship_address"] == "unique" and address["bill_address"] == "unique"
    composite = load(files[f"{ROOT}/semantic/order_line.yml"])["semantic_models"][0]
    assert composite["primary_entity"] == "order_line"


def test_a_key_named_by_its_role_is_that_role_in_metricflow_too():
    """The same names as the other targets' joins: a store's manager (staff.manager_id is already
    the `manager` role of staff) joins the manager's semantic model, and a product's buyer, a
    role of staff no other key plays, is an entity of its own on both sides."""
    snap = shop_snapshot("postgres")
    snap.tables.append(Table(name="store", schema="shop", row_count=5, primary_key=["store_id"],
                             columns=[col("store_id", nullable=False), col("manager_id"), col("buyer_id")],
                             foreign_keys=[fk(["manager_id"], "staff", ["id"], "shop"), fk(["buyer_id"], "staff", ["id"], "shop")]))
    _, _, files, diags = emit(snap=finalize(snap, SourceOptions(), Diagnostics()))
    store = {e["name"]: (e["type"], e["expr"]) for e in load(files[f"{ROOT}/semantic/store.yml"])["semantic_models"][0]["entities"]}
    assert store["manager"] == ("foreign", "manager_id") and store["buyer"] == ("foreign", "buyer_id")
    staff = load(files[f"{ROOT}/semantic/staff.yml"])["semantic_models"]
    assert {"name": "buyer", "type": "unique", "expr": "id"} in staff[0]["entities"]
    assert not any(e["name"] == "manager" and e["type"] == "unique" for e in staff[0]["entities"])
    assert staff[1]["entities"] == [{"name": "manager", "type": "primary", "expr": "id"}]


def test_a_fact_without_a_date_borrows_its_parents_through_a_fact_model():
    _, _, files, diags = emit()
    # order_line has measures and no date: its order's date is joined in, so none is left out.
    assert not any(d.code == "DB002" and d.location == "order_line" for d in diags.items)
    sql = files[f"{ROOT}/marts/fct_order_line.sql"]
    assert sql.endswith(
        "    order_line.discount_pct,\n"
        "    order_header.order_date as order_header_order_date\n"
        "from {{ ref('stg_order_line') }} as order_line\n"
        "left join {{ ref('stg_order_header') }} as order_header\n"
        "    on order_line.order_id = order_header.order_id\n"
    )
    assert "source(" not in sql
    fct = load(files[f"{ROOT}/marts/fct_order_line.yml"])["models"][0]
    stg = load(files[f"{ROOT}/staging/stg_order_line.yml"])["models"][0]
    assert fct["name"] == "fct_order_line"
    assert [c["name"] for c in fct["columns"]] == [c["name"] for c in stg["columns"]] + ["order_header_order_date"]
    # The key's tests, not the relationships (the staging model has those).
    assert fct["data_tests"] == stg["data_tests"]
    tests = {c["name"]: c.get("data_tests") for c in fct["columns"]}
    assert tests["order_id"] == ["not_null"] and tests["line_no"] == ["not_null"] and tests["product_code"] is None
    joined = fct["columns"][-1]
    assert joined["data_type"] == "date" and "stg_order_header" in joined["description"]
    sm = load(files[f"{ROOT}/semantic/order_line.yml"])["semantic_models"][0]
    assert sm["model"] == "ref('fct_order_line')"
    assert sm["defaults"] == {"agg_time_dimension": "order_header_order_date"}
    time = sm["dimensions"][-1]
    assert (time["name"], time["type"], time["label"], time["type_params"]) == (
        "order_header_order_date", "time", "Order Date", {"time_granularity": "day"})
    assert {m["name"] for m in sm["measures"]} >= {"order_line_count", "order_line_total_quantity"}
    # Only facts without a date get one; everything else is built on its staging model.
    assert sorted(p for p in files if "/marts/" in p) == [f"{ROOT}/marts/fct_order_line.sql", f"{ROOT}/marts/fct_order_line.yml"]
    header = load(files[f"{ROOT}/semantic/order_header.yml"])["semantic_models"][0]
    assert header["model"] == "ref('stg_order_header')"


def _emit_model(model, snap):
    diags = Diagnostics()
    backend = DbtBackend()
    files = backend.emit(model, {}, diags)
    assert not check(backend, model, files, diags)
    return files, diags


def _shop_model():
    snap = shop_snapshot("postgres")
    model = analyze(snap, Config(name="shop"), Diagnostics())
    return snap, model, {e.name: e for e in model.entities}


def test_the_fact_model_follows_the_time_axis_path():
    from ir.semantic import JoinStep, TimeAxis

    snap, model, by_name = _shop_model()
    # The model says: order_line's time is the customer's created_at, two joins away.
    by_name["order_line"].time_axis = TimeAxis(entity="customers", dimension="created_at", path=[
        JoinStep(from_entity="order_line", from_columns=["order_id"], to_entity="order_header", to_columns=["order_id"]),
        JoinStep(from_entity="order_header", from_columns=["cust_id"], to_entity="customers", to_columns=["CUST_ID"]),
    ])
    files, diags = _emit_model(model, snap)
    sql = files[f"{ROOT}/marts/fct_order_line.sql"]
    assert "    customers.created_at as customers_created_at\n" in sql
    assert sql.endswith(
        "from {{ ref('stg_order_line') }} as order_line\n"
        "left join {{ ref('stg_order_header') }} as order_header\n"
        "    on order_line.order_id = order_header.order_id\n"
        "left join {{ ref('stg_customers') }} as customers\n"
        "    on order_header.cust_id = customers.cust_id\n"
    )
    assert load(files[f"{ROOT}/semantic/order_line.yml"])["semantic_models"][0]["defaults"] == {
        "agg_time_dimension": "customers_created_at"}
    assert not any(d.code == "DB002" and d.location == "order_line" for d in diags.items)


def test_no_time_axis_keeps_measures():
    snap, model, by_name = _shop_model()
    by_name["order_line"].time_axis = None
    files, diags = _emit_model(model, snap)
    assert not any("/marts/" in p for p in files)
    line = load(files[f"{ROOT}/semantic/order_line.yml"])["semantic_models"][0]
    assert line["defaults"] == {"agg_time_dimension": "no_time_axis"} and line["measures"]


def test_the_agg_time_dimension_is_the_models_time_axis():
    from ir.semantic import TimeAxis

    snap = shop_snapshot("postgres")
    snap.table("shop.order_header").columns.append(col("shipped_date", "DATE"))
    model = analyze(snap, Config(name="shop"), Diagnostics())
    header = model.entity("order_header")
    assert header.time_axis.dimension == "order_date"
    header.time_axis = TimeAxis(entity="order_header", dimension="shipped_date")
    files, _ = _emit_model(model, snap)
    sm = load(files[f"{ROOT}/semantic/order_header.yml"])["semantic_models"][0]
    assert sm["defaults"] == {"agg_time_dimension": "shipped_date"}


def test_time_spine():
    _, _, files, _ = emit()
    spine = load(files[f"{ROOT}/metricflow_time_spine.yml"])["models"][0]
    assert spine["time_spine"] == {"standard_granularity_column": "date_day"}
    assert spine["columns"] == [{"name": "date_day", "granularity": "day"}]
    _, _, none, _ = emit(options={"time_spine": False})
    assert f"{ROOT}/metricflow_time_spine.sql" not in none


def _status_column(values):
    from backends.dbt.plan import Column as Staged
    from ir.semantic import Dimension

    return Staged("status", "status", Dimension(name="status", column="status", accepted_values=values), False, "text", "text")


def test_accepted_values_render_the_models_enumeration():
    assert accepted_values(_status_column(["placed", "shipped"])) == ["placed", "shipped"]
    assert accepted_values(_status_column(None)) is None
    # A value dbt would read as Jinja cannot be written: no test rather than a broken one.
    assert accepted_values(_status_column(["{{ x }}", "shipped"])) is None


def test_accepted_values_keep_a_backslash_where_string_literals_escape_it():
    """OpenFlights loaded into MariaDB as published: a time zone's DST code is one of A, E, N, O, S,
    U or the text dump's NULL marker \\N. dbt writes each value between quotes as it is; MariaDB
    reads '\\N' as 'N', and the test failed on the 56 airports holding the marker."""
    column = _status_column(["A", "N", "\\N"])
    assert accepted_values(column, "mysql") == ["A", "N", "\\\\N"]
    assert accepted_values(column, "postgres") == ["A", "N", "\\N"]  # a backslash is itself there
    assert accepted_values(_status_column([0, 1]), "mysql") == [0, 1]


def test_accepted_values_in_the_arguments_form():
    snap = shop_snapshot("postgres")
    header = snap.table("shop.order_header")
    status = header.column("status")
    header.row_count = 8
    status.profile = ColumnProfile(distinct_count=2, distinct_exact=True, null_count=0,
                                   top_values=[ValueCount(value="open", count=5), ValueCount(value="done", count=3)])
    _, _, files, _ = emit(snap=snap)
    cols = {c["name"]: c for t in load(files[f"{ROOT}/sources.yml"])["sources"][0]["tables"] for c in t["columns"]}
    assert cols["status"]["data_tests"] == [
        {"accepted_values": {"arguments": {"values": ["done", "open"]}, "config": {"severity": "warn"}}}
    ]


def test_round_trip_catches_a_changed_file():
    backend, model, files, _ = emit()
    diags = Diagnostics()
    assert not check(backend, model, files, diags)
    path = f"{ROOT}/semantic/order_header.yml"
    broken = dict(files)
    broken[path] = files[path].replace("agg: sum", "agg: max")
    found = check(backend, model, broken, Diagnostics())
    assert any("order_header_sum_total_amount" in d.message and "agg" in d.message for d in found)
    assert all(d.location == f"dbt:{path}" for d in found)


def test_a_new_column_changes_only_its_table_files():
    _, _, before, _ = emit()
    snap = shop_snapshot("postgres")
    snap.table("shop.tag").columns.append(col("color", "TEXT"))
    _, _, after, _ = emit(snap=snap)
    changed = sorted(p for p in before if before[p] != after.get(p))
    assert changed == [f"{ROOT}/semantic/tag.yml", f"{ROOT}/sources.yml", f"{ROOT}/staging/stg_tag.sql", f"{ROOT}/staging/stg_tag.yml"]


def test_model_metrics_become_ratio_and_derived_metrics():
    from ir.semantic import Metric

    diags = Diagnostics()
    model = analyze(shop_snapshot("postgres"), Config(name="shop"), diags)
    model.metrics = [
        Metric(name="aov", type="ratio", entity="order_header", numerator="sum_total_amount", denominator="count"),
        Metric(name="twice", type="derived", entity="order_header", expr="sum_total_amount * 2"),
        Metric(name="lines", type="simple", entity="order_line", measure="count"),
        Metric(name="lost", type="simple", entity="product", measure="count"),
    ]
    backend = DbtBackend()
    files = backend.emit(model, {}, diags)
    assert not check(backend, model, files, diags)
    metrics = {m["name"]: m for m in load(files[f"{ROOT}/semantic/order_header.yml"])["metrics"]}
    assert metrics["aov"]["type_params"] == {"numerator": "order_header_sum_total_amount", "denominator": "order_header_count"}
    assert metrics["twice"]["type_params"] == {"expr": "order_header_sum_total_amount * 2",
                                               "metrics": [{"name": "order_header_sum_total_amount"}]}
    # order_line's measures live on its fact model; product has no count to build a metric on.
    lines = {m["name"]: m for m in load(files[f"{ROOT}/semantic/order_line.yml"])["metrics"]}
    assert lines["lines"]["type_params"] == {"measure": "order_line_count"}
    assert any(d.code == "DB004" and "lost" in d.message for d in diags.items)


def test_decimals_are_cast_to_the_precision_the_source_spells():
    from backends.dbt import sql

    assert sql.cast_type("decimal", "postgres", "NUMERIC(12,2)") == "decimal(12, 2)"
    assert sql.cast_type("decimal", "tsql", "DECIMAL(9,2)") == "numeric(9, 2)"
    # No precision spelled, or no exact decimal in the database: no cast (a guess could round money).
    assert sql.cast_type("decimal", "postgres", "NUMERIC") is None and sql.cast_type("decimal", "postgres", None) is None
    assert sql.cast_type("decimal", "sqlite", "NUMERIC(10,2)") is None
    assert sql.type_category_of("decimal(12, 2)", "postgres") == "decimal"


def test_a_calendar_keyed_by_its_date_is_timed_by_it():
    """The date of a calendar table is its primary entity and its time axis at once: without the
    time dimension its row count could only be asked without time (no_time_axis)."""
    snap = shop_snapshot("postgres")
    snap.tables.append(Table(name="calendar", schema="shop", row_count=365, primary_key=["day"],
                             columns=[col("day", "DATE", False), col("day_name", "VARCHAR(9)"), col("month_of_year")]))
    _, _, files, diags = emit(snap=snap)
    assert not diags.has_errors(), diags.render_text()
    sm = load(files[f"{ROOT}/semantic/calendar.yml"])["semantic_models"][0]
    axis = sm["defaults"]["agg_time_dimension"]
    assert axis.startswith("day")  # `day` itself is a word dbt keeps for itself: day_field
    assert next(d for d in sm["dimensions"] if d["name"] == axis)["type"] == "time"
    assert next(e for e in sm["entities"] if e["type"] == "primary")["expr"] == axis


def test_a_dimension_has_one_type_in_the_project():
    """MetricFlow's DimensionConsistencyRule: `order_date` is a time of order_header, so a text
    `order_date` of customers (an empty CSV column, say) is a categorical dimension named apart."""
    snap = shop_snapshot("postgres")
    snap.table("shop.CUSTOMERS").columns.append(col("order_date", "VARCHAR(20)"))
    model = analyze(snap, Config(name="shop"), Diagnostics())
    files, _ = _emit_model(model, snap)
    kinds: dict[str, set[str]] = {}
    for sm in semantic_models(files):
        for d in sm.get("dimensions") or []:
            kinds.setdefault(d["name"], set()).add(d["type"])
    assert kinds["order_date"] == {"time"}
    customers = next(sm for sm in semantic_models(files) if sm["name"] == "customers")
    renamed = next(d for d in customers["dimensions"] if d.get("expr") == "order_date")
    assert renamed["type"] == "categorical" and renamed["name"] != "order_date"
    assert all(len(k) == 1 for k in kinds.values()), kinds


def _two_airport_models_snapshot():
    """Airports twice, as a table and as a view over it; flights refer to the table by their
    departure and arrival airports, routes to the view by the same roles."""
    airport = [col("airport_code", "CHAR(3)", False), col("airport_name", "TEXT"), col("timezone", "TEXT")]
    legs = [col("departure_airport", "CHAR(3)", False), col("arrival_airport", "CHAR(3)", False)]
    tables = [
        Table(name="airports_data", schema="air", columns=airport, primary_key=["airport_code"], row_count=20),
        Table(name="airports", schema="air", kind="view", columns=airport, primary_key=["airport_code"], row_count=20),
        Table(name="flights", schema="air", row_count=200, primary_key=["flight_id"],
              columns=[col("flight_id", nullable=False), *legs, col("scheduled_departure", "TIMESTAMP")],
              foreign_keys=[fk(["departure_airport"], "airports_data", ["airport_code"], "air"),
                            fk(["arrival_airport"], "airports_data", ["airport_code"], "air")]),
        Table(name="routes", schema="air", kind="view", row_count=50, primary_key=["flight_no"],
              columns=[col("flight_no", "CHAR(6)", False), *legs],
              foreign_keys=[fk(["departure_airport"], "airports", ["airport_code"], "air"),
                            fk(["arrival_airport"], "airports", ["airport_code"], "air")]),
    ]
    snap = Snapshot(source=Source(dialect="postgres", description="air.sql", database="air"), tables=tables)
    return finalize(snap, SourceOptions(), Diagnostics())


def test_a_role_keys_one_semantic_model():
    """MetricFlow joins by entity name: a role named alike on two semantic models (flights'
    arrival_airport to the airports table, routes' to the view over it) leaves every question
    by it with several join paths. The role keys the table its keys are declared to; the view's
    role is named after the view, on both sides."""
    _, _, files, diags = emit(snap=_two_airport_models_snapshot())
    assert not diags.has_errors(), diags.render_text()
    keyed: dict[str, list[str]] = {}
    entities = {}
    for sm in semantic_models(files):
        entities[sm["name"]] = {e["name"]: (e["type"], e["expr"]) for e in sm["entities"]}
        for e in sm["entities"]:
            if e["type"] in ("primary", "unique"):
                keyed.setdefault(e["name"], []).append(sm["name"])
    assert {n: m for n, m in keyed.items() if len(m) > 1} == {}
    assert entities["flights"]["arrival_airport"] == ("foreign", "arrival_airport")
    assert entities["airports_data"]["arrival_airport"] == ("unique", "airport_code")
    assert entities["routes"]["airports_arrival_airport"] == ("foreign", "arrival_airport")
    assert entities["airports"]["airports_arrival_airport"] == ("unique", "airport_code")
    assert entities["routes"]["airports_departure_airport"] == ("foreign", "departure_airport")


def test_a_dimension_computed_from_its_row_is_staged_and_reads_back_as_computed():
    """What a code stands for (a CASE over it) and any other dimension computed from the row are
    columns of the staging model, dimensions of the semantic model, and read back as computed,
    not as the column they read."""
    from ir.semantic import Dimension

    for dialect in ("postgres", "mysql", "duckdb"):
        diags = Diagnostics()
        model = analyze(shop_snapshot(dialect), Config(name="shop"), diags)
        orders = next(e for e in model.entities if any(d.column == "status" for d in e.dimensions))
        orders.dimensions.append(Dimension(name="status_name", expr="CASE WHEN status = 'p' THEN 'Placed' END", data_type="string"))
        orders.dimensions.append(Dimension(name="status_length", expr="LENGTH(status) % 2", data_type="integer"))
        backend = DbtBackend()
        files = backend.emit(model, {}, diags)
        assert not [d for d in diags.items if d.code == "DB001" and "status_" in d.message], diags.render_text()
        staged = next(t for p, t in files.items() if p.endswith(f"stg_{orders.name}.sql"))
        assert " as status_name" in staged and " as status_length" in staged
        assert check(backend, model, files, diags) == [], diags.render_text()


def test_a_role_a_table_plays_for_itself_keeps_its_name_where_others_join_it(tmp_path):
    """A department's manager and an employee's manager are one role: the employees' manager
    model is what the department's key joins. Read first, the department's key had taken the
    name, the role's model became manager_2, and MetricFlow joined the department to nothing."""
    import duckdb

    from compiler.api import snapshot

    db = tmp_path / "org.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, full_name TEXT, "
                "manager_id INTEGER REFERENCES employees (employee_id), salary DECIMAL(9, 2))")
    for i in range(1, 101):  # row by row: each manager is there before the employees they manage
        con.execute("INSERT INTO employees VALUES (?, ?, ?, ?)", [i, f"e{i}", None if i == 1 else 1 + i // 5 - (i % 5 == 0), 1000 + i])
    con.execute("CREATE TABLE a_departments (department_id INTEGER PRIMARY KEY, name TEXT, "
                "manager_id INTEGER REFERENCES employees (employee_id))")
    con.execute("INSERT INTO a_departments SELECT i, 'd' || i, i FROM range(1, 9) t(i)")
    con.close()
    snap = snapshot(str(db))
    files, _ = _emit_model(analyze(snap, Config(name="org"), Diagnostics()), snap)
    owned = {e["name"] for sm in semantic_models(files) for e in sm.get("entities") or [] if e["type"] != "foreign"}
    foreign = {e["name"] for sm in semantic_models(files) for e in sm.get("entities") or [] if e["type"] == "foreign"}
    assert "manager" in foreign and foreign <= owned, (foreign, owned)
