"""Unit tests of the analysis passes on a snapshot named in mixed styles."""

from __future__ import annotations

import pytest

from compiler.api import analyze
from compiler.diagnostics import Diagnostics
from compiler.pipeline import FunctionPass, order_passes
from compiler.naming import humanize, snake
from compiler.types import normalize_type
from tests.support import shop_snapshot


@pytest.fixture(scope="module")
def model():
    diags = Diagnostics()
    m = analyze(shop_snapshot(), diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return m


@pytest.mark.parametrize(
    "raw,expected",
    [("CustomerId", "customer_id"), ("CUST_ID", "cust_id"), ("Customer Name", "customer_name"), ("HTTPServerLog", "http_server_log"),
     ("order-items", "order_items"), ("1st_place", "f_1st_place"), ("Ünïcödé", "unicode"), ("名前", "name"), ("Имя", "field"), ("a__b", "a_b"),
     # an identifier's acronym glued to a lowercase word (Lahman's teamIDwinner, IPouts)
     ("teamIDwinner", "team_id_winner"), ("IPouts", "ip_outs"), ("ProductIDref", "product_id_ref"),
     # letters no accent-stripping reaches are spelled out, not dropped (Straße had become strae)
     ("Straße", "strasse"), ("Ærø_kommune", "aero_kommune"), ("ÆRØ", "aero"), ("Łódź", "lodz")],
)
def test_snake_handles_every_naming_style(raw, expected):
    assert snake(raw) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [("cust_id", "Customer ID"), ("InvoiceLineId", "Invoice Line ID"), ("unit_price", "Unit Price"), ("EMAIL_ADDR", "Email Address"),
     ("units_in_stock", "Units in Stock"), ("qty", "Quantity"), ("home_page_url", "Home Page URL"),
     # capitals kept in a name of mixed case, not in one all in capitals
     ("PULocationID", "PU Location ID"), ("teamIDwinner", "Team ID Winner"), ("CUSTOMER_NAME", "Customer Name"),
     # in a name of mixed case, an acronym that also begins words, written capitalized, is a word's start (BTS's
     # ArrDelay, an arrival's); an identifier's or a format's acronym is one however it is cased
     ("ArrDelay", "Arr Delay"), ("ARRGrowth", "ARR Growth"), ("arr_usd", "ARR USD"), ("HtmlBody", "HTML Body"),
     # an acronym no word starts with keeps its capitals however it is cased
     ("GdpPerCapita", "GDP per Capita"), ("Co2Emissions", "CO2 Emissions"), ("UsdAmount", "USD Amount"), ("CustomerSsn", "Customer SSN"),
     ("KpiValue", "KPI Value"), ("NpsScore", "NPS Score"), ("HrRate", "Hr Rate"),
     # BTS's DayofMonth, cut at its capitals only
     ("DayofMonth", "Day of Month"), ("DayofWeek", "Day of Week"), ("Thereof", "Thereof"),
     # an abbreviation the name also spells out stays as it is written
     ("tz_database_time_zone", "TZ Database Time Zone"), ("tz", "Time Zone"),
     # labels are read by people: they keep the name's own letters, where identifiers spell them in ASCII
     ("Lieferstraße", "Lieferstraße"), ("größe_in_metern", "Größe in Metern"), ("preço_unitário", "Preço Unitário"), ("ÆRØ", "Ærø"),
     ("客户_ID", "客户 ID"), ("ΑριθμόςΠαραγγελίας", "Αριθμός Παραγγελίας"),
     # a short name in capitals is an abbreviation, unless it is a common word (Lahman's ERA and RBI)
     ("ERA", "ERA"), ("RBI", "RBI"), ("AGE", "Age"), ("QTY", "Quantity"), ("iso3", "ISO3"), ("co2_emissions_kt", "CO2 Emissions Kt"),
     # a common word numbered by one digit glued to it is two words (classicmodels' addressLine1);
     # a term ending in digits (ipv4, md5, sha1, utf8) and a number of two digits (base64) stay whole
     ("addressLine1", "Address Line 1"), ("ADDRESS_LINE2", "Address Line 2"), ("phone2", "Phone 2"), ("addr1", "Address 1"),
     ("ipv4", "Ipv4"), ("md5_hash", "Md5 Hash"), ("sha1", "Sha1"), ("utf8", "Utf8"), ("base64", "Base64"), ("q1_sales", "Q1 Sales")],
)
def test_humanize_labels(raw, expected):
    assert humanize(raw) == expected


@pytest.mark.parametrize(
    "raw,dialect,expected",
    [("NVARCHAR(120)", "sqlite", "string"), ("NUMERIC(10,2)", "sqlite", "decimal"), ("DATETIME", "sqlite", "timestamp"),
     ("timestamp with time zone", "postgres", "timestamp_tz"), ("NUMBER(10)", "oracle", "integer"), ("NUMBER(10,2)", "oracle", "decimal"),
     ("DATE", "oracle", "timestamp"), ("tinyint(1)", "mysql", "boolean"), ("bit", "tsql", "boolean"), ("DATETIMEOFFSET", "tsql", "timestamp_tz"),
     ("STRUCT<a INT64>", "bigquery", "struct"), ("ARRAY<STRING>", "bigquery", "array"), ("jsonb", "postgres", "json"),
     ("uuid", "postgres", "uuid"), ("HUGEINT", "duckdb", "integer"), ("", "sqlite", "unknown"), ("my_domain_type", "postgres", "unknown"),
     # a precision alone means scale 0 (the standard, PostgreSQL, MySQL, SQL Server, DuckDB); bare NUMERIC has any scale
     ("NUMERIC(4)", "postgres", "integer"), ("DECIMAL(10)", "mysql", "integer"), ("DECIMAL(18)", "tsql", "integer"),
     ("NUMERIC", "postgres", "decimal"), ("DECIMAL(10)", "sqlite", "decimal"),
     # one bit is yes or no (MySQL's bare BIT is BIT(1)); more bits make a number
     ("BIT(1)", "mysql", "boolean"), ("bit", "mysql", "boolean"), ("BIT(8)", "mysql", "integer")],
)
def test_type_normalization_across_dialects(raw, dialect, expected):
    assert normalize_type(raw, dialect) == expected


def test_entities_get_unique_snake_case_names(model):
    assert [e.name for e in model.entities] == [
        "address", "customers", "order_header", "order_line", "product", "product_tag", "staff", "tag"]


def test_declared_keys_and_relationship_cardinality(model):
    rels = {(r.from_.table, tuple(r.from_.columns)): r for r in model.relationships}
    assert rels[("order_header", ("cust_id",))].cardinality == "many_to_one"
    assert rels[("order_header", ("cust_id",))].to.table == "CUSTOMERS"
    assert all(r.origin == "declared" for r in model.relationships)
    assert model.entity("order_line").primary_key == ["order_id", "line_no"]


def test_unique_not_null_key_stands_in_for_missing_primary_key():
    snap = shop_snapshot()
    tag = next(t for t in snap.tables if t.name == "tag")
    tag.primary_key = []
    tag.columns[1].nullable = False
    m = analyze(snap)
    ent = m.entity("tag")
    assert ent.primary_key == ["label"]
    assert ent.primary_key_provenance.origin == "inferred"


def test_column_roles(model):
    header = model.entity("order_header")
    dims = {d.name: d for d in header.dimensions}
    assert dims["order_id"].primary_key and dims["order_id"].role == "key"
    assert dims["cust_id"].foreign_key and dims["cust_id"].hidden
    assert dims["total_amount"].role == "measure"
    assert dims["status"].role == "dimension"
    assert [t.name for t in header.time_dimensions] == ["order_date"]
    line = {d.name: d for d in model.entity("order_line").dimensions}
    assert line["line_no"].role != "measure", "an ordinal is not a value to add up"
    assert {d.name: d for d in model.entity("address").dimensions}["zip_code"].role == "dimension"


def test_default_measures(model):
    header = {m.name: m for m in model.entity("order_header").measures}
    assert header["count"].agg == "count"
    assert header["sum_total_amount"].agg == "sum" and header["sum_total_amount"].column == "total_amount"
    line = {m.name: m.agg for m in model.entity("order_line").measures}
    assert line["total_quantity"] == "sum"
    # Neither summed nor averaged over lines whose quantities vary: price x quantity is the figure.
    assert "total_unit_price" not in line and "average_unit_price" not in line, "prices are multiplied, not summed or averaged"
    assert "total_discount_pct" not in line
    assert not any(m.column in ("order_id", "line_no") and m.agg in ("sum", "avg") for m in model.entity("order_line").measures)


def test_labels_and_provenance(model):
    cust = model.entity("customers")
    assert cust.label.value == "Customers"
    emails = [d for d in cust.dimensions if d.column == "EMAIL_ADDR"]
    assert emails[0].label.value == "Email Address"
    assert emails[0].label.provenance.origin == "inferred"
    header = model.entity("order_header")
    assert header.description.value == "One row per order."
    assert header.description.provenance.origin == "declared"


def test_table_roles(model):
    roles = {e.name: e.role for e in model.entities}
    assert roles["order_header"] == "fact"
    assert roles["order_line"] == "fact"
    assert roles["product_tag"] == "bridge"
    assert roles["customers"] == "dimension"


def test_explores_follow_many_to_one_with_role_playing_aliases(model):
    explores = {x.name: x for x in model.explores}
    assert "order_line" in explores
    # A dimension table is explored when it holds measures (customers.count is asked at its own
    # grain); one without measures only through the tables that join to it.
    assert "customers" in explores and explores["customers"].provenance.rule.endswith("measures_root")
    assert "address" not in explores and "product" not in explores
    joins = {j.alias: j for j in explores["order_header"].joins}
    assert {joins["ship_address"].entity, joins["bill_address"].entity} == {"address"}
    assert joins["customers"].cardinality == "many_to_one"
    line = {j.alias: j for j in explores["order_line"].joins}
    assert line["order_header"].from_alias == "order_line"
    assert line["customers"].from_alias == "order_header"


def test_self_reference_is_joined_once():
    from ir.catalog import Table

    snap = shop_snapshot()
    snap.tables.append(Table(name="task", schema="shop", columns=[
        __import__("tests.support", fromlist=["col"]).col("task_id", nullable=False),
        __import__("tests.support", fromlist=["col"]).col("owner_id"),
        __import__("tests.support", fromlist=["col"]).col("hours", "NUMERIC(5,1)")],
        primary_key=["task_id"], foreign_keys=[__import__("tests.support", fromlist=["fk"]).fk(["owner_id"], "staff", ["id"], "shop")]))
    from compiler.frontends.common import finalize
    from compiler.options import SourceOptions

    m = analyze(finalize(snap, SourceOptions(), Diagnostics()))
    task = next(x for x in m.explores if x.root == "task")
    assert [(j.alias, j.entity, j.from_alias) for j in task.joins] == [("owner", "staff", "task"), ("manager", "staff", "owner")]


def test_pass_order_respects_requires_and_rejects_cycles():
    a = FunctionPass("a", lambda s, c: None, ("b",))
    b = FunctionPass("b", lambda s, c: None)
    assert [p.name for p in order_passes([a, b])] == ["b", "a"]
    with pytest.raises(ValueError):
        order_passes([FunctionPass("x", lambda s, c: None, ("y",)), FunctionPass("y", lambda s, c: None, ("x",))])


def test_crashing_pass_becomes_internal_error_diagnostic():
    from compiler.pipeline import Context, PassManager, State
    from ir.semantic import SemanticModel

    def boom(state, ctx):
        raise RuntimeError("kaput")

    diags = Diagnostics()
    state = State(snapshot=shop_snapshot(), model=SemanticModel(name="m", dialect="postgres"))
    PassManager([FunctionPass("boom", boom)]).run(state, Context(diags=diags))
    assert [d.code for d in diags.items] == ["IN001"]
    assert diags.exit_code() == 1


def test_analysis_is_deterministic():
    a = analyze(shop_snapshot()).model_dump_json()
    b = analyze(shop_snapshot()).model_dump_json()
    assert a == b
