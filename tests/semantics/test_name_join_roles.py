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


def wwi():
    """WideWorldImporters' shape: every table names who last edited it (LastEditedBy -> People)."""
    return [
        table("People", [col("PersonID"), col("FullName", "TEXT"), col("LastEditedBy")], pk=["PersonID"],
              fks=[(["LastEditedBy"], "People", ["PersonID"])]),
        table("Customers", [col("CustomerID"), col("CustomerName", "TEXT"), col("PrimaryContactPersonID"), col("LastEditedBy")],
              pk=["CustomerID"], rows=500,
              fks=[(["PrimaryContactPersonID"], "People", ["PersonID"]), (["LastEditedBy"], "People", ["PersonID"])]),
        table("Orders", [col("OrderID"), col("CustomerID"), col("SalespersonPersonID"), col("OrderDate", "DATE"),
                         col("created_by"), col("LastEditedBy")], pk=["OrderID"], rows=5000,
              fks=[(["CustomerID"], "Customers", ["CustomerID"]), (["SalespersonPersonID"], "People", ["PersonID"]),
                   (["created_by"], "People", ["PersonID"]), (["LastEditedBy"], "People", ["PersonID"])]),
        table("OrderLines", [col("OrderLineID"), col("OrderID"), col("Quantity"), col("ModifiedByUserId")], pk=["OrderLineID"],
              rows=15000, fks=[(["OrderID"], "Orders", ["OrderID"]), (["ModifiedByUserId"], "People", ["PersonID"])]),
    ]


def test_who_last_edited_a_row_is_an_audit_reference():
    state, ctx = prepare(wwi(), "name_join_roles")
    audit = {(r.from_.table, r.from_.columns[0]) for r in run(name_join_roles, state, ctx).relationships if r.audit}
    assert audit == {("People", "LastEditedBy"), ("Customers", "LastEditedBy"), ("Orders", "LastEditedBy"), ("Orders", "created_by"),
                     ("OrderLines", "ModifiedByUserId")}


def test_an_audit_reference_is_joined_by_no_explore_and_counted_by_no_measure():
    """It had made 190 of WideWorldImporters' 481 LookML joins, the only People join of the
    invoice lines (so 'People Full Name' there was the last editor), and a distinct count of
    last editors on 18 tables."""
    from passes import build_explores

    state, ctx = prepare(wwi(), "build_explores")
    model = run(build_explores, state, ctx)
    orders = next(x for x in model.explores if x.root == "orders")
    assert {(j.from_alias, j.from_columns[0]) for j in orders.joins} >= {("orders", "CustomerID"), ("orders", "SalespersonPersonID")}
    assert not any(j.from_columns[0] in ("LastEditedBy", "created_by", "ModifiedByUserId") for x in model.explores for j in x.joins)
    assert not any(m.column in ("LastEditedBy", "created_by", "ModifiedByUserId") for e in model.entities for m in e.measures)


def test_an_identifier_word_first_is_dropped_and_the_role_said_before_the_target():
    """Spanish names put the identifier word and the head noun first: codigo_empleado_rep_ventas is
    the employee who is the sales rep, as sales_rep_employee_code says it in English."""
    def cast(n):
        return [
            table(n["staff"], [col(n["staff_key"])], pk=[n["staff_key"]]),
            table(n["customers"], [col(n["customer_key"]), col(n["rep"])], pk=[n["customer_key"]],
                  fks=[([n["rep"]], n["staff"], [n["staff_key"]])]),
            table(n["orders"], [col(n["order_key"]), col(n["buyer"])], pk=[n["order_key"]],
                  fks=[([n["buyer"]], n["customers"], [n["customer_key"]])]),
        ]
    es = {"staff": "empleado", "staff_key": "codigo_empleado", "customers": "cliente", "customer_key": "codigo_cliente",
          "rep": "codigo_empleado_rep_ventas", "orders": "pedido", "order_key": "codigo_pedido", "buyer": "id_cliente"}
    en = {"staff": "employee", "staff_key": "employee_code", "customers": "customer", "customer_key": "customer_code",
          "rep": "sales_rep_employee_code", "orders": "orders", "order_key": "order_code", "buyer": "customer_id"}
    got = roles(cast(es))
    assert got[("cliente", ("codigo_empleado_rep_ventas",))] == "rep_ventas_empleado"
    assert got[("pedido", ("id_cliente",))] == "cliente"
    got = roles(cast(en))
    assert got[("customer", ("sales_rep_employee_code",))] == "sales_rep_employee"
    assert got[("orders", ("customer_id",))] == "customer"


def test_an_audit_verb_is_known_in_each_of_its_forms():
    """A post's last editor (LastEditorUserId) is who last changed it, as LastEditedBy is: the
    verb is read in any of its forms (edit_by, create_user, UpdaterId). The owner is the post's
    author, and a book's editor alone (editor_id) is a business role, not an audit stamp."""
    from passes.name_join_roles import is_audit_reference

    for name in ("LastEditorUserId", "edit_by", "EditedBy", "create_user_id", "UpdaterId", "last_modifier", "ModifiedByUserId",
                 "created_by"):
        assert is_audit_reference([name], None), name
    for name in ("OwnerUserId", "editor_id", "author_id", "user_id", "AcceptedAnswerId"):
        assert not is_audit_reference([name], None), name
    state, ctx = prepare([
        table("Users", [col("Id"), col("DisplayName", "TEXT")], pk=["Id"]),
        table("Posts", [col("Id"), col("OwnerUserId"), col("LastEditorUserId"), col("Score")], pk=["Id"], rows=5000,
              fks=[(["OwnerUserId"], "Users", ["Id"]), (["LastEditorUserId"], "Users", ["Id"])]),
    ], "name_join_roles")
    audit = {r.from_.columns[0]: r.audit for r in run(name_join_roles, state, ctx).relationships}
    assert audit == {"OwnerUserId": False, "LastEditorUserId": True}


def test_a_link_table_named_for_a_role_names_the_people_it_refers_to():
    # departments and their managers, from one date to another: the person is the manager.
    got = roles([
        table("staff", [col("staff_no"), col("name", "TEXT")], pk=["staff_no"]),
        table("units", [col("unit_no", "TEXT"), col("unit_name", "TEXT")], pk=["unit_no"]),
        table("unit_supervisor", [col("staff_no"), col("unit_no", "TEXT"), col("from_date", "DATE"), col("to_date", "DATE")],
              pk=["staff_no", "unit_no"], fks=[(["staff_no"], "staff", ["staff_no"]), (["unit_no"], "units", ["unit_no"])]),
        table("unit_staff", [col("staff_no"), col("unit_no", "TEXT")], pk=["staff_no", "unit_no"],
              fks=[(["staff_no"], "staff", ["staff_no"]), (["unit_no"], "units", ["unit_no"])]),
        # a table of its own named for a role names no other target: its reference stays plain
        table("sales_rep", [col("rep_id"), col("staff_no")], pk=["rep_id"], fks=[(["staff_no"], "staff", ["staff_no"])]),
    ])
    assert got[("unit_supervisor", ("staff_no",))] == "supervisor"
    assert got[("unit_supervisor", ("unit_no",))] == "units"
    assert got[("unit_staff", ("staff_no",))] == "staff"
    assert got[("sales_rep", ("staff_no",))] == "staff"


def test_a_self_reference_named_by_its_table_then_a_word_of_structure_is_the_parent():
    # FoodMart's account_parent (and Kategorie.kategorie_vorgaenger reads the same way): the
    # table's name, then the word of structure; the join is the parent account, not account_2.
    got = roles([
        table("account", [col("account_id"), col("account_parent")], pk=["account_id"],
              fks=[(["account_parent"], "account", ["account_id"])]),
        table("categories", [col("category_id"), col("category_predecessor")], pk=["category_id"],
              fks=[(["category_predecessor"], "categories", ["category_id"])]),
    ])
    assert got[("account", ("account_parent",))] == "parent_account"
    assert got[("categories", ("category_predecessor",))] == "predecessor_category"


def test_a_role_before_the_targets_register_key_names_the_thing():
    """Matches refer to teams by team_api_id (a register's number, beside the team's own id):
    home_team_api_id is the home team, not a "home_team_api"."""
    got = roles([
        table("team", [col("id"), col("team_api_id"), col("team_long_name", "TEXT")], pk=["id"]),
        table("match", [col("id"), col("home_team_api_id"), col("away_team_api_id")], pk=["id"],
              fks=[(["home_team_api_id"], "team", ["team_api_id"]), (["away_team_api_id"], "team", ["team_api_id"])]),
    ])
    assert got[("match", ("home_team_api_id",))] == "home_team"
    assert got[("match", ("away_team_api_id",))] == "away_team"


def test_a_word_saying_the_column_links_names_no_role():
    """BIRD's student club: link_to_event, link_to_member and link_to_major are the event, the member
    and the major (the joins had been named `link_to_event`, and `to_event` on attendance, whose
    columns share the `link_` prefix); ref_customer and fk_order too. A trip's to_station, with no
    link word before it, keeps its role."""
    got = roles([
        table("event", [col("event_id", "TEXT")], pk=["event_id"]),
        table("member", [col("member_id", "TEXT"), col("link_to_major", "TEXT")], pk=["member_id"],
              fks=[(["link_to_major"], "major", ["major_id"])]),
        table("major", [col("major_id", "TEXT")], pk=["major_id"]),
        table("attendance", [col("link_to_event", "TEXT"), col("link_to_member", "TEXT")], pk=["link_to_event", "link_to_member"],
              fks=[(["link_to_event"], "event", ["event_id"]), (["link_to_member"], "member", ["member_id"])]),
        table("budget", [col("budget_id", "TEXT"), col("link_to_event", "TEXT"), col("category", "TEXT")], pk=["budget_id"],
              fks=[(["link_to_event"], "event", ["event_id"])]),
        table("customer", [col("id")], pk=["id"]),
        table("orders", [col("id"), col("ref_customer")], pk=["id"], fks=[(["ref_customer"], "customer", ["id"])]),
        table("station", [col("id")], pk=["id"]),
        table("trip", [col("id"), col("from_station_id"), col("to_station_id")], pk=["id"],
              fks=[(["from_station_id"], "station", ["id"]), (["to_station_id"], "station", ["id"])]),
    ])
    assert got[("attendance", ("link_to_event",))] == "event" and got[("attendance", ("link_to_member",))] == "member"
    assert got[("budget", ("link_to_event",))] == "event" and got[("member", ("link_to_major",))] == "major"
    assert got[("orders", ("ref_customer",))] == "customer"
    assert got[("trip", ("to_station_id",))] == "to_station" and got[("trip", ("from_station_id",))] == "from_station"


def test_a_role_that_already_names_its_thing_does_not_name_it_twice():
    """Wide World Importers: SalespersonPersonID -> People.PersonID had been `salesperson_person`;
    ContactPersonID and PickedByPersonID keep the person their role alone would not say."""
    people = table("People", [col("PersonID"), col("FullName", "TEXT")], pk=["PersonID"])
    orders = table("Orders", [col("OrderID"), col("SalespersonPersonID"), col("ContactPersonID"), col("PickedByPersonID")],
                   pk=["OrderID"], fks=[(["SalespersonPersonID"], "People", ["PersonID"]),
                                        (["ContactPersonID"], "People", ["PersonID"]),
                                        (["PickedByPersonID"], "People", ["PersonID"])])
    got = roles([people, orders])
    assert got[("Orders", ("SalespersonPersonID",))] == "salesperson"
    assert got[("Orders", ("ContactPersonID",))] == "contact_person"
    assert got[("Orders", ("PickedByPersonID",))] == "picked_by_person"


def test_a_user_id_glued_as_uid_beside_a_verb_is_an_audit_reference():
    """Odoo's ORM gives every table create_uid and write_uid, keys into res_users: who made and who
    last wrote the row. Joined, they had made the users table each fact's salesperson-looking join;
    the business role of a user (user_id, salesman_id, invoice_user_id) stays a join."""
    tables = [
        table("res_users", [col("id"), col("login", "TEXT"), col("create_uid"), col("write_uid")], pk=["id"],
              fks=[(["create_uid"], "res_users", ["id"]), (["write_uid"], "res_users", ["id"])]),
        table("sale_order", [col("id"), col("user_id"), col("date_order", "TIMESTAMP"), col("amount_total", "DECIMAL"),
                             col("create_uid"), col("write_uid")], pk=["id"], rows=5000,
              fks=[(["user_id"], "res_users", ["id"]), (["create_uid"], "res_users", ["id"]), (["write_uid"], "res_users", ["id"])]),
    ]
    state, ctx = prepare(tables, "name_join_roles")
    audit = {(r.from_.table, r.from_.columns[0]) for r in run(name_join_roles, state, ctx).relationships if r.audit}
    assert audit == {("res_users", "create_uid"), ("res_users", "write_uid"), ("sale_order", "create_uid"), ("sale_order", "write_uid")}


def test_a_books_writer_is_no_audit_stamp():
    """Who wrote a book (written_by) is its author, a business role; Odoo's write_uid stays who
    last wrote the row."""
    from passes.name_join_roles import is_audit_reference

    assert not is_audit_reference(["written_by"], None)
    assert not is_audit_reference(["written_by_id"], None)
    assert is_audit_reference(["write_uid"], None)
