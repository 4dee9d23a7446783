"""The grain a view's own query states: a view that groups its rows (`GROUP BY emp_no`) holds one
row per value of the grouped columns it outputs, whatever its data shows. That is its key, and a
proven one: a reference grouped so is a one-to-one extension of what it references, not a
history of it (the latest period of each employee's departments, taken with MAX)."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from compiler.types import sqlglot_dialect
from ir.catalog import Table


def grouped_key(table: Table, dialect: str | None) -> list[str] | None:
    """The output names of the columns the view's outermost SELECT groups by, when it groups by
    plain columns only, each one output, and nothing (DISTINCT aside) can repeat a group: no set
    operation, no GROUPING SETS, ROLLUP or CUBE."""
    if table.kind == "table" or not table.definition:
        return None
    try:
        tree = sqlglot.parse_one(table.definition, read=sqlglot_dialect(dialect))
    except Exception:  # noqa: BLE001 - a query sqlglot cannot read says nothing
        return None
    if not isinstance(tree, exp.Select):
        return None  # a UNION of grouped selects repeats groups
    group = tree.args.get("group")
    if group is None or any(group.args.get(k) for k in ("grouping_sets", "rollup", "cube")):
        return None
    grouped = [g for g in group.expressions]
    if not grouped or not all(isinstance(g, exp.Column) for g in grouped):
        return None
    outputs: dict[tuple[str, str], str] = {}
    for proj in tree.expressions:
        inner = proj.this if isinstance(proj, exp.Alias) else proj
        if isinstance(inner, exp.Column):
            outputs.setdefault((inner.table.lower(), inner.name.lower()), proj.alias_or_name)
    names = {c.name.lower(): c.name for c in table.columns}
    key = []
    for g in grouped:
        out = outputs.get((g.table.lower(), g.name.lower()))
        if out is None and not g.table:
            out = next((o for (t, n), o in outputs.items() if n == g.name.lower()), None)
        if out is None or out.lower() not in names:
            return None  # grouped by a column the view does not output: its rows have no key of theirs
        key.append(names[out.lower()])
    return key
