"""build_explores: roots, joins named by role, and where each explore finds its time axis."""

from __future__ import annotations

import re

from passes import build_explores
from tests.semantics.build import col, prepare, run, table


def store():
    return [
        table("address", [col("address_id"), col("city_id")], pk=["address_id"], fks=[(["city_id"], "city", ["city_id"])]),
        table("city", [col("city_id"), col("city", "TEXT")], pk=["city_id"]),
        table("store", [col("store_id"), col("address_id")], pk=["store_id"], fks=[(["address_id"], "address", ["address_id"])]),
        table("staff", [col("staff_id"), col("address_id"), col("store_id")], pk=["staff_id"],
              fks=[(["address_id"], "address", ["address_id"]), (["store_id"], "store", ["store_id"])]),
        table("customer", [col("customer_id"), col("address_id")], pk=["customer_id"],
              fks=[(["address_id"], "address", ["address_id"])]),
        table("rental", [col("rental_id"), col("rental_date", "TIMESTAMP"), col("customer_id"), col("staff_id")], pk=["rental_id"],
              fks=[(["customer_id"], "customer", ["customer_id"]), (["staff_id"], "staff", ["staff_id"])]),
        table("rental_line", [col("line_id"), col("rental_id"), col("fee", "NUMERIC(5,2)")], pk=["line_id"],
              fks=[(["rental_id"], "rental", ["rental_id"])]),
        table("notes", [col("id"), col("body", "TEXT")], pk=["id"]),
    ]


def explores():
    state, ctx = prepare(store(), "build_explores")
    return {x.root: x for x in run(build_explores, state, ctx).explores}


def test_roots_are_facts_bridges_and_tables_nobody_joins_to():
    assert sorted(explores()) == ["notes", "rental", "rental_line"]


def test_one_role_reached_twice_is_named_by_whose_it_is():
    rental = explores()["rental"]
    joins = {j.alias: (j.entity, j.from_alias) for j in rental.joins}
    assert joins["customer"] == ("customer", "rental") and joins["staff"] == ("staff", "rental")
    assert joins["customer_address"] == ("address", "customer")
    assert joins["staff_address"] == ("address", "staff")
    assert joins["store_address"] == ("address", "store")  # the store is reached once: its own name
    assert joins["customer_address_city"] == ("city", "customer_address")
    assert not any(re.search(r"_\d+$", a) for a in joins)


def test_the_explore_knows_where_its_time_axis_is():
    got = explores()
    assert (got["rental"].time.alias, got["rental"].time.dimension) == ("rental", "rental_date")
    # The line's time is its rental's: found on the join that follows the axis's path.
    assert (got["rental_line"].time.alias, got["rental_line"].time.dimension) == ("rental", "rental_date")
    assert got["notes"].time is None
