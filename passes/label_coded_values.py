"""Codes documented in their column's comment: `Status tinyint -- 1 = In process; 2 = Approved;
... 5 = Shipped; 6 = Cancelled`. A BI developer reading such a schema writes the labels into the
model once, so no report shows a bare 5; this pass does: the coded column gets its labels
(Dimension.value_labels) and a dimension beside it that shows them (a CASE over the codes), and
derive_measures counts the rows of each status by its label ("Count Shipped").

Only where the comment lists at least two codes and the data holds no code it does not list (the
complete enumeration, else the most frequent values the profile found): a comment describing
the column in other words, or codes the documentation has fallen behind, label nothing.
"""

from __future__ import annotations

import re

from sqlglot import exp

from compiler.naming import NameTable
from compiler.pipeline import Context, State
from compiler.types import sqlglot_dialect
from ir.catalog import Column
from ir.provenance import Provenance, Text
from ir.semantic import Dimension

NAME = "label_coded_values"
MIN_CODES = 2
MAX_LABEL = 40  # longer text after a code is a sentence about it, not its label
# A code (a small whole number, or one or two capitals) followed by = or : starts a label, which
# runs to the next code: "1 = In process; 2 = Approved", "A: Active, I: Inactive"; an arrow and
# full-width marks as Chinese schemas write them ("订单状态：0->待付款；1->待发货").
_CODE = re.compile(r"(?<![\w.])(-?\d{1,4}|[A-Z]{1,2})\s*(?:->|=>|[=:：＝])\s*")
_TRIM = " \t\r\n;,.|/；，、。"


def parse_labels(comment: str | None) -> dict[str, str] | None:
    """{code: label} of the codes a comment lists, or None when it lists fewer than two."""
    if not comment:
        return None
    found = list(_CODE.finditer(comment))
    out: dict[str, str] = {}
    for m, nxt in zip(found, [*found[1:], None]):
        label = comment[m.end(): nxt.start() if nxt else len(comment)].strip(_TRIM)
        if not label or len(label) > MAX_LABEL or not any(ch.isalpha() for ch in label) or m.group(1) in out:
            return None
        out[m.group(1)] = label
    return out if len(out) >= MIN_CODES else None


def _held(d: Dimension, column: Column | None) -> list[str] | None:
    """The codes the data is known to hold: the complete enumeration, else the profile's most
    frequent values; None when nothing was profiled."""
    if d.accepted_values:
        return [str(v) for v in d.accepted_values]
    p = column.profile if column is not None else None
    return [str(v.value) for v in p.top_values] if p is not None and p.top_values else None


def _case_sql(d: Dimension, labels: dict[str, str], dialect: str | None) -> str:
    column = exp.column(d.column, quoted=True)
    code = exp.Literal.number if d.data_type == "integer" else exp.Literal.string
    tree = exp.Case(ifs=[exp.If(this=exp.EQ(this=column, expression=code(c)), true=exp.Literal.string(label))
                         for c, label in labels.items()])
    return tree.sql(dialect=dialect)


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    dialect = sqlglot_dialect(state.model.dialect)
    for entity in state.model.entities:
        table = tables.get(entity.table.key)
        if table is None:
            continue
        names = NameTable({f.name for f in [*entity.dimensions, *entity.time_dimensions, *entity.measures]})
        added: list[Dimension] = []
        for d in entity.dimensions:
            if d.column is None or d.expr is not None or d.data_type not in ("integer", "string") or d.role == "key" or d.sensitivity:
                continue
            column = table.column(d.column)
            labels = parse_labels(column.comment if column is not None else None)
            if labels is None or (d.data_type == "integer") != all(c.lstrip("-").isdigit() for c in labels):
                continue
            held = _held(d, column)
            if held is not None and not set(held) <= set(labels):
                continue  # the data holds codes the comment does not name: it has fallen behind
            why = [f"the comment of {d.column} lists {len(labels)} codes and what each stands for"]
            d.value_labels, d.value_labels_provenance = labels, Provenance.inferred(NAME, "documented_codes", 0.85, why)
            added.append(Dimension(
                name=names.claim(f"{d.name}_name"), expr=_case_sql(d, labels, dialect), data_type="string",
                description=Text.inferred(f"What the code in {d.column} stands for, as its documentation lists it.", NAME,
                                          "documented_codes"),
                provenance=Provenance.inferred(NAME, "documented_codes", 0.85, why)))
        entity.dimensions = entity.dimensions + added
