"""Options that narrow what a frontend reads."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field


@dataclass
class SourceOptions:
    dialect: str | None = None
    schemas: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    # Seconds any statement or lock wait may take while reading the schema (None: no limit).
    query_timeout: float | None = 300.0

    def wants(self, name: str, schema: str | None = None) -> bool:
        """Whether a table passes --include/--exclude (globs on the name or schema.name)."""
        names = [name] if not schema else [name, f"{schema}.{name}"]

        def hit(patterns: list[str]) -> bool:
            return any(fnmatch.fnmatchcase(n, p) for p in patterns for n in names)

        if self.include and not hit(self.include):
            return False
        return not (self.exclude and hit(self.exclude))

    def wants_schema(self, schema: str | None) -> bool:
        return not self.schemas or schema in self.schemas
