"""The questions the same-number check asks: every measure overall, by a dimension of its own
table, by a dimension reached over each many_to_one relationship from its table (one hop,
or two when the first table has nothing to group by, never over the columns the first hop
matched on), and by the year of its entity's time axis (the axis's own column, or one reached
over the axis's path); each ratio metric of two measures of its own entity overall and by that
local dimension (asked as the target's own metric: a LookML or Cube number measure, a Superset
metric, a DAX measure, a MetricFlow ratio metric). A question is stated in physical terms
(tables, columns, foreign key columns), so each target is asked it in its own vocabulary and
must find, in its own files, how to say it.

`reference_sql` answers from the IR directly: the measure aggregated over its table, LEFT
JOINed along the path (many_to_one only, so no row of the measure's table is repeated); a
ratio metric as its numerator's aggregate over its denominator's (NULL where that is 0)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlglot import exp

from backends.sql_common import cast_columns
from compiler.types import sqlglot_dialect
from ir.semantic import Dimension, Entity, Measure, Metric, Relationship, RowFilter, SemanticModel, TimeDimension

AGG_SQL = {"count": "COUNT", "count_distinct": "COUNT", "sum": "SUM", "avg": "AVG", "min": "MIN", "max": "MAX"}


@dataclass(frozen=True)
class Hop:
    from_columns: tuple[str, ...]
    to_entity: str
    to_columns: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    entity: str  # the measure's entity (IR name)
    measure: str  # IR measure name
    path: tuple[Hop, ...] = ()  # empty: the measure's own table
    column: str | None = None  # the grouping column of the last table; None: overall
    padded: bool = False  # the grouping column is fixed-length text (CHAR(n)): trailing blanks do not count
    year: bool = False  # grouped by the year of `column`, the entity's time axis (answers compare by integer year)
    metric: bool = False  # `measure` names a ratio metric of the entity (Metric.name), not a measure

    @property
    def label(self) -> str:
        if self.metric:
            return f"metric {self.entity}.{self.measure}" + (f" by {self.entity}.{self.column}" if self.column else "")
        if self.column is None:
            return f"{self.entity}.{self.measure}"
        where = self.path[-1].to_entity if self.path else self.entity
        via = "".join(f" via {'+'.join(h.from_columns)}" for h in self.path)
        return f"{self.entity}.{self.measure} by {'year of ' if self.year else ''}{where}.{self.column}{via}"


def _padded(d: Dimension) -> bool:
    """CHAR(n) pads with blanks that SQL ignores in comparisons (a cast to text drops them)."""
    t = (d.native_type or "").strip().lower()
    return t.startswith(("char(", "character(", "nchar(", "bpchar")) or t in ("char", "character", "nchar")


# A column of more values than this is no grouping people read (a post's title, a user's display
# name), and DAX's check asks one subquery per group: a post's body (10,000 values) had kept
# verify on MariaDB past 20 minutes. A status, a country or a badge's name is far below it.
MAX_GROUPS = 500
# Text of this average length or more is prose (free_text's own bound in the classification rules).
MAX_GROUP_LENGTH = 40

# (distinct values, average length) of a column of an entity, None where unknown.
Shape = Callable[[Entity], dict[str, tuple[int | None, float | None]]]


def candidates(e: Entity) -> list[Dimension]:
    """The visible text dimensions on plain columns that are not keys: what a question may be
    grouped by, before their values are counted."""
    return [d for d in e.dimensions
            if d.column and not d.expr and not d.hidden and not d.primary_key and not d.foreign_key and d.data_type == "string"
            and d.semantic_type != "free_text"]


def _groupable(e: Entity, shape: Shape | None = None) -> Dimension | None:
    """A candidate people group by: a category first (a status, a region: few groups), else the
    first; never prose or a column of more than MAX_GROUPS values, whose groups say nothing and
    cost a DAX emulation one subquery each (a lap's time text, 35,887 values, had taken minutes)."""
    plain = candidates(e)
    if shape is not None and plain:
        seen = shape(e)
        plain = [d for d in plain if _few_short(seen.get(d.column or "", (None, None)))]
    return min(plain, key=lambda d: (d.accepted_values is None, d.semantic_type != "category"), default=None)


def _few_short(shape: tuple[int | None, float | None]) -> bool:
    distinct, length = shape
    return (distinct is None or distinct <= MAX_GROUPS) and (length is None or length < MAX_GROUP_LENGTH)


def _many_to_one(model: SemanticModel, e: Entity) -> list[tuple[Relationship, Entity]]:
    by_table = {(x.table.schema_, x.table.name): x for x in model.entities}
    out = []
    for r in sorted(model.relationships, key=lambda r: r.sort_key()):
        if r.cardinality != "many_to_one" or (r.from_.schema_, r.from_.table) != (e.table.schema_, e.table.name):
            continue
        if r.audit:
            continue  # who last edited a row: no explore joins it, no one groups by it
        target = by_table.get((r.to.schema_, r.to.table))
        if target is not None:  # a self reference too (an employee's manager)
            out.append((r, target))
    return out


def time_axis(model: SemanticModel, e: Entity) -> tuple[tuple[Hop, ...], TimeDimension] | None:
    """The path to, and the time dimension of, the entity's time axis (choose_time_axes decided
    it), when it is a column a target can be asked by."""
    axis = e.time_axis
    if axis is None:
        return None
    holder = model.entity_index().get(axis.entity)
    t = next((t for t in holder.time_dimensions if t.name == axis.dimension), None) if holder is not None else None
    if t is None or t.column is None:
        return None
    return tuple(Hop(tuple(s.from_columns), s.to_entity, tuple(s.to_columns)) for s in axis.path), t


def queries(model: SemanticModel, shape: Shape | None = None) -> list[Query]:
    """`shape`: how many values, and how long, the candidate columns of an entity hold (the
    source asked once per entity); without it, every candidate may group."""
    out: list[Query] = []
    for e in model.entities:
        if not e.measures:
            continue
        local = _groupable(e, shape)
        axis = time_axis(model, e)
        joined: list[tuple[tuple[Hop, ...], Dimension]] = []
        for r, target in _many_to_one(model, e):
            hop = Hop(tuple(r.from_.columns), target.name, tuple(r.to.columns))
            d = _groupable(target, shape)
            if d is not None:
                joined.append(((hop,), d))
                continue
            # Not a second hop over columns the first matched on (a manager's department through
            # the manager's assignment row, dept_no both times): the measure's own table holds them,
            # and targets join that table directly, once.
            onward = [(r2, t2) for r2, t2 in _many_to_one(model, target) if not set(r2.from_.columns) <= set(r.to.columns)]
            for r2, t2 in onward[:1]:
                d2 = _groupable(t2, shape)
                if d2 is not None:
                    joined.append(((hop, Hop(tuple(r2.from_.columns), t2.name, tuple(r2.to.columns))), d2))
        for m in e.measures:
            out.append(Query(e.name, m.name))
            if local is not None:
                out.append(Query(e.name, m.name, (), local.column, _padded(local)))
            out += [Query(e.name, m.name, path, d.column, _padded(d)) for path, d in joined]
            # One question by time per measure, by the axis's year: a target that dates the measure
            # by another column, or truncates the time otherwise, answers differently. A balance
            # is left out: the reference takes its latest time overall, not each year's.
            if axis is not None and not m.non_additive_dimension:
                out.append(Query(e.name, m.name, axis[0], axis[1].column, year=True))
        for mt in ratios(model, e):
            # A ratio of two of the entity's measures, as each target renders it: overall, and by
            # the dimension its measures are asked by.
            out.append(Query(e.name, mt.name, metric=True))
            if local is not None:
                out.append(Query(e.name, mt.name, (), local.column, _padded(local), metric=True))
    return out


def ratios(model: SemanticModel, e: Entity) -> list[Metric]:
    """The ratio metrics `e` owns over two of its own plain measures (no balance: the reference
    takes its latest time overall)."""
    own = {m.name: m for m in e.measures}
    return [mt for mt in model.metrics if mt.type == "ratio" and mt.entity == e.name and not mt.path
            and all(r in own and not own[r].non_additive_dimension and own[r].joined_filter is None
                    for r in (mt.numerator, mt.denominator))]


def ratio_parts(model: SemanticModel, query: Query) -> tuple[Entity, Metric, Measure, Measure]:
    e = model.entity_index()[query.entity]
    mt = next(x for x in model.metrics if x.name == query.measure and x.entity == e.name)
    own = {m.name: m for m in e.measures}
    return e, mt, own[mt.numerator], own[mt.denominator]


def q(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def table(e: Entity) -> exp.Table:
    return exp.Table(this=q(e.table.name), db=q(e.table.schema_) if e.table.schema_ else None)


def source(e: Entity, dialect: str) -> str:
    """What a question reads of the entity: its table, or the table's live rows where the entity
    leaves soft-deleted ones out (Entity.row_filters), as every target does at its base."""
    if not e.row_filters:
        return table(e).sql(dialect)
    live = exp.and_(*(_live(f) for f in e.row_filters))
    return f"({exp.select('*').from_(table(e)).where(live).sql(dialect)})"


def _live(f: RowFilter) -> exp.Expression:
    """A live row, written from the filter's meaning, not from the targets' own SQL
    (backends.row_filters): a wrong condition there is then wrong in the targets only, and
    verify sees their numbers differ. The column is NULL, or holds anything but the deleted mark."""
    column = exp.column(q(f.column))
    unset = exp.Is(this=column, expression=exp.null())
    if f.kind == "timestamp":
        return unset
    if isinstance(f.deleted_value, str):  # a flag kept as text: compared as text
        deleted: exp.Expression = exp.Literal.string(f.deleted_value)
    else:
        deleted = exp.true() if f.deleted_value is True else exp.Literal.number(int(f.deleted_value or 0))
    return exp.paren(exp.or_(unset, exp.NEQ(this=column.copy(), expression=deleted)))


def _over(sql: str, alias: str, dialect: str) -> str:
    """An IR expression over the table's columns, its columns read from `alias`."""
    tree = exp.maybe_parse(sql, dialect=dialect)
    for c in tree.find_all(exp.Column):
        if not c.table:
            c.set("table", q(alias))
    return tree.sql(dialect)


def year_sql(sql: str, dialect: str | None) -> str:
    """The year of a time, as an integer, in the source dialect. SQLite has no date type: its
    times are ISO text (or read as such through the time dimension's expression), whose year
    STRFTIME gives; sqlglot writes every other dialect's own year function."""
    d = sqlglot_dialect(dialect) if dialect else None
    tree = exp.maybe_parse(sql, dialect=d)
    if d == "sqlite":
        year = exp.TimeToStr(this=tree, format=exp.Literal.string("%Y"))
        return exp.cast(year, exp.DataType.build("INTEGER")).sql("sqlite")
    return exp.Year(this=tree).sql(d)


PARENT = "p0"  # the alias of the parent a measure's joined filter reads (joined_parent_sql)


def joined_parent_sql(model: SemanticModel, m: Measure, alias: str) -> str:
    """The LEFT JOIN of the parent a measure's joined filter reads (Measure.joined_filter: a
    line's order, for its currency) as PARENT, from `alias`; '' for other measures. Its own join,
    apart from the question's path: one parent row a row, so no row counts twice."""
    jf, d = m.joined_filter, model.dialect
    if jf is None:
        return ""
    step = jf.path[0]
    on = " AND ".join(f"{q(alias).sql(d)}.{q(a).sql(d)} = {q(PARENT).sql(d)}.{q(b).sql(d)}"
                      for a, b in zip(step.from_columns, step.to_columns))
    return f" LEFT JOIN {source(model.entity_index()[jf.entity], d)} AS {q(PARENT).sql(d)} ON {on}"


def aggregate_sql(m: Measure, alias: str, dialect: str, casts: dict[str, str] | None = None) -> str:
    """The IR measure over rows of `alias` (the measure's table); `casts`: column -> the cast its
    dimension reads it through (a number kept as text), which the measure reads it through too.
    A joined filter reads its parent's column from PARENT (joined_parent_sql)."""
    casts = casts or {}

    def col(sql: str) -> str:
        return _over(_cast_columns(sql, casts, dialect), alias, dialect)

    if m.expr:
        value = col(m.expr)
    elif m.column in casts:
        value = _over(casts[m.column], alias, dialect)  # the cast holds the column once: cast again, money's REPLACE fails on a number
    elif m.column:
        value = exp.column(m.column, table=alias, quoted=True).sql(dialect)
    else:
        value = None
    conditions = [col(m.filter)] if m.filter else []
    if m.joined_filter is not None:
        parent = exp.column(m.joined_filter.column, table=PARENT, quoted=True)
        conditions.append(exp.EQ(this=parent, expression=exp.Literal.string(m.joined_filter.value)).sql(dialect))
    if conditions:
        value = f"CASE WHEN {' AND '.join(f'({c})' for c in conditions)} THEN {value or 1} END"
    func = AGG_SQL[m.agg]
    if m.agg == "count_distinct":
        return f"COUNT(DISTINCT {value})"
    return f"{func}({value or '*'})"


def _cast_columns(sql: str, casts: dict[str, str], dialect: str) -> str:
    """`sql` with each unqualified column of `casts` read through its cast."""
    if not casts:
        return sql
    d = sqlglot_dialect(dialect) if dialect else None
    tree = exp.maybe_parse(sql, dialect=d)
    tree = tree.transform(lambda n: exp.maybe_parse(casts[n.name], dialect=d)
                          if isinstance(n, exp.Column) and not n.table and n.name in casts else n)
    return tree.sql(d)


def reference_sql(model: SemanticModel, query: Query) -> str:
    index = model.entity_index()
    dialect = model.dialect
    if query.metric:
        e, _mt, num, den = ratio_parts(model, query)
        casts = cast_columns(e, dialect)
        value = f"1.0 * {aggregate_sql(num, 't0', dialect, casts)} / NULLIF({aggregate_sql(den, 't0', dialect, casts)}, 0)"
        m = num  # a plain measure: no latest time to take
    else:
        e = index[query.entity]
        m = next(x for x in e.measures if x.name == query.measure)
        value = aggregate_sql(m, "t0", dialect, cast_columns(e, dialect))
    joins, last = [], "t0"
    for i, hop in enumerate(query.path, 1):
        on = " AND ".join(f"{q(last).sql(dialect)}.{q(a).sql(dialect)} = {q(f't{i}').sql(dialect)}.{q(b).sql(dialect)}"
                          for a, b in zip(hop.from_columns, hop.to_columns))
        joins.append(f"LEFT JOIN {source(index[hop.to_entity], dialect)} AS {q(f't{i}').sql(dialect)} ON {on}")
        last = f"t{i}"
    where = _latest(model, e, m)
    parent = "" if query.metric else joined_parent_sql(model, m, "t0")
    if query.column is None:
        return f"SELECT {value} AS v FROM {source(e, dialect)} AS {q('t0').sql(dialect)}{parent}{where}"
    group = f"{q(last).sql(dialect)}.{q(query.column).sql(dialect)}"
    if query.year:
        _, t = time_axis(model, e)
        group = year_sql(_over(t.expr, last, dialect) if t.expr else group, dialect)
    return (f"SELECT {group} AS g, {value} AS v FROM {source(e, dialect)} AS {q('t0').sql(dialect)}{parent} "
            + " ".join(joins) + f"{where} GROUP BY {group}")


def _latest(model: SemanticModel, e: Entity, m: Measure) -> str:
    """A semi-additive measure's rows: those of the latest time of its time axis (MetricFlow's
    non_additive_dimension with window_choice max), its own or a calendar's day its key names."""
    axis = e.time_axis
    if not m.non_additive_dimension or axis is None or len(axis.path) > 1:
        return ""
    d = model.dialect
    holder = model.entity_index()[axis.entity]
    t = next((t for t in holder.time_dimensions if t.name == m.non_additive_dimension and t.column), None)
    if t is None:
        return ""
    src, when = source(e, d), q(t.column).sql(d)
    if not axis.path:
        return f" WHERE {q('t0').sql(d)}.{when} = (SELECT MAX({q('s').sql(d)}.{when}) FROM {src} AS {q('s').sql(d)})"
    step = axis.path[0]
    if len(step.from_columns) != 1:
        return ""
    fk, key, cal = q(step.from_columns[0]).sql(d), q(step.to_columns[0]).sql(d), source(holder, d)
    latest = (f"SELECT MAX({q('c2').sql(d)}.{when}) FROM {src} AS {q('s').sql(d)} JOIN {cal} AS {q('c2').sql(d)} "
              f"ON {q('s').sql(d)}.{fk} = {q('c2').sql(d)}.{key}")
    return f" WHERE {q('t0').sql(d)}.{fk} IN (SELECT {q('c').sql(d)}.{key} FROM {cal} AS {q('c').sql(d)} WHERE {q('c').sql(d)}.{when} = ({latest}))"


def shape_sql(e: Entity, columns: list[str], dialect: str) -> str:
    """One row: each column's number of distinct values and average length, in that order."""
    d = sqlglot_dialect(dialect) if dialect else None
    parts = []
    for c in columns:
        col = exp.column(q(c))
        parts += [exp.Count(this=exp.Distinct(expressions=[col.copy()])), exp.Avg(this=exp.Length(this=col.copy()))]
    return exp.select(*parts).from_(table(e)).sql(d)
