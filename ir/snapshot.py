"""The snapshot: the catalog of one source, serialized for git. See docs/snapshot.md."""

from __future__ import annotations

from pydantic import Field, field_validator

from ir.base import IRModel
from ir.catalog import Table
from ir.evidence import Evidence
from ir.semantic import Relationship

SNAPSHOT_VERSION = 1


class Source(IRModel):
    dialect: str = Field(description="The sqlglot dialect name of the source (duckdb, sqlite, postgres, mysql, ...).")
    description: str = Field(description="A credential-free description: a redacted URL or a file name.")
    database: str | None = None


class Snapshot(IRModel):
    version: int = Field(default=SNAPSHOT_VERSION, ge=1, description="The snapshot format version (1 today).")
    created_by: str | None = None
    created_at: str | None = Field(default=None, description="Only written when asked for (--timestamp); keeps diffs clean.")
    source: Source
    tables: list[Table] = Field(default_factory=list)
    relationships: list[Relationship] = Field(
        default_factory=list,
        description="Relationships known when the snapshot was taken (declared foreign keys).",
    )
    evidence: Evidence = Field(default_factory=Evidence)

    @field_validator("tables")
    @classmethod
    def _unique_tables(cls, tables: list[Table]) -> list[Table]:
        seen: set[str] = set()
        for t in tables:
            if t.key in seen:
                raise ValueError(f"table {t.key!r} appears twice")
            seen.add(t.key)
        return tables

    def table(self, key: str) -> Table | None:
        for t in self.tables:
            if t.key == key or (t.name == key and not t.schema_):
                return t
        return None
