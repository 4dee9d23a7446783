"""`mb check` and `mb validate`: are the generated files on disk what the compiler produces,
and do they still read back? Used in CI and as pre-commit hooks."""

from __future__ import annotations

from pathlib import Path

from backends.base import get_backend
from compiler.output import owned_folder
from compiler.diagnostics import CK001, CK002, CK003, RT002, Diagnostics
from compiler.roundtrip import check as roundtrip_check
from ir.semantic import SemanticModel


def read_tree(folder: Path) -> dict[str, str]:
    """Relative path -> text of every file under `folder`, dotfiles aside (editor and OS litter)."""
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            try:
                out[rel.as_posix()] = p.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                out[rel.as_posix()] = p.read_bytes().decode("utf-8", "replace")
    return out


def _text_files(files: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in files.items() if isinstance(v, str)}


def check_outputs(outdir: Path, generated: dict[str, dict[str, str]], model: SemanticModel,
                  options: dict[str, dict], diags: Diagnostics) -> int:
    """Compare generated files with OUTDIR/<target>/; report drift and round-trip problems.
    Returns the number of files that differ."""
    differing = 0
    for target, files in generated.items():
        folder = outdir / target
        owned = owned_folder(files)
        # Only the folder the target owns is compared: files people keep beside it are theirs.
        on_disk = {f"{owned}/{rel}" if owned else rel: text for rel, text in read_tree(folder / owned).items()}
        for rel in sorted(set(files) | set(on_disk)):
            where = str(folder / rel)
            if rel not in on_disk:
                diags.report(CK002, "generated file is missing; run mb compile", where)
            elif rel not in files:
                diags.report(CK003, "file is not produced by mb compile any more (orphaned); delete it or regenerate", where)
            elif on_disk[rel] != files[rel]:
                diags.report(CK001, "file differs from what mb compile produces (hand edit or stale output)", where)
            else:
                continue
            differing += 1
        if on_disk:
            backend = get_backend(target)
            roundtrip_check(backend, model, _text_files(on_disk), diags, options.get(target, {}))
    return differing


def validate_outputs(outdir: Path, targets: list[str], diags: Diagnostics) -> None:
    """Parse each target's files back and check that the model they describe holds together:
    explores start from and join known entities. Needs no source or snapshot."""
    for target in targets:
        folder = outdir / target
        files = read_tree(folder)
        if not files:
            diags.report(CK002, f"no {target} files to validate", str(folder))
            continue
        model = get_backend(target).read(_text_files(files), diags)
        names = {e.name for e in model.entities}
        for x in model.explores:
            for ref in [x.root, *(j.entity for j in x.joins)]:
                if ref not in names:
                    diags.report(RT002, f"explore {x.name!r} refers to {ref!r}, which no file defines", f"{folder}")
