"""The outer layer of `mb serve`: bearer-token auth, the Host check, and request size limits,
before any route (REST, MCP) sees a request.

- With a token, /api/ and /mcp need `Authorization: Bearer <token>` (compared in constant
  time); anything else is 401 SV001. The web explorer's own files and /openapi.json hold no
  data and stay open, so the page can ask for the token.
- Bound to a loopback address, only loopback Host headers are served, so a web page elsewhere
  cannot reach the API through DNS rebinding.
- A body over the limit is refused with 413 SV004: by its Content-Length at once, or while it
  streams in when it has none.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from compiler.diagnostics import SV001, SV003, SV004, Code

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
PROTECTED = ("/api/", "/mcp")


def error_response(status: int, code: Code, message: str, headers: dict[str, str] | None = None) -> tuple[int, list, bytes]:
    body = json.dumps({"error": {"code": code.code, "message": message, "location": None}}).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return status, raw, body


class Guard:
    def __init__(self, app: Any, token: str | None, max_body: int, loopback_only: bool):
        self.app = app
        self.token = f"Bearer {token}".encode("utf-8") if token else None
        self.max_body = max_body
        self.loopback_only = loopback_only

    async def _send_error(self, send: Any, status: int, code: Code, message: str, headers: dict[str, str] | None = None) -> None:
        status, raw, body = error_response(status, code, message, headers)
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    def _host_ok(self, headers: dict[bytes, bytes]) -> bool:
        host = headers.get(b"host", b"").decode("latin-1").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in LOOPBACK_HOSTS

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.loopback_only and not self._host_ok(headers):
            await self._send_error(send, 400, SV003, "Host header not allowed: this server answers loopback names only")
            return
        path = scope.get("path", "")
        if self.token is not None and path.startswith(PROTECTED):
            given = headers.get(b"authorization", b"")
            if not hmac.compare_digest(given, self.token):
                await self._send_error(send, 401, SV001, "missing or wrong bearer token (Authorization: Bearer <token>)",
                                       {"WWW-Authenticate": 'Bearer realm="mb"'})
                return
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                await self._send_error(send, 400, SV003, "Content-Length is not a number")
                return
            if too_big:
                await self._send_error(send, 413, SV004, f"request body over {self.max_body} bytes")
                return
            await self.app(scope, receive, send)
            return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        # No Content-Length (chunked): read the body here, bounded, then hand it on.
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await self._send_error(send, 413, SV004, f"request body over {self.max_body} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body, delivered = b"".join(chunks), False

        async def replay() -> dict:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
