"""decide_visibility: secrets left out, keys and values hidden, personal data kept and flagged."""

from __future__ import annotations

from ir.provenance import Provenance
from passes import decide_visibility
from tests.semantics.build import col, prepare, run, table


def users():
    return [table("users", [col("id"), col("email", "TEXT"), col("password_hash", "TEXT"), col("api_token", "TEXT"),
                            col("team_id"), col("balance", "NUMERIC(9,2)"), col("avatar", "BLOB"), col("plan_code", "TEXT")],
                  pk=["id"], fks=[(["team_id"], "teams", ["id"])]),
            table("teams", [col("id"), col("name", "TEXT")], pk=["id"])]


def test_secrets_are_left_out_and_reported():
    state, ctx = prepare(users(), "decide_visibility")
    model = run(decide_visibility, state, ctx)
    fields = {d.name: d for d in model.entity("users").dimensions}
    assert "password_hash" not in fields and "api_token" not in fields
    assert sorted(d.location for d in ctx.diags.items if d.code == "AN008") == ["users.api_token", "users.password_hash"]
    assert fields["email"].hidden is False and fields["email"].sensitivity == "pii.email"
    assert fields["team_id"].hidden and fields["team_id"].hidden_provenance.rule == "foreign_key"
    assert fields["balance"].hidden and fields["balance"].hidden_provenance.rule == "value"
    assert fields["avatar"].hidden and fields["plan_code"].hidden is False and fields["id"].hidden is False


def test_a_secret_that_keys_a_join_is_kept_hidden():
    """Sessions keyed by their token, which events refer to: left out, the key and the join would
    point at nothing and the model would not compile at all."""
    tables = [table("sessions", [col("session_token", "TEXT"), col("started_at", "TIMESTAMP")], pk=["session_token"]),
              table("events", [col("id"), col("session_token", "TEXT"), col("api_token", "TEXT")], pk=["id"],
                    fks=[(["session_token"], "sessions", ["session_token"])])]
    state, ctx = prepare(tables, "decide_visibility")
    model = run(decide_visibility, state, ctx)
    sessions = {d.name: d for d in model.entity("sessions").dimensions}
    events = {d.name: d for d in model.entity("events").dimensions}
    assert sessions["session_token"].sensitivity == "secret.token"
    assert sessions["session_token"].hidden and sessions["session_token"].hidden_provenance.rule == "secret_key"
    assert events["session_token"].hidden and "api_token" not in events
    assert sorted(d.location for d in ctx.diags.items if d.code == "AN008") == [
        "events.api_token", "events.session_token", "sessions.session_token"]


def test_a_person_may_keep_a_secret_or_show_a_value():
    state, ctx = prepare(users(), "decide_visibility")
    fields = {d.name: d for d in state.model.entity("users").dimensions}
    human = Provenance(origin="human", by="mb.yaml")
    fields["password_hash"].hidden, fields["password_hash"].hidden_provenance = False, human
    fields["balance"].hidden, fields["balance"].hidden_provenance = False, human
    model = run(decide_visibility, state, ctx)
    fields = {d.name: d for d in model.entity("users").dimensions}
    assert fields["password_hash"].hidden is False and fields["balance"].hidden is False
    assert not [d for d in ctx.diags.items if d.code == "AN008" and "password" in d.location]


def test_a_partition_is_queried_through_its_parent():
    cols = lambda: [col("id"), col("amount", "NUMERIC(9,2)")]  # noqa: E731
    state, ctx = prepare([table("sales", cols(), pk=["id"]), table("sales_2024", cols(), pk=["id"])], "decide_visibility")
    hidden = {e.name: e.hidden for e in run(decide_visibility, state, ctx).entities}
    assert hidden == {"sales": False, "sales_2024": True}


def test_a_stamp_every_row_shares_is_hidden_an_edit_time_is_not():
    """Sakila's last_update: 1,000 films stamped by one load, to the microsecond. An updated_at that
    varies stays a time dimension people filter on."""
    t = table("film", [col("film_id"), col("title", "TEXT"),
                       col("last_update", "TIMESTAMP", min="2007-09-10 17:46:03", max="2007-09-10 17:46:03", distinct_count=1),
                       col("updated_at", "TIMESTAMP", min="2019-01-02 10:00:00", max="2024-06-30 12:00:00", distinct_count=900)],
              pk=["film_id"], rows=1000)
    state, ctx = prepare([t], "decide_visibility")
    times = {f.column: f.hidden for f in run(decide_visibility, state, ctx).entity("film").time_dimensions}
    assert times == {"last_update": True, "updated_at": False}


def test_a_persons_government_id_is_hidden_their_name_is_not():
    state, ctx = prepare([table("patients", [col("id"), col("ssn", "TEXT"), col("passport", "TEXT"), col("first", "TEXT"),
                                             col("email", "TEXT")], pk=["id"])], "decide_visibility")
    fields = {d.name: d for d in run(decide_visibility, state, ctx).entity("patients").dimensions}
    assert fields["ssn"].hidden and fields["ssn"].hidden_provenance.rule == "identity_document"
    assert fields["passport"].hidden and fields["ssn"].sensitivity == "pii.national_id"
    assert fields["first"].hidden is False and fields["first"].sensitivity == "pii.person_name"
    assert fields["email"].hidden is False


def test_a_reference_written_in_words_is_shown_a_code_is_not():
    """Products refer to their category by its Portuguese name, which a translations table turns
    into English: the name is the label itself (and the only one for a category the translations
    miss), shown; a state code or an id referring elsewhere is navigated through its join."""
    names = [("cama_mesa_banho", 300), ("beleza_saude", 250), ("esporte_lazer", 200), ("moveis_decoracao", 150), ("pc_gamer", 4)]
    codes = [("SP", 400), ("RJ", 200), ("MG", 100)]
    state, ctx = prepare([
        table("categories", [col("category_name", "TEXT", values=names), col("category_name_english", "TEXT")],
              pk=["category_name"], rows=5),
        table("states", [col("code", "TEXT", values=codes), col("name", "TEXT")], pk=["code"], rows=3),
        table("products", [col("product_id"), col("category_name", "TEXT", values=names), col("state_code", "TEXT", values=codes),
                           col("weight_g", min=10, max=9000)], pk=["product_id"], rows=904,
              fks=[(["category_name"], "categories", ["category_name"]), (["state_code"], "states", ["code"])]),
    ], "decide_visibility")
    fields = {d.name: d for d in run(decide_visibility, state, ctx).entity("products").dimensions}
    assert fields["category_name"].hidden is False
    assert fields["state_code"].hidden and fields["state_code"].hidden_provenance.rule == "foreign_key"


def test_a_row_stamp_many_tables_carry_is_hidden():
    """AdventureWorks' rowguid, a UUID on every row of most tables: it names its row, nothing to
    group or filter by. A unique code of one table (a product number) stays shown."""
    def stamped(name: str, extra: list) -> object:
        return table(name, [col(f"{name}_id", distinct_count=500, distinct_exact=True, null_count=0),
                            col("rowguid", "UUID", distinct_count=500, distinct_exact=True, null_count=0), *extra],
                     pk=[f"{name}_id"], rows=500)
    tables = [stamped(n, []) for n in ("person", "address", "customer", "vendor")]
    tables.append(stamped("product", [col("product_number", "TEXT", distinct_count=500, distinct_exact=True, null_count=0)]))
    state, ctx = prepare(tables, "decide_visibility")
    product = {d.name: d for d in run(decide_visibility, state, ctx).entity("product").dimensions}
    assert product["rowguid"].hidden and product["rowguid"].hidden_provenance.rule == "row_stamp"
    assert product["product_number"].hidden is False


def test_a_column_of_one_value_on_every_row_is_hidden():
    """IBM's HR extract: EmployeeCount is 1, StandardHours 80 and Over18 'Y' on all 1,470 rows;
    nothing to group or filter by. A handful of rows that agree prove nothing, and a key stays."""
    hr = table("employee_attrition", [col("EmployeeNumber", distinct_count=1470), col("EmployeeCount", min=1, max=1, distinct_count=1),
                                      col("StandardHours", min=80, max=80, distinct_count=1),
                                      col("Over18", "TEXT", values=[("Y", 1470)]), col("Department", "TEXT", values=[("Sales", 446), ("R&D", 1024)])],
               pk=["EmployeeNumber"], rows=1470)
    few = table("offices", [col("id", distinct_count=5), col("country", "TEXT", values=[("FR", 5)])], pk=["id"], rows=5)
    state, ctx = prepare([hr, few], "decide_visibility")
    model = run(decide_visibility, state, ctx)
    shown = {d.column: d.hidden for e in model.entities for d in e.dimensions}
    assert shown["Over18"] and shown["StandardHours"] and shown["EmployeeCount"]
    assert not shown["Department"] and not shown["country"]


def test_a_count_of_few_values_on_a_dimension_is_shown_to_group_by():
    """FoodMart's customers: children 0..5 and cars owned 0..4 on 10,281 customers, whom sales
    refer to. People group customers by them (a demographic), as well as add them up; a store's
    floor area (a value on every row different) stays hidden behind its average, and so does an
    order's quantity of few values, a fact's."""
    tables = [
        table("customer", [col("customer_id"), col("num_cars_owned", distinct_count=5, min=0, max=4),
                           col("total_children", "SMALLINT", distinct_count=6, min=0, max=5),
                           col("floor_sqft", distinct_count=10000, min=400, max=9000)], pk=["customer_id"], rows=10281),
        table("orders", [col("order_id"), col("customer_id"), col("quantity", distinct_count=6, min=1, max=6),
                         col("ordered_at", "TIMESTAMP")], pk=["order_id"], rows=80000,
              fks=[(["customer_id"], "customer", ["customer_id"])]),
    ]
    state, ctx = prepare(tables, "decide_visibility")
    model = run(decide_visibility, state, ctx)
    customer = {d.name: d for d in model.entity("customer").dimensions}
    orders = {d.name: d for d in model.entity("orders").dimensions}
    assert customer["num_cars_owned"].role == "measure" and customer["num_cars_owned"].hidden is False
    assert customer["total_children"].hidden is False
    assert customer["floor_sqft"].hidden and orders["quantity"].hidden


def test_text_of_markup_documents_is_hidden_prose_and_codes_in_brackets_are_not():
    """A match's goals and cards kept as XML, one document a row (`<goal></goal>` to long lists of
    `<value>` elements): no one groups by a document. Prose that mentions a tag, and short codes
    in angle brackets, stay."""
    doc = "<goal><value><stats><goals>1</goals></stats><elapsed>87</elapsed><team>9825</team></value></goal>"
    match = table("match", [col("id", distinct_count=900),
                            col("goal", "TEXT", min="<goal></goal>", max=doc, distinct_count=700, avg_length=423.0),
                            col("card", "TEXT", min="<card />", max="<card><value><elapsed>12</elapsed></value></card>",
                                distinct_count=600, avg_length=688.0),
                            col("notes", "TEXT", min="A quiet game", max="<b>bold</b> said the reporter", distinct_count=800,
                                avg_length=90.0),
                            col("code", "TEXT", min="<A>", max="<Z>", distinct_count=20, avg_length=3.0)],
                  pk=["id"], rows=900)
    state, ctx = prepare([match], "decide_visibility", dialect="sqlite")
    model = run(decide_visibility, state, ctx)
    fields = {d.column: d for d in model.entity("match").dimensions}
    assert fields["goal"].hidden and fields["goal"].hidden_provenance.rule == "markup"
    assert fields["card"].hidden
    assert not fields["notes"].hidden and not fields["code"].hidden


def test_json_documents_and_shapes_on_the_map_are_hidden_labels_beside_them_are_not():
    """Wide World Importers keeps each person's `CustomFields` as JSON and each city's `Location`
    as a geography: typed so, or loaded as text (JSON objects, Well-Known Text), no one groups
    by them. A name in brackets or braces, and prose about a point, stay."""
    cities = table("cities", [
        col("id", distinct_count=120),
        col("name", "TEXT", min="Oakland", max="Springfield", distinct_count=120, avg_length=9.0),
        col("custom_fields", "JSONB"),
        col("location", "GEOGRAPHY"),
        col("settings", "TEXT", min='{"theme": "blitzer"}', max='{"theme": "ui-darkness", "dateFormat": "yy-mm-dd"}',
            distinct_count=40, avg_length=45.0),
        col("tags", "TEXT", min='["Comedy"]', max='["USB Powered", "Vintage"]', distinct_count=30, avg_length=20.0),
        col("border", "TEXT", min="POINT(-100.49776 29.53126)", max="POLYGON((-125 49, -67 49, -67 25, -125 25, -125 49))",
            distinct_count=120, avg_length=40.0),
        col("nickname", "TEXT", min="[Big] Apple", max="{Windy} City", distinct_count=50, avg_length=10.0),
        col("motto", "TEXT", min="POINT of no return", max="Polygons everywhere", distinct_count=50, avg_length=18.0),
    ], pk=["id"], rows=120)
    state, ctx = prepare([cities], "decide_visibility")
    model = run(decide_visibility, state, ctx)
    fields = {d.column: d for d in model.entity("cities").dimensions}
    for c, rule in (("custom_fields", "document"), ("settings", "document"), ("tags", "document"), ("location", "shape"),
                    ("border", "shape")):
        assert fields[c].hidden and fields[c].hidden_provenance.rule == rule, c
    assert not fields["name"].hidden and not fields["nickname"].hidden and not fields["motto"].hidden


def test_the_bounds_of_a_table_of_bands_are_shown_to_group_by():
    """An income band's lower and upper bounds are what its row is called: shown, not hidden as
    numbers measured."""
    tables = [
        table("income_band", [col("ib_income_band_sk"), col("ib_lower_bound", min=0, max=190001, distinct_count=20, mean=95000.95),
                              col("ib_upper_bound", min=10000, max=200000, distinct_count=20, mean=105000.0)],
              pk=["ib_income_band_sk"], rows=20),
        table("household_demographics", [col("hd_demo_sk"), col("hd_income_band_sk"), col("hd_buy_potential", "TEXT")],
              pk=["hd_demo_sk"], rows=7200, fks=[(["hd_income_band_sk"], "income_band", ["ib_income_band_sk"])])]
    state, ctx = prepare(tables, "decide_visibility")
    dims = {d.name: d for d in run(decide_visibility, state, ctx).entity("income_band").dimensions}
    assert not dims["ib_lower_bound"].hidden and not dims["ib_upper_bound"].hidden


def test_nested_records_and_lists_are_hidden_scalars_beside_them_are_not():
    """An analytics export's daily table keeps the device as a STRUCT and the event's parameters
    and items as LISTs of STRUCTs: shown, each was a dimension of one long text per row."""
    events = table("events", [
        col("event_name", "VARCHAR", distinct_count=10),
        col("event_params", 'STRUCT("key" VARCHAR, "value" STRUCT(string_value VARCHAR, int_value BIGINT))[]'),
        col("device", "STRUCT(category VARCHAR, operating_system VARCHAR)"),
        col("tags", "VARCHAR[]"),
        col("attributes", "MAP(VARCHAR, VARCHAR)"),
        col("platform", "VARCHAR", distinct_count=3),
    ], rows=500)
    state, ctx = prepare([events], "decide_visibility", "duckdb")
    model = run(decide_visibility, state, ctx)
    fields = {d.column: d for d in model.entity("events").dimensions}
    for c in ("event_params", "device", "tags", "attributes"):
        assert fields[c].hidden and fields[c].hidden_provenance.rule == "nested", c
    assert not fields["event_name"].hidden


def _text(lo: str, hi: str, rows: int, min_length: int, distinct: int | None = None, **more):
    return dict(min=lo, max=hi, min_length=min_length, max_length=max(len(lo), len(hi)), avg_length=float(len(hi)),
                distinct_count=distinct or rows, distinct_exact=True, **more)


def test_filler_text_is_hidden_and_prose_names_and_digests_stay():
    """TPC-C's stock: one random 24-character text per district (`s_dist_01` ..) and a random
    text of 26 to 50 characters (`s_data`, cut by the profiler past 200 in a real one), each
    mostly different: letters and digits, no word. Long unique descriptions, addresses, names,
    URLs, hexadecimal digests and a column empty on every row stay shown."""
    rows = 2000
    stock = table("stock", [
        col("s_i_id"), col("s_w_id"), col("s_quantity", min=10, max=100, distinct_count=91),
        col("s_dist_01", "CHAR(24)", **_text("0a1RmJ4xqPzYtVbNcWeLkHsG", "zzQ8wErTyUiOpAsDfGhJkLm2", rows, 24)),
        col("s_dist_02", "CHAR(24)", **_text("0BqLpxTmRnVwZyKcJdHfGsA9", "zyXwVuTsRqPoNmLkJiHgFeD1", rows, 24)),
        col("s_data", "VARCHAR(500)", **_text("00Ab3kLmNoPqRsTuVwXyZ1234" + "Q" * 180 + "…", "zzYx" + "k" * 196 + "…", rows, 26,
                                               distinct=rows - 3)),
    ], pk=["s_w_id", "s_i_id"], rows=rows)
    shop = table("products", [
        col("id"),
        col("description", "TEXT", **_text("A sturdy oak chair with four legs", "Zippered pouch for travel", rows, 14)),
        col("address", "TEXT", **_text("1 Abbey Road, London", "99 Zurich Strasse, Basel", rows, 15)),
        col("full_name", "TEXT", **_text("Aaron Aberdeen-Smythe", "Zoe Zimmermann", rows, 12)),
        col("homepage", "TEXT", **_text("https://a.example.com/x", "https://z.example.com/y", rows, 20, patterns={"url": 1.0})),
        col("file_md5", "CHAR(32)", **_text("00a1b2c3d4e5f60718293a4b5c6d7e8f", "ffe1d2c3b4a5968778695a4b3c2d1e0f", rows, 32)),
        col("sku", "TEXT", **_text("SKU0000000001AB", "SKU9999999999ZZ", rows, 15, distinct=40)),
        col("notes", "TEXT", null_count=rows),
    ], pk=["id"], rows=rows)
    state, ctx = prepare([stock, shop], "decide_visibility")
    model = run(decide_visibility, state, ctx)
    stock_fields = {d.name: d for d in model.entity("stock").dimensions}
    for name in ("s_dist_01", "s_dist_02", "s_data"):
        assert stock_fields[name].hidden and stock_fields[name].hidden_provenance.rule == "filler", name
    products = {d.name: d for d in model.entity("products").dimensions}
    for name in ("description", "address", "full_name", "homepage", "file_md5", "sku"):
        assert products[name].hidden is False, name
    # empty in this load: models are written against the schema, the next load may fill it
    assert products["notes"].hidden is False


def test_long_identifiers_named_so_stay_shown():
    """A VIN, an IBAN and a tracking number are long unique letters and digits past `f`, like
    filler, but named as identifiers: they are no filler. TPC-C's `c_data` still is."""
    rows = 2000
    cars = table("cars", [
        col("id"),
        col("vin", "CHAR(17)", **_text("1HGCM82633A004352", "WVWZZZ1JZXW000001", rows, 17)),
        col("iban", "TEXT", **_text("DE89370400440532013000", "GB29NWBK60161331926819", rows, 15)),
        col("tracking_number", "TEXT", **_text("1Z999AA10123456784", "9400111899223856928499", rows, 18)),
        col("c_data", "VARCHAR(500)", **_text("00Ab3kLmNoPqRsTuVwXyZ1234", "zzYxkkkkkkkkkkkkkkkkkkkkkkk", rows, 26)),
    ], pk=["id"], rows=rows)
    state, ctx = prepare([cars], "decide_visibility")
    fields = {d.name: d for d in run(decide_visibility, state, ctx).entity("cars").dimensions}
    for name in ("vin", "tracking_number"):
        assert fields[name].hidden is False, name
    # an IBAN is hidden, but as a person's financial identifier, not as filler
    assert fields["iban"].hidden_provenance.rule == "identity_document"
    assert fields["c_data"].hidden and fields["c_data"].hidden_provenance.rule == "filler"


def test_a_constant_counted_by_an_estimate_is_hidden():
    """TPC-C's customers, a big PostgreSQL table read whole: the distinct count of `c_credit_lim`
    is PostgreSQL's estimate, its least and greatest values (counted exactly) both 50000.00. A
    text cut by the profiler at the same place is no proof; nor are bounds that differ."""
    rows = 30000
    customer = table("customer", [
        col("c_id"), col("c_last", "TEXT", distinct_count=1000),
        col("c_credit_lim", "NUMERIC(12,2)", min=50000.0, max=50000.0, distinct_count=2, distinct_exact=False,
            distinct_source="pg_stats"),
        col("c_credit", "CHAR(2)", min="BC", max="GC", distinct_count=2, distinct_exact=False, distinct_source="pg_stats"),
        col("c_long", "TEXT", min="x" * 200 + "…", max="x" * 200 + "…", distinct_count=5, distinct_exact=False,
            distinct_source="pg_stats"),
    ], pk=["c_id"], rows=rows)
    state, ctx = prepare([customer], "decide_visibility")
    fields = {d.name: d for d in run(decide_visibility, state, ctx).entity("customer").dimensions}
    assert fields["c_credit_lim"].hidden and fields["c_credit_lim"].hidden_provenance.rule == "constant"
    assert fields["c_credit"].hidden is False
    assert fields["c_long"].hidden_provenance is None or fields["c_long"].hidden_provenance.rule != "constant"


def test_a_loaders_stamp_is_hidden_a_business_load_date_is_not():
    """Fivetran's _fivetran_synced on every table, different on each row: when the row was copied,
    which no report groups by. A batch's own date named by the business stays."""
    t = table("deal", [col("deal_id"), col("dealname", "TEXT"),
                       col("_fivetran_synced", "TIMESTAMP", min="2026-12-07 13:10:00", max="2026-12-07 23:10:00", distinct_count=900),
                       col("_airbyte_extracted_at", "TIMESTAMP", min="2026-12-07 13:10:00", max="2026-12-07 23:10:00", distinct_count=900),
                       col("batch_date", "TIMESTAMP", min="2019-01-02 10:00:00", max="2024-06-30 12:00:00", distinct_count=900),
                       col("closed_at", "TIMESTAMP", min="2019-01-02 10:00:00", max="2024-06-30 12:00:00", distinct_count=900)],
              pk=["deal_id"], rows=1000)
    state, ctx = prepare([t], "decide_visibility")
    times = {f.column: f.hidden for f in run(decide_visibility, state, ctx).entity("deal").time_dimensions}
    assert times == {"_fivetran_synced": True, "_airbyte_extracted_at": True, "batch_date": False, "closed_at": False}


def test_an_ab_tests_load_time_is_no_loaders_stamp():
    """`ab` is an A/B test's before it is Airbyte's (whose own columns carry the leading underscore)."""
    from compiler.time_kinds import loader_stamp

    assert not loader_stamp("ab_test_loaded_at")
    assert loader_stamp("_airbyte_extracted_at") and loader_stamp("airbyte_loaded_at")
