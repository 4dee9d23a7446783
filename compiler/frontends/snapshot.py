"""Frontend for snapshot files: the compile step reads these without touching a database."""

from __future__ import annotations

from pathlib import Path

from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.snapshot_io import load_snapshot
from ir.snapshot import Snapshot


def read(location: str, options: SourceOptions, diags: Diagnostics) -> Snapshot:
    return load_snapshot(Path(location))
