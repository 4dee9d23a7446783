"""passes.value_kinds.classify on single columns: what the data says along a table's time (series)
against what the name says, on an open-data panel and a retail snapshot (World Bank indicators,
Contoso's inventory)."""

from __future__ import annotations

import pytest

from ir.catalog import ColumnProfile
from ir.semantic import Dimension
from passes.value_kinds import classify


def kind(name: str, data_type: str = "decimal", series: dict | None = None, siblings: frozenset[str] = frozenset(),
         semantic_type: str | None = None, lo: float = 1.0, hi: float = 90.0) -> str:
    d = Dimension(name=name.lower(), column=name, data_type=data_type, role="measure", semantic_type=semantic_type)
    p = ColumnProfile(null_count=0, distinct_count=900, min=lo, max=hi)
    found = classify(d, p, 12000, None, frozenset(), "country_year", siblings, series or {})
    return f"{found.kind}:{found.rule}"


@pytest.mark.parametrize("name,semantic_type", [
    ("life_expectancy", None), ("literacy_rate_pct", "percentage_points"), ("internet_users_pct", "percentage_points"),
    ("gdp_per_capita", None),
])
def test_a_rate_that_rises_every_year_is_no_running_total(name, semantic_type):
    assert not kind(name, series={name: "running"}, semantic_type=semantic_type).startswith("running")


@pytest.mark.parametrize("name", ["ListPrice", "StandardCost", "unit_price"])
def test_a_unit_price_raised_every_period_is_no_running_total(name):
    """A product's list price or standard cost per period, raised each time: the level of a price.
    Read as a running total, the prices still in force were summed over the products."""
    assert kind(name, series={name: "running"}).split(":")[0] == "unit_price"


def test_a_running_total_its_name_does_not_tell_is_still_found():
    assert kind("Confirmed", "integer", series={"Confirmed": "running"}) == "running:running_by_data"


@pytest.mark.parametrize("name", ["births", "deaths", "co2_emissions_kt", "Geburten"])
def test_events_counted_each_year_are_flows_however_smooth(name):
    assert kind(name, "integer", series={name: "level"}).split(":")[0] == "count"


def test_a_number_named_for_nothing_that_moves_little_is_a_level():
    assert kind("Close", series={"Close": "level"}) == "measurement:level_by_data"


def test_values_of_many_measures_in_one_column_are_not_added_up():
    siblings = frozenset({"iso3", "indicator_code", "year", "value"})
    assert kind("value", siblings=siblings) == "code:mixed_measures"
    assert kind("value", siblings=frozenset({"order_id", "value"})) != "code:mixed_measures"


def test_on_hand_and_on_order_are_levels_and_days_in_stock_a_span():
    assert kind("on_order_quantity", "integer").startswith("stock:")
    assert kind("on_hand_quantity", "integer").startswith("stock:")
    assert kind("days_in_stock", "integer") == "measurement:span_name"
    assert kind("days_worked", "integer") != "measurement:span_name"  # time worked adds up


def test_a_population_that_grows_every_year_is_a_level_and_its_share_a_rate():
    assert kind("population", "integer", series={"population": "running"}) == "stock:population_name"
    assert kind("urban_population_pct", semantic_type="percentage_points").startswith("rate:")
    assert kind("stock_turnover_rate").startswith("rate:")


def test_a_figure_of_last_year_is_no_year():
    """SalesLastYear holds millions: a year's figure, summed like this year's; a year built stays a year."""
    assert kind("SalesLastYear", hi=4_000_000.0).split(":")[0] != "year"
    assert kind("CostLastYear", "integer", hi=900_000.0).split(":")[0] != "year"
    assert kind("YearBuilt", "integer", lo=1900.0, hi=2020.0) == "year:year_name"


def test_a_status_the_values_alone_match_to_another_tables_ids_is_no_key_name():
    """Purchase orders' Status (1..4) fits four categories' ids: a suggestion, not a reason to take
    every column named Status for a key (the sales orders' Status lost its accepted values). A
    ShipVia the values suggest among the shippers stays a key name."""
    from ir.catalog import TableRef
    from ir.semantic import Entity, Relationship, SemanticModel
    from passes.value_kinds import key_names

    def suggest(table: str, column: str, target: str, key: str) -> Relationship:
        return Relationship.model_validate({"from": {"table": table, "columns": [column]}, "to": {"table": target, "columns": [key]},
                                            "cardinality": "many_to_one", "origin": "inferred", "confidence": 0.67})

    model = SemanticModel(name="m", dialect="postgres", entities=[Entity(name=t, table=TableRef(name=t), primary_key=[k]) for t, k in
                                              [("ProductCategory", "ProductCategoryID"), ("Shippers", "ShipperID")]],
                          suggested_relationships=[suggest("PurchaseOrderHeader", "Status", "ProductCategory", "ProductCategoryID"),
                                                   suggest("Orders", "ShipVia", "Shippers", "ShipperID"),
                                                   suggest("Orders", "ShipperTypeCode", "Shippers", "ShipperID")])
    names = key_names(model)
    assert "status" not in names and {"shipvia", "shippertypecode"} <= names


@pytest.mark.parametrize("name", ["SafetyStockLevel", "ReorderPoint", "reorder_level", "par_level"])
def test_a_threshold_set_on_each_item_is_no_stock_summed(name):
    assert kind(name, "integer", hi=1000.0) == "measurement:bound"


def test_a_score_of_votes_up_and_down_adds_up_a_rating_does_not():
    """A post's score (up votes less down votes, -2 to 312) is a tally, summed by user and by tag;
    a review's 1 to 5, a sentiment from -2 to 2 and a credit score from 300 to 850 are averaged."""
    assert kind("Score", "integer", lo=-2.0, hi=312.0) == "count:net_votes"
    for lo, hi in ((1.0, 5.0), (-2.0, 2.0), (300.0, 850.0)):
        assert kind("review_score", "integer", lo=lo, hi=hi) == "score:score_name", (lo, hi)


@pytest.mark.parametrize("name", ["account_to", "from_account", "AccountTo", "counterparty_account"])
def test_a_key_name_with_the_way_it_points_identifies(name):
    """Berka's standing orders hold the partner's account_to (eight digits, summed to 30 billion)
    beside a table of accounts: a key's name with a direction word is no quantity."""
    d = Dimension(name=name.lower(), column=name, data_type="integer", role="measure")
    p = ColumnProfile(null_count=0, distinct_count=537, min=10091837, max=99914911)
    found = classify(d, p, 537, None, frozenset({"account", "account_id"}), "order")
    assert found.kind == "identifier"
    assert classify(d, p, 537, None, frozenset({"customer_id"}), "order").kind != "identifier"


@pytest.mark.parametrize("name", ["supply_time", "lead_time_days", "response_time", "delivery_days", "WaitingTimeMinutes"])
def test_a_span_spent_waiting_is_averaged_never_summed(name):
    """FoodMart's supply_time per delivery had been summed (19,084) beside its average (5.45)."""
    assert kind(name, "integer", hi=30.0) == "measurement:waiting_span"


@pytest.mark.parametrize("name", ["air_time", "call_duration", "milliseconds", "supply_cost", "delivery_fee"])
def test_spans_of_doing_and_money_are_no_waits(name):
    assert kind(name, "integer", hi=30.0) != "measurement:waiting_span"


@pytest.mark.parametrize("name,want", [("COVERED_ENCOUNTERS", "count"), ("encounters", "count"), ("UNIQUE_ENCOUNTERS", "value"),
                                       ("encounter", "identifier")])
def test_a_number_of_a_tables_things_is_a_count(name, want):
    """Synthea's payers hold COVERED_ENCOUNTERS beside a table of encounters: averaged (2,557)
    where the sum (25,566) is every covered encounter. A number of distinct ones does not add up."""
    d = Dimension(name=name.lower(), column=name, data_type="integer", role="measure")
    p = ColumnProfile(null_count=0, distinct_count=9, min=0, max=9000)
    assert classify(d, p, 10, None, frozenset({"encounter", "id"}), "payers").kind == want


def test_the_cost_of_something_that_runs_from_a_start_to_an_end_is_an_amount():
    """FoodMart's promotions run from start_date to end_date: their cost (1,866,000 in all) is what
    each cost, not a unit price never summed. A product's bare cost stays the price of one."""
    assert kind("cost", siblings=frozenset({"promotion_id", "promotion_name", "start_date", "end_date", "cost"})) == "amount:undertaking_cost"
    assert kind("cost", siblings=frozenset({"product_id", "name", "cost"})) == "unit_price:unit_price"


@pytest.mark.parametrize("name", ["PaymentDays", "credit_months", "payment_terms_days"])
def test_days_given_to_pay_are_terms_never_summed(name):
    """WideWorldImporters' customers' PaymentDays had been summed (3,780 where each has 7)."""
    assert kind(name, "integer", hi=60.0) == "measurement:terms_span"


@pytest.mark.parametrize("name", ["date", "settle_date", "Datum", "fecha_alta", "date_of_birth", "trade_dt"])
def test_a_number_named_as_a_day_is_a_stamp_never_a_value(name):
    """A day kept as digits normalize_types did not read as one (1230101, a CYYMMDD day): summed
    or averaged it was 103,925,058,718."""
    assert kind(name, "integer", lo=1230101, hi=1241231) == "code:day_name"


@pytest.mark.parametrize("name,expected", [("sales_to_date", "running"), ("calls_per_day", "measurement"),
                                           ("date_diff", "value"), ("date_sales", "amount"), ("data_size", "value")])
def test_a_day_word_elsewhere_in_a_name_leaves_the_value_alone(name, expected):
    assert kind(name, "integer", lo=0, hi=90000).split(":")[0] == expected


@pytest.mark.parametrize("name,unit", [("supplier_price", True), ("RecommendedRetailPrice", True), ("LastCostPrice", True),
                                       ("precio_proveedor", True), ("extended_price", False), ("line_price", False),
                                       ("total_price", False), ("order_cost", False), ("claim_cost", False)])
def test_a_price_said_of_whose_it_is_is_still_one_units(name, unit):
    """A product's supplier price, a stock item's recommended retail price and last cost price had
    been summed over the product list (9,432 where one is 62); a line's or a total price adds up."""
    assert kind(name, hi=90.0).split(":")[0] == ("unit_price" if unit else "amount")


@pytest.mark.parametrize("name", ["wind_dir_degrees", "WindDirDegrees", "heading", "bearing_deg", "course", "Windrichtung",
                                  "direccion_viento", "direcao_vento", "cap_degres", "max_wind_dir", "azimut"])
def test_a_compass_direction_is_a_code_never_summed_or_averaged(name):
    """The mean of 350 and 10 degrees is no north: a direction, named so in any language, or in
    degrees beside a direction word, labels its row like a code."""
    assert kind(name, "integer", lo=0, hi=360) == "code:direction"


@pytest.mark.parametrize("name,expected", [
    ("wind_speed", "measurement"), ("temperature_degrees", "measurement"), ("salary_cap", "measurement"),
    ("course_credits", "value"), ("Aktienkurs", "value"), ("einrichtung_kosten", "amount")])
def test_a_direction_word_needs_to_name_the_angle(name, expected):
    """A wind's speed, a temperature in degrees, a salary cap, a course's credits, a share price
    (Kurs) and a facility's cost (Einrichtung) are no compass directions."""
    assert kind(name, "integer", lo=0, hi=360).split(":")[0] == expected


def _kind_of(name: str, distinct: int, lo: float, hi: float, rows: int = 20000, data_type: str = "integer") -> str:
    d = Dimension(name=name.lower(), column=name, data_type=data_type, role="measure")
    p = ColumnProfile(null_count=0, distinct_count=distinct, min=lo, max=hi)
    found = classify(d, p, rows, None, frozenset(), "incidents")
    return f"{found.kind}:{found.rule}"


@pytest.mark.parametrize("name,distinct,lo,hi", [
    ("Beat", 251, 111, 2535), ("District", 23, 1, 31), ("Ward", 50, 1, 50), ("police_precinct", 77, 1, 123),
    ("census_tract", 800, 10100, 980000), ("Landkreis", 40, 1, 40), ("distrito", 20, 1, 20), ("Community Area", 77, 1, 77),
])
def test_the_number_of_a_place_unit_is_a_code_never_summed_or_averaged(name, distinct, lo, hi):
    """A city's crimes carry their police beat (111..2535), district, ward and community area
    (1..77) as integers: averaged or summed they gave an 'average beat' of 1,146 and a 'total
    community area' of 771,570, numbers of nothing."""
    assert _kind_of(name, distinct, lo, hi) == "code:place_unit"


@pytest.mark.parametrize("name", ["X Coordinate", "y_coord", "easting", "Northing"])
def test_a_grid_coordinate_is_where_not_how_much(name):
    assert _kind_of(name, 15000, 1091000, 1205000) == "code:coordinate"


def test_an_area_of_land_still_adds_up_and_districts_counted_still_count():
    # a country's area in km2, spread wide and mostly distinct
    assert _kind_of("area", 240, 1, 17098246, rows=250).startswith("stock:")
    # a fact's floor area repeated over many rows, yet no numbering 1..N
    assert _kind_of("floor_area", 50, 400, 12000).startswith("stock:")
    # flats of 18 to 240 square metres, 200 sizes over fifty thousand listings: not numbered from 1
    assert _kind_of("area", 200, 18, 240, rows=50000).startswith("stock:")
    assert _kind_of("districts", 30, 1, 30).split(":")[0] != "code"
    assert _kind_of("crimes_per_district", 300, 1, 900, data_type="decimal").split(":")[0] != "code"


@pytest.mark.parametrize("name", ["zip", "ZIP5", "zip_cd", "PostalCode", "customer_zip", "CodigoPostal", "PLZ", "Postleitzahl",
                                  "postnummer", "postnr", "Postinumero"])
def test_a_postal_code_held_as_a_whole_number_is_a_code_in_any_language(name):
    """A customer's zip held as an integer (94107): summed or averaged it answers nothing. German
    Postleitzahl and Scandinavian postnummer were averaged (50,887.60 and 5,285.64)."""
    assert _kind_of(name, 400, 1001, 99998).split(":")[0] in ("code", "identifier")  # postnr: post number, an identifier


def test_a_margin_beyond_any_percentage_is_money_and_a_margin_rate_a_rate():
    """A sales quota's gross margin (23 to 96,678) adds up like the sales it is part of; a margin
    of 0.35 is a rate. It had been a rate, and no target summed the margin quota at all."""
    assert kind("GrossMarginQuota", lo=23.48, hi=96678.4).split(":")[0] == "amount"
    assert kind("gross_margin", lo=0.05, hi=0.6).split(":")[0] == "rate"
    assert kind("margin_pct", lo=2.0, hi=180.0).split(":")[0] != "amount"


def test_units_sold_at_a_discount_are_a_quantity_not_a_percent():
    """Online sales' DiscountQuantity (0 to 3 units, few values on many rows) counts units; a
    discount of 0, 5, 10 percent is a rate."""
    d = Dimension(name="discount_quantity", column="DiscountQuantity", data_type="integer", role="measure")
    p = ColumnProfile(null_count=0, distinct_count=4, distinct_exact=True, min=0, max=3)
    assert classify(d, p, 30000, None, frozenset(), "online_sales", frozenset(), {}).kind != "rate"
    d = Dimension(name="discount", column="discount", data_type="integer", role="measure")
    p = ColumnProfile(null_count=0, distinct_count=4, distinct_exact=True, min=0, max=15)
    assert classify(d, p, 30000, None, frozenset(), "online_sales", frozenset(), {}).kind == "rate"


def test_the_aging_of_stock_is_a_measurement():
    assert kind("Aging", "integer", lo=0, hi=10).split(":")[0] == "measurement"


@pytest.mark.parametrize("name", ["StoreManager", "account_owner", "id_vendedor", "Betreuer"])
def test_a_whole_number_named_as_a_person_s_role_identifies_them(name):
    """Contoso's DimStore.StoreManager (1 to 279, no table of employees beside it) had been
    averaged: "Average Store Manager"."""
    assert kind(name, "integer", lo=1, hi=279).split(":")[0] == "identifier"


def test_a_number_of_people_in_a_role_still_counts():
    assert kind("number_of_agents", "integer", lo=1, hi=40).split(":")[0] != "identifier"


def test_a_name_holding_a_table_is_no_key_of_a_longer_table_by_its_stem():
    """A match's home_team_goal (0..9) fits the team attributes' ids and shares their stem: the
    column names the team's goals, a count, not a row of team_attributes while a table team
    exists. A column named after the longer table (team_attribute_ref) stays a key name."""
    from ir.catalog import TableRef
    from ir.semantic import Entity, Relationship, SemanticModel
    from passes.value_kinds import key_names

    def suggest(column: str, target: str) -> Relationship:
        return Relationship.model_validate({"from": {"table": "match", "columns": [column]}, "to": {"table": target, "columns": ["id"]},
                                            "cardinality": "many_to_one", "origin": "inferred", "confidence": 0.66})

    for target in ("Team_Attributes", "TeamAttributes"):
        model = SemanticModel(name="m", dialect="sqlite", entities=[Entity(name=t, table=TableRef(name=t), primary_key=["id"])
                                                                    for t in ("Team", target)],
                              suggested_relationships=[suggest("home_team_goal", target), suggest("team_attribute_ref", target)])
        names = key_names(model)
        assert "home_team_goal" not in names and "team_attribute_ref" in names


@pytest.mark.parametrize("name", ["away_team_goal", "home_goals", "tore_heim"])
def test_goals_scored_in_a_game_are_counted_however_few_their_values(name):
    """Goals of one side, 0 to 9 over 25,000 matches: ten values within 0..10 on many rows read as
    a rating and were averaged, where goals per team and season are a sum."""
    d = Dimension(name=name, column=name, data_type="integer", role="measure")
    p = ColumnProfile(null_count=0, distinct_count=10, min=0, max=9)
    found = classify(d, p, 25000, None, frozenset(), "match")
    assert found.kind != "score" and found.kind in ("count", "additive", "quantity"), found


def test_how_well_a_direction_word_is_done_is_no_angle():
    """A player's heading_accuracy (18..87, how well he heads the ball) lies within 0..360 after a
    direction word: it had been read as a compass angle, neither summed nor averaged. A wind's
    direction stays one."""
    assert kind("heading_accuracy", "integer", lo=18.0, hi=87.0) != "code:direction"
    assert kind("direccion_viento", "integer", lo=0.0, hi=350.0) == "code:direction"


def test_a_rating_its_classes_band_is_averaged_not_summed():
    """A team's chanceCreationPassing (20..80) beside chanceCreationPassingClass (Safe, Normal,
    Risky): a rating on a scale of 100 whose bands a column names. Summed over a team's yearly
    snapshots it was 58,570; its average is 46.7. A count beside a band of it still adds up."""
    siblings = frozenset({"chancecreationpassing", "chancecreationpassingclass", "orders", "orders_band"})
    d = Dimension(name="chance_creation_passing", column="chanceCreationPassing", data_type="integer", role="measure")
    p = ColumnProfile(null_count=0, distinct_count=61, min=20, max=80)
    assert classify(d, p, 1253, None, frozenset(), "team_attributes", siblings).kind == "score"
    orders = Dimension(name="orders", column="orders", data_type="integer", role="measure")
    assert classify(orders, p, 1253, None, frozenset(), "team_attributes", siblings).kind == "count"


@pytest.mark.parametrize("name", ["property_days_to_close", "avg_hours_until_reply", "sales_days_since_order",
                                  "ticket_dias_hasta_cierre"])
def test_a_span_up_to_an_event_after_a_qualifying_word_is_averaged(name):
    """A CRM's deal property `property_days_to_close`: how long each deal took. Summed (or summed
    per stage, where only closed stages hold it) the days say nothing; the average is asked."""
    assert kind(name, "integer") == "measurement:span_name"


@pytest.mark.parametrize("name", ["billable_hours_to_date", "overtime_hours", "days_worked"])
def test_hours_done_so_far_are_no_span_until_an_event(name):
    assert kind(name, "integer") != "measurement:span_name"


@pytest.mark.parametrize("name", ["gender", "customer_gender", "Sex", "Geschlecht", "sexo"])
def test_a_gender_held_as_a_whole_number_is_a_code(name):
    """Magento's customer_entity.gender (1 male, 2 female, 3 not specified) on a table read as a
    fact was summed: a 'total gender' of 13,681."""
    assert _kind_of(name, 3, 1, 3, data_type="integer").split(":")[0] == "code"


@pytest.mark.parametrize("name", ["cc_last_4", "card_last4", "CardLast4", "last_four", "phone_last_4", "ssn_last_four"])
def test_the_last_digits_of_a_card_are_a_code_never_averaged(name):
    """Magento's sales_order_payment.cc_last_4 (text of four digits, read as a number) was
    averaged: an 'Average Cc Last 4' of 5,513.57."""
    assert _kind_of(name, 8000, 1000, 9999) == "code:digits_of"


@pytest.mark.parametrize("name", ["last_4_weeks_sales", "first_amount", "last_price"])
def test_a_figure_over_the_last_weeks_or_a_first_amount_is_no_digits(name):
    assert _kind_of(name, 8000, 1000, 9999, data_type="decimal").split(":")[1] != "digits_of"


@pytest.mark.parametrize("name,hi", [("points_last_5", 140), ("sales_last_7", 52_000), ("wins_last_3", 3)])
def test_a_figure_over_the_last_few_games_or_days_is_no_digits(name, hi):
    """Without a card, account or phone word, `_last_5` is a window: the points of the last five
    games, summed; values shorter than the digits named prove no digits either."""
    assert _kind_of(name, 60, 0, hi).split(":")[1] != "digits_of"


def test_the_last_digits_unnamed_are_told_by_values_as_long_as_named():
    """`last_4` alone whose values reach four digits (1000..9999) is still the last digits of something."""
    assert _kind_of("ref_last_4", 8000, 0, 9999) == "code:digits_of"


def test_superior_or_inferior_last_is_a_level_unless_a_range_word_is_beside_it():
    """personas_educacion_superior counts the people with higher education: no bound. rango_inferior,
    valor_referencia_superior and ci_upper are the ends of a range."""
    assert _kind_of("personas_educacion_superior", 900, 0, 50000).split(":")[1] != "bound"
    assert _kind_of("rango_inferior", 900, 0, 50000) == "measurement:bound"
    assert _kind_of("valor_referencia_superior", 900, 0, 50000) == "measurement:bound"
    assert _kind_of("ci_upper", 900, 0, 50000) == "measurement:bound"


def test_sn_numbers_what_is_named_before_it_and_alone_is_no_code():
    """order_sn, goods_sn: the serial number of an order or an item, a code. A bare `sn` names
    nothing numbered (a weather station's snowfall), read by its values."""
    assert _kind_of("order_sn", 900, 1, 50000) == "code:code_name"
    assert _kind_of("goods_sn", 900, 1, 50000) == "code:code_name"
    assert _kind_of("sn", 900, 1, 50000).split(":")[0] != "code"
