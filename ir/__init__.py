"""The typed intermediate representation shared by frontends, passes and backends."""

from ir.catalog import Column, ColumnProfile, ForeignKey, SamplePolicy, Table, TableProfile, TableRef, UniqueKey
from ir.evidence import Containment, Evidence
from ir.provenance import Provenance, Text
from ir.semantic import (
    Dimension,
    Entity,
    Explore,
    ExploreTime,
    Join,
    JoinStep,
    JoinedFilter,
    Measure,
    Metric,
    Relationship,
    RelationshipEnd,
    SemanticModel,
    TimeAxis,
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
    "ExploreTime",
    "ForeignKey",
    "Join",
    "JoinStep",
    "JoinedFilter",
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
    "TimeAxis",
    "TimeDimension",
    "UniqueKey",
]
