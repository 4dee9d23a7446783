"""The architecture's import rules, checked on the source: a layer that reaches into another layer's
internals fails here, not in review.

- the IR imports nothing of ours;
- passes never import frontends, the profiler or backends;
- backends never import frontends, the profiler or passes;
- frontends and the profiler never import passes or backends, not even inside a function (a lazy
  import is still a dependency: the profiler measures, the passes decide from what it measured);
- leaf helpers (naming, type families, diagnostics, the pass protocol, the classification rules) import only the IR and
  other leaves, so every layer may use them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OURS = ("ir", "passes", "backends", "compiler", "grammars")

LEAVES = {"compiler.naming", "compiler.types", "compiler.diagnostics", "compiler.pipeline", "compiler",
          "compiler.classification", "compiler.classification.rules", "compiler.classification.values", "compiler.yamlwrite", "compiler.calendar",
          "compiler.time_kinds", "compiler.value_words", "compiler.whole_numbers"}

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "ir": ("passes", "backends", "compiler", "grammars"),
    "passes": ("compiler.frontends", "compiler.profiler", "backends"),
    "backends": ("compiler.frontends", "compiler.profiler", "passes"),
    "compiler.frontends": ("passes", "backends"),
    "compiler.profiler": ("passes", "backends"),
}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, root: Path) -> list[tuple[str, int]]:
    """Modules of ours that `path` imports, with the line, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path, root)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((name, node.lineno))
            # `from passes import naming` imports passes.naming
            found += [(f"{name}.{alias.name}", node.lineno) for alias in node.names]
    return [(n, line) for n, line in found if n.split(".")[0] in OURS]


def _sources(root: Path) -> list[Path]:
    return sorted(p for top in OURS for p in (root / top).rglob("*.py"))


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _violations(root: Path = REPO) -> list[str]:
    out = []
    known = {_module_name(p, root) for p in _sources(root)}
    for path in _sources(root):
        mod = _module_name(path, root)
        for name, line in _imports(path, root):
            if name not in known and name.rpartition(".")[0] in known:
                continue  # `from x import some_function`: the module itself was checked
            where = f"{path.relative_to(root)}:{line}"
            for layer, banned in FORBIDDEN.items():
                if _within(mod, layer) and any(_within(name, b) for b in banned):
                    out.append(f"{where}: {mod} ({layer}) imports {name}")
            if mod in LEAVES and not (_within(name, "ir") or name in LEAVES):
                out.append(f"{where}: leaf {mod} imports {name}")
    return out


def test_layers_import_only_what_the_architecture_allows():
    assert _violations() == []


@pytest.mark.parametrize(
    "module, source, expected",
    [
        ("backends/x/plan.py", "from passes.naming import snake\n", "imports passes.naming"),
        ("backends/x/plan.py", "from passes import naming\n", "imports passes"),
        ("ir/x.py", "from compiler.naming import snake\n", "imports compiler.naming"),
        ("passes/x.py", "import compiler.profiler.queries\n", "imports compiler.profiler.queries"),
        ("compiler/frontends/x.py", "from backends.base import Files\n", "imports backends.base"),
        ("compiler/profiler/x.py", "from passes.value_kinds import names_level\n", "imports passes.value_kinds"),
        # an import inside a function body is found too (the walk covers the whole tree)
        ("compiler/profiler/x.py", "def f():\n    from passes.value_kinds import names_level\n", "imports passes.value_kinds"),
        ("compiler/frontends/x.py", "class C:\n    def f(self):\n        import passes\n", "imports passes"),
        ("compiler/profiler/x.py", "def f():\n    if True:\n        from passes import default_pipeline\n", "imports passes"),
        ("compiler/naming.py", "from compiler.config import Config\n", "leaf compiler.naming imports compiler.config"),
    ],
)
def test_the_check_catches_a_forbidden_import(tmp_path, module, source, expected):
    # The same check over a fake tree holding one offending module.
    for top in OURS:
        (tmp_path / top).mkdir()
    target = tmp_path / module
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source)
    found = _violations(tmp_path)
    assert any(expected in v for v in found), found
