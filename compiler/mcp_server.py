"""`mb mcp`: the compiler as an MCP server, for AI agents (the official `mcp` SDK, 2.x).

A thin face over compiler.workspace (which calls compiler.api and the library modules): each tool
is one library call, its answer returned as structured content (and as JSON text). The tools
only read, except `compile`, which builds files in memory and returns them (it writes nothing).
Sensitive columns' values never leave: profiles go through compiler.disclosure.

Served over stdio by `mb mcp`, and over streamable HTTP at /mcp by `mb serve`.
"""

from __future__ import annotations

import json
from typing import Any, Callable, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.types import Resource as MCPResource
from mcp.types import ToolAnnotations

from compiler import __version__
from compiler.errors import coded
from compiler.snapshot_io import dump_snapshot
from compiler.workspace import Workspace

T = TypeVar("T")
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
TOOL_NAMES = ("search", "describe_table", "list_relationships", "find_join_path", "list_measures", "compile", "explain_column")

INSTRUCTIONS = """\
Metadata Builder (mb) describes one database: its tables and columns (types, profiles, keys,
semantic types, sensitivity, descriptions), the relationships between tables (declared,
inferred with a confidence and evidence, or suggested below the threshold), the measures and
metrics with the SQL they mean, and the join paths that never fan out. Start with `search` or
the `mb://snapshot` resource, then `describe_table`. `compile` turns the model into LookML, dbt,
Cube, Power BI or Superset files. Values of sensitive columns are never shown."""


def _call(fn: Callable[[], T]) -> T:
    """Run one library call; its failures become tool errors with the CLI's codes."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - every failure reaches the agent as a coded message
        raise ToolError(str(coded(e))) from None


class _Server(MCPServer):
    """Lists one resource per table of the current view (tables change when the source is
    refreshed), beside the static ones."""

    def __init__(self, ws: Workspace, **kwargs: Any):
        super().__init__(**kwargs)
        self.ws = ws

    async def list_resources(self) -> list[MCPResource]:
        out = await super().list_resources()
        for t in self.ws.view.tables():
            out.append(MCPResource(uri=f"mb://tables/{t['table']}", name=t["table"], mime_type="application/json",
                                   description=t["description"] or f"The {t['role']} table {t['table']}"))
        return out


def build_server(ws: Workspace) -> MCPServer:
    server = _Server(ws, name="mb", title="Metadata Builder", version=__version__, instructions=INSTRUCTIONS,
                     log_level="WARNING")

    @server.tool(annotations=READ_ONLY)
    def search(query: str, limit: int = 20) -> dict[str, Any]:
        """Find tables, columns, measures and metrics by words in their names, labels,
        descriptions, semantic types (email, country, currency_amount...) and sensitivity tags
        (pii...). Best matches first."""
        return {"query": query, "hits": _call(lambda: ws.view.search(query, max(1, min(limit, 200))))}

    @server.tool(annotations=READ_ONLY)
    def describe_table(table: str) -> dict[str, Any]:
        """One table in full: columns with types, profiles (counts only for sensitive columns),
        keys, roles, semantic types, sensitivity, labels and descriptions with where each came
        from; its relationships, measures (with SQL), metrics and explores."""
        return _call(lambda: ws.view.table(table))

    @server.tool(annotations=READ_ONLY)
    def list_relationships(table: str | None = None, include_suggestions: bool = True) -> dict[str, Any]:
        """Relationships between tables with cardinality, origin (declared, inferred, human),
        confidence and evidence; status `suggested` ones are below the confidence threshold and
        not joined. Optionally only those touching `table`."""
        return {"relationships": _call(lambda: ws.view.relationships(table, include_suggestions))}

    @server.tool(annotations=READ_ONLY)
    def find_join_path(from_table: str, to_table: str) -> dict[str, Any]:
        """The join path between two tables that the model's explores use: many-to-one joins
        only, so rows never fan out and sums never double count. Gives each join and the SQL."""
        return _call(lambda: ws.view.join_path(from_table, to_table))

    @server.tool(annotations=READ_ONLY)
    def list_measures(table: str | None = None) -> dict[str, Any]:
        """Measures (aggregation, expression, filter, format, and the SQL they mean) and metrics
        (simple, ratio, derived), of one table or all."""
        return _call(lambda: ws.view.measures(table))

    @server.tool(annotations=READ_ONLY)
    def explain_column(column: str) -> dict[str, Any]:
        """Why each verdict about a column (TABLE.COLUMN) was reached: its role, semantic type,
        sensitivity, key, relationships and suggestions, each with the rule and evidence."""
        return _call(lambda: _explain(ws, column))

    @server.tool(name="compile", annotations=ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False))
    def compile_tool(targets: list[str], contents: bool = True) -> dict[str, Any]:
        """Compile the model to targets (lookml, dbt, cube, powerbi, superset) and return the
        files (path and content; binary files base64) with the diagnostics. Writes nothing."""
        return _call(lambda: ws.compile_files(targets, contents))

    @server.resource("mb://snapshot", name="snapshot", mime_type="application/yaml",
                     description="The snapshot: every table, column, key and profile (sensitive values withheld).")
    def snapshot_resource() -> str:
        return dump_snapshot(ws.view.public_snapshot())

    @server.resource("mb://tables/{name}", name="table", mime_type="application/json",
                     description="One table described in full (as describe_table).")
    def table_resource(name: str) -> str:
        try:
            return json.dumps(ws.view.table(name), indent=2, ensure_ascii=False)
        except Exception as e:  # noqa: BLE001
            raise ResourceNotFoundError(str(coded(e))) from None

    return server


def _explain(ws: Workspace, ref: str) -> dict[str, Any]:
    info = ws.view.explain(ref)
    return json.loads(json.dumps(info, default=str))


def run_stdio(ws: Workspace) -> None:
    build_server(ws).run("stdio")
