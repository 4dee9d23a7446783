"""The semantics benchmark's scorer (bench/semantics) on tiny hand-made inputs: what it counts as a
hit, a false positive and a false negative, and how a hand-written model on renamed staging
columns is traced back to the source table."""

from __future__ import annotations

from pathlib import Path

from bench.semantics import from_ir, metricflow
from bench.semantics.facts import Facts, Field, Join, measure
from bench.semantics.placement import Placer
from bench.semantics.score import compare
from ir.base import IRModel
from ir.catalog import TableRef
from ir.semantic import Dimension, Entity, Explore, Measure, Relationship, SemanticModel, TimeDimension


def _reference(tmp_path: Path, yaml_text: str, placer: Placer) -> Facts:
    path = tmp_path / "models.yml"
    path.write_text(yaml_text, encoding="utf-8")
    models, metrics = metricflow.read([path])
    return metricflow.facts(models, metrics, placer)


def test_a_false_positive_and_a_false_negative_are_counted_as_such():
    reference = Facts(measures=[measure("orders", "amount", "sum"), measure("orders", None, "count")],
                      explores=[Field("orders")])
    mb = Facts(measures=[measure("orders", "amount", "avg"), measure("orders", "order_id", "count_distinct", primary_key=("order_id",))],
               explores=[Field("orders")])
    s = compare(reference, mb).scores["measures (plain)"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)  # count_distinct of the key is the row count; avg is not the sum
    assert s.precision == 0.5 and s.recall == 0.5
    result = compare(reference, mb)
    assert result.false_negatives["measures (plain)"] == ["orders: sum(amount) (): reference sum, mb only avg"]
    assert result.false_positives["measures (plain)"] == ["orders: avg(amount) (): mb avg, reference only sum"]


def test_plain_measures_are_also_counted_as_counts_and_as_values():
    reference = Facts(measures=[measure("orders", "amount", "sum"), measure("orders", None, "count")], explores=[Field("orders")])
    mb = Facts(measures=[measure("orders", "amount", "sum"), measure("orders", "amount", "avg"), measure("orders", None, "count"),
                         measure("orders", "customer_id", "count_distinct")], explores=[Field("orders")])
    scores = compare(reference, mb).scores
    assert (scores["measures (plain)"].tp, scores["measures (plain)"].fp) == (2, 2)
    counts, values = scores["- of which counts"], scores["- of which sums, averages, extremes"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)
    assert (values.tp, values.fp, values.fn) == (1, 1, 0)


def test_idioms_for_a_filter_mean_the_filtered_measure():
    written = measure("items", "CASE WHEN \"Is_Food\" = TRUE THEN items.price ELSE 0 END", "sum")
    assert written == measure("items", "price", "sum", filter="is_food")
    assert not written.plain
    assert measure("items", "case when kind = 'x' then true else false end", "sum_boolean") == measure("items", None, "count", "kind = 'x'")
    assert measure("items", "1", "SUM") == measure("items", None, "count")
    assert measure("items", "x", "sum", filter="b and a") == measure("items", "x", "sum", filter="a AND b")


def test_tables_the_reference_does_not_cover_are_not_scored():
    reference = Facts(measures=[measure("orders", "amount", "sum")])
    mb = Facts(measures=[measure("orders", "amount", "sum"), measure("audit_log", "bytes", "sum")],
               joins=[Join(("audit_log", ("order_id",)), ("orders", ("id",)))])
    result = compare(reference, mb)
    assert (result.scores["measures (plain)"].fp, result.scores["joins"].fp) == (0, 0)


def test_joins_match_in_either_direction_and_note_a_cardinality_difference():
    reference = Facts(joins=[Join(("orders", ("customer_id",)), ("customers", ("id",)))], explores=[Field("orders"), Field("customers")])
    mb = Facts(joins=[Join(("customers", ("id",)), ("orders", ("customer_id",)), cardinality="one_to_many")])
    result = compare(reference, mb)
    assert result.scores["joins"].tp == 1 and result.scores["joins (pairwise)"].tp == 1
    notes = result.notes["joins (pairwise)"]
    assert notes and "reference says many_to_one from orders" in notes[0]


def test_a_join_reached_through_a_chain_on_the_same_keys_counts_by_key_not_pairwise():
    # MetricFlow joins user_id to users and to users_latest alike; mb joins users_latest once and
    # users to users_latest: every reference join is reachable, pair by pair one is missing.
    visits, users, latest = ("visits", ("user_id",)), ("users", ("user_id",)), ("users_latest", ("user_id",))
    reference = Facts(joins=[Join(visits, users), Join(visits, latest), Join(users, latest, "one_to_one")],
                      explores=[Field("visits"), Field("users"), Field("users_latest")])
    mb = Facts(joins=[Join(visits, latest), Join(users, latest)])
    result = compare(reference, mb)
    assert (result.scores["joins"].tp, result.scores["joins"].fp, result.scores["joins"].fn) == (3, 0, 0)
    assert (result.scores["joins (pairwise)"].tp, result.scores["joins (pairwise)"].fn) == (2, 1)
    assert any("visits(user_id) -> users(user_id)" in n and "through" in n for n in result.notes["joins"])


def test_a_join_on_other_columns_connects_nothing():
    reference = Facts(joins=[Join(("orders", ("customer_id",)), ("customers", ("id",)))], explores=[Field("orders"), Field("customers")])
    mb = Facts(joins=[Join(("orders", ("store_id",)), ("customers", ("id",)))])
    result = compare(reference, mb)
    assert (result.scores["joins"].tp, result.scores["joins"].fp, result.scores["joins"].fn) == (0, 1, 1)


STAGED = """
semantic_models:
  - name: orders
    model: ref('stg_orders')
    defaults: {agg_time_dimension: ordered_at}
    entities:
      - {name: order, type: primary, expr: order_id}
      - {name: customer, type: foreign, expr: customer_id}
    dimensions:
      - {name: ordered_at, type: time, expr: "cast(ordered_at as date)", type_params: {time_granularity: day}}
      - {name: status, type: categorical, expr: order_status}
    measures:
      - {name: revenue, agg: sum, expr: amount}
      - {name: order_count, agg: sum, expr: 1}
      - {name: items, agg: sum, expr: item_count}
  - name: customers
    model: ref('stg_customers')
    entities:
      - {name: customer, type: primary, expr: customer_id}
metrics:
  - name: paid_orders
    type: simple
    type_params: {measure: order_count}
    filter: "{{ Dimension('order__status') }} = 'paid'"
"""

STAGING_SQL = {
    "stg_orders": "with src as (select * from raw_orders) select id as order_id, cust as customer_id, "
                  "cast(amount_cents / 100 as decimal(10, 2)) as amount, date_trunc('day', created) as ordered_at, "
                  "upper(state) as order_status, (select count(*) from raw_items) as item_count from src",
    "stg_customers": "select id as customer_id from raw_customers",
}
SCHEMA = {"raw_orders": {"id": "int", "cust": "int", "amount_cents": "int", "created": "timestamp", "state": "varchar"},
          "raw_customers": {"id": "int"}, "raw_items": {"id": "int"}}


def test_renamed_staging_columns_map_back_to_the_source_table(tmp_path):
    placer = Placer(set(SCHEMA), STAGING_SQL, SCHEMA)
    ref = _reference(tmp_path, STAGED, placer)
    assert measure("raw_orders", "amount_cents", "sum") in ref.measures  # renamed, cast and scaled: the same column
    assert measure("raw_orders", None, "count", "upper(state) = 'paid'") in ref.measures  # the filter follows the rename
    assert Field("raw_orders", "created") in ref.time_dimensions and Field("raw_orders", "created") in ref.time_axes
    assert Field("raw_orders", "UPPER(state)") in ref.dimensions
    assert Join(("raw_orders", ("cust",)), ("raw_customers", ("id",))) in ref.joins
    assert {f.key for f in ref.primary_keys} == {("raw_orders", "id"), ("raw_customers", "id")}
    # A column computed by an aggregate has no place on the source table: listed, not scored.
    assert any("items" in u and "aggregate" in u for u in ref.unplaced)
    assert not any(m.name == "items" for m in ref.measures)


def test_a_filter_through_a_join_is_listed_not_scored(tmp_path):
    placer = Placer({"orders", "customers"})
    ref = _reference(tmp_path, """
semantic_models:
  - name: orders
    model: ref('orders')
    entities: [{name: order, type: primary, expr: id}, {name: customer, type: foreign, expr: customer_id}]
    measures: [{name: n, agg: sum, expr: 1}]
  - name: customers
    model: ref('customers')
    entities: [{name: customer, type: primary, expr: id}]
    dimensions: [{name: country, type: categorical}]
metrics:
  - {name: n_fr, type: simple, type_params: {measure: n}, filter: "{{ Dimension('customer__country') }} = 'FR'"}
""", placer)
    assert [m.describe() for m in ref.measures] == ["orders: count(*)"]
    assert ref.unplaced == ["metric n_fr: filters through a join on customers.country"]


def _ir() -> SemanticModel:
    orders = Entity(
        name="orders", table=TableRef(name="Orders"), primary_key=["OrderId"],
        dimensions=[Dimension(name="order_id", column="OrderId", role="key", primary_key=True),
                    Dimension(name="status", column="Status"),
                    Dimension(name="secret", column="Token", hidden=True)],
        time_dimensions=[TimeDimension(name="ordered", column="OrderedAt")],
        measures=[Measure(name="total", agg="sum", column="Amount"), Measure(name="n", agg="count"),
                  Measure(name="paid", agg="count", filter="\"Status\" = 'paid'")])
    customers = Entity(name="customers", table=TableRef(name="Customers"), primary_key=["Id"])
    rel = Relationship.model_validate({"from": {"table": "Orders", "columns": ["CustomerId"]}, "to": {"table": "Customers", "columns": ["Id"]},
                                       "cardinality": "many_to_one", "origin": "inferred"})
    return SemanticModel(name="m", dialect="duckdb", entities=[orders, customers], relationships=[rel],
                         explores=[Explore(name="orders", root="orders")])


def test_ir_facts_leave_out_hidden_fields_and_keys_and_do_not_guess_a_time_axis():
    got = from_ir.facts(_ir())
    assert {f.key for f in got.dimensions} == {("orders", "status")}
    assert {f.key for f in got.primary_keys} == {("orders", "orderid"), ("customers", "id")}
    assert {m.describe() for m in got.measures} == {"orders: sum(amount)", "orders: count(*)", "orders: count(*) where status = 'paid'"}
    assert [f.key for f in got.time_dimensions] == [("orders", "orderedat")]
    # The IR states time axes (Entity.time_axis); none is set here, so none is read, none guessed.
    assert got.time_axes == []
    assert got.joins == [Join(("orders", ("customerid",)), ("customers", ("id",)))]
    assert [f.table for f in got.explores] == ["orders"]
    axis = compare(Facts(time_axes=[Field("orders", "orderedat")], explores=[Field("orders")]), got).scores["time axis"]
    assert axis.decided is True and (axis.tp, axis.fn) == (0, 1)


class _Axis(IRModel):
    entity: str
    dimension: str


class _AxisEntity(Entity):
    """An entity as an IR that states time axes has it (the benchmark reads any such field)."""

    time_axis: _Axis | str | None = None


def test_a_time_axis_is_read_when_the_ir_states_one():
    model = _ir()
    orders = _AxisEntity(**{**model.entities[0].model_dump(by_alias=True), "time_axis": "ordered"})
    customers = _AxisEntity(**{**model.entities[1].model_dump(by_alias=True), "time_axis": None})
    got = from_ir.facts(model.model_copy(update={"entities": [orders, customers]}))
    assert got.time_axes == [Field("orders", "orderedat")]
    reference = Facts(time_axes=[Field("orders", "orderedat")], explores=[Field("orders")])
    assert compare(reference, got).scores["time axis"].tp == 1
    # An axis taken from a parent through a join is not the table's own column.
    lines = _AxisEntity(name="lines", table=TableRef(name="Lines"), time_axis=_Axis(entity="orders", dimension="ordered"))
    got = from_ir.facts(model.model_copy(update={"entities": [orders, customers, lines]}))
    assert Field("lines", "orders.orderedat") in got.time_axes


def test_a_table_the_reference_models_only_by_its_entities_is_scored_for_joins():
    bridge, target = ("film_actor", ("actor_id",)), ("actor", ("actor_id",))
    reference = Facts(joins=[Join(bridge, target)], explores=[Field("actor")])
    assert compare(reference, Facts(joins=[Join(bridge, target)])).scores["joins"].tp == 1
