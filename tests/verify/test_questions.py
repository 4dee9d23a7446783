"""How the same-number check states a question in each target's own vocabulary, from the files
alone (fast: no tool runs). The numbers themselves are compared in test_same_numbers.py."""

from __future__ import annotations

import duckdb
import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from backends.powerbi.dax_sql import SqlTable
from compiler.verify.common import Loss
from compiler.verify.cube_sql import Cube
from compiler.verify.dax_sql import Dax
from compiler.verify.metricflow import MetricFlow
from compiler.verify.lookml_sql import LookML
from compiler.verify.queries import queries, reference_sql
from compiler.verify.superset_sql import Superset

SHOP = """
create table customers (id integer primary key, full_name varchar not null, country varchar);
create table orders (order_id integer primary key, customer_id integer references customers (id), ordered_at date,
                     amount decimal(10, 2));
create table visits (page varchar, customer_id integer references customers (id), seconds integer, visited_at timestamp);
create table payments (payment_id integer primary key, order_id integer references orders (order_id),
                       customer_id integer references customers (id), paid_at date, amount decimal(10, 2));
create table staff (staff_id integer primary key, manager_id integer references staff (staff_id), last_name varchar,
                    hired_at date, salary decimal(10, 2));
insert into staff values (1, null, 'S1', date '2020-01-02', 1001);
insert into staff select i, 1, 'S' || i, date '2020-01-01' + i::integer, 1000 + i from range(2, 9) t(i);
create table shipments (order_id integer, line_no integer, carrier varchar, primary key (order_id, line_no));
create table returns (return_id integer primary key, order_id integer, line_no integer, quantity integer, returned_at date,
                      foreign key (order_id, line_no) references shipments (order_id, line_no));
insert into shipments select 1 + i // 3, i % 3, ['DHL', 'UPS'][1 + i % 2] from range(0, 30) t(i);
insert into returns select i, 1 + i // 3, i % 3, i, date '2024-05-01' + i::integer from range(0, 12) t(i);
insert into customers select i, 'C' || i, ['DE', 'FR'][1 + i % 2] from range(1, 11) t(i);
insert into orders select i, 1 + i % 10, date '2024-01-01' + i::integer, i from range(1, 41) t(i);
insert into payments select i, 1 + i % 40, 1 + (i + 3) % 10, date '2024-03-01' + i::integer, i from range(1, 31) t(i);
insert into visits select 'p' || (i % 4), 1 + i % 10, i % 7, timestamp '2024-01-01' + to_days(i::integer) from range(1, 31) t(i);
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    path = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute(SHOP)
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path)), ["dbt", "lookml", "superset", "cube", "powerbi"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    result.source = str(path)
    return result


def test_metricflow_groups_a_keyless_table_by_its_primary_entity(shop):
    """A table without a primary key (page visits) has no `type: primary` entity; its semantic
    model names one with `primary_entity`, and its measures are grouped by that entity."""
    mf = MetricFlow(shop.files["dbt"], shop.model)
    asked = {q.label: mf.question(q) for q in queries(shop.model) if q.entity == "visits"}
    local = [a for label, a in asked.items() if " by visits." in label]
    assert local and all(a["group_by"].startswith("visits__") for a in local), asked
    joined = [a for label, a in asked.items() if " by customers." in label]
    assert joined and all(a["group_by"].startswith("customers__") for a in joined), asked


def test_cube_asks_a_path_through_the_view_that_fixes_it(shop):
    """Payments reach customers directly and through their order. Asked by the order's customer,
    Cube's shortest path would take the payment's own customer; the view of the payments cube
    names the way by its join_path, so the question goes through the view."""
    cube = Cube(shop.files["cube"], shop.model)
    qs = {q.label: q for q in queries(shop.model) if q.entity == "payments" and q.measure == "count"}
    direct = next(q for label, q in qs.items() if label.endswith("via customer_id"))
    through = next(q for label, q in qs.items() if label.endswith("via order_id via customer_id"))
    a, b = cube.query(direct), cube.query(through)
    assert a["measures"] == b["measures"] and a["measures"][0].split(".")[0] in {v["name"] for v in cube.views}
    assert a["dimensions"] != b["dimensions"], (a, b)
    view = next(v for v in cube.views if v["name"] == b["dimensions"][0].split(".")[0])
    paths = {p["join_path"] for p in view["cubes"]}
    assert any(p.count(".") == 2 and p.startswith("payments.") and b["dimensions"][0].split(".")[1].startswith(p.rsplit(".", 1)[1])
               for p in paths), (b, paths)


def test_a_self_reference_is_asked_through_the_table_in_its_role(shop):
    """A manager is the staff table again: Power BI relates staff to a copy of itself named by
    the role, MetricFlow has the manager's semantic model keyed by the role; both ask by it."""
    q = next(q for q in queries(shop.model) if q.entity == "staff" and q.path and q.path[0].from_columns == ("manager_id",))
    dax = Dax(shop.files["powerbi"], shop.model)
    assert dax.copies == {"Manager"} and ("Staff", "Manager ID", "Manager", "Staff ID", True) in dax.relationships
    assert 'LEFT JOIN "main"."staff"' in dax.sql(q)
    asked = MetricFlow(shop.files["dbt"], shop.model).question(q)
    assert asked["group_by"] == "manager__last_name", asked


def test_a_compound_reference_is_asked_through_every_target(shop):
    """Returns refer to a shipment by order and line: Power BI relates one column to one, so
    each side has a hidden column joining the two, related; the question joins on both columns,
    as the reference does. MetricFlow joins the two columns as one text entity."""
    q = next(q for q in queries(shop.model) if q.entity == "returns" and q.path and len(q.path[0].from_columns) == 2)
    dax = Dax(shop.files["powerbi"], shop.model)
    rel = next(r for r in dax.relationships if r[0] == "Returns" and r[1].startswith("Key ("))
    assert rel[3].startswith("Key (") and rel[4], rel
    fk, pk = q.path[0].from_columns, q.path[0].to_columns
    assert f'"t0"."{fk[0]}" = "t1"."{pk[0]}" AND "t0"."{fk[1]}" = "t1"."{pk[1]}"' in dax.sql(q)
    diags = Diagnostics()
    compile_snapshot(snapshot(shop.source), ["powerbi"], diags=diags)
    assert not any(d.code == "PB001" and d.location.startswith("returns.") for d in diags.items), diags.render_text()
    asked = MetricFlow(shop.files["dbt"], shop.model).question(q)
    assert asked["group_by"].endswith("__carrier"), asked


INVENTORY = """
create table date_dim (d_date_sk integer primary key, d_date date, d_year integer, d_moy integer, d_dom integer, d_day_name varchar);
insert into date_dim select i, date '2001-01-01' + (i - 1)::integer, 2001, 1 + (i - 1) // 31, 1 + (i - 1) % 31,
                            dayname(date '2001-01-01' + (i - 1)::integer) from range(1, 61) t(i);
create table item (i_item_sk integer primary key, i_item_id varchar, i_category varchar);
insert into item select i, 'ITEM' || i, ['Books', 'Music'][1 + i % 2] from range(1, 11) t(i);
create table inventory (inv_date_sk integer, inv_item_sk integer, inv_quantity_on_hand integer,
                        primary key (inv_date_sk, inv_item_sk));
insert into inventory select w, i, (w * 7 + i * 13) % 50 from range(1, 61, 7) a(w), range(1, 11) b(i);
"""


def test_stock_on_hand_is_the_latest_days_in_the_reference_and_a_coded_loss_where_not_expressible(tmp_path):
    """Inventory counted each week, by the calendar's day key: the reference takes the stock of
    the latest day (MetricFlow's non_additive_dimension), and the targets that cannot keep a
    balance from being summed over time count it as their documented loss."""
    path = tmp_path / "inventory.duckdb"
    con = duckdb.connect(str(path))
    con.execute(INVENTORY)
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path)), ["dbt", "lookml", "superset", "cube", "powerbi"], diags=diags)
    q = next(q for q in queries(result.model) if q.measure == "total_inv_quantity_on_hand" and q.column is None)
    # dbt's semantic model sits on the fct model that selects the calendar's day beside the row
    semantic = next(v for k, v in result.files["dbt"].items() if k.endswith("semantic/inventory.yml"))
    assert "non_additive_dimension:\n          name: date_dim_d_date\n          window_choice: max" in semantic
    assert MetricFlow(result.files["dbt"], result.model).question(q)
    con = duckdb.connect(str(path), read_only=True)
    latest = con.execute("select sum(inv_quantity_on_hand) from inventory where inv_date_sk = 57").fetchone()[0]
    assert con.execute(reference_sql(result.model, q)).fetchone()[0] == latest
    con.close()
    clients = {"LK003": LookML(result.files["lookml"], result.model).sql, "SS001": Superset(result.files["superset"], result.model).sql,
               "CB001": Cube(result.files["cube"], result.model).query, "PB001": Dax(result.files["powerbi"], result.model).sql}
    for code, ask in clients.items():
        with pytest.raises(Loss) as lost:
            ask(q)
        assert lost.value.code == code
        assert any(d.code == code and d.location.startswith("inventory.") for d in diags.items), diags.render_text()


def test_nan_answers_are_the_same_answer():
    """An average over a float column holding NaN is NaN in the reference and in every target:
    equal, not a difference."""
    from compiler.verify.engine import normalize, same

    nan = float("nan")
    assert same(normalize([("Aetna", nan), ("Cigna", 0.5)]), normalize([("Aetna", nan), ("Cigna", 0.5)]))
    assert not same(normalize([("Aetna", nan)]), normalize([("Aetna", 0.5)]))


def test_a_dbt_project_that_fails_to_build_is_a_finding_not_a_crash(shop, tmp_path):
    """dbt refuses the project (a broken install, a rule of a newer dbt): MetricFlow is reported
    not verified, with what dbt said, and the other targets are still verified and reported."""
    import os
    import sys

    from compiler.verify.run import render, verify as run_verify

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    dbt = bin_dir / "dbt"
    dbt.write_text("#!/bin/sh\necho 'Parsing Error: type conflict for dimension stop'\nexit 2\n", encoding="utf-8")
    os.chmod(dbt, 0o755)
    diags = Diagnostics()
    files = {t: shop.files[t] for t in ("dbt", "lookml")}
    report = run_verify(shop.source, shop.model, files, diags, {"mf_python": str(bin_dir / "python")})
    assert [t for t, _ in report.skipped] == ["dbt"] and "type conflict" in report.skipped[0][1]
    assert any(d.code == "VA002" and "type conflict" in d.message for d in diags.items)
    assert report.tally["lookml"].equal == report.questions - report.tally["lookml"].lost
    assert "Not verified: MetricFlow: MetricFlow not verified: dbt run failed" in render(report, "shop")


def test_a_failed_question_on_postgresql_does_not_fail_the_next(postgres_engine):
    """PostgreSQL aborts a transaction at its first error: each question runs in its own, so one
    target's broken query (a reserved word left bare) does not make every later answer differ."""
    from compiler.verify.engine import Engine

    url = postgres_engine.url.render_as_string(hide_password=False)
    engine = Engine(url, "postgres")
    try:
        with pytest.raises(Exception):
            engine.answer("SELECT count(*) FROM (SELECT 1) AS order")
        assert engine.answer("SELECT 41 + 1") == {None: 42.0}
    finally:
        engine.close()


def test_a_percent_sign_in_a_question_reaches_postgresql_as_written(postgres_engine):
    """Looker's year is the time formatted '%Y': the driver takes `%s` parameters, so the check
    doubles every % it sends; otherwise the question fails on PostgreSQL and MariaDB."""
    from compiler.verify.engine import Engine

    engine = Engine(postgres_engine.url.render_as_string(hide_password=False), "postgres")
    try:
        assert engine.answer("SELECT LENGTH('50%') AS v") == {None: 3.0}
    finally:
        engine.close()


def test_looker_sql_quotes_a_view_named_as_an_sql_word(tmp_path):
    """A view named `order` (a published Shopify block has one; so has the Czech bank): Looker
    quotes the alias it names by the view, and so does the same-number check, whose every
    question on such a view had failed."""
    from compiler.verify.engine import Engine

    path = tmp_path / "bank.duckdb"
    con = duckdb.connect(str(path))
    con.execute('create table account (account_id integer primary key, district varchar); '
                'create table "order" (order_id integer primary key, account_id integer references account (account_id), '
                'amount decimal(10, 2)); '
                "insert into account select i, 'd' || (i % 3) from range(1, 21) t(i); "
                'insert into "order" select i, 1 + i % 20, i * 1.5 from range(1, 61) t(i);')
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path)), ["lookml"], diags=diags)
    looker, engine = LookML(result.files["lookml"], result.model), Engine(str(path), "duckdb")
    try:
        asked = [q for q in queries(result.model) if q.entity == "order"]
        assert asked
        for q in asked:
            assert engine.answer(looker.sql(q)) == engine.answer(reference_sql(result.model, q)), q.label
    finally:
        engine.close()


def test_no_second_hop_over_the_columns_the_first_matched_on():
    """A manager's row refers to the manager's assignment by employee and department, and the
    assignment to the department: through it the department is the one the manager's row names
    already, which every target joins directly; so is its employee. Past the assignment, its
    office is asked."""
    from ir.catalog import TableRef
    from ir.semantic import Dimension, Entity, Measure, Relationship, RelationshipEnd, SemanticModel

    def entity(name, key, dims, measures=()):
        return Entity(name=name, table=TableRef(name=name), primary_key=key,
                      dimensions=[Dimension(name=c, column=c, data_type="string") for c in dims],
                      measures=[Measure(name=m, agg="count") for m in measures])

    def rel(a, ac, b, bc):
        return Relationship(**{"from": RelationshipEnd(table=a, columns=ac), "to": RelationshipEnd(table=b, columns=bc)},
                            cardinality="many_to_one", origin="inferred")

    model = SemanticModel(name="hr", dialect="duckdb", entities=[
        entity("departments", ["dept_no"], ["dept_name"]), entity("employees", ["emp_no"], ["last_name"]),
        entity("dept_emp", ["emp_no", "dept_no"], []), entity("dept_manager", ["emp_no", "from_date"], [], ["count"]),
        entity("offices", ["office_id"], ["city"])],
        relationships=[rel("dept_manager", ["emp_no", "dept_no"], "dept_emp", ["emp_no", "dept_no"]),
                       rel("dept_emp", ["dept_no"], "departments", ["dept_no"]), rel("dept_emp", ["emp_no"], "employees", ["emp_no"]),
                       rel("dept_emp", ["office_id"], "offices", ["office_id"]), rel("dept_manager", ["dept_no"], "departments", ["dept_no"])])
    paths = {tuple(h.to_entity for h in q.path) for q in queries(model) if q.entity == "dept_manager"}
    assert ("dept_emp", "departments") not in paths and ("dept_emp", "employees") not in paths
    assert {("departments",), ("dept_emp", "offices")} <= paths, paths


def test_a_partitions_conversion_is_read_as_duckdb_sql_whatever_the_source(shop):
    """read_columns hands DAX's side each column's conversion as DuckDB's SQL, whatever the source:
    on a MariaDB model the column it converts stays a column of the grouped rows (read as MySQL,
    "Score" would be the string 'Score', and every row one group)."""
    dax = Dax(shop.files["powerbi"], shop.model.model_copy(update={"dialect": "mysql"}))
    dax.env.tables["Scores"] = SqlTable('"scores"', {"Score": ('CAST(NULLIF(TRIM("Score"), \'\') AS BIGINT)', "number")})
    dax.columns["Scores"] = {"Score": "Score"}
    assert dax._read("Scores", "Score", "t0") == 'CAST(NULLIF(TRIM("t0"."Score"), \'\') AS BIGINT)'
