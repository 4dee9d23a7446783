"""`mb adopt`: a hand-written LookML project plus a table it does not know gives output that keeps
every hand-written measure, label, description and join, and adds the new table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import lkml
import pytest

from tests.support import REPO

DDL = """
create schema shop;
create table shop.customers (id integer primary key, name varchar, region varchar);
create table shop.orders (id integer primary key, customer_id integer references shop.customers (id), status varchar,
                          amount decimal(10, 2), ordered_at date);
create table shop.refunds (id integer primary key, order_id integer references shop.orders (id), refunded decimal(10, 2),
                           refunded_at date);
insert into shop.customers select i, 'C' || i, ['north', 'south'][1 + i % 2] from range(1, 21) t(i);
insert into shop.orders select i, 1 + i % 20, ['complete', 'cancelled', 'shipped'][1 + i % 3], i * 2.5,
    date '2024-01-01' + i::integer from range(1, 101) t(i);
insert into shop.refunds select i, i * 3, i * 1.0, date '2024-03-01' + i::integer from range(1, 11) t(i);
"""

LOOKML = {
    "shop.model.lkml": 'connection: "warehouse"\ninclude: "/views/*.view.lkml"\n\nexplore: orders {\n  join: customers {\n'
    "    sql_on: ${orders.customer_id} = ${customers.id} ;;\n    relationship: one_to_one\n  }\n}\n",
    "views/orders.view.lkml": 'view: orders {\n  sql_table_name: shop.orders ;;\n  label: "Web orders"\n'
    '  description: "One row per order placed on the web shop."\n'
    "  dimension: id {\n    primary_key: yes\n    sql: ${TABLE}.id ;;\n  }\n"
    "  dimension: customer_id {\n    hidden: yes\n    sql: ${TABLE}.customer_id ;;\n  }\n"
    '  dimension: status {\n    label: "Order status"\n    description: "Lifecycle state."\n    sql: ${TABLE}.status ;;\n  }\n'
    "  dimension: amount {\n    type: number\n    sql: ${TABLE}.amount ;;\n  }\n"
    '  measure: completed_revenue {\n    type: sum\n    sql: ${amount} ;;\n    filters: [status: "complete"]\n'
    '    description: "Revenue of completed orders."\n  }\n'
    '  measure: order_count {\n    type: count\n    label: "Orders"\n  }\n'
    "  measure: average_order_value {\n    type: number\n    sql: ${completed_revenue} / NULLIF(${order_count}, 0) ;;\n  }\n}\n",
    "views/customers.view.lkml": "view: customers {\n  sql_table_name: shop.customers ;;\n"
    "  dimension: id {\n    primary_key: yes\n    sql: ${TABLE}.id ;;\n  }\n"
    '  dimension: name {\n    label: "Customer name"\n    sql: ${TABLE}.name ;;\n  }\n'
    "  measure: customer_count {\n    type: count_distinct\n    sql: ${id} ;;\n  }\n}\n",
}
HAND_MEASURES = {"orders": {"completed_revenue", "order_count", "average_order_value"}, "customers": {"customer_count"}}


def mb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    con.execute(DDL)
    con.close()
    for rel, text in LOOKML.items():
        (tmp_path / "looker" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "looker" / rel).write_text(text, encoding="utf-8")
    (tmp_path / "mb.yaml").write_text("# the web shop\nname: store\nsource: store.duckdb\nschema: [shop]\n", encoding="utf-8")
    return tmp_path


def views(out: Path) -> dict[str, dict]:
    return {v["name"]: v for p in (out / "lookml" / "views").glob("*.lkml") for v in lkml.load(p.read_text())["views"]}


def assert_hand_work_kept(out: Path) -> None:
    got = views(out)
    assert set(got) == {"orders", "customers", "refunds"}  # refunds: a table the LookML project does not know
    for view, names in HAND_MEASURES.items():
        assert names <= {m["name"] for m in got[view].get("measures", [])}, view
    orders = got["orders"]
    assert (orders["label"], orders["description"]) == ("Web orders", "One row per order placed on the web shop.")
    measures = {m["name"]: m for m in orders["measures"]}
    assert measures["completed_revenue"]["filters__all"] == [[{"status": "complete"}]]
    assert measures["completed_revenue"]["description"] == "Revenue of completed orders."
    assert measures["order_count"]["label"] == "Orders"
    dims = {d["name"]: d for d in orders["dimensions"]}
    assert (dims["status"]["label"], dims["status"]["description"]) == ("Order status", "Lifecycle state.")
    assert dims["customer_id"]["hidden"] == "yes"
    assert {d["name"]: d.get("label") for d in got["customers"]["dimensions"]}["name"] == "Customer name"
    model = lkml.load(next((out / "lookml").glob("*.model.lkml")).read_text())
    join = next(j for x in model["explores"] if x["name"] == "orders" for j in x["joins"] if j["name"] == "customers")
    assert join["relationship"] == "one_to_one"  # as written, not the declared many_to_one


def test_adopt_writes_overrides_that_keep_the_hand_written_model(project):
    adopted = mb("adopt", "looker", "--dialect", "duckdb", "--write", cwd=project)
    assert adopted.returncode == 0, adopted.stderr
    config = (project / "mb.yaml").read_text()
    assert config.startswith("# the web shop\nname: store\n") and "completed_revenue" in config  # comments and settings kept
    out = mb("compile", "-t", "lookml,dbt", "-o", "out", "--format", "json", cwd=project)
    assert out.returncode == 0, out.stderr
    assert_hand_work_kept(project / "out")
    found = json.loads(out.stderr)
    assert any(d["code"] == "IM004" and "written as one_to_one" in d["message"] and d["location"].startswith("mb.yaml:") for d in found)


def test_adopt_entry_reads_the_project_on_every_run(project):
    with open(project / "mb.yaml", "a", encoding="utf-8") as fh:
        fh.write("adopt:\n  - path: looker\n    dialect: duckdb\n")
    out = mb("compile", "-t", "lookml", "-o", "out", "--format", "json", cwd=project)
    assert out.returncode == 0, out.stderr
    assert_hand_work_kept(project / "out")
    conflicts = [d for d in json.loads(out.stderr) if d["code"] == "IM004"]
    assert [d["location"] for d in conflicts] == ["shop.model.lkml:5"]  # located in the hand-written file


def test_adopted_facts_carry_human_provenance_from_their_files(project):
    sys.path.insert(0, str(REPO))
    from compiler.api import analyze, snapshot
    from compiler.config import load_config
    from compiler.diagnostics import Diagnostics

    (project / "mb.yaml").write_text("name: store\nschema: [shop]\nadopt:\n  - path: looker\n", encoding="utf-8")
    diags = Diagnostics()
    config = load_config(project / "mb.yaml", diags)
    from compiler.options import SourceOptions

    model = analyze(snapshot(str(project / "store.duckdb"), SourceOptions(schemas=["shop"]), diags=diags), config, diags)
    orders = model.entity("orders")
    revenue = next(m for m in orders.measures if m.name == "completed_revenue")
    assert (revenue.provenance.origin, revenue.provenance.by, revenue.provenance.location) == ("human", "adopted", "views/orders.view.lkml:22")
    assert orders.label.provenance.location == "views/orders.view.lkml:1"
    rel = next(r for r in model.relationships if r.from_.table == "orders" and r.to.table == "customers")
    assert (rel.origin, rel.cardinality) == ("human", "one_to_one")
    assert model.entity("refunds") is not None and model.entity("refunds").measures  # inference did the rest
