"""The typed intermediate representation shared by frontends, passes and backends."""

from ir.catalog import Column, ColumnProfile, ForeignKey, SamplePolicy, Table, TableProfile, TableRef, UniqueKey
from ir.evidence import Containment, Evidence
from ir.provenance import Provenance, Text
from ir.semantic import (
    Dimension,
    Entity,
    Explore,
    Join,
    Measure,
    Metric,
    Relationship,
    RelationshipEnd,
    SemanticModel,
    TimeDimension,
)
from ir.snapshot import SNAPSHOT_VERSION, Snapshot, Source

__all__ = [
    "Column",
    "Containment",
    "Evidence",
    "SamplePolicy",
    "TableProfile",
    "ColumnProfile",
    "Dimension",
    "Entity",
    "Explore",
    "ForeignKey",
    "Join",
    "Measure",
    "Metric",
    "Provenance",
    "Relationship",
    "RelationshipEnd",
    "SNAPSHOT_VERSION",
    "SemanticModel",
    "Snapshot",
    "Source",
    "Table",
    "TableRef",
    "Text",
    "TimeDimension",
    "UniqueKey",
]
