"""`mb relationships --json` with inferred relationships, and `mb explain`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from compiler.cli import main
from tests.inference.build import sqlite_db


def _db(tmp_path):
    return sqlite_db(tmp_path / "shop.sqlite", {
        "customer": ("CustomerId INTEGER PRIMARY KEY, Email TEXT, FirstName TEXT",
                     [(i, f"p{i}@example.com", f"n{i}") for i in range(1, 31)]),
        "invoice": ("InvoiceId INTEGER PRIMARY KEY, CustomerId INTEGER, Total NUMERIC(10,2), Quantity INTEGER",
                    [(i, 1 + i % 30, 2.5 * i, 1 + i % 4) for i in range(1, 90)]),
    })


def test_relationships_json_includes_inferred_ones(tmp_path):
    result = CliRunner().invoke(main, ["relationships", str(_db(tmp_path)), "--json", "-q"])
    assert result.exit_code == 0, result.output
    rels = json.loads(result.stdout)
    assert len(rels) == 1
    r = rels[0]
    assert r["from"] == {"table": "invoice", "columns": ["CustomerId"]} and r["to"] == {"table": "customer", "columns": ["CustomerId"]}
    assert r["origin"] == "inferred" and 0.8 <= r["confidence"] <= 1.0 and r["cardinality"] == "many_to_one"
    assert any(e.startswith("containment:") for e in r["evidence"])


def test_explain_text_shows_profile_and_reasons(tmp_path):
    result = CliRunner().invoke(main, ["explain", str(_db(tmp_path)), "invoice.CustomerId", "-q"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "distinct_count: 30" in out
    assert "relationship: invoice(CustomerId) -> customer(CustomerId)  many_to_one  inferred" in out
    assert "same_name_as_key" in out and "semantic type: identifier" in out


def test_explain_json_sensitivity_and_key(tmp_path):
    db = _db(tmp_path)
    email = json.loads(CliRunner().invoke(main, ["explain", str(db), "customer.Email", "--json", "-q"]).stdout)
    assert email["semantic_type"]["value"] == "email" and email["sensitivity"]["value"] == "pii.email"
    assert email["sensitivity"]["why"]["rule"] == "pii_email"
    assert email["profile"]["redacted"] is True
    key = json.loads(CliRunner().invoke(main, ["explain", str(db), "customer.customerid", "--json", "-q"]).stdout)
    assert key["key"]["primary_key"] == ["CustomerId"] and key["key"]["kind"] == "surrogate"
    assert key["relationships"][0]["side"] == "to"


def test_explain_unknown_column_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["explain", str(_db(tmp_path)), "invoice.Nope"])
    assert result.exit_code == 2
    assert "US001" in result.output
