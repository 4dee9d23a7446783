"""Explores as virtual datasets: one SELECT joining the root's table to the tables its
relationships reach, so a chart can slice the root's metrics by any joined field.

The root's columns keep their dataset names (so the root's metric expressions work unchanged on
the virtual dataset); a joined field is `<join alias>__<column>`. Each join carries its
cardinality as a comment (`/* many_to_one */`), which the reader takes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backends.superset import sql
from backends.superset.sql import ExprError
from backends import row_filters
from backends.superset import exprs, names
from backends.superset.plan import Physical, text
from compiler.diagnostics import Diagnostics
from compiler.types import cast_column
from backends.superset.codes import SS001, SS002
from ir.semantic import Explore, Join

JOIN_SQL = {"left_outer": "LEFT JOIN", "inner": "INNER JOIN", "full_outer": "FULL OUTER JOIN"}
SEPARATOR = "__"
# Dialects whose table aliases take no AS.
_BARE_ALIAS = {"oracle"}


@dataclass
class Virtual:
    table_name: str
    sql: str
    columns: list[dict[str, Any]] = field(default_factory=list)
    # The root's business time axis in the virtual dataset (Explore.time), if any.
    main_dttm_col: str | None = None
    expected: Explore | None = None
    # The column of each field of a table joined from the root: (entity, from columns, to columns,
    # field) -> the virtual dataset's column (`order__currency`), for the root's measures filtered on it.
    parent_columns: dict[tuple[str, tuple[str, ...], tuple[str, ...], str], str] = field(default_factory=dict)


def _alias_kw(dialect: str) -> str:
    return " " if dialect in _BARE_ALIAS else " AS "


def plan_explore(x: Explore, plans: dict[str, Physical], table_name: str, dialect: str, diags: Diagnostics) -> Virtual | None:
    where = f"explore {x.name}"
    root = plans.get(x.root)
    if root is None:
        diags.report(SS001, f"explore {x.name} left out: its root {x.root} has no dataset", where)
        return None
    q = lambda s: sql.quote(s, dialect)  # noqa: E731
    kw = _alias_kw(dialect)
    root_alias = x.root
    aliases: dict[str, tuple[str, Physical]] = {x.root: (root_alias, root), x.name: (root_alias, root)}
    used = {root_alias}
    select: list[str] = []
    columns: list[dict[str, Any]] = []
    taken: set[str] = set()
    folded = names.Taken()  # `taken` folded, kept along: names.unique refolds a plain set per call
    placed: dict[tuple[str, str], str] = {}  # (alias, field) -> the virtual dataset's column
    _select_fields(root, root_alias, None, dialect, select, columns, taken, folded, placed)
    for col in root.known:
        if col not in taken and col not in root.field_columns.values():
            # A column only a measure reads: selected so the root's metrics work here too.
            select.append(f"{q(root_alias)}.{q(col)}{kw}{q(col)}")
            taken.add(col)
            folded.add(col)
    lines = [f"FROM {_source(root.entity, dialect)}{kw}{q(root_alias)}"]
    joins: list[Join] = []
    for j in x.joins:
        jwhere = f"{where} join {j.alias}"
        target, source = plans.get(j.entity), aliases.get(j.from_alias)
        problem = None
        if target is None:
            problem = f"the joined entity {j.entity} has no dataset"
        elif source is None:
            problem = f"it hangs from {j.from_alias}, which is not in the explore"
        elif not j.from_columns or len(j.from_columns) != len(j.to_columns):
            problem = "its join columns do not pair up"
        if problem:
            diags.report(SS001, f"join {j.alias} left out: {problem}", jwhere)
            continue
        alias = names.unique_fitted(j.alias, used, dialect)
        if alias != j.alias:
            diags.report(SS002, f"join alias {j.alias!r} is {alias!r} in the virtual dataset", jwhere)
        used.add(alias)
        aliases[j.alias] = (alias, target)
        src_alias = source[0]
        on = " AND ".join(f"{q(src_alias)}.{q(fc)} = {q(alias)}.{q(tc)}" for fc, tc in zip(j.from_columns, j.to_columns))
        lines.append(f"{JOIN_SQL[j.type]} {_source(target.entity, dialect)}{kw}{q(alias)} /* {j.cardinality} */")
        lines.append(f"  ON {on}")
        _select_fields(target, alias, _prefix(target, alias), dialect, select, columns, taken, folded, placed)
        joins.append(j.model_copy(update={"alias": alias, "entity": target.name, "from_alias": src_alias}))
    query = "SELECT\n" + ",\n".join(f"  {s}" for s in select) + "\n" + "\n".join(lines)
    # The root's business time axis, where the explore holds it (decided by build_explores).
    main_dttm = None
    if x.time is not None:
        alias_of = {ir: a for ir, (a, _) in aliases.items()}
        main_dttm = placed.get((alias_of.get(x.time.alias, ""), x.time.dimension))
    parent_columns = {(j.entity, tuple(j.from_columns), tuple(j.to_columns), f): column
                      for j in x.joins if j.from_alias == x.root and j.alias in aliases
                      for (a, f), column in placed.items() if a == aliases[j.alias][0]}
    expected = x.model_copy(update={"root": root.name, "label": None, "description": x.description if text(x.description) else None, "joins": joins})
    return Virtual(table_name, query, columns, main_dttm, expected, parent_columns)


def _source(entity, dialect: str) -> str:
    """The entity's table, or its live rows where soft-deleted ones are left out (row_filters):
    a joined table's deleted rows then match no row, as in every target."""
    based = row_filters.based_sql(entity, dialect)
    return f"({based})" if based else sql.table_sql(entity.table.name, entity.table.schema_, dialect)


def _prefix(p: Physical, alias: str) -> str:
    label = text(p.entity.label)
    return label if label and alias == p.entity.name else alias.replace("_", " ").title()


def _select_fields(
    p: Physical, alias: str, prefix: str | None, dialect: str, select: list[str], columns: list[dict[str, Any]], taken: set[str],
    folded: names.Taken, placed: dict[tuple[str, str], str],
) -> None:
    """Select the dataset's columns under `alias`; `prefix` (a joined entity) renames them."""
    q = lambda s: sql.quote(s, dialect)  # noqa: E731
    kw = _alias_kw(dialect)
    ref = exprs.column_ref(p.known, dialect, qualifier=alias)
    field_of = {c: f for f, c in p.field_columns.items()}
    for body in p.columns:
        name = body["column_name"]
        raw = cast_column(body["expression"], dialect) if prefix is None else None
        if body["expression"] is None:
            # (A root's column already selected for a cast read of it is not selected twice.)
            value = None if prefix is None and name in taken else f"{q(alias)}.{q(name)}"
        elif raw in p.known:
            # A root's column read through a cast (a number or a true/false kept as text, under its
            # own name or the field's): the raw column is selected as it is and the cast kept on the
            # dataset's column as on the table's. The root's metrics read the raw column through the
            # same cast; were the cast value selected under the field's name, a name that differs
            # from the column's only by case ("discontinued", "Discontinued") would be the same
            # column to DuckDB, MySQL or SQLite, and the metrics would cast the cast value again.
            if raw not in taken:
                select.append(f"{q(alias)}.{q(raw)}{kw}{q(raw)}")
                taken.add(raw)
                folded.add(raw)
            taken.add(name)
            folded.add(name)
            if name in field_of:
                placed[(alias, field_of[name])] = name
            columns.append(dict(body))
            continue
        else:
            field_name = field_of[name]
            fld = next(f for f in (*p.entity.dimensions, *p.entity.time_dimensions) if f.name == field_name)
            try:
                value = exprs.field_sql(fld.column, fld.expr, dialect, ref)
            except ExprError:  # cannot happen: the physical plan rendered it
                continue
        out_name = name if prefix is None else names.unique_fitted(f"{alias}{SEPARATOR}{name}", folded, dialect)
        if value is not None:
            taken.add(out_name)
            folded.add(out_name)
            select.append(f"{value}{kw}{q(out_name)}")
        if name in field_of:
            placed[(alias, field_of[name])] = out_name
        column = dict(body, column_name=out_name, expression=None)
        if prefix is not None:
            column["verbose_name"] = f"{prefix} {body['verbose_name'] or name}"
        columns.append(column)
