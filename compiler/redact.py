"""Keep credentials out of snapshots, output files and messages."""

from __future__ import annotations

import re
from urllib.parse import quote

# scheme://user:password@host -> scheme://user:***@host. The password runs to the last `@`
# before the path, so one that contains `@` is hidden whole.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^/\s]*)@")
# Query-string parameters that hold secrets (password=..., sslkey=..., api_key=...).
SECRET_KEY = re.compile(r"(?i)pass|pwd|secret|token|key|credential")
_QUERY_SECRET = re.compile(r"(?i)([?&](?:[A-Za-z0-9_.\-]*(?:pass|pwd|secret|token|key|credential)[A-Za-z0-9_.\-]*)=)[^&\s]*")


def redact(text: str) -> str:
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{m.group('user')}:***@", text)
    return _QUERY_SECRET.sub(r"\1***", text)


def encode_userinfo(url: str) -> str:
    """`url` with a password that holds `@`, `:` or `/`-free specials percent-encoded, so URL
    parsers (which end the password at its first `@`) read the whole of it."""
    m = re.match(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<auth>[^/?#]*)", url)
    if not m or m.group("auth").count("@") < 2:
        return url
    userinfo, _, host = m.group("auth").rpartition("@")
    user, sep, password = userinfo.partition(":")
    encoded = f"{user}{sep}{quote(password, safe='%')}@{host}" if sep else f"{quote(user, safe='%')}@{host}"
    return m.group("head") + encoded + url[m.end():]
