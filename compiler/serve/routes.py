"""REST API v1 of `mb serve`: each route is one call into the workspace (compiler.workspace, which
calls compiler.api and the library modules); nothing here decides anything about the model.

Reads answer at once; compiling and refreshing the snapshot are jobs (202 + a job id to poll).
Errors are `{"error": {"code", "message", "location"}}` with the CLI's diagnostic codes.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from compiler.api import check_targets
from compiler.explain import NotFound
from compiler.serve.jobs import Job, JobQueue
from compiler.snapshot_io import parse_snapshot_text
from compiler.workspace import Workspace

MAX_TARGETS = 16


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CompileRequest(_Body):
    targets: list[str] = Field(min_length=1, max_length=MAX_TARGETS, description="Targets to build: lookml, dbt, cube, powerbi, superset.")


class RefreshRequest(_Body):
    pass


class DiffRequest(_Body):
    old: str = Field(description="The old snapshot's text (YAML or JSON).")
    new: str | None = Field(default=None, description="The new snapshot's text; omitted: the snapshot being served.")
    targets: list[str] = Field(default_factory=lambda: ["lookml"], min_length=1, max_length=MAX_TARGETS)


class DecisionRequest(_Body):
    decision: Literal["accept", "reject"]


class ErrorDetail(BaseModel):
    code: str = Field(description="A diagnostic code (`mb codes`).")
    message: str
    location: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorBody, "description": d} for s, d in (
        (400, "Bad input (a diagnostic code says what)"), (401, "Missing or wrong bearer token (SV001)"),
        (404, "No such object (SV002)"), (409, "Decision cannot be written to mb.yaml (SV006)"),
        (413, "Request body too large (SV004)"), (422, "Request does not match the API (SV003)"),
        (429, "Job queue full (SV005)"), (500, "Internal error (IN002), without details"))
}


def ok(data: Any, status: int = 200) -> Response:
    # Serialized here rather than through FastAPI's encoder: the library returns plain JSON data.
    return Response(json.dumps(data, ensure_ascii=False, default=str), status_code=status, media_type="application/json")


def router(ws: Workspace, jobs: JobQueue) -> APIRouter:
    r = APIRouter(prefix="/api/v1", responses=ERRORS)

    @r.get("/info", summary="What is being served")
    def info() -> Response:
        v = ws.view
        return ok({"name": v.model.name, "dialect": v.model.dialect, "source": v.model.source, "version": v.version,
                   "tables": len(v.model.entities), "review": len(v.review()),
                   "config": ws.decisions_file.name})

    @r.get("/tables", summary="List tables (optionally those matching words)")
    def tables(q: str | None = Query(default=None, max_length=500, description="Words to match (as /search, tables only).")) -> Response:
        return ok({"tables": ws.view.tables(q or None)})

    @r.get("/tables/{name}", summary="Describe one table in full")
    def table(name: str = Path(max_length=500)) -> Response:
        return ok(ws.view.table(name))

    @r.get("/tables/{name}/columns/{column}", summary="Explain one column's verdicts")
    def column(name: str = Path(max_length=500), column: str = Path(max_length=500)) -> Response:
        v = ws.view
        return ok(v.explain(f"{v.table_key(name)}.{column}"))

    @r.get("/relationships", summary="Relationships (and suggestions) with confidence and evidence")
    def relationships(table: str | None = Query(default=None, max_length=500), suggestions: bool = True) -> Response:
        return ok({"relationships": ws.view.relationships(table, suggestions)})

    @r.get("/join-path", summary="The non-fan-out join path between two tables")
    def join_path(from_: str = Query(alias="from", max_length=500), to: str = Query(max_length=500)) -> Response:
        return ok(ws.view.join_path(from_, to))

    @r.get("/measures", summary="Measures with their SQL, and metrics")
    def measures(table: str | None = Query(default=None, max_length=500)) -> Response:
        return ok(ws.view.measures(table))

    @r.get("/search", summary="Find tables, columns, measures and metrics by words")
    def search(q: str = Query(max_length=500), limit: int = Query(default=20, ge=1, le=500),
               kind: list[Literal["table", "column", "measure", "metric"]] | None = Query(default=None)) -> Response:
        return ok({"query": q, "hits": ws.view.search(q, limit, set(kind) if kind else None)})

    @r.get("/diagnostics", summary="Diagnostics of reading and analysing the source")
    def diagnostics() -> Response:
        return ok({"diagnostics": ws.view.diagnostics()})

    @r.get("/snapshot", summary="The snapshot (sensitive values withheld)")
    def snapshot() -> Response:
        return ok(ws.view.public_snapshot().model_dump(mode="json", by_alias=True, exclude_none=True))

    @r.post("/compile", status_code=202, summary="Start a compile job")
    def compile_job(body: CompileRequest) -> Response:
        targets = list(dict.fromkeys(body.targets))
        check_targets(targets)  # a bad target is the request's fault (400 US003), not the job's
        job = jobs.submit("compile", {"targets": targets}, lambda j: ws.compile_files(targets, True, j.tell))
        return ok(job.as_dict(), 202)

    @r.post("/refresh", status_code=202, summary="Start a job that reads mb.yaml and the source again")
    def refresh_job(body: RefreshRequest | None = None) -> Response:
        job = jobs.submit("refresh", {}, lambda j: ws.refresh_report(j.tell))
        return ok(job.as_dict(), 202)

    @r.get("/jobs", summary="Recent jobs")
    def list_jobs() -> Response:
        return ok({"jobs": [j.as_dict() for j in jobs.list()]})

    @r.get("/jobs/{job_id}", summary="A job's status, progress and result")
    def get_job(job_id: str = Path(max_length=64), contents: bool = False) -> Response:
        return ok(jobs.get(job_id).as_dict(contents))

    @r.get("/jobs/{job_id}/files/{target}/{path:path}", summary="One file a compile job produced, as is")
    def job_file(job_id: str = Path(max_length=64), target: str = Path(max_length=64), path: str = Path(max_length=2000)) -> Response:
        entry = _file(jobs.get(job_id), target, path)
        if entry["binary"]:
            return Response(base64.b64decode(entry["content"]), media_type="application/octet-stream")
        return Response(entry["content"], media_type="text/plain; charset=utf-8")

    @r.post("/diff", summary="Semantic diff of two snapshots, graded safe/additive/breaking")
    def diff(body: DiffRequest) -> Response:
        old = parse_snapshot_text(body.old, "old")
        new = parse_snapshot_text(body.new, "new") if body.new is not None else None
        return ok({"changes": ws.diff(old, new, list(dict.fromkeys(body.targets)))})

    @r.get("/review", summary="Inferred and suggested relationships and LLM texts waiting for a decision")
    def review() -> Response:
        return ok({"items": ws.view.review(), "file": ws.decisions_file.name})

    @r.post("/review/{item_id}", summary="Accept or reject one review item (written to mb.yaml overrides)")
    def decide(body: DecisionRequest, item_id: str = Path(max_length=64)) -> Response:
        return ok(ws.decide(item_id, body.decision))

    return r


def _file(job: Job, target: str, path: str) -> dict[str, Any]:
    if job.kind != "compile" or job.result is None:
        raise NotFound(f"job {job.id} ({job.kind}, {job.status}) has no files")
    for f in job.result.get("files", []):
        if f["target"] == target and f["path"] == path:
            return f
    raise NotFound(f"job {job.id} produced no {target}/{path}")

