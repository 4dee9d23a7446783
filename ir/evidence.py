"""Evidence gathered in the database at snapshot time for later, pure, inference passes."""

from __future__ import annotations

from pydantic import Field

from ir.base import IRModel
from ir.semantic import RelationshipEnd


class Containment(IRModel):
    """How much of `from` (distinct non-null values) is found in `to`: the classic inclusion
    dependency test behind an undeclared foreign key."""

    from_: RelationshipEnd = Field(alias="from")
    to: RelationshipEnd
    from_distinct: int = Field(description="Distinct non-null values (or tuples) of the referencing columns.")
    matched: int = Field(description="How many of those are found in the referenced columns.")
    ratio: float = Field(ge=0.0, le=1.0, description="matched / from_distinct (1.0 when from_distinct is 0).")
    sampled: bool = Field(default=False, description="True when computed on a sample of the referencing table.")


class GrainCheck(IRModel):
    """Columns of a table without a key, their distinct tuples counted on the whole table: its
    grain when every row has its own (distinct == rows)."""

    table_key: str
    columns: list[str]
    rows: int = Field(description="Rows of the table.")
    distinct: int = Field(description="Distinct tuples of these columns.")

    @property
    def unique(self) -> bool:
        return self.rows > 0 and self.distinct == self.rows


class Evidence(IRModel):
    containment: list[Containment] = Field(default_factory=list)
    grains: list[GrainCheck] | None = Field(
        default=None, description="Column tuples of tables without a key, counted (compiler/profiler/grain.py); absent when none was.")
    candidates_considered: int | None = Field(default=None, description="Column pairs looked at before pruning.")
    candidates_checked: int | None = Field(default=None, description="Column pairs checked in the database.")
