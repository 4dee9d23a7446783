"""The dbt, Cube, Power BI and Superset importers on hand-written models, and `mb convert`'s
handling of paths and formats: human provenance located in the files, losses reported with file
and line, and X -> IR -> X keeping every model and field (or reporting why not)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from backends.cube import CubeBackend
from backends.dbt import DbtBackend
from compiler.api import compile as compile_snapshot, read_model
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from tests.support import REPO, shop_snapshot

FIXTURES = REPO / "tests" / "fixtures" / "interchange"
DSI = FIXTURES / "dbt" / "dsi-simple-manifest"
ECTO = FIXTURES / "cube" / "ecto-recipe"
ECOM = FIXTURES / "cube" / "ecom"
PBI = REPO / "tests" / "backends" / "powerbi" / "fixtures" / "ms_sales_sample"


def _codes(diags: Diagnostics) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for d in diags.items:
        out.setdefault(d.code, []).append((d.location or "", d.message))
    return out


# ----------------------------------------------------------------------------------------- dbt

def test_dbt_semantic_models_and_metrics(tmp_path):
    diags = Diagnostics()
    fmt, model = read_model(DSI, diags=diags)
    assert fmt == "dbt"
    bookings = model.entity("bookings_source")
    assert (bookings.table.schema_, bookings.table.name) == ("$source_schema", "fct_bookings")
    measures = {m.name: m for m in bookings.measures}
    assert (measures["bookers"].agg, measures["bookers"].column) == ("count_distinct", "guest_id")
    assert (measures["instant_bookings"].agg, measures["instant_bookings"].expr) == ("sum", "CASE WHEN is_instant THEN 1 ELSE 0 END")
    assert measures["bookings"].provenance.location == "semantic_models/bookings_source.yaml:14"
    # A simple metric with a filter on its semantic model's own dimension: a filtered measure.
    assert measures["instant_booking_value"].filter == "(is_instant)"
    listings = model.entity("listings_latest")
    assert listings.primary_key == ["listing_id"]
    assert any(r.from_.table == "fct_bookings" and r.to.table == "dim_listings_latest" and r.cardinality == "many_to_one"
               for r in model.relationships)
    found = _codes(diags)
    assert ("semantic_models/bookings_source.yaml:41", ) == tuple(loc for loc, msg in found["DB102"] if "median_booking_value" in msg)[:1]
    assert any("trailing_2_months_revenue of type cumulative" in msg for _, msg in found["DB102"])
    assert not diags.has_errors()


def test_jaffle_style_project_yaml_reads(tmp_path):
    """The dbt project form: `semantic_models:` and `metrics:` lists, `model: ref(...)`, column
    descriptions and types from `models:`."""
    (tmp_path / "dbt_project.yml").write_text("name: jaffle\nversion: '1.0'\n")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "orders.yml").write_text(
        "models:\n  - name: orders\n    columns:\n      - name: order_total\n        description: Total with tax.\n        data_type: numeric\n"
        "semantic_models:\n  - name: orders\n    model: ref('orders')\n    defaults: {agg_time_dimension: ordered_at}\n"
        "    entities:\n      - {name: order_id, type: primary}\n      - {name: customer, type: foreign, expr: customer_id}\n"
        "    dimensions:\n      - {name: ordered_at, type: time, type_params: {time_granularity: day}}\n"
        "      - {name: order_total_dim, type: categorical, expr: order_total}\n"
        "    measures:\n      - {name: order_total, agg: sum}\n      - {name: order_count, expr: 1, agg: sum}\n"
        "  - name: customers\n    model: ref('customers')\n    entities:\n      - {name: customer, type: primary, expr: customer_id}\n"
        "metrics:\n  - name: large_orders\n    type: simple\n    label: Large Orders\n    type_params: {measure: order_count}\n"
        "    filter: \"{{ Dimension('order_id__order_total_dim') }} >= 20\"\n"
        "  - name: order_total\n    type: simple\n    label: Order Total\n    type_params: {measure: order_total}\n")
    diags = Diagnostics()
    fmt, model = read_model(tmp_path, diags=diags)
    assert fmt == "dbt" and model.name == "jaffle"
    orders = model.entity("orders")
    m = {x.name: x for x in orders.measures}
    assert m["large_orders"].filter == "(order_total >= 20)" and m["large_orders"].label.value == "Large Orders"
    assert m["order_total"].label.value == "Order Total"  # the simple metric of the same name lends its label
    assert orders.time_dimensions[0].data_type == "date"
    dim = next(d for d in orders.dimensions if d.name == "order_total_dim")
    assert (dim.data_type, dim.description.value) == ("decimal", "Total with tax.")
    assert [(r.from_.table, r.to.table) for r in model.relationships] == [("orders", "customers")]
    assert not diags.items


def test_dbt_to_ir_to_dbt_keeps_every_semantic_model_and_measure():
    diags = Diagnostics()
    _, model = read_model(DSI, diags=diags)
    backend, out = DbtBackend(), Diagnostics()
    files = backend.emit(model, {}, out)
    assert not out.has_errors()
    written = {sm["name"]: sm for p, text in files.items() if p.endswith(".yml") for sm in (yaml.safe_load(text) or {}).get("semantic_models") or []}
    lost = " ".join(d.message for d in [*diags.items, *out.items])
    for path in sorted((DSI / "semantic_models").glob("*.yaml")):
        sm = yaml.safe_load(path.read_text())["semantic_model"]
        got = next((w for w in written.values() if w["name"] in (sm["name"], sm["node_relation"]["alias"])), None)
        if got is None:
            assert sm["name"] in lost, sm["name"]
            continue
        for measure in sm.get("measures") or []:
            # dbt measure names are unique in a project: a repeated one is prefixed with its model's name.
            names = {m["name"] for m in got.get("measures") or []}
            kept = measure["name"] in names or f"{sm['name']}_{measure['name']}" in names
            assert kept or measure["name"] in lost, f"{sm['name']}.{measure['name']}"


# ---------------------------------------------------------------------------------------- Cube

def test_cube_yaml_cubes_and_views():
    diags = Diagnostics()
    fmt, model = read_model(ECTO, diags=diags)
    assert fmt == "cube"
    customers = model.entity("of_customers")
    assert customers.table.name == "customer"
    assert customers.primary_key == ["brand_code", "market_code", "email"]  # a key written as an expression of three columns
    dims = {d.name: d for d in customers.dimensions}
    assert dims["given_name"].column == "first_name" and dims["given_name"].description.value == "good documentation"
    assert dims["zodiac"].expr.startswith("CASE")
    m = {x.name: x for x in customers.measures}
    assert m["aquarii"].filter.startswith("(birthday_month = 1") and m["aquarii"].agg == "count_distinct"
    assert m["aquarii"].provenance.location == "model/cubes/of_customers.yaml:114"
    _, ecom = read_model(ECOM, diags=Diagnostics())
    assert [(r.from_.table, r.to.table, r.cardinality) for r in ecom.relationships] == [
        ("customers", "countries", "many_to_one"), ("orders", "customers", "many_to_one")]
    view = next(x for x in ecom.explores if x.name == "orders_view")
    assert view.root == "orders" and [(j.alias, j.from_alias) for j in view.joins] == [("customers", "orders"), ("countries", "customers")]


def test_javascript_cubes_are_reported_unsupported(tmp_path):
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "orders.yml").write_text("cubes:\n  - name: orders\n    sql_table: orders\n    dimensions:\n"
                                                  "      - {name: id, sql: id, type: number, primary_key: true}\n")
    (tmp_path / "model" / "users.js").write_text("cube(`users`, {\n  sql_table: `users`,\n});\n")
    diags = Diagnostics()
    _, model = read_model(tmp_path, fmt="cube", diags=diags)
    assert [e.name for e in model.entities] == ["orders"]
    assert [(d.code, d.location) for d in diags.items if d.code == "CB102"] == [("CB102", "model/users.js")]


def test_cube_to_ir_to_cube_keeps_every_cube_and_member():
    diags = Diagnostics()
    _, model = read_model(ECTO, diags=diags)
    out = Diagnostics()
    files = CubeBackend().emit(model, {}, out)
    assert not out.has_errors()
    written = {c["name"]: c for text in files.values() for c in (yaml.safe_load(text) or {}).get("cubes") or []}
    for path in sorted((ECTO / "model" / "cubes").glob("*.yaml")):
        for cube in yaml.safe_load(path.read_text())["cubes"]:
            got = written[cube["name"]]
            for kind in ("dimensions", "measures"):
                names = {m["name"] for m in got.get(kind) or []}
                assert {m["name"] for m in cube.get(kind) or []} <= names, (cube["name"], kind)


# ------------------------------------------------------------------------------------ Power BI

def test_power_bi_tmdl_sample():
    diags = Diagnostics()
    fmt, model = read_model(PBI, diags=diags)
    assert fmt == "powerbi"
    sales = model.entity("sales")
    assert sales.label.value == "Sales"
    m = {x.label.value if x.label else x.name: x for x in sales.measures}
    assert (m["Sales Qty"].agg, m["Sales Qty"].column) == ("sum", "Quantity")
    assert (m["Sales Amount"].agg, m["Sales Amount"].expr) == ("sum", 'Quantity * "Net Price"')
    assert {(r.from_.table, r.to.table) for r in model.relationships} >= {("Sales", "Customer"), ("Sales", "Store")}
    found = _codes(diags)
    assert any("calculation group" in msg and loc.endswith("Time Intelligence.tmdl:1") for loc, msg in found["PB102"])
    assert any("role Stores Cluster 1" in msg for _, msg in found["PB102"])
    assert any("Sales Amount (YTD)" in msg for _, msg in found["PB102"])


# ------------------------------------------------------------------------------------ Superset

def test_superset_bundle_from_a_zip(tmp_path):
    result = compile_snapshot(shop_snapshot("postgres"), ["superset"], Config(name="shop"), Diagnostics())
    zip_name = next(p for p in result.files["superset"] if p.endswith(".zip"))
    (tmp_path / zip_name).write_bytes(result.files["superset"][zip_name])
    diags = Diagnostics()
    fmt, model = read_model(tmp_path / zip_name, diags=diags)
    assert fmt == "superset" and model.dialect == "postgres"
    physical = [e.name for e in model.entities if e.kind == "table"]
    assert {e.name for e in result.model.entities} <= set(physical)
    order = model.entity("order_header")
    assert any(m.agg == "sum" and m.column == "total_amount" for m in order.measures)
    assert all(d.code in ("SS102", "SS103") for d in diags.items)


# ------------------------------------------------------------------------------- the command line

def mb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_convert_usage_errors_have_codes_and_exit_2(tmp_path):
    missing = mb("convert", "nowhere", "-t", "lookml", "-o", "out", cwd=tmp_path)
    assert missing.returncode == 2 and "error[IM002]" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "notes.txt").write_text("hello\n")
    unknown = mb("convert", str(tmp_path), "-t", "lookml", "-o", "out", cwd=REPO)
    assert unknown.returncode == 2 and "error[IM001]" in unknown.stderr
    bad = mb("convert", str(ECOM), "--from", "tiny", "-t", "lookml", "-o", "out", cwd=tmp_path)
    assert bad.returncode == 2 and "error[IM003]" in bad.stderr
    assert not (tmp_path / "out").exists()


def test_convert_writes_every_target_and_nothing_on_error(tmp_path):
    ok = mb("convert", str(ECOM), "-t", "lookml,ossie", "-o", "out", "--format", "json", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "out" / "lookml" / "cube.model.lkml").is_file() and (tmp_path / "out" / "ossie" / "cube.yaml").is_file()
    broken = tmp_path / "broken"
    (broken / "model").mkdir(parents=True)
    (broken / "model" / "a.yml").write_text("cubes:\n  - name: a\n    sql_table: a\n  - [\n")
    failed = mb("convert", str(broken), "--from", "cube", "-t", "lookml", "-o", "out2", "--format", "json", cwd=tmp_path)
    assert failed.returncode == 2
    assert [(d["code"], d["location"]) for d in json.loads(failed.stderr) if d["severity"] == "error"] == [("CB101", "model/a.yml:5")]
    assert not (tmp_path / "out2").exists()


def test_power_bi_to_ir_to_power_bi_keeps_every_imported_table_and_column():
    from backends.powerbi import PowerBIBackend
    from backends.powerbi.tmdl_parse import parse

    diags = Diagnostics()
    _, model = read_model(PBI, diags=diags)
    out = Diagnostics()
    files = PowerBIBackend().emit(model, {}, out)
    written = {n.name: {c.name for c in n.objects("column")} for p, text in files.items() if "/tables/" in p for n in parse(text)}
    reported = " ".join(d.message for d in diags.items)
    for path in sorted((PBI / "definition" / "tables").glob("*.tmdl")):
        for t in parse(path.read_text(encoding="utf-8")):
            if t.kind != "table":
                continue
            if t.name not in written:
                assert f"table {t.name}" in reported, t.name
                continue
            for c in t.objects("column"):
                assert c.name in written[t.name] or f"{t.name}[{c.name}]" in reported, f"{t.name}[{c.name}]"


def test_superset_to_ir_to_superset_keeps_every_physical_dataset_and_column(tmp_path):
    from backends.superset import SupersetBackend

    result = compile_snapshot(shop_snapshot("postgres"), ["superset"], Config(name="shop"), Diagnostics())
    source = {yaml.safe_load(t)["table_name"]: yaml.safe_load(t) for p, t in result.files["superset"].items() if p.startswith("datasets/")}
    for rel, content in result.files["superset"].items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(content if isinstance(content, bytes) else content.encode())
    _, model = read_model(tmp_path, fmt="superset", diags=Diagnostics())
    files = SupersetBackend().emit(model, {}, Diagnostics())
    back = {yaml.safe_load(t)["table_name"]: yaml.safe_load(t) for p, t in files.items() if p.startswith("datasets/") and isinstance(t, str)}
    for name, d in source.items():
        if d.get("sql"):
            continue  # virtual datasets come back as views of their name (SS102)
        assert {c["column_name"] for c in d["columns"]} <= {c["column_name"] for c in back[name]["columns"]}, name
        assert {m["metric_name"] for m in d["metrics"]} <= {m["metric_name"] for m in back[name]["metrics"]}, name
