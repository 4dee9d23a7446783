"""decide_additivity (and the value kinds it reads): which numbers add up, over what, and which are labels."""

from __future__ import annotations

import pytest

from compiler.naming import snake
from ir.provenance import Provenance
from ir.semantic import Dimension
from passes import decide_additivity
from passes.value_kinds import classify, name_words
from tests.semantics.build import col, prepare, run, table


@pytest.mark.parametrize("name, type_, kind", [
    ("customer_id", "integer", "identifier"), ("l_orderkey", "integer", "identifier"), ("CustKey", "integer", "identifier"),
    ("is_active", "integer", "flag"), ("release_year", "integer", "year"), ("fiscal_yr", "integer", "year"),
    ("zip_code", "integer", "code"), ("sort_order", "integer", "code"), ("line_no", "integer", "code"),
    ("tax_rate", "decimal", "rate"), ("discount_pct", "float", "rate"), ("conversion_ratio", "float", "rate"),
    # An average already: averaged, never summed, whatever else the name says (a price, a value).
    ("avg_order_value", "decimal", "measurement"), ("batting_avg", "decimal", "measurement"), ("AvgPrice", "decimal", "measurement"),
    ("median_income", "decimal", "measurement"), ("average_rating", "decimal", "score"),
    ("s_gmt_offset", "decimal", "code"), ("utc_offset_hours", "decimal", "code"),
    ("rating", "decimal", "score"), ("nps_score", "integer", "score"), ("age", "integer", "measurement"),
    ("account_balance", "decimal", "balance"), ("c_acctbal", "decimal", "balance"), ("units_in_stock", "integer", "stock"),
    ("ps_availqty", "integer", "stock"), ("unit_price", "decimal", "unit_price"), ("ListPrice", "decimal", "unit_price"),
    ("ps_supplycost", "decimal", "unit_price"), ("l_extendedprice", "decimal", "amount"), ("order_cost", "decimal", "amount"),
    # a catalog's price multiplied out by the line's quantity (TPC-DS): the line's amount, summed
    ("ext_list_price", "decimal", "amount"), ("ext_wholesale_cost", "decimal", "amount"),
    ("extended_list_price", "decimal", "amount"), ("wholesale_cost", "decimal", "unit_price"),
    ("total_amount", "decimal", "amount"), ("freight", "decimal", "amount"), ("Betrag", "decimal", "amount"),
    ("quantity", "integer", "quantity"), ("qty", "integer", "quantity"), ("units_on_order", "integer", "count"),
    ("num_visits", "integer", "count"), ("milliseconds", "integer", "value"), ("discount", "decimal", "amount"),
    ("dewp", "float", "measurement"), ("wind_gust", "float", "measurement"), ("visib", "float", "measurement"),
    ("wind_dir", "float", "code"), ("heading", "integer", "code"), ("latitude", "decimal", "code"), ("store_lon", "float", "code"),
    ("min_salary", "decimal", "measurement"), ("credit_limit", "decimal", "measurement"), ("c_credit_lim", "decimal", "measurement"), ("duration_min", "integer", "value"),
    ("max_discount", "decimal", "measurement"), ("IndepYear", "integer", "year"), ("indepyear", "integer", "year"),
    ("GNP", "decimal", "amount"),
    # the number of parts a payment is split in: averaged; an installment's amount is money
    ("payment_installments", "integer", "measurement"), ("num_installments", "integer", "measurement"),
    ("cuotas", "integer", "measurement"), ("installment_amount", "decimal", "amount"),
    # which one of a series (the starting grid slot, the lap a fastest lap was set on) labels; laps completed count
    ("grid", "integer", "code"), ("fastestLap", "integer", "code"), ("round", "integer", "code"), ("pit_stop", "integer", "code"),
    ("laps", "integer", "value"), ("Bin", "integer", "code"), ("rank", "integer", "code"), ("sales_rank", "integer", "code"),
    # a running total, whatever it totals
    ("sales_ytd", "decimal", "running"), ("cumulative_cases", "integer", "running"), ("points_to_date", "integer", "running"),
    # what a thing has paid or done so far, repeated on each of its rows (GA4's lifetime value per user)
    ("user_ltv_revenue", "float", "running"), ("lifetime_orders", "integer", "running"), ("total_so_far", "decimal", "running"),
    ("customer_lifetime_value", "decimal", "running"), ("clv", "decimal", "running"), ("lifetime_hours", "integer", "measurement"),
    # how a value is stored says nothing of what it is: Stripe's unit amount kept as a decimal string
    ("unit_amount_decimal", "decimal", "unit_price"), ("amount_decimal", "decimal", "amount"), ("unit_amount", "integer", "unit_price"),
    # glued codes and ids, numbered slots of a repeating group, a type whatever bound comes first
    ("REASONCODE", "integer", "code"), ("HEALTHCARECLAIMTYPEID1", "integer", "identifier"), ("MinPaymentType", "integer", "code"),
    ("line2", "integer", "code"), ("amount2", "decimal", "amount"), ("PAYER_COVERAGE", "decimal", "amount"),
    ("FIPS", "integer", "code"), ("code_insee", "integer", "code"),
    # what kind of payment (0 cash, 1 card) is no money; a train's short name (101) is no value
    ("payment_method", "integer", "code"), ("transport_mode", "integer", "code"), ("trip_short_name", "integer", "code"),
    ("headway_secs", "integer", "measurement"),
    # a weight, gross or net, is no money (FoodMart's product gross_weight was summed as an amount)
    ("gross_weight", "float", "value"), ("net_weight", "float", "value"), ("freight_weight", "decimal", "value"),
    # a person's body weight is a measurement of them, averaged (a lab's patients weighed at each dose had been summed)
    ("patientweight", "float", "measurement"), ("birth_weight", "decimal", "measurement"), ("koerper_gewicht", "float", "measurement"),
    ("peso_paciente", "decimal", "measurement"),
    # the ends of a range deemed normal, set per test or item: bounds, never summed
    ("ref_range_lower", "float", "measurement"), ("ref_range_upper", "float", "measurement"),
    ("lownormalvalue", "float", "measurement"), ("normal_high", "decimal", "measurement"), ("referenz_untere", "float", "measurement"),
    ("high_price", "decimal", "unit_price"),
])
def test_kinds_by_name(name, type_, kind):
    prefix = name.split("_")[0] if name[:2] in ("l_", "c_") or name.startswith("ps_") else None
    got = classify(Dimension(name=name, column=name, data_type=type_, role="measure"), None, None, prefix=prefix)
    assert got is not None and got.kind == kind, (name, got)


def test_glued_words_are_split():
    assert name_words("l_extendedprice", "l") == ("extended", "price")
    assert name_words("discount") == ("discount",)


def test_the_profile_decides_where_names_say_nothing():
    from ir.catalog import ColumnProfile

    def kind(profile, type_="integer", rows=1000, name="x"):
        return classify(Dimension(name=name, column=name, data_type=type_, role="measure"), ColumnProfile(**profile), rows).kind

    assert kind(dict(distinct_count=1, min=5, max=5, null_count=0)) == "constant"
    # a limit named in money, its distinct count an estimate: the least and greatest values agree
    assert kind(dict(distinct_count=4, distinct_exact=False, min=50000.0, max=50000.0, null_count=0), "decimal",
                name="credit_limit") == "constant"
    # a flat fee of one value is still money paid
    assert kind(dict(distinct_count=1, min=2.5, max=2.5, null_count=0), "decimal", name="shipping_fee") == "amount"
    assert kind(dict(distinct_count=2, min=0, max=1, null_count=0)) == "flag"
    # a type or method of two values in this extract is still a code (GTFS's location_type 0..4)
    assert kind(dict(distinct_count=2, min=0, max=1, null_count=0), name="location_type") == "code"
    assert kind(dict(distinct_count=2, min=0, max=1, null_count=0), name="payment_method") == "code"
    assert kind(dict(distinct_count=40, min=0.01, max=0.4, null_count=0), "decimal", name="tax") == "rate"
    assert kind(dict(distinct_count=40, min=1.5, max=40.0, null_count=0), "decimal", name="tax") == "amount"
    assert kind(dict(distinct_count=30, min=1975, max=2024, null_count=0), name="vintage_nr") == "identifier"
    assert kind(dict(distinct_count=30, min=1975, max=2024, null_count=0), name="model") == "year"
    assert kind(dict(distinct_count=1000, min=1, max=1000, null_count=0), name="seq_value") == "code"
    assert kind(dict(distinct_count=1000, min=1, max=1000, null_count=0), name="x") == "identifier"


def test_a_time_of_day_held_as_a_number_is_a_label_and_a_duration_a_value():
    from ir.catalog import ColumnProfile

    def kind(name, lo, hi):
        profile = ColumnProfile(distinct_count=900, min=lo, max=hi, null_count=0)
        return classify(Dimension(name=name, column=name, data_type="float", role="measure"), profile, 10_000).kind

    assert kind("dep_time", 1, 2400) == "code"
    assert kind("hora_salida", 0, 2359) == "code"
    assert kind("air_time", 20, 695) == "value"  # minutes in the air: a duration
    assert kind("dep_time", 0, 86_399) == "value"  # seconds: not hhmm


@pytest.mark.parametrize("column, table_name, kind", [
    ("flight", "flights", "identifier"), ("order", "orders", "identifier"), ("trip", "trip", "identifier"),
    ("salary", "salaries", "amount"), ("flight", "airports", "value"), ("goals", "goals", "count"),
])
def test_a_number_named_as_its_tables_own_thing_names_it(column, table_name, kind):
    dim = Dimension(name=column, column=column, data_type="integer", role="measure")
    assert classify(dim, None, None, table_name=table_name).kind == kind


def additivity(tables):
    state, ctx = prepare(tables, "decide_additivity")
    return {(e.name, d.name): (d.additivity, d.role) for e in run(decide_additivity, state, ctx).entities for d in e.dimensions}


def test_a_unit_price_adds_up_only_where_it_is_what_a_row_sold_for():
    price = lambda: col("unit_price", "NUMERIC(9,2)")  # noqa: E731
    got = additivity([
        table("products", [col("id"), price()], pk=["id"]),
        table("sale_lines", [col("id"), col("product_id"), price(), col("quantity"), col("sold_at", "TIMESTAMP")], pk=["id"],
              fks=[(["product_id"], "products", ["id"])]),
        table("ticket_sales", [col("id"), col("product_id"), price(), col("sold_at", "TIMESTAMP")], pk=["id"],
              fks=[(["product_id"], "products", ["id"])]),
        # Unit cost and price per product and month: no key, no sale it details.
        table("costs", [col("product_id"), col("month", "DATE"), price(), col("unit_cost", "NUMERIC(9,2)")],
              fks=[(["product_id"], "products", ["id"])]),
        # A listing's nightly price on each day of its calendar, keyed by listing and day: the
        # day's level (summed over a year's days it made one listing's 2,197 a night 926,214).
        table("calendar", [col("product_id"), col("date", "DATE"), price(), col("available", "BOOLEAN")],
              pk=["product_id", "date"], fks=[(["product_id"], "products", ["id"])]),
    ])
    assert got[("calendar", "unit_price")] == ("non_additive", "measure")
    assert got[("products", "unit_price")] == ("non_additive", "dimension")  # a price list: an attribute
    assert got[("sale_lines", "unit_price")] == ("non_additive", "measure")  # price x quantity is the amount
    assert got[("ticket_sales", "unit_price")] == ("additive", "measure")  # no quantity: the line amount
    assert got[("costs", "unit_price")] == got[("costs", "unit_cost")] == ("non_additive", "measure")  # averaged
    assert got[("sale_lines", "quantity")] == ("additive", "measure")


def test_every_number_on_a_calendar_is_a_part_of_its_day():
    """A calendar (one row per day, its parts beside it): its month, day of month, week sequence
    and days in the month are labels people group by, never summed nor averaged."""
    days = dict(distinct_count=365, distinct_exact=True, min="2001-01-01", max="2001-12-31")
    got = additivity([
        table("date_dim", [col("d_date_sk", distinct_count=365, distinct_exact=True, min=1, max=365), col("d_date", "DATE", **days),
                           col("d_moy", min=1, max=12, distinct_count=12), col("d_dom", min=1, max=31, distinct_count=31),
                           col("d_week_seq", min=1, max=53, distinct_count=53), col("days_in_month", min=28, max=31, distinct_count=4),
                           col("d_quarter_name", "TEXT")], pk=["d_date_sk"], rows=365),
    ])
    assert {c: got[("date_dim", c)] for c in ("d_moy", "d_dom", "d_week_seq", "days_in_month")} == dict.fromkeys(
        ("d_moy", "d_dom", "d_week_seq", "days_in_month"), ("non_additive", "dimension"))


@pytest.mark.parametrize("rows, combined", [(2 * 5 * 4 * 3, True), (2 * 5 * 4 * 3 + 7, False)])
def test_numbers_of_a_table_of_every_combination_are_parts_of_it(rows, combined):
    """TPC-DS's household and customer demographics list every combination of their columns'
    values once (gender by marital status by vehicles by dependants): a sum of the dependants over
    the rows adds up each combination once, no household's figure. Where the rows are not the
    product of the distinct counts (a list of people, a second row of one combination), the
    counts stay values."""
    x = dict(distinct_exact=True)
    got = additivity([
        table("demographics", [col("demo_sk", distinct_count=rows, min=1, max=rows, **x), col("gender", "TEXT", distinct_count=2, **x),
                               col("marital_status", "TEXT", distinct_count=5, **x),
                               col("vehicle_count", distinct_count=4, min=-1, max=2, **x),
                               col("dep_count", distinct_count=3, min=0, max=2, **x)], pk=["demo_sk"], rows=rows),
    ])
    want = ("non_additive", "dimension") if combined else ("additive", "measure")
    assert got[("demographics", "dep_count")] == want
    assert got[("demographics", "vehicle_count")] == want


def test_labels_are_not_values_and_balances_are_semi_additive():
    got = additivity([table("accounts", [col("id"), col("branch_code"), col("opened_year"), col("balance", "NUMERIC(12,2)"),
                                         col("interest_rate", "NUMERIC(5,4)"), col("is_closed")], pk=["id"])])
    assert got[("accounts", "branch_code")] == ("non_additive", "dimension")
    assert got[("accounts", "opened_year")] == ("non_additive", "dimension")
    assert got[("accounts", "interest_rate")] == ("non_additive", "dimension")
    assert got[("accounts", "is_closed")] == ("non_additive", "dimension")
    assert got[("accounts", "balance")] == ("semi_additive", "measure")
    assert got[("accounts", "id")] == ("non_additive", "key")


def test_an_identifier_whose_relationship_was_not_found_is_still_one():
    got = additivity([table("lines", [col("line_id"), col("order_ref_id"), col("partkey"), col("amount", "NUMERIC(9,2)")],
                            pk=["line_id"])])
    assert got[("lines", "order_ref_id")][1] == "key" and got[("lines", "partkey")][1] == "key"


def test_attributes_of_a_dimension_are_averaged_or_bucketed():
    got = additivity([
        table("film", [col("film_id"), col("length", distinct_count=140, min=46, max=185),
                       col("rental_duration", distinct_count=5, min=3, max=7)], pk=["film_id"], rows=1000),
        table("rental", [col("id"), col("film_id"), col("length"), col("rented_at", "TIMESTAMP")], pk=["id"],
              fks=[(["film_id"], "film", ["film_id"])]),
    ])
    assert got[("film", "length")] == ("non_additive", "measure")
    assert got[("film", "rental_duration")] == ("non_additive", "dimension")
    assert got[("rental", "length")] == ("additive", "measure")


def test_a_human_additivity_is_kept():
    state, ctx = prepare([table("t", [col("id"), col("score", "NUMERIC(4,1)")], pk=["id"])], "decide_additivity")
    d = state.model.entities[0].dimensions[1]
    d.additivity, d.additivity_provenance = "additive", Provenance(origin="human", by="mb.yaml")
    assert run(decide_additivity, state, ctx).entities[0].dimensions[1].additivity == "additive"


@pytest.mark.parametrize("start, end, amount", [
    ("from_date", "to_date", "salary"), ("valid_from", "valid_to", "monthly_fee"), ("gueltig_von", "gueltig_bis", "Gehalt"),
    ("StartDate", "EndDate", "RentAmount"), ("fecha_desde", "fecha_hasta", "importe"),
])
def test_a_value_in_force_over_a_period_is_averaged_not_summed(start, end, amount):
    """One row per employee per period (keyed by the period's start, another date closing it): the
    salary in force; summed it adds up every salary each person ever had."""
    people = table("people", [col("person_id"), col("name", "TEXT")], pk=["person_id"], rows=50)
    history = table("history", [col("person_id"), col(start, "DATE"), col(end, "DATE"), col(amount, "NUMERIC(10,2)")],
                    pk=["person_id", start], rows=400, fks=[(["person_id"], "people", ["person_id"])])
    assert additivity([people, history])[("history", snake(amount))] == ("non_additive", "measure")
    # Keyed by its own id, a row with a start and an end is an event that lasted (a trip's fare adds up).
    trips = table("trips", [col("trip_id"), col("person_id"), col(start, "DATE"), col(end, "DATE"), col(amount, "NUMERIC(10,2)")],
                  pk=["trip_id"], rows=400, fks=[(["person_id"], "people", ["person_id"])])
    assert additivity([people, trips])[("trips", snake(amount))] == ("additive", "measure")
    # Keyed by both ends of its period (and what it belongs to), a row is an event that lasted too.
    done = table("done", [col("person_id"), col(start, "DATE"), col(end, "DATE"), col("code"), col(amount, "NUMERIC(10,2)")],
                 pk=[start, end, "person_id", "code"], rows=400, fks=[(["person_id"], "people", ["person_id"])])
    assert additivity([people, done])[("done", snake(amount))] == ("additive", "measure")


def test_numbered_slots_of_codes_are_labels_numbered_amounts_are_not():
    """Claims keep up to eight diagnoses side by side (diagnosis1 .. diagnosis8), allergies two
    reactions: codes in numbered slots. Quarterly sales in numbered columns are still money, and a
    lone numbered column is what its word says."""
    siblings = frozenset({"id", "diagnosis1", "diagnosis2", "diagnosis3", "reaction1", "reaction2", "sales_q1", "sales_q2",
                          "visits2024"})

    def kind(name, type_="integer"):
        return classify(Dimension(name=name, column=name, data_type=type_, role="measure"), None, None, siblings=siblings).kind

    assert kind("diagnosis1") == kind("diagnosis3") == kind("reaction2") == "code"
    assert kind("sales_q1", "decimal") == "amount"
    assert kind("visits2024") == "count"


def hr(*columns, rows=1470):
    """One flat table of employees (IBM's HR attrition data): a row per employee, numbers on scales."""
    return additivity([table("employees", [col("employee_number", distinct_count=rows, min=1, max=rows * 2), *columns],
                             pk=["employee_number"], rows=rows)])


def test_a_few_valued_whole_number_on_many_rows_is_a_rating_whatever_its_balance_word():
    """WorkLifeBalance 1..4 on 1,470 employees is a rating, not a balance: summed it read "Total
    Work Life Balance" 4,023 where the question is its average, 2.74."""
    got = hr(col("WorkLifeBalance", min=1, max=4, distinct_count=4), col("Education", min=1, max=5, distinct_count=5),
             col("stock", min=0, max=8, distinct_count=9))
    assert got[("employees", "work_life_balance")] == got[("employees", "education")] == ("non_additive", "dimension")
    assert got[("employees", "stock")] == ("semi_additive", "measure")  # a few units in stock are still units
    from ir.catalog import ColumnProfile
    bedrooms = classify(Dimension(name="bedrooms", column="bedrooms", data_type="integer", role="measure"),
                        ColumnProfile(min=1, max=6, distinct_count=6, null_count=0), 1470)
    assert bedrooms.kind != "score"  # how many things: a count, not a scale (a bucket on a table of things)
    # Three values (a certificate's 0, 1, 2) are more often a code's than a scale's points.
    amateur = classify(Dimension(name="amateur", column="amateur", data_type="integer", role="measure"),
                       ColumnProfile(min=0, max=2, distinct_count=3, null_count=0), 60000)
    assert amateur.kind != "score"
    # A quantity of 1 to 5 is summed, and so is a small number on a line table.
    lines = additivity([
        table("orders", [col("id", distinct_count=2000, min=1, max=2000), col("ordered_at", "TIMESTAMP")], pk=["id"], rows=2000),
        table("order_lines", [col("id", distinct_count=5000, min=1, max=5000), col("order_id", min=1, max=2000, distinct_count=2000),
                              col("quantity", min=1, max=5, distinct_count=5), col("volume", min=1, max=5, distinct_count=5),
                              col("unit_price", "NUMERIC(9,2)")], pk=["id"], rows=5000, fks=[(["order_id"], "orders", ["id"])]),
    ])
    assert lines[("order_lines", "quantity")] == ("additive", "measure")
    assert lines[("order_lines", "volume")] == ("additive", "measure")


def test_a_trailing_level_makes_a_code_whatever_stock_word_comes_before():
    """StockOptionLevel 0..3: a level of a scheme, not a stock; a stock level is still stock."""
    got = hr(col("StockOptionLevel", min=0, max=3, distinct_count=4), col("stock_level", min=0, max=300, distinct_count=200),
             col("balance_tier", min=1, max=3, distinct_count=3))
    assert got[("employees", "stock_option_level")] == got[("employees", "balance_tier")] == ("non_additive", "dimension")
    assert got[("employees", "stock_level")] == ("semi_additive", "measure")
    kind = lambda n: classify(Dimension(name=n, column=n, data_type="integer", role="measure"), None, None).kind  # noqa: E731
    assert kind("StockOptionLevel") == "code" and kind("inventory_level") == "stock"


def test_years_counted_are_a_span_and_a_year_word_said_of_a_period_no_year():
    """YearsAtCompany and TotalWorkingYears (0..40) are how long, averaged; TrainingTimesLastYear
    counts trainings; a year word over values no calendar reaches is no calendar year."""
    got = hr(col("YearsAtCompany", min=0, max=40, distinct_count=37), col("TotalWorkingYears", min=0, max=40, distinct_count=40),
             col("YearsSinceLastPromotion", min=0, max=15, distinct_count=16),
             col("TrainingTimesLastYear", min=0, max=6, distinct_count=7), col("hire_year", min=1990, max=2020, distinct_count=31),
             col("year_of_study", min=1, max=4, distinct_count=4))
    for c in ("years_at_company", "total_working_years", "years_since_last_promotion"):
        assert got[("employees", c)] == ("non_additive", "measure"), c
    assert got[("employees", "training_times_last_year")] == ("additive", "measure")
    assert got[("employees", "hire_year")] == got[("employees", "year_of_study")] == ("non_additive", "dimension")
    kind = lambda n: classify(Dimension(name=n, column=n, data_type="integer", role="measure"), None, None).kind  # noqa: E731
    assert kind("release_year") == kind("fiscal_yr") == kind("last_year") == "year"
    assert kind("sales_last_year") == kind("prior_year_sales") == "amount"
    assert kind("years_of_service") == "measurement"


def test_satisfaction_and_involvement_are_scores():
    """JobSatisfaction and JobInvolvement (1..4) are ratings like PerformanceRating: grouped by
    and averaged."""
    kind = lambda n: classify(Dimension(name=n, column=n, data_type="integer", role="measure"), None, None).kind  # noqa: E731
    assert {kind(n) for n in ("JobSatisfaction", "JobInvolvement", "employee_engagement", "happiness", "Zufriedenheit")} == {"score"}
    assert kind("engagement_time_msec") != "score"  # a span of an engagement, not how engaged
    got = hr(col("EnvironmentSatisfaction", min=1, max=4, distinct_count=4), rows=30)  # too few rows to read a scale
    assert got[("employees", "environment_satisfaction")] == ("non_additive", "dimension")


def test_a_rate_per_period_or_of_whole_numbers_beyond_a_percentage_is_no_fraction():
    """DailyRate 102..1,499 and HourlyRate 30..100 are what a day or an hour pays: averaged, not
    left without a measure as a fraction would be."""
    got = hr(col("DailyRate", min=102, max=1499, distinct_count=886), col("HourlyRate", min=30, max=100, distinct_count=71),
             col("heart_rate", min=40, max=180, distinct_count=120), col("tax_rate", "NUMERIC(5,4)", min=0.01, max=0.2, distinct_count=9),
             col("annual_rate", "NUMERIC(5,4)", min=0.01, max=0.09, distinct_count=20))
    for c in ("daily_rate", "hourly_rate", "heart_rate"):
        assert got[("employees", c)] == ("non_additive", "measure"), c
    assert got[("employees", "tax_rate")] == got[("employees", "annual_rate")] == ("non_additive", "dimension")


def test_a_gross_or_net_weight_is_averaged_on_a_product_list_and_summed_on_shipments():
    # FoodMart's product.gross_weight (6 to 22 on 1,560 products) was read as money ("gross") and
    # summed: a Total Gross Weight of 22,341 over the catalogue, where a product's weight averages.
    got = additivity([
        table("product", [col("product_id"), col("gross_weight", "DOUBLE", distinct_count=1014, min=6, max=22),
                          col("net_weight", "DOUBLE", distinct_count=1000, min=4, max=21)], pk=["product_id"], rows=1560),
        table("shipment", [col("shipment_id"), col("product_id"), col("gross_weight", "DOUBLE"), col("shipped_at", "TIMESTAMP")],
              pk=["shipment_id"], fks=[(["product_id"], "product", ["product_id"])]),
    ])
    assert got[("product", "gross_weight")] == ("non_additive", "measure")
    assert got[("product", "net_weight")] == ("non_additive", "measure")
    assert got[("shipment", "gross_weight")] == ("additive", "measure")


def test_a_group_numbered_by_years_is_one_figure_a_year_not_slots_of_codes():
    """A district's crimes in '95 and '96 (crimes_95, crimes_96) are counts for two years, summed
    over districts; slots of codes are numbered from the first (diagnosis1 .. diagnosis8)."""
    siblings = frozenset({"district_id", "crimes_95", "crimes_96", "diagnosis1", "diagnosis2"})

    def kind(name):
        return classify(Dimension(name=name, column=name, data_type="integer", role="measure"), None, None, siblings=siblings).kind

    assert kind("crimes_95") == kind("crimes_96") == "count"
    assert kind("diagnosis2") == "code"


def _deals_and_their_history(history_name="deal_history"):
    money = dict(min=100.0, max=90_000.5, mean=8_400.25, distinct_count=700)
    return [
        table("deal", [col("id", "TEXT"), col("amount", "NUMERIC(12,2)", **money), col("close_date", "DATE")],
              pk=["id"], rows=1000),
        table(history_name, [col("id", "TEXT"), col("deal_id", "TEXT"), col("stage", "TEXT"), col("amount", "NUMERIC(12,2)", **money),
                             col("fee", "NUMERIC(12,2)", **money), col("created_date", "TIMESTAMP")],
              pk=["id"], rows=4000, fks=[(["deal_id"], "deal", ["id"])]),
    ]


def test_an_audit_tables_copy_of_its_parents_amount_is_no_sum():
    """Salesforce's opportunity_history holds the opportunity's amount at each change of stage:
    summed it counted each opportunity about four times (3.55 billion for 0.84)."""
    state, ctx = prepare(_deals_and_their_history(), "decide_additivity")
    got = {e.name: {d.name: d for d in e.dimensions} for e in run(decide_additivity, state, ctx).entities}
    assert got["deal_history"]["amount"].additivity == "non_additive"
    assert got["deal_history"]["amount"].additivity_provenance.rule == decide_additivity.HISTORY_STATE_RULE
    assert got["deal_history"]["fee"].additivity == "additive"  # (its own: the parent holds none)
    assert got["deal"]["amount"].additivity == "additive"


def test_a_balance_at_either_end_of_a_document_is_carried_not_open():
    """The profiler's open-amount check (a balance within its row's amount on every row) reads
    Wide World Importers' OutstandingBalance as the unpaid part of each invoice; Stripe's invoice
    `ending_balance` (the customer's credit left, 0 or a few cents below it) passes it too, but a
    balance said at a document's start or end is the account's, carried from row to row."""
    def kind(name):
        d = Dimension(name=name, column=name, data_type="integer", role="measure")
        return classify(d, None, 1000, series={name: "open"}).kind

    assert kind("outstanding_balance") == "amount"
    assert kind("ending_balance") == "balance" and kind("starting_balance") == "balance" and kind("closing_balance") == "balance"


def test_a_balance_on_a_fact_of_documents_is_never_summed():
    """An invoice's starting and ending balance (the customer's at the time): one row per invoice,
    no time to take the latest at; a table of balances keyed by account and day stays semi-additive."""
    invoices = table("invoices", [col("id", "TEXT"), col("customer_id"), col("created_at", "TIMESTAMP"),
                                  col("amount_due", min=0, max=9000, distinct_count=40),
                                  col("starting_balance", min=-5000, max=0, distinct_count=9)],
                     pk=["id"], rows=1300, fks=[(["customer_id"], "customers", ["id"])])
    customers = table("customers", [col("id"), col("email", "TEXT")], pk=["id"], rows=300)
    balances = table("daily_balances", [col("account_id"), col("day", "DATE"), col("balance", min=-90, max=9000, distinct_count=300)],
                     pk=["account_id", "day"], rows=3000, fks=[(["account_id"], "customers", ["id"])])
    state, ctx = prepare([invoices, customers, balances], "decide_additivity")
    model = run(decide_additivity, state, ctx)
    dims = {(e.name, d.name): d for e in model.entities for d in e.dimensions}
    held = dims[("invoices", "starting_balance")]
    assert held.additivity == "non_additive" and held.additivity_provenance.rule == "document_balance_non_additive"
    assert dims[("invoices", "amount_due")].additivity == "additive"
    assert dims[("daily_balances", "balance")].additivity == "semi_additive"


def test_a_lifetime_value_repeated_on_each_event_and_a_price_lists_unit_amounts_are_never_summed():
    """GA4's events carry each user's lifetime revenue so far on every event; Stripe's prices keep
    each price's unit amount twice, as cents and as a decimal string. Neither adds up over rows."""
    from tests.semantics.test_derive_measures import measures

    events = table("events", [col("event_timestamp", "BIGINT"), col("user_pseudo_id", "TEXT", distinct_count=400),
                              col("user_ltv_revenue", "DOUBLE PRECISION", min=5, max=1300, distinct_count=1200),
                              col("purchase_revenue", "DOUBLE PRECISION", min=5, max=200, distinct_count=900)], rows=8000)
    products = table("products", [col("id", "TEXT"), col("name", "TEXT")], pk=["id"], rows=20)
    prices = table("prices", [col("id", "TEXT"), col("product", "TEXT"), col("currency", "TEXT", values=[("usd", 40), ("eur", 20)]),
                              col("unit_amount", "BIGINT", min=500, max=19900, distinct_count=7),
                              col("unit_amount_decimal", "NUMERIC", min=500, max=19900.5, distinct_count=13)],
                   pk=["id"], rows=60, fks=[(["product"], "products", ["id"])])
    got = measures([events, products, prices])
    assert "total_purchase_revenue" in got["events"]
    assert not any(m.column == "user_ltv_revenue" and m.agg == "sum" for m in got["events"].values())
    assert not any(m.agg == "sum" for m in got["prices"].values())
