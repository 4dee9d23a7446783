"""Soft-deleted rows (Entity.row_filters) are left out the same way by every target: the same
numbers through Looker's SQL, Superset's, Cube's compiler, DAX and MetricFlow as the reference,
which counts live rows only, a joined table's deleted rows matching no row (their orders fall
in the empty group, as a LEFT JOIN to the live rows leaves them)."""

from __future__ import annotations

import duckdb

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify import queries
from compiler.verify.queries import Hop, Query, reference_sql
from compiler.verify.run import TARGETS, verify
from compiler.options import SourceOptions
from tests.services import MYSQL_URL, POSTGRES_URL, scratch_mariadb, scratch_postgres_schema, service_engine
from tests.soft_deleted import PG_STATEMENTS, TEXT_FLAG_STATEMENTS, TEXT_FLAGS, soft_deleted_db, text_flags_duckdb, text_flags_sqlite


def _compiled(tmp_path, targets):
    source = soft_deleted_db(tmp_path / "shop.duckdb")
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source, diags=diags), targets, diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return source, result, diags


def test_the_reference_counts_live_rows_only(tmp_path):
    source, result, _ = _compiled(tmp_path, [])
    con = duckdb.connect(source, read_only=True)
    ask = lambda q: con.execute(reference_sql(result.model, q)).fetchall()  # noqa: E731
    assert ask(Query("orders", "count")) == [(54,)]  # 60 rows, 6 deleted
    assert ask(Query("accounts", "count")) == [(8,)]  # 0, 1 and NULL: the NULLs are live
    by_customer = dict(ask(Query("orders", "count", (Hop(("customer_id",), "customers", ("customer_id",)),), "customer_name")))
    assert "Customer 4" not in by_customer and "Customer 9" not in by_customer  # deleted customers
    assert by_customer[None] == 9  # their live orders: no customer to group by
    by_product = dict(ask(Query("orders", "count", (Hop(("product_id",), "products", ("product_id",)),), "product_name")))
    assert "Product 3" not in by_product and sum(by_product.values()) == 54


def test_every_target_leaves_the_deleted_rows_out(tmp_path, tool_env):
    source, result, diags = _compiled(tmp_path, list(TARGETS))
    tools = {"cube_modules": tool_env["MB_CUBE_NODE_MODULES"], "mf_python": tool_env["MB_MF_PYTHON"]}
    report = verify(source, result.model, result.files, diags, tools)
    wrong = [f for f in report.findings if f[1] in ("different", "not askable", "loss")]
    assert not wrong, "\n".join(map(str, wrong))
    assert set(report.tally) == set(TARGETS) and all(t.equal == report.questions for t in report.tally.values()), report.tally


def test_a_target_that_counts_the_deleted_rows_is_caught(tmp_path):
    source, result, diags = _compiled(tmp_path, ["lookml"])
    files = dict(result.files["lookml"])
    view = "views/orders.view.lkml"
    where = ' WHERE ("_fivetran_deleted" IS NULL OR NOT "_fivetran_deleted")'
    assert where in files[view]
    files[view] = files[view].replace(where, "")
    report = verify(source, result.model, {"lookml": files}, diags)
    wrong = {q for t, s, q, _ in report.findings if s == "different"}
    assert "orders.count" in wrong and all(q.startswith("orders.") for q in wrong), wrong


def test_a_wrong_condition_in_every_target_is_caught(tmp_path, monkeypatch):
    """The reference writes its live rows from the filter itself, not from the targets' SQL: a
    condition wrong in backends.row_filters (here one keeping every row) is wrong in the targets
    only, so verify sees it."""
    from backends import row_filters

    monkeypatch.setattr(row_filters, "_condition", lambda f, column, dialect="": f"({column} IS NULL OR {column} IS NOT NULL)")
    source = soft_deleted_db(tmp_path / "shop.duckdb")
    diags = Diagnostics()  # the round trip reports the filters it reads back changed, too (RT001)
    result = compile_snapshot(snapshot(source, diags=diags), ["lookml"], diags=diags)
    report = verify(source, result.model, {"lookml": result.files["lookml"]}, diags)
    wrong = {q for t, s, q, _ in report.findings if s == "different"}
    assert "orders.count" in wrong, report.findings


def test_every_target_on_postgres(tool_env):
    """On PostgreSQL too, where a subquery of live rows needs an alias wherever it is read (DAX's
    aggregates read a partition's rows as one) and booleans are no numbers."""
    engine = service_engine(POSTGRES_URL, "PostgreSQL")
    with scratch_postgres_schema(engine, "mb_soft") as schema:
        with engine.begin() as con:
            con.exec_driver_sql(f'SET search_path TO "{schema}"')
            for statement in PG_STATEMENTS:
                con.exec_driver_sql(statement.replace('%', '%%'))  # the driver's parameter mark
        diags = Diagnostics()
        snap = snapshot(POSTGRES_URL, SourceOptions(schemas=[schema]), diags)
        result = compile_snapshot(snap, list(TARGETS), diags=diags)
        assert not diags.has_errors(), diags.render_text()
        assert {e.name for e in result.model.entities if e.row_filters} == {"orders", "customers", "products", "accounts"}
        tools = {"cube_modules": tool_env["MB_CUBE_NODE_MODULES"], "mf_python": tool_env["MB_MF_PYTHON"]}
        report = verify(POSTGRES_URL, result.model, result.files, diags, tools)
        wrong = [f for f in report.findings if f[1] in ("different", "not askable", "loss")]
        assert not wrong, "\n".join(map(str, wrong))
        assert all(t.equal == report.questions for t in report.tally.values()), report.tally


def _text_flags_verified(source, tool_env, targets=TARGETS, options=None):
    """Each text flag found and compared as text, read back by all six readers, and every target
    of `targets` counting the live rows the reference counts (which writes its condition from the
    filter, not from the targets' SQL)."""
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source, options, diags), [*TARGETS, "ossie"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    assert not [d for d in diags.items if d.code.startswith("RT")], diags.render_text()  # each reader reads them back
    found = {e.name: [(f.column, f.kind, f.deleted_value) for f in e.row_filters] for e in result.model.entities}
    assert found == {t: [(c, "flag", v)] for t, (c, v) in TEXT_FLAGS.items()}
    assert all(isinstance(f.deleted_value, str) for e in result.model.entities for f in e.row_filters)
    tools = {"cube_modules": tool_env["MB_CUBE_NODE_MODULES"], "mf_python": tool_env["MB_MF_PYTHON"]}
    report = verify(source, result.model, {t: result.files[t] for t in targets}, diags, tools)
    wrong = [f for f in report.findings if f[1] in ("different", "not askable", "loss")]
    assert not wrong, "\n".join(map(str, wrong))
    assert set(report.tally) == set(targets) and all(t.equal == report.questions for t in report.tally.values()), report.tally
    return result


def test_text_flags_on_duckdb(tmp_path, tool_env):
    source = text_flags_duckdb(tmp_path / "flags.duckdb")
    result = _text_flags_verified(source, tool_env)
    con = duckdb.connect(source, read_only=True)
    live = {e.name: con.execute(f"SELECT COUNT(*) FROM {queries.source(e, 'duckdb')} AS t").fetchone()[0] for e in result.model.entities}
    assert live == {"members": 9, "proveedores": 8, "kunden": 7, "posts": 16, "votes": 25}
    assert all(e.measures for e in result.model.entities)  # each table asked about, so each filter checked


def test_text_flags_on_sqlite(tmp_path, tool_env):
    # MetricFlow has no SQLite engine to ask: dbt's staging `where` is read back, not run.
    _text_flags_verified(text_flags_sqlite(tmp_path / "flags.sqlite"), tool_env, [t for t in TARGETS if t != "dbt"])


def test_text_flags_on_postgres(tool_env):
    engine = service_engine(POSTGRES_URL, "PostgreSQL")
    with scratch_postgres_schema(engine, "mb_text_flags") as schema:
        with engine.begin() as con:
            con.exec_driver_sql(f'SET search_path TO "{schema}"')
            for statement in TEXT_FLAG_STATEMENTS:
                con.exec_driver_sql(statement)
        _text_flags_verified(POSTGRES_URL, tool_env, options=SourceOptions(schemas=[schema]))


def test_text_flags_on_mariadb(tool_env):
    """MariaDB compares CHAR(1) text as text too (its collation ignores case: one spelling only)."""
    engine = service_engine(MYSQL_URL, "MariaDB")
    with scratch_mariadb(engine, "mb_text_flags") as (url, scratch):
        with scratch.begin() as con:
            for statement in TEXT_FLAG_STATEMENTS:
                con.exec_driver_sql(statement)
        # No dbt adapter for MariaDB runs MetricFlow: dbt's staging `where` is read back, not run.
        _text_flags_verified(url.render_as_string(hide_password=False), tool_env, [t for t in TARGETS if t != "dbt"])
