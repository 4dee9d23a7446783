"""What each time column records (TimeDimension.kind): business, created, audit, load, validity,
birth or other.

Names are read as words (compiler.time_kinds, which the profiler reads too), and data overrules
a name that says nothing: a column whose values are all the same moment (a migration or load
stamp) is an audit column whatever it is called. choose_time_axes
never takes an audit, load or birth column as a business time axis.
"""

from __future__ import annotations

from compiler.pipeline import Context, State
from compiler.time_kinds import kind_by_name, stamped_at_once
from ir.catalog import ColumnProfile
from ir.provenance import Provenance
from ir.semantic import TimeDimension
from passes.value_kinds import profiles

NAME = "classify_time_columns"


def classify(t: TimeDimension, profile: ColumnProfile | None, rows: int | None) -> tuple[str, str, str]:
    """(kind, rule, why) for one time column."""
    if t.semantic_type == "birth_date" or (t.sensitivity or "").endswith("birth_date"):
        return "birth", "birth_date", "a birth date"
    by_name = kind_by_name(t.column or t.name)
    if by_name is not None and by_name[0] in ("birth", "load", "audit"):
        return by_name[0], f"{by_name[0]}_name", f"the name says {by_name[0]} ({by_name[1]!r})"
    if stamped_at_once(profile, rows):
        return "audit", "same_moment", "every row holds the same moment: a load or migration stamp"
    if by_name is not None:
        return by_name[0], f"{by_name[0]}_name", f"the name says {by_name[0]} ({by_name[1]!r})"
    return "business", "business_time", "a date or time of something that happened"


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    cache: dict[tuple, Provenance] = {}
    for entity in state.model.entities:
        table = tables.get(entity.table.key)
        rows = table.row_count if table is not None else None
        found = profiles(table) if entity.time_dimensions else {}
        for t in entity.time_dimensions:
            if t.kind_provenance is not None and t.kind_provenance.origin == "human":
                continue
            kind, rule, why = classify(t, found.get(t.column or ""), rows)
            key = (rule, why)
            if key not in cache:
                cache[key] = Provenance.inferred(NAME, rule, 0.9 if rule != "business_time" else 0.6, [why])
            t.kind = kind  # type: ignore[assignment]
            t.kind_provenance = cache[key]
