"""What the importers of hand-written models share (each format's importer lives in its backend).

An import turns files people wrote into a SemanticModel whose facts carry `human` provenance with
the file and line they came from; the round-trip reader of mb's own output uses the same code
with `declared` provenance. Names become the IR's lowercase identifiers, unique in their scope,
and the importer keeps the way back from each original name, since the files refer to each
other by those.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from compiler.diagnostics import Code, Diagnostics
from compiler.naming import NameTable, snake
from compiler.yamlio import Located, LocatedList
from ir.catalog import TableRef
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, Relationship, RelationshipEnd, SemanticModel, TimeDimension


@lru_cache(maxsize=1 << 14)
def _human(by: str, location: str | None) -> Provenance:
    return Provenance(origin="human", by=by, location=location)


class Reading:
    """One import (or round-trip read): provenance, located diagnostics, names."""

    def __init__(self, fmt: str, diags: Diagnostics, human: bool = True) -> None:
        self.fmt, self.diags, self.human = fmt, diags, human
        self.entity_names = NameTable()

    def provenance(self, location: str | None) -> Provenance:
        return _human(self.fmt, location) if self.human else Provenance.declared(self.fmt)

    def text(self, value: Any, location: str | None) -> Text | None:
        """A label or description; a blank one people wrote is no text, mb's own is kept as it is."""
        if value is None or (self.human and isinstance(value, str) and not value.strip()):
            return None
        return Text(value=str(value), provenance=self.provenance(location))

    def report(self, code: Code, message: str, location: str | None) -> None:
        self.diags.report(code, message, location)


def at(path: str, node: Any = None, key: Any = None) -> str:
    """`path:line` of a node read with compiler.yamlio.load_located (of its `key`, if given)."""
    line = None
    if isinstance(node, Located):
        line = node.line_of(key) if key is not None else node.line
    elif isinstance(node, LocatedList):
        line = node.lines[key] if isinstance(key, int) and key < len(node.lines) else node.line
    return f"{path}:{line}" if line else path


_IDENT = re.compile(r"[a-z_][a-z0-9_]*\Z")


def ident(name: str, fallback: str) -> str:
    """The IR identifier for a name people gave: kept when it already is one (`_loaded_at`),
    else snake_case."""
    return name if _IDENT.match(name) else snake(name, fallback)


class Fields:
    """The fields of one entity under construction: unique names, and the way back from the
    names the files use."""

    def __init__(self, entity: Entity) -> None:
        self.entity = entity
        self.names = NameTable({f.name for f in [*entity.dimensions, *entity.time_dimensions, *entity.measures]})
        # Measures only: for formats whose measures have a namespace of their own (Ossie metrics).
        self.measure_names = NameTable({m.name for m in entity.measures})
        self.by_original: dict[str, Dimension | TimeDimension] = {}

    def claim(self, original: str) -> str:
        return self.names.claim(ident(original, "field"))

    def add(self, original: str, f: Dimension | TimeDimension) -> None:
        (self.entity.time_dimensions if isinstance(f, TimeDimension) else self.entity.dimensions).append(f)
        self.by_original.setdefault(original, f)
        self.by_original.setdefault(f.name, f)

    def get(self, original: str) -> Dimension | TimeDimension | None:
        return self.by_original.get(original) or self.by_original.get(original.lower())


def new_entity(reading: Reading, original: str, table: str, schema: str | None = None, **kw: Any) -> Entity:
    name = reading.entity_names.claim(ident(original, "table"))
    return Entity(name=name, table=TableRef(name=table, schema=schema), **kw)


def relationship(src: Entity, src_cols: list[str], dst: Entity, dst_cols: list[str], cardinality: str,
                 origin: str, name: str | None = None, evidence: list[str] | None = None) -> Relationship:
    return Relationship.model_validate({
        "from": RelationshipEnd(table=src.table.name, schema=src.table.schema_, columns=src_cols),
        "to": RelationshipEnd(table=dst.table.name, schema=dst.table.schema_, columns=dst_cols),
        "cardinality": cardinality, "origin": origin, "name": name, "evidence": evidence or [],
    })


def mark_keys(model: SemanticModel) -> None:
    """Primary-key and foreign-key flags on dimensions, from the entities' keys and the
    relationships (what the analysis passes do for a database)."""
    by_table = {e.table.key: e for e in model.entities}
    for e in model.entities:
        for d in e.dimensions:
            if d.column in e.primary_key:
                d.primary_key, d.role = True, "key"
    for r in model.relationships:
        e = by_table.get(r.from_.table_key)
        for d in e.dimensions if e else []:
            if d.column in r.from_.columns:
                d.foreign_key, d.role = True, "key"
    model.relationships.sort(key=lambda r: r.sort_key())


_NAME_PART = re.compile(r'\s*(?:"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[((?:[^\]]|\]\])*)\]|([A-Za-z_$@][\w$@-]*))\s*')


def split_name(text: str) -> list[str] | None:
    """The parts of a dotted name as people write table and column names in any dialect:
    `schema.table`, `"Sch"."Tab"`, `[dbo].[T]`, `` `project.dataset.table` `` (BigQuery, whose
    one quoted part holds dots). None when `text` is not just a name."""
    parts: list[str] = []
    pos = 0
    text = text.strip()
    while True:
        m = _NAME_PART.match(text, pos)
        if not m or m.end() == pos:
            return None
        dq, bq, br, plain = m.groups()
        if dq is not None:
            parts.append(dq.replace('""', '"'))
        elif bq is not None:
            parts.extend(bq.replace("``", "`").split("."))
        elif br is not None:
            parts.append(br.replace("]]", "]"))
        else:
            parts.append(plain)
        pos = m.end()
        if pos == len(text):
            return parts or None
        if text[pos] != ".":
            return None
        pos += 1


def measure_columns(entity: Entity, dialect: str | None) -> list[str]:
    """The columns `entity`'s measures read (their column, and those their expression and filter
    name), in order, without repeats."""
    out: list[str] = []
    for m in entity.measures:
        cols = [m.column] if m.column else []
        for text in (m.expr, m.filter):
            if not text:
                continue
            try:
                cols += [c.name for c in sqlglot.parse_one(text, read=dialect or None).find_all(exp.Column)]
            except SqlglotError:
                continue
        out += [c for c in cols if c not in out]
    return out


def expose_columns(model: SemanticModel) -> None:
    """A hidden dimension for every column the model uses that no field exposes: the columns
    measures read, keys, and the columns of relationships and joins. The table has that column,
    and targets that declare a table's columns (dbt staging models, Power BI tables) or join on
    fields (LookML) need it. Summed and averaged columns are numbers."""
    used: dict[str, list[str]] = {e.name: list(e.primary_key) for e in model.entities}
    by_table = {e.table.key: e.name for e in model.entities}
    for r in model.relationships:
        for end in (r.from_, r.to):
            if end.table_key in by_table:
                used[by_table[end.table_key]] += end.columns
    for x in model.explores:
        alias = {x.root: x.root, **{j.alias: j.entity for j in x.joins}}
        for j in x.joins:
            used.setdefault(alias.get(j.from_alias, j.from_alias), []).extend(j.from_columns)
            used.setdefault(j.entity, []).extend(j.to_columns)
    for e in model.entities:
        by_column = e.column_fields()
        taken = {f.name for f in [*e.dimensions, *e.time_dimensions, *e.measures]}
        numeric = {m.column for m in e.measures if m.agg in ("sum", "avg") and m.column}
        for column in [*measure_columns(e, model.dialect), *used.get(e.name, [])]:
            if column in by_column:
                continue
            name = NameTable(taken).claim(ident(column, "field"))
            taken.add(name)
            d = Dimension(name=name, column=column, hidden=True, data_type="decimal" if column in numeric else "unknown",
                          role="measure" if column in numeric else "dimension",
                          provenance=Provenance.inferred("importer", "column_the_model_uses"))
            e.dimensions.append(d)
            by_column[column] = d
