"""Writing generated files: each target's generated folder is replaced whole, or not at all.

A target owns only the deepest folder that holds all of its files (for dbt
`models/mb_generated/`, for Power BI `<Name>.SemanticModel/`), so files people keep beside it
(their own dbt models, a Power BI report, LookML refinements in another folder) are never
touched.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from pathlib import Path

from backends.base import Files
from compiler.diagnostics import US002, InputError


def owned_folder(files: Files) -> str:
    """The deepest folder (relative, POSIX) containing every emitted file; '' for the top."""
    parents = [posixpath.dirname(p) for p in files]
    if not parents:
        return ""
    common = posixpath.commonpath(parents) if all(parents) else ""
    return common


def write_outputs(outdir: Path, files: dict[str, Files]) -> list[Path]:
    """Write OUTDIR/<target>/... for each target. Each owned folder is built beside the old one
    and swapped in by rename, so an interrupted run leaves either the old or the new output.
    Text is written as UTF-8 with \n line ends on every platform, bytes as they are."""
    written: list[Path] = []
    staged: list[tuple[Path, Path, str, Files]] = []
    try:
        for target, target_files in files.items():
            owned = owned_folder(target_files)
            final = outdir / target / owned if owned else outdir / target
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
            staged.append((tmp, final, owned, target_files))
            for rel, content in sorted(target_files.items()):
                path = tmp / (posixpath.relpath(rel, owned) if owned else rel)
                path.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    with open(path, "w", encoding="utf-8", newline="\n") as fh:
                        fh.write(content)
        for tmp, final, owned, target_files in staged:
            old = None
            if final.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
                os.rmdir(old)
                os.replace(final, old)
            try:
                os.replace(tmp, final)
            except OSError:
                if old is not None:
                    os.replace(old, final)
                raise
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            written.extend(sorted(final / (posixpath.relpath(rel, owned) if owned else rel) for rel in target_files))
    except OSError as e:
        for tmp, *_ in staged:
            shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(US002, f"cannot write output: {e.strerror or e}", str(outdir)) from None
    return written
