"""The snapshot format: stable keys, identity round trip, located schema errors."""

from __future__ import annotations

import re

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.diagnostics import InputError
from compiler.snapshot_io import dump_snapshot, parse_snapshot_text
from ir.catalog import Column, ForeignKey, Table, TableRef, UniqueKey
from ir.snapshot import Snapshot, Source
from tests.support import shop_snapshot


def test_snapshot_has_the_keys_scripts_rely_on():
    data = json.loads(dump_snapshot(shop_snapshot(), "json"))
    assert data["version"] == 1
    assert data["source"] == {"dialect": "postgres", "description": "shop.sql", "database": "shop"}
    table = next(t for t in data["tables"] if t["name"] == "order_header")
    assert {"name", "schema", "kind", "columns", "primary_key"} <= set(table)
    assert table["columns"][0] == {"name": "order_id", "type": "BIGINT", "nullable": False}
    rel = next(r for r in data["relationships"] if r["from"]["table"] == "order_line" and r["to"]["table"] == "order_header")
    assert rel["from"]["columns"] == ["order_id"] and rel["to"]["columns"] == ["order_id"]
    assert rel["cardinality"] == "many_to_one" and rel["origin"] == "declared" and rel["confidence"] == 1.0


def test_yaml_and_json_round_trip_to_the_same_snapshot():
    snap = shop_snapshot()
    for fmt in ("yaml", "json"):
        text = dump_snapshot(snap, fmt)
        assert parse_snapshot_text(text, f"s.{fmt}") == snap
        assert dump_snapshot(parse_snapshot_text(text, "s"), fmt) == text


def test_no_timestamp_unless_asked():
    assert "created_at" not in dump_snapshot(shop_snapshot())


def test_schema_error_names_the_path_and_line():
    text = dump_snapshot(shop_snapshot()).replace("nullable: false", "nullable: maybe", 1)
    with pytest.raises(InputError) as err:
        parse_snapshot_text(text, "snap.yaml")
    assert err.value.code.code == "FE006"
    assert "tables[0](Address).columns[0](AddressId).nullable" in err.value.message
    line = int(err.value.location.rsplit(":", 1)[1])
    assert text.splitlines()[line - 1].strip() == "nullable: maybe"


def test_unknown_key_is_a_schema_error():
    text = re.sub(r"(?m)^( *)kind: table$", r"\1kind: table\n\1colour: blue", dump_snapshot(shop_snapshot()), count=1)
    with pytest.raises(InputError) as err:
        parse_snapshot_text(text, "snap.yaml")
    assert err.value.code.code == "FE006" and "colour" in err.value.message


def test_yaml_syntax_error_has_line_and_column():
    with pytest.raises(InputError) as err:
        parse_snapshot_text("version: 1\nsource: [unclosed\n", "bad.yaml")
    assert err.value.code.code == "FE007"
    assert err.value.location.startswith("bad.yaml:")


def test_newer_version_is_refused():
    with pytest.raises(InputError) as err:
        parse_snapshot_text("version: 99\nsource: {dialect: duckdb, description: x}\ntables: []\n", "new.yaml")
    assert err.value.code.code == "FE014"


# Identifiers people really have: spaces, quotes, unicode, keywords, YAML-special words.
names = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12),
    st.sampled_from(["yes", "no", "on", "null", "select", "order", "a b", "x'y", 'q"r', "1abc", "~", "- x", "#"]),
)


@st.composite
def snapshots(draw):
    tables = []
    for i in range(draw(st.integers(1, 4))):
        cols = [Column(name=f"{draw(names)}_{j}", type=draw(st.sampled_from(["INTEGER", "VARCHAR(20)", "DATE", "NUMERIC(10,2)", ""])),
                       nullable=draw(st.booleans()), comment=draw(st.none() | names), default=draw(st.none() | st.sampled_from(["0", "'x'", "now()"])))
                for j in range(draw(st.integers(1, 5)))]
        pk = [cols[0].name] if draw(st.booleans()) else []
        tables.append(Table(name=f"{draw(names)}_{i}", schema=draw(st.none() | st.just("s")), kind=draw(st.sampled_from(["table", "view"])),
                            columns=cols, primary_key=pk, row_count=draw(st.none() | st.integers(0, 10**12)),
                            unique_keys=[UniqueKey(columns=[cols[-1].name])] if draw(st.booleans()) else [],
                            comment=draw(st.none() | names)))
    if len(tables) > 1:
        a, b = tables[0], tables[1]
        a.foreign_keys = [ForeignKey(columns=[a.columns[0].name], ref_table=TableRef(name=b.name, schema=b.schema_), ref_columns=[b.columns[0].name])]
    return Snapshot(source=Source(dialect="duckdb", description=draw(names)), tables=tables)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.sampled_from(["yaml", "json"]))
def test_dump_load_dump_is_identity(snap, fmt):
    text = dump_snapshot(snap, fmt)
    loaded = parse_snapshot_text(text, "prop")
    assert loaded == snap
    assert dump_snapshot(loaded, fmt) == text
