"""docs/serve.md stays true: its client configurations start working MCP servers, and its curl
examples run (each line exits 0) against `mb serve` on a copy of the Chinook example."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from compiler.mcp_server import TOOL_NAMES
from tests.serve.helpers import open_workspace, serving
from tests.support import REPO

DOC = (REPO / "docs" / "serve.md").read_text(encoding="utf-8")
TOKEN = "docs-token"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, re.S)


def _mb() -> str:
    beside = Path(sys.executable).with_name("mb")
    return str(beside) if beside.exists() else shutil.which("mb") or "mb"


def _project(tmp_path: Path) -> Path:
    for name in ("mb.yaml", "chinook.sqlite"):
        shutil.copy(REPO / "examples" / "chinook" / name, tmp_path / name)
    return tmp_path / "mb.yaml"


async def _tools(params: StdioServerParameters) -> set[str]:
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            return {t.name for t in (await session.list_tools()).tools}


def test_client_configurations_start_working_servers(tmp_path):
    config = _project(tmp_path)
    subprocess.run([sys.executable, "-m", "compiler.cli", "snapshot", "--config", str(config), "-o", str(tmp_path / "snapshot.yaml")],
                   check=True, cwd=tmp_path, capture_output=True, timeout=300)
    claude, vscode = (json.loads(b) for b in _blocks("json")[:2])
    entry = claude["mcpServers"]["mb"]
    args = [str(config) if a == "/path/to/project/mb.yaml" else a for a in entry["args"]]
    assert TOOL_NAMES and set(TOOL_NAMES) <= anyio.run(_tools, StdioServerParameters(command=_mb() if entry["command"] == "mb" else entry["command"], args=args))
    stdio = vscode["servers"]["mb"]
    assert set(TOOL_NAMES) <= anyio.run(_tools, StdioServerParameters(command=_mb(), args=stdio["args"], cwd=str(tmp_path)))

    http = vscode["servers"]["mb-http"]
    headers = {k: v.replace("${input:mb-token}", TOKEN) for k, v in http["headers"].items()}

    async def over_http(url: str) -> set[str]:
        async with create_mcp_http_client(headers=headers) as client:
            async with streamable_http_client(url, http_client=client) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    return {t.name for t in (await session.list_tools()).tools}

    with serving(open_workspace(tmp_path / "chinook.sqlite"), token=TOKEN) as base:
        assert set(TOOL_NAMES) <= anyio.run(over_http, http["url"].replace("http://127.0.0.1:8321", base))


def test_curl_examples_run(tmp_path):
    config = _project(tmp_path)
    [example] = [b for b in _blocks("bash") if b.startswith("curl ")]
    lines = [line for line in example.splitlines() if line.strip()]
    assert len(lines) >= 8
    with serving(open_workspace(tmp_path / "chinook.sqlite", config), token=TOKEN) as base:
        port = base.rsplit(":", 1)[1]
        env = {**os.environ, "MB_TOKEN": TOKEN}
        script = "set -e\n" + "\n".join(f"echo '>>> {i}'\n{line.replace('127.0.0.1:8321', '127.0.0.1:' + port)}"
                                        for i, line in enumerate(lines))
        out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, (out.stdout[-2000:], out.stderr)
    parts = re.split(r">>> \d+\n", out.stdout)[1:]
    assert json.loads(parts[0])["tables"] and "explore: invoice_line" in out.stdout
    assert json.loads(parts[3])["hops"] == 2
    assert parts[-1].strip() == "401"


def test_every_command_the_doc_names_exists():
    from compiler.cli import main

    named = set(re.findall(r"(?m)(?:^|`)mb ([a-z]+)", DOC))
    assert {"serve", "mcp"} <= named <= set(main.commands)
