"""The Ossie backend: Chinook, Northwind and TPC-H compile to files the Ossie JSON Schemas accept
(0.1.1 by default, the 0.2.0.dev0 draft by option), read back into the same model, byte for byte
the same on every run; and Ossie files people wrote import with their losses reported."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from backends.ossie import OssieBackend
from compiler.api import analyze, read_model, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.roundtrip import check
from ir.semantic import SemanticModel
from tests.services import dataset, tpch_duckdb
from tests.support import REPO, SHARED

SCHEMAS = REPO / "backends" / "ossie" / "schema"
REFERENCE = SHARED / "reference" / "ossie"


def _unquoted(condition: str | None, dialect: str) -> str | None:
    """A filter with its identifiers unquoted: the reader quotes a column only where its source's
    case rule needs it ("Discontinued" is Discontinued on SQLite), the same column either way."""
    import sqlglot
    from sqlglot import exp

    if condition is None:
        return None
    tree = sqlglot.parse_one(condition, read=dialect)
    return tree.transform(lambda n: exp.Identifier(this=n.this, quoted=False) if isinstance(n, exp.Identifier) else n).sql(dialect=dialect)


def validator(version: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"ossie-{version}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(version: str, doc: dict) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator(version).iter_errors(doc)]


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict[str, SemanticModel]:
    out = {}
    sources = {"chinook": dataset("chinook.sqlite"), "northwind": dataset("northwind.sqlite"),
               "tpch": tpch_duckdb(tmp_path_factory.mktemp("tpch"))}
    for name, path in sources.items():
        diags = Diagnostics()
        out[name] = analyze(snapshot(str(path), diags=diags), Config(name=name), diags)
        assert not diags.has_errors(), diags.render_text()
    return out


def emit(model: SemanticModel, version: str = "0.1.1") -> tuple[OssieBackend, dict, Diagnostics]:
    backend, diags = OssieBackend(), Diagnostics()
    files = backend.emit(model, {"version": version}, diags)
    assert not diags.has_errors(), diags.render_text()
    return backend, files, diags


@pytest.mark.parametrize("version", ["0.1.1", "0.2.0.dev0"])
@pytest.mark.parametrize("name", ["chinook", "northwind", "tpch"])
def test_output_is_schema_valid_and_reads_back(models, name, version):
    model = models[name]
    backend, files, _ = emit(model, version)
    assert list(files) == [f"{name}.yaml"]
    doc = yaml.safe_load(files[f"{name}.yaml"])
    assert doc["version"] == version
    assert errors(version, doc) == []
    # Every entity, field, measure and relationship is in the file.
    sm = doc["semantic_model"][0]
    assert [d["name"] for d in sm["datasets"]] == [e.name for e in model.entities]
    for ds, e in zip(sm["datasets"], model.entities):
        assert [f["name"] for f in ds.get("fields", [])] == [f.name for f in [*e.dimensions, *e.time_dimensions]]
    assert len(sm.get("metrics", [])) == sum(len(e.measures) for e in model.entities) + len(model.metrics)
    assert len(sm.get("relationships", [])) == len(model.relationships)
    # The round trip: the file reads back into the same model, facet by facet.
    diags = Diagnostics()
    assert check(backend, model, files, diags) == [], diags.render_text()
    back = backend.read(files, diags)
    assert not diags.items, diags.render_text()
    for e, b in zip(model.entities, back.entities):
        assert ([(m.name, m.agg, m.column, _unquoted(m.filter, model.dialect)) for m in e.measures]
                == [(m.name, m.agg, m.column, _unquoted(m.filter, model.dialect)) for m in b.measures])
        assert b.primary_key == e.primary_key and b.unique_keys == e.unique_keys
        assert [d.data_type for d in b.dimensions] == [d.data_type for d in e.dimensions]
    assert back.dialect == model.dialect


def test_output_is_deterministic_and_reports_what_it_carries(models):
    model = models["chinook"]
    _, first, diags = emit(model)
    _, second, _ = emit(model.model_copy(deep=True))
    assert first == second
    notes = {d.code: d.message for d in diags.items}
    assert "relationship cardinality (11)" in notes["OS001"] and "hidden fields" in notes["OS001"]
    assert notes["OS002"].startswith(f"{len(model.explores)} explores left out")
    doc = yaml.safe_load(first["chinook.yaml"])
    rel = next(r for r in doc["semantic_model"][0]["relationships"] if r["from"] == "invoice_line" and r["to"] == "track")
    assert (rel["from_columns"], rel["to_columns"]) == (["TrackId"], ["TrackId"])  # keys name columns
    assert json.loads(rel["custom_extensions"][0]["data"]) == {"cardinality": "many_to_one", "role": "track"}


def test_measures_become_ansi_aggregates_over_fields():
    snap_diags = Diagnostics()
    model = analyze(snapshot(str(dataset("chinook.sqlite")), diags=snap_diags), Config.model_validate({"overrides": {"tables": {
        "InvoiceLine": {"measures": [{"name": "big_line_revenue", "agg": "sum", "expr": "UnitPrice * Quantity", "filter": "Quantity > 1"}]},
        "Invoice": {"measures": [{"name": "german_invoices", "agg": "count", "filter": "BillingCountry = 'Germany'"}]},
    }}}), snap_diags)
    _, files, _ = emit(model)
    metrics = {m["name"]: m for m in yaml.safe_load(files["chinook.yaml"])["semantic_model"][0]["metrics"]}
    text = {k: m["expression"]["dialects"][0]["expression"] for k, m in metrics.items()}
    assert text["invoice_line_big_line_revenue"] == "SUM(CASE WHEN invoice_line.quantity > 1 THEN invoice_line.unit_price * invoice_line.quantity END)"
    assert text["invoice_german_invoices"] == "COUNT(CASE WHEN invoice.billing_country = 'Germany' THEN 1 END)"
    assert text["invoice_count"] == "COUNT(invoice.invoice_id)"
    back = OssieBackend().read(files, Diagnostics())
    line = next(m for m in back.entity("invoice_line").measures if m.name == "big_line_revenue")
    assert (line.agg, line.expr, line.filter) == ("sum", "UnitPrice * Quantity", "Quantity > 1")


def test_version_is_an_option_checked_by_the_backends_model(tmp_path):
    (tmp_path / "mb.yaml").write_text("ossie:\n  version: '0.3'\n")
    from compiler.config import load_config
    from compiler.diagnostics import InputError

    with pytest.raises(InputError) as err:
        load_config(tmp_path / "mb.yaml", Diagnostics())
    assert err.value.location.endswith("mb.yaml:2") and "ossie.version" in err.value.message


def test_vendored_schemas_are_the_published_ones():
    if not REFERENCE.is_dir():
        pytest.skip(f"{REFERENCE} not present")
    for version in ("0.1.1", "0.2.0.dev0"):
        assert (SCHEMAS / f"ossie-{version}.schema.json").read_bytes() == (REFERENCE / version / "osi-schema.json").read_bytes()
    assert (SCHEMAS / "LICENSE").read_bytes() == (REFERENCE / "LICENSE").read_bytes()


def test_the_schema_check_catches_a_broken_file(models):
    _, files, _ = emit(models["chinook"])
    doc = yaml.safe_load(files["chinook.yaml"])
    del doc["semantic_model"][0]["datasets"][0]["source"]
    doc["semantic_model"][0]["relationships"][0]["custom_extensions"][0]["vendor_name"] = "MB"
    found = errors("0.1.1", doc)
    assert any("'source' is a required property" in e for e in found) and any("'MB' is not one of" in e for e in found)


# ----------------------------------------------------------------------------------- importing

TPCDS = REPO / "examples" / "tpcds" / "tpcds_semantic_model.yaml"


def test_a_hand_written_ossie_file_imports_with_human_provenance_and_a_loss_report():
    diags = Diagnostics()
    fmt, model = read_model(TPCDS, diags=diags)
    assert fmt == "ossie"
    assert [e.name for e in model.entities] == ["store_sales", "date_dim", "customer", "item", "store"]
    sales = model.entity("store_sales")
    assert sales.primary_key == ["ss_item_sk", "ss_ticket_number"]
    assert sales.table.schema_ == "public" and model.database == "tpcds"
    total = next(m for m in sales.measures if m.name == "total_sales")
    assert (total.agg, total.column) == ("sum", "ss_ext_sales_price")
    assert total.provenance.origin == "human" and total.provenance.location.startswith("tpcds_semantic_model.yaml:")
    assert "sales transactions" in sales.synonyms
    assert {(r.from_.table, r.to.table, r.cardinality) for r in model.relationships} >= {("store_sales", "date_dim", "many_to_one")}
    found = {(d.code, d.location.rsplit(":", 1)[-1]) for d in diags.items}
    # Another vendor's extension, the instructions for AI, the cross-dataset metrics: reported, located.
    assert ("OS102", "614") in found and ("OS102", "28") in found
    assert not [d for d in diags.items if d.code == "OS103"]
    # A metric over two datasets: owned by the first, the other's measure reached by a join.
    clv = next(m for m in model.metrics if m.name == "customer_lifetime_value")
    assert (clv.type, clv.entity, clv.numerator, clv.denominator) == ("ratio", "store_sales", "total_sales", "customer.count_distinct_c_customer_sk")
    assert [s.to_entity for s in clv.path] == ["customer"]
    assert not diags.has_errors()


def test_ossie_to_ossie_keeps_every_dataset_field_and_metric():
    """X -> IR -> X: every dataset, field, relationship and (single-dataset) metric survives."""
    diags = Diagnostics()
    _, model = read_model(TPCDS, diags=diags)
    _, files, _ = emit(model, "0.2.0.dev0")
    doc = yaml.safe_load(files[f"{model.name}.yaml"])
    assert errors("0.2.0.dev0", doc) == []
    source = yaml.safe_load(TPCDS.read_text())["semantic_model"][0]
    out = doc["semantic_model"][0]
    assert [d["name"] for d in out["datasets"]] == [d["name"] for d in source["datasets"]]
    for a, b in zip(source["datasets"], out["datasets"]):
        assert {f["name"] for f in a["fields"]} <= {f["name"] for f in b["fields"]}
        assert {f["name"]: f.get("datatype") for f in a["fields"]} == {f["name"]: f.get("datatype") for f in b["fields"] if f["name"] in {x["name"] for x in a["fields"]}}
    assert {(r["from"], r["to"], tuple(r["from_columns"])) for r in source["relationships"]} == {
        (r["from"], r["to"], tuple(r["from_columns"])) for r in out["relationships"]}
    lost = {"customer_lifetime_value", "store_productivity"}  # ratios: written with NULLIF around the denominator
    written = {m["expression"]["dialects"][0]["expression"] for m in out["metrics"]}
    for m in source["metrics"]:
        if m["name"] not in lost:
            assert m["expression"]["dialects"][0]["expression"] in written


# ------------------------------------------------------------------------------- property test

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.test_roundtrip import models as generated_models  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated_models())
def test_any_model_round_trips_and_is_schema_valid(model):
    """Hostile names (quotes, brackets, dots, keywords), prose with any character, composite keys:
    the file is schema-valid, reads back to the same model, and is the same bytes twice."""
    backend, diags = OssieBackend(), Diagnostics()
    files = backend.emit(model, {}, diags)
    found = check(backend, model, files, diags)
    assert found == [], "\n".join(d.render() for d in found)
    assert errors("0.1.1", yaml.safe_load(next(iter(files.values())))) == []
    assert OssieBackend().emit(model, {}, Diagnostics()) == files


def test_json_for_dbts_osi_folder(models):
    """`ossie: {format: json}` writes `<model>.json`, the form dbt 1.12 reads; same content, and
    it reads back the same."""
    model = models["northwind"]
    backend, files, _ = emit(model)
    jbackend = OssieBackend()
    jfiles = jbackend.emit(model, {"format": "json"}, Diagnostics())
    assert list(jfiles) == ["northwind.json"]
    assert json.loads(jfiles["northwind.json"]) == yaml.safe_load(files["northwind.yaml"])
    assert check(jbackend, model, jfiles, Diagnostics()) == []


def test_a_number_kept_as_text_reads_back_as_its_column(tmp_path):
    """A CSV loaded as text: `price` is read through its cast in the field's expression, and the
    measure summing it reads back as a sum of the column, as the model has it."""
    import sqlite3

    path = tmp_path / "items.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE items (item_id TEXT, price TEXT, sold_on TEXT)")
    con.executemany("INSERT INTO items VALUES (?, ?, ?)",
                    [(f"i{i}", "" if i % 40 == 0 else f"{5 + i % 90}.25", f"2024-01-{1 + i % 28:02d}") for i in range(500)])
    con.commit()
    con.close()
    diags = Diagnostics()
    model = analyze(snapshot(str(path), diags=diags), Config(name="items"), diags)
    price = next(d for d in model.entity_index()["items"].dimensions if d.column == "price")
    assert price.expr and price.data_type == "decimal"
    backend, files, _ = emit(model)
    back = backend.read(files, Diagnostics())
    assert [(m.agg, m.column, m.expr) for m in back.entity_index()["items"].measures] == \
        [(m.agg, m.column, m.expr) for m in model.entity_index()["items"].measures]
    assert next(d for d in back.entity_index()["items"].dimensions if d.name == price.name).column == "price"
