"""`mb check` and `mb validate`: are the generated files on disk what the compiler produces,
and do they still read back? Used in CI and as pre-commit hooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from backends.base import Files, get_backend, is_binary
from compiler.output import owned_folder
from compiler.diagnostics import CK001, CK002, CK003, RT001, RT002, Diagnostics
from compiler.roundtrip import check as roundtrip_check
from compiler.structure import check_structure
from compiler.validators import run_tool
from ir.semantic import SemanticModel


def read_tree(folder: Path, binary: Callable[[str], bool] = lambda rel: False) -> Files:
    """Relative path -> content of every file under `folder`, dotfiles aside (editor and OS
    litter): bytes where `binary(rel)` says so, else text with universal newlines (as the
    compiler writes it, whatever git's autocrlf did to it)."""
    out: Files = {}
    if not folder.is_dir():
        return out
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if not p.is_file() or any(part.startswith(".") for part in rel.split("/")):
            continue
        data = p.read_bytes()
        if binary(rel):
            out[rel] = data
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Still read back (a broken byte should not hide the rest of the file); it differs anyway.
            text = data.decode("utf-8", "replace")
        out[rel] = text.replace("\r\n", "\n").replace("\r", "\n")
    return out


@dataclass
class CheckResult:
    """What `mb check` found, per target: files changed, missing and orphaned."""

    files: int = 0
    changed: dict[str, int] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    orphaned: dict[str, int] = field(default_factory=dict)

    @property
    def differing(self) -> int:
        return sum(self.changed.values()) + sum(self.missing.values()) + sum(self.orphaned.values())

    def summary(self) -> str:
        parts = []
        for target in sorted(set(self.changed) | set(self.missing) | set(self.orphaned)):
            kinds = [f"{n} {what}" for what, counts in (("changed", self.changed), ("missing", self.missing),
                                                       ("orphaned", self.orphaned)) for n in [counts.get(target, 0)] if n]
            parts.append(f"{target} ({', '.join(kinds)})")
        n = self.differing
        return f"{n} of {self.files} generated file{'s' if self.files != 1 else ''} differ: {'; '.join(parts)}; run mb compile to regenerate"


def check_outputs(outdir: Path, generated: dict[str, Files], model: SemanticModel,
                  options: dict[str, dict], diags: Diagnostics, detail: bool = False) -> CheckResult:
    """Compare generated files with OUTDIR/<target>/; report drift and round-trip problems.

    One diagnostic per differing file. The files that differ are read back too, so a hand edit
    that broke a file says what it broke: a file that no longer parses is reported in full
    (RT002), and the field-by-field differences the reader finds are counted on the file's own
    line, or (`detail`, for --format json) reported one by one."""
    result = CheckResult()
    for target, files in generated.items():
        backend = get_backend(target)
        folder = outdir / target
        owned = owned_folder(files)
        prefix = f"{owned}/" if owned else ""

        def binary(rel: str) -> bool:
            # Like with like: a file is read as the type compile produces for it; one compile
            # no longer produces, as the backend declares.
            path = prefix + rel
            return isinstance(files[path], bytes) if path in files else is_binary(backend, path)

        # Only the folder the target owns is compared: files people keep beside it are theirs.
        on_disk = {prefix + rel: content for rel, content in read_tree(folder / owned, binary).items()}
        drift: dict[str, tuple] = {}
        for rel in sorted(set(files) | set(on_disk)):
            if rel not in on_disk:
                drift[rel] = (CK002, "generated file is missing; run mb compile", result.missing)
            elif rel not in files:
                drift[rel] = (CK003, "file is not produced by mb compile any more (orphaned); delete it or regenerate", result.orphaned)
            elif on_disk[rel] != files[rel]:
                drift[rel] = (CK001, "file differs from what mb compile produces (hand edit or stale output)", result.changed)
        result.files += len(set(files) | set(on_disk))
        read_back = Diagnostics(overrides=diags.overrides)
        if on_disk:
            # Binary files go to the reader too: a backend that emits bytes reads them back.
            roundtrip_check(backend, model, on_disk, read_back, options.get(target, {}))
        per_file: dict[str, int] = {}
        unplaced = []
        for d in read_back.items:
            rel = next((r for r in drift if d.location and d.location.endswith(r)), None)
            if d.code != RT001.code or detail:
                diags.items.append(d)
            elif rel is not None:
                per_file[rel] = per_file.get(rel, 0) + 1
            else:
                unplaced.append(d)
        for rel, (code, message, counter) in drift.items():
            counter[target] = counter.get(target, 0) + 1
            n = per_file.get(rel, 0)
            more = f"; read back, {n} field{'s' if n != 1 else ''} differ{'s' if n == 1 else ''} from the model" if n else ""
            diags.report(code, message + more, str(folder / rel))
        if unplaced and not drift:
            diags.items.extend(unplaced)  # the files match, yet do not read back: say so in full
        elif unplaced:
            diags.report(RT001, f"{len(unplaced)} more differences read back from the {target} files (--format json lists them)",
                         str(folder))
    return result


def validate_outputs(outdir: Path, targets: list[str], diags: Diagnostics, tools: bool = False) -> None:
    """Parse each target's files back and check that the model they describe holds together:
    explores start from and join known entities; run the target's structural check and (with
    `tools`) its own tool when installed. Needs no source or snapshot."""
    for target in targets:
        folder = outdir / target
        backend = get_backend(target)
        files = read_tree(folder, lambda rel: is_binary(backend, rel))
        if not files:
            diags.report(CK002, f"no {target} files to validate", str(folder))
            continue
        check_structure(target, backend, files, diags, str(folder))
        if tools:
            run_tool(target, folder, files, diags)
        try:
            model = backend.read(files, diags)
        except Exception as e:  # a hand edit the reader cannot make sense of: reported, not a traceback
            diags.report(RT002, f"{target} files do not read back: {type(e).__name__}: {str(e).splitlines()[0]}", str(folder))
            continue
        names = {e.name for e in model.entities}
        for x in model.explores:
            for ref in [x.root, *(j.entity for j in x.joins)]:
                if ref not in names:
                    diags.report(RT002, f"explore {x.name!r} refers to {ref!r}, which no file defines", f"{folder}")
