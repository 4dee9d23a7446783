"""Apply the `overrides:` of mb.yaml with `human` provenance, after inference and before the
passes that derive from it (measures, table roles, explores, labels), so a person's fix to a
relationship or a column role shapes everything generated from it.

An override naming something that no longer exists is a warning with the file and line of the
override: never a crash, never silently ignored.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from compiler.diagnostics import IM004, OV001, OV002
from compiler.pipeline import Context, State
from compiler.types import TIME_TYPES
from ir.catalog import Table
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, Measure, Metric, Relationship, RelationshipEnd, RowFilter, TimeAxis, TimeDimension
from compiler.naming import snake

NAME = "apply_overrides"


class _Applier:
    def __init__(self, state: State, ctx: Context):
        self.state, self.ctx, self.config = state, ctx, ctx.config
        self.tables = state.snapshot.tables
        self.entities = {e.table.key: e for e in state.model.entities}
        self.dialect = state.model.dialect

    def where(self, *loc) -> str:
        return self.config.location_of(("overrides", *loc))

    def adopted(self, *loc) -> str | None:
        """file:line of the hand-written model an adopted override came from (compiler/adopt.py)."""
        origins = self.config.overrides.origins
        return next((origins[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in origins), None)

    def human(self, *loc) -> Provenance:
        origin = self.adopted(*loc)
        if origin:
            return Provenance(origin="human", by="adopted", location=origin)
        return Provenance(origin="human", by="mb.yaml", location=self.config.location_of(("overrides", *loc), short=True))

    def text(self, value: str, *loc) -> Text:
        return Text(value=value, provenance=self.human(*loc))

    def find_table(self, name: str) -> Table | None:
        """By table name, schema.name or entity name; exact first, then case-insensitive if unique."""
        exact = [t for t in self.tables if name in (t.name, t.key) or self.entities[t.key].name == name]
        if exact:
            return exact[0]
        folded = [t for t in self.tables if name.lower() in (t.name.lower(), t.key.lower())]
        return folded[0] if len(folded) == 1 else None

    def find_field(self, entity: Entity, name: str) -> Dimension | TimeDimension | None:
        for f in [*entity.dimensions, *entity.time_dimensions]:
            if name in (f.column, f.name):
                return f
        lowered = [f for f in [*entity.dimensions, *entity.time_dimensions] if (f.column or "").lower() == name.lower()]
        return lowered[0] if len(lowered) == 1 else None

    # -- relationships ------------------------------------------------------------------------

    def end(self, end, *loc) -> RelationshipEnd | None:
        table = self.find_table(end.table)
        if table is None:
            self.ctx.diags.report(OV001, f"relationship override names table {end.table!r}, which does not exist", self.where(*loc, "table"))
            return None
        missing = [c for c in end.columns if table.column(c) is None]
        if missing:
            self.ctx.diags.report(OV001, f"relationship override names columns {missing} not in {table.key}", self.where(*loc, "columns"))
            return None
        return RelationshipEnd(table=table.name, schema=table.schema_, columns=list(end.columns))

    def relationships(self, ov) -> None:
        rels = self.state.model.relationships
        # A person's decision settles a suggestion too: removed (rejected) or added (accepted),
        # it is no longer waiting for review.
        suggested = self.state.model.suggested_relationships

        def same(x: Relationship, src: RelationshipEnd, dst: RelationshipEnd) -> bool:
            return x.from_.table_key == src.table_key and x.from_.columns == src.columns and x.to.table_key == dst.table_key

        for i, r in enumerate(ov.remove):
            loc = ("relationships", "remove", i)
            src, dst = self.end(r.from_, *loc, "from"), self.end(r.to, *loc, "to")
            if src is None or dst is None:
                continue
            keep = [x for x in rels if not same(x, src, dst)]
            unsuggested = [x for x in suggested if not same(x, src, dst)]
            if len(keep) == len(rels) and len(unsuggested) == len(suggested):
                self.ctx.diags.report(OV001, f"no relationship {src.table_key}({', '.join(src.columns)}) -> {dst.table_key} to remove", self.where(*loc))
            rels[:], suggested[:] = keep, unsuggested
            self._unmark_foreign_key(src)
        for i, r in enumerate(ov.add):
            loc = ("relationships", "add", i)
            src, dst = self.end(r.from_, *loc, "from"), self.end(r.to, *loc, "to")
            if src is None or dst is None:
                continue
            origin = self.adopted(*loc)
            for x in rels:
                same_key = x.from_.table_key == src.table_key and x.from_.columns == src.columns
                if same_key and x.origin != "human" and (x.to.table_key != dst.table_key or x.cardinality != r.cardinality):
                    self.ctx.diags.report(IM004, f"{src.table_key}({', '.join(src.columns)}): written as {r.cardinality} to "
                                                 f"{dst.table_key}, {x.origin} as {x.cardinality} to {x.to.table_key}; the written "
                                                 "one is kept", origin or self.where(*loc))
            rels[:] = [x for x in rels if not same(x, src, dst)]
            suggested[:] = [x for x in suggested if not same(x, src, dst)]
            rel = Relationship.model_validate({
                "from": src, "to": dst, "cardinality": r.cardinality, "origin": "human", "confidence": 1.0,
                "evidence": [f"added in {origin or self.config.location_of(('overrides', *loc), short=True)}"],
            })
            if r.role is not None:
                rel.role, rel.role_provenance = snake(r.role, "join"), self.human(*loc, "role")
            rels.append(rel)
            self._mark_foreign_key(src)
        rels.sort(key=lambda x: x.sort_key())

    def _mark_foreign_key(self, end: RelationshipEnd) -> None:
        entity = self.entities[end.table_key]
        for f in entity.dimensions:
            if f.column in end.columns:
                f.role, f.foreign_key = "key", True

    def _unmark_foreign_key(self, end: RelationshipEnd) -> None:
        still = {c for r in self.state.model.relationships if r.from_.table_key == end.table_key for c in r.from_.columns}
        entity = self.entities[end.table_key]
        for f in entity.dimensions:
            if f.column in end.columns and f.column not in still:
                f.foreign_key = False
                if f.column not in entity.primary_key:
                    f.role = "dimension"

    # -- tables, columns, measures, metrics ---------------------------------------------------

    def table(self, key: str, ov) -> None:
        table = self.find_table(key)
        if table is None:
            self.ctx.diags.report(OV001, f"override names table {key!r}, which does not exist", self.where("tables", key))
            return
        entity = self.entities[table.key]
        if ov.label is not None:
            entity.label = self.text(ov.label, "tables", key, "label")
        if ov.description is not None:
            entity.description = self.text(ov.description, "tables", key, "description")
        if ov.hidden is not None:
            entity.hidden = ov.hidden
        if ov.primary_key is not None:
            self.primary_key(entity, table, key, ov.primary_key)
        if ov.role is not None:
            entity.role, entity.role_provenance = ov.role, self.human("tables", key, "role")
        for col, cov in ov.columns.items():
            self.column(entity, key, col, cov)
        if ov.time_dimension is not None:
            self.time_dimension(entity, key, ov.time_dimension)
        if ov.row_filters is not None:
            self.row_filters(entity, table, key, ov.row_filters)
        for i, m in enumerate(ov.measures):
            self.measure(entity, table, key, i, m)
        for i, m in enumerate(ov.metrics):
            self.metric(entity, key, i, m)

    def primary_key(self, entity: Entity, table: Table, key: str, columns: list[str]) -> None:
        loc = ("tables", key, "primary_key")
        missing = [c for c in columns if table.column(c) is None]
        if missing:
            self.ctx.diags.report(OV001, f"primary key names columns {missing} that {table.key} does not have", self.where(*loc))
            return
        origin = self.adopted(*loc) or self.where(*loc)
        if entity.primary_key and entity.primary_key != columns and not (
                entity.primary_key_provenance and entity.primary_key_provenance.origin == "human"):
            self.ctx.diags.report(IM004, f"{table.key}: primary key written as ({', '.join(columns)}), "
                                         f"{(entity.primary_key_provenance.origin if entity.primary_key_provenance else 'found')} as "
                                         f"({', '.join(entity.primary_key)}); the written one is kept", origin)
        entity.primary_key, entity.primary_key_provenance = list(columns), self.human(*loc)
        for d in entity.dimensions:
            d.primary_key = d.column in columns
            if d.primary_key:
                d.role = "key"

    def column(self, entity: Entity, key: str, col: str, ov) -> None:
        loc = ("tables", key, "columns", col)
        field = self.find_field(entity, col)
        if field is None:
            self.ctx.diags.report(OV001, f"override names column {col!r}, which {entity.table.key} does not have", self.where(*loc))
            return
        if ov.label is not None:
            field.label = self.text(ov.label, *loc, "label")
        if ov.description is not None:
            field.description = self.text(ov.description, *loc, "description")
        if ov.hidden is not None:
            field.hidden, field.hidden_provenance = ov.hidden, self.human(*loc, "hidden")
        if isinstance(field, Dimension):
            if ov.semantic_type is not None:
                field.semantic_type = ov.semantic_type
            if ov.role == "time":
                self.ctx.diags.report(OV002, f"{col!r} is not a date or timestamp column; role time ignored", self.where(*loc, "role"))
            elif ov.role is not None:
                field.role = ov.role
            if ov.additivity is not None:
                field.additivity, field.additivity_provenance = ov.additivity, self.human(*loc, "additivity")
            if ov.accepted_values is not None:
                field.accepted_values = sorted(ov.accepted_values, key=lambda v: (str(type(v)), v)) or None
                field.accepted_values_provenance = self.human(*loc, "accepted_values")
            if ov.kind is not None:
                self.ctx.diags.report(OV002, f"{col!r} is not a date or timestamp column; kind ignored", self.where(*loc, "kind"))
        else:
            if ov.role not in (None, "time"):
                self.ctx.diags.report(OV002, f"{col!r} is a time column; role {ov.role} ignored", self.where(*loc, "role"))
            for what in ("additivity", "accepted_values"):
                if getattr(ov, what) is not None:
                    self.ctx.diags.report(OV002, f"{col!r} is a time column; {what} ignored", self.where(*loc, what))
            if ov.kind is not None:
                field.kind, field.kind_provenance = ov.kind, self.human(*loc, "kind")
        if ov.model_fields_set - {"llm"}:  # `llm: false` alone says nothing about the field itself
            field.provenance = self.human(*loc)

    def time_dimension(self, entity: Entity, key: str, column: str) -> None:
        loc = ("tables", key, "time_dimension")
        field = self.find_field(entity, column)
        if not isinstance(field, TimeDimension):
            what = "is not a date or timestamp column of" if field is not None else "is not a column of"
            self.ctx.diags.report(OV001 if field is None else OV002, f"time_dimension {column!r} {what} {entity.table.key}", self.where(*loc))
            return
        entity.time_axis = TimeAxis(entity=entity.name, dimension=field.name, provenance=self.human(*loc))

    def row_filters(self, entity: Entity, table: Table, key: str, filters: list) -> None:
        """The filters as written, in place of any soft_deletes would find (none for `[]`); one
        naming a column the table lacks, or a time filter on no time, is reported and left out."""
        loc = ("tables", key, "row_filters")
        kept: list[RowFilter] = []
        for i, f in enumerate(filters):
            column = table.column(f.column) or next((c for c in table.columns if c.name.lower() == f.column.lower()), None)
            if column is None:
                self.ctx.diags.report(OV001, f"row filter names column {f.column!r}, which {table.key} does not have", self.where(*loc, i, "column"))
                continue
            if f.kind == "timestamp" and column.data_type not in TIME_TYPES:
                self.ctx.diags.report(OV002, f"row filter {f.column!r} is a timestamp filter on a {column.data_type} column", self.where(*loc, i, "kind"))
                continue
            kept.append(RowFilter(column=column.name, kind=f.kind, deleted_value=f.deleted_value if f.kind == "flag" else None,
                                  provenance=self.human(*loc, i)))
        entity.row_filters, entity.row_filters_provenance = kept, self.human(*loc)

    def _columns_ok(self, sql: str, table: Table, *loc) -> exp.Expression | None:
        try:
            tree = sqlglot.parse_one(sql, read=self.dialect)
        except SqlglotError as e:
            self.ctx.diags.report(OV002, f"does not parse as {self.dialect} SQL: {str(e).splitlines()[0]}", self.where(*loc))
            return None
        unknown = sorted({c.name for c in tree.find_all(exp.Column) if table.column(c.name) is None})
        if unknown:
            self.ctx.diags.report(OV001, f"refers to columns {unknown} that {table.key} does not have", self.where(*loc))
            return None
        return tree

    def measure(self, entity: Entity, table: Table, key: str, i: int, ov) -> None:
        loc = ("tables", key, "measures", i)
        column = expr = None
        if ov.expr is not None:
            tree = self._columns_ok(ov.expr, table, *loc, "expr")
            if tree is None:
                return
            column, expr = (tree.name, None) if isinstance(tree, exp.Column) else (None, ov.expr)
        if ov.filter is not None and self._columns_ok(ov.filter, table, *loc, "filter") is None:
            return
        if ov.agg != "count" and column is None and expr is None:
            self.ctx.diags.report(OV002, f"measure {ov.name!r} with agg {ov.agg} needs an expr", self.where(*loc))
            return
        name = snake(ov.name, "measure")
        taken = {f.name for f in [*entity.dimensions, *entity.time_dimensions, *entity.measures]}
        if name in taken:
            self.ctx.diags.report(OV002, f"measure name {name!r} is already a field of {entity.name}", self.where(*loc, "name"))
            return
        entity.measures.append(Measure(
            name=name, agg=ov.agg, column=column, expr=expr, filter=ov.filter, format=ov.format, hidden=ov.hidden,
            label=self.text(ov.label, *loc, "label") if ov.label else None,
            description=self.text(ov.description, *loc, "description") if ov.description else None,
            provenance=self.human(*loc),
        ))

    def metric(self, entity: Entity, key: str, i: int, ov) -> None:
        loc = ("tables", key, "metrics", i)
        self.state.model.metrics.append(Metric(
            name=snake(ov.name, "metric"), type=ov.type, entity=entity.name, measure=ov.measure, numerator=ov.numerator,
            denominator=ov.denominator, expr=ov.expr,
            label=self.text(ov.label, *loc, "label") if ov.label else None,
            description=self.text(ov.description, *loc, "description") if ov.description else None,
            provenance=self.human(*loc),
        ))


def run(state: State, ctx: Context) -> None:
    overrides = getattr(ctx.config, "overrides", None)
    if overrides is None:
        return
    applier = _Applier(state, ctx)
    applier.relationships(overrides.relationships)
    for key, ov in overrides.tables.items():
        applier.table(key, ov)
