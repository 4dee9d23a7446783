"""The Cube backend without Node: emitted YAML, names, keys, role cubes, bridges, loss
reports and the round trip. (Cube's own compiler runs in test_cube_validator.py.)"""

from __future__ import annotations

import yaml

from backends.base import get_backend
from backends.cube import CubeBackend
from compiler.api import compile as compile_snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.roundtrip import check
from ir.catalog import TableRef
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Explore, Join, Measure, Metric, Relationship, RelationshipEnd, SemanticModel
from tests.support import shop_snapshot


def dim(name: str, data_type: str = "integer", **kw) -> Dimension:
    return Dimension(name=name, column=kw.pop("column", name), data_type=data_type, **kw)


def entity(name: str, pk: list[str] | None, dims: list[Dimension], **kw) -> Entity:
    return Entity(name=name, table=TableRef(name=name, schema="s"), primary_key=pk or [], dimensions=dims,
                  measures=kw.pop("measures", [Measure(name="count", agg="count")]), **kw)


def rel(src: str, cols: list[str], dst: str, to: list[str]) -> Relationship:
    return Relationship(**{"from": RelationshipEnd(table=src, schema="s", columns=cols)}, to=RelationshipEnd(table=dst, schema="s", columns=to),
                        cardinality="many_to_one", origin="declared")


def tagged(join: Join, dialect: str = "postgres", **extra) -> SemanticModel:
    """Products and tags through a bridge, with one explore join given by the test."""
    return SemanticModel(
        name="m", dialect=dialect,
        entities=[
            entity("products", ["product_id"], [dim("product_id", primary_key=True), dim("title", "string")]),
            entity("tags", ["tag_id"], [dim("tag_id", primary_key=True), dim("label", "string")]),
            entity("product_tags", ["product_id", "tag_id"], [dim("product_id", primary_key=True), dim("tag_id", primary_key=True)], role="bridge"),
        ],
        relationships=[rel("product_tags", ["product_id"], "products", ["product_id"]), rel("product_tags", ["tag_id"], "tags", ["tag_id"])],
        explores=[Explore(name="products", root="products", joins=[join])],
        **extra,
    )


def emit(model: SemanticModel) -> tuple[dict[str, str], Diagnostics, CubeBackend]:
    backend = CubeBackend()
    diags = Diagnostics()
    files = backend.emit(model, {}, diags)
    assert not [d for d in check(backend, model, files, diags) if d], diags.render_text()
    return files, diags, backend


def cube(files: dict[str, str], name: str) -> dict:
    return yaml.safe_load(files[f"model/cubes/{name}.yml"])["cubes"][0]


def codes(diags: Diagnostics) -> list[str]:
    return [d.code for d in diags.items]


def shop(dialect: str = "postgres") -> dict[str, str]:
    diags = Diagnostics()
    result = compile_snapshot(shop_snapshot(dialect), ["cube"], Config(name="shop"), diags)
    assert not diags.has_errors(), diags.render_text()
    assert "RT001" not in codes(diags)
    return result.files["cube"]


def test_registered_and_deterministic():
    assert isinstance(get_backend("cube"), CubeBackend)
    assert shop() == shop()


def test_sql_table_and_columns_are_quoted_for_the_dialect():
    assert cube(shop("postgres"), "address")["sql_table"] == '"shop"."Address"'
    mysql = cube(shop("mysql"), "address")
    assert mysql["sql_table"] == "`shop`.`Address`"
    assert mysql["dimensions"][0]["sql"] == "{CUBE}.`AddressId`"
    assert cube(shop("tsql"), "address")["sql_table"] == "[shop].[Address]"


def test_types_titles_formats_and_single_primary_key():
    c = cube(shop(), "order_header")
    dims = {d["name"]: d for d in c["dimensions"]}
    assert dims["order_id"]["primary_key"] is True and dims["order_id"]["type"] == "number"
    assert dims["status"]["type"] == "string" and dims["status"]["description"] == "Lifecycle state."
    assert dims["order_date"]["type"] == "time"
    assert dims["cust_id"]["public"] is False
    assert c["description"] == "One row per order." and c["title"] == "Order Header"
    measures = {m["name"]: m for m in c["measures"]}
    assert measures["sum_total_amount"] == {**measures["sum_total_amount"], "type": "sum", "sql": '{CUBE}."total_amount"', "format": "currency"}


def test_composite_key_is_one_concatenated_dimension():
    c = cube(shop(), "order_line")
    pks = [d for d in c["dimensions"] if d.get("primary_key")]
    assert len(pks) == 1 and pks[0]["meta"] == {"mb_compound_key": ["order_id", "line_no"]}
    assert "||" in pks[0]["sql"] and pks[0]["public"] is False
    assert "+ '|' +" in cube(shop("tsql"), "order_line")["dimensions"][0]["sql"]


def test_role_playing_and_self_joins_get_their_own_cubes():
    files = shop()
    header = cube(files, "order_header")
    assert {j["name"]: j["relationship"] for j in header["joins"]} == {
        "bill_address": "many_to_one", "customers": "many_to_one", "ship_address": "many_to_one"}
    assert next(j for j in header["joins"] if j["name"] == "ship_address")["sql"] == '{CUBE}."ship_address_id" = {ship_address}."AddressId"'
    ship = cube(files, "ship_address")
    assert ship["meta"] == {"mb_role_of": "address"} and ship["public"] is False and ship["sql_table"] == '"shop"."Address"'
    assert cube(files, "staff")["joins"][0]["name"] == "manager"
    view = yaml.safe_load(files["model/views/order_line_view.yml"])["views"][0]
    assert [c["join_path"] for c in view["cubes"]] == [
        "order_line", "order_line.order_header", "order_line.product", "order_line.order_header.bill_address",
        "order_line.order_header.customers", "order_line.order_header.ship_address"]


def test_view_member_collision_drops_the_hidden_foreign_key():
    view = yaml.safe_load(shop()["model/views/staff_view.yml"])["views"][0]
    assert view["cubes"][0]["excludes"] == ["manager_id"]


def test_many_to_many_goes_through_the_bridge():
    join = Join(alias="tags", entity="tags", from_alias="products", from_columns=["product_id"], to_columns=["tag_id"], cardinality="many_to_many")
    files, diags, _ = emit(tagged(join))
    assert "CB003" in codes(diags)
    assert cube(files, "products")["joins"] == [
        {"name": "product_tags", "relationship": "one_to_many", "sql": '{CUBE}."product_id" = {product_tags}."product_id"'}]
    assert cube(files, "product_tags")["joins"][0]["name"] == "tags"
    view = yaml.safe_load(files["model/views/products_view.yml"])["views"][0]
    assert [c["join_path"] for c in view["cubes"]] == ["products", "products.product_tags", "products.product_tags.tags"]


def test_many_to_many_without_a_bridge_is_reported():
    join = Join(alias="tags", entity="tags", from_alias="products", from_columns=["title"], to_columns=["label"], cardinality="many_to_many")
    files, diags, _ = emit(tagged(join))
    assert "CB001" in codes(diags) and "joins" not in cube(files, "products")


def test_inner_join_is_reported_as_left_join():
    join = Join(alias="product_tags", entity="product_tags", from_alias="products", from_columns=["product_id"], to_columns=["product_id"],
                cardinality="one_to_many", type="inner")
    files, diags, _ = emit(tagged(join))
    assert "CB004" in codes(diags)
    assert cube(files, "products")["joins"][0]["relationship"] == "one_to_many"


def test_a_keyless_cube_joins_by_its_whole_row_as_a_hidden_key():
    """Cube refuses joins from a cube without a primary key: a keyless trip log's zones and an
    inventory fact's products had been left out (CB001). Its whole row stands in, hidden, and
    reads back as no key."""
    model = tagged(Join(alias="products", entity="products", from_alias="tags", from_columns=["tag_id"], to_columns=["product_id"], cardinality="many_to_one"))
    model.entities[1].primary_key = []
    model.entities[1].dimensions[0].primary_key = False
    model.explores[0] = model.explores[0].model_copy(update={"name": "tags", "root": "tags"})
    files, diags, backend = emit(model)
    assert not any(d.code == "CB001" for d in diags.items), diags.render_text()
    tags = cube(files, "tags")
    assert [j["name"] for j in tags["joins"]] == ["products"]
    key = next(d for d in tags["dimensions"] if d.get("primary_key"))
    assert key["public"] is False and "tag_id" in key["sql"] and "label" in key["sql"]
    # Cube counts rows by the key: an empty column must not empty it (green trips had counted 0).
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE tags AS SELECT 1 AS tag_id, NULL::TEXT AS label")
    assert con.execute(f"SELECT {key['sql'].replace('{CUBE}.', '')} FROM tags").fetchone()[0] is not None
    back = backend.read(files, Diagnostics())
    assert back.entity("tags").primary_key == []
    assert all(d.name != key["name"] for e in back.entities for d in e.dimensions)


def test_unsafe_sql_is_left_out_and_reported():
    model = tagged(Join(alias="tags", entity="tags", from_alias="products", from_columns=["product_id"], to_columns=["tag_id"], cardinality="many_to_one"))
    model.entities[0].dimensions.append(dim("odd", "string", column="we{ird}"))
    files, diags, _ = emit(model)
    assert any(d.code == "CB001" and d.location == "products.odd" for d in diags.items)
    assert "odd" not in {d["name"] for d in cube(files, "products")["dimensions"]}


def test_geo_dimension_from_the_entitys_location():
    from ir.semantic import Location

    stores = entity("stores", ["id"], [dim("id", primary_key=True), dim("lat", "float", semantic_type="latitude"),
                                       dim("lng", "float", semantic_type="longitude")],
                    locations=[Location(name="location", latitude="lat", longitude="lng", label=Text.declared("Location"))])
    files, _, _ = emit(SemanticModel(name="m", dialect="duckdb", entities=[stores]))
    geo = cube(files, "stores")["dimensions"][-1]
    assert geo == {"name": "location", "type": "geo", "latitude": {"sql": '{CUBE}."lat"'}, "longitude": {"sql": '{CUBE}."lng"'},
                   "title": "Location", "meta": {"mb_geo": True}}


def test_metrics_and_texts_round_trip():
    orders = entity("orders", ["id"], [dim("id", primary_key=True), dim("amount", "decimal", label=Text.declared('A "quoted"\nlabel'))],
                    measures=[Measure(name="count", agg="count"), Measure(name="revenue", agg="sum", column="amount", format="currency",
                                                                          filter="amount > 0", description=Text.declared("yes"))])
    model = SemanticModel(name="m", dialect="postgres", entities=[orders],
                          metrics=[Metric(name="avg_order", type="ratio", entity="orders", numerator="revenue", denominator="count",
                                          label=Text.declared("1e3"))])
    files, _, backend = emit(model)
    measures = {m["name"]: m for m in cube(files, "orders")["measures"]}
    assert measures["avg_order"]["sql"] == "1.0 * {revenue} / NULLIF({count}, 0)"
    assert measures["avg_order"]["title"] == "1e3" and measures["revenue"]["description"] == "yes"
    assert measures["revenue"]["filters"] == [{"sql": '{CUBE}."amount" > 0'}] and measures["revenue"]["format"] == "currency"
    back = backend.read(files, Diagnostics())
    assert back.metrics[0].type == "ratio" and back.entities[0].dimensions[1].label.value == 'A "quoted"\nlabel'


def test_a_key_with_a_date_in_it_is_the_whole_key():
    """job_history is keyed by (employee_id, start_date): a key of employee_id alone would merge
    an employee's jobs, and count 7 rows where there are 10."""
    from ir.semantic import TimeDimension

    history = entity("job_history", ["employee_id", "start_date"], [dim("employee_id", primary_key=True), dim("job_id", "string")],
                     time_dimensions=[TimeDimension(name="start_date", column="start_date", data_type="date")])
    files, _, backend = emit(SemanticModel(name="m", dialect="postgres", entities=[history]))
    dims = cube(files, "job_history")["dimensions"]
    (key,) = [d for d in dims if d.get("primary_key")]
    assert key["meta"] == {"mb_compound_key": ["employee_id", "start_date"]}
    assert key["sql"].count("||") >= 2 and '"start_date"' in key["sql"]
    assert backend.read(files, Diagnostics()).entity("job_history").primary_key == ["employee_id", "start_date"]


def test_a_key_with_a_stamp_read_through_a_cast_is_the_whole_key():
    """A dock's readings keyed by (dock_id, stamp), the stamp text read through a cast: the key is
    both, the stamp as the cast reads it; dock_id alone would merge a dock's readings."""
    from ir.semantic import TimeDimension

    cast = 'CAST(NULLIF("stamp", \'\') AS TIMESTAMP)'
    readings = entity("readings", ["dock_id", "stamp"], [dim("dock_id", primary_key=True), dim("bikes_available")],
                      time_dimensions=[TimeDimension(name="stamp", column="stamp", expr=cast, data_type="timestamp")])
    files, _, backend = emit(SemanticModel(name="m", dialect="duckdb", entities=[readings]))
    (key,) = [d for d in cube(files, "readings")["dimensions"] if d.get("primary_key")]
    assert key["meta"] == {"mb_compound_key": ["dock_id", "stamp"]}
    assert 'CAST(NULLIF({CUBE}."stamp", \'\') AS TIMESTAMP)' in key["sql"]


def _trips() -> SemanticModel:
    """Trips with the station names copied on each row, and the stations joined in two roles."""
    return SemanticModel(
        name="m", dialect="sqlite",
        entities=[
            entity("station", ["id"], [dim("id", primary_key=True), dim("name", "string"), dim("city", "string")]),
            entity("trip", ["id"], [dim("id", primary_key=True), dim("start_station_id", role="key", hidden=True),
                                    dim("start_station_name", "string"), dim("end_station_id", role="key", hidden=True),
                                    dim("end_station_name", "string")], role="fact"),
        ],
        relationships=[rel("trip", ["start_station_id"], "station", ["id"]), rel("trip", ["end_station_id"], "station", ["id"])],
        explores=[Explore(name="trip", root="trip", joins=[
            Join(alias="start_station", entity="station", from_alias="trip", from_columns=["start_station_id"], to_columns=["id"],
                 cardinality="many_to_one"),
            Join(alias="end_station", entity="station", from_alias="trip", from_columns=["end_station_id"], to_columns=["id"],
                 cardinality="many_to_one")])],
    )


def test_a_joined_roles_member_whose_name_a_column_holds_keeps_a_name_of_its_own():
    """A trip's end_station_name column and the end station's name both showed as
    end_station_name in the view, and the joined one was left out (CB001 "is taken"): both stay,
    the station's as end_station_station_name, with nothing reported lost."""
    files, diags, _ = emit(_trips())
    assert not [d for d in diags.items if d.code == "CB001"], diags.render_text()
    view = yaml.safe_load(files["model/views/trip_view.yml"])["views"][0]
    shown = {}
    for part in view["cubes"]:
        role = part["join_path"].split(".")[-1]
        for m in part["includes"] if isinstance(part["includes"], list) else []:
            shown[f"{role}_{m['alias']}" if part.get("prefix") else m["alias"]] = (part["join_path"], m["name"])
    assert shown == {"start_station_station_name": ("trip.start_station", "name"),
                     "end_station_station_name": ("trip.end_station", "name")}
    excluded = {p["join_path"]: p.get("excludes") for p in view["cubes"] if p["includes"] == "*"}
    assert excluded["trip.start_station"] == ["name"] and excluded["trip.end_station"] == ["name"]
