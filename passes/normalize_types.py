"""Every column gets its normalized data type (compiler.types holds the type families)."""

from __future__ import annotations

from compiler.pipeline import Context, State
from compiler.types import normalize_type


def run(state: State, ctx: Context) -> None:
    dialect = state.snapshot.source.dialect
    for table in state.snapshot.tables:
        for col in table.columns:
            col.data_type = normalize_type(col.type, dialect)  # type: ignore[assignment]
