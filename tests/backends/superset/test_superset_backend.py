"""The Superset bundle without Superset: layout, determinism, stable UUIDs, the zip, password
masking, quoting, loss reports and the round trip."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
import yaml

from backends.base import Files
from backends.superset import SupersetBackend, archive, names
from compiler.api import analyze, compile as compile_snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.roundtrip import check
from ir.catalog import TableRef
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Measure, SemanticModel
from tests.backends.superset.bundles import emit
from tests.support import shop_snapshot


def _files(dialect: str = "postgres", options: dict | None = None) -> Files:
    files, diags = emit(analyze(shop_snapshot(dialect)), options)
    assert not diags.has_errors(), diags.render_text()
    return files


def test_layout_of_the_bundle():
    files = _files()
    assert sorted(p for p in files if not p.startswith("datasets/")) == ["databases/shop.yaml", "metadata.yaml", "shop.zip"]
    assert yaml.safe_load(files["metadata.yaml"]) == {"version": "1.0.0", "type": "SqlaTable", "timestamp": "1980-01-01T00:00:00+00:00"}
    datasets = {p: yaml.safe_load(t) for p, t in files.items() if p.startswith("datasets/")}
    assert "datasets/shop/CUSTOMERS.yaml" in datasets and "datasets/shop/order_line_explore.yaml" in datasets
    db_uuid = yaml.safe_load(files["databases/shop.yaml"])["uuid"]
    for ds in datasets.values():
        assert ds["database_uuid"] == db_uuid and ds["version"] == "1.0.0"
        assert ds["schema"] == "shop"
    header = datasets["datasets/shop/order_header.yaml"]
    assert header["description"] == "One row per order." and header["main_dttm_col"] == "order_date"
    status = next(c for c in header["columns"] if c["column_name"] == "status")
    assert status["description"] == "Lifecycle state." and status["verbose_name"] == "Status"
    fk = next(c for c in header["columns"] if c["column_name"] == "cust_id")
    assert fk["groupby"] is False and fk["filterable"] is False  # hidden in the model
    date = next(c for c in header["columns"] if c["column_name"] == "order_date")
    assert date["is_dttm"] is True and date["type"] == "DATE"
    # Column types as the source spells them, precision and length included.
    amount = next(c for c in header["columns"] if c["column_name"] == "total_amount")
    assert amount["type"] == "NUMERIC(12,2)" and status["type"] == "VARCHAR(20)"
    total = next(m for m in header["metrics"] if m["metric_name"] == "sum_total_amount")
    assert total == {"metric_name": "sum_total_amount", "verbose_name": "Sum of Total Amount", "metric_type": "sum",
                     "expression": 'SUM("total_amount")', "description": None, "d3format": "$,.2f"}


def test_virtual_dataset_joins_come_from_the_relationships():
    ds = yaml.safe_load(_files()["datasets/shop/order_header_explore.yaml"])
    assert ds["table_name"] == "order_header_explore"
    sql = ds["sql"]
    assert 'FROM "shop"."order_header" AS "order_header"' in sql
    assert 'LEFT JOIN "shop"."CUSTOMERS" AS "customers" /* many_to_one */\n  ON "order_header"."cust_id" = "customers"."CUST_ID"' in sql
    assert '"ship_address"."City" AS "ship_address__City"' in sql
    assert ds["metrics"] == yaml.safe_load(_files()["datasets/shop/order_header.yaml"])["metrics"]


@pytest.mark.parametrize(("dialect", "quoted"), [("mysql", "SUM(`total_amount`)"), ("tsql", "SUM([total_amount])"), ("postgres", 'SUM("total_amount")')])
def test_expressions_are_quoted_for_the_source_dialect(dialect, quoted):
    ds = yaml.safe_load(_files(dialect)["datasets/shop/order_header.yaml"])
    assert quoted in [m["expression"] for m in ds["metrics"]]


def test_output_is_deterministic_and_uuids_are_stable():
    first, second = _files(), _files()
    assert first == second
    by_compile = []
    for _ in range(2):
        result = compile_snapshot(shop_snapshot("postgres"), ["superset"], Config(name="shop"), Diagnostics())
        by_compile.append({p: yaml.safe_load(t)["uuid"] for p, t in result.files["superset"].items() if p.endswith(".yaml") and p != "metadata.yaml"})
    assert by_compile[0] == by_compile[1]
    uuids = list(by_compile[0].values())
    assert len(set(uuids)) == len(uuids)
    assert all(uuid.UUID(u).version == 5 for u in uuids)
    # Derived from names: another database name gives other UUIDs.
    other = _files(options={"database_name": "shop_prod"})
    assert yaml.safe_load(other["databases/shop_prod.yaml"])["uuid"] == names.database_uuid("shop_prod") != by_compile[0]["databases/shop.yaml"]


def test_the_zip_holds_exactly_the_folder_with_nothing_from_the_machine():
    files = _files()
    assert isinstance(files["shop.zip"], bytes) and all(isinstance(t, str) for p, t in files.items() if p != "shop.zip")
    bundle = zipfile.ZipFile(io.BytesIO(files["shop.zip"]))
    assert bundle.testzip() is None
    infos = bundle.infolist()
    assert [i.filename for i in infos] == [f"shop/{p}" for p in sorted(files) if p != "shop.zip"]
    assert {(i.date_time, i.compress_type, i.create_system, i.external_attr) for i in infos} == {
        ((1980, 1, 1, 0, 0, 0), zipfile.ZIP_STORED, 3, 0o100644 << 16)
    }
    for info in infos:
        assert bundle.read(info) == files[info.filename.split("/", 1)[1]].encode("utf-8")


def test_the_archive_is_a_function_of_its_entries():
    entries = [("r/b.yaml", "k: é\n".encode()), ("r/a.yaml", b"")]
    data = archive.build(entries)
    assert data == archive.build(list(entries))
    assert [i.filename for i in zipfile.ZipFile(io.BytesIO(data)).infolist()] == ["r/b.yaml", "r/a.yaml"]  # order kept
    assert data != archive.build(entries[::-1])


def test_the_password_is_masked_and_documented():
    files = _files(options={"sqlalchemy_uri": "postgresql://bi:hunter2@warehouse:5432/shop"})
    db = files["databases/shop.yaml"]
    assert yaml.safe_load(db)["sqlalchemy_uri"] == "postgresql://bi:XXXXXXXXXX@warehouse:5432/shop"
    assert "passwords=" in db and not any(b"hunter2" in (t if isinstance(t, bytes) else t.encode()) for t in files.values())
    placeholder = yaml.safe_load(_files("tsql")["databases/shop.yaml"])["sqlalchemy_uri"]
    assert placeholder == "mssql+pymssql://USER:XXXXXXXXXX@HOST:1433/shop"


def test_a_change_in_one_column_changes_one_dataset_file():
    snap = shop_snapshot("postgres")
    before = emit(analyze(snap))[0]
    snap.table("shop.order_header").column("status").comment = "Where the order is."
    after = emit(analyze(snap))[0]
    changed = sorted(p for p in before if before[p] != after[p])
    # The root's file, the explores showing the column, and the zip that holds them.
    assert changed == ["datasets/shop/order_header.yaml", "datasets/shop/order_header_explore.yaml",
                       "datasets/shop/order_line_explore.yaml", "shop.zip"]


def _tiny(**entity_changes) -> SemanticModel:
    entity = Entity(
        name="orders", table=TableRef(name="orders", schema="s"), label=Text.declared("Orders"), primary_key=["id"],
        dimensions=[Dimension(name="id", column="id", data_type="integer", primary_key=True)],
        measures=[Measure(name="count", agg="count")],
    )
    return SemanticModel(name="m", dialect="postgres", entities=[entity.model_copy(update=entity_changes)])


def test_loss_reports_name_what_superset_cannot_hold():
    model = _tiny(
        dimensions=[
            Dimension(name="id", column="id", data_type="integer", primary_key=True),
            Dimension(name="broken", expr="CASE WHEN", data_type="string"),
            Dimension(name="ID", expr="id + 1", data_type="integer"),
        ]
    )
    files, diags = emit(model)
    codes = {(d.code, d.location) for d in diags.items}
    assert ("SS001", "orders.broken") in codes  # left out, reported, not emitted broken
    assert ("SS002", "orders.ID") in codes  # case-insensitive clash with column "id"
    loss = next(d for d in diags.items if d.code == "SS005")
    assert "primary key orders.id" in loss.message and "label of orders" in loss.message
    assert not diags.has_errors(), diags.render_text()  # the round trip agrees with the loss report
    columns = [c["column_name"] for c in yaml.safe_load(files["datasets/m/orders.yaml"])["columns"]]
    assert columns == ["id", "ID_2"]


def test_round_trip_finds_a_tampered_bundle():
    model = analyze(shop_snapshot("postgres"))
    backend = SupersetBackend()
    files = backend.emit(model, {}, Diagnostics())
    ds = yaml.safe_load(files["datasets/shop/order_header.yaml"])
    ds["metrics"][0]["metric_type"] = "sum"
    files["datasets/shop/order_header.yaml"] = yaml.safe_dump(ds, sort_keys=False)
    diags = Diagnostics()
    found = check(backend, model, files, diags)
    assert any("measure order_header.count changed: agg 'count' became 'sum'" in d.message for d in found)
    messages = [d.message for d in diags.items]  # the reader's own findings are reported, not returned
    assert any("datasets/shop/order_header.yaml differs between the zip and the folder" in m for m in messages)


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "tsql", "duckdb", "sqlite", "bigquery", "snowflake"])
def test_round_trip_is_clean_across_dialects(dialect):
    snap = shop_snapshot(dialect)
    diags = Diagnostics()
    compile_snapshot(snap, ["superset"], Config(name="shop"), diags)
    assert not diags.has_errors(), diags.render_text()


def test_tsql_tables_named_like_temporary_ones_read_back_as_named():
    # T-SQL marks temporary tables with # (## for global ones); tables really named so keep the mark.
    snap = shop_snapshot("tsql")
    for table, name in zip(snap.tables, ("#orders", "##customers")):
        table.name = name
    diags = Diagnostics()
    compile_snapshot(snap, ["superset"], Config(name="shop"), diags)
    assert not diags.has_errors(), diags.render_text()


@pytest.mark.parametrize(
    ("dialect", "source", "uri"),
    [
        # A URL as the snapshot keeps it (password hidden) carries Superset's mask instead.
        ("postgres", "postgresql://bi:***@warehouse:5432/shop", "postgresql://bi:XXXXXXXXXX@warehouse:5432/shop"),
        ("mysql", "mysql://reader@db/shop", "mysql://reader@db/shop"),
        ("sqlite", "chinook.sqlite", "sqlite:///chinook.sqlite"),
        ("duckdb", "chinook.duckdb", "duckdb:///chinook.duckdb"),
    ],
)
def test_the_database_uri_comes_from_the_source(dialect, source, uri):
    model = analyze(shop_snapshot(dialect)).model_copy(update={"source": source})
    files, diags = emit(model)
    assert yaml.safe_load(files["databases/shop.yaml"])["sqlalchemy_uri"] == uri
    assert "SS003" not in {d.code for d in diags.items}
    # The option still wins.
    files, _ = emit(model, {"sqlalchemy_uri": "trino://u@h:8080/cat"})
    assert yaml.safe_load(files["databases/shop.yaml"])["sqlalchemy_uri"] == "trino://u@h:8080/cat"


@pytest.mark.parametrize(("dialect", "source"), [("sqlite", "shop.sql"), ("sqlite", "sqlite (in memory)"), ("postgres", None)])
def test_a_placeholder_only_when_the_source_names_no_database(dialect, source):
    model = analyze(shop_snapshot(dialect)).model_copy(update={"source": source, "name": "shop_model"})
    files, diags = emit(model)
    # The placeholder names the source's database, not the model.
    expected = {"sqlite": "sqlite:///shop.sqlite", "postgres": "postgresql://USER:XXXXXXXXXX@HOST:5432/shop"}[dialect]
    assert yaml.safe_load(files["databases/shop_model.yaml"])["sqlalchemy_uri"] == expected
    assert "SS003" in {d.code for d in diags.items}


def test_column_types_fall_back_to_the_normalized_type():
    model = _tiny(dimensions=[Dimension(name="id", column="id", data_type="integer"),
                              Dimension(name="code", column="code", data_type="string", native_type="CHAR(3)")])
    files, diags = emit(model)
    assert not diags.has_errors(), diags.render_text()
    types = {c["column_name"]: c["type"] for c in yaml.safe_load(files["datasets/m/orders.yaml"])["columns"]}
    assert types == {"id": "BIGINT", "code": "CHAR(3)"}
