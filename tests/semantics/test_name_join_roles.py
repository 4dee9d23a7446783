"""name_join_roles: the role a relationship's target plays, named from the foreign key."""

from __future__ import annotations

from ir.provenance import Provenance
from passes import name_join_roles
from tests.semantics.build import col, prepare, run, table


def roles(tables):
    state, ctx = prepare(tables, "name_join_roles")
    return {(r.from_.table, tuple(r.from_.columns)): r.role for r in run(name_join_roles, state, ctx).relationships}


def test_roles_from_foreign_key_names():
    got = roles([
        table("address", [col("address_id")], pk=["address_id"]),
        table("employee", [col("EmployeeId"), col("ReportsTo")], pk=["EmployeeId"], fks=[(["ReportsTo"], "employee", ["EmployeeId"])]),
        table("customer", [col("customer_id"), col("SupportRepId")], pk=["customer_id"],
              fks=[(["SupportRepId"], "employee", ["EmployeeId"])]),
        table("orders", [col("id"), col("customer_id"), col("billing_address_id"), col("shipping_address_id")], pk=["id"],
              fks=[(["customer_id"], "customer", ["customer_id"]), (["billing_address_id"], "address", ["address_id"]),
                   (["shipping_address_id"], "address", ["address_id"])]),
        table("category", [col("id"), col("parent_id")], pk=["id"], fks=[(["parent_id"], "category", ["id"])]),
        table("nation", [col("n_nationkey"), col("n_regionkey"), col("n_name", "TEXT")], pk=["n_nationkey"],
              fks=[(["n_regionkey"], "region", ["r_regionkey"])]),
        table("region", [col("r_regionkey"), col("r_name", "TEXT")], pk=["r_regionkey"]),
    ])
    assert got[("orders", ("billing_address_id",))] == "billing_address"
    assert got[("orders", ("shipping_address_id",))] == "shipping_address"
    assert got[("orders", ("customer_id",))] == "customer"
    assert got[("customer", ("SupportRepId",))] == "support_rep"
    assert got[("employee", ("ReportsTo",))] == "manager"
    assert got[("category", ("parent_id",))] == "parent_category"
    assert got[("nation", ("n_regionkey",))] == "region"


def test_a_human_role_is_kept():
    state, ctx = prepare([table("a", [col("id"), col("b_id")], pk=["id"], fks=[(["b_id"], "b", ["id"])]),
                          table("b", [col("id")], pk=["id"])], "name_join_roles")
    rel = state.model.relationships[0]
    rel.role, rel.role_provenance = "owner", Provenance(origin="human", by="mb.yaml")
    assert run(name_join_roles, state, ctx).relationships[0].role == "owner"


def test_a_column_named_as_its_key_plays_the_target():
    got = roles([
        table("planes", [col("tailnum", "TEXT"), col("seats")], pk=["tailnum"]),
        table("airports", [col("faa", "TEXT"), col("name", "TEXT")], pk=["faa"]),
        table("flights", [col("id"), col("tailnum", "TEXT"), col("origin", "TEXT"), col("dest", "TEXT")], pk=["id"],
              fks=[(["tailnum"], "planes", ["tailnum"]), (["origin"], "airports", ["faa"]), (["dest"], "airports", ["faa"])]),
        table("flight_list", [col("fid"), col("title", "TEXT")], fks=[(["fid"], "flights", ["id"])]),
    ])
    assert got[("flights", ("tailnum",))] == "planes"
    assert got[("flight_list", ("fid",))] == "flights"
    assert got[("flights", ("origin",))] == "origin"
    assert got[("flights", ("dest",))] == "dest"


def test_a_composite_key_takes_the_role_its_one_own_column_adds():
    """A post-season series refers to the season's teams twice, by year and the winner's or the
    loser's team id: winner_team and loser_team, not teams and teams_2. A composite key of plain
    key names plays its target."""
    got = roles([
        table("teams", [col("yearID"), col("teamID", "TEXT"), col("name", "TEXT")], pk=["yearID", "teamID"]),
        table("series_post", [col("yearID"), col("round", "TEXT"), col("teamIDwinner", "TEXT"), col("teamIDloser", "TEXT")],
              pk=["yearID", "round"], fks=[(["yearID", "teamIDwinner"], "teams", ["yearID", "teamID"]),
                                           (["yearID", "teamIDloser"], "teams", ["yearID", "teamID"])]),
        table("batting", [col("playerID", "TEXT"), col("yearID"), col("teamID", "TEXT")], pk=["playerID", "yearID"],
              fks=[(["yearID", "teamID"], "teams", ["yearID", "teamID"])]),
    ])
    assert got[("series_post", ("yearID", "teamIDwinner"))] == "winner_team"
    assert got[("series_post", ("yearID", "teamIDloser"))] == "loser_team"
    assert got[("batting", ("yearID", "teamID"))] == "teams"
