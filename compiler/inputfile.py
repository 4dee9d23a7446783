"""Reading a user's input file (mb.yaml, a snapshot, a DDL script, a rules file) without the ways
a file can hurt: a device that never ends (/dev/zero), a folder, a file too large to be what it
claims, bytes that are not text. Each problem is an InputFileError with a short reason, which the
caller turns into its own diagnostic code."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 1 << 30  # 1 GiB: far above any real schema, below what would exhaust memory


class InputFileError(Exception):
    pass


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    try:
        st = os.stat(path)
    except OSError as e:
        raise InputFileError(f"cannot read: {e.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError("is a folder, not a file")
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise InputFileError("is a device or socket, not a file")
    if st.st_size > limit:
        raise InputFileError(f"is {st.st_size / (1 << 20):.0f} MiB, more than the {limit >> 20} MiB an input may be")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)  # a pipe has no size: stop reading past the limit
    except OSError as e:
        raise InputFileError(f"cannot read: {e.strerror}") from None
    if len(data) > limit:
        raise InputFileError(f"holds more than the {limit >> 20} MiB an input may be")
    return data


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """UTF-8 text (a BOM allowed)."""
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputFileError(f"is not UTF-8 text (byte 0x{data[e.start]:02x} on line {line})") from None
