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


def _run(tmp_path, sql: str):
    path = tmp_path / "ledger.duckdb"
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()
    result = compile_snapshot(snapshot(str(path)), ["powerbi"], diags=Diagnostics())
    diags = Diagnostics()
    report = verify(str(path), result.model, {"powerbi": result.files["powerbi"]}, diags)
    return report, {q: status for _, status, q, _ in report.findings}


def test_transactions_without_an_invoice_count_for_their_own_customer(tmp_path):
    """The transaction's own customer key is active: every question by customer over it is
    answered as the reference answers it. The invoice's customer, past the now inactive invoice
    key, is a coded loss (Power BI filters along one active way), not a wrong number."""
    report, status = _run(tmp_path, LEDGER + PAYMENTS)
    assert "different" not in status.values(), status
    own = [q for q in status if q.startswith("customer_transactions.") and q.count(" via ") == 1 and q.endswith(" via customer_id")]
    assert own == [], own
    assert {s for q, s in status.items() if " via invoice_id via customer_id" in q} <= {"loss"}
    assert report.tally["powerbi"].equal > 0


def test_a_shortcut_whose_rows_name_another_customer_than_their_parent_is_caught(tmp_path):
    """Every transaction has its invoice, so its own customer key is a shortcut, inactive; where
    the invoice's customer is not the transaction's, the report by customer (through the invoice)
    gives another number than the transaction's own customer, and the check says so."""
    report, status = _run(tmp_path, LEDGER + "update customer_transactions set customer_id = 1 where transaction_id <= 100;")
    by_customer = {q: s for q, s in status.items()
                   if q.startswith("customer_transactions.") and q.count(" via ") == 1 and q.endswith(" via customer_id")}
    assert by_customer and "different" in by_customer.values(), by_customer
