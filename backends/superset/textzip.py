"""A deterministic zip archive that is also valid UTF-8 text.

Backends hand their files over as text (`dict[str, str]`), and the bundle zip has to travel the
same way: through the golden tests, the round-trip reader and `mb compile -o`, which write text
as UTF-8. So the archive is built to survive that: entries are stored (not compressed), so their
bytes are the UTF-8 text itself, and every binary header field (CRC, sizes, offsets, counts) is
made of bytes below 0x80 other than CR, i.e. plain ASCII that no newline translation touches.
Where a CRC or size would contain another byte, the entry's YAML gets a comment line
(`# <filler>`) at its end, chosen by a deterministic search; where an offset would, newlines fill
the gap before the next record (zip readers locate records through the central directory).
Safe offsets are sparse above 32 KiB (each byte must be below 0x80), so a large bundle grows by
up to half again; past 8 MiB no layout is attempted and `build` says why. The result reads with
any zip tool; `build(...)[0].encode("utf-8")` are the archive's bytes.

Timestamps are fixed to 1980-01-01 00:00 (the zip format's epoch), entries keep the given order.
"""

from __future__ import annotations

import string
import struct
import zlib

_ZIP_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_ZIP_TIME = 0
_UTF8_NAMES = 0x0800
_VERSION = 20
_ALPHABET = string.ascii_letters + string.digits
_LIMIT = 0x7F0000  # below the 8 MiB run where the third byte of every offset is unsafe


def _unsafe(b: int) -> bool:
    return b >= 0x80 or b == 0x0D


def safe(value: int, width: int = 4) -> bool:
    """True when `value`, little-endian in `width` bytes, is ASCII without CR."""
    if value < 0 or value >= 1 << (8 * width):
        return False
    return not any(_unsafe((value >> (8 * i)) & 0xFF) for i in range(width))


def next_safe(n: int) -> int:
    """The smallest safe 4-byte value >= n (the highest unsafe byte is raised, lower ones zeroed)."""
    while not safe(n):
        i = max(i for i in range(4) if _unsafe((n >> (8 * i)) & 0xFF))
        b = (n >> (8 * i)) & 0xFF
        n = (((n >> (8 * i)) - b + (0x0E if b == 0x0D else 0x100)) << (8 * i))
    return n


def _pads(length: int):
    """Every padding of exactly `length` bytes, in a fixed order: none (0), else a comment line
    `# ` + filler + newline whose last one or two characters vary."""
    if length == 0:
        yield b""
        return
    room = length - 3
    if room < 1:
        return
    fixed = "-" * max(room - 2, 0)
    for a in _ALPHABET:
        if room == 1:
            yield f"# {a}\n".encode("ascii")
            continue
        for b in _ALPHABET:
            yield f"# {fixed}{a}{b}\n".encode("ascii")


def _pad(data: bytes) -> tuple[bytes, int] | None:
    """(data + padding, crc) with a safe size and a safe CRC."""
    size = next_safe(len(data))
    while size < _LIMIT:
        for pad in _pads(size - len(data)):
            crc = zlib.crc32(data + pad)
            if safe(crc):
                return data + pad, crc
        size = next_safe(size + 1)
    return None


def _check_text(name: str, text: str) -> str | None:
    if "\r" in text or "\r" in name:
        return f"{name} contains a carriage return"
    if not safe(len(name.encode("utf-8")), 2):
        return f"the entry name {name!r} is too long"
    return None


def _gap(out: bytearray) -> int:
    """Fill `out` up to the next safe offset; the offset."""
    offset = next_safe(len(out))
    out += b"\n" * (offset - len(out))
    return offset


def build(entries: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """(archive as text, None), or (None, why not) when no text-safe layout was found."""
    if not safe(len(entries), 2):
        return None, f"{len(entries)} entries cannot be counted in text-safe bytes"
    out = bytearray()
    central: list[tuple[tuple, bytes, int]] = []
    for name, text in entries:
        problem = _check_text(name, text)
        if problem:
            return None, problem
        name_b = name.encode("utf-8")
        padded = _pad(text.encode("utf-8"))
        offset = _gap(out)
        if padded is None or offset + 30 + len(name_b) + len(padded[0]) >= _LIMIT:
            return None, f"the archive would pass {_LIMIT} bytes at {name}"
        data, crc = padded
        fields = (_VERSION, _UTF8_NAMES, 0, _ZIP_TIME, _ZIP_DATE, crc, len(data), len(data), len(name_b))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name_b + data
        central.append((fields, name_b, offset))
    cd_offset = _gap(out)
    directory = _central(central)
    if directory is None or cd_offset >= _LIMIT:
        return None, "no text-safe size for the central directory"
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), cd_offset, 0)
    return (bytes(out) + directory + end).decode("utf-8"), None


def _central(entries: list[tuple[tuple, bytes, int]]) -> bytes | None:
    """The central directory; the last entry's comment (spaces) makes its size safe."""
    records = [
        struct.pack("<IH", 0x02014B50, _VERSION) + struct.pack("<HHHHHIIIHHHHHII", *f, 0, 0, 0, 0, 0, off) + name_b
        for f, name_b, off in entries
    ]
    base = sum(len(r) for r in records)
    if not records:
        return b""
    target = next_safe(base)
    while target - base < 0x7F7F:
        comment = target - base
        if safe(comment, 2):
            f, name_b, off = entries[-1]
            records[-1] = struct.pack("<IH", 0x02014B50, _VERSION) + struct.pack(
                "<HHHHHIIIHHHHHII", *f, 0, comment, 0, 0, 0, off
            ) + name_b + b" " * comment
            return b"".join(records)
        target = next_safe(target + 1)
    return None
