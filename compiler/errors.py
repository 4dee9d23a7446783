"""The coded error a face shows for a library exception: the same codes the CLI prints.

The REST API turns it into an HTTP status and a JSON body, the MCP server into a tool error's
text. Anything not listed here is a bug (IN002), shown without its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import IN002, SV002, SV006, Code, InputError
from compiler.explain import NotFound
from compiler.overrides_file import OverrideWriteError
from compiler.redact import redact


@dataclass
class CodedError(Exception):
    code: Code
    message: str
    location: str | None = None

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"{self.code.code}: {self.message}{where}"

    def as_dict(self) -> dict:
        return {"code": self.code.code, "message": self.message, "location": self.location}


def coded(exc: BaseException) -> CodedError:
    if isinstance(exc, CodedError):
        return exc
    if isinstance(exc, InputError):
        return CodedError(exc.code, redact(exc.message), redact(exc.location) if exc.location else None)
    if isinstance(exc, NotFound):
        return CodedError(SV002, str(exc))
    if isinstance(exc, OverrideWriteError):
        return CodedError(SV006, str(exc))
    return CodedError(IN002, "internal error (a bug; please report it); the server log has the details")
