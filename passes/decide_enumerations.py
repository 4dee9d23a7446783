"""Enumerations (Dimension.accepted_values): the complete list of values of a status-like or
low-cardinality category column, read from the profile.

Only where the profile proves the list complete: the table read whole (not sampled), an exact
distinct count, every distinct value among the top values and their counts adding up to the
non-null rows. Never for keys, for sensitive columns (no personal data in a values list), or for
more values than `inference.accepted_values_max` (default 10). dbt renders the list as an
accepted_values test; derive_measures counts rows per status value.
"""

from __future__ import annotations

from passes.sort_orders import order_names

from compiler.naming import words
from compiler.pipeline import Context, State
from compiler.whole_numbers import whole
from ir.catalog import Column, Table
from ir.provenance import Provenance
from ir.semantic import Dimension

NAME = "decide_enumerations"
CATEGORY_WORDS = {"status", "state", "type", "category", "kind", "class", "tier", "segment", "group", "priority",
                  "mode", "stage", "channel", "level", "gender", "flag", "estado", "tipo", "statut", "etat", "zustand", "typ",
                  "art", "stufe", "categoria", "categorie", "kategorie"}
STATUS_WORDS = {"status", "state", "stage", "estado", "statut", "etat", "zustand", "phase", "lifecycle"}
MAX_VALUES = 10
_PROVENANCE = Provenance.inferred(NAME, "complete_profile", 0.9, ["every value the profile found, and the profile read the whole table"])


# A person's standing (marital status, civil state): an attribute to group people by, not a stage
# their record moves through.
PERSONAL_STANDING = {"marital", "civil", "family", "relationship", "familien", "familiar"}


def is_status(d: Dimension) -> bool:
    """A status-like column: its last word names a state (order_status, Estado), not a person's
    standing (marital_status)."""
    ws = words(d.column or d.name)
    return bool(ws) and ws[-1] in STATUS_WORDS and not set(ws[:-1]) & PERSONAL_STANDING


def values_of(d: Dimension, column: Column | None, table: Table | None, max_values: int = MAX_VALUES) -> list | None:
    """The complete value list of a category column, or None when the profile does not prove it."""
    if table is None or column is None or d.data_type not in ("string", "integer") or d.role == "key":
        return None
    ws = words(d.column or d.name)
    named = bool(ws) and ws[-1] in CATEGORY_WORDS and d.semantic_type in (None, "category", "boolean_flag")
    if d.sensitivity or not (d.semantic_type in ("category", "boolean_flag") or named):
        return None
    # One value is no enumeration: it says what the data is today, not what it may be.
    return complete_values(d, column, table, 2, max_values)


def complete_values(d: Dimension, column: Column | None, table: Table | None, least: int, most: int) -> list | None:
    """Every value the column holds, `least` to `most` of them, where the profile read the whole
    table and counted each (no sample, the top values adding up to the rows); else None."""
    p = column.profile if column is not None else None
    if table is None or p is None or p.redacted or p.distinct_exact is False or not p.distinct_count or not least <= p.distinct_count <= most:
        return None
    if (table.profile and table.profile.sample) or table.row_count is None or len(p.top_values) != p.distinct_count:
        return None
    if sum(v.count for v in p.top_values) != table.row_count - (p.null_count or 0):
        return None
    values = [v.value for v in p.top_values]
    if d.data_type == "integer":
        # A float column of whole numbers typed integer (normalize_types) was profiled as floats:
        # its codes are 1 and 99, as the cast reads them, not 1.0 and 99.0.
        values = [whole(v) for v in values]
    if d.data_type == "integer" and not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    if d.data_type == "string" and not all(isinstance(v, str) for v in values):
        return None
    return sorted(values, key=lambda v: (str(type(v)), v))


def run(state: State, ctx: Context) -> None:
    inference = getattr(ctx.config, "inference", None)
    max_values = getattr(inference, "accepted_values_max", MAX_VALUES)
    tables = {t.key: t for t in state.snapshot.tables}
    for entity in state.model.entities:
        table = tables.get(entity.table.key)
        columns: dict[str, Column] = {}
        for c in table.columns if table is not None else ():
            columns.setdefault(c.name, c)
        for d in entity.dimensions:
            if d.accepted_values_provenance is not None and d.accepted_values_provenance.origin == "human":
                continue
            column = columns.get(d.column or "")
            values = values_of(d, column, table, max_values)
            d.accepted_values = values
            d.accepted_values_provenance = _PROVENANCE if values else None
        order_names(entity, table)  # a month's name sorts by its number
