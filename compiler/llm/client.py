"""One question (a table to describe, a join to judge): the openai SDK with our own retry loop.

The SDK's retries are off (max_retries=0) because an HTTP 200 with an answer that does not fit
the schema needs a retry just as much as a 429 does, and every attempt must count against the
run's budget. Nothing here reports diagnostics: it returns an Outcome for the driver to report
from one thread, in a stable order.
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Literal

from compiler.llm.prompts import Request

Kind = Literal["ok", "invalid", "failed", "budget"]


class Budget:
    """Requests and tokens a run may spend, shared by the worker threads."""

    def __init__(self, max_requests: int, max_tokens: int):
        self.max_requests, self.max_tokens = max_requests, max_tokens
        self.requests = self.tokens = 0
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Reserve one request; False once either limit is reached."""
        with self._lock:
            if self.requests >= self.max_requests or self.tokens >= self.max_tokens:
                return False
            self.requests += 1
            return True

    def spend(self, tokens: int) -> None:
        with self._lock:
            self.tokens += tokens

    def reason(self) -> str:
        if self.requests >= self.max_requests:
            return f"max_requests ({self.max_requests}) reached"
        return f"max_tokens ({self.max_tokens}) reached ({self.tokens} used)"


@dataclass
class Outcome:
    request: Request
    kind: Kind
    answer: dict[str, Any] | None = None
    error: str | None = None
    attempts: int = 0


class _Invalid(Exception):
    """An answer arrived but is not one we can use."""


class _Retryable(Exception):
    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


def _retry_after(response) -> float | None:
    try:
        value = response.headers.get("retry-after") if response is not None else None
        return min(float(value), 60.0) if value else None
    except (TypeError, ValueError):
        return None


class ChatClient:
    """`settings.timeout` bounds each request as a whole: the SDK's timeout is per read, so a
    server dripping a byte at a time would hold a request forever; a timer closes the request's
    own client at the deadline instead."""

    def __init__(self, settings, api_key: str):
        from openai import OpenAI  # imported here: the package is an optional extra

        self.settings = settings
        self.api_key = api_key
        self._new = lambda: OpenAI(base_url=settings.base_url, api_key=api_key, timeout=settings.timeout, max_retries=0)
        self._new().close()  # fail now, not per request, if the settings are unusable

    def scrub(self, text: str) -> str:
        """`text` without the API key, should a server echo it in an error, whole or shortened
        ("sk-ab...xyz9", "sk-abc****wxyz")."""
        key = self.api_key
        if not key or len(key) < 8:
            return text
        text = text.replace(key, "***")
        head, tail = re.escape(key[:4]), re.escape(key[-4:])
        pattern = rf"\S*(?:{re.escape(key[:6])}|{re.escape(key[-6:])})\S*|{head}\S*?[.*…]{{2,}}\S*?{tail}"
        return re.sub(pattern, "***", text)

    def _call(self, req: Request, budget: Budget) -> dict[str, Any]:
        import openai

        s = self.settings
        client = self._new()
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            client.close()  # aborts the request in flight

        timer = threading.Timer(s.timeout, expire)
        timer.daemon = True
        timer.start()
        try:
            resp = client.chat.completions.create(
                model=s.model, messages=req.messages(), response_format=req.response_format(),
                max_tokens=s.answer_tokens, temperature=0,
            )
        except openai.APITimeoutError:
            raise _Retryable(f"timed out after {s.timeout:g}s") from None
        except openai.APIConnectionError as e:
            if expired.is_set():
                raise _Retryable(f"timed out after {s.timeout:g}s (the whole request)") from None
            raise _Retryable(f"connection failed: {self.scrub(str(e))}") from None
        except (openai.RateLimitError, openai.InternalServerError) as e:
            raise _Retryable(f"HTTP {e.status_code}", _retry_after(e.response)) from None
        except openai.APIStatusError as e:
            # 400/401/403/404: asking again will not help.
            raise RuntimeError(f"HTTP {e.status_code}: {self.scrub(str(e))[:200]}") from None
        finally:
            timer.cancel()
            client.close()
        usage = getattr(resp, "usage", None)
        budget.spend(int(getattr(usage, "total_tokens", 0) or 0))
        return self._parse(req, resp)

    def _parse(self, req: Request, resp) -> dict[str, Any]:
        choices = getattr(resp, "choices", None)
        if not choices:
            raise _Invalid("no choices in the response")
        choice = choices[0]
        if getattr(choice.message, "refusal", None):
            raise _Invalid(f"refused: {str(choice.message.refusal)[:200]}")
        if choice.finish_reason == "length":
            raise _Invalid(f"answer cut off at {self.settings.answer_tokens} tokens")
        try:
            return req.parse(choice.message.content or "")
        except ValueError as e:
            raise _Invalid(str(e)) from None

    def ask(self, req: Request, budget: Budget) -> Outcome:
        s = self.settings
        kind: Kind = "failed"
        error = "no attempt"
        wait: float | None = None
        for attempt in range(s.retries + 1):
            if attempt:
                # Exponential backoff with a little jitter, so parallel workers do not retry in step.
                delay = max(s.backoff * (2 ** (attempt - 1)), wait or 0.0)
                time.sleep(delay * (1 + random.random() * 0.25))
            if not budget.take():
                return Outcome(req, "budget", error=self.scrub(f"{error}; then {budget.reason()}" if attempt else budget.reason()),
                               attempts=attempt)
            try:
                return Outcome(req, "ok", answer=self._call(req, budget), attempts=attempt + 1)
            except _Invalid as e:
                kind, error, wait = "invalid", str(e), None
            except _Retryable as e:
                kind, error, wait = "failed", str(e), e.wait
            except Exception as e:  # noqa: BLE001 - one table's odd failure must not stop the run
                return Outcome(req, "failed", error=self.scrub(f"{type(e).__name__}: {str(e)[:200]}"), attempts=attempt + 1)
        return Outcome(req, kind, error=self.scrub(error), attempts=s.retries + 1)
