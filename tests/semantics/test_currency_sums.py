"""Money on a table whose rows name their currency is summed per currency, never across
currencies; whole numbers there are amounts in the currency's smallest unit (Stripe's cents),
shown in units."""

from __future__ import annotations

from passes import derive_measures
from tests.semantics.build import col, prepare, run, table


def measures(tables, dialect="duckdb"):
    state, ctx = prepare(tables, "derive_measures", dialect)
    return {e.name: {m.name: m for m in e.measures} for e in run(derive_measures, state, ctx).entities}


def _payments(codes, amount_type="BIGINT", amount="amount", currency="currency"):
    cur = col(currency, "TEXT", values=codes, max_length=3)
    return [table("payments", [col("id", "TEXT"), col("customer_ref", "TEXT"), col("paid_on", "TIMESTAMP"), cur,
                               col(amount, amount_type, min=50, max=99_900, mean=4_210.0, distinct_count=900),
                               col("attempt_count", "INTEGER", min=1, max=4, mean=1.1, distinct_count=4)],
                  pk=["id"], rows=sum(n for _, n in codes), fks=[(["customer_ref"], "customers", ["customer_id"])]),
            table("customers", [col("customer_id", "TEXT"), col("name", "TEXT")], pk=["customer_id"], rows=100)]


def test_money_of_three_currencies_is_summed_per_currency_in_units():
    got = measures(_payments([("usd", 700), ("eur", 200), ("gbp", 100)]))["payments"]
    sums = {n: m for n, m in got.items() if m.agg == "sum"}
    assert set(sums) == {"total_amount_eur", "total_amount_gbp", "total_amount_usd", "total_attempt_count"}
    usd = sums["total_amount_usd"]
    assert (usd.expr, usd.filter, usd.label.value) == ('"amount" / 100.0', "\"currency\" = 'usd'", "Total Amount (USD)")
    assert usd.provenance.rule == "currency_sum"


def test_a_currency_without_a_smaller_unit_is_summed_as_it_is():
    sums = measures(_payments([("usd", 700), ("jpy", 300)]))["payments"]
    assert sums["total_amount_jpy"].expr is None and sums["total_amount_jpy"].column == "amount"
    assert sums["total_amount_usd"].expr == '"amount" / 100.0'


def test_one_currency_gives_one_sum_in_units():
    got = measures(_payments([("eur", 1000)]))["payments"]
    assert [n for n, m in got.items() if m.agg == "sum" and m.column != "attempt_count"] == ["total_amount"]
    assert got["total_amount"].expr == '"amount" / 100.0' and got["total_amount"].description is None


def test_amounts_with_decimals_are_in_units_and_still_split():
    got = measures(_payments([("usd", 700), ("eur", 300)], amount_type="NUMERIC(12,2)", amount="net_amount"))["payments"]
    assert got["total_net_amount_eur"].column == "net_amount" and got["total_net_amount_eur"].expr is None
    assert "total_net_amount" not in got


def test_currencies_not_known_keep_one_sum_said_to_be_grouped_by_currency():
    tables = _payments([("usd", 700), ("eur", 300)])
    tables[0].columns[3].profile.distinct_count = 40  # (forty currencies, two of them read: no complete list)
    got = measures(tables)["payments"]
    assert "group or filter it by the currency" in got["total_amount"].description.value


def test_whole_numbers_without_a_currency_beside_them_stay_what_they_were():
    tables = _payments([("usd", 700), ("eur", 300)], currency="channel")
    got = measures(tables)["payments"]
    assert got["total_amount"].column == "amount" and got["total_amount"].expr is None


def test_amounts_beside_a_key_into_a_table_of_currencies_keep_their_sum_said_to_be_grouped():
    """FoodMart's expense_fact: amounts beside currency_id (1, 2). A key may name the customer's
    currency beside amounts converted already (AdventureWorksDW's CurrencyKey): the one sum stays,
    its description saying to group it by the currency, never split into per-key sums."""
    fact = table("expense_fact", [col("store_id"), col("account_id"), col("exp_date", "TIMESTAMP"),
                                  col("currency_id", values=[(1, 600), (2, 400)]),
                                  col("amount", "NUMERIC(10,4)", min=1.5, max=9_000.25, mean=1_200.5, distinct_count=900)],
                 rows=1000, fks=[(["store_id"], "store", ["store_id"]), (["account_id"], "account", ["account_id"])])
    got = measures([fact, table("store", [col("store_id"), col("store_name", "TEXT")], pk=["store_id"], rows=24),
                    table("account", [col("account_id"), col("account_description", "TEXT")], pk=["account_id"], rows=30)])
    sums = {n: m for n, m in got["expense_fact"].items() if m.agg == "sum"}
    assert set(sums) == {"total_amount"}
    assert sums["total_amount"].filter is None and "currency" in sums["total_amount"].description.value


def test_a_currency_code_beside_a_currency_key_splits_the_sums_whichever_comes_first():
    """A key into a table of currencies before the code (currency_key, currency_code): the code
    says the amounts' currency, in cents, as classify_semantics read them; the key had been taken
    first and the cents summed raw across currencies."""
    tables = _payments([("usd", 700), ("eur", 300)])
    pay = tables[0]
    pay.columns.insert(3, col("currency_key", "INTEGER", values=[(1, 700), (2, 300)]))
    got = measures(tables)["payments"]
    assert got["total_amount_usd"].expr == '"amount" / 100.0' and "total_amount" not in got


def test_a_total_weight_beside_a_currency_is_a_weight_not_cents():
    # An order's total_weight (grams, whole numbers) on a table whose rows name their currency:
    # "total" says how much, "weight" what of; no money, so one sum in its own figures.
    tables = _payments([("usd", 700), ("eur", 300)])
    tables[0].columns.append(col("total_weight", "BIGINT", min=100, max=30_000, mean=4_300.0, distinct_count=800))
    got = measures(tables)["payments"]
    weights = [m for m in got.values() if m.column == "total_weight"]
    assert weights and all(m.filter is None and m.expr is None for m in weights)
    assert "total_amount_usd" in got


def _orders_in_two_currencies():
    """A store's orders naming two currencies each: the store's base currency, which the
    `base_` amounts are in, and the currency the order was placed in, which its bare amounts are
    in (a Canadian shopper on a US store pays in CAD)."""
    return [table("sales_order", [col("entity_id"), col("customer_id"), col("created_at", "TIMESTAMP"),
                                  col("base_currency_code", "TEXT", values=[("USD", 700), ("EUR", 300)], max_length=3),
                                  col("order_currency_code", "TEXT", values=[("USD", 600), ("CAD", 100), ("EUR", 300)], max_length=3),
                                  col("base_grand_total", "NUMERIC(20,4)", min=5.0, max=900.0, mean=120.0, distinct_count=900),
                                  col("grand_total", "NUMERIC(20,4)", min=5.0, max=1_200.0, mean=130.0, distinct_count=900)],
                  pk=["entity_id"], rows=1000, fks=[(["customer_id"], "customer", ["customer_id"])]),
            table("customer", [col("customer_id"), col("name", "TEXT")], pk=["customer_id"], rows=100)]


def test_each_amount_is_split_by_the_currency_its_name_is_qualified_alike():
    """`base_grand_total` by `base_currency_code`, and the bare `grand_total` by the currency
    of the order (the table's own name qualifies it): filtered on the base currency, an order
    paid in CAD was summed into the US dollars."""
    got = measures(_orders_in_two_currencies())["sales_order"]
    base = {n: m.filter for n, m in got.items() if n.startswith("total_base_grand_total")}
    bare = {n: m.filter for n, m in got.items() if n.startswith("total_grand_total")}
    assert base == {"total_base_grand_total_eur": "\"base_currency_code\" = 'EUR'",
                    "total_base_grand_total_usd": "\"base_currency_code\" = 'USD'"}
    assert bare == {"total_grand_total_cad": "\"order_currency_code\" = 'CAD'",
                    "total_grand_total_eur": "\"order_currency_code\" = 'EUR'",
                    "total_grand_total_usd": "\"order_currency_code\" = 'USD'"}


def test_an_amount_no_currency_column_is_said_of_keeps_one_sum_said_to_be_grouped():
    tables = _orders_in_two_currencies()
    tables[0].name = "sales_invoice"
    got = measures(tables)["sales_invoice"]
    assert "total_grand_total" in got and got["total_grand_total"].filter is None
    assert "group or filter it by the currency" in got["total_grand_total"].description.value
    assert got["total_base_grand_total_usd"].filter == "\"base_currency_code\" = 'USD'"


def test_amounts_beside_a_currency_key_and_the_rows_exchange_rate_are_summed_per_currency():
    """Odoo's sale_order: amounts in the order's currency beside currency_id and the rate of
    exchange the order was made at (currency_rate). Summed across, 662 orders in yen made 179.6M of
    the 215.6M "Total Amount Untaxed" (37.4M in euros). A rate on the row says the amounts are not
    converted: one sum per currency, named by the currencies table's codes where its rows were
    read, and no total."""
    from ir.evidence import Evidence, RowNames

    order = table("sale_order", [col("id"), col("date_order", "TIMESTAMP"), col("currency_id", values=[(1, 900), (2, 300), (5, 60)]),
                                 col("currency_rate", "NUMERIC", min=0.8, max=160.0, distinct_count=900, mean=8.0),
                                 col("amount_untaxed", "NUMERIC", min=1.0, max=900_000.0, mean=9_000.0, distinct_count=1200)],
                  pk=["id"], rows=1260, fks=[(["currency_id"], "res_currency", ["id"])])
    currencies = table("res_currency", [col("id"), col("name", "TEXT")], pk=["id"], rows=5)
    state, ctx = prepare([order, currencies], "derive_measures")
    state.snapshot.evidence = Evidence(row_names=[RowNames(table_key="res_currency", key="id",
                                                           names={"name": {"1": "EUR", "2": "USD", "3": "GBP", "4": "CHF", "5": "JPY"}})])
    got = {m.name: m for m in run(derive_measures, state, ctx).entity("sale_order").measures if m.agg == "sum"}
    assert set(got) == {"total_amount_untaxed_eur", "total_amount_untaxed_usd", "total_amount_untaxed_jpy"}, sorted(got)
    assert got["total_amount_untaxed_jpy"].filter == '"currency_id" = 5'
    assert got["total_amount_untaxed_jpy"].label.value == "Total Amount Untaxed (JPY)"


def _odoo_order_beside(sibling):
    from ir.evidence import Evidence, RowNames

    order = table("sale_order", [col("id"), col("date_order", "TIMESTAMP"), col("currency_id", values=[(1, 900), (2, 300), (5, 60)]),
                                 col(sibling, "NUMERIC", min=0.8, max=160.0, distinct_count=900, mean=8.0),
                                 col("amount_untaxed", "NUMERIC", min=1.0, max=900_000.0, mean=9_000.0, distinct_count=1200)],
                  pk=["id"], rows=1260, fks=[(["currency_id"], "res_currency", ["id"])])
    currencies = table("res_currency", [col("id"), col("name", "TEXT")], pk=["id"], rows=5)
    state, ctx = prepare([order, currencies], "derive_measures")
    state.snapshot.evidence = Evidence(row_names=[RowNames(table_key="res_currency", key="id",
                                                           names={"name": {"1": "EUR", "2": "USD", "5": "JPY"}})])
    return {m.name for m in run(derive_measures, state, ctx).entity("sale_order").measures if m.agg == "sum"
            and m.column == "amount_untaxed"}


def test_a_rate_of_exchange_is_named_by_adjacent_words_not_a_type_or_a_change():
    """`tipo` alone is a type (tipo_moneda) and `change` a difference (price_change_rate): neither
    beside a currency key says the amounts are unconverted, so the one sum stays; tipo_cambio,
    taux_de_change and exchange_rate do split it per currency."""
    for sibling in ("price_change_rate", "tipo_moneda", "tipo_divisa"):
        assert derive_measures.names_exchange_rate(sibling) is False, sibling
    assert _odoo_order_beside("price_change_rate") == {"total_amount_untaxed"}
    for sibling in ("tipo_cambio", "taux_de_change", "exchange_rate", "fx_rate", "Wechselkurs"):
        assert _odoo_order_beside(sibling) == {"total_amount_untaxed_eur", "total_amount_untaxed_usd",
                                               "total_amount_untaxed_jpy"}, sibling
