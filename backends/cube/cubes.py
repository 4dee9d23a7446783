"""One cube per entity: sql_table, dimensions, measures, the primary key, and the entity as
Cube expresses it (for the round trip)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.diagnostics import Diagnostics
from backends.currency import is_dollars
from backends.cube.codes import CB001, CB002
from ir.provenance import Text
from ir.semantic import Entity, Measure
from backends import row_filters, sql_common
from compiler.types import is_column_cast, is_column_conversion
from backends.cube import names, sql

NUMBER_TYPES = {"integer", "decimal", "float"}
AGG_TYPES = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "avg": "avg", "min": "min", "max": "max"}
# Cube's classic measure formats; integer and decimal are both plain numbers there.
FORMATS = {"integer": "number", "decimal": "number", "float": "number", "currency": "currency", "percent": "percent"}
COMPOUND_KEY = "mb_compound_key"  # meta key on the generated concatenated primary key
ROW_KEY = "mb_row_key"  # meta key on the whole row made a keyless cube's primary key (no key of the model)
GEO = "mb_geo"  # meta key on a generated geo dimension
SENSITIVITY = "mb_sensitivity"  # meta key flagging personal data (pii.email, ...)


def dimension_type(data_type: str) -> str:
    if data_type in NUMBER_TYPES:
        return "number"
    if data_type == "boolean":
        return "boolean"
    return "string"


def text(t: Text | None) -> str | None:
    return t.value if t is not None and t.value != "" else None


def keep(t: Text | None) -> Text | None:
    return t if t is not None and t.value != "" else None


@dataclass
class CubePlan:
    entity: Entity
    name: str
    doc: dict[str, Any]
    members: dict[str, str] = field(default_factory=dict)  # IR field name -> member name
    measures: dict[str, str] = field(default_factory=dict)  # IR measure name -> member name
    columns: set[str] = field(default_factory=set)  # columns a join can reference
    taken: set[str] = field(default_factory=set)
    expected: Entity | None = None
    joins: dict[str, dict[str, Any]] = field(default_factory=dict)  # target cube -> join
    alias_of: str | None = None  # the base cube, for a role-playing copy

    @property
    def has_primary_key(self) -> bool:
        return any(d.get("primary_key") for d in self.doc.get("dimensions", []))


def _member_name(name: str, taken: set[str], dialect: str, what: str, where: str, diags: Diagnostics) -> str:
    out = names.member_name(name, taken, dialect)
    if out != name:
        diags.report(CB002, f"{what} {name!r} is named {out!r} in Cube", where)
    taken.add(out)
    return out


def _describe(doc: dict[str, Any], obj: Any) -> None:
    if text(obj.label):
        doc["title"] = text(obj.label)
    if text(obj.description):
        doc["description"] = text(obj.description)
    if getattr(obj, "hidden", False):
        doc["public"] = False


def _resolve(name: str, quoted: bool, columns: dict[str, None]) -> str:
    col = sql_common.resolve_column(name, quoted, columns)
    return name if col is None else col


def plan_cube(entity: Entity, cube_name: str, dialect: str, diags: Diagnostics, reserved: frozenset[str] = frozenset(),
              currency: str | None = None) -> CubePlan:
    """`reserved`: names no member may take, the cubes this one joins (`{name}` in a cube's SQL
    and a view's join path resolve to a member before a cube)."""
    known = sql_common.known_columns(entity)

    def ref(name: str, quoted: bool) -> str:
        return sql.cube_ref(_resolve(name, quoted, known), dialect)

    # A measure and its filter read a value kept as text through its dimension's cast (a number's
    # '' as NULL, a true/false's words as a boolean).
    # Backslashes spelled here: a cast put in for a measure's column passes no check of its own.
    casts = {c: sql.spell_backslashes(e, dialect) for c, e in sql_common.cast_columns(entity, dialect).items()}
    cast_ref = sql_common.through_casts(ref, casts, known, dialect)

    def render(f: Any, what: str, source: str | None, is_expr: bool) -> str | None:
        fwhere = f"{entity.name}.{f.name}"
        if source is None:
            return None
        through = cast_ref if isinstance(f, Measure) else ref
        if isinstance(f, Measure) and not is_expr and source in casts:
            source, is_expr = sql_common.quote(source, dialect), True
        if is_expr:
            source = sql.spell_backslashes(source, dialect)
        reason = sql.unsafe_reason(source)
        if reason is None:
            try:
                return sql.render_expr(source, dialect, through) if is_expr else sql.cube_ref(source, dialect)
            except sql.ExprError as e:
                reason = f"{e}"
        diags.report(CB001, f"{what} {f.name} left out: {'expression' if is_expr else 'column'} {source!r} {reason}", fwhere)
        return None

    based = row_filters.based_sql(entity, dialect)
    # Soft-deleted rows left out at the cube's base: every join into it meets only live rows.
    doc: dict[str, Any] = ({"name": cube_name, "sql_table": sql.table_sql(entity.table.name, entity.table.schema_, dialect)}
                           if based is None else {"name": cube_name, "sql": based})
    _describe(doc, entity)
    plan = CubePlan(entity, cube_name, doc, taken=set(reserved))
    dims: list[dict[str, Any]] = []
    exp_dims, exp_times, exp_measures = [], [], []
    by_column: dict[str, tuple[str, str]] = {}  # column -> (member, rendered sql)
    cast_members: dict[str, tuple[str, str]] = {}
    # Dimensions and time dimensions become members the same way; only their type differs.
    fields = [(d, "dimension", dimension_type(d.data_type)) for d in entity.dimensions]
    fields += [(t, "time dimension", "time") for t in entity.time_dimensions]
    for f, kind, cube_type in fields:
        rendered = render(f, kind, f.expr or f.column, bool(f.expr))
        if rendered is None:
            if not f.expr and f.column is None:
                diags.report(CB001, f"{kind} {f.name} left out: it has neither a column nor an expression", f"{entity.name}.{f.name}")
            continue
        member = _member_name(f.name, plan.taken, dialect, kind, f"{entity.name}.{f.name}", diags)
        plan.members[f.name] = member
        if f.column and not f.expr:
            plan.columns.add(f.column)
        body: dict[str, Any] = {"name": member, "sql": rendered, "type": cube_type}
        _describe(body, f)
        if f.sensitivity:
            body["meta"] = {SENSITIVITY: f.sensitivity}  # personal data, flagged; still a member
        dims.append(body)
        update = {"name": member, "label": keep(f.label), "description": keep(f.description)}
        if f.column and not f.expr and (kind == "dimension" or f.column not in by_column):
            by_column[f.column] = (member, rendered)
        elif f.column and f.column not in cast_members and (is_column_cast(f.expr, f.column, dialect) or (
                kind != "dimension" and is_column_conversion(f.expr, f.column, dialect))):
            cast_members[f.column] = (member, rendered)  # a key's part read through its cast (a day, a stamp kept as text)
        if kind == "dimension":
            exp_dims.append(f.model_copy(update=update))
        else:
            # Cube has one time type: a date reads back as a timestamp.
            exp_times.append(f.model_copy(update={**update, "data_type": "timestamp"}))
    key = sql_common.key_fields(entity, dialect)
    members = {**cast_members, **by_column}
    pk_members = [members[c] for c, _ in key] if key and all(c in members for c, _ in key) else []
    if key:
        _primary_key(plan, dims, pk_members, dialect)
    elif by_column:
        _row_key(plan, dims, list(by_column.values()), dialect)
    dims.extend(_geo(entity, plan, dims, dialect))
    measures: list[dict[str, Any]] = []
    for m in entity.measures:
        body = _measure(m, entity, dialect, cast_ref, render, diags, currency)
        if body is None:
            continue
        member = _member_name(m.name, plan.taken, dialect, "measure", f"{entity.name}.{m.name}", diags)
        body = {"name": member, **body}
        plan.members[m.name] = member
        plan.measures[m.name] = member
        measures.append(body)
        exp_measures.append(m.model_copy(update={"name": member, "label": keep(m.label), "description": keep(m.description)}))
    if dims:
        doc["dimensions"] = dims
    if measures:
        doc["measures"] = measures
    plan.expected = entity.model_copy(
        update={
            "name": cube_name,
            "label": keep(entity.label),
            "description": keep(entity.description),
            "dimensions": exp_dims,
            "time_dimensions": exp_times,
            "measures": exp_measures,
        }
    )
    return plan


def _primary_key(plan: CubePlan, dims: list[dict[str, Any]], pk: list[tuple[str, str]], dialect: str) -> None:
    if len(pk) == 1:
        body = next(d for d in dims if d["name"] == pk[0][0])
        if body["type"] != "time":
            body["primary_key"] = True
            return
    if pk:
        # Cube takes one primary key dimension, of a string or a number: a composite key (or a
        # time) becomes their concatenation.
        name = names.member_name("pk_" + "_".join(m for m, _ in pk), plan.taken, dialect)
        plan.taken.add(name)
        dims.insert(
            0,
            {
                "name": name,
                "sql": sql.concat_sql([s for _, s in pk], dialect),
                "type": "string",
                "primary_key": True,
                "public": False,
                "meta": {COMPOUND_KEY: [m for m, _ in pk]},
            },
        )


def _row_key(plan: CubePlan, dims: list[dict[str, Any]], members: list[tuple[str, str]], dialect: str) -> None:
    """A keyless table's whole row as its primary key: Cube refuses joins from a cube without one
    (a trip log's pickup and dropoff zones, an inventory fact's product and store). Cube reads a
    key only to deduplicate a cube on the one side of a join, which a table no one refers to
    never is, so rows alike do no harm; the model keeps no key (read back, none)."""
    name = names.member_name("row_key", plan.taken, dialect)
    plan.taken.add(name)
    # Never NULL: Cube counts a cube's rows by its primary key (a trip with no e-hail fee counted none).
    dims.insert(0, {"name": name, "sql": sql.concat_sql([s for _, s in members], dialect, empty_nulls=True), "type": "string",
                    "primary_key": True, "public": False, "meta": {ROW_KEY: True}})


def _geo(entity: Entity, plan: CubePlan, dims: list[dict[str, Any]], dialect: str) -> list[dict[str, Any]]:
    """A geo dimension for each of the entity's locations (pair_locations) whose two coordinates are members,
    named within the identifier limit like every member (a location named for two long columns)."""
    by_name = {d["name"]: d for d in dims}
    out = []
    for loc in entity.locations:
        if loc.latitude not in plan.members or loc.longitude not in plan.members:
            continue
        name = names.member_name(loc.name, plan.taken, dialect)
        plan.taken.add(name)
        lat, lon = by_name[plan.members[loc.latitude]], by_name[plan.members[loc.longitude]]
        body: dict[str, Any] = {"name": name, "type": "geo", "latitude": {"sql": lat["sql"]}, "longitude": {"sql": lon["sql"]}}
        if text(loc.label):
            body["title"] = text(loc.label)
        body["meta"] = {GEO: True}
        out.append(body)
    return out


def _measure(m: Measure, entity: Entity, dialect: str, ref, render, diags: Diagnostics,
             currency: str | None = None) -> dict[str, Any] | None:
    where = f"{entity.name}.{m.name}"
    if m.non_additive_dimension:
        diags.report(CB001, f"measure {m.name} left out: a Cube measure cannot keep a balance from being summed over "
                     f"{m.non_additive_dimension}", where)
        return None
    body: dict[str, Any] = {"type": AGG_TYPES[m.agg]}
    source = m.expr or m.column
    if source is not None:
        rendered = render(m, "measure", source, bool(m.expr))
        if rendered is None:
            return None
        body["sql"] = rendered
    elif m.agg != "count":
        diags.report(CB001, f"measure {m.name} left out: {m.agg} needs a column or an expression", where)
        return None
    if m.filter:
        spelled = sql.spell_backslashes(m.filter, dialect)
        reason = sql.unsafe_reason(spelled)
        try:
            condition = None if reason else sql.render_expr(spelled, dialect, ref)
        except sql.ExprError as e:
            condition, reason = None, str(e)
        if condition is None:
            diags.report(CB001, f"measure {m.name} left out: filter {m.filter!r} {reason}", where)
            return None
        body["filters"] = [{"sql": condition}]
    if m.format == "currency" and not is_dollars(currency):
        body["format"] = "number"  # Cube's currency format is dollars
    elif m.format in FORMATS:
        body["format"] = FORMATS[m.format]
    _describe(body, m)
    return body
