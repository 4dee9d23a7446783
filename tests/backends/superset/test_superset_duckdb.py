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
