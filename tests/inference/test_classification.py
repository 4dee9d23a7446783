"""The classification rule language and the shipped default rules."""

from __future__ import annotations

import pytest

from compiler.api import analyze
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from ir.catalog import Column, ColumnProfile, ValueCount
from compiler.classification import Facts, RuleError, classify, default_rules, parse_rules
from compiler.classification import rules_for
from passes.classify_semantics import is_sensitive
from tests.support import shop_snapshot


def verdict(name, data_type="string", table="t", profile=None, rows=None, key=False, role=None):
    sem, sens = classify(Facts(name=name, table=table, data_type=data_type, profile=profile, rows=rows, key=key, role=role), default_rules())
    return (sem.tag if sem else None, sem.rule.name if sem else None, sens.tag if sens else None)


@pytest.mark.parametrize("name,data_type,table,semantic,sensitive", [
    ("email", "string", "users", "email", "pii.email"),
    ("EmailAddr", "string", "users", "email", "pii.email"),
    ("CONTACT_EMAIL", "string", "users", "email", "pii.email"),
    ("hs_email_to_email", "string", "engagement_email", "email", "pii.email"),
    # a message's parts and state are no address (a CRM's logged e-mails)
    ("hs_email_subject", "string", "engagement_email", None, None),
    ("property_hs_email_direction", "string", "engagement_email", None, None),
    ("email_status", "string", "engagement_email", "category", None),
    ("email_betreff", "string", "nachrichten", None, None),
    ("HomePhone", "string", "employees", "phone", "pii.phone"),
    ("first_name", "string", "x", "person_name", "pii.person_name"),
    ("reviewer_name", "string", "reviews", "person_name", "pii.person_name"),
    ("host_name", "string", "listings", "person_name", "pii.person_name"),
    ("DriverName", "string", "trips", "person_name", "pii.person_name"),
    ("product_name", "string", "products", None, None),
    ("LastName", "string", "x", "person_name", "pii.person_name"),
    ("nameFirst", "string", "x", "person_name", "pii.person_name"), ("name_last", "string", "x", "person_name", "pii.person_name"),
    ("Name", "string", "Customer", "person_name", "pii.person_name"),
    ("name", "string", "genre", None, None),
    ("FIRST", "string", "patients", "person_name", "pii.person_name"),
    ("MAIDEN", "string", "patients", "person_name", "pii.person_name"),
    ("first", "string", "races", None, None),
    ("BillingAddress", "string", "invoice", "address", "pii.address"),
    ("ip_address", "string", "sessions", "ip_address", "pii.ip_address"),
    ("IpAddress", "string", "sessions", "ip_address", "pii.ip_address"),
    ("client_ip", "string", "sessions", "ip_address", "pii.ip_address"),
    # outs pitched (IPouts) and a school's full name are no ip address and no person's name
    ("IPouts", "integer", "pitching", None, None), ("name_full", "string", "schools", None, None),
    ("date_of_birth", "date", "p", "birth_date", "pii.birth_date"),
    ("BirthDate", "timestamp", "p", "birth_date", "pii.birth_date"),
    ("birthYear", "integer", "people", "birth_date", "pii.birth_date"),
    ("birthCountry", "string", "people", "country", None),  # where, not when: no birth date
    ("birth_city", "string", "people", "city", None),
    ("SSN", "string", "p", "national_id", "pii.national_id"),
    ("password_hash", "string", "users", "password", "secret.password"),
    ("api_key", "string", "integrations", "api_key", "secret.api_key"),
    ("refresh_token", "string", "sessions", "token", "secret.token"),
    ("PostalCode", "string", "c", "postal_code", "pii.address"),
    ("zip", "integer", "c", "postal_code", "pii.address"),
    ("City", "string", "c", "city", None),
    ("ShipCountry", "string", "o", "country", None),
    ("country_name", "string", "countries", "country", None),
    ("country_region", "string", "countries", None, None),  # Europe: neither a country nor a state
    ("country_subregion", "string", "countries", None, None),
    ("country_total", "string", "countries", None, None),  # World total
    ("StateProvince", "string", "addresses", "region", None),
    ("latitude", "float", "store", "latitude", None),
    ("LNG", "decimal", "store", "longitude", None),
    ("website", "string", "s", "url", None),
    ("HomePage", "string", "s", "url", None),
    ("unit_price", "decimal", "p", "currency_amount", None),
    ("TotalAmount", "decimal", "p", "currency_amount", None),
    ("MSRP", "decimal", "products", "currency_amount", None),
    ("creditLimit", "decimal", "customers", "currency_amount", None),
    ("discount_pct", "float", "p", "percentage", None),
    ("is_active", "integer", "u", "boolean_flag", None),
    ("enabled", "boolean", "u", "boolean_flag", None),
    ("order_status", "string", "o", "category", None),
    ("Description", "string", "c", "free_text", None),
    ("payload", "json", "e", "json", None),
    # Names in other languages: people's names, prices and amounts; money words are words, not
    # letters inside another (su-spend-ido is Spanish for discontinued).
    ("Nachname", "string", "Personal", "person_name", "pii.person_name"),
    ("Vorname", "string", "Personal", "person_name", "pii.person_name"),
    ("Apellido", "string", "Clientes", "person_name", "pii.person_name"),
    ("Nombre", "string", "Clientes", "person_name", "pii.person_name"),
    ("Nombre", "string", "Generos", None, None),
    ("sobrenome", "string", "clientes", "person_name", "pii.person_name"),
    ("prenom", "string", "employes", "person_name", "pii.person_name"),
    ("preco_unitario", "decimal", "itens_pedido", "currency_amount", None),
    ("Einzelpreis", "decimal", "Bestelldetails", "currency_amount", None),
    ("suspendido", "integer", "productos", None, None),
    ("total_spend", "decimal", "customers", "currency_amount", None),
    ("birth_number", "string", "client", "national_id", "pii.national_id"),
    ("personnummer", "string", "kund", "national_id", "pii.national_id"),
    # places in other languages
    ("Strasse", "string", "Kunden", "address", "pii.address"), ("PLZ", "string", "Kunden", "postal_code", "pii.address"),
    ("cep", "string", "clientes", "postal_code", "pii.address"), ("Ort", "string", "Kunden", "city", None),
    ("Land", "string", "Kunden", "country", None), ("pais", "string", "clientes", "country", None),
    ("ville", "string", "clients", "city", None), ("direccion", "string", "clientes", "address", "pii.address"),
])
def test_default_rules_by_name_and_type(name, data_type, table, semantic, sensitive):
    sem, _, sens = verdict(name, data_type, table)
    assert (sem, sens) == (semantic, sensitive)


def test_long_is_a_longitude_only_as_the_last_word_with_values_on_the_globe():
    """A COVID reference table's Lat and Long_: the longitude had been averaged as a value."""
    globe = ColumnProfile(null_count=0, distinct_count=900, min=-170.1, max=178.0)
    assert verdict("Long_", "float", profile=globe, rows=1000)[0] == "longitude"
    assert verdict("long", "float", profile=globe, rows=1000)[0] == "longitude"
    assert verdict("long_term_debt", "decimal", profile=globe, rows=1000)[0] != "longitude"
    assert verdict("trip_long", "float", profile=ColumnProfile(null_count=0, min=0, max=5000.0), rows=1000)[0] != "longitude"


def test_identifier_rule_comes_before_contact_rules():
    assert verdict("email_id", "integer", key=True)[0] == "identifier"


def test_value_patterns_decide_when_names_do_not():
    emails = ColumnProfile(null_count=0, distinct_count=90, patterns={"email": 0.97})
    assert verdict("contact", profile=emails, rows=100)[:3] == ("email", "email_values", "pii.email")
    urls = ColumnProfile(null_count=0, distinct_count=90, patterns={"url": 0.99})
    assert verdict("link_target_x", profile=urls, rows=100)[0] == "url"
    flags = ColumnProfile(null_count=0, distinct_count=2, top_values=[ValueCount(value="0", count=60), ValueCount(value="1", count=17)])
    assert verdict("Discontinued", profile=flags, rows=77)[:2] == ("boolean_flag", "boolean_values")
    ones = ColumnProfile(null_count=0, distinct_count=1, top_values=[ValueCount(value=1, count=99)])
    assert verdict("Quantity", "integer", profile=ones, rows=99, role="measure")[0] is None
    cats = ColumnProfile(null_count=0, distinct_count=4, max_length=9, patterns={})
    assert verdict("segment_x", profile=cats, rows=500)[:2] == ("category", "category_values")


@pytest.mark.parametrize("name,table,semantic", [
    ("d1", "employees", "birth_date"),  # says nothing: the values decide
    ("geboren", "mitarbeiter", "birth_date"),
    ("hire_date", "employees", None),  # names the event it dates: the name wins over the values
    ("HireDate", "staff", None),
    ("fecha_ingreso", "empleados", None),
    ("eintrittsdatum", "mitarbeiter", None),
    ("start_date", "members", None),
])
def test_dates_of_people_are_birth_dates_only_when_the_name_dates_no_other_event(name, table, semantic):
    """Hire and start dates of adults fall in the same decades as birth dates."""
    births = ColumnProfile(null_count=0, distinct_count=300, patterns={"birth_date": 0.98})
    assert verdict(name, "date", table, profile=births, rows=300)[0] == semantic


@pytest.mark.parametrize("name,data_type,semantic", [
    ("payment_value", "decimal", "currency_amount"), ("payment_installments", "integer", None),
    ("payment_sequential", "integer", None), ("price", "decimal", "currency_amount"), ("cost_days", "integer", None),
    ("TotalChildren", "integer", None), ("TotalOperators", "integer", None), ("UnitsBalance", "integer", None),
    ("order_total", "decimal", "currency_amount"), ("total_due", "decimal", "currency_amount"),
    ("PAYER_COVERAGE", "decimal", "currency_amount"), ("HEALTHCARE_EXPENSES", "decimal", "currency_amount"),
    ("COVERED_ENCOUNTERS", "integer", None), ("coverage_pct", "decimal", "percentage"),
    ("store_sales", "decimal", "currency_amount"), ("warehouse_sales", "decimal", "currency_amount"),
    ("unit_sales", "decimal", None), ("salary_paid", "decimal", "currency_amount"), ("store_invoice", "decimal", "currency_amount"),
    ("sales_pct", "decimal", "percentage"), ("Profit", "decimal", "currency_amount"), ("net_profit", "float", "currency_amount"),
    ("profit_margin", "decimal", None), ("profit_pct", "decimal", "percentage"),
    # money levied or lost on a row, and money paid including another (TPC-DS)
    ("ss_ext_tax", "decimal", "currency_amount"), ("sr_net_loss", "decimal", "currency_amount"),
    ("ws_net_paid_inc_ship_tax", "decimal", "currency_amount"), ("cs_net_paid_inc_tax", "decimal", "currency_amount"),
    ("impuesto", "decimal", "currency_amount"), ("tax_rate", "decimal", None), ("tax_count", "integer", None),
    # a charge and what became of it (Magento's order totals): money, summed per currency
    ("base_tax_refunded", "decimal", "currency_amount"), ("shipping_invoiced", "decimal", "currency_amount"),
    ("discount_canceled", "decimal", "currency_amount"), ("fee_charged", "float", "currency_amount"),
    ("qty_refunded", "decimal", None), ("tax_refunded_count", "integer", None),
])
def test_money_is_what_the_name_is_not_what_it_is_about(name, data_type, semantic):
    """A payment's installments and sequence number are about a payment; neither is money."""
    assert verdict(name, data_type, "payments")[0] == semantic


@pytest.mark.parametrize("name,data_type,semantic", [
    ("BountyAmount", "integer", None), ("bounty_amount", "integer", None), ("total", "integer", None),
    ("reward_amt", "integer", None), ("amount", "decimal", "currency_amount"), ("TotalAmount", "float", "currency_amount"),
    ("price", "integer", "currency_amount"), ("salary", "integer", "currency_amount"), ("amount_usd", "integer", "currency_amount"),
])
def test_an_integer_amount_is_money_only_when_a_word_says_money(name, data_type, semantic):
    """A bounty's amount of reputation points, a total of anything: `amount` and `total` say how
    much, not of what; on whole numbers only a money word (price, salary, usd) says dollars."""
    assert verdict(name, data_type, "votes")[0] == semantic


def test_rule_language_parses_and_records_origin():
    rules = parse_rules("""
        # a comment
        acct: semantic account_number when name ~ /acct_?(no|num)/ and type in (string, integer) confidence 0.9;
        pii_acct: sensitive pii.account when semantic account_number;
        quiet: semantic none when table ~ /^tmp_/ ;
        big: semantic big when distinct_ratio >= 0.5 and rows > 10 and not (max_length > 3 or min < 0);
    """, "mine.rules")
    assert [r.name for r in rules] == ["acct", "pii_acct", "quiet", "big"]
    assert rules[0].confidence == 0.9 and rules[0].origin == "mine.rules:3"
    assert rules[0].text.startswith("name ~ /acct_?(no|num)/")
    sem, sens = classify(Facts(name="AcctNo", data_type="string"), rules)
    assert (sem.tag, sens.tag) == ("account_number", "pii.account")
    assert classify(Facts(name="AcctNo", table="tmp_x"), rules) == (None, None)


@pytest.mark.parametrize("text,line", [
    ("x: semantic email when;", 1),
    ("x: semantic email when name ~ /a/\n", 1),
    ("a: semantic a when key;\nb: semantic b when key\n\n", 2),
    ("x: semantic email when name ~ /(/ ;", 1),
    ("x: semantic a when key;\nx: semantic b when key;", 2),
    ("x: semantic a when bogus > 1;", 1),
])
def test_rule_errors_carry_a_line(text, line):
    with pytest.raises(RuleError) as e:
        parse_rules(text)
    assert e.value.line == line


def test_user_rules_run_first_and_can_silence_defaults():
    snap = shop_snapshot()
    config = Config.model_validate({"classification": {"rules": (
        "no_email: semantic none when name ~ /^email_addr$/;\n"
        "title_code: semantic product_title when table ~ /product/ and name ~ /title/;\n")}})
    model = analyze(snap, config)
    cust = {d.column: d for d in model.entity("customers").dimensions}
    assert cust["EMAIL_ADDR"].semantic_type is None and cust["EMAIL_ADDR"].sensitivity is None
    product = {d.column: d for d in model.entity("product").dimensions}
    assert product["Title"].semantic_type == "product_title"
    assert product["Title"].semantic_provenance.rule == "title_code"
    assert product["Title"].semantic_provenance.evidence[0].startswith("mb.yaml classification.rules:2")


def test_bad_user_rules_are_a_config_error():
    diags = Diagnostics()
    analyze(shop_snapshot(), Config.model_validate({"classification": {"rules": "oops: semantic when;"}}), diags)
    assert [d.code for d in diags.errors] == ["CF003"]
    assert diags.exit_code() == 2


def test_every_verdict_names_its_rule():
    model = analyze(shop_snapshot())
    for e in model.entities:
        for f in [*e.dimensions, *e.time_dimensions]:
            if f.semantic_type:
                assert f.semantic_provenance.by == "classify_semantics" and f.semantic_provenance.rule
            if f.sensitivity:
                assert f.sensitivity_provenance.rule.startswith(("pii_", "secret_"))
    emails = {d.column: d for d in model.entity("customers").dimensions}["EMAIL_ADDR"]
    assert (emails.semantic_type, emails.sensitivity) == ("email", "pii.email")


def test_rules_can_drop_defaults():
    rules = rules_for(Config.model_validate({"classification": {"defaults": False, "rules": "k: semantic k when key;"}}))
    assert [r.name for r in rules] == ["k"]


@pytest.mark.parametrize("name,type_,profile,expected", [
    ("email", "VARCHAR(80)", None, True),
    ("CustomerName", "TEXT", None, False),
    ("first_name", "TEXT", None, True),
    ("passwd", "TEXT", None, True),
    ("contact", "TEXT", ColumnProfile(patterns={"email": 0.95}), True),
    ("quantity", "INTEGER", None, False),
    ("country", "TEXT", None, False),
])
def test_is_sensitive_hook_for_the_profiler(name, type_, profile, expected):
    assert is_sensitive(Column(name=name, type=type_), profile) is expected


def test_a_national_id_by_its_name_wins_over_its_values_and_its_keyness():
    """999-12-3456 looks like a phone number, and an employee's national id may be a unique key:
    the name says what it is."""
    phoneish = ColumnProfile(null_count=0, distinct_count=59, patterns={"phone": 1.0})
    assert verdict("SSN", "string", "patients", profile=phoneish, rows=59)[::2] == ("national_id", "pii.national_id")
    assert verdict("EmployeeNationalIDAlternateKey", "string", "DimEmployee", key=True)[::2] == ("national_id", "pii.national_id")


@pytest.mark.parametrize("name,table,semantic", [
    # a person's name after the role whose name it is (classicmodels' customers.contactLastName)
    ("contactLastName", "customers", "person_name"), ("billing_first_name", "orders", "person_name"), ("EmpSurname", "x", "person_name"),
    ("namefirst", "people", "person_name"), ("NAMELAST", "people", "person_name"),  # Lahman's nameFirst as PostgreSQL folds it
    # a product family is no person
    ("product_family_name", "products", None),
    # "X of Y" names an X: a head of state is no state or province
    ("HeadOfState", "country", None), ("state_of_residence", "customers", "region"),
])
def test_names_read_by_their_head_word(name, table, semantic):
    assert verdict(name, "string", table)[0] == semantic


def test_a_percentage_written_as_points_is_no_fraction():
    """A percent format multiplies by 100: only values of at most 1 are fractions of one (world's
    countrylanguage.Percentage runs 0..100 and had read 2,738.59% averaged)."""
    points = ColumnProfile(null_count=0, distinct_count=200, min=0.0, max=100.0)
    fraction = ColumnProfile(null_count=0, distinct_count=200, min=0.0, max=0.98)
    assert verdict("Percentage", "decimal", profile=points, rows=241)[0] == "percentage_points"
    assert verdict("discount_pct", "decimal", profile=fraction, rows=241)[0] == "percentage"
    assert verdict("anteil_prozent", "float", profile=points, rows=241)[0] == "percentage_points"


def test_prose_with_a_number_and_a_word_ending_like_a_street_is_no_address():
    from compiler.classification.values import is_street_address
    assert is_street_address("Kaiserring 12") and is_street_address("Hauptstraße 5") and is_street_address("Mannerheimintie 3")
    assert not is_street_address("working steering 1969")
    assert not is_street_address("A 1969 replica with working kickstand, suspension, steering and a drive chain in 12 colours")


def test_a_band_of_pay_is_no_ones_pay():
    # Oracle HR's jobs.min_salary and max_salary bound a job's pay; employees.salary is a person's
    assert verdict("min_salary", "decimal", "jobs")[2] is None and verdict("max_salary", "decimal", "jobs")[2] is None
    assert verdict("salary", "decimal", "employees")[2] == "pii.compensation"
    assert verdict("salary_max", "decimal", "jobs")[2] is None


def test_a_career_date_in_a_people_table_is_no_birth_date():
    """Lahman's People.debut and finalGame hold dates of the same span as a birth date's, in a
    table of people; their names say which event they date."""
    born = ColumnProfile(null_count=0, distinct_count=900, min="1950-01-01", max="2001-12-31", patterns={"birth_date": 1.0})
    for name in ("debut", "finalGame"):
        assert verdict(name, "date", "People", profile=born, rows=7000)[0] != "birth_date"
    assert verdict("born_on", "date", "People", profile=born, rows=7000)[0] == "birth_date"


@pytest.mark.parametrize("name,semantic", [
    ("AccountNumber", None), ("account_no", None), ("BankAccountNumber", "iban"), ("bank_account_no", "iban"), ("IBAN", "iban"),
])
def test_an_account_number_is_a_banks_only_when_named_for_the_bank(name, semantic):
    """A customer's account number (AW00000001) was hidden as an IBAN and its values redacted."""
    got = verdict(name, "string", "customer")
    assert (got[0] == "iban") == (semantic == "iban"), got


@pytest.mark.parametrize("spanish,english,semantic", [
    ("telefono", "phone", "phone"),
    ("nombre_contacto", "contact_first_name", "person_name"),
    ("apellido_contacto", "contact_last_name", "person_name"),
    ("apellido1", "last_name1", "person_name"), ("apellido2", "last_name2", "person_name"),
    ("linea_direccion2", "address_line2", "address"),
    ("nombre_cliente", "customer_name", None),  # a customer's name may be a company's
])
def test_personal_data_named_head_first_or_numbered(spanish, english, semantic):
    """Spanish puts the name word before whose name it is (nombre_contacto) and numbers a person's
    two family names (apellido1, apellido2): tagged as their English twins are."""
    for name in (spanish, english):
        assert verdict(name, table="cliente")[0] == semantic, name


def _names(distinct: int, share: float = 0.8) -> ColumnProfile:
    return ColumnProfile(null_count=0, distinct_count=distinct, max_length=20, patterns={"person_name": share})


@pytest.mark.parametrize("name", ["city", "start_city", "Stadt", "ciudad", "ville", "town_name", "CityName"])
def test_a_place_named_so_is_no_persons_name_whatever_its_values(name):
    """Bike-share stations' cities (San Jose, Santa Clara, Palo Alto) read as people's names; the
    column's name says a place, which no profile then redacts."""
    for rows, distinct in ((70, 5), (4000, 900)):
        sem, _, sens = verdict(name, profile=_names(distinct), rows=rows)
        assert sem in ("city", "category", None) and sens is None, (name, rows, sem, sens)
    assert is_sensitive(Column(name=name, type="TEXT"), _names(5)) is False


def test_names_a_columns_name_says_are_peoples_however_few():
    """Names a column's name says are people's, and many people's names on many rows (a flat
    extract's customer name), stay personal data; so do a few names repeated on many rows."""
    assert verdict("home_base", profile=_names(5), rows=70)[::2] == ("person_name", "pii.person_name")
    assert verdict("Customer Name", profile=_names(793), rows=9994)[::2] == ("person_name", "pii.person_name")
    assert verdict("contact", profile=_names(90, 0.95), rows=100)[::2] == ("person_name", "pii.person_name")
    for name, table in (("first_name", "x"), ("last_name", "orders"), ("contact_name", "suppliers"), ("Name", "Customer")):
        assert verdict(name, table=table, profile=_names(5), rows=70)[::2] == ("person_name", "pii.person_name"), name


@pytest.mark.parametrize("name,fractions,semantic", [
    ("total_tests", 0, None), ("TotalCases", 0, None), ("total", 12, "currency_amount"), ("amount", None, "currency_amount"),
    ("total_cases_per_million", 12, None), ("price_per_unit", 12, "currency_amount"),
])
def test_a_float_of_whole_numbers_is_money_only_when_a_word_says_money(name, fractions, semantic):
    """A CSV's counts read as doubles (`total_tests` 1234.0): no cents anywhere, so `total` says how
    many, as on an integer; a float with fractions, or one not counted (a decimal), stays money. A
    total per something is a ratio; a price per unit is still money."""
    profile = ColumnProfile(null_count=0, distinct_count=50, min=1.0, max=900.0, fraction_count=fractions)
    assert verdict(name, "float", "daily", profile=profile, rows=100)[0] == semantic


def test_a_state_of_workflow_steps_is_a_status_not_a_region():
    """Odoo's account_move.state (draft, posted, cancel) and payment_state read as a US state: no
    enumeration, no count per state. A state of places stays a region."""
    def prof(*values):
        return ColumnProfile(null_count=0, distinct_count=len(values), max_length=12,
                             top_values=[ValueCount(value=v, count=100 - i) for i, v in enumerate(values)])
    assert verdict("state", profile=prof("posted", "draft", "cancel"), rows=25000)[0] == "category"
    assert verdict("payment_state", profile=prof("paid", "not_paid", "partial", "in_payment", "reversed"), rows=13000)[0] == "category"
    assert verdict("state", profile=prof("CA", "NY", "TX", "WA"), rows=5000)[0] == "region"
    assert verdict("state", rows=5000)[0] == "region"
