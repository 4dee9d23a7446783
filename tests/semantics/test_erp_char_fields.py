"""An ERP's sales documents as they land in a warehouse (SAP's VBAK, VBAP and KNA1 shapes): every
field fixed-width CHAR, days kept as eight digits with '00000000' for no day, a creation time of
day kept as six digits, organisation codes kept as digits. The days are time axes that read the
zeros as no day, the header of the lines is a fact whose net value adds up, and the codes of
digits in CHAR(n) are not summed."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

import pytest

from compiler.api import compile as compile_snapshot
from compiler.api import snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("erp") / "erp.sqlite"
    rng = random.Random(3)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE KNA1 (KUNNR CHAR(10) PRIMARY KEY, NAME1 VARCHAR(35), LAND1 CHAR(3))")
    con.execute("CREATE TABLE TVAKT (AUART CHAR(4) PRIMARY KEY, BEZEI VARCHAR(20))")
    con.executemany("INSERT INTO TVAKT VALUES (?, ?)", [("TA", "Standard Order"), ("RE", "Returns")])
    con.execute("CREATE TABLE VBAK (MANDT CHAR(3), VBELN CHAR(10), ERDAT CHAR(8), ERZET CHAR(6), AUDAT CHAR(8), "
                "AUART CHAR(4) REFERENCES TVAKT (AUART), VKORG CHAR(4), NETWR DECIMAL(15,2), WAERK CHAR(5), "
                "KUNNR CHAR(10) REFERENCES KNA1 (KUNNR), PRIMARY KEY (MANDT, VBELN))")
    # Deliveries refer to the order they ship (VGBEL): the order is referred to by more than its lines.
    con.execute("CREATE TABLE LIPS (MANDT CHAR(3), VBELN CHAR(10), POSNR CHAR(6), VGBEL CHAR(10), "
                "LFIMG DECIMAL(13,3), PRIMARY KEY (MANDT, VBELN, POSNR))")
    con.execute("CREATE TABLE VBAP (MANDT CHAR(3), VBELN CHAR(10), POSNR CHAR(6), KWMENG DECIMAL(15,3), "
                "NETWR DECIMAL(15,2), PRIMARY KEY (MANDT, VBELN, POSNR), FOREIGN KEY (MANDT, VBELN) REFERENCES VBAK (MANDT, VBELN))")
    for i in range(60):
        con.execute("INSERT INTO KNA1 VALUES (?, ?, ?)", (f"{1000 + i:010d}", f"Customer {i}", rng.choice(["DE", "US", "JP"])))
    for i in range(1, 801):
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
        lines = [round(rng.uniform(10, 900), 2) for _ in range(rng.randrange(2, 7))]
        con.execute("INSERT INTO VBAK VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
            "800", f"{i:010d}", day.strftime("%Y%m%d"), f"{rng.randrange(7, 19):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}",
            "00000000" if i % 25 == 0 else day.strftime("%Y%m%d"), rng.choice(["TA", "RE"]), rng.choice(["1000", "2000", "3000"]),
            round(sum(lines), 2), rng.choice(["EUR", "USD", "JPY"]), f"{1000 + rng.randrange(60):010d}"))
        for n, amount in enumerate(lines, 1):
            con.execute("INSERT INTO VBAP VALUES (?, ?, ?, ?, ?)", ("800", f"{i:010d}", f"{n * 10:06d}", rng.randrange(1, 20), amount))
            con.execute("INSERT INTO LIPS VALUES (?, ?, ?, ?, ?)", ("800", f"{80000000 + i:010d}", f"{n * 10:06d}", f"{i:010d}", 1))
    con.commit()
    con.close()
    diags = Diagnostics()
    out = compile_snapshot(snapshot(str(path), diags=diags), ["lookml"], Config(name="erp"), diags)
    assert not diags.has_errors(), diags.render_text()
    return path, out


def test_days_of_eight_digits_named_by_an_abbreviated_datum_are_time_axes(result):
    _, out = result
    times = {t.column for t in out.model.entity("vbak").time_dimensions}
    assert {"ERDAT", "AUDAT"} <= times


def test_the_day_of_zeros_is_read_as_no_day(result):
    path, out = result
    audat = next(t for t in out.model.entity("vbak").time_dimensions if t.column == "AUDAT")
    con = sqlite3.connect(path)
    read, least = con.execute(f"SELECT COUNT({audat.expr}), MIN({audat.expr}) FROM VBAK").fetchone()
    assert (read, least[:4]) == (800 - 32, "2023")  # every 25th order has no day: NULL, not year 0000



def test_the_header_of_lines_is_a_fact_whose_net_value_adds_up(result):
    """Its creation time of day (ERZET, six digits nearly unique over the rows) is no name its
    rows carry: an order referred to by its lines and its deliveries is still an occurrence."""
    _, out = result
    header = out.model.entity("vbak")
    assert header.role == "fact"
    assert any(m.agg == "sum" and m.column == "NETWR" for m in header.measures)


def test_digits_in_a_fixed_width_char_stay_a_code(result):
    _, out = result
    header = out.model.entity("vbak")
    assert not any(m.column == "VKORG" for m in header.measures)
    assert next(d for d in header.dimensions if d.column == "VKORG").data_type == "string"


def test_a_number_of_a_pattern_the_key_never_has_joins_no_key_of_its_name(result):
    """Deliveries are keyed by the client, the delivery's own number and a position (MANDT, VBELN,
    POSNR): every part of the orders' key (MANDT, VBELN) has a namesake. But the delivery number
    '0080000001' reads as a phone number (redacted, so no range to compare) and the orders'
    '0000000001' never does: the profiler counts no containment for it, and the names must not
    join the deliveries to the orders by it."""
    _, out = result
    assert not [r for r in out.model.relationships if r.from_.table_key.endswith("LIPS") and "VBELN" in r.from_.columns]


def test_net_values_beside_iso_currency_codes_are_summed_per_currency(result):
    """WAERK names no currency in any word list, but holds only ISO 4217 codes: NETWR, two
    decimals, is money in each row's currency, summed per code and never across them."""
    _, out = result
    sums = {m.name: m for m in out.model.entity("vbak").measures if m.column == "NETWR" and m.agg == "sum"}
    assert sorted(sums) == ["total_netwr_eur", "total_netwr_jpy", "total_netwr_usd"]
    assert all("WAERK" in (m.filter or "") for m in sums.values())


def test_lines_keyed_like_several_headers_refer_to_the_header_of_their_stem(tmp_path):
    """A DDL dump with keys and no data: orders (VBAK), deliveries (LIKP) and invoices (VBRK) are
    all keyed by (MANDT, VBELN), and so are their items' first key columns. Names alone tie every
    items table to every header; each refers to the header its name starts like."""
    heads = {"VBAK": "VBAP", "LIKP": "LIPS", "VBRK": "VBRP"}
    ddl = "\n".join(
        f"CREATE TABLE {h} (MANDT CHAR(3) NOT NULL, VBELN CHAR(10) NOT NULL, ERDAT CHAR(8), NETWR DECIMAL(15,2), "
        f"PRIMARY KEY (MANDT, VBELN));\n"
        f"CREATE TABLE {i} (MANDT CHAR(3) NOT NULL, VBELN CHAR(10) NOT NULL, POSNR CHAR(6) NOT NULL, MENGE DECIMAL(13,3), "
        f"PRIMARY KEY (MANDT, VBELN, POSNR));" for h, i in heads.items())
    path = tmp_path / "sd.sql"
    path.write_text(ddl)
    diags = Diagnostics()
    snap = snapshot(str(path), SourceOptions(dialect="duckdb"), diags)
    out = compile_snapshot(snap, ["lookml"], Config(name="sd"), diags)
    got = sorted((r.from_.table_key.rsplit(".", 1)[-1], r.to.table_key.rsplit(".", 1)[-1]) for r in out.model.relationships)
    assert got == sorted((i, h) for h, i in heads.items())


def test_lines_with_worded_names_refer_to_the_header_their_words_name(tmp_path):
    """Invoices and their batches keyed alike (client, doc_no), and the lines of each: invoice_lines
    shares a longer run of letters with invoice_batches ("invoice_") than with invoices, but its
    words name the invoices entirely and leave the batches' second word over."""
    heads = {"invoices": "invoice_lines", "invoice_batches": "invoice_batch_lines"}
    ddl = "\n".join(
        f"CREATE TABLE {h} (client CHAR(3) NOT NULL, doc_no CHAR(10) NOT NULL, net_value DECIMAL(15,2), "
        f"PRIMARY KEY (client, doc_no));\n"
        f"CREATE TABLE {i} (client CHAR(3) NOT NULL, doc_no CHAR(10) NOT NULL, line_no CHAR(6) NOT NULL, quantity DECIMAL(13,3), "
        f"PRIMARY KEY (client, doc_no, line_no));" for h, i in heads.items())
    path = tmp_path / "billing.sql"
    path.write_text(ddl)
    diags = Diagnostics()
    snap = snapshot(str(path), SourceOptions(dialect="duckdb"), diags)
    out = compile_snapshot(snap, ["lookml"], Config(name="billing"), diags)
    got = sorted((r.from_.table_key.rsplit(".", 1)[-1], r.to.table_key.rsplit(".", 1)[-1]) for r in out.model.relationships)
    assert got == sorted((i, h) for h, i in heads.items())
