"""bench/bench_outside.py builds a database from a DDL file whose authors declared their keys,
strips the foreign keys, and scores what mb infers against them. The generator must respect every
declared key (or the score measures the generator), and the score must see the declared keys."""

from __future__ import annotations

import duckdb

from bench.bench_outside import run_file

DDL = """-- dialect: oracle
CREATE TABLE Orte (OrtsID NUMBER(6) PRIMARY KEY, Name VARCHAR2(40));
CREATE TABLE Kunden (KundenNr VARCHAR2(8) PRIMARY KEY, Email VARCHAR2(60) UNIQUE, OrtsID REFERENCES Orte);
CREATE TABLE Konten (IBAN CHAR(22) PRIMARY KEY, KundenNr REFERENCES Kunden UNIQUE);
CREATE TABLE Mitarbeiter (MID NUMBER(6) PRIMARY KEY, Vorgesetzter NUMBER(6) REFERENCES Mitarbeiter);
CREATE TABLE Buchungen (BNr NUMBER(9) PRIMARY KEY, KundenNr REFERENCES Kunden, Tag DATE, Betrag NUMBER(8,2));
CREATE TABLE Posten (BNr NUMBER(9) REFERENCES Buchungen, Pos NUMBER(3), Menge NUMBER(4), PRIMARY KEY (BNr, Pos));
"""


def test_generated_rows_keep_every_declared_key_and_the_score_sees_them(tmp_path):
    ddl = tmp_path / "de_bank.sql"
    ddl.write_text(DDL, encoding="utf-8")
    name, tally, tables = run_file(ddl, None, tmp_path, verbose=False)
    assert (name, tables) == ("de_bank.sql", 6)
    assert tally.tp + tally.fn == 5  # the five declared references are the truth
    con = duckdb.connect(str(tmp_path / "de_bank.duckdb"), read_only=True)
    try:
        orphans = con.execute("""
            SELECT (SELECT count(*) FROM Kunden WHERE OrtsID IS NOT NULL AND OrtsID NOT IN (SELECT OrtsID FROM Orte))
                 + (SELECT count(*) FROM Konten WHERE KundenNr NOT IN (SELECT KundenNr FROM Kunden))
                 + (SELECT count(*) FROM Buchungen WHERE KundenNr NOT IN (SELECT KundenNr FROM Kunden))
                 + (SELECT count(*) FROM Posten WHERE BNr NOT IN (SELECT BNr FROM Buchungen))""").fetchone()[0]
        repeated = con.execute("SELECT count(*) - count(DISTINCT KundenNr) FROM Konten WHERE KundenNr IS NOT NULL").fetchone()[0]
        types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'Kunden'").fetchall())
    finally:
        con.close()
    assert orphans == 0 and repeated == 0  # references all land; a one-to-one stays one-to-one
    assert types["OrtsID"] == "BIGINT"  # a typeless Oracle reference takes its key's type
    assert tally.precision == 1.0 and tally.recall >= 4 / 5
