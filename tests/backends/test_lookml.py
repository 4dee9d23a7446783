"""The LookML backend: emitted files, quoting, naming, loss reports and the round trip."""

from __future__ import annotations

import lkml
import pytest

from backends.base import get_backend
from backends.lookml import LookMLBackend, parse
from backends.lookml.names import unquote_string
from compiler.diagnostics import Diagnostics
from compiler.roundtrip import check
from ir.catalog import TableRef
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Explore, Join, Measure, Metric, SemanticModel, TimeDimension

TRICKY = 'Say "hi" \\ to C:\\temp\nsecond line'


def T(value: str) -> Text:
    return Text.declared(value)


def dim(name, column=None, data_type="string", **kw) -> Dimension:
    return Dimension(name=name, column=column if column is not None else name, data_type=data_type, **kw)


def star(dialect: str = "postgres") -> SemanticModel:
    schema = None if dialect == "sqlite" else "shop"
    customers = Entity(
        name="customers",
        table=TableRef(name="customers", schema=schema),
        label=T("Customers"),
        description=T(TRICKY),
        primary_key=["customer_id"],
        dimensions=[
            dim("customer_id", data_type="integer", primary_key=True, role="key"),
            dim("full_name", "Full Name", label=T('The "full" name')),
            dim("active", data_type="boolean"),
        ],
        time_dimensions=[TimeDimension(name="signup_date", column="signup_date", data_type="date")],
        measures=[Measure(name="count", agg="count", label=T("Customers"))],
    )
    products = Entity(
        name="products",
        table=TableRef(name="products", schema=schema),
        primary_key=["product_id"],
        dimensions=[dim("product_id", data_type="integer", primary_key=True), dim("category")],
        measures=[Measure(name="count", agg="count")],
    )
    addresses = Entity(
        name="addresses",
        table=TableRef(name="addresses", schema=schema),
        primary_key=["address_id"],
        dimensions=[dim("address_id", data_type="integer", primary_key=True), dim("city")],
    )
    orders = Entity(
        name="orders",
        table=TableRef(name="orders", schema=schema),
        role="fact",
        primary_key=["order_id"],
        dimensions=[
            dim("order_id", data_type="integer", primary_key=True),
            dim("customer_id", data_type="integer", foreign_key=True, hidden=True),
            dim("product_id", data_type="integer", foreign_key=True, hidden=True),
            dim("ship_address_id", data_type="integer", foreign_key=True, hidden=True),
            dim("bill_address_id", data_type="integer", foreign_key=True, hidden=True),
            dim("status"),
            dim("amount", data_type="decimal", description=T("Order total, tax included")),
            Dimension(name="amount_doubled", expr="amount * 2", data_type="decimal"),
        ],
        time_dimensions=[
            TimeDimension(name="order_date", column="order_date", data_type="date"),
            TimeDimension(name="created_at", column="created_at", data_type="timestamp_tz"),
        ],
        measures=[
            Measure(name="count", agg="count"),
            Measure(name="total_amount", agg="sum", column="amount", format="currency", label=T("Total amount")),
            Measure(name="average_amount", agg="avg", column="amount", format="decimal"),
            Measure(name="shipped_amount", agg="sum", column="amount", filter="status = 'shipped'"),
            Measure(name="large_amount", agg="sum", column="amount", filter="amount > 100 OR status = 'rush'"),
            Measure(name="large_order_count", agg="count", filter="amount > 100 OR status = 'rush'"),
            Measure(name="customer_count", agg="count_distinct", column="customer_id", format="integer"),
        ],
    )
    product_tags = Entity(
        name="product_tags",
        table=TableRef(name="product_tags", schema=schema),
        role="bridge",
        primary_key=["product_id", "tag_id"],
        dimensions=[
            dim("product_id", data_type="integer", primary_key=True),
            dim("tag_id", data_type="integer", primary_key=True),
        ],
        measures=[Measure(name="count", agg="count")],
    )
    employees = Entity(
        name="employees",
        table=TableRef(name="employees", schema=schema),
        primary_key=["employee_id"],
        dimensions=[
            dim("employee_id", data_type="integer", primary_key=True),
            dim("manager_id", data_type="integer", foreign_key=True),
            dim("name"),
        ],
    )
    odd = Entity(
        name="order_notes",
        table=TableRef(name='order "notes" [x]', schema=schema),
        dimensions=[dim("note_text", 'Note "Text"'), dim("bad", "semi;;colon")],
    )
    explores = [
        Explore(
            name="orders",
            root="orders",
            label=T("Orders"),
            description=T("Every order with its customer, product and addresses"),
            joins=[
                Join(alias="customers", entity="customers", from_alias="orders", from_columns=["customer_id"], to_columns=["customer_id"], cardinality="many_to_one"),
                Join(alias="products", entity="products", from_alias="orders", from_columns=["product_id"], to_columns=["product_id"], cardinality="many_to_one"),
                Join(alias="ship_address", entity="addresses", from_alias="orders", from_columns=["ship_address_id"], to_columns=["address_id"], cardinality="many_to_one"),
                Join(alias="bill_address", entity="addresses", from_alias="orders", from_columns=["bill_address_id"], to_columns=["address_id"], cardinality="many_to_one"),
                Join(alias="product_tags", entity="product_tags", from_alias="products", from_columns=["product_id"], to_columns=["product_id"], cardinality="one_to_many"),
            ],
        ),
        Explore(
            name="employees",
            root="employees",
            joins=[Join(alias="manager", entity="employees", from_alias="employees", from_columns=["manager_id"], to_columns=["employee_id"], cardinality="many_to_one")],
        ),
    ]
    metrics = [Metric(name="average_order_value", type="ratio", entity="orders", numerator="total_amount", denominator="count")]
    return SemanticModel(
        name="shop",
        dialect=dialect,
        entities=[addresses, customers, employees, odd, orders, product_tags, products],
        explores=explores,
        metrics=metrics,
    )


def emit(model: SemanticModel, options: dict | None = None) -> tuple[dict[str, str], Diagnostics, LookMLBackend]:
    backend = LookMLBackend()
    diags = Diagnostics()
    return backend.emit(model, options or {}, diags), diags, backend


def view(files: dict[str, str], name: str) -> dict:
    (v,) = lkml.load(files[f"views/{name}.view.lkml"])["views"]
    return v


def fields(v: dict, kind: str = "dimensions") -> dict[str, dict]:
    return {f["name"]: f for f in v.get(kind, [])}


# ----------------------------------------------------------------------------- files


def test_registry_finds_the_backend():
    backend = get_backend("lookml")
    assert backend.name == "lookml" and "explores" in backend.capabilities


def test_one_view_file_per_entity_and_a_model_file():
    files, _, _ = emit(star())
    assert sorted(files) == [
        "shop.model.lkml",
        "views/addresses.view.lkml",
        "views/customers.view.lkml",
        "views/employees.view.lkml",
        "views/order_notes.view.lkml",
        "views/orders.view.lkml",
        "views/product_tags.view.lkml",
        "views/products.view.lkml",
    ]
    for text in files.values():
        first = text.splitlines()[0]
        assert first.startswith("# Generated by mb") and "mb.yaml" in first
        assert not any(ch.isdigit() for ch in first)  # no version, no timestamp


def test_model_file_connection_include_and_explores():
    files, _, _ = emit(star(), {"connection": "warehouse"})
    doc = lkml.load(files["shop.model.lkml"])
    assert doc["connection"] == "warehouse"
    assert doc["includes"] == ["/views/*.view.lkml"]
    explores = {x["name"]: x for x in doc["explores"]}
    orders = explores["orders"]
    assert orders["label"] == "Orders"
    joins = {j["name"]: j for j in orders["joins"]}
    assert joins["customers"] == {
        "name": "customers",
        "type": "left_outer",
        "relationship": "many_to_one",
        "sql_on": "${orders.customer_id} = ${customers.customer_id}",
    }
    # Role-playing: two aliases of one view.
    assert joins["ship_address"]["from"] == "addresses"
    assert joins["ship_address"]["sql_on"] == "${orders.ship_address_id} = ${ship_address.address_id}"
    assert joins["bill_address"]["from"] == "addresses"
    assert joins["bill_address"]["sql_on"] == "${orders.bill_address_id} = ${bill_address.address_id}"
    # A join hanging from an earlier join.
    assert joins["product_tags"]["sql_on"] == "${products.product_id} = ${product_tags.product_id}"
    assert joins["product_tags"]["relationship"] == "one_to_many"
    # Self-reference.
    (manager,) = explores["employees"]["joins"]
    assert manager["from"] == "employees"
    assert manager["sql_on"] == "${employees.manager_id} = ${manager.employee_id}"


def test_connection_defaults_to_model_name():
    files, _, _ = emit(star())
    assert lkml.load(files["shop.model.lkml"])["connection"] == "shop"


def test_dimensions_types_sql_and_flags():
    files, _, _ = emit(star())
    v = view(files, "orders")
    assert v["sql_table_name"] == '"shop"."orders"'
    dims = fields(v)
    assert dims["order_id"]["primary_key"] == "yes"
    assert dims["order_id"]["type"] == "number"
    assert dims["order_id"]["sql"] == '${TABLE}."order_id"'
    assert dims["customer_id"]["hidden"] == "yes"
    assert dims["status"]["type"] == "string"
    assert dims["amount"]["description"] == "Order total, tax included"
    assert dims["amount_doubled"]["sql"] == '${TABLE}."amount" * 2'
    customers = fields(view(files, "customers"))
    assert customers["active"]["type"] == "yesno"
    assert customers["full_name"]["sql"] == '${TABLE}."Full Name"'


def test_dimension_groups_are_named_by_stripping_the_time_suffix():
    files, _, _ = emit(star())
    groups = fields(view(files, "orders"), "dimension_groups")
    assert set(groups) == {"order", "created"}
    assert groups["order"]["timeframes"] == ["raw", "date", "week", "month", "quarter", "year"]
    assert groups["order"]["datatype"] == "date" and groups["order"]["convert_tz"] == "no"
    assert groups["created"]["type"] == "time"
    assert "time" in groups["created"]["timeframes"] and "hour" in groups["created"]["timeframes"]
    assert "datatype" not in groups["created"]


def test_dimension_group_keeps_its_full_name_when_the_stem_collides():
    entity = Entity(
        name="events",
        table=TableRef(name="events"),
        dimensions=[dim("created_date")],  # group `created` would generate created_date too
        time_dimensions=[TimeDimension(name="created_at", column="created_at")],
        measures=[Measure(name="created_at_raw", agg="max", column="created_at")],  # and the full name collides
    )
    files, diags, _ = emit(SemanticModel(name="m", dialect="sqlite", entities=[entity]))
    v = view(files, "events")
    (group,) = v["dimension_groups"]
    generated = {f"{group['name']}_{tf}" for tf in group["timeframes"]}
    others = set(fields(v)) | set(fields(v, "measures"))
    assert not generated & others
    assert group["name"] == "created_at_2"
    assert [d.code for d in diags.items] == ["LK002"]


def test_measures_types_sql_formats_and_filters():
    files, _, _ = emit(star())
    ms = fields(view(files, "orders"), "measures")
    assert ms["count"] == {"name": "count", "type": "count"}
    assert ms["total_amount"]["type"] == "sum"
    assert ms["total_amount"]["sql"] == "${amount}"
    assert ms["total_amount"]["value_format_name"] == "usd"
    assert ms["total_amount"]["label"] == "Total amount"
    assert ms["average_amount"]["type"] == "average"
    assert ms["average_amount"]["value_format_name"] == "decimal_2"
    assert ms["customer_count"]["type"] == "count_distinct"
    assert ms["customer_count"]["value_format_name"] == "decimal_0"
    assert ms["shipped_amount"]["filters__all"] == [[{"status": "shipped"}]]
    assert ms["large_amount"]["sql"] == "CASE WHEN ${amount} > 100 OR ${status} = 'rush' THEN ${amount} END"
    assert ms["large_order_count"]["type"] == "sum"
    assert ms["large_order_count"]["sql"] == "CASE WHEN ${amount} > 100 OR ${status} = 'rush' THEN 1 ELSE 0 END"
    assert ms["average_order_value"]["type"] == "number"
    assert ms["average_order_value"]["sql"] == "1.0 * ${total_amount} / NULLIF(${count}, 0)"


def test_compound_primary_key_becomes_one_hidden_key_field():
    files, _, backend = emit(star())
    text = files["views/product_tags.view.lkml"]
    assert "# The primary key is compound" in text
    dims = fields(view(files, "product_tags"))
    key = dims["pk_2_product_id_tag_id"]
    assert key["primary_key"] == "yes" and key["hidden"] == "yes"
    assert key["sql"] == "CAST(${product_id} AS VARCHAR) || '|' || CAST(${tag_id} AS VARCHAR)"
    assert "primary_key" not in dims["product_id"] and "primary_key" not in dims["tag_id"]
    # Read back, the key is the two columns again.
    entity = backend.read(files, Diagnostics()).entity("product_tags")
    assert [d.name for d in entity.dimensions] == ["product_id", "tag_id"]
    assert all(d.primary_key for d in entity.dimensions)


def test_a_location_is_a_location_field_over_its_two_coordinates():
    from ir.semantic import Location

    stores = Entity(name="stores", table=TableRef(name="stores"), primary_key=["id"],
                    dimensions=[dim("id", data_type="integer", primary_key=True), dim("lat", data_type="float", semantic_type="latitude"),
                                dim("lng", data_type="float", semantic_type="longitude")],
                    locations=[Location(name="location", latitude="lat", longitude="lng", label=T("Location"))])
    files, diags, backend = emit(SemanticModel(name="m", dialect="duckdb", entities=[stores]))
    dims = fields(view(files, "stores"))
    assert dims["location"]["type"] == "location"
    assert (dims["location"]["sql_latitude"], dims["location"]["sql_longitude"]) == ("${lat}", "${lng}")
    back = backend.read(files, Diagnostics()).entity("stores")
    assert [(x.name, x.latitude, x.longitude) for x in back.locations] == [("location", "lat", "lng")]
    assert "location" not in {d.name for d in back.dimensions}


def test_a_key_with_a_date_in_it_is_the_whole_key():
    """job_history is keyed by (employee_id, start_date); a dimension group cannot be a key, so
    the hidden key field takes the group's raw time, and employee_id alone is no key."""
    history = Entity(name="job_history", table=TableRef(name="job_history", schema="hr"), primary_key=["employee_id", "start_date"],
                     dimensions=[dim("employee_id", data_type="integer", primary_key=True), dim("job_id")],
                     time_dimensions=[TimeDimension(name="start_date", column="start_date", data_type="date")],
                     measures=[Measure(name="count", agg="count")])
    files, _, backend = emit(SemanticModel(name="m", dialect="postgres", entities=[history]))
    dims = fields(view(files, "job_history"))
    key = dims["pk_2_employee_id_start"]
    assert key["primary_key"] == "yes" and key["sql"] == "CAST(${employee_id} AS VARCHAR) || '|' || CAST(${start_raw} AS VARCHAR)"
    assert "primary_key" not in dims["employee_id"]
    assert backend.read(files, Diagnostics()).entity("job_history").primary_key == ["employee_id", "start_date"]


def test_a_key_with_a_stamp_read_through_a_cast_is_the_whole_key():
    """A dock's readings keyed by (dock_id, stamp), the stamp text read through a cast: the hidden
    key takes the group's raw time, so the key is whole and reads back; dock_id alone, no key."""
    cast = 'DATETIME(REPLACE("stamp", \'/\', \'-\'))'
    readings = Entity(name="readings", table=TableRef(name="readings"), primary_key=["dock_id", "stamp"],
                      dimensions=[dim("dock_id", data_type="integer", primary_key=True), dim("bikes_available", data_type="integer")],
                      time_dimensions=[TimeDimension(name="stamp", column="stamp", expr=cast, data_type="timestamp")],
                      measures=[Measure(name="count", agg="count")])
    model = SemanticModel(name="m", dialect="sqlite", entities=[readings])
    files, diags, backend = emit(model)
    dims = fields(view(files, "readings"))
    assert dims["pk_2_dock_id_stamp"]["sql"] == "CAST(${dock_id} AS TEXT) || '|' || CAST(${stamp_raw} AS TEXT)"
    assert "primary_key" not in dims["dock_id"]
    assert check(backend, model, files, diags) == []


def test_a_self_join_on_labels_read_through_a_cast_is_kept():
    """Entities whose parent is named by its label, labels kept as text and read as numbers ('12'):
    the join compares the two cast fields, where it had been left out (LK001) and the compile had
    failed; it reads back as the same columns."""
    cast = "CAST(NULLIF(\"{c}\", '') AS BIGINT)"
    entity = Entity(name="entity", table=TableRef(name="entity"), primary_key=["entity_key"],
                    dimensions=[dim("entity_key", data_type="integer", primary_key=True),
                                dim("entity_label", expr=cast.format(c="entity_label"), data_type="integer"),
                                dim("parent_label", expr=cast.format(c="parent_label"), data_type="integer")],
                    measures=[Measure(name="count", agg="count")])
    join = Join(alias="parent", entity="entity", from_alias="entity", from_columns=["parent_label"],
                to_columns=["entity_label"], cardinality="many_to_one")
    model = SemanticModel(name="m", dialect="postgres", entities=[entity],
                          explores=[Explore(name="entity", root="entity", joins=[join])])
    files, diags, backend = emit(model)
    assert not [d for d in diags.items if d.code == "LK001"]
    assert "sql_on: ${entity.parent_label} = ${parent.entity_label} ;;" in files["m.model.lkml"]
    assert check(backend, model, files, diags) == []


@pytest.mark.parametrize(
    "dialect, table, column, odd_table",
    [
        ("postgres", '"shop"."orders"', '${TABLE}."order_id"', '"shop"."order ""notes"" [x]"'),
        ("mysql", "`shop`.`orders`", "${TABLE}.`order_id`", '`shop`.`order "notes" [x]`'),
        ("tsql", "[shop].[orders]", "${TABLE}.[order_id]", '[shop].[order "notes" [x]]]'),
        ("bigquery", "`shop`.`orders`", "${TABLE}.`order_id`", '`shop`.`order "notes" [x]`'),
        ("snowflake", '"shop"."orders"', '${TABLE}."order_id"', '"shop"."order ""notes"" [x]"'),
        ("sqlite", '"orders"', '${TABLE}."order_id"', '"order ""notes"" [x]"'),
    ],
)
def test_quoting_per_dialect(dialect, table, column, odd_table):
    files, _, backend = emit(star(dialect))
    v = view(files, "orders")
    assert v["sql_table_name"] == table
    assert fields(v)["order_id"]["sql"] == column
    assert view(files, "order_notes")["sql_table_name"] == odd_table
    diags = Diagnostics()
    assert check(backend, star(dialect), files, diags) == []
    read = backend.read(files, Diagnostics())
    assert read.entity("order_notes").table.name == 'order "notes" [x]'
    assert read.entity("order_notes").dimensions[0].column == 'Note "Text"'


def test_expression_is_transpiled_to_the_source_dialect():
    entity = Entity(
        name="t",
        table=TableRef(name="t", schema="s"),
        dimensions=[dim("a", data_type="integer"), Dimension(name="a_text", expr="CAST(a AS TEXT)")],
    )
    files, _, _ = emit(SemanticModel(name="m", dialect="tsql", entities=[entity]))
    assert fields(view(files, "t"))["a_text"]["sql"] == "CAST(${TABLE}.[a] AS VARCHAR(MAX))"


# ----------------------------------------------------------------------------- strings, names, losses


def test_labels_and_descriptions_escape_and_read_back_identically():
    files, _, backend = emit(star())
    v = view(files, "customers")
    assert unquote_string(v["description"]) == TRICKY
    assert unquote_string(fields(v)["full_name"]["label"]) == 'The "full" name'
    read = backend.read(files, Diagnostics())
    assert read.entity("customers").description.value == TRICKY


def test_unexpressible_column_is_reported_and_left_out():
    files, diags, _ = emit(star())
    lk001 = [d for d in diags.items if d.code == "LK001"]
    assert len(lk001) == 1
    assert lk001[0].location == "order_notes.bad" and "semi;;colon" in lk001[0].message
    assert lk001[0].severity == "error"
    assert set(fields(view(files, "order_notes"))) == {"note_text"}
    assert "semi" not in files["views/order_notes.view.lkml"]


def test_unexpressible_table_drops_the_view_and_its_joins():
    model = star()
    model.entity("addresses").table = TableRef(name="addr${x}", schema="shop")
    files, diags, backend = emit(model)
    assert "views/addresses.view.lkml" not in files
    codes = sorted((d.code, d.location) for d in diags.items if d.code == "LK001")
    assert codes == [
        ("LK001", "addresses"),
        ("LK001", "explore orders join bill_address"),
        ("LK001", "explore orders join ship_address"),
        ("LK001", "order_notes.bad"),
    ]
    assert check(backend, model, files, Diagnostics()) == []


def test_invalid_names_are_sanitized_with_lk002():
    entity = Entity(
        name="Sales Data",
        table=TableRef(name="Sales Data"),
        dimensions=[dim("1st Value", "1st Value"), dim("_1st_value", "x")],
    )
    model = SemanticModel(name="m", dialect="duckdb", entities=[entity], explores=[Explore(name="Sales Data", root="Sales Data")])
    files, diags, backend = emit(model)
    assert "views/sales_data.view.lkml" in files
    assert set(fields(view(files, "sales_data"))) == {"_1st_value", "_1st_value_2"}
    assert {d.code for d in diags.items} == {"LK002"}
    assert check(backend, model, files, Diagnostics()) == []


# ----------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "tsql", "bigquery", "duckdb", "sqlite"])
def test_round_trip_is_clean(dialect):
    model = star(dialect)
    files, _, backend = emit(model)
    diags = Diagnostics()
    assert check(backend, model, files, diags) == []
    assert not [d for d in diags.items if d.code.startswith("RT")]


def test_round_trip_without_the_emit_cache():
    model = star()
    files, _, _ = emit(model)
    assert check(LookMLBackend(), model, files, Diagnostics()) == []


def test_hand_edited_measure_type_is_a_round_trip_difference():
    model = star()
    files, _, backend = emit(model)
    path = "views/orders.view.lkml"
    marker = "  measure: total_amount {\n    type: sum\n"
    assert marker in files[path]
    edited = dict(files, **{path: files[path].replace(marker, marker.replace("sum", "average"))})
    diags = Diagnostics()
    found = check(backend, model, edited, diags)
    assert [(d.code, d.location) for d in found] == [("RT001", "lookml:views/orders.view.lkml")]
    assert "total_amount" in found[0].message and "'sum' became 'avg'" in found[0].message
    assert diags.has_errors()


def test_hand_edited_relationship_and_removed_dimension_are_differences():
    model = star()
    files, _, backend = emit(model)
    edited = dict(files)
    edited["shop.model.lkml"] = files["shop.model.lkml"].replace("relationship: one_to_many", "relationship: many_to_many")
    edited["views/products.view.lkml"] = files["views/products.view.lkml"].replace("dimension: category", "dimension: kind")
    found = check(backend, model, edited, Diagnostics())
    messages = sorted(d.message for d in found)
    assert len(found) == 3
    assert any("join orders.product_tags changed" in m and "many_to_many" in m for m in messages)
    assert any("dimension products.category is missing" in m for m in messages)
    assert any("dimension products.kind is in the lookml files" in m for m in messages)


def test_unparseable_file_is_rt002():
    files, _, backend = emit(star())
    broken = dict(files, **{"views/orders.view.lkml": files["views/orders.view.lkml"].rstrip()[:-1]})
    diags = Diagnostics()
    backend.read(broken, diags)
    assert [(d.code, d.location) for d in diags.items] == [("RT002", "lookml:views/orders.view.lkml")]


def test_lone_semicolon_is_rt002_not_a_hang():
    diags = Diagnostics()
    LookMLBackend().read({"views/x.view.lkml": "view: x { dimension: a { type: string ; } }\n"}, diags)
    assert [d.code for d in diags.items] == ["RT002"]


def test_emit_is_deterministic():
    a, _, _ = emit(star())
    b, _, _ = emit(star())
    assert a == b
    assert list(a) == sorted(a)


def test_fast_loader_agrees_with_lkml():
    for dialect in ("postgres", "mysql", "tsql", "bigquery"):
        files, _, _ = emit(star(dialect))
        for text in files.values():
            assert parse.fast_load(text) == lkml.load(text)
    hand = 'view: v {\n  # a comment\n  dimension: d { sql: ${TABLE}.x ;; tags: ["a", "b"] }\n  set: s { fields: [d, e,] }\n}\n'
    assert parse.load(hand) == lkml.load(hand)


def test_group_label_drops_the_suffix_its_name_lost_unless_human():
    from ir.provenance import Provenance

    human = Text(value="Hired On Date", provenance=Provenance(origin="human", location="mb.yaml:3"))
    entity = Entity(
        name="invoice",
        table=TableRef(name="Invoice"),
        time_dimensions=[
            TimeDimension(name="invoice_date", column="InvoiceDate", label=Text.inferred("Invoice Date", "label_fields", "humanize")),
            TimeDimension(name="hired_date", column="HiredAt", label=human),
        ],
    )
    model = SemanticModel(name="m", dialect="sqlite", entities=[entity])
    files, _, backend = emit(model)
    groups = fields(view(files, "invoice"), "dimension_groups")
    assert groups["invoice"]["label"] == "Invoice"  # Looker shows "Invoice Date", "Invoice Month"
    assert groups["hired"]["label"] == "Hired On Date"
    assert check(backend, model, files, Diagnostics()) == []
