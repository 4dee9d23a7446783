"""Declared foreign keys as relationships: a translation of what the database declares (cardinality
from key uniqueness), not an inference, so every layer may use it."""

from __future__ import annotations

from ir.catalog import Table
from ir.semantic import Relationship, RelationshipEnd


def relationships_from_foreign_keys(tables: list[Table]) -> list[Relationship]:
    out = []
    for t in tables:
        for fk in t.foreign_keys:
            # A foreign key whose own columns are unique can match at most one row per target:
            # one_to_one (an extension table); otherwise many rows point at one target.
            cardinality = "one_to_one" if t.is_unique(fk.columns) else "many_to_one"
            out.append(
                Relationship.model_validate(
                    {
                        "from": RelationshipEnd(table=t.name, schema=t.schema_, columns=list(fk.columns)),
                        "to": RelationshipEnd(table=fk.ref_table.name, schema=fk.ref_table.schema_, columns=list(fk.ref_columns)),
                        "cardinality": cardinality,
                        "origin": "declared",
                        "confidence": 1.0,
                        "name": fk.name,
                        "evidence": ["declared foreign key" + (f" {fk.name}" if fk.name else "")],
                    }
                )
            )
    out.sort(key=lambda r: r.sort_key())
    return out
