"""Writing generated files: each target folder is wholly old or wholly new, whenever the process
dies, and never missing.

A target owns only the deepest folder that holds all of its files (for dbt
`models/mb_generated/`, for Power BI `<Name>.SemanticModel/`), so files people keep beside it
(their own dbt models, a Power BI report, LookML refinements in another folder) are never
touched.

How: the new folder is built in OUTDIR/.mb-work/ (outside every target folder, so no tool that
scans one, dbt or Looker, ever sees a half-built copy), then swapped with the old one in one
atomic step: renameat2(RENAME_EXCHANGE) on Linux, renamex_np(RENAME_SWAP) on macOS. Elsewhere
(or on a file system without the exchange) it takes two renames, with a journal the next run
reads to put the old folder back if the process died between them. The old folder, now in
.mb-work/, is deleted last. Every run first clears what an earlier, killed run left in .mb-work/
(and the `.<name>.new-*`/`.<name>.old-*` folders older versions staged beside a target), and
runs on one OUTDIR take turns through a lock file in .mb-work/.

Folders and files get the modes the umask gives, like any file a user's tool creates.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import os
import posixpath
import re
import secrets
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from compiler.diagnostics import US002, US004, InputError

if TYPE_CHECKING:
    from backends.base import Files

WORK = ".mb-work"
LOCK_WAIT = 600.0  # seconds a run waits for another run on the same OUTDIR
_JOURNAL = "journal.json"
_LEGACY = re.compile(r"\A\..+\.(?:new|old)-[A-Za-z0-9_]+\Z")  # earlier versions' staging beside a target


def owned_folder(files: Files) -> str:
    """The deepest folder (relative, POSIX) containing every emitted file; '' for the top."""
    parents = [posixpath.dirname(p) for p in files]
    if not parents:
        return ""
    common = posixpath.commonpath(parents) if all(parents) else ""
    return common


@dataclass
class WriteResult:
    """What a write did: the files written, and how many were new, changed or removed."""

    written: list[Path] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0


def write_outputs(outdir: Path, files: dict[str, Files], on_wait: Callable[[], None] | None = None,
                  lock_wait: float = LOCK_WAIT) -> WriteResult:
    """Write OUTDIR/<target>/... for each target, each owned folder replaced whole.
    Text is written as UTF-8 with \\n line ends on every platform, bytes as they are.
    Raises InputError (US002) when the output cannot be written, leaving every target as it was."""
    if not str(outdir):
        raise InputError(US002, "the output folder is an empty path", "-o")
    plan = [(target, target_files, owned_folder(target_files)) for target, target_files in files.items()]
    finals = {target: outdir / target / owned if owned else outdir / target for target, _, owned in plan}
    _preflight(outdir, finals)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        work = outdir / WORK
        work.mkdir(exist_ok=True)
        ignore = work / ".gitignore"
        if not ignore.exists():  # the lock file stays; git should not offer it for a commit
            ignore.write_text("# mb's lock and staging area (compiler/output.py)\n*\n", encoding="utf-8")
    except OSError as e:
        raise InputError(US002, f"cannot create the output folder: {e.strerror or e}", str(outdir)) from None
    result = WriteResult()
    try:
        lock = _Lock(work / "lock", lock_wait, on_wait).acquire()
    except OSError as e:
        raise InputError(US002, f"cannot lock the output folder: {e.strerror or e}", str(work)) from None
    with lock:
        recover(outdir)
        staged: list[tuple[Path, Path]] = []
        try:
            for target, target_files, owned in plan:
                tmp = _unique_dir(work, target)
                staged.append((tmp, finals[target]))
                _count(result, finals[target], target_files, owned)
                _write_tree(tmp, target_files, owned)
            for (tmp, final), (_, target_files, owned) in zip(staged, plan):
                final.parent.mkdir(parents=True, exist_ok=True)
                _swap_in(tmp, final, work)
                result.written.extend(sorted(final / _inside(rel, owned) for rel in target_files))
        except OSError as e:
            raise InputError(US002, f"cannot write output: {e.strerror or e}", str(getattr(e, "filename", None) or outdir)) from None
        finally:
            _restore(work)
            _clear(work)
    return result


# Text as UTF-8 bytes, written as they are (no newline translation, on any platform).
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _write_tree(root: Path, files: Files, owned: str) -> None:
    """`files` under the fresh folder `root`. Thousands of files: each folder is made once, and
    each file is one open and write of its bytes, without a Python file object around them."""
    made = {""}
    base = os.fspath(root)
    for rel, content in sorted(files.items()):
        sub = _inside(rel, owned)
        folder = posixpath.dirname(sub)
        if folder not in made:
            os.makedirs(os.path.join(base, folder), exist_ok=True)
            made.add(folder)
        data = memoryview(content if isinstance(content, bytes) else content.encode("utf-8"))
        fd = os.open(os.path.join(base, sub), _CREATE, 0o666)
        try:
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)


def _preflight(outdir: Path, finals: dict[str, Path]) -> None:
    """Refuse, before anything is written, an OUTDIR or target path that is a file."""
    for path in [outdir, *finals.values()]:
        p = path
        chain = []
        while True:
            chain.append(p)
            if p == outdir or p.parent == p:
                break
            p = p.parent
        for q in reversed(chain):
            if q.exists() and not q.is_dir():
                raise InputError(US002, "is a file, not a folder; move it away or choose another -o", str(q))


def _count(result: WriteResult, final: Path, files: Files, owned: str) -> None:
    old = {p.relative_to(final).as_posix(): p for p in final.rglob("*") if p.is_file()} if final.is_dir() else {}
    for rel, content in files.items():
        path = old.pop(_inside(rel, owned), None)
        if path is None:
            result.added += 1
            continue
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if path.stat().st_size != len(data) or path.read_bytes() != data:
            result.changed += 1
    result.removed += len(old)


def _inside(rel: str, owned: str) -> str:
    """`rel` relative to the owned folder `owned` ('' for the top)."""
    if not owned:
        return rel
    if rel.startswith(owned) and rel[len(owned):len(owned) + 1] == "/":
        return rel[len(owned) + 1:]  # the usual case, without relpath's two getcwd calls per file
    return posixpath.relpath(rel, owned)


def _unique_dir(work: Path, target: str) -> Path:
    # os.mkdir rather than mkdtemp: the folder becomes the target folder, so it gets the mode
    # the umask gives (mkdtemp's would be 0700).
    while True:
        path = work / f"{target}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


# ---- the swap ----------------------------------------------------------------------------------


def _swap_in(new: Path, final: Path, work: Path) -> None:
    """Put `new` at `final`; the old folder (if any) ends up at `new` and is deleted."""
    if not final.exists():
        os.rename(new, final)
        return
    if not _exchange(new, final):
        _two_renames(new, final, work)
        return
    shutil.rmtree(new, ignore_errors=True)


def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


_EXCHANGE = None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False when the platform or file system cannot."""
    global _EXCHANGE
    if _EXCHANGE is None:
        _EXCHANGE = _exchange_function()
    if _EXCHANGE is False:
        return False
    if _EXCHANGE(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _exchange_function():
    if os.environ.get("MB_NO_EXCHANGE"):  # tests exercise the journalled fallback
        return False
    try:
        libc = _libc()
    except OSError:
        return False
    if libc is None:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        fn = libc.renameat2
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: fn(at_fdcwd, a, at_fdcwd, b, rename_exchange)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2
        fn = libc.renamex_np
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: fn(a, b, rename_swap)
    return False


def _two_renames(new: Path, final: Path, work: Path) -> None:
    old = _unique_dir(work, "old")
    old.rmdir()
    journal = work / _JOURNAL
    _write_json(journal, {"final": os.fsdecode(final), "old": os.fsdecode(old)})
    os.rename(final, old)
    os.rename(new, final)
    journal.unlink()
    shutil.rmtree(old, ignore_errors=True)


def recover(outdir: Path) -> None:
    """Undo what a killed run left: put back a folder moved aside by the two-rename fallback,
    and delete staging folders (in .mb-work/ and, from older versions, beside the targets)."""
    work = outdir / WORK
    _restore(work)
    _clear(work)
    for top in outdir.iterdir() if outdir.is_dir() else ():
        if top.name != WORK and top.is_dir() and not top.is_symlink():
            _clear_legacy(top)


def _restore(work: Path) -> None:
    """Put back the folder the two-rename fallback moved aside, if the new one never arrived."""
    journal = work / _JOURNAL
    if not journal.exists():
        return
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        final, old = Path(entry["final"]), Path(entry["old"])
        if not final.exists() and old.exists():
            os.rename(old, final)
    except (OSError, ValueError, KeyError, TypeError):
        return  # keep the journal: the next run tries again
    journal.unlink(missing_ok=True)


def _clear(work: Path) -> None:
    for p in work.iterdir() if work.is_dir() else ():
        if p.name in ("lock", _JOURNAL, ".gitignore"):
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def _clear_legacy(folder: Path) -> None:
    for dirpath, dirnames, _ in os.walk(folder):
        for name in list(dirnames):
            if _LEGACY.match(name):
                shutil.rmtree(Path(dirpath) / name, ignore_errors=True)
                dirnames.remove(name)


# ---- the lock ----------------------------------------------------------------------------------


class _Lock:
    """An exclusive lock on a file, waited for at most `wait` seconds (polling, so the wait is
    bounded and can be reported); released when the process ends, however it ends."""

    def __init__(self, path: Path, wait: float, on_wait: Callable[[], None] | None):
        self.path, self.wait, self.on_wait = path, wait, on_wait
        self.fh = None

    def acquire(self) -> "_Lock":
        self.fh = open(self.path, "a+b")
        deadline = time.monotonic() + self.wait
        told = False
        while not _try_lock(self.fh):
            if time.monotonic() >= deadline:
                self.fh.close()
                raise InputError(US004, f"another mb run has been writing this output folder for over {self.wait:g} s",
                                 str(self.path.parent.parent))
            if not told and self.on_wait is not None:
                self.on_wait()
                told = True
            time.sleep(0.05)
        return self

    def __enter__(self) -> "_Lock":
        return self

    def __exit__(self, *exc) -> None:
        _unlock(self.fh)
        self.fh.close()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fh) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fh) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# ---- single files ------------------------------------------------------------------------------


def write_file(path: Path, data: str | bytes) -> None:
    """Write one file atomically (a temporary file beside it, then a rename), cleaning the
    temporary files killed runs left. Raises OSError."""
    if path.exists() and path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.name}.mb-tmp-"
    for old in path.parent.glob(f"{glob_escape(prefix)}*"):
        pid = old.name[len(prefix):].split("-", 1)[0]
        if not (pid.isdigit() and _alive(int(pid))):  # a running writer's file is its own
            old.unlink(missing_ok=True)
    tmp = path.with_name(f"{prefix}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _write_json(path: Path, data) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)
