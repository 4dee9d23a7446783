"""Long work (compiling, refreshing the snapshot) as jobs: queued, run one at a time by a worker
thread, polled by id.

A job belongs to the server, not to the request that started it: a client may disconnect and
poll later from elsewhere. The queue is bounded (a full queue refuses new jobs, SV005, rather
than piling up work), and only the most recent finished jobs are kept, with their results.
A job that fails reports a coded error, never a traceback.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from compiler.diagnostics import SV005
from compiler.errors import CodedError, coded
from compiler.explain import NotFound

log = logging.getLogger("mb.serve")
Status = Literal["queued", "running", "succeeded", "failed"]


@dataclass
class Job:
    id: str
    kind: str
    params: dict[str, Any]
    status: Status = "queued"
    step: str = "queued"
    progress: float = 0.0
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    def tell(self, step: str, done: float) -> None:
        self.step, self.progress = step, round(max(self.progress, min(done, 1.0)), 3)

    def as_dict(self, contents: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "params": self.params, "status": self.status, "step": self.step,
            "progress": self.progress, "created": round(self.created, 3),
            "started": round(self.started, 3) if self.started else None,
            "finished": round(self.finished, 3) if self.finished else None,
        }
        if self.error is not None:
            out["error"] = self.error
        if self.result is not None:
            result = dict(self.result)
            if "files" in result and not contents:
                result["files"] = [{k: v for k, v in f.items() if k != "content"} for f in result["files"]]
            out["result"] = result
        return out


class JobQueue:
    def __init__(self, size: int = 8, keep: int = 50):
        self._pending: queue.Queue[tuple[Job, Callable[[Job], dict[str, Any]]] | None] = queue.Queue(maxsize=size)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="mb-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is not None:
            try:
                self._pending.put(None, timeout=timeout)
            except queue.Full:
                pass
            self._thread.join(timeout)
            self._thread = None

    def submit(self, kind: str, params: dict[str, Any], work: Callable[[Job], dict[str, Any]]) -> Job:
        job = Job(id=secrets.token_hex(8), kind=kind, params=params)
        with self._lock:
            try:
                self._pending.put_nowait((job, work))
            except queue.Full:
                raise CodedError(SV005, f"{self._pending.maxsize} jobs are waiting already; retry when one has finished") from None
            self._jobs[job.id] = job
            self._forget_old()
        return job

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r} (unknown, or finished long enough ago to be forgotten)")
        return job

    def list(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def _forget_old(self) -> None:
        done = [j.id for j in self._jobs.values() if j.status in ("succeeded", "failed")]
        for job_id in done[: max(0, len(done) - self._keep)]:
            del self._jobs[job_id]

    def _work(self) -> None:
        while True:
            item = self._pending.get()
            if item is None:
                return
            job, work = item
            job.status, job.started = "running", time.time()
            job.tell("started", 0.0)
            try:
                job.result = work(job)
                job.status = "succeeded"
                job.tell("done", 1.0)
            except Exception as e:  # noqa: BLE001 - a failed job reports a coded error, the log keeps the traceback
                err = coded(e)
                if err.code.code == "IN002":
                    log.exception("job %s (%s) crashed", job.id, job.kind)
                job.error, job.status = err.as_dict(), "failed"
            finally:
                job.finished = time.time()
                with self._lock:
                    self._forget_old()
