"""`mb serve`'s REST API over real HTTP (uvicorn on a loopback port, httpx as the client): OpenAPI,
the token, jobs that outlive their client, coded 4xx for bad input and never a 500 with a
traceback (schemathesis fuzzes every operation from /openapi.json)."""

from __future__ import annotations

import sqlite3
import time

import httpx
import pytest
import schemathesis
from openapi_spec_validator import validate
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error

from compiler.api import snapshot as read_source
from compiler.snapshot_io import dump_snapshot
from tests.serve.helpers import make_shop_db, open_workspace, serving

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    return make_shop_db(tmp_path_factory.mktemp("api") / "shop.sqlite")


@pytest.fixture(scope="module")
def base(shop, tmp_path_factory):
    config = tmp_path_factory.mktemp("cfg") / "mb.yaml"
    config.write_text("name: shop\n")
    ws = open_workspace(shop, config)
    with serving(ws, token=TOKEN, max_body=64 * 1024, queue_size=2) as url:
        yield url


@pytest.fixture
def client(base):
    with httpx.Client(base_url=base, headers=AUTH, timeout=60) as c:
        yield c


def _wait(client: httpx.Client, job_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job['status']}")


def _coded(resp: httpx.Response, status: int, code: str) -> dict:
    assert resp.status_code == status, (resp.status_code, resp.text)
    body = resp.json()
    assert body["error"]["code"] == code, body
    assert "Traceback" not in resp.text
    return body["error"]


def test_openapi_is_valid_and_lists_the_api(base):
    spec = httpx.get(base + "/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    validate(spec)  # openapi-spec-validator: raises on an invalid document
    paths = set(spec["paths"])
    for p in ("/api/v1/tables", "/api/v1/tables/{name}", "/api/v1/relationships", "/api/v1/measures", "/api/v1/compile",
              "/api/v1/jobs/{job_id}", "/api/v1/refresh", "/api/v1/diff", "/api/v1/diagnostics", "/api/v1/review"):
        assert p in paths, p
    assert spec["paths"]["/api/v1/compile"]["post"]["requestBody"]["content"]["application/json"]["schema"]


def test_without_the_token_every_api_call_is_401(base):
    for path in ("/api/v1/tables", "/api/v1/jobs", "/api/v1/review"):
        _coded(httpx.get(base + path), 401, "SV001")
    wrong = httpx.get(base + "/api/v1/tables", headers={"Authorization": "Bearer s3cret-tokeN"})
    assert _coded(wrong, 401, "SV001") and wrong.headers["www-authenticate"].startswith("Bearer")
    _coded(httpx.post(base + "/api/v1/compile", json={"targets": ["lookml"]}), 401, "SV001")
    assert httpx.get(base + "/").status_code == 200  # the page itself holds no data and asks for the token


def test_reads(client):
    tables = {t["table"]: t for t in client.get("/api/v1/tables").json()["tables"]}
    assert set(tables) == {"category", "product", "client", "shipper", "sales_order", "order_item", "stock_move"}
    assert tables["order_item"]["row_count"] > 300
    assert [t["table"] for t in client.get("/api/v1/tables", params={"q": "shipper"}).json()["tables"]][0] == "shipper"
    one = client.get("/api/v1/tables/order_item").json()
    assert [c["name"] for c in one["columns"]] == ["order_no", "line", "sku", "quantity", "unit_price"]
    path = client.get("/api/v1/join-path", params={"from": "order_item", "to": "client"}).json()
    assert path["hops"] == 2
    assert client.get("/api/v1/measures", params={"table": "sales_order"}).json()["measures"]
    assert any(d["code"] == "AN007" for d in client.get("/api/v1/diagnostics").json()["diagnostics"])
    explain = client.get("/api/v1/tables/client/columns/email").json()
    assert explain["sensitivity"]["value"] and "top_values" not in explain["profile"]


def test_compile_job_runs_to_completion_and_lists_its_files(base, client):
    with httpx.Client(base_url=base, headers=AUTH) as starter:
        started = starter.post("/api/v1/compile", json={"targets": ["lookml", "superset"]})
    # The client that started the job is gone; another one follows it to the end.
    assert started.status_code == 202 and started.json()["status"] in ("queued", "running")
    job = _wait(client, started.json()["id"])
    assert job["status"] == "succeeded" and job["progress"] == 1.0, job
    files = {(f["target"], f["path"]): f for f in job["result"]["files"]}
    assert ("lookml", "shop.model.lkml") in files and any(t == "superset" and p.endswith(".zip") for t, p in files)
    assert "content" not in files[("lookml", "shop.model.lkml")]
    text = client.get(f"/api/v1/jobs/{job['id']}/files/lookml/shop.model.lkml")
    assert text.status_code == 200 and "explore: order_item" in text.text
    assert len(text.content) == files[("lookml", "shop.model.lkml")]["bytes"]
    full = client.get(f"/api/v1/jobs/{job['id']}", params={"contents": "true"}).json()
    assert any(f.get("content", "").startswith("# Generated by mb") for f in full["result"]["files"])
    _coded(client.get(f"/api/v1/jobs/{job['id']}/files/lookml/nope.lkml"), 404, "SV002")


def test_bad_input_gets_a_coded_4xx(client):
    _coded(client.post("/api/v1/compile", json={"targets": ["excel"]}), 400, "US003")
    assert _coded(client.post("/api/v1/compile", json={"targets": []}), 422, "SV003")["location"] == "body.targets"
    _coded(client.post("/api/v1/compile", json={"targets": ["lookml"], "extra": 1}), 422, "SV003")
    _coded(client.post("/api/v1/compile", content=b"{not json", headers={"content-type": "application/json"}), 422, "SV003")
    _coded(client.get("/api/v1/tables/no_such_table"), 404, "SV002")
    _coded(client.get("/api/v1/tables/client/columns/nope"), 404, "SV002")
    _coded(client.get("/api/v1/jobs/0000"), 404, "SV002")
    _coded(client.get("/api/v1/join-path", params={"from": "order_item", "to": "stock_move"}), 404, "SV002")
    _coded(client.get("/api/v1/search"), 422, "SV003")
    _coded(client.get("/api/v1/nothing-here"), 404, "SV002")
    _coded(client.delete("/api/v1/tables"), 405, "SV003")
    _coded(client.post("/api/v1/review/rel-000", json={"decision": "maybe"}), 422, "SV003")
    _coded(client.post("/api/v1/review/rel-000", json={"decision": "accept"}), 404, "SV002")
    _coded(client.post("/api/v1/diff", json={"old": "version: 1\ntables: [\n"}), 400, "FE007")
    _coded(client.post("/api/v1/diff", json={"old": "{\"version\": 1}"}), 400, "FE006")
    _coded(client.post("/api/v1/compile", content=b"x" * (70 * 1024), headers={"content-type": "application/json"}), 413, "SV004")

    def chunks():
        for _ in range(80):
            yield b"x" * 1024

    _coded(client.post("/api/v1/diff", content=chunks(), headers={"content-type": "application/json"}), 413, "SV004")
    _coded(client.get("/api/v1/tables", headers={"Host": "evil.example"}), 400, "SV003")


def test_a_full_queue_refuses_new_jobs(client, monkeypatch):
    # The worker is held inside its first compile (the server runs in this process), so the queue
    # (size 2) fills however fast compiles have become: one running, two waiting, the fourth refused.
    import threading

    import compiler.workspace as workspace

    release = threading.Event()
    real = workspace.api.compile

    def held(*args, **kwargs):
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(workspace.api, "compile", held)
    body = {"targets": ["lookml", "dbt"]}
    try:
        first = client.post("/api/v1/compile", json=body)
        assert first.status_code == 202, first.text
        deadline = time.monotonic() + 30
        while client.get(f"/api/v1/jobs/{first.json()['id']}").json()["status"] != "running":
            assert time.monotonic() < deadline, "the first job never started"
            time.sleep(0.02)
        waiting = [client.post("/api/v1/compile", json=body) for _ in range(2)]
        assert [r.status_code for r in waiting] == [202, 202]
        _coded(client.post("/api/v1/compile", json=body), 429, "SV005")
    finally:
        release.set()
    for r in [first, *waiting]:
        assert _wait(client, r.json()["id"])["status"] == "succeeded"


def test_diff_of_an_older_snapshot_against_the_served_one(client, shop, tmp_path):
    old_db = tmp_path / "old.sqlite"
    con, old = sqlite3.connect(shop), sqlite3.connect(old_db)
    con.backup(old)
    old.executescript("ALTER TABLE client DROP COLUMN country; DROP TABLE stock_move;")
    old.commit()
    old.close()
    text = dump_snapshot(read_source(str(old_db)))
    changes = client.post("/api/v1/diff", json={"old": text}).json()["changes"]
    found = {(c["kind"], c["change"], c["object"], c["grade"]) for c in changes}
    assert ("table", "added", "stock_move", "additive") in found
    assert ("column", "added", "client.country", "additive") in found


def test_refresh_job_reads_the_source_again(client, shop):
    con = sqlite3.connect(shop)
    con.execute("CREATE TABLE warehouse (warehouse_id INTEGER PRIMARY KEY, city TEXT)")
    con.commit()
    try:
        job = _wait(client, client.post("/api/v1/refresh", json={}).json()["id"])
        assert job["status"] == "succeeded", job
        assert {"kind": "table", "change": "added", "object": "warehouse"}.items() <= next(
            c for c in job["result"]["changes"] if c["object"] == "warehouse").items()
        assert "warehouse" in {t["table"] for t in client.get("/api/v1/tables").json()["tables"]}
    finally:
        con.execute("DROP TABLE warehouse")
        con.commit()
        _wait(client, client.post("/api/v1/refresh").json()["id"])


def test_no_request_gets_a_500_or_a_traceback(base):
    """schemathesis generates requests for every operation from /openapi.json, valid and not."""
    schema = schemathesis.openapi.from_url(base + "/openapi.json")
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 15
    for op, mode in ((op, mode) for op in operations for mode in schemathesis.GenerationMode):

        @given(op.as_strategy(mode))
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            resp = case.call(headers=AUTH, timeout=60)
            case.validate_response(resp, checks=[not_a_server_error])
            assert "Traceback" not in resp.text
            if resp.status_code >= 400:
                assert resp.json()["error"]["code"], resp.text

        try:
            check()
        except Unsatisfiable:  # an operation without parameters has no invalid form to send
            assert mode == schemathesis.GenerationMode.NEGATIVE


def test_the_job_queue_refuses_past_its_size_while_the_worker_is_busy():
    import threading

    from compiler.diagnostics import SV005
    from compiler.errors import CodedError
    from compiler.serve.jobs import JobQueue

    release = threading.Event()
    jobs = JobQueue(size=2)
    jobs.start()
    try:
        first = jobs.submit("compile", {}, lambda job: (release.wait(10), {})[1])
        deadline = time.monotonic() + 10
        while jobs.get(first.id).status != "running" and time.monotonic() < deadline:
            time.sleep(0.01)
        jobs.submit("compile", {}, lambda job: {})
        jobs.submit("compile", {}, lambda job: {})
        with pytest.raises(CodedError) as refused:
            jobs.submit("compile", {}, lambda job: {})
        assert refused.value.code is SV005
    finally:
        release.set()
        jobs.stop()
