"""Power BI filters along its active relationships: a report slicing a fact's plain measure by a
table it also reaches through its parent row takes the active way. The same-number check asks
that way, the one a report shows, where a shortcut is inactive. Fast: DAX runs on the file itself."""

from __future__ import annotations

import duckdb

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.run import verify

LEDGER = """
create table customers (customer_id integer primary key, name varchar);
create table invoices (invoice_id integer primary key, customer_id integer references customers (customer_id), invoice_date date);
create table customer_transactions (transaction_id integer primary key, customer_id integer references customers (customer_id),
                                    invoice_id integer references invoices (invoice_id), transaction_date date,
                                    transaction_amount decimal(10, 2));
insert into customers select i, 'customer ' || i from range(1, 41) t(i);
insert into invoices select i, 1 + i % 40, date '2024-01-01' + (i % 300)::integer from range(1, 401) t(i);
insert into customer_transactions select i, 1 + i % 40, i, date '2024-01-01' + (i % 300)::integer, 10 + i % 7 from range(1, 401) t(i);
"""
# Payments with no invoice: only the transaction's own customer key says whose they are.
PAYMENTS = """
insert into customer_transactions
  select 400 + i, 1 + i % 40, null, date '2024-01-15' + (i % 300)::integer, -(5 + i % 3) from range(1, 301) t(i);
"""


def _run(tmp_path, sql: str, edit=None):
    path = tmp_path / "ledger.duckdb"
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()
    result = compile_snapshot(snapshot(str(path)), ["powerbi"], diags=Diagnostics())
    files = dict(result.files["powerbi"])
    if edit is not None:
        name = next(p for p in files if p.endswith("/relationships.tmdl"))
        files[name] = edit(files[name])
    diags = Diagnostics()
    report = verify(str(path), result.model, {"powerbi": files}, diags)
    return report, {q: status for _, status, q, _ in report.findings}


def test_transactions_without_an_invoice_count_for_their_own_customer(tmp_path):
    """The transaction's own customer key is active: every question by customer over it is
    answered as the reference answers it. The invoice's customer, past the inactive invoice
    key, is a coded loss (Power BI filters along one active way), not a wrong number."""
    report, status = _run(tmp_path, LEDGER + PAYMENTS)
    assert "different" not in status.values(), status
    own = [q for q in status if q.startswith("customer_transactions.") and q.count(" via ") == 1 and q.endswith(" via customer_id")]
    assert own == [], own
    assert {s for q, s in status.items() if " via invoice_id via customer_id" in q} <= {"loss"}
    assert report.tally["powerbi"].equal > 0


def _through_the_invoice(text: str) -> str:
    """The model a developer gets by making the invoice key the active one: the transaction's
    own customer key inactive."""
    own = "relationship 'customer_transactions.customer_id -> customers'\n"
    assert own in text and "\tisActive: false\n" in text
    text = text.replace("\tisActive: false\n", "")
    return text.replace(own, own + "\tisActive: false\n")


def test_a_report_through_another_way_than_the_rows_own_key_is_caught(tmp_path):
    """With the transaction's own customer key inactive, a report slicing its plain measures by
    customer filters through the invoice: the payments (no invoice) fall in the blank customer,
    and the check, asking the way the report goes, says the numbers differ."""
    report, status = _run(tmp_path, LEDGER + PAYMENTS, edit=_through_the_invoice)
    by_customer = {q: s for q, s in status.items()
                   if q.startswith("customer_transactions.") and q.count(" via ") == 1 and q.endswith(" via customer_id")}
    assert by_customer and "different" in by_customer.values(), by_customer


def test_a_time_kept_as_text_is_read_through_its_conversion_in_the_native_query(tmp_path):
    """Trips started at '8/29/2013 9:08', text a CSV left as such: the ODBC partition selects the
    time its conversion reads, bound as a date and time, so Power BI answers by year as every
    other target does (it had been left out, PB001, and every question by it unaskable)."""
    path = tmp_path / "trips.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table trip (trip_id integer primary key, duration integer, subscription_type varchar, start_date varchar)")
    con.execute("insert into trip select i, 60 + (i * 37) % 900, case when i % 5 = 0 then 'Customer' else 'Subscriber' end, "
                "strftime(timestamp '2013-08-29 09:08' + to_minutes((i % 40) * 3011), '%-m/%-d/%Y %-H:%M') from range(1, 3001) t(i)")
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path)), ["powerbi"], diags=diags)
    assert not any(d.code == "PB001" for d in diags.items), diags.render_text()
    table = next(t for p, t in result.files["powerbi"].items() if p.endswith("/Trip.tmdl"))
    start = table.split("column 'Start Date'")[1].split("column ")[0]
    assert "dataType: dateTime" in start
    assert "strptime" in table.lower()
    report = verify(str(path), result.model, {"powerbi": dict(result.files["powerbi"])}, Diagnostics())
    tally = report.tally["powerbi"]
    # Every question equal, those by the year the trips started among them (unaskable before).
    assert report.findings == [] and tally.equal == report.questions and tally.unaskable == 0, report.findings
