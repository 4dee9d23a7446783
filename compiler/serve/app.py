"""The `mb serve` application: REST API under /api/v1, the MCP server (streamable HTTP) at /mcp,
the web explorer at /, OpenAPI 3 at /openapi.json; all behind one guard (token, Host, size)."""

from __future__ import annotations

import contextlib
import logging
from importlib import resources
from typing import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from compiler import __version__
from compiler.diagnostics import IN002, SV001, SV002, SV003, SV004, SV005, SV006, Code, InputError
from compiler.errors import CodedError, coded
from compiler.explain import NotFound
from compiler.overrides_file import OverrideWriteError
from compiler.serve.guard import Guard
from compiler.serve.jobs import JobQueue
from compiler.serve.routes import router
from compiler.workspace import Workspace

log = logging.getLogger("mb.serve")
STATUS: dict[str, int] = {SV001.code: 401, SV002.code: 404, SV003.code: 422, SV004.code: 413, SV005.code: 429,
                          SV006.code: 409, IN002.code: 500}
DEFAULT_MAX_BODY = 8 * 1024 * 1024
STATIC = resources.files("compiler.serve") / "static"


def status_of(code: Code) -> int:
    return STATUS.get(code.code, 400 if code.input_error else 500)


def _error(err: CodedError) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="mb"'} if err.code == SV001 else None
    return JSONResponse({"error": err.as_dict()}, status_code=status_of(err.code), headers=headers)


def _validation_location(errors: list[dict]) -> str | None:
    if not errors:
        return None
    return ".".join(str(p) for p in errors[0].get("loc", ()))


def create_app(ws: Workspace, token: str | None = None, *, host: str = "127.0.0.1", max_body: int = DEFAULT_MAX_BODY,
               queue_size: int = 8, mcp: bool = True) -> Guard:
    """The ASGI application. `host` is the address served (loopback: Host headers are checked)."""
    jobs = JobQueue(size=queue_size)
    mcp_server = None
    if mcp:
        from compiler.mcp_server import build_server

        mcp_server = build_server(ws)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        jobs.start()
        try:
            if mcp_server is not None:
                async with mcp_server.session_manager.run():
                    yield
            else:
                yield
        finally:
            jobs.stop()

    app = FastAPI(title="Metadata Builder", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="The compiler's REST API: tables, relationships, measures, join paths, compile jobs, "
                              "snapshot refresh, diffs and the review queue. Errors carry `mb codes` diagnostic codes.")

    @app.exception_handler(CodedError)
    async def on_coded(_req: Request, exc: Exception) -> JSONResponse:
        return _error(coded(exc))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        msg = errors[0].get("msg", "invalid request") if errors else "invalid request"
        return _error(CodedError(SV003, msg, _validation_location(errors)))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = SV002 if exc.status_code == 404 else SV003
        resp = _error(CodedError(code, str(exc.detail)))
        resp.status_code = exc.status_code
        return resp

    for expected in (InputError, NotFound, OverrideWriteError):
        app.add_exception_handler(expected, on_coded)  # type: ignore[arg-type] - coded() maps each

    @app.exception_handler(Exception)
    async def on_other(req: Request, exc: Exception) -> JSONResponse:
        err = coded(exc)
        if err.code == IN002:
            log.error("%s %s failed", req.method, req.url.path, exc_info=exc)
        return _error(err)

    @app.get("/health", include_in_schema=False)
    def health() -> dict:
        return {"status": "ok", "version": ws.view.version}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    app.include_router(router(ws, jobs))
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    if mcp_server is not None:
        # The MCP app's own route (/mcp) joins ours; its session manager runs in our lifespan.
        mcp_app = mcp_server.streamable_http_app(streamable_http_path="/mcp", stateless_http=True, json_response=True,
                                                 host=host, max_request_body_size=max_body)
        app.router.routes.extend(mcp_app.routes)
    app.state.jobs = jobs
    loopback = host in ("127.0.0.1", "localhost", "::1")
    return Guard(app, token, max_body, loopback_only=loopback)
