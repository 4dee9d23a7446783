"""Real dbt over generated projects: `dbt parse` and `dbt build` (dbt-core<1.12 with dbt-duckdb,
in its own venv) pass on clean data, and an orphan foreign key fails the matching relationships
test. On a small DuckDB database made here, and on Chinook and Northwind converted to DuckDB."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from backends.dbt import DbtBackend
from compiler.api import analyze, snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.roundtrip import check
from tests.services import dataset, service_unavailable

from dbt_runner import DbtUnavailable, drop_foreign_keys, ensure_dbt, run_dbt, sqlite_to_duckdb, write_project

SHOP = """
create table customers (id integer primary key, full_name varchar not null, segment varchar, created_at timestamp);
create table orders (
    order_id integer primary key, customer_id integer not null references customers (id),
    status varchar not null, ordered_at date not null, amount decimal(10, 2), shipped_on varchar);
create table order_items (
    order_id integer not null references orders (order_id), line_no integer not null, sku varchar, quantity integer,
    primary key (order_id, line_no));
insert into customers select i, 'Customer ' || i, ['retail', 'wholesale'][1 + i % 2], timestamp '2024-01-01' + to_days(i::integer)
    from range(1, 41) t(i);
insert into orders select i, 1 + i % 40, ['placed', 'shipped', 'returned'][1 + i % 3], date '2024-02-01' + i::integer, i * 1.5,
    strftime(date '2024-02-03' + i::integer, '%Y-%m-%d') from range(1, 121) t(i);
insert into order_items select 1 + i % 120, i, 'SKU-' || (i % 7), 1 + i % 4 from range(1, 301) t(i);
"""


@pytest.fixture(scope="session")
def dbt() -> Path:
    try:
        return ensure_dbt()
    except DbtUnavailable as e:
        service_unavailable(f"dbt could not be installed into .cache/validators/dbt: {e}")


def generate(db: Path, name: str) -> dict[str, str]:
    diags = Diagnostics()
    snap = snapshot(str(db), diags=diags)
    model = analyze(snap, Config(name=name), diags)
    backend = DbtBackend()
    files = backend.emit(model, {}, diags)
    check(backend, model, files, diags)
    assert not diags.has_errors(), diags.render_text()
    return files


def build_project(tmp_path: Path, db: Path, name: str) -> tuple[Path, dict[str, str]]:
    files = generate(db, name)
    root = tmp_path / "project"
    write_project(root, files, db)
    # A hand-written model beside the generated folder, built on a generated staging model.
    stg = next(p for p in sorted(files) if "/staging/stg_" in p and p.endswith(".sql")).rsplit("/", 1)[1][:-4]
    (root / "models" / "my_model.sql").write_text(f"select count(*) as n from {{{{ ref('{stg}') }}}}\n")
    return root, files


def assert_clean(dbt: Path, root: Path) -> None:
    parsed = run_dbt(dbt, root, "parse")
    assert parsed.returncode == 0, parsed.output[-6000:]
    built = run_dbt(dbt, root, "build")
    assert built.returncode == 0, built.output[-6000:]
    assert " WARN=0 " in built.output and " ERROR=0 " in built.output, built.output[-3000:]
    assert "PASS=" in built.output


def duckdb_file(path: Path, sql: str) -> Path:
    """A DuckDB database file holding what `sql` creates."""
    con = duckdb.connect(str(path))
    try:
        con.execute(sql)
    finally:
        con.close()
    return path


def assert_orphan_fails(dbt: Path, root: Path, db: Path, table: str, insert: str, column: str) -> None:
    drop_foreign_keys(db, table)
    duckdb_file(db, insert)
    built = run_dbt(dbt, root, "build")
    assert built.returncode != 0, built.output[-3000:]
    failed = built.failed_tests()
    assert failed, built.output[-3000:]
    # The source test and the staging model's test: both name the column (raw or snake_case).
    flat = [re.sub("[^a-z]", "", t.lower()) for t in failed]
    assert all("relationships" in t and re.sub("[^a-z]", "", column.lower()) in t for t in flat), failed
    assert any(t.startswith("source_relationships") for t in failed) and any(t.startswith("relationships_stg_") for t in failed), failed


@pytest.mark.slow
def test_small_duckdb_database(dbt, tmp_path):
    db = duckdb_file(tmp_path / "shop.duckdb", SHOP)
    root, files = build_project(tmp_path, db, "shop")
    sources = files["models/mb_generated/sources.yml"]
    assert "accepted_values:" in sources and "- shipped" in sources
    # An ISO date kept as text is staged as a date, and MetricFlow reads it as a time dimension.
    assert 'CAST(NULLIF("shipped_on", \'\') AS DATE) as shipped_on' in files["models/mb_generated/staging/stg_orders.sql"]
    assert "relationships:" in sources
    assert_clean(dbt, root)
    assert (root / "models" / "my_model.sql").exists()
    assert_orphan_fails(dbt, root, db, "order_items", "insert into order_items values (999, 1, 'SKU-1', 1)", "order_id")


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, table, insert, column",
    [
        ("chinook", "InvoiceLine", 'insert into "InvoiceLine" values (99999, 1, 999999, 0.99, 1)', "TrackId"),
        ("northwind", "Order Details", 'insert into "Order Details" values (10248, 99999, 1.0, 1, 0.0)', "ProductID"),
    ],
)
def test_sample_database(dbt, tmp_path, name, table, insert, column):
    db = tmp_path / f"{name}.duckdb"
    sqlite_to_duckdb(dataset(f"{name}.sqlite"), db, tmp_path)
    root, files = build_project(tmp_path, db, name)
    assert_clean(dbt, root)
    if name == "chinook":
        # InvoiceLine has no date of its own: its measures aggregate over the invoice's date,
        # joined in by fct_invoice_line, and are metrics MetricFlow knows.
        assert "models/mb_generated/marts/fct_invoice_line.sql" in files
        manifest = json.loads((root / "target" / "semantic_manifest.json").read_text(encoding="utf-8"))
        models = {sm["name"]: sm for sm in manifest["semantic_models"]}
        line = models["invoice_line"]
        assert line["defaults"]["agg_time_dimension"] == "invoice_date"
        assert "fct_invoice_line" in json.dumps(line["node_relation"])
        assert "invoice_line_revenue" in {m["name"] for m in line["measures"]}
        metrics = {m["name"]: m for m in manifest["metrics"]}
        assert metrics["invoice_line_revenue"]["type_params"]["measure"]["name"] == "invoice_line_revenue"
        # One simple metric per measure, and no metric the backend invented.
        assert {m["type"] for m in metrics.values()} == {"simple"}
    assert_orphan_fails(dbt, root, db, table, insert, column)
    shutil.rmtree(root / "target", ignore_errors=True)


# Tables named like one of their columns (Sakila-like `film.film`, a table `yes` with a column `yes`,
# YAML 1.1's boolean), with and without a primary key, and a child whose columns repeat its
# parents' names: one name would be a semantic model, an entity and a dimension at once.
SAME_NAMES = """
create table "yes" (id integer primary key, "yes" varchar not null, created_at timestamp, amount decimal(10, 2));
create table film (film_id integer primary key, film varchar not null, title varchar);
create table film_text (film_text varchar, film_id integer references film (film_id), length_min integer);
create table store (store varchar, city varchar, opened_at timestamp, floor_space integer);
create table rental (
    rental integer primary key, film_id integer not null references film (film_id), yes_id integer references "yes" (id),
    film varchar, "yes" varchar, store varchar, rental_date date not null, amount decimal(8, 2));
insert into "yes" select i, 'y' || i, timestamp '2024-01-01' + to_days(i::integer), i from range(1, 6) t(i);
insert into film select i, 'F' || i, 'Title ' || i from range(1, 11) t(i);
insert into film_text select 'text ' || i, i, 90 + i from range(1, 11) t(i);
insert into store select 'S' || i, 'City ' || i, timestamp '2023-01-01' + to_days(i::integer), 100 * i from range(1, 4) t(i);
insert into rental select i, 1 + i % 10, 1 + i % 5, 'f' || i, 'y' || i, 'S' || (1 + i % 3), date '2024-02-01' + i::integer, i * 0.5 from range(1, 31) t(i);
"""


@pytest.mark.slow
def test_tables_named_like_their_columns(dbt, tmp_path):
    db = duckdb_file(tmp_path / "same.duckdb", SAME_NAMES)
    root, files = build_project(tmp_path, db, "same")
    assert_clean(dbt, root)
    manifest = json.loads((root / "target" / "semantic_manifest.json").read_text(encoding="utf-8"))
    models = {sm["name"]: sm for sm in manifest["semantic_models"]}
    assert {"yes", "film", "film_text", "store", "rental"} <= set(models)
    # Each name is one kind of element in the project: the film entity is not also a dimension.
    kinds: dict[str, set[str]] = {}
    for sm in models.values():
        for kind in ("entities", "dimensions", "measures"):
            for element in sm.get(kind) or []:
                kinds.setdefault(element["name"], set()).add(kind)
    assert all(len(k) == 1 for k in kinds.values()), {n: k for n, k in kinds.items() if len(k) > 1}
    assert {"film", "yes"} <= {n for n, k in kinds.items() if k == {"entities"}}


COMPOSITE = """
create table part (p_partkey integer primary key, p_name varchar);
create table supplier (s_suppkey integer primary key, s_name varchar);
create table partsupp (ps_partkey integer references part (p_partkey), ps_suppkey integer references supplier (s_suppkey),
                       ps_comment varchar, ps_supplycost decimal(10, 2), primary key (ps_partkey, ps_suppkey));
create table lineitem (l_orderkey integer, l_linenumber integer, l_partkey integer, l_suppkey integer,
                       l_quantity integer, l_shipdate date, primary key (l_orderkey, l_linenumber),
                       foreign key (l_partkey, l_suppkey) references partsupp (ps_partkey, ps_suppkey));
insert into part select i, 'P' || i from range(1, 6) t(i);
insert into supplier select i, 'S' || i from range(1, 4) t(i);
insert into partsupp select p, s, 'c' || p || s, p * s from range(1, 6) a(p), range(1, 4) b(s);
insert into lineitem select 1 + i // 4, i % 4, 1 + i % 5, 1 + i % 3, i, date '2024-01-01' + i::integer from range(0, 40) t(i);
"""


@pytest.mark.slow
def test_a_composite_key_is_one_entity(dbt, tmp_path):
    """A line item refers to partsupp by part and supplier: MetricFlow entities are one
    expression, so both sides join on their key columns as one text, and partsupp's composite
    primary key is its primary entity. dbt parses and builds it."""
    db = duckdb_file(tmp_path / "tpch.duckdb", COMPOSITE)
    root, files = build_project(tmp_path, db, "tpch")
    assert_clean(dbt, root)
    manifest = json.loads((root / "target" / "semantic_manifest.json").read_text(encoding="utf-8"))
    models = {sm["name"]: {e["name"]: (e["type"], e["expr"]) for e in sm["entities"]} for sm in manifest["semantic_models"]}
    assert models["partsupp"]["partsupp"] == ("primary", "CAST(ps_partkey AS TEXT) || '|' || CAST(ps_suppkey AS TEXT)")
    assert models["lineitem"]["partsupp"] == ("foreign", "CAST(l_partkey AS TEXT) || '|' || CAST(l_suppkey AS TEXT)")
