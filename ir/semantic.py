"""The semantic model: entities with dimensions, time dimensions and measures; metrics;
relationships; explores. Backends read only this (plus the source dialect)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ir.base import IRModel
from ir.catalog import DataType, TableRef
from ir.provenance import Provenance, Text

Cardinality = Literal["many_to_one", "one_to_one", "one_to_many", "many_to_many"]
Aggregation = Literal["count", "count_distinct", "sum", "avg", "min", "max"]
RelationshipOrigin = Literal["declared", "inferred", "human"]


class RelationshipEnd(IRModel):
    table: str
    schema_: str | None = Field(default=None, alias="schema")
    columns: list[str]

    @property
    def table_key(self) -> str:
        return f"{self.schema_}.{self.table}" if self.schema_ else self.table


class Relationship(IRModel):
    """A join path between two tables. `from` is the referencing (many) side."""

    from_: RelationshipEnd = Field(alias="from")
    to: RelationshipEnd
    cardinality: Cardinality
    origin: RelationshipOrigin
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    name: str | None = Field(default=None, description="The constraint name, when declared.")
    evidence: list[str] = Field(default_factory=list)

    def sort_key(self) -> tuple:
        return (self.from_.table_key, self.from_.columns, self.to.table_key, self.to.columns)


class Field_(IRModel):
    name: str
    column: str | None = Field(default=None, description="The source column, when the field maps one column.")
    expr: str | None = Field(default=None, description="A SQL expression over the table's columns, in the source dialect.")
    label: Text | None = None
    description: Text | None = None
    hidden: bool = False
    provenance: Provenance | None = None
    native_type: str | None = Field(default=None, description="The source column's type as the source spells it.")
    nullable: bool | None = Field(default=None, description="Whether the source column admits NULL (None: unknown).")


class Dimension(Field_):
    data_type: DataType = "string"
    role: Literal["key", "dimension", "measure"] = Field(default="dimension", description="measure: a numeric value also aggregated by measures.")
    primary_key: bool = False
    foreign_key: bool = False
    semantic_type: str | None = Field(default=None, description="email, phone, country, currency_amount, ...: set by classify_semantics.")
    semantic_provenance: Provenance | None = None
    sensitivity: str | None = Field(default=None, description="pii.email, secret.password, ...: values need care.")
    sensitivity_provenance: Provenance | None = None


class TimeDimension(Field_):
    data_type: Literal["date", "timestamp", "timestamp_tz"] = "timestamp"
    # A birth date is a time dimension and personal data at once.
    semantic_type: str | None = None
    semantic_provenance: Provenance | None = None
    sensitivity: str | None = None
    sensitivity_provenance: Provenance | None = None


class Measure(Field_):
    agg: Aggregation
    filter: str | None = Field(default=None, description="A SQL boolean expression restricting the rows aggregated.")
    format: str | None = Field(default=None, description="A format class: integer, decimal, percent, currency.")
    data_type: DataType | None = None


class Metric(IRModel):
    name: str
    type: Literal["simple", "ratio", "derived"]
    entity: str | None = None
    measure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    expr: str | None = None
    label: Text | None = None
    description: Text | None = None
    provenance: Provenance | None = None


class Entity(IRModel):
    name: str = Field(description="A lowercase identifier unique in the model.")
    table: TableRef
    kind: Literal["table", "view", "materialized_view"] = "table"
    role: Literal["fact", "dimension", "bridge", "unknown"] = "unknown"
    role_provenance: Provenance | None = None
    label: Text | None = None
    description: Text | None = None
    primary_key: list[str] = Field(default_factory=list, description="Column names of the primary key.")
    primary_key_provenance: Provenance | None = None
    key_kind: Literal["surrogate", "natural"] | None = Field(
        default=None, description="surrogate: a meaningless generated identifier; natural: values that mean something (codes, composite keys)."
    )
    row_count: int | None = None
    hidden: bool = False
    dimensions: list[Dimension] = Field(default_factory=list)
    time_dimensions: list[TimeDimension] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)

    def field_for_column(self, column: str) -> Dimension | TimeDimension | None:
        for f in self.dimensions:
            if f.column == column:
                return f
        for t in self.time_dimensions:
            if t.column == column:
                return t
        return None

    def column_fields(self) -> dict[str, Dimension | TimeDimension]:
        """Column name -> its field (the first, when an expression reuses a column)."""
        out: dict[str, Dimension | TimeDimension] = {}
        for f in [*self.dimensions, *self.time_dimensions]:
            if f.column is not None:
                out.setdefault(f.column, f)
        return out


class Join(IRModel):
    alias: str = Field(description="The name the joined entity has inside the explore.")
    entity: str
    from_alias: str = Field(description="The alias (root or an earlier join) this join hangs from.")
    from_columns: list[str]
    to_columns: list[str]
    cardinality: Cardinality
    type: Literal["left_outer", "inner", "full_outer"] = "left_outer"


class Explore(IRModel):
    name: str
    root: str = Field(description="The entity the explore starts from.")
    label: Text | None = None
    description: Text | None = None
    joins: list[Join] = Field(default_factory=list)
    provenance: Provenance | None = None


class SemanticModel(IRModel):
    name: str
    dialect: str
    source: str | None = Field(default=None, description="The credential-free description of the source (a file name or redacted URL).")
    database: str | None = Field(default=None, description="The source database's name, when known.")
    entities: list[Entity] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    suggested_relationships: list[Relationship] = Field(
        default_factory=list,
        description="Inferred relationships below inference.relationship_threshold (reported as AN007): not joined, "
        "kept for review. A person accepts one by adding it under overrides.relationships.",
    )
    explores: list[Explore] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)

    def entity(self, name: str) -> Entity | None:
        for e in self.entities:
            if e.name == name:
                return e
        return None

    def entity_index(self) -> dict[str, Entity]:
        return {e.name: e for e in self.entities}
