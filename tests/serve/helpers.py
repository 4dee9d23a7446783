"""A generated database for the serve and MCP tests, and a real server on a free loopback port.

The database is a small order system named unlike Chinook: declared keys, one relationship left
for inference (sales_order.client_id), one only strong enough to be a suggestion
(sales_order.ship_via -> shipper), two facts that meet only at product (a fan-out if joined
across), and personal data (client.email).
"""

from __future__ import annotations

import contextlib
import random
import socket
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import uvicorn

from compiler.serve.app import create_app
from compiler.workspace import Workspace

BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def make_shop_db(path: Path, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE category (code TEXT PRIMARY KEY, label TEXT NOT NULL);
        CREATE TABLE product (sku TEXT PRIMARY KEY, title TEXT, category_code TEXT REFERENCES category(code),
                              list_price NUMERIC(10,2));
        CREATE TABLE client (client_id INTEGER PRIMARY KEY, full_name TEXT, email TEXT, country TEXT, signup_date DATE);
        CREATE TABLE shipper (shipper_id INTEGER PRIMARY KEY, company TEXT);
        CREATE TABLE sales_order (order_no INTEGER PRIMARY KEY, client_id INTEGER, ordered_at TIMESTAMP,
                                  ship_via INTEGER, status TEXT);
        CREATE TABLE order_item (order_no INTEGER NOT NULL REFERENCES sales_order(order_no), line INTEGER NOT NULL,
                                 sku TEXT REFERENCES product(sku), quantity INTEGER, unit_price NUMERIC(10,2),
                                 PRIMARY KEY (order_no, line));
        CREATE TABLE stock_move (move_id INTEGER PRIMARY KEY, sku TEXT NOT NULL REFERENCES product(sku),
                                 moved_on DATE, delta INTEGER);
    """)
    cats = [("BK", "Books"), ("TY", "Toys"), ("GD", "Garden")]
    con.executemany("INSERT INTO category VALUES (?,?)", cats)
    prods = [(f"SKU{i:03d}", f"Product {i}", rnd.choice(cats)[0], round(rnd.uniform(2, 90), 2)) for i in range(40)]
    con.executemany("INSERT INTO product VALUES (?,?,?,?)", prods)
    con.executemany("INSERT INTO client VALUES (?,?,?,?,?)",
                    [(i, f"Client {i}", f"client{i}@example.com", rnd.choice(["DE", "FR", "JP", "BR"]), f"2023-0{1 + i % 9}-1{i % 10}")
                     for i in range(1, 61)])
    con.executemany("INSERT INTO shipper VALUES (?,?)", [(1, "Speedy"), (2, "United"), (3, "Federal")])
    con.executemany("INSERT INTO sales_order VALUES (?,?,?,?,?)",
                    [(1000 + i, rnd.randint(1, 60), f"2024-0{1 + i % 9}-0{1 + i % 9} 10:00:00", rnd.randint(1, 3),
                      rnd.choice(["open", "shipped", "paid"])) for i in range(300)])
    items = []
    for i in range(300):
        for line in range(1, rnd.randint(2, 5)):
            p = rnd.choice(prods)
            items.append((1000 + i, line, p[0], rnd.randint(1, 6), p[3]))
    con.executemany("INSERT INTO order_item VALUES (?,?,?,?,?)", items)
    con.executemany("INSERT INTO stock_move VALUES (?,?,?,?)",
                    [(i, rnd.choice(prods)[0], f"2024-0{1 + i % 9}-1{i % 10}", rnd.randint(-5, 20)) for i in range(1, 201)])
    con.commit()
    con.close()
    return path


def free_port() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def serving(ws: Workspace, token: str | None = None, **kw: Any) -> Iterator[str]:
    """The real `mb serve` application under uvicorn in a thread; yields its base URL."""
    sock = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(ws, token, **kw), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


def open_workspace(source: Path, config: Path | None = None) -> Workspace:
    ws = Workspace(source=str(source), config_path=config)
    diags = ws.open()
    assert not diags.has_errors(), diags.render_text()
    return ws
