"""From the SemanticModel to Power BI tables, columns, measures and relationships, deciding
every display name and every DAX expression once.

Shared by the emitter (build.py renders it) and the round trip (`expected`: the model as
Power BI expresses it, with what PB001 reported left out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.diagnostics import Diagnostics
from compiler.types import is_column_cast, is_column_conversion
from backends.powerbi.codes import PB001, PB002
from ir.provenance import Text
from ir.semantic import Dimension, Entity, Measure, Metric, SemanticModel, TimeDimension
from backends.powerbi import mquery, names
from backends.powerbi.dax import DaxError, Scope, column_scope, dax_string, translate
from backends.powerbi.measures import measure_dax, measure_scope, metric_dax
from backends.powerbi.relationships import RelPlan, plan_relationships, role_copies


@dataclass
class ColumnPlan:
    field: Dimension | TimeDimension
    display: str
    dax: str | None = None  # a calculated column's expression
    key: bool = False  # isKey: the single-column primary key
    key_of: list[str] | None = None  # a compound key's columns, made one text to relate by (compound_keys)


@dataclass
class MeasurePlan:
    source: Measure | Metric
    display: str
    dax: str
    role: str | None = None  # set on a measure that activates a role-playing relationship


@dataclass
class TablePlan:
    entity: Entity
    display: str
    file: str
    columns: list[ColumnPlan] = field(default_factory=list)
    measures: list[MeasurePlan] = field(default_factory=list)
    date_table: bool = False
    scope: Scope | None = None
    role_of: str | None = None  # the table again in a role (an employee's manager): the display of the table it copies
    hidden: bool = False  # every reference to it relates to a role copy: on its own it would slice nothing

    def display_of_column(self, column: str) -> str | None:
        for c in self.columns:
            if c.field.column == column and c.dax is None:
                return c.display
        return None

    def display_of_key(self, columns: list[str]) -> str | None:
        """The column a relationship over `columns` relates: the column itself, or the compound
        key's calculated column."""
        if len(columns) == 1:
            return self.display_of_column(columns[0])
        return next((c.display for c in self.columns if c.key_of == list(columns)), None)


@dataclass
class Plan:
    model: SemanticModel
    tables: list[TablePlan]
    relationships: list[RelPlan]

    def expected(self) -> SemanticModel:
        from backends.powerbi.expected import expected_model

        return expected_model(self)


def build(model: SemanticModel, diags: Diagnostics) -> Plan:
    taken_tables: set[str] = set()
    taken_files: set[str] = set()
    tables: list[TablePlan] = []
    for e in model.entities:
        display = _display(e.label, e.name, taken_tables, f"table {e.name}", e.name, diags)
        file = names.file_name(display, taken_files)
        taken_tables.add(display.casefold())
        taken_files.add(file.casefold())
        tables.append(_table(e, display, file, model.dialect, diags))
    compound_keys(model, tables)
    taken_measures: set[str] = set()
    # A label several tables' measures share ("Count") names each one with its table.
    seen: dict[str, set[str]] = {}
    for t in tables:
        for m in t.entity.measures:
            seen.setdefault((_text(m.label) or m.name).casefold(), set()).add(t.entity.name)
    shared = {label for label, owners in seen.items() if len(owners) > 1}
    for t in tables:
        _measures(t, taken_measures, shared, diags)
    _metrics(model, tables, taken_measures, diags)
    roles = _role_tables(model, tables, taken_tables, taken_files, diags)
    copies = list({id(t): t for t in roles.values()}.values())
    _hide_copied(model, tables, roles)
    tables += copies
    relationships = plan_relationships(model, tables, diags, roles)
    _joined_filters(tables, relationships, diags)
    _role_measures(relationships, taken_measures, diags)
    return Plan(model, tables, relationships)


KEY_SEPARATOR = "|"  # MetricFlow's compound entities join their columns the same way


def compound_keys(model: SemanticModel, tables: list[TablePlan]) -> None:
    """Power BI relates one column to one column: a compound reference (a batting line's player,
    year and team to the team-season it played in) relates through a hidden calculated column on
    each side that joins the key's columns into one text, as Power BI developers write it, so
    the measures of one table slice by the other's columns as every other target joins them."""
    by_key = {t.entity.table.key: t for t in tables}
    for r in sorted(model.relationships, key=lambda r: r.sort_key()):
        if len(r.from_.columns) < 2 or len(r.from_.columns) != len(r.to.columns) or r.from_.table_key == r.to.table_key:
            continue
        ends = [(by_key.get(r.from_.table_key), list(r.from_.columns)), (by_key.get(r.to.table_key), list(r.to.columns))]
        if any(t is None or any(t.display_of_column(c) is None for c in cols) for t, cols in ends):
            continue  # a column left out: the relationship is reported lost (plan_relationships)
        for t, cols in ends:
            if t.display_of_key(cols) is not None:
                continue
            shown = [t.display_of_column(c) for c in cols]
            taken = {c.display.casefold() for c in t.columns}
            display = names.unique(f"Key ({', '.join(shown)})", taken)
            dax = f' & "{KEY_SEPARATOR}" & '.join(names.dax_column(t.display, c) for c in shown)
            field = Dimension(name=names.unique("key_" + "_".join(cols), {c.field.name.casefold() for c in t.columns}),
                              data_type="string", role="key", hidden=True)
            t.columns.append(ColumnPlan(field, display, dax=dax, key_of=cols))


def _role_tables(model: SemanticModel, tables: list[TablePlan], taken: set[str], files: set[str],
                 diags: Diagnostics) -> dict[tuple[str, str], TablePlan]:
    """A reference from a table to its own key (an employee's manager): Power BI relates no table
    to itself, so the table is there again in that role, reading the same source (its columns,
    no measures), and the reference relates the table to its role copy. So does each of several
    role-playing keys to a table that refers to nothing (pickup and dropoff zones: role_copies).
    Keyed by (referring table key, referring column)."""
    by_key = {t.entity.table.key: t for t in tables}
    out: dict[tuple[str, str], TablePlan] = {}
    shared: dict[tuple[str, str], TablePlan] = {}  # (table, role): one copy for every table that plays it
    copied = {id(r) for r in role_copies(model, tables)}
    for r in sorted(model.relationships, key=lambda r: r.sort_key()):
        base = by_key.get(r.to.table_key)
        if base is None or len(r.from_.columns) != 1 or list(r.to.columns) != list(base.entity.primary_key):
            continue
        if r.from_.table_key != r.to.table_key and id(r) not in copied:
            continue
        wanted = names.role_of(r.role or r.from_.columns[0])
        if (same := shared.get((r.to.table_key, wanted.casefold()))) is not None:
            # Green and yellow trips' pickup zones: one table of pickup zones, so one slicer
            # filters both.
            out[(r.from_.table_key, r.from_.columns[0])] = same
            continue
        where = f"{base.entity.name}.{r.from_.columns[0]}"
        display = _display(None, wanted, taken, f"table {base.entity.name} as {wanted}", where, diags)
        taken.add(display.casefold())
        file = names.file_name(display, files)
        files.add(file.casefold())
        copy = [ColumnPlan(c.field, c.display, None, c.key) for c in base.columns if c.dax is None]
        out[(r.from_.table_key, r.from_.columns[0])] = shared[(r.to.table_key, wanted.casefold())] = TablePlan(
            base.entity, display, file, copy, role_of=base.display)
    return out


def _hide_copied(model: SemanticModel, tables: list[TablePlan], roles: dict[tuple[str, str], TablePlan]) -> None:
    """A table every other table relates to through its role copies (the zones of pickups and
    dropoffs), with no measures of its own, is hidden: unrelated, a slicer on it would show every
    measure's total on each of its rows. One pass over the relationships: a table is kept shown by
    any relationship of its own that is not a reference into one of its copies."""
    through_copy: dict[str, bool] = {}  # table key -> every relationship touching it goes to a copy of it
    for r in model.relationships:
        copy = roles.get((r.from_.table_key, r.from_.columns[0])) if len(r.from_.columns) == 1 else None
        into_copy = copy is not None and copy.entity.table.key == r.to.table_key and r.from_.table_key != r.to.table_key
        through_copy[r.to.table_key] = through_copy.get(r.to.table_key, True) and into_copy
        if r.from_.table_key != r.to.table_key:
            through_copy[r.from_.table_key] = False
    for t in tables:
        if t.role_of is None and not t.measures and through_copy.get(t.entity.table.key, False):
            t.hidden = True


def _joined_filters(tables: list[TablePlan], relationships: list[RelPlan], diags: Diagnostics) -> None:
    """A measure filtered on its parent's column (Measure.joined_filter: a line's money per its
    order's currency) filters the parent's column in CALCULATE: the active relationship along its
    join carries it to the rows (`KEEPFILTERS('Order'[Currency] = "CAD")`). Left out where that
    relationship is not active or the column not bound, as unfiltered it would add every currency."""
    for t in tables:
        for mp in list(t.measures):
            jf = mp.source.joined_filter if isinstance(mp.source, Measure) else None
            if jf is None:
                continue
            step, where = jf.path[0], f"{t.entity.name}.{mp.source.name}"
            rel = next((r for r in relationships if r.from_table is t and r.to_table.entity.name == jf.entity and r.active
                        and not r.reversed and r.role is None and list(r.rel.from_.columns) == step.from_columns
                        and list(r.rel.to.columns) == step.to_columns), None)
            column = next((c for c in rel.to_table.columns if c.field.name == jf.dimension and c.dax is None), None) if rel else None
            if column is None:
                diags.report(PB001, f"measure {where} left out: its filter on {jf.entity}.{jf.dimension} needs an active "
                             "relationship to that table and its column", where)
                t.measures.remove(mp)
                continue
            condition = f"KEEPFILTERS({names.dax_column(rel.to_table.display, column.display)} = {dax_string(jf.value)})"
            mp.dax = f"CALCULATE({mp.dax}, {condition})"


def _role_measures(relationships: list[RelPlan], taken: set[str], diags: Diagnostics) -> None:
    """Each measure of a table with an inactive relationship (role-playing keys, a detour to a
    parent row), once per such relationship: CALCULATE with USERELATIONSHIP, so "freight by ship
    address" can be asked beside "by bill address", and payments by their rental's film."""
    for r in relationships:
        if r.role is None:
            continue
        t = r.from_table
        using = f"USERELATIONSHIP({names.dax_column(t.display, r.from_column)}, {names.dax_column(r.to_table.display, r.to_column)})"
        columns = {c.display.casefold() for c in t.columns}
        for mp in [m for m in t.measures if m.role is None and isinstance(m.source, Measure)]:
            where = f"{t.entity.name}.{mp.source.name}"
            shown = _display(None, f"{mp.display} ({r.role})", _Both(taken, columns), f"measure {where} by {r.role}", where, diags)
            taken.add(shown.casefold())
            t.measures.append(MeasurePlan(mp.source, shown, f"CALCULATE({names.dax_measure(mp.display)}, {using})", role=r.role))


def _text(t) -> str | None:
    return names.clean(t.value) if t is not None and names.clean(t.value) else None


class _Both:
    """Membership in either of two sets, without copying them (a union per measure made naming
    quadratic in the number of measures)."""

    __slots__ = ("a", "b")

    def __init__(self, a: set[str], b: set[str]):
        self.a, self.b = a, b

    def __contains__(self, name: object) -> bool:
        return name in self.a or name in self.b


def _display(label, name: str, taken: "set[str] | _Both", what: str, where: str, diags: Diagnostics, qualifier: str | None = None) -> str:
    """The label when it is free; else the label qualified by its table, the IR name, or a
    numbered variant (reported as PB002)."""
    wanted = _text(label) or name
    candidates = [wanted] + ([f"{wanted} ({qualifier})"] if qualifier else []) + [name]
    out = next((c for c in candidates if c.casefold() not in taken), None) or names.unique(wanted, taken)
    if out != wanted:
        diags.report(PB002, f"{what} is named {out!r} in Power BI ({wanted!r} is taken)", where)
    return out


def reads_converted(f: Dimension | TimeDimension, dialect: str) -> bool:
    """A time kept as text or a number (31/12/2020 23:59, a YYYYMMDD day, a Unix time) whose
    conversion the partition's native query selects in the column's place: where the source is
    read through ODBC, the source's SQL reads it as the other targets do. Navigated sources read
    the column as it is, and Power BI would read the text or number its own way."""
    return (isinstance(f, TimeDimension) and mquery.connector(dialect) == mquery.ODBC
            and is_column_conversion(f.expr, f.column, dialect))


def _table(e: Entity, display: str, file: str, dialect: str, diags: Diagnostics) -> TablePlan:
    t = TablePlan(e, display, file)
    taken: set[str] = set()
    seen_columns: set[str] = set()
    pk = e.primary_key[0] if len(e.primary_key) == 1 else None
    for f in [*e.dimensions, *e.time_dimensions]:
        if (f.expr is not None and not is_column_cast(f.expr, f.column, dialect) and not reads_converted(f, dialect)) or f.column is None:
            continue
        if f.column in seen_columns:
            if not reads_converted(f, dialect):  # a year read as its first day: the year is there
                diags.report(PB001, f"field {e.name}.{f.name} left out: column {f.column!r} already has a field and Power BI binds a source column once", f"{e.name}.{f.name}")
            continue
        seen_columns.add(f.column)
        shown = _display(f.label, f.name, taken, f"column {e.name}.{f.name}", f"{e.name}.{f.name}", diags)
        taken.add(shown.casefold())
        t.columns.append(ColumnPlan(f, shown, key=f.column == pk))
    t.date_table = any(c.key and isinstance(c.field, TimeDimension) and c.field.data_type == "date" for c in t.columns)
    t.scope = column_scope(dialect, display, {c.field.column: (c.display, c.field.data_type) for c in t.columns})
    for f in [*e.dimensions, *e.time_dimensions]:
        if f.expr is None or is_column_cast(f.expr, f.column, dialect):  # a cast of its column is that column, typed
            continue
        where = f"{e.name}.{f.name}"
        if f.column is not None and is_column_conversion(f.expr, f.column, dialect):
            if f.column in seen_columns:
                bound = next((c.field for c in t.columns if c.field.column == f.column), None)
                if bound is not f and isinstance(f, TimeDimension) and f.granularity != "year":
                    # A calendar's key 19920101 read as its day: the column is bound as the number its
                    # facts relate by, and Power BI binds a source column once.
                    diags.report(PB001, f"field {where} left out: column {f.column!r} is bound as the number it holds and "
                                        "Power BI binds a source column once", where)
                continue  # a second reading of a column bound already (a year as its first day; a time its native query converts)
            # Bound as it is, Power BI would read 20160404 as a day 20 million days after 1899.
            diags.report(PB001, f"field {where} left out: a time kept as a number or text (a YYYYMMDD day, a Unix time, "
                                "31/12/2020 23:59) is read as a time by SQL here; Power BI would read the number or text "
                                "its own way", where)
            continue
        try:
            dax = translate(f.expr, t.scope).dax
        except DaxError as err:
            diags.report(PB001, f"field {where} left out: its expression {err}", where)
            continue
        shown = _display(f.label, f.name, taken, f"column {where}", where, diags)
        taken.add(shown.casefold())
        t.columns.append(ColumnPlan(f, shown, dax=dax))
    return t


def _measures(t: TablePlan, taken: set[str], shared: set[str], diags: Diagnostics) -> None:
    columns = {c.display.casefold() for c in t.columns}
    keys = {c.field.column for c in t.columns if c.key and c.field.column}
    for m in t.entity.measures:
        where = f"{t.entity.name}.{m.name}"
        try:
            dax = measure_dax(m, t.display, t.scope, keys)
        except DaxError as err:
            diags.report(PB001, f"measure {where} left out: {err}", where)
            continue
        wanted = _text(m.label) or m.name
        if wanted.casefold() in shared:
            wanted = f"{wanted} ({t.display})"
        shown = _display(Text.inferred(wanted, "backends.powerbi", "qualified") if wanted != (_text(m.label) or m.name) else m.label,
                         m.name, _Both(taken, columns), f"measure {where}", where, diags, qualifier=t.display)
        taken.add(shown.casefold())
        t.measures.append(MeasurePlan(m, shown, dax))


def _metrics(model: SemanticModel, tables: list[TablePlan], taken: set[str], diags: Diagnostics) -> None:
    by_entity = {t.entity.name: t for t in tables}
    displays: dict[tuple[str, str], str] = {(t.entity.name, mp.source.name): mp.display for t in tables for mp in t.measures}
    for mt in model.metrics:
        # The owner is the model's decision (Metric.entity, set by resolve_metrics); DAX measures
        # reach measures of any table, so a metric over several entities is kept.
        home = by_entity.get(mt.entity or "")
        where = f"{mt.entity}.{mt.name}" if mt.entity else mt.name
        if home is None:
            diags.report(PB001, f"metric {mt.name} left out: {'its owner has no table' if mt.entity else 'it has no owner entity'}", where)
            continue

        def ref(name: str, home=home) -> str:
            entity, _, measure = name.rpartition(".")
            key = (entity or home.entity.name, measure)
            if key not in displays:
                found = [k for k in displays if k[1] == measure]
                if entity or len(found) != 1:
                    raise DaxError(f"refers to measure {name!r}, which is not in the Power BI model")
                key = found[0]
            return names.dax_measure(displays[key])

        try:
            dax = metric_dax(mt, ref, measure_scope(model.dialect, ref))
        except DaxError as err:
            diags.report(PB001, f"metric {where} left out: {err}", where)
            continue
        columns = {c.display.casefold() for c in home.columns}
        shown = _display(mt.label, mt.name, _Both(taken, columns), f"metric {where}", where, diags, qualifier=home.display)
        taken.add(shown.casefold())
        home.measures.append(MeasurePlan(mt, shown, dax))
        displays[(home.entity.name, mt.name)] = shown
