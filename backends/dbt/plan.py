"""SemanticModel -> a plan of the dbt project: sources, staged columns with their dbt names,
MetricFlow entities, dimensions and measures. Rendering (render.py) and the expected model
(expected.py) both read the plan, so the names they use cannot disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compiler.diagnostics import Diagnostics
from compiler.naming import fit_identifier
from backends.dbt.codes import DB001, DB002, DB003
from ir.semantic import Dimension, Entity, Measure, Relationship, SemanticModel, TimeDimension
from backends.dbt import names as nm
from backends.dbt import sql
from compiler.types import is_column_conversion

# The schema a source's tables live in when the catalog names none (SQLite files have none).
DEFAULT_SCHEMA = {"duckdb": "main", "sqlite": "main", "postgres": "public", "tsql": "dbo", "redshift": "public"}


# IR aggregation -> MetricFlow's name for it.
AGG = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "avg": "average", "min": "min", "max": "max"}


@dataclass
class Column:
    raw: str
    name: str  # the staged column name
    field: Dimension | TimeDimension
    time: bool
    cast: str | None
    data_type: str | None
    convert: str | None = None  # the SQL reading the column as its type (a YYYYMMDD day, a number kept as text), in place of a cast
    second: bool = False  # a second reading of a column staged already (a year as its first day): no source column of its own

    @property
    def hidden(self) -> bool:
        return self.field.hidden


@dataclass
class SemEntity:
    name: str
    type: str  # primary | foreign | unique
    column: Column  # the first column of a composite key
    label: str | None = None  # decided by labels.assign
    expr: str | None = None  # a composite key: its columns as one text (sql.key_expr); None: `column`


@dataclass
class SemDimension:
    name: str
    column: Column
    label: str | None = None


@dataclass
class SemMeasure:
    name: str
    measure: Measure
    agg: str
    expr: str
    label: str | None = None
    non_additive: str | None = None  # the time dimension a semi-additive measure is not summed over


@dataclass
class Hop:
    """One many_to_one step of a fact model's join: `src`'s key columns to `dst`'s primary key."""

    rel: Relationship
    src: "EntityPlan"
    dst: "EntityPlan"

    @property
    def on(self) -> list[tuple[Column, Column]]:
        """(column of src, column of dst) pairs, in the relationship's order."""
        return [(self.src.column(a), self.dst.column(b)) for a, b in zip(self.rel.from_.columns, self.rel.to.columns)]  # type: ignore[misc]


@dataclass
class FactTime:
    """The time column a fact model borrows from a parent: `column` of the last hop's target,
    selected as `name` (also the time dimension's name in the semantic model)."""

    path: list[Hop]
    column: Column
    name: str
    label: str | None = None  # decided by labels.assign

    @property
    def parent(self) -> "EntityPlan":
        return self.path[-1].dst


@dataclass
class EntityPlan:
    entity: Entity
    source: str
    schema: str
    stg: str
    primary: str  # the primary entity's name, also the semantic model's name
    columns: list[Column] = field(default_factory=list)
    pk: list[Column] = field(default_factory=list)
    entities: list[SemEntity] = field(default_factory=list)
    dims: list[SemDimension] = field(default_factory=list)
    agg_time: str | None = None
    measures: list[SemMeasure] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)  # element names used in the semantic model
    label: str | None = None  # the semantic model's label
    fact_time: FactTime | None = None  # set when the semantic model is built on a fct_ model
    untimed: str | None = None  # the NULL time dimension of a table with measures and no time at all
    prefix: str = ""  # the `prefix` option: before every dbt model name, to drop into an existing project
    dialect: str = ""  # the warehouse's, whose identifier limit model names keep to
    # Self references (an employee's manager): the table again as a semantic model of its own,
    # whose primary entity is the role, since one semantic model cannot use an entity name twice.
    roles: list[str] = field(default_factory=list)

    @property
    def fct(self) -> str:
        return fit_identifier(f"{self.prefix}fct_{self.entity.name}", self.dialect)  # a relation name, as below

    @property
    def model(self) -> str:
        """The dbt model the semantic model is built on: the fact model when there is one."""
        return self.fct if self.fact_time else self.stg

    def column(self, raw: str) -> Column | None:
        return next((c for c in self.columns if c.raw == raw and not c.second), None)

    @property
    def pk_entity(self) -> Column | None:
        """The column a `type: primary` entity is declared on (single-column keys only)."""
        return self.pk[0] if len(self.pk) == 1 else None



@dataclass
class Plan:
    model: SemanticModel
    options: dict
    entities: list[EntityPlan]
    sources: dict[str, str]  # source name -> schema
    relationships: list  # (Relationship, EntityPlan from, EntityPlan to)
    measure_owner: dict[str, EntityPlan] = field(default_factory=dict)

    def by_name(self) -> dict[str, EntityPlan]:
        return {p.entity.name: p for p in self.entities}


def _schema(entity: Entity, dialect: str, options: dict) -> str:
    return entity.table.schema_ or options.get("schema") or DEFAULT_SCHEMA.get(dialect, "main")


def _source_names(model: SemanticModel, options: dict) -> dict[str, str]:
    """Schema -> source name: one source per schema, named after the model (and the schema when several)."""
    schemas = sorted({_schema(e, model.dialect, options) for e in model.entities})
    base = options.get("source_name") or model.name
    if len(schemas) == 1:
        return {schemas[0]: nm.dbt_name(base, "source")}
    return {s: nm.dbt_name(f"{base}_{s}", "source") for s in schemas}


def _columns(p: EntityPlan, dialect: str, diags: Diagnostics) -> None:
    names = nm.Names(dialect)
    pk = set(p.entity.primary_key)
    fields = p.entity.column_fields()
    for raw, f in fields.items():
        if sql.jinja_unsafe(raw):
            diags.report(DB001, f"column {raw!r} left out: dbt would read its name as Jinja", f"{p.entity.table.key}.{raw}")
            continue
        time = isinstance(f, TimeDimension)
        cast = sql.cast_type(f.data_type, dialect, f.native_type)
        # A time or number read from text (its '' as NULL), a YYYYMMDD day: staged as its conversion.
        convert = f.expr if is_column_conversion(f.expr, raw, dialect) else None
        col = Column(raw, names.claim(f.name, "field"), f, time, None if convert else cast,
                     cast or (f.data_type if f.data_type != "unknown" else None), convert)
        p.columns.append(col)
    for t in p.entity.time_dimensions:
        # A year kept as a number and also read as its first day: staged twice, as the number and as the time.
        if (t.column is not None and t.column in fields and fields[t.column] is not t and not sql.jinja_unsafe(t.column)
                and is_column_conversion(t.expr, t.column, dialect)):
            p.columns.append(Column(t.column, names.claim(t.name, "field"), t, True, None, t.data_type, t.expr, second=True))
    p.pk = [c for k in p.entity.primary_key for c in p.columns if c.raw == k and not c.second] if pk <= {c.raw for c in p.columns} else []
    for d in p.entity.dimensions:
        # A dimension computed from its row (what a documented code stands for): staged as its expression.
        if d.column is None and d.expr and not sql.jinja_unsafe(d.expr):
            p.columns.append(Column(d.name, names.claim(d.name, "field"), d, False, None, d.data_type, d.expr, second=True))
    staged = {id(c.field) for c in p.columns}
    for f in [*p.entity.dimensions, *p.entity.time_dimensions]:
        if id(f) not in staged:
            diags.report(DB001, f"field {f.name} left out: only plain columns are staged (an expression or a second field on one column)",
                         f"{p.entity.name}.{f.name}")


def _time_dimension(p: EntityPlan) -> str | None:
    """The semantic model's agg_time_dimension: the entity's own business time axis (decided by
    the choose_time_axes pass), when it is a dimension here."""
    axis = p.entity.time_axis
    if axis is None or axis.path or axis.entity != p.entity.name:
        return None
    return next((d.name for d in p.dims if d.column.time and d.column.field.name == axis.dimension), None)


def _fact_time(plan: Plan, p: EntityPlan) -> FactTime | None:
    """The parent's time a fact borrows (its time axis lies through `path`): the hops of the path,
    matched to the relationships the plan renders, and the parent's time column."""
    axis = p.entity.time_axis
    if axis is None or not axis.path or not p.entity.measures:
        return None
    by_name = plan.by_name()
    hops: list[Hop] = []
    for step in axis.path:
        src, dst = by_name.get(step.from_entity), by_name.get(step.to_entity)
        rel = next((r for r, a, b in plan.relationships if a is src and b is dst and list(r.from_.columns) == step.from_columns
                    and list(r.to.columns) == step.to_columns), None)
        if src is None or dst is None or rel is None:
            return None
        hops.append(Hop(rel, src, dst))
    parent = hops[-1].dst
    column = next((c for c in parent.columns if c.time and c.field.name == axis.dimension), None)
    if column is None:
        return None
    wanted = column.name if column.name.startswith(f"{parent.primary}_") else f"{parent.primary}_{column.name}"
    # Unique among the fact's staged columns (the fct model selects them all) and its elements.
    name = nm.claim_free(plan.model.dialect, (p.taken, {c.name for c in p.columns}), wanted, "time", _alias_room(p, True))
    p.taken.add(name)
    return FactTime(hops, column, name)


# MetricFlow aliases a dimension `<entity>__<dimension>` in its SQL, a time one `__<grain>` after
# that (`__extract_quarter` the longest it asks by), through whichever entity reaches it. An
# entity's name leaves room for `__`, that tail and a dimension of DIMENSION_CHARS (a short stem
# and compiler.naming's hash): with the entity given the whole limit, no dimension name fits after
# it (PostgreSQL's 63 bytes left each dimension a bare hash, which MetricFlow refuses).
TIME_ALIAS_TAIL = "__extract_quarter"
DIMENSION_CHARS = 12
ENTITY_ROOM = 2 + len(TIME_ALIAS_TAIL) + DIMENSION_CHARS


def _alias_room(p: EntityPlan, time: bool) -> int:
    """What MetricFlow writes around a dimension of `p` in an alias: the longest of the entities
    that reach the model (its primary, a role's, a unique key's) and `__`, a time's tail after."""
    return max([len(p.primary)] + [len(e.name) for e in p.entities]) + 2 + (len(TIME_ALIAS_TAIL) if time else 0)


class _Keys:
    """Which semantic model each identifying (primary or unique) entity name keys. MetricFlow
    joins by entity name, so a name keying two semantic models (a table and a view over it, each
    the `arrival_airport` of a different fact) makes every join by it ambiguous: a name keys one
    semantic model, and a role played by several tables is named after each but the one it
    belongs to (see _role_homes)."""

    def __init__(self, plan: Plan, homes: dict[str, EntityPlan]) -> None:
        self.dialect = plan.model.dialect
        self.owner: dict[str, object] = {p.primary: p for p in plan.entities}
        self.homes = homes
        self.roles: dict[tuple[int, str, str], str] = {}  # (target, its column, role) -> the entity named so

    def key(self, name: str, owner: object) -> None:
        self.owner.setdefault(name, owner)

    def elsewhere(self, p: EntityPlan) -> "_KeyedElsewhere":
        return _KeyedElsewhere(self.owner, p)

    def role(self, src: EntityPlan, dst: EntityPlan, column: Column, role: str) -> str:
        """The entity a key playing `role` joins `dst` by, on both sides: the role's name, or
        `<dst>_<role>` when the role's name belongs to another semantic model."""
        seen = self.roles.get((id(dst), column.raw, role))
        if seen is not None and seen not in src.taken:
            return seen
        home = self.homes.get(role, dst)
        wanted = role if home is dst and role not in self.elsewhere(dst) else f"{dst.primary}_{role}"
        name = nm.claim_free(self.dialect, (src.taken, dst.taken, self.elsewhere(dst)), wanted, "entity", ENTITY_ROOM)
        self.roles[(id(dst), column.raw, role)] = name
        self.key(name, dst)
        dst.taken.add(name)
        dst.entities.append(SemEntity(name, "unique", column))
        return name


@dataclass
class _KeyedElsewhere:
    """The names keying a semantic model other than `own`, as a scope of claim_free."""

    owner: dict[str, object]
    own: object

    def __contains__(self, name: str) -> bool:
        return self.owner.get(name, self.own) is not self.own


def _stem(column: Column) -> str:
    """What a key's staged name says it refers to: customer for customer_id."""
    return column.name[:-3] if column.name.endswith("_id") else column.name


def _role_homes(found: list, pairs: dict[tuple[str, str], int], self_roles: dict[str, set[str]]) -> dict[str, EntityPlan]:
    """A role whose keys refer to several tables (a flight's arrival_airport to airports_data, a
    route's to the airports view over it) keeps its name for one of them: the one declared keys
    refer to, then a table before a view (the data before a reading of it), then the one most
    keys refer to, then the first by name. The others are named after themselves too."""
    targets: dict[str, dict[str, list]] = {}  # role -> target -> the relationships playing it there
    plans: dict[str, EntityPlan] = {}
    for rel, src, dst, cols, _ in found:
        role = rel.role_named(dst.entity.name)
        if len(cols) != 1 or src is dst or (role is None and pairs[(src.entity.name, dst.entity.name)] < 2) \
                or role in self_roles.get(dst.entity.name, ()):
            continue
        stem = role or _stem(cols[0])
        targets.setdefault(stem, {}).setdefault(dst.entity.name, []).append(rel)
        plans[dst.entity.name] = dst

    def rank(item: tuple[str, list]) -> tuple:
        name, rels = item
        declared = any(r.origin in ("declared", "human") for r in rels)
        return (not declared, plans[name].entity.kind != "table", -len(rels), name)

    return {stem: plans[min(by_target.items(), key=rank)[0]] for stem, by_target in targets.items() if len(by_target) > 1}


def _relationships(plan: Plan, diags: Diagnostics) -> None:
    by_table = {p.entity.table.key: p for p in plan.entities}
    found = []
    for rel in sorted(plan.model.relationships, key=lambda r: r.sort_key()):
        src, dst = by_table.get(rel.from_.table_key), by_table.get(rel.to.table_key)
        if src is None or dst is None:
            continue
        cols = [src.column(c) for c in rel.from_.columns]
        tcols = [dst.column(c) for c in rel.to.columns]
        if None in cols or None in tcols:
            continue
        plan.relationships.append((rel, src, dst))
        found.append((rel, src, dst, cols, tcols))
    # Two keys from one table to another play roles (billing and shipping address): MetricFlow
    # joins by entity name, so each is named by its role and the other side gets that entity too.
    pairs: dict[tuple[str, str], int] = {}
    # The roles a table plays for itself (an employee's manager) get semantic models of their own,
    # which another table's key in the same role (a department's manager) joins as they are.
    self_roles: dict[str, set[str]] = {}
    for rel, src, dst, cols, _ in found:
        if len(cols) == 1:
            pairs[(src.entity.name, dst.entity.name)] = pairs.get((src.entity.name, dst.entity.name), 0) + 1
            if src is dst and rel.role:
                self_roles.setdefault(dst.entity.name, set()).add(rel.role)
    keys = _Keys(plan, _role_homes(found, pairs, self_roles))
    for rel, src, dst, cols, tcols in found:
        where = f"{src.entity.name}.{','.join(rel.from_.columns)}"
        if len(cols) != 1:
            _composite(plan, keys, rel, src, dst, cols, tcols, diags, where)
            continue
        stem = _stem(cols[0])
        if src is dst:
            if dst.pk_entity is None or dst.pk_entity.raw != tcols[0].raw:
                diags.report(DB003, f"{stem} refers to {dst.entity.name} itself, not by its primary key: one semantic model "
                             "cannot use an entity name twice, so MetricFlow has no self join", where)
                continue
            # Other tables' keys in this role (a department's manager) are named for the role's
            # model this makes: they do not take its name (the model had become manager_2, and
            # their joins led nowhere).
            joining = self_roles.get(dst.entity.name, set())
            taken = src.taken | set(keys.owner) | {e.name for p in plan.entities for e in p.entities
                                                   if not (p is not src and e.type == "foreign" and e.name in joining)}
            role = nm.Names(plan.model.dialect, taken).claim(rel.role or stem, "entity", ENTITY_ROOM)
            keys.key(role, ("role", role))
            src.roles.append(role)
            src.taken.add(role)
            src.entities.append(SemEntity(role, "foreign", cols[0]))
            continue
        if dst.pk_entity is not None and dst.pk_entity.raw == tcols[0].raw:
            target = dst.primary
        else:
            target = next((e.name for e in dst.entities if e.column is tcols[0]), None)
            if target is None:
                target = nm.claim_free(plan.model.dialect, (dst.taken, keys.elsewhere(dst)), f"{dst.primary}_{tcols[0].name}", "entity",
                                      ENTITY_ROOM)
                keys.key(target, dst)
                dst.taken.add(target)
                dst.entities.append(SemEntity(target, "unique", tcols[0]))
        name = target
        role = rel.role_named(dst.entity.name)
        if role is not None and role in self_roles.get(dst.entity.name, ()) and role not in src.taken:
            # Named as the target's own role: the role's semantic model is the join.
            name = role
        elif pairs[(src.entity.name, dst.entity.name)] > 1 or name in src.taken or role is not None:
            # Several keys to one table, or one named by the role it plays (a customer's support
            # rep, a flight's origin): the entity is the role, on both sides, as the joins are.
            name = keys.role(src, dst, tcols[0], role or stem)
        src.taken.add(name)
        src.entities.append(SemEntity(name, "foreign", cols[0]))


def _composite(plan: Plan, keys: _Keys, rel: Relationship, src: EntityPlan, dst: EntityPlan, cols: list, tcols: list,
               diags: Diagnostics, where: str) -> None:
    """A key on several columns (a line item's part and supplier, to partsupp's primary key):
    MetricFlow entities are one expression, so each side joins on its columns as one text,
    `a || '|' || b` in the relationship's order, and the target's key becomes its primary entity."""
    pairs = dict(zip((c.raw for c in tcols), cols))
    if src is dst or not dst.pk or len(dst.pk) != len(tcols) or set(pairs) != {c.raw for c in dst.pk}:
        diags.report(DB003, f"relationship to {dst.entity.name} on several columns that are not its primary key has no "
                     "MetricFlow entity (tested only)", where)
        return
    dialect = plan.model.dialect
    primary = next((e for e in dst.entities if e.type == "primary"), None)
    if primary is None:
        primary = SemEntity(dst.primary, "primary", dst.pk[0], expr=sql.key_expr([c.name for c in dst.pk], dialect, False))
        dst.entities.insert(0, primary)
    name = primary.name
    if name in src.taken:
        name = nm.claim_free(dialect, (src.taken, dst.taken, keys.elsewhere(dst)), "_".join(c.name for c in cols), "entity", ENTITY_ROOM)
        keys.key(name, dst)
        dst.taken.add(name)
        dst.entities.append(SemEntity(name, "unique", dst.pk[0], expr=primary.expr))
    src.taken.add(name)
    src.entities.append(SemEntity(name, "foreign", pairs[dst.pk[0].raw],
                                  expr=sql.key_expr([pairs[c.raw].name for c in dst.pk], dialect, False)))


def _dimensions(p: EntityPlan, dialect: str, entities: set[str], times: set[str]) -> None:
    """A name is one kind of element in the whole project (MetricFlow's ElementConsistencyRule):
    a column named like an entity (a view's `address` beside the `address` entity) becomes
    `<semantic model>_<column>`; so does a categorical dimension named like a time dimension of
    another model (an empty text `stop` beside timestamps `stop`), as a dimension has one type in
    the project (DimensionConsistencyRule)."""
    axis = p.entity.time_axis
    for c in p.columns:
        # A calendar's date is its key and its time axis alike: the entity, and the time its
        # count is asked by.
        own_axis = c.time and axis is not None and not axis.path and axis.entity == p.entity.name and c.field.name == axis.dimension
        if (c.hidden or c is p.pk_entity) and not own_axis:
            continue
        wanted = f"{p.primary}_{c.name}" if c.name in entities or (not c.time and c.name in times) else c.name
        # The whole alias fits the limit, through whichever entity (ENTITY_ROOM).
        name = nm.claim_free(dialect, (p.taken, entities), wanted, "dim", _alias_room(p, c.time))
        p.taken.add(name)
        p.dims.append(SemDimension(name, c))


def _measures(plan: Plan, p: EntityPlan, taken: set[str], diags: Diagnostics) -> None:
    dialect = plan.model.dialect
    staged = {c.raw: c.name for c in p.columns if not c.second}
    if p.entity.measures and p.agg_time is None:
        diags.report(DB002, f"measures {', '.join(m.name for m in p.entity.measures)} left out: MetricFlow aggregates a "
                     f"measure over a time dimension and {p.entity.name} has none", p.entity.name)
        return
    for m in p.entity.measures:
        try:
            if m.expr:
                expr = sql.over_staged(m.expr, dialect, staged)
            elif m.column:
                if m.column not in staged:
                    raise sql.ExprError(f"refers to unknown column {m.column!r}")
                expr = staged[m.column]
            else:
                expr = "1"
            if m.filter:
                expr = sql.when(sql.over_staged(m.filter, dialect, staged), expr, dialect)
            if sql.jinja_unsafe(expr):
                raise sql.ExprError("contains text dbt reads as Jinja")
        except sql.ExprError as e:
            diags.report(DB001, f"measure {m.name} left out: its SQL {e}", f"{p.entity.name}.{m.name}")
            continue
        non_additive = None
        if m.non_additive_dimension:
            non_additive = next((d.name for d in p.dims if d.column.time and d.column.field.name == m.non_additive_dimension), None)
            axis = p.entity.time_axis
            if non_additive is None and p.fact_time is not None and axis is not None and axis.dimension == m.non_additive_dimension:
                non_additive = p.fact_time.name  # a calendar's day, selected into the fct model
            if non_additive is None:
                diags.report(DB001, f"measure {m.name} left out: its non-additive time dimension {m.non_additive_dimension} is "
                             "not a dimension of the semantic model", f"{p.entity.name}.{m.name}")
                continue
        name = nm.claim_free(dialect, (taken, p.taken), f"{p.primary}_{m.name}", "measure")
        taken.add(name)
        p.taken.add(name)
        p.measures.append(SemMeasure(name, m, AGG[m.agg], expr, non_additive=non_additive))
        plan.measure_owner[name] = p


def model_prefix(options: dict) -> str:
    """The `prefix` option as a dbt name part (lower case, `_` between words): `acme` -> `acme_`."""
    raw = str(options.get("prefix") or "")
    word = re.sub(r"[^a-z0-9]+", "_", raw.lower()).strip("_")
    return f"{word}_" if word else ""


def build(model: SemanticModel, options: dict, diags: Diagnostics) -> Plan:
    dialect = model.dialect
    sources = _source_names(model, options)
    prefix = model_prefix(options)
    global_names = nm.Names(dialect, {"metricflow_time_spine"})
    plans: list[EntityPlan] = []
    for e in model.entities:
        schema = _schema(e, dialect, options)
        primary = global_names.claim(e.name, "entity", ENTITY_ROOM)
        # A model is a relation of the warehouse: dbt-postgres refuses a name over 63 characters.
        p = EntityPlan(e, sources[schema], schema, fit_identifier(f"{prefix}stg_{e.name}", dialect), primary, prefix=prefix, dialect=dialect)
        _columns(p, dialect, diags)
        p.taken.add(primary)
        if p.pk_entity is not None:
            p.entities.append(SemEntity(primary, "primary", p.pk_entity))
        plans.append(p)
    plan = Plan(model, options, plans, {v: k for k, v in sources.items()}, [])
    _relationships(plan, diags)
    entity_names = {e.name for p in plans for e in p.entities}
    time_names = {c.name for p in plans for c in p.columns if c.time}
    for p in plans:
        _dimensions(p, dialect, entity_names, time_names)
        p.agg_time = _time_dimension(p)
    for p in plans:
        p.fact_time = _fact_time(plan, p)
        if p.fact_time is not None:
            p.agg_time = p.fact_time.name
    # MetricFlow aggregates every measure over a time dimension of its semantic model. A table
    # with no time of its own nor through a parent keeps its measures with a time dimension that
    # is always NULL: every question without time can be asked, and by time they fall in one
    # NULL group, which is what the table says.
    dim_names = {d.name for p in plans for d in p.dims} - {"no_time_axis"}
    for p in plans:
        if p.entity.measures and p.agg_time is None:
            p.untimed = nm.claim_free(dialect, (p.taken, entity_names, dim_names), "no_time_axis", "time")
            p.taken.add(p.untimed)
            p.agg_time = p.untimed
    # Measures are named apart from every entity and dimension of the project, too.
    measure_names: set[str] = entity_names | dim_names | {p.untimed for p in plans if p.untimed}
    for p in plans:
        _measures(plan, p, measure_names, diags)
    return plan
