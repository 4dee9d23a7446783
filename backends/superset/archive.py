"""The bundle zip, byte-identical on every machine and Python.

Everything zipfile would otherwise take from the machine or the clock is fixed: timestamps are
the zip epoch (1980-01-01 00:00), the entry order is the caller's, the host system is Unix with
mode 0644 (zipfile records the creating OS, which differs on Windows). Entries are stored, not
deflated: deflate output may change between zlib builds, and bundles are small YAML anyway.
"""

from __future__ import annotations

import io
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)
_UNIX = 3
_REGULAR_FILE_0644 = 0o100644 << 16  # st_mode in the high 16 bits, as Unix zip tools write it


def build(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of `entries` (name, content), in that order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = _UNIX
            info.external_attr = _REGULAR_FILE_0644
            archive.writestr(info, data)
    return out.getvalue()
