"""mark_optional_joins: a relationship some referencing rows do not take (a NULL key)."""

from __future__ import annotations

from passes import mark_optional_joins
from tests.semantics.build import col, prepare, run, table


def optional(tables):
    state, ctx = prepare(tables, "mark_optional_joins")
    return {(r.from_.table, r.from_.columns[0]): r.optional for r in run(mark_optional_joins, state, ctx).relationships}


def test_null_keys_counted_make_the_join_optional_and_none_counted_make_it_total():
    got = optional([
        table("customers", [col("id", distinct_count=50)], pk=["id"], rows=50),
        table("invoices", [col("id", distinct_count=80), col("customer_id", distinct_count=50)], pk=["id"], rows=80,
              fks=[(["customer_id"], "customers", ["id"])]),
        table("transactions", [col("id", distinct_count=200), col("customer_id", distinct_count=50),
                               col("invoice_id", distinct_count=80, null_count=120)], pk=["id"], rows=200,
              fks=[(["customer_id"], "customers", ["id"]), (["invoice_id"], "invoices", ["id"])]),
    ])
    assert got[("transactions", "invoice_id")] is True  # payments have no invoice
    assert got[("transactions", "customer_id")] is False
    assert got[("invoices", "customer_id")] is False


def test_without_a_profile_only_a_declared_not_null_says_every_row_takes_it():
    got = optional([
        table("customers", [col("id")], pk=["id"]),
        table("orders", [col("id"), col("customer_id", nullable=False), col("referrer_id")], pk=["id"],
              fks=[(["customer_id"], "customers", ["id"]), (["referrer_id"], "customers", ["id"])]),
    ])
    assert got[("orders", "customer_id")] is False
    assert got[("orders", "referrer_id")] is None  # unknown: nullable, never counted
