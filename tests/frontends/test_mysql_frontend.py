"""The SQLAlchemy frontend against the local MariaDB/MySQL service (integration)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from tests.services import MYSQL_URL, unique_name
from sqlalchemy.engine import make_url

from compiler.diagnostics import Diagnostics, InputError
from compiler.frontends.sqlalchemy import read
from compiler.options import SourceOptions

# A table name that would drop table x if anything concatenated it into SQL unquoted.
HOSTILE = 'weird "name" `100%`; DROP TABLE x;--'


def _ddl(db: str, other: str, hostile: str) -> list[str]:
    return [
        f"CREATE DATABASE `{db}`",
        f"CREATE DATABASE `{other}`",
        f"""CREATE TABLE `{db}`.customers (
            id INT AUTO_INCREMENT PRIMARY KEY,
            email VARCHAR(200) NOT NULL COMMENT 'Login e-mail',
            name VARCHAR(100),
            created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
            CONSTRAINT customers_email_key UNIQUE (email)
        ) ENGINE=InnoDB COMMENT='People who buy'""",
        f"""CREATE TABLE `{db}`.employees (
            id INT PRIMARY KEY,
            manager_id INT,
            badge VARCHAR(20),
            FOREIGN KEY (manager_id) REFERENCES `{db}`.employees(id)
        ) ENGINE=InnoDB""",
        f"CREATE UNIQUE INDEX employees_badge_idx ON `{db}`.employees (badge)",
        f"""CREATE TABLE `{db}`.orders (
            id BIGINT PRIMARY KEY,
            customer_id INT NOT NULL,
            sold_by INT,
            approved_by INT,
            amount DECIMAL(12, 2) DEFAULT 0,
            CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES `{db}`.customers(id),
            CONSTRAINT orders_sold_by_fk FOREIGN KEY (sold_by) REFERENCES `{db}`.employees(id),
            CONSTRAINT orders_approved_by_fk FOREIGN KEY (approved_by) REFERENCES `{db}`.employees(id),
            CONSTRAINT orders_customer_id_id_key UNIQUE (customer_id, id)
        ) ENGINE=InnoDB""",
        f"""CREATE TABLE `{db}`.order_lines (
            order_id BIGINT,
            line_no INT,
            qty INT NOT NULL,
            PRIMARY KEY (order_id, line_no),
            FOREIGN KEY (order_id) REFERENCES `{db}`.orders(id)
        ) ENGINE=InnoDB""",
        f"""CREATE TABLE `{db}`.shipments (
            id INT PRIMARY KEY,
            order_id BIGINT,
            line_no INT,
            FOREIGN KEY (order_id, line_no) REFERENCES `{db}`.order_lines(order_id, line_no)
        ) ENGINE=InnoDB""",
        f"CREATE TABLE `{db}`.x (id INT)",
        f"CREATE TABLE `{db}`.{hostile} (`odd \"col\"` TEXT)",
        f"CREATE VIEW `{db}`.big_orders AS SELECT id, amount FROM `{db}`.orders WHERE amount > 100",
        f"""CREATE TABLE `{other}`.audit (
            id INT PRIMARY KEY,
            order_id BIGINT,
            FOREIGN KEY (order_id) REFERENCES `{db}`.orders(id)
        ) ENGINE=InnoDB""",
        f"INSERT INTO `{db}`.customers (email, name) VALUES ('a@x', 'A'), ('b@x', 'B'), ('c@x', 'C')",
        f"INSERT INTO `{db}`.employees VALUES (1, NULL, 'E1'), (2, 1, 'E2')",
        f"INSERT INTO `{db}`.orders VALUES (10, 1, 1, 2, 50), (11, 2, 2, 1, 150)",
        f"INSERT INTO `{db}`.order_lines VALUES (10, 1, 3), (10, 2, 1), (11, 1, 7)",
        f"INSERT INTO `{db}`.{hostile} VALUES ('q'), ('r')",
        f"INSERT INTO `{db}`.x VALUES (1)",
    ]


@pytest.fixture(scope="module")
def my(mysql_engine):
    """Two throwaway databases, dropped afterwards."""
    db, other = unique_name(), unique_name()
    hostile = mysql_engine.dialect.identifier_preparer.quote_identifier(HOSTILE)
    try:
        with mysql_engine.begin() as conn:
            for stmt in _ddl(db, other, hostile):
                conn.exec_driver_sql(stmt)
        url = make_url(MYSQL_URL).set(database=db).render_as_string(hide_password=False)
        yield {"db": db, "other": other, "url": url}
    finally:
        with mysql_engine.begin() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{other}`")
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{db}`")


def _read(url: str, **options) -> tuple:
    diags = Diagnostics()
    snap = read(url, SourceOptions(**options), diags)
    return snap, diags


@pytest.fixture(scope="module")
def snap(my):
    snapshot, diags = _read(my["url"])  # the database in the URL is the default schema
    assert not diags.items, diags.render_text()
    return snapshot


def _table(snap, schema, name):
    t = snap.table(f"{schema}.{name}")
    assert t is not None, f"{schema}.{name} missing from {[t.key for t in snap.tables]}"
    return t


@pytest.mark.mariadb
def test_source_is_mysql(snap, my):
    assert snap.source.dialect == "mysql"
    assert snap.source.database == my["db"]
    assert snap.source.description == my["url"]


@pytest.mark.mariadb
def test_tables_views_and_default_schema(snap, my):
    assert {t.name: t.kind for t in snap.tables} == {
        "customers": "table",
        "employees": "table",
        "orders": "table",
        "order_lines": "table",
        "shipments": "table",
        "x": "table",
        HOSTILE: "table",
        "big_orders": "view",
    }
    assert {t.schema_ for t in snap.tables} == {my["db"]}


@pytest.mark.mariadb
def test_columns_types_nullability_defaults_comments(snap, my):
    customers = _table(snap, my["db"], "customers")
    assert [c.name for c in customers.columns] == ["id", "email", "name", "created_at"]
    cols = {c.name: c for c in customers.columns}
    assert cols["id"].type.startswith("INTEGER") and cols["id"].nullable is False
    assert cols["email"].type.startswith("VARCHAR(200)") and cols["email"].nullable is False
    assert cols["email"].comment == "Login e-mail"
    assert cols["name"].nullable is True
    assert cols["created_at"].type == "DATETIME"
    assert "current_timestamp" in cols["created_at"].default.lower()
    assert customers.comment == "People who buy"
    assert _table(snap, my["db"], "orders").column("amount").type == "DECIMAL(12, 2)"


@pytest.mark.mariadb
def test_primary_and_unique_keys(snap, my):
    db = my["db"]
    customers = _table(snap, db, "customers")
    assert customers.primary_key == ["id"]
    assert [(uk.columns, uk.name) for uk in customers.unique_keys] == [(["email"], "customers_email_key")]
    assert [uk.columns for uk in _table(snap, db, "employees").unique_keys] == [["badge"]]
    assert [uk.columns for uk in _table(snap, db, "orders").unique_keys] == [["customer_id", "id"]]
    assert _table(snap, db, "order_lines").primary_key == ["order_id", "line_no"]
    assert _table(snap, db, "x").primary_key == []


@pytest.mark.mariadb
def test_foreign_keys(snap, my):
    db = my["db"]

    def fks(name):
        return sorted((fk.columns, fk.ref_table.schema_, fk.ref_table.name, fk.ref_columns) for fk in _table(snap, db, name).foreign_keys)

    assert fks("employees") == [(["manager_id"], db, "employees", ["id"])]
    assert fks("orders") == [
        (["approved_by"], db, "employees", ["id"]),
        (["customer_id"], db, "customers", ["id"]),
        (["sold_by"], db, "employees", ["id"]),
    ]
    assert fks("shipments") == [(["order_id", "line_no"], db, "order_lines", ["order_id", "line_no"])]


@pytest.mark.mariadb
def test_view_definition_and_row_counts(snap, my):
    view = _table(snap, my["db"], "big_orders")
    assert view.definition and view.definition.lower().startswith("select")
    assert view.row_count is None
    counts = {t.name: t.row_count for t in snap.tables if t.kind == "table"}
    assert counts == {"customers": 3, "employees": 2, "orders": 2, "order_lines": 3, "shipments": 0, "x": 1, HOSTILE: 2}


@pytest.mark.mariadb
def test_hostile_name_is_quoted_and_nothing_dropped(snap, my, mysql_engine):
    weird = _table(snap, my["db"], HOSTILE)
    assert [c.name for c in weird.columns] == ['odd "col"']
    assert weird.row_count == 2
    with mysql_engine.connect() as conn:
        assert conn.exec_driver_sql(f"SELECT count(*) FROM `{my['db']}`.x").scalar_one() == 1


@pytest.mark.mariadb
def test_schema_option_names_several_databases(my):
    db, other = my["db"], my["other"]
    snap, diags = _read(MYSQL_URL, schemas=[db, other], include=["orders", "audit"])
    assert not diags.items
    assert sorted(t.key for t in snap.tables) == sorted([f"{db}.orders", f"{other}.audit"])
    audit = snap.table(f"{other}.audit")
    assert [(fk.ref_table.schema_, fk.ref_table.name) for fk in audit.foreign_keys] == [(db, "orders")]


@pytest.mark.mariadb
def test_include_and_exclude(my):
    snap, _ = _read(my["url"], include=["order*", "x"], exclude=["orders"])
    assert sorted(t.name for t in snap.tables) == ["order_lines", "x"]


@pytest.mark.mariadb
def test_session_is_read_only(my):
    seen = []

    def on_checkout(dbapi_conn, record, proxy):
        cur = dbapi_conn.cursor()
        cur.execute("SELECT @@SESSION.tx_read_only")
        seen.append(int(cur.fetchone()[0]))
        cur.close()

    sa.event.listen(sa.pool.Pool, "checkout", on_checkout)
    try:
        _read(my["url"], include=["x"])
    finally:
        sa.event.remove(sa.pool.Pool, "checkout", on_checkout)
    assert seen and set(seen) == {1}


# --- connection errors ---------------------------------------------------------------------------


def _input_error(url: str) -> InputError:
    with pytest.raises(InputError) as info:
        read(url, SourceOptions(), Diagnostics())
    return info.value


def test_refused_connection_is_fe003_without_password():
    err = _input_error("mysql+pymysql://u:s3cret@127.0.0.1:1/db")
    assert err.code.code == "FE003"
    assert "s3cret" not in f"{err.message} {err.location}"


@pytest.mark.mariadb
def test_wrong_password_is_fe003_without_password(mysql_engine):
    url = make_url(MYSQL_URL).set(username="mb_no_such_user", password="s3cret")
    err = _input_error(url.render_as_string(hide_password=False))
    assert err.code.code == "FE003"
    assert "s3cret" not in f"{err.message} {err.location}"


def test_default_driver_is_chosen_from_what_is_installed():
    # mysql:// names no driver; the frontend picks an installed one instead of failing on MySQLdb
    err = _input_error("mysql://u:s3cret@127.0.0.1:1/db")
    assert err.code.code == "FE003"


def test_missing_driver_is_fe009():
    err = _input_error("mysql+mysqlconnector://u:s3cret@127.0.0.1:1/db")
    assert err.code.code == "FE009"
    assert "s3cret" not in f"{err.message} {err.location}"


@pytest.mark.mariadb
def test_backticks_and_line_breaks_in_names_read_exactly_and_query_fine(mysql_engine):
    """SQLAlchemy's reflection doubles backticks and drops a column whose name holds a line
    break; the names come back exact, every profiling query runs, and the SQL generated for
    each LookML dimension runs on the server."""
    import lkml

    from compiler.api import compile as compile_snapshot, snapshot
    from compiler.config import Config

    db = unique_name()
    with mysql_engine.begin() as c:
        c.exec_driver_sql(f"CREATE DATABASE `{db}`")
        c.exec_driver_sql(f"CREATE TABLE `{db}`.`t``q` (id INT PRIMARY KEY, `a``b` VARCHAR(10), `x\ny` INT, "
                          "`c\"d` INT, `e\rf` INT, `100%%` INT)")
        c.exec_driver_sql(f"CREATE TABLE `{db}`.ref (id INT PRIMARY KEY, tid INT, FOREIGN KEY (tid) REFERENCES `{db}`.`t``q`(id))")
        c.exec_driver_sql(f"INSERT INTO `{db}`.`t``q` VALUES (1, 'a', 1, 2, 3, 4), (2, 'b', 5, 6, 7, 8)")
    try:
        diags = Diagnostics()
        url = MYSQL_URL.rsplit("/", 1)[0] + f"/{db}"
        snap = snapshot(url, diags=diags)
        t = snap.table(f"{db}.t`q") or snap.table("t`q")
        assert [c.name for c in t.columns] == ["id", "a`b", "x\ny", 'c"d', "e\rf", "100%"]
        assert all(c.profile is not None and c.profile.null_count == 0 for c in t.columns)
        ref = next(x for x in snap.tables if x.name == "ref")
        assert [(fk.columns, fk.ref_table.name, fk.ref_columns) for fk in ref.foreign_keys] == [(["tid"], "t`q", ["id"])]
        assert not [d for d in diags.items if d.code.startswith(("PR", "FE"))], diags.render_text()

        result = compile_snapshot(snap, ["lookml"], Config(), Diagnostics())
        view = next(lkml.load(text)["views"][0] for rel, text in result.files["lookml"].items()
                    if rel.startswith("views/t_q"))
        with mysql_engine.connect() as c:
            for dim in view["dimensions"]:
                sql = dim["sql"].replace("${TABLE}", view["sql_table_name"])
                if "${" not in sql:
                    c.exec_driver_sql(f"SELECT {sql} FROM {view['sql_table_name']}".replace("%", "%%")).fetchall()
        # A name with a line break cannot be a LookML dimension: left out, with a code.
        assert not any(d.get("sql", "").endswith("`x\ny`") for d in view["dimensions"])
    finally:
        with mysql_engine.begin() as c:
            c.exec_driver_sql(f"DROP DATABASE `{db}`")


@pytest.mark.mariadb
def test_a_bit_is_a_yes_no_flag_counted_where_true(mysql_engine):
    """A BIT(1) column (a badge given for a tag or not) is read as yes or no, not as the byte
    MySQL casts it to: its top values are true and false, every target counts the rows where it
    is true instead of adding it up, and verify finds the same count through each of them."""
    from compiler.api import compile as compile_snapshot, snapshot
    from compiler.config import Config
    from compiler.verify.run import verify

    db = unique_name()
    with mysql_engine.begin() as c:
        c.exec_driver_sql(f"CREATE DATABASE `{db}`")
        c.exec_driver_sql(f"CREATE TABLE `{db}`.badges (id INT PRIMARY KEY, name VARCHAR(20), points INT, tag_based BIT(1) NOT NULL)")
        c.exec_driver_sql(f"INSERT INTO `{db}`.badges VALUES "
                          + ", ".join(f"({i}, 'badge {i % 7}', {i % 5}, b'{int(i % 4 == 0)}')" for i in range(1, 41)))
    try:
        diags = Diagnostics()
        url = MYSQL_URL.rsplit("/", 1)[0] + f"/{db}"
        snap = snapshot(url, diags=diags)
        col = snap.table(f"{db}.badges").column("tag_based")
        assert sorted((v.value, v.count) for v in col.profile.top_values) == [(False, 30), (True, 10)]
        result = compile_snapshot(snap, ["lookml", "superset", "powerbi"], Config(), diags)
        measures = {m.name: m for e in result.model.entities for m in e.measures}
        assert "tag_based_count" in measures and not any(m.name.endswith("tag_based") for m in measures.values())
        view = next(text for rel, text in result.files["lookml"].items() if rel.startswith("views/badges"))
        assert 'filters: [tag_based: "yes"]' in view and "type: yesno" in view
        report = verify(url, result.model, result.files, diags)
        assert not [f for f in report.findings if f[1] == "different"], report.findings
        assert all(t.equal > 0 for t in report.tally.values()), report.tally
    finally:
        with mysql_engine.begin() as c:
            c.exec_driver_sql(f"DROP DATABASE `{db}`")
