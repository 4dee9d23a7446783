"""The generic round-trip comparator, and emit -> read -> compare as a property over random models."""

from __future__ import annotations

import json

import lkml

from hypothesis import HealthCheck, given, settings, strategies as st

from backends.lookml import LookMLBackend, parse
from compiler.diagnostics import Diagnostics
from backends.base import Backend
from compiler.roundtrip import FACETS, check, compare
from ir.catalog import TableRef
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Explore, Join, Measure, Metric, RowFilter, SemanticModel, TimeDimension

ALL = frozenset(FACETS)


def small() -> SemanticModel:
    customers = Entity(
        name="customers",
        table=TableRef(name="customers", schema="s"),
        label=Text.declared("Customers"),
        dimensions=[Dimension(name="id", column="id", data_type="integer", primary_key=True)],
        measures=[Measure(name="count", agg="count")],
    )
    orders = Entity(
        name="orders",
        table=TableRef(name="orders", schema="s"),
        dimensions=[
            Dimension(name="id", column="id", data_type="integer", primary_key=True),
            Dimension(name="customer_id", column="customer_id", data_type="integer", hidden=True),
        ],
        time_dimensions=[TimeDimension(name="ordered", column="ordered_at")],
        measures=[Measure(name="total", agg="sum", column="amount", description=Text.declared("Sum"))],
    )
    explore = Explore(
        name="orders",
        root="orders",
        joins=[Join(alias="customers", entity="customers", from_alias="orders", from_columns=["customer_id"], to_columns=["id"], cardinality="many_to_one")],
    )
    return SemanticModel(name="m", dialect="postgres", entities=[customers, orders], explores=[explore])


def test_identical_models_have_no_differences():
    assert compare(small(), small(), ALL, "test") == []


def test_each_facet_difference_is_reported_once():
    actual = small()
    orders = actual.entity("orders")
    orders.dimensions[0].data_type = "string"  # dimensions
    orders.dimensions[1].hidden = False  # dimensions (a second one)
    orders.time_dimensions[0].data_type = "date"  # time_dimensions
    orders.measures[0].agg = "avg"  # measures
    orders.measures[0].description = None  # descriptions
    actual.entity("customers").label = Text.declared("Clients")  # labels
    actual.explores[0].joins[0].cardinality = "one_to_one"  # explores
    found = compare(small(), actual, ALL, "test")
    assert {d.code for d in found} == {"RT001"}
    facets = sorted(d.message.rsplit("[", 1)[1].rstrip("]") for d in found)
    assert facets == ["descriptions", "dimensions", "dimensions", "explores", "labels", "measures", "time_dimensions"]
    by_subject = {d.message.split(" changed")[0].split(" is ")[0]: d for d in found}
    assert "measure orders.total" in by_subject
    assert "agg 'sum' became 'avg'" in by_subject["measure orders.total"].message
    assert by_subject["measure orders.total"].location == "test:orders.total"


def test_missing_and_unexpected_objects():
    actual = small()
    actual.entities = [e for e in actual.entities if e.name != "customers"]
    actual.entity("orders").measures.append(Measure(name="extra", agg="max", column="amount"))
    found = compare(small(), actual, frozenset({"entities", "measures"}), "test")
    messages = sorted(d.message for d in found)
    assert messages == [
        "entity customers is missing from the test files [entities]",
        "measure customers.count is missing from the test files [measures]",
        "measure orders.extra is in the test files but not in the model [measures]",
    ]


def test_a_row_filter_lost_or_changed_is_reported():
    """A reader that takes a table's live rows for the table would count deleted rows again."""
    expected = small()
    expected.entity("orders").row_filters = [RowFilter(column="is_deleted", kind="flag", deleted_value=True)]
    lost = small()
    assert [d.message for d in compare(expected, lost, ALL, "test")] == [
        "row filter orders.is_deleted is missing from the test files [row_filters]"]
    changed = small()
    changed.entity("orders").row_filters = [RowFilter(column="is_deleted", kind="flag", deleted_value=1)]
    assert [d.message for d in compare(expected, changed, ALL, "test")] == [
        "row filter orders.is_deleted changed: deleted_value 'true' became '1' [row_filters]"]
    # A '1' kept as text is compared as text: read back as the number 1, the condition changed.
    text = small()
    text.entity("orders").row_filters = [RowFilter(column="is_deleted", kind="flag", deleted_value="1")]
    assert [d.message for d in compare(text, changed, ALL, "test")] == [
        "row filter orders.is_deleted changed: deleted_value \"'1'\" became '1' [row_filters]"]


def test_only_declared_capabilities_are_compared():
    actual = small()
    actual.entity("customers").label = None
    actual.entity("orders").dimensions[0].data_type = "string"
    assert compare(small(), actual, frozenset({"entities", "measures"}), "test") == []
    assert len(compare(small(), actual, frozenset({"labels"}), "test")) == 1


def test_type_categories_not_exact_types_are_compared():
    actual = small()
    actual.entity("orders").dimensions[0].data_type = "decimal"  # integer and decimal are both numbers
    actual.entity("orders").time_dimensions[0].data_type = "timestamp_tz"
    assert compare(small(), actual, ALL, "test") == []


class JsonBackend(Backend):
    """A stand-in future backend: the comparator and check() know nothing LookML-specific, and
    every hook but emit and read has its default."""

    name = "json"
    capabilities = frozenset({"entities", "dimensions", "measures", "relationships", "metrics"})

    def emit(self, model, options, diags):
        return {"model.json": model.model_dump_json(by_alias=True)}

    def read(self, files, diags):
        return SemanticModel.model_validate(json.loads(files["model.json"]))


def test_check_works_for_any_backend():
    backend = JsonBackend()
    model = small()
    model.metrics = [Metric(name="aov", type="ratio", numerator="total", denominator="count")]
    files = backend.emit(model, {}, Diagnostics())
    assert check(backend, model, files, Diagnostics()) == []
    data = json.loads(files["model.json"])
    data["entities"][1]["measures"][0]["agg"] = "min"
    data["metrics"][0]["type"] = "derived"
    diags = Diagnostics({"RT001": "warning"})
    found = check(backend, model, {"model.json": json.dumps(data)}, diags)
    assert [(d.code, d.severity, d.location) for d in found] == [
        ("RT001", "warning", "json:orders.total"),
        ("RT001", "warning", "json:aov"),
    ]  # in facet order; the severity override from mb.yaml applies


# ----------------------------------------------------------------------------- property test

NAME = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
# Raw table and column names may hold anything quoting must survive (but not what LookML cannot).
RAW = st.from_regex(r"[A-Za-z][A-Za-z0-9 _\"`\]\[.-]{0,10}", fullmatch=True)
PROSE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
TEXT = st.one_of(st.none(), PROSE.map(Text.declared))
DIALECTS = ["postgres", "mysql", "tsql", "bigquery", "duckdb", "snowflake", "sqlite"]
DIM_TYPES = ["integer", "decimal", "float", "boolean", "string", "uuid", "json", "date", "timestamp", "unknown"]
AGGS = ["count", "count_distinct", "sum", "avg", "min", "max"]


@st.composite
def entity(draw, name: str, schema: str | None) -> Entity:
    field_names = draw(st.lists(NAME, min_size=1, max_size=8, unique=True))
    columns = draw(st.lists(RAW, min_size=len(field_names), max_size=len(field_names), unique=True))
    n_dims = draw(st.integers(1, len(field_names)))
    n_pk = draw(st.integers(0, min(2, n_dims)))
    dims, times = [], []
    for i, (fname, col) in enumerate(zip(field_names, columns)):
        if i < n_dims:
            dims.append(
                Dimension(
                    name=fname,
                    column=col,
                    data_type="integer" if i < max(n_pk, 1) else draw(st.sampled_from(DIM_TYPES)),
                    primary_key=i < n_pk,
                    hidden=draw(st.booleans()),
                    label=draw(TEXT),
                    description=draw(TEXT),
                )
            )
        else:
            times.append(
                TimeDimension(
                    name=fname,
                    column=col,
                    data_type=draw(st.sampled_from(["date", "timestamp", "timestamp_tz"])),
                    hidden=draw(st.booleans()),
                    label=draw(TEXT),
                )
            )
    measures = []
    for mname in draw(st.lists(NAME, max_size=4, unique=True)):
        agg = draw(st.sampled_from(AGGS))
        d = draw(st.sampled_from(dims))
        filt = draw(st.sampled_from([None, "simple", "complex"]))
        measures.append(
            Measure(
                name=mname,
                agg=agg,
                column=None if agg == "count" else d.column,
                filter=None if filt is None else ("x_flag = 'on'" if filt == "simple" else "x_flag = 'on' OR x_num > 2"),
                format=draw(st.sampled_from([None, "integer", "decimal", "currency", "percent"])),
                hidden=draw(st.booleans()),
                label=draw(TEXT),
                description=draw(TEXT),
            )
        )
    dims.append(Dimension(name="x_flag", column="x_flag"))
    dims.append(Dimension(name="x_num", column="x_num", data_type="integer"))
    return Entity(
        name=name,
        table=TableRef(name=draw(RAW), schema=schema),
        label=draw(TEXT),
        description=draw(TEXT),
        dimensions=dims,
        time_dimensions=times,
        measures=measures,
    )


@st.composite
def models(draw) -> SemanticModel:
    dialect = draw(st.sampled_from(DIALECTS))
    schema = None if dialect == "sqlite" else draw(st.one_of(st.none(), RAW))
    names = draw(st.lists(NAME, min_size=1, max_size=5, unique=True))
    entities = [draw(entity(n, schema)) for n in names]
    explores = []
    for root in draw(st.lists(st.sampled_from(entities), max_size=3, unique_by=lambda e: e.name)):
        aliases = {root.name: root}
        joins = []
        for alias in draw(st.lists(NAME, max_size=4, unique=True)):
            if alias in aliases:
                continue
            target = draw(st.sampled_from(entities))
            from_alias = draw(st.sampled_from(sorted(aliases)))
            source = aliases[from_alias]
            width = draw(st.integers(1, 2))
            from_cols = [draw(st.sampled_from(source.dimensions)).column for _ in range(width)]
            to_cols = [draw(st.sampled_from(target.dimensions)).column for _ in range(width)]
            joins.append(
                Join(
                    alias=alias,
                    entity=target.name,
                    from_alias=from_alias,
                    from_columns=from_cols,
                    to_columns=to_cols,
                    cardinality=draw(st.sampled_from(["many_to_one", "one_to_one", "one_to_many", "many_to_many"])),
                    type=draw(st.sampled_from(["left_outer", "inner", "full_outer"])),
                )
            )
            aliases[alias] = target
        explores.append(Explore(name=root.name, root=root.name, label=draw(TEXT), description=draw(TEXT), joins=joins))
    metrics = []
    first = entities[0]
    if len(first.measures) >= 2 and draw(st.booleans()):
        metrics.append(
            Metric(name="zz_ratio", type="ratio", entity=first.name, numerator=first.measures[0].name, denominator=first.measures[1].name)
        )
    return SemanticModel(name="gen", dialect=dialect, entities=entities, explores=explores, metrics=metrics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(models())
def test_emit_read_compare_round_trips(model):
    backend = LookMLBackend()
    diags = Diagnostics()
    files = backend.emit(model, {}, diags)
    assert not [d for d in diags.items if d.code == "LK001"], diags.render_text()
    found = check(backend, model, files, diags)
    assert found == [], "\n".join(d.render() for d in found)
    assert not [d for d in diags.items if d.code == "RT002"]
    # Deterministic, and the fast loader agrees with lkml wherever it answers.
    assert LookMLBackend().emit(model, {}, Diagnostics()) == files
    for text in files.values():
        try:
            fast = parse.fast_load(text)
        except parse.Unsure:
            continue
        assert fast == lkml.load(text)


def test_a_time_of_day_round_trips_through_every_target(tmp_path):
    """A TIME column (opening hours, a surgery's start) is no point in time: Cube, whose `time`
    type is a timestamp, holds it as text, and the round trip compares it as text everywhere.
    It had made every schema with such a column fail to compile (RT001)."""
    import duckdb

    from compiler.api import compile as compile_model, snapshot

    db = tmp_path / "clinic.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE surgeries (id INTEGER PRIMARY KEY, room VARCHAR, starts TIME, day DATE, minutes INTEGER)")
        con.execute("INSERT INTO surgeries SELECT i, 'R' || (i % 4), TIME '08:00' + INTERVAL (i % 9) HOUR, "
                    "DATE '2024-01-01' + i::INTEGER, 30 + i % 90 FROM range(1, 200) t(i)")
    diags = Diagnostics()
    result = compile_model(snapshot(str(db), diags=diags), ["lookml", "dbt", "cube", "powerbi", "superset", "ossie"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    assert set(result.files) == {"lookml", "dbt", "cube", "powerbi", "superset", "ossie"}
