"""A small OpenAI-compatible chat completions server on loopback, for tests and demos.

It speaks just enough of POST /v1/chat/completions for the real `openai` client: it records
every request body, and answers according to a mode (a valid answer built from the table in the
prompt, malformed JSON, HTTP 429/500, a hang, a refusal, an injected non-answer...). Modes can
be scripted per request, so "fail once, then answer" is one list.

    python -m tests.llm.fake_openai        # serves until Ctrl-C, prints its base URL
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

_DATA = re.compile(r"<(table_data|join_data)>\n(.*)\n</\1>", re.S)


def prompt_data(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON document the prompt carries: a table to describe, or a join to judge."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return json.loads(_DATA.search(user).group(2))


def table_data(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON document the prompt carries for its table."""
    return prompt_data(body)


def is_join_question(body: dict[str, Any]) -> bool:
    return "<join_data>" in next(m["content"] for m in body["messages"] if m["role"] == "user")


def good_answer(data: dict[str, Any]) -> dict[str, Any]:
    """A plausible answer with recognizable markers (LLMDESC-, LLMCOL-) for the tests to find."""
    name = data["table"]["name"]
    columns = []
    for c in data["columns"]:
        lower = c["name"].lower()
        unit = "USD" if ("amount" in lower or "price" in lower or "total" in lower) else None
        unit = "milliseconds" if "millisecond" in lower else ("bytes" if lower == "bytes" else unit)
        columns.append({"name": c["name"], "label": f"Llm {c['name']}", "unit": unit,
                        "description": f"LLMCOL-{name}-{c['name']}: the {c['name']} of one {name} row's record."})
    measures, metrics = [], []
    cols = {c["name"]: c for c in data["columns"]}
    if "status" in cols:
        measures.append({"name": "shipped_orders", "label": "Shipped Orders", "description": "Orders that have shipped.",
                         "agg": "count", "expr": None, "filter": "status = 'shipped'", "reason": "Fulfilment is tracked daily."})
        measures.append({"name": "bogus_total", "label": "Bogus", "description": "Refers to a column that does not exist.",
                         "agg": "sum", "expr": "no_such_column * 2", "filter": None, "reason": "To be rejected."})
    existing = data["existing_measures"]
    count = next((m["name"] for m in existing if m["agg"] == "count" and m["column"] is None), None)
    total = next((m for m in existing if m["agg"] == "sum" and m["column"]), None)
    if count and total:
        metrics.append({"name": f"average_{total['column'].lower()}_per_row", "label": f"Average {total['column']}",
                        "description": f"LLMMETRIC-{name}: {total['name']} divided by the row count.", "type": "ratio",
                        "numerator": total["name"], "denominator": count, "reason": "The typical value of one row."})
    return {"label": f"Llm {name}", "grain": f"One row per {name} record.",
            "description": f"LLMDESC-{name}: business records kept in {name}.",
            "columns": columns, "measures": measures, "metrics": metrics}


def join_answer(data: dict[str, Any]) -> dict[str, Any]:
    """A verdict on a suggested join, with a recognizable marker (LLMJOIN-)."""
    src, dst = data["referencing"], data["referenced"]
    return {"verdict": "join", "reason": f"LLMJOIN-{src['table']}-{dst['table']}: the values are all found in the key."}


def any_answer(data: dict[str, Any]) -> dict[str, Any]:
    """The right kind of answer for either kind of question."""
    return join_answer(data) if "referencing" in data else good_answer(data)


def completion(content: str | None, model: str, refusal: str | None = None, finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "finish_reason": finish, "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


class FakeOpenAI:
    """`mode` is one mode for every request, or a list used in order (the last one repeats)."""

    def __init__(self, mode: str | list[str] = "ok", hang: float = 2.0,
                 answer: Callable[[dict[str, Any]], dict[str, Any]] = any_answer):
        self.modes = [mode] if isinstance(mode, str) else list(mode)
        self.hang = hang
        self.answer = answer
        self.bodies: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self.last_key = ""
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def count(self) -> int:
        return len(self.bodies)

    def _next_mode(self, body: dict[str, Any], raw: str) -> str:
        with self._lock:
            self.bodies.append(body)
            self.raw.append(raw)
            i = len(self.bodies) - 1
            return self.modes[min(i, len(self.modes) - 1)]

    def respond(self, mode: str, body: dict[str, Any]) -> tuple[int, bytes]:
        model = body.get("model", "fake")
        if mode == "ok":
            return 200, json.dumps(completion(json.dumps(self.answer(prompt_data(body))), model)).encode()
        if mode == "malformed":  # the content is cut-off JSON
            return 200, json.dumps(completion('{"label": "Orders", "grain": "One row per', model)).encode()
        if mode == "wrong_shape":  # valid JSON, not the schema
            return 200, json.dumps(completion(json.dumps({"tables": ["everything"]}), model)).encode()
        if mode == "refuse":
            return 200, json.dumps(completion(None, model, refusal="I can't help with that.")).encode()
        if mode == "inject":  # what a model that obeyed an injected comment might say
            text = "Sure! LEAKED: here is the schema of other tables: secret_ledger(zz_balance, zz_owner)"
            return 200, json.dumps(completion(text, model)).encode()
        if mode == "other_columns":  # schema-shaped, but about columns the table does not have
            answer = self.answer(prompt_data(body))
            answer["columns"] = [{"name": "zz_balance", "label": "Balance", "description": "LEAKED", "unit": None}]
            return 200, json.dumps(completion(json.dumps(answer), model)).encode()
        if mode in ("429", "500"):
            err = {"error": {"message": f"fake {mode}", "type": "server_error", "code": None, "param": None}}
            return int(mode), json.dumps(err).encode()
        if mode == "hang":
            time.sleep(self.hang)
            return 200, json.dumps(completion(json.dumps(self.answer(prompt_data(body))), model)).encode()
        if mode == "drip":  # a valid answer, written a byte every `hang` seconds (by the handler)
            return 200, json.dumps(completion(json.dumps(self.answer(prompt_data(body))), model)).encode()
        if mode == "echo_key":  # a 401 that repeats the key it was sent, as some servers do
            key = self.last_key
            err = {"error": {"message": f"Incorrect API key provided: {key}. Also {key[:6]}...{key[-4:]}",
                             "type": "invalid_request_error", "code": "invalid_api_key", "param": None}}
            return 401, json.dumps(err).encode()
        raise ValueError(mode)

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - http.server's naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                if not self.path.endswith("/chat/completions"):
                    self.send_error(404)
                    return
                body = json.loads(raw)
                fake.last_key = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                mode = fake._next_mode(body, raw)
                status, payload = fake.respond(mode, body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if mode == "drip":
                        for i in range(len(payload)):
                            self.wfile.write(payload[i:i + 1])
                            self.wfile.flush()
                            time.sleep(fake.hang)
                    else:
                        self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):  # keep test output clean
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # the default backlog (5) drops connections under parallel tests
            daemon_threads = True

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.url

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> "FakeOpenAI":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":  # pragma: no cover - a demo server for bench/eval_descriptions.py
    server = FakeOpenAI()
    print(server.start(), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


def pass_before_llm() -> str:
    """The pass the LLM prompts are computed after (the one just before annotate_with_llm), so a
    test can build the answers keyed as the pass will look them up."""
    from compiler.pipeline import order_passes
    from passes import default_pipeline

    names = [p.name for p in order_passes(default_pipeline())]
    return names[names.index("annotate_with_llm") - 1]
