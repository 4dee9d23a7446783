"""The web explorer in a real headless Chromium (Debian's `chromium`, driven by playwright through
an existing executable; nothing is downloaded): it lists and searches the tables, draws the ER
diagram with confidences, shows a table without its sensitive values, and accepting a suggested
relationship in the review queue writes the override so the next compile has the join.

Screenshots of the main pages go to $MB_SCREENSHOTS when set (docs/img in this repository:
`MB_SCREENSHOTS=docs/img python -m pytest tests/serve/test_browser.py`), else to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import httpx
import pytest

from tests.serve.helpers import BROWSER_FLAGS, make_shop_db, open_workspace, serving
from tests.services import service_unavailable

TOKEN = "browser-t0ken"


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        service_unavailable("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        # playwright passes --headless itself; the other flags keep Chromium off the network.
        b = p.chromium.launch(executable_path=executable, headless=True, args=[f for f in BROWSER_FLAGS if f != "--headless"])
        yield b
        b.close()


def _ready(page, name: str) -> None:
    page.wait_for_function(f"document.body.dataset.ready === {name!r}", timeout=20000)


def _compile_lookml(base: str) -> str:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    job = httpx.post(base + "/api/v1/compile", json={"targets": ["lookml"]}, headers=headers).json()
    for _ in range(600):
        job = httpx.get(f"{base}/api/v1/jobs/{job['id']}", params={"contents": "true"}, headers=headers).json()
        if job["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.1)
    assert job["status"] == "succeeded", job
    return next(f["content"] for f in job["result"]["files"] if f["path"].endswith(".model.lkml"))


def test_explorer_lists_draws_and_reviews(browser, tmp_path):
    shots = Path(os.environ.get("MB_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    db = make_shop_db(tmp_path / "shop.sqlite")
    config = tmp_path / "mb.yaml"
    config.write_text("# the shop's settings\nname: shop\n")
    ws = open_workspace(db, config)
    with serving(ws, token=TOKEN) as base:
        before = _compile_lookml(base)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        # Without the token: the login form; with it, the table list.
        page.goto(base + "/#/tables")
        page.wait_for_selector("#login:not([hidden])")
        page.fill("#token", TOKEN)
        page.click("#login button")
        _ready(page, "tables")
        rows = page.locator("#table-list tbody tr[data-table]")
        assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.table)")) == [
            "category", "client", "order_item", "product", "sales_order", "shipper", "stock_move"]
        page.screenshot(path=str(shots / "explorer-tables.png"))
        page.fill("#table-search", "shipping company")
        page.wait_for_function("document.querySelector('#table-list tbody tr')?.dataset.table === 'shipper'")

        # A table page: columns, and counts only for the sensitive email column.
        page.goto(base + "/#/table/client")
        _ready(page, "table")
        assert page.locator("#columns tbody tr").count() == 5
        email = page.locator('#columns tr[data-column="email"]')
        assert "values withheld" in email.inner_text()
        assert "example.com" not in page.content()
        page.goto(base + "/#/table/sales_order")
        _ready(page, "table")
        page.screenshot(path=str(shots / "explorer-table.png"), full_page=True)

        # The ER diagram: every table a node, every relationship an edge, the suggestion dotted.
        page.goto(base + "/#/diagram")
        _ready(page, "diagram")
        assert page.locator("#diagram g.node").count() == 7
        edges = page.locator("#diagram path.edge")
        assert edges.count() == len(ws.view.relationships())
        suggested = page.locator('#diagram path.edge.suggested[data-from="sales_order"][data-to="shipper"]')
        assert suggested.count() == 1 and "confidence 0.7" in suggested.locator("title").text_content()
        box = page.locator("#diagram svg").bounding_box()
        assert box and box["width"] > 400 and box["height"] > 100
        page.screenshot(path=str(shots / "explorer-diagram.png"))
        page.goto(base + "/#/diagram/category")  # one table's neighbourhood: two relationships out
        page.wait_for_function("document.querySelector('#diagram g.node.focus') !== null")
        near = page.locator("#diagram g.node").evaluate_all("ns => ns.map(n => n.dataset.table).sort()")
        assert near == ["category", "order_item", "product", "stock_move"]

        # The review queue: accept the suggestion.
        page.goto(base + "/#/review")
        _ready(page, "review")
        page.screenshot(path=str(shots / "explorer-review.png"), full_page=True)
        card = page.locator('.card[data-status="suggested"]', has_text="sales_order(ship_via) -> shipper(shipper_id)")
        card.locator("button.accept").click()
        page.wait_for_function("document.querySelector('.card.decided') !== null")
        assert "written to mb.yaml" in card.inner_text()

        text = config.read_text()
        assert text.startswith("# the shop's settings\nname: shop\n")
        assert "from: {table: sales_order, columns: [ship_via]}" in text and "to: {table: shipper, columns: [shipper_id]}" in text

        # The next compile has the join; the diagram now draws it as a person's.
        after = _compile_lookml(base)
        assert "from: shipper" in after and "from: shipper" not in before
        page.goto(base + "/#/diagram")
        _ready(page, "diagram")
        assert page.locator('#diagram path.edge.human[data-from="sales_order"][data-to="shipper"]').count() == 1

        # ?token= works too, and leaves the address bar.
        fresh = browser.new_page()
        fresh.goto(f"{base}/?token={TOKEN}#/diagram")
        _ready(fresh, "diagram")
        assert "token" not in fresh.url
        assert not errors, errors
