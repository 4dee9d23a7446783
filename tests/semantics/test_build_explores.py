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
    assert sorted(explores()) == ["customer", "notes", "rental", "rental_line", "staff"]  # people counted where listed


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


def test_a_cycle_through_a_self_reference_is_joined_once_not_under_every_role():
    """employees -> departments -> (manager) employees -> departments ...: a developer joins the
    department, its location chain, the manager and the department's manager, and stops there."""
    hr = [
        table("regions", [col("region_id"), col("region_name", "TEXT")], pk=["region_id"]),
        table("countries", [col("country_id", "TEXT"), col("region_id")], pk=["country_id"],
              fks=[(["region_id"], "regions", ["region_id"])]),
        table("locations", [col("location_id"), col("country_id", "TEXT")], pk=["location_id"],
              fks=[(["country_id"], "countries", ["country_id"])]),
        table("jobs", [col("job_id", "TEXT"), col("job_title", "TEXT")], pk=["job_id"]),
        table("departments", [col("department_id"), col("manager_id"), col("location_id")], pk=["department_id"],
              fks=[(["manager_id"], "employees", ["employee_id"]), (["location_id"], "locations", ["location_id"])]),
        table("employees", [col("employee_id"), col("job_id", "TEXT"), col("manager_id"), col("department_id"),
                            col("salary", "NUMERIC(8,2)")], pk=["employee_id"],
              fks=[(["job_id"], "jobs", ["job_id"]), (["manager_id"], "employees", ["employee_id"]),
                   (["department_id"], "departments", ["department_id"])]),
        table("job_history", [col("employee_id"), col("start_date", "DATE"), col("job_id", "TEXT"), col("department_id")],
              pk=["employee_id", "start_date"],
              fks=[(["employee_id"], "employees", ["employee_id"]), (["job_id"], "jobs", ["job_id"]),
                   (["department_id"], "departments", ["department_id"])]),
    ]
    state, ctx = prepare(hr, "build_explores")
    got = {x.root: {j.alias: (j.entity, j.from_alias) for j in x.joins} for x in run(build_explores, state, ctx).explores}
    assert got["employees"] == {
        "departments": ("departments", "employees"), "jobs": ("jobs", "employees"), "manager": ("employees", "employees"),
        "locations": ("locations", "departments"), "departments_manager": ("employees", "departments"),
        "countries": ("countries", "locations"), "regions": ("regions", "countries")}
    history = got["job_history"]
    assert history["employees_departments"] == ("departments", "employees")  # the employee's department, joined
    assert not any(from_ in ("departments_manager", "employees_departments", "employees_manager") for _, from_ in history.values())
    assert len(history) == 10


def test_a_row_reached_again_by_columns_a_join_made_equal_is_not_joined_twice():
    """Batting joins the player's appearances row by player, season and team; that row's player
    is the batting row's player, joined already: no appearances_people copy. A reference the
    join did not equate (the appearances row's league) is still followed."""
    state, ctx = prepare([
        table("people", [col("player_id", "TEXT"), col("name_last", "TEXT")], pk=["player_id"]),
        table("teams", [col("year_id"), col("team_id", "TEXT"), col("w")], pk=["year_id", "team_id"]),
        table("leagues", [col("league_id", "TEXT"), col("name", "TEXT")], pk=["league_id"]),
        table("appearances", [col("year_id"), col("team_id", "TEXT"), col("player_id", "TEXT"), col("league_id", "TEXT"),
                              col("g_all")], pk=["year_id", "team_id", "player_id"],
              fks=[(["player_id"], "people", ["player_id"]), (["year_id", "team_id"], "teams", ["year_id", "team_id"]),
                   (["league_id"], "leagues", ["league_id"])]),
        table("batting", [col("player_id", "TEXT"), col("year_id"), col("stint"), col("team_id", "TEXT"), col("hr")],
              pk=["player_id", "year_id", "stint"],
              fks=[(["player_id"], "people", ["player_id"]), (["year_id", "team_id"], "teams", ["year_id", "team_id"]),
                   (["year_id", "team_id", "player_id"], "appearances", ["year_id", "team_id", "player_id"])]),
    ], "build_explores")
    batting = next(x for x in run(build_explores, state, ctx).explores if x.root == "batting")
    joins = sorted((j.entity, j.from_alias) for j in batting.joins)
    assert joins == [("appearances", "batting"), ("leagues", "appearances"), ("people", "batting"), ("teams", "batting")]


def test_a_table_reached_in_a_role_and_under_its_own_name_is_named_by_whose_both_are():
    """FoodMart's sales reach region as the customer's (customer_region_id) and through the store
    (region_id): the second is the store's region, not 'region'."""
    tables = [
        table("region", [col("region_id"), col("sales_region", "TEXT")], pk=["region_id"]),
        table("customer", [col("customer_id"), col("customer_region_id")], pk=["customer_id"],
              fks=[(["customer_region_id"], "region", ["region_id"])]),
        table("store", [col("store_id"), col("region_id")], pk=["store_id"], fks=[(["region_id"], "region", ["region_id"])]),
        table("sales", [col("customer_id"), col("store_id"), col("store_sales", "NUMERIC(9,2)")],
              fks=[(["customer_id"], "customer", ["customer_id"]), (["store_id"], "store", ["store_id"])]),
    ]
    state, ctx = prepare(tables, "build_explores")
    sales = next(x for x in run(build_explores, state, ctx).explores if x.root == "sales")
    joins = {j.alias: (j.entity, j.from_alias) for j in sales.joins}
    assert joins["customer_region"] == ("region", "customer") and joins["store_region"] == ("region", "store")
