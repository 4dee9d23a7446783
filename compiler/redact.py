"""Keep credentials out of snapshots, output files and messages."""

from __future__ import annotations

import re

# scheme://user:password@host -> scheme://user:***@host ; also query-string secrets.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^@\s]*)@")
_QUERY_SECRET = re.compile(r"(?i)([?&](?:password|passwd|pwd|token|secret|api_key|apikey|access_key)=)[^&\s]*")


def redact(text: str) -> str:
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{m.group('user')}:***@", text)
    return _QUERY_SECRET.sub(r"\1***", text)
