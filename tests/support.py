"""Builders for small snapshots used across tests (named in several styles on purpose)."""

from __future__ import annotations

from pathlib import Path

from compiler.diagnostics import Diagnostics
from compiler.frontends.common import finalize
from compiler.options import SourceOptions
from ir.catalog import Column, ForeignKey, Table, TableRef, UniqueKey
from ir.snapshot import Snapshot, Source

REPO = Path(__file__).resolve().parents[1]


def duckdb_file(path: Path, *statements: str) -> str:
    """A DuckDB database file made by running `statements`; its path, as a SOURCE."""
    import duckdb

    con = duckdb.connect(str(path))
    for sql in statements:
        con.execute(sql)
    con.close()
    return str(path)
SHARED = REPO.parent / "shared"
DATASETS = SHARED / "datasets"


def col(name: str, type_: str = "INTEGER", nullable: bool = True, comment: str | None = None) -> Column:
    return Column(name=name, type=type_, nullable=nullable, comment=comment)


def fk(columns: list[str], table: str, ref: list[str], schema: str | None = None) -> ForeignKey:
    return ForeignKey(columns=columns, ref_table=TableRef(name=table, schema=schema), ref_columns=ref)


def shop_snapshot(dialect: str = "postgres") -> Snapshot:
    """A web shop in mixed naming styles: snake_case, CamelCase, UPPER, a self reference,
    role-playing keys (two addresses), a bridge table and a composite key."""
    tables = [
        Table(name="CUSTOMERS", schema="shop", columns=[col("CUST_ID", nullable=False), col("FULL_NAME", "VARCHAR(80)"),
              col("EMAIL_ADDR", "VARCHAR(120)"), col("CREATED_AT", "TIMESTAMP")], primary_key=["CUST_ID"], row_count=10),
        Table(name="Address", schema="shop", columns=[col("AddressId", nullable=False), col("City", "TEXT"), col("ZipCode", "INTEGER")],
              primary_key=["AddressId"]),
        Table(name="order_header", schema="shop", comment="One row per order.",
              columns=[col("order_id", "BIGINT", False), col("cust_id", "INTEGER", False), col("ship_address_id"),
                       col("bill_address_id"), col("order_date", "DATE"), col("total_amount", "NUMERIC(12,2)"),
                       col("status", "VARCHAR(20)", comment="Lifecycle state.")],
              primary_key=["order_id"],
              foreign_keys=[fk(["cust_id"], "CUSTOMERS", ["CUST_ID"], "shop"), fk(["ship_address_id"], "Address", ["AddressId"], "shop"),
                            fk(["bill_address_id"], "Address", ["AddressId"], "shop")]),
        Table(name="order_line", schema="shop",
              columns=[col("order_id", "BIGINT", False), col("line_no", "INTEGER", False), col("product_code", "VARCHAR(12)"),
                       col("quantity"), col("unit_price", "NUMERIC(10,2)"), col("discount_pct", "REAL")],
              primary_key=["order_id", "line_no"],
              foreign_keys=[fk(["order_id"], "order_header", ["order_id"], "shop"), fk(["product_code"], "Product", ["Code"], "shop")]),
        Table(name="Product", schema="shop", columns=[col("Code", "VARCHAR(12)", False), col("Title", "TEXT"), col("ListPrice", "DECIMAL(9,2)")],
              primary_key=["Code"]),
        Table(name="staff", schema="shop", columns=[col("id", nullable=False), col("name", "TEXT"), col("manager_id")],
              primary_key=["id"], foreign_keys=[fk(["manager_id"], "staff", ["id"], "shop")]),
        Table(name="product_tag", schema="shop", columns=[col("product_code", "VARCHAR(12)", False), col("tag_id", "INTEGER", False)],
              primary_key=["product_code", "tag_id"],
              foreign_keys=[fk(["product_code"], "Product", ["Code"], "shop"), fk(["tag_id"], "tag", ["tag_id"], "shop")]),
        Table(name="tag", schema="shop", columns=[col("tag_id", nullable=False), col("label", "TEXT")], primary_key=["tag_id"],
              unique_keys=[UniqueKey(columns=["label"])]),
    ]
    snap = Snapshot(source=Source(dialect=dialect, description="shop.sql", database="shop"), tables=tables)
    return finalize(snap, SourceOptions(), Diagnostics())
