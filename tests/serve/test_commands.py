"""`mb serve` and `mb mcp` as commands: they start, say where, refuse what they must, and report
a bad source the CLI way (exit 2, a coded diagnostic, nothing on stdout)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx

from tests.serve.helpers import make_shop_db
from tests.support import REPO

MB = [sys.executable, "-m", "compiler.cli"]


def test_serve_starts_on_a_free_port_and_answers(tmp_path):
    db = make_shop_db(tmp_path / "shop.sqlite")
    proc = subprocess.Popen([*MB, "serve", str(db), "--port", "0", "--token", "tok"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        url = re.search(r"at (http://127\.0\.0\.1:\d+/)", line).group(1)
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(url + "health")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
                time.sleep(0.1)
        assert health.json()["status"] == "ok"
        assert httpx.get(url + "api/v1/info", headers={"Authorization": "Bearer tok"}).json()["tables"] == 7
        assert httpx.get(url + "api/v1/info").status_code == 401
    finally:
        proc.terminate()
        proc.wait(20)


def test_serve_beyond_loopback_needs_a_token(tmp_path):
    db = make_shop_db(tmp_path / "shop.sqlite")
    env = {k: v for k, v in os.environ.items() if k != "MB_TOKEN"}
    out = subprocess.run([*MB, "serve", str(db), "--host", "0.0.0.0"], capture_output=True, text=True, cwd=REPO, timeout=120, env=env)
    assert out.returncode == 2 and "error[US001]" in out.stderr and "--token" in out.stderr


def test_a_bad_source_is_exit_2_with_its_code(tmp_path):
    for command in ("mcp", "serve"):
        out = subprocess.run([*MB, command, str(tmp_path / "missing.sqlite")], capture_output=True, text=True, cwd=REPO, timeout=120)
        assert out.returncode == 2 and "error[FE001]" in out.stderr, out.stderr
        assert out.stdout == "" and "Traceback" not in out.stderr
