"""The docs are true: every `mb` command shown in README.md, docs/ and the examples' READMEs runs
(in a scratch project: a git repository with the Chinook sample, its snapshot at two commits and
an mb.yaml), every Python command names a script or module that exists and answers --help, every
install extra of pyproject.toml is named in the README, and no placeholder stands in for a URL."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), *sorted((REPO / "examples").glob("*/README.md"))]
LONG_RUNNING = {"serve", "mcp"}
PLACEHOLDERS = re.compile(r"\bOWNER\b|your[-_]?(org|user|name)|<owner>|example\.(org|net)/|\bTODO\b|\bXXX+\b(?!X)")


def commands(path: Path) -> list[tuple[int, str]]:
    """(line, command) for each shell command in fenced blocks and indented code."""
    out = []
    fence = None
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            fence = None if fence is not None else (line[3:].strip() or "text")
            continue
        text = line.strip()
        if fence is None and not line.startswith("    "):
            continue
        text = text[2:] if text.startswith("$ ") else text
        if re.match(r"(mb|python3?|pip|\. \.venv)\b", text):
            out.append((i, text))
    return out


def inline_commands(path: Path) -> list[str]:
    """Commands in backticks in running text (`python bench/bench_profile.py`)."""
    return re.findall(r"`((?:python3? -m |python3? )[\w./-]+[^`]*)`", path.read_text(encoding="utf-8"))


def _parts(command: str) -> list[str]:
    command = re.sub(r"\s+#.*$", "", command)  # a trailing comment
    return [p.strip() for p in re.split(r"&&|;", command) if p.strip()]


def _all_commands():
    for path in DOCS:
        for line, command in commands(path):
            for part in _parts(command):
                yield path, line, part


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    shutil.copytree(REPO / "examples" / "chinook", root / "examples" / "chinook", ignore=shutil.ignore_patterns("generated"))
    shutil.copy(REPO / "examples" / "chinook" / "chinook.sqlite", root / "chinook.sqlite")
    # What the interchange docs convert: the example Ossie model and a Looker block, at the paths shown.
    shutil.copytree(REPO / "examples" / "tpcds", root / "examples" / "tpcds", ignore=shutil.ignore_patterns("generated"))
    block = Path("tests/fixtures/interchange/lookml/block-shopify")
    shutil.copytree(REPO / block, root / block)
    (root / "mb.yaml").write_text("source: chinook.sqlite\ntargets: [lookml, dbt, cube, powerbi, superset]\noutput: generated\n"
                                  "llm: {model: gpt-4o-mini, cache: llm-cache.json}\n")
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "docs@test")
    _git(root, "config", "user.name", "docs")
    run = lambda *a: subprocess.run([sys.executable, "-m", "compiler.cli", *a], cwd=root, capture_output=True, text=True)  # noqa: E731
    assert run("snapshot", "chinook.sqlite", "--include", "[A-H]*", "-o", "snapshot.yaml").returncode == 0
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "first")
    assert run("snapshot", "chinook.sqlite", "-o", "snapshot.yaml").returncode == 0
    assert run("compile").returncode == 0
    # `my_lookml_project` in the docs: a LookML project of the same database, as a team would have one.
    assert run("compile", "-t", "lookml", "-o", "lookml-out").returncode == 0
    shutil.move(root / "lookml-out" / "lookml", root / "my_lookml_project")
    shutil.rmtree(root / "lookml-out")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "second")
    return root


@pytest.mark.parametrize("path, line, command", list(_all_commands()), ids=lambda v: str(v)[-40:] if isinstance(v, str) else None)
def test_each_documented_command_runs(project, path, line, command):
    words = shlex.split(command)
    where = f"{path.relative_to(REPO)}:{line}: {command}"
    if words[0] == "mb":
        args = [a.replace("SOURCE", "chinook.sqlite") for a in words[1:]]
        if args[0] in LONG_RUNNING:  # a server: its command line must parse (docs/serve.md's own test runs it)
            args.append("--help")
        proc = subprocess.run([sys.executable, "-m", "compiler.cli", *args], cwd=project, capture_output=True, text=True,
                              timeout=600, env={k: v for k, v in __import__("os").environ.items() if not k.startswith("OPENAI")})
        assert "Traceback" not in proc.stderr, where
        # 1 is a finding (drift, a strict LLM step without a key); 2 would be a wrong command line or input.
        assert proc.returncode in (0, 1), f"{where}\n{proc.stderr[-2000:]}"
        assert "error[US001]" not in proc.stderr and "error[FE00" not in proc.stderr, where
    elif words[0] in ("python", "python3") and words[1:2] == ["-m"] and words[2] not in ("venv", "pytest"):
        _module_answers(words[2], where)
    elif words[0] in ("python", "python3") and words[1].endswith(".py"):
        assert (REPO / words[1]).is_file(), where
    elif words[0] == "pip":
        extras = re.findall(r"\.\[([\w,]+)\]", command)
        known = set(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"])
        assert all(set(e.split(",")) <= known for e in extras), where


def _module_answers(module: str, where: str) -> None:
    if module.startswith("bench.") or module.startswith("tests."):
        spec_path = REPO / (module.replace(".", "/") + ".py")
        assert spec_path.is_file(), where
    if module.startswith("bench."):
        proc = subprocess.run([sys.executable, "-m", module, "--help"], cwd=REPO, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"{where}\n{proc.stderr[-1000:]}"


def test_inline_python_commands_name_real_scripts():
    for path in DOCS:
        for command in inline_commands(path):
            words = shlex.split(command)
            where = f"{path.relative_to(REPO)}: {command}"
            if words[1:3] == ["-m", "pytest"]:
                paths = [w.split("::")[0] for w in words[3:] if not w.startswith("-")]
                assert paths and all((REPO / p).exists() for p in paths), where
            elif words[1] == "-m":
                _module_answers(words[2], where)
            else:
                assert (REPO / words[1]).is_file(), where


def test_every_install_extra_is_in_the_readme():
    extras = set(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]) - {"dev"}
    readme = (REPO / "README.md").read_text()
    assert {e for e in extras if f".[{e}]" not in readme} == set()


def test_no_placeholder_urls():
    files = DOCS + [p for p in (REPO / "examples").rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml", ".md")
                    and "generated" not in p.parts]
    found = [f"{p.relative_to(REPO)}: {m.group()}" for p in files for m in PLACEHOLDERS.finditer(p.read_text(encoding="utf-8"))]
    assert found == []
