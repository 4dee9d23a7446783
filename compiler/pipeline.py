"""The pass manager: orders passes by what they require, times them, and guards against a pass
that crashes (an internal-error diagnostic instead of a traceback)."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from compiler.diagnostics import IN001, Diagnostics
from ir.semantic import SemanticModel
from ir.snapshot import Snapshot


@dataclass
class Context:
    """What a pass may read besides the model, and where it reports."""

    diags: Diagnostics
    config: Any = None  # compiler.config.Config; Any keeps passes free of the driver's imports
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class State:
    """The working IR: the snapshot (catalog, read by passes) and the semantic model they build."""

    snapshot: Snapshot
    model: SemanticModel


class Pass(Protocol):
    name: str
    requires: tuple[str, ...]

    def run(self, state: State, ctx: Context) -> None: ...


@dataclass(frozen=True)
class FunctionPass:
    """A pass made from a plain function; most passes are one."""

    name: str
    fn: Callable[[State, Context], None]
    requires: tuple[str, ...] = ()

    def run(self, state: State, ctx: Context) -> None:
        self.fn(state, ctx)


def order_passes(passes: list[Pass]) -> list[Pass]:
    """Keep the given order, but move a pass after everything it requires (stable topological sort)."""
    by_name = {p.name: p for p in passes}
    for p in passes:
        for r in p.requires:
            if r not in by_name:
                raise ValueError(f"pass {p.name} requires unknown pass {r}")
    done: list[Pass] = []
    seen: set[str] = set()
    visiting: set[str] = set()

    def visit(p: Pass) -> None:
        if p.name in seen:
            return
        if p.name in visiting:
            raise ValueError(f"pass dependency cycle through {p.name}")
        visiting.add(p.name)
        for r in p.requires:
            visit(by_name[r])
        visiting.discard(p.name)
        seen.add(p.name)
        done.append(p)

    for p in passes:
        visit(p)
    return done


class PassManager:
    def __init__(self, passes: list[Pass], dump_after: str | None = None, dump: Callable[[str, State], None] | None = None,
                 before: dict[str, Callable[[State, Context], None]] | None = None):
        self.passes = order_passes(passes)
        # Driver steps run just before the named pass: the I/O a pure pass needs done for it
        # (compiler.llm asks the model, then annotate_with_llm reads the answers).
        self.before = before or {}
        names = [p.name for p in self.passes]
        if dump_after is not None and dump_after not in names:
            raise ValueError(f"--dump-ir-after: no pass named {dump_after!r}; passes are: {', '.join(names)}")
        self.dump_after = dump_after
        self.dump = dump

    def run(self, state: State, ctx: Context) -> State:
        for p in self.passes:
            start = time.perf_counter()
            try:
                if p.name in self.before:
                    self.before[p.name](state, ctx)  # times itself; not the pass's time
                    start = time.perf_counter()
                p.run(state, ctx)
            except Exception as e:  # noqa: BLE001 - the guard is the point
                tb = traceback.extract_tb(e.__traceback__)[-1]
                ctx.diags.report(
                    IN001,
                    f"pass {p.name} crashed: {type(e).__name__}: {e} (at {tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})",
                    p.name,
                )
                ctx.timings[p.name] = time.perf_counter() - start
                break
            ctx.timings[p.name] = time.perf_counter() - start
            if self.dump_after == p.name and self.dump is not None:
                self.dump(p.name, state)
            if ctx.diags.has_errors():
                break
        return state
