"""The review queue: decisions land in mb.yaml `overrides:` (a person's comments kept), the
model re-analysed at once shows them with human provenance, and the next `mb compile` keeps
them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from compiler.api import analyze
from compiler.config import Config, LLMSettings, load_config
from compiler.diagnostics import Diagnostics
from compiler.explain import NotFound
from compiler.llm.cache import AnswerCache
from compiler.llm.prompts import requests_for
from compiler.api import snapshot as read_source
from tests.llm.fake_openai import good_answer, pass_before_llm
from tests.serve.helpers import make_shop_db, open_workspace
from tests.support import REPO

HEADER = "# shop settings (a person's comment)\nname: shop   # the model name\n"


@pytest.fixture
def project(tmp_path):
    db = make_shop_db(tmp_path / "shop.sqlite")
    config = tmp_path / "mb.yaml"
    config.write_text(HEADER)
    return db, config


def _item(ws, **match):
    return next(i for i in ws.view.review() if all(i.get(k) == v for k, v in match.items()))


def _rel(ws, table, column):
    return [r for r in ws.view.model.relationships if r.from_.table == table and r.from_.columns == [column]]


def test_accepting_a_suggestion_joins_it_now_and_in_the_next_compile(project, tmp_path):
    db, config = project
    ws = open_workspace(db, config)
    item = _item(ws, kind="relationship", status="suggested", summary="sales_order(ship_via) -> shipper(shipper_id)")
    assert not _rel(ws, "sales_order", "ship_via")
    before = ws.compile(["lookml"]).files["lookml"]["shop.model.lkml"]
    result = ws.decide(item["id"], "accept")
    assert result["overrides"]["relationships"]["add"][0]["to"] == {"table": "shipper", "columns": ["shipper_id"]}
    text = config.read_text()
    assert text.startswith(HEADER)
    assert "relationships:\n    add:\n      - from: {table: sales_order, columns: [ship_via]}\n        to: {table: shipper, columns: [shipper_id]}\n" in text
    [rel] = _rel(ws, "sales_order", "ship_via")
    assert rel.origin == "human" and rel.confidence == 1.0
    assert item["id"] not in {i["id"] for i in ws.view.review()}
    assert any("shipper" in {j.entity for j in x.joins} for x in ws.view.model.explores)

    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "compiler.cli", "compile", str(db), "--config", str(config), "-t", "lookml", "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    model_file = next((out / "lookml").glob("*.model.lkml")).read_text()
    # The join is named after its role (ship_via) and reads the shipper view.
    assert "from: shipper" in model_file and "from: shipper" not in before
    assert "${sales_order.ship_via} = ${ship_via.shipper_id}" in model_file


def test_rejecting_removes_a_join_or_a_suggestion_without_a_warning(project):
    db, config = project
    ws = open_workspace(db, config)
    joined = _item(ws, kind="relationship", status="joined", summary="sales_order(client_id) -> client(client_id)")
    suggested = _item(ws, kind="relationship", status="suggested")
    ws.decide(joined["id"], "reject")
    result = ws.decide(suggested["id"], "reject")
    assert not [d for d in result["diagnostics"] if d["code"] == "OV001"]
    assert not _rel(ws, "sales_order", "client_id")
    assert not ws.view.model.suggested_relationships
    assert {i["id"] for i in ws.view.review()}.isdisjoint({joined["id"], suggested["id"]})
    removed = load_config(config, Diagnostics()).overrides.relationships.remove
    assert [(r.from_.table, r.from_.columns) for r in removed] == [("sales_order", ["client_id"]), ("sales_order", ["ship_via"])]
    with pytest.raises(NotFound, match="no review item"):
        ws.decide(joined["id"], "accept")


def _llm_cache(db, path):
    """Answers for every table, keyed as the annotate_with_llm pass will look them up."""
    config = Config(llm=LLMSettings(model="m-1", cache=str(path)))
    captured = {}
    analyze(read_source(str(db)), config, Diagnostics(), dump_after=pass_before_llm(),
            dump=lambda _n, state: captured.setdefault("r", requests_for(state.snapshot.tables, state.model, "m-1")))
    cache = AnswerCache(path)
    for r in captured["r"]:
        cache.put(r.key, r.table, "m-1", good_answer(r.data))
    path.write_text(cache.render())


def test_llm_texts_accepted_become_human_and_rejected_ones_go_away(project, tmp_path):
    db, config = project
    _llm_cache(db, tmp_path / "llm-cache.json")
    config.write_text(HEADER + "llm: {model: m-1, cache: llm-cache.json}\n")
    ws = open_workspace(db, config)
    table_desc = _item(ws, kind="text", table="sales_order", column=None, what="description")
    assert table_desc["value"].startswith("One row per sales_order record. LLMDESC-sales_order")
    email_desc = _item(ws, kind="text", table="client", column="email", what="description")

    ws.decide(table_desc["id"], "accept")
    ws.decide(email_desc["id"], "reject")

    ov = load_config(config, Diagnostics()).overrides
    assert ov.tables["sales_order"].description == table_desc["value"]
    assert ov.tables["client"].columns["email"].llm is False
    entity = ws.view.model.entity("sales_order")
    assert entity.description.value == table_desc["value"] and entity.description.provenance.origin == "human"
    email = ws.view.model.entity("client").field_for_column("email")
    for text in (email.description, email.label):
        assert text is None or text.provenance.origin != "llm"
    left = {(i["table"], i["column"]) for i in ws.view.review() if i["kind"] == "text"}
    assert ("client", "email") not in left and ("sales_order", None) in left  # the table's label still waits
    assert ("client", "country") in left
