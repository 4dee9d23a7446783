"""Every metric expression, calculated column and virtual dataset SQL of the bundle runs on a
DuckDB copy of Chinook and returns rows, the way Superset wraps them:
`SELECT <metric> FROM <table>` and `SELECT ... FROM (<sql>) AS virtual_table`."""

from __future__ import annotations

import duckdb
import pytest
import yaml

from backends.superset import sql as ss_sql
from tests.backends.superset.bundles import chinook_duckdb, emit, enrich, model_of


@pytest.fixture(scope="module")
def chinook(tmp_path_factory):
    path = chinook_duckdb(tmp_path_factory.mktemp("duck") / "chinook.duckdb")
    model = enrich(model_of(path, "chinook"))
    files, diags = emit(model, {"sqlalchemy_uri": f"duckdb:///{path.as_posix()}"})
    assert not diags.has_errors(), diags.render_text()
    con = duckdb.connect(str(path), read_only=True)
    yield con, {p: yaml.safe_load(t) for p, t in files.items() if p.startswith("datasets/")}
    con.close()


def _source(ds: dict) -> str:
    if ds["sql"]:
        return f"({ds['sql']}) AS virtual_table"
    return ss_sql.table_sql(ds["table_name"], ds["schema"], "duckdb")


def test_the_bundle_has_physical_and_virtual_datasets(chinook):
    _, datasets = chinook
    virtual = [d for d in datasets.values() if d["sql"]]
    assert len(datasets) - len(virtual) == 11
    # Explores are rooted at facts and bridges, and at every table whose own measures people ask
    # about (tracks by genre, employees by title, customers by country); not at pure lookups
    # (genre, media type).
    assert {d["table_name"] for d in virtual} == {"invoice_explore", "invoice_line_explore", "playlist_track_explore",
                                                  "track_explore", "employee_explore", "customer_explore"}


def test_every_metric_returns_a_row(chinook):
    con, datasets = chinook
    ran = 0
    for path, ds in sorted(datasets.items()):
        for m in ds["metrics"]:
            rows = con.execute(f"SELECT {m['expression']} AS v FROM {_source(ds)}").fetchall()
            assert len(rows) == 1, (path, m["metric_name"])
            ran += 1
    assert ran >= 25


def test_metrics_give_the_numbers_chinook_has(chinook):
    con, datasets = chinook
    invoice = datasets["datasets/chinook/Invoice.yaml"]
    value = {m["metric_name"]: con.execute(f"SELECT {m['expression']} FROM {_source(invoice)}").fetchone()[0] for m in invoice["metrics"]}
    assert value["count"] == 412
    assert float(value["revenue"]) == pytest.approx(2328.60)
    assert float(value["usa_share"]) == pytest.approx(523.06 / 2328.60, rel=1e-4)
    assert value["customers"] == 59
    assert float(value["revenue_per_customer"]) == pytest.approx(2328.60 / 59, rel=1e-6)


def test_every_virtual_dataset_returns_rows_and_its_declared_columns(chinook):
    con, datasets = chinook
    for path, ds in sorted(datasets.items()):
        if not ds["sql"]:
            continue
        cur = con.execute(f"SELECT * FROM {_source(ds)} LIMIT 5")
        rows = cur.fetchall()
        assert rows, path
        assert [d[0] for d in cur.description] == [c["column_name"] for c in ds["columns"]], path


def test_root_metrics_slice_by_joined_columns(chinook):
    con, datasets = chinook
    explore = datasets["datasets/chinook/invoice_line_explore.yaml"]
    assert explore["main_dttm_col"] == "invoice__InvoiceDate"
    metric = next(m for m in explore["metrics"] if m["metric_name"] == "count")
    rows = con.execute(
        f'SELECT "genre__Name", {metric["expression"]} FROM {_source(explore)} GROUP BY 1 ORDER BY 2 DESC'
    ).fetchall()
    assert rows[0] == ("Rock", 835)
    assert sum(r[1] for r in rows) == 2240  # many-to-one joins: no row counted twice


def test_every_calculated_column_returns_rows(chinook):
    con, datasets = chinook
    ran = 0
    for path, ds in sorted(datasets.items()):
        for c in ds["columns"]:
            if c["expression"]:
                assert con.execute(f"SELECT {c['expression']} FROM {_source(ds)} LIMIT 3").fetchall(), (path, c["column_name"])
                ran += 1
    assert ran >= 2


def test_a_flag_kept_as_text_counts_through_the_explore(tmp_path):
    """A 0/1 flag kept as text ('' for none) is read through a cast, under a field name that
    differs from the column's only by case (discontinued, Discontinued). The explore's virtual
    dataset gives the root's flag count and sum by a joined column the same as the table does."""
    from ir.semantic import Measure

    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute('CREATE TABLE "Categories" ("CategoryID" BIGINT PRIMARY KEY, "CategoryName" VARCHAR NOT NULL)')
    con.execute('CREATE TABLE "Products" ("ProductID" BIGINT PRIMARY KEY, "ProductName" VARCHAR NOT NULL, '
                '"CategoryID" BIGINT REFERENCES "Categories" ("CategoryID"), "UnitsInStock" BIGINT, "Discontinued" VARCHAR NOT NULL)')
    con.execute("INSERT INTO \"Categories\" VALUES (1, 'Beverages'), (2, 'Condiments'), (3, 'Seafood')")
    con.executemany('INSERT INTO "Products" VALUES (?, ?, ?, ?, ?)',
                    [(i, f"p{i}", 1 + i % 3, i * 3, "1" if i % 4 == 0 else ("" if i == 7 else "0")) for i in range(1, 21)])
    con.close()
    model = model_of(path, "shop")
    products = model.entity("products")
    flag = next(d for d in products.dimensions if d.column == "Discontinued")
    assert flag.name == "discontinued" and flag.expr and "CAST" in flag.expr.upper()
    products.measures.append(Measure(name="discontinued_count", agg="count", filter='"Discontinued" = 1'))
    files, diags = emit(model, {"sqlalchemy_uri": f"duckdb:///{path.as_posix()}"})
    assert not diags.has_errors(), diags.render_text()
    datasets = {p: yaml.safe_load(t) for p, t in files.items() if p.startswith("datasets/")}
    explore = next(d for d in datasets.values() if d["sql"] and d["table_name"] == "products_explore")
    metric = {m["metric_name"]: m["expression"] for m in explore["metrics"]}
    con = duckdb.connect(str(path), read_only=True)
    try:
        by_category = dict(con.execute(
            f'SELECT "categories__CategoryName", {metric["discontinued_count"]} FROM {_source(explore)} GROUP BY 1').fetchall())
        assert by_category == {"Beverages": 1, "Condiments": 2, "Seafood": 2}
        summed = dict(con.execute(
            f'SELECT "categories__CategoryName", {metric["total_discontinued"]} FROM {_source(explore)} GROUP BY 1').fetchall())
        assert {k: int(v) for k, v in summed.items()} == by_category
        column = next(c for c in explore["columns"] if c["column_name"] == "discontinued")
        assert column["expression"] and "CAST" in column["expression"].upper()  # the same cast as on the table
        by_flag = dict(con.execute(
            f'SELECT {column["expression"]} AS g, COUNT(*) FROM {_source(explore)} GROUP BY 1').fetchall())
        assert by_flag == {0: 14, 1: 5, None: 1}
    finally:
        con.close()
