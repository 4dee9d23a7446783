"""`mb mcp` with the real MCP client (mcp.ClientSession): over stdio against the `mb mcp`
command on a generated database, and over streamable HTTP at /mcp of `mb serve` with a token."""

from __future__ import annotations

import json
import sys

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from compiler.mcp_server import TOOL_NAMES
from tests.serve.helpers import make_shop_db, open_workspace, serving
from tests.support import REPO


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    return make_shop_db(tmp_path_factory.mktemp("mcp") / "shop.sqlite")


def _data(result) -> dict:
    assert not result.is_error, result.content
    assert json.loads(result.content[0].text) == result.structured_content  # text and structure agree
    return result.structured_content


async def _session_checks(session: ClientSession) -> None:
    await session.initialize()
    tools = {t.name: t for t in (await session.list_tools()).tools}
    assert set(TOOL_NAMES) <= set(tools)
    assert tools["describe_table"].annotations.read_only_hint is True

    hits = _data(await session.call_tool("search", {"query": "shipping company"}))["hits"]
    assert hits and hits[0]["table"] == "shipper"

    table = _data(await session.call_tool("describe_table", {"table": "client"}))
    assert [c["name"] for c in table["columns"]] == ["client_id", "full_name", "email", "country", "signup_date"]
    email = next(c for c in table["columns"] if c["name"] == "email")
    assert email["profile"]["redacted"] is True and "top_values" not in email["profile"]

    path = _data(await session.call_tool("find_join_path", {"from_table": "order_item", "to_table": "client"}))
    assert path["hops"] == 2 and [j["entity"] for j in path["joins"]] == ["sales_order", "client"]

    rels = _data(await session.call_tool("list_relationships", {"table": "sales_order"}))["relationships"]
    assert {r["status"] for r in rels} == {"joined", "suggested"} and all("evidence" in r for r in rels)

    measures = _data(await session.call_tool("list_measures", {"table": "order_item"}))["measures"]
    assert any(m["sql"].startswith("SELECT SUM(") for m in measures)

    why = _data(await session.call_tool("explain_column", {"column": "sales_order.client_id"}))
    assert why["relationships"][0]["origin"] == "inferred"

    files = _data(await session.call_tool("compile", {"targets": ["lookml"]}))
    assert files["ok"] and any(f["path"].endswith(".model.lkml") and "explore:" in f["content"] for f in files["files"])

    missing = await session.call_tool("describe_table", {"table": "no_such_table"})
    assert missing.is_error and "SV002" in missing.content[0].text
    bad = await session.call_tool("compile", {"targets": ["excel"]})
    assert bad.is_error and "US003" in bad.content[0].text

    uris = {str(r.uri) for r in (await session.list_resources()).resources}
    assert {"mb://snapshot", "mb://tables/client", "mb://tables/order_item"} <= uris
    snap = (await session.read_resource("mb://snapshot")).contents[0].text
    assert "client@example.com" not in snap and "order_item" in snap
    one = json.loads((await session.read_resource("mb://tables/shipper")).contents[0].text)
    assert one["table"] == "shipper"


def test_stdio_client_lists_tools_searches_describes_and_joins(shop):
    params = StdioServerParameters(command=sys.executable, args=["-m", "compiler.cli", "mcp", str(shop)], cwd=str(REPO))

    async def main() -> None:
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await _session_checks(session)

    anyio.run(main)


def test_streamable_http_under_serve_needs_the_token(shop):
    ws = open_workspace(shop)

    async def main(url: str) -> None:
        async with create_mcp_http_client(headers={"Authorization": "Bearer t0ken"}) as http:
            async with streamable_http_client(url + "/mcp", http_client=http) as (read, write):
                async with ClientSession(read, write) as session:
                    await _session_checks(session)

    with serving(ws, token="t0ken") as url:
        anyio.run(main, url)
        import httpx

        refused = httpx.post(url + "/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "SV001"
