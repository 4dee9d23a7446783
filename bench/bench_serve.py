"""Read load on `mb serve`: waves of concurrent API reads from one client on 127.0.0.1.

Two server processes answer the same request mix in the same run:
- `mb serve SNAPSHOT` (a generated star schema), every answer computed by the library;
- a floor: uvicorn serving the very same response bodies from memory (recorded from mb serve
  first), so the gap is what mb itself costs per request, not the HTTP stack or the client.

Each wave sends CONCURRENCY requests at once and waits for all of them (a bounded loop); latency
is per request, from send to the last byte. Errors are non-2xx answers and failed connections.
Figures on a loaded machine are best read as the ratio to the floor; the load average is
recorded with them.

    python -m bench.bench_serve            # 200 tables, 200 concurrent requests, 5 waves
    python -m bench.bench_serve --write    # also update the Serve section of docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.benchmarks_doc import write_section
from bench.generate_schema import build
from compiler.snapshot_io import dump_snapshot

REPO = Path(__file__).resolve().parents[1]
TOKEN = "bench-token"

FLOOR = r"""
import json, sys, uvicorn
bodies = json.load(open(sys.argv[1]))
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    key = scope["path"] + ("?" + scope["query_string"].decode() if scope["query_string"] else "")
    body = bodies.get(key, "").encode()
    await send({"type": "http.response.start", "status": 200 if key in bodies else 404,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def start(cmd: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_up(url: str, proc: subprocess.Popen, headers: dict[str, str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read()}")
        try:
            if httpx.get(url, headers=headers, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"server did not answer at {url}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (less sensitive to a busy machine than wall time)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", text).group(1)) / 1024


def request_mix(base: str, headers: dict[str, str]) -> list[str]:
    """Paths and queries of the reads an explorer and an agent make, over the served tables."""
    tables = httpx.get(base + "/api/v1/tables", headers=headers, timeout=60).json()["tables"]
    facts = [t["table"] for t in tables if t["name"].lower().startswith("fact")]
    dims = [t["table"] for t in tables if t["name"].lower().startswith("dim")]
    paths = ["/api/v1/tables", "/api/v1/review"]
    for i in range(10):
        f, d = facts[i % len(facts)], dims[(i * 7) % len(dims)]
        # The farthest table the fact's explore reaches: a join path of one or more hops.
        joins = httpx.get(f"{base}/api/v1/tables/{f}", headers=headers, timeout=60).json()["explores"][0]["joins"]
        paths += [f"/api/v1/tables/{f}", f"/api/v1/tables/{d}", f"/api/v1/relationships?table={f}",
                  f"/api/v1/measures?table={f}", f"/api/v1/search?q=amount%20{i}",
                  f"/api/v1/join-path?from={f}&to={joins[-1]['entity']}"]
    return paths


async def load(base: str, paths: list[str], headers: dict[str, str], concurrency: int, waves: int) -> dict:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=120) as client:

        async def one(path: str) -> None:
            nonlocal errors
            t0 = time.perf_counter()
            try:
                r = await client.get(path)
                await r.aread()
                ok = 200 <= r.status_code < 300
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - t0)
            errors += 0 if ok else 1

        await asyncio.gather(*(one(paths[i % len(paths)]) for i in range(concurrency)))  # warm-up, not counted
        latencies.clear()
        errors = 0
        start = time.perf_counter()
        for w in range(waves):
            await asyncio.gather(*(one(paths[(w * concurrency + i) % len(paths)]) for i in range(concurrency)))
        wall = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000,
            "p99_ms": q[98] * 1000, "max_ms": max(latencies) * 1000, "rps": len(latencies) / wall}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tables", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--waves", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = ap.parse_args()
    headers = {"Authorization": f"Bearer {TOKEN}"}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        snap = work / "snapshot.yaml"
        snap.write_text(dump_snapshot(build(args.tables, 20)), encoding="utf-8")
        port = free_port()
        mb = start([sys.executable, "-m", "compiler.cli", "serve", str(snap), "--port", str(port), "--token", TOKEN], REPO)
        floor = None
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base + "/api/v1/info", mb, headers)
            paths = request_mix(base, headers)
            bodies = {p: httpx.get(base + p, headers=headers, timeout=60).text for p in paths}
            assert all(json.loads(b) for b in bodies.values())
            (work / "bodies.json").write_text(json.dumps(bodies), encoding="utf-8")
            floor_port = free_port()
            floor = start([sys.executable, "-c", FLOOR, str(work / "bodies.json"), str(floor_port)], work)
            floor_base = f"http://127.0.0.1:{floor_port}"
            wait_up(floor_base + paths[0], floor, headers)
            results = {}
            for name, url, proc in (("mb serve", base, mb), ("floor (same bodies from memory)", floor_base, floor)):
                cpu = cpu_seconds(proc.pid)
                r = asyncio.run(load(url, paths, headers, args.concurrency, args.waves))
                # CPU per request includes the uncounted warm-up wave: one more wave's worth of requests.
                r["cpu_ms"] = (cpu_seconds(proc.pid) - cpu) * 1000 / (r["requests"] + args.concurrency)
                results[name] = r | {"rss": peak_rss_mib(proc.pid)}
            mean_body = statistics.mean(len(b) for b in bodies.values()) / 1024
        finally:
            for proc in (mb, floor):
                if proc is not None:
                    proc.terminate()
                    proc.wait(30)
    load_after = os.getloadavg()
    lines = [
        "## Serve",
        "",
        f"`python -m bench.bench_serve --write`: `mb serve` on a generated snapshot of {args.tables} tables x 20 columns,",
        f"{args.waves} waves of {args.concurrency} concurrent reads each from one client on 127.0.0.1 (a mix of table lists,",
        f"table pages, relationships, measures, searches and join paths over {len(paths)} distinct URLs, mean body",
        f"{mean_body:.1f} KiB), after one uncounted warm-up wave. The floor serves the same bodies from memory with",
        "the same server (uvicorn, one process): the gap is what mb computes per request.",
        "",
        "| server | requests | errors | p50 ms | p95 ms | p99 ms | max ms | requests/s | server CPU ms/request | peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(f"| {name} | {r['requests']} | {r['errors']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | "
                     f"{r['max_ms']:.1f} | {r['rps']:.0f} | {r['cpu_ms']:.2f} | {r['rss']:.0f} |")
    mb_r, floor_r = results["mb serve"], results["floor (same bodies from memory)"]
    lines += [
        "",
        f"mb serve / floor: p95 {mb_r['p95_ms'] / floor_r['p95_ms']:.1f}x, server CPU per request "
        f"{mb_r['cpu_ms'] / floor_r['cpu_ms']:.1f}x. The client (httpx, one Python process on the same CPUs) is part of "
        "every latency; the server's CPU time per request is the figure a busy machine disturbs least.",
        f"Load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section("Serve", section)
    if any(r["errors"] for r in results.values()):
        raise SystemExit("errors under load")


if __name__ == "__main__":
    main()
