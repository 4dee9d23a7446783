"""Writing generated files: each target folder is replaced whole, or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from compiler.diagnostics import US002, InputError


def write_outputs(outdir: Path, files: dict[str, dict[str, str]]) -> list[Path]:
    """Write OUTDIR/<target>/... for each target. A target folder is built beside the old one
    and swapped in by rename, so an interrupted run leaves either the old or the new output."""
    written: list[Path] = []
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[Path, Path]] = []
        for target, target_files in files.items():
            tmp = Path(tempfile.mkdtemp(prefix=f".{target}.new-", dir=outdir))
            for rel, text in sorted(target_files.items()):
                path = tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(text)
            staged.append((tmp, outdir / target))
        for tmp, final in staged:
            old = None
            if final.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=outdir))
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
            written.extend(sorted(final / rel for rel in files[final.name]))
    except OSError as e:
        for p in outdir.glob(".*.new-*"):
            shutil.rmtree(p, ignore_errors=True)
        raise InputError(US002, f"cannot write output: {e.strerror or e}", str(outdir)) from None
    return written
