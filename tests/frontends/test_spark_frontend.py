"""Parquet read through Spark SQL (`spark+parquet:DIR`): schema from Spark's catalog, profiles and
join evidence computed by Spark, foreign keys inferred from the data alone.

One Spark driver serves every test here (the frontend keeps it for the process): its start costs
seconds. Without pyspark or Java the Spark tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from bench.corpus.truth import TPCH_TRUTH
from compiler.api import analyze, snapshot
from compiler.cli import main
from compiler.diagnostics import Diagnostics, InputError
from compiler.frontends import classify
from compiler.profiler import ProfileOptions
from compiler.snapshot_io import load_snapshot
from tests.inference.data import predicted, score
from tests.profiler.helpers import COLUMNS, HOSTILE_COLUMNS, HOSTILE_TABLE, check_profile, insert_sql
from tests.services import service_unavailable


@pytest.fixture(scope="module")
def spark():
    from compiler.frontends import spark as frontend

    try:
        return frontend.start_driver()
    except InputError as e:
        service_unavailable(f"Spark cannot start here: {e.message}")


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


def _parquet(folder: Path, statements: list[str], tables: dict[str, str]) -> None:
    """Run `statements` in an in-memory DuckDB, then write each table to folder/<file>."""
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        for s in statements:
            con.execute(s)
        for table, file in tables.items():
            path = str(folder / file).replace("'", "''")
            con.execute(f"COPY {table} TO '{path}' (FORMAT parquet)")


def test_source_form_is_a_folder_after_the_scheme():
    assert classify("spark+parquet:data/tpch") == ("spark", "data/tpch")
    assert classify("spark+parquet:///srv/tpch") == ("spark", "/srv/tpch")
    assert classify("SPARK+PARQUET:data") == ("spark", "data")


@pytest.mark.parametrize("args, code", [
    (["snapshot", "spark+parquet:no/such/folder"], "FE001"),
    (["snapshot", "spark+parquet:"], "FE002"),
    (["snapshot", "spark+parquet:pyproject.toml"], "FE002"),
    (["snapshot", "spark+parquet:.", "--schema", "sales"], "FE017"),
])
def test_user_mistakes_give_a_coded_error(args, code):
    result = _cli(*args)
    assert result.exit_code == 2, result.output
    assert f"error[{code}]" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def tpch(spark, tmp_path_factory):
    """TPC-H SF0.01 parquet from tpchgen-cli, snapshotted by `mb snapshot` through Spark."""
    exe = shutil.which("tpchgen-cli")
    if exe is None:
        service_unavailable("tpchgen-cli is not installed (pip install -e '.[dev]')")
    root = tmp_path_factory.mktemp("tpch_spark")
    folder = root / "tpch"
    subprocess.run([exe, "parquet", "-s", "0.01", "--output-dir", str(folder)], check=True, capture_output=True)
    out = root / "snapshot.yaml"
    result = _cli("snapshot", f"spark+parquet:{folder}", "-q", "-o", str(out))
    assert result.exit_code == 0, result.output
    return root, load_snapshot(out)


def test_tpch_schema_comes_from_sparks_catalog(tpch):
    _root, snap = tpch
    assert snap.source.dialect == "spark"
    assert [t.name for t in snap.tables] == ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
    lineitem = snap.table("lineitem")
    assert lineitem.schema_ is None and lineitem.row_count == 60175
    types = {c.name: c.type for c in lineitem.columns}
    assert types["l_orderkey"] == "bigint" and types["l_extendedprice"] == "decimal(15,2)"
    assert types["l_shipdate"] == "date" and types["l_comment"] == "string"
    assert not any(t.primary_key or t.foreign_keys for t in snap.tables), "parquet declares no keys"


def test_tpch_profiles_are_computed_by_spark(tpch):
    _root, snap = tpch
    orders = snap.table("orders")
    assert orders.profile.rows == 15000 and orders.profile.skipped == []
    key = orders.column("o_orderkey").profile
    assert (key.null_count, key.distinct_count, key.distinct_exact, key.min, key.max) == (0, 15000, True, 1, 60000)
    status = orders.column("o_orderstatus").profile
    assert status.distinct_count == 3 and {v.value for v in status.top_values} == {"F", "O", "P"}
    assert sum(v.count for v in status.top_values) == 15000
    nation = snap.table("nation").column("n_name").profile
    assert (nation.min, nation.max, nation.distinct_count) == ("ALGERIA", "VIETNAM", 25)


def test_a_big_table_has_estimated_counts_and_its_top_values(tpch):
    """Over the exact-count threshold the scan estimates distinct counts; the top values' GROUP BY
    then counts its groups (a window Spark accepts only outside the grouping), so the count becomes
    exact again, and nothing of PySpark's reaches stderr."""
    root, _snap = tpch
    diags = Diagnostics()
    snap = snapshot(f"spark+parquet:{root / 'tpch'}", diags=diags, profile=ProfileOptions(progress=False, exact_distinct_rows=1000))
    assert not [d for d in diags.items if d.code == "PR002"], diags.render_text()
    qty = snap.table("lineitem").column("l_quantity").profile
    assert (qty.distinct_count, qty.distinct_exact, len(qty.top_values)) == (50, True, 10)


def test_tpch_foreign_keys_are_inferred_from_data_through_spark(tpch):
    root, snap = tpch
    assert snap.evidence.containment, "Spark ran no containment check"
    checked = {(c.from_.table, tuple(c.from_.columns), c.to.table, tuple(c.to.columns)): c.ratio for c in snap.evidence.containment}
    assert checked[("orders", ("o_custkey",), "customer", ("c_custkey",))] == 1.0
    diags = Diagnostics()
    pred = predicted(analyze(snap, diags=diags).relationships)
    assert not diags.has_errors(), diags.render_text()
    s = score(pred, TPCH_TRUTH)
    assert pred >= TPCH_TRUTH and s.precision == 1.0, (s.line("tpch through spark"), sorted(pred ^ TPCH_TRUTH))
    # And a semantic layer from it: the LookML explore of lineitem joins orders on the inferred key.
    out = root / "lookml"
    result = _cli("compile", str(root / "snapshot.yaml"), "-t", "lookml", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    model = "\n".join(p.read_text() for p in out.rglob("*.model.lkml"))
    assert "${lineitem.l_orderkey} = ${orders.o_orderkey}" in model


def test_hand_computed_truth_hostile_names_and_folder_layouts(spark, tmp_path):
    def q(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    cols = ", ".join(f"{q(c)} {'INTEGER' if i < 2 else 'VARCHAR'}" for i, c in enumerate(HOSTILE_COLUMNS))
    statements = [f"CREATE TABLE t ({COLUMNS})", *insert_sql(),
                  f"CREATE TABLE hostile ({cols})",
                  "CREATE TABLE ref AS SELECT i AS \"key col\", 'k' || i AS label FROM range(1, 5) r(i)",
                  ]
    statements += [f"INSERT INTO hostile VALUES ({i % 4 + 1}, {i}, 'v''{i % 3}', 'it''s {i}')" for i in range(1, 13)]
    folder = tmp_path / "lake"
    _parquet(folder, statements, {"t": "t.parquet", "hostile": f"{HOSTILE_TABLE}.parquet", "ref": "ref.parquet"})
    with duckdb.connect() as con:  # a hive-partitioned dataset: a folder of folders
        con.execute("CREATE TABLE events AS SELECT i AS id, ['a', 'b'][1 + i % 2] AS kind FROM range(10) r(i)")
        con.execute(f"COPY events TO '{folder / 'events'}' (FORMAT parquet, PARTITION_BY (kind))")
    (folder / "_SUCCESS").write_text("")
    (folder / "notes.txt").write_text("not a table")
    (folder / "broken.parquet").write_text("not parquet")

    out = tmp_path / "snap.json"
    result = _cli("snapshot", f"spark+parquet:{folder}", "-o", str(out))
    assert result.exit_code == 0, result.output
    snap = load_snapshot(out)
    assert sorted(t.name for t in snap.tables) == sorted(["events", HOSTILE_TABLE, "ref", "t"])
    assert "broken.parquet" in result.output and "FE015" in result.output

    t = snap.table("t")
    for name in ("id", "grp", "amount", "code", "d"):
        check_profile(name, t.column(name).profile)
    events = snap.table("events")
    assert {c.name for c in events.columns} == {"id", "kind"} and events.row_count == 10
    assert events.column("kind").profile.distinct_count == 2
    hostile = snap.table(HOSTILE_TABLE)
    sel = hostile.column("select").profile
    assert hostile.profile.rows == 12 and (sel.distinct_count, sel.min, sel.max) == (4, 1, 4)
    assert {vc.value for vc in hostile.column("naïve ünïcode").profile.top_values} == {"v'0", "v'1", "v'2"}
    pairs = {(c.from_.table, c.from_.columns[0], c.to.table, c.to.columns[0]): c.ratio for c in snap.evidence.containment}
    assert pairs[(HOSTILE_TABLE, "select", "ref", "key col")] == 1.0


def test_a_query_over_its_time_is_cancelled_and_the_session_goes_on(spark, tmp_path):
    from compiler.profiler.runner import QueryTimeout
    from compiler.profiler.spark_runner import SparkRunner

    _parquet(tmp_path / "one", ["CREATE TABLE x AS SELECT 1 AS id"], {"x": "x.parquet"})
    runner = SparkRunner(str(tmp_path / "one"), timeout=1)
    slow = "SELECT SUM(id % 7) FROM range(1000000000000)"
    with pytest.raises(QueryTimeout):  # 10^12 rows: it returns only because its job was cancelled
        runner.run(slow)
    # Its tasks stopped too: the cores are free for the next query (a busy machine may take seconds).
    runner.timeout = 120
    assert runner.run("SELECT COUNT(*) FROM `x`") == [(1,)]
