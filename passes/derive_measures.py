"""Default measures: a row count per entity; sum and average of additive numeric columns;
average only for values that do not add up (prices, rates, percentages, scores)."""

from __future__ import annotations

from compiler.pipeline import Context, State
from ir.provenance import Provenance
from ir.semantic import Measure
from compiler.naming import NameTable, words

NAME = "derive_measures"

# A unit price or a rate summed over rows means nothing; its average does.
NON_ADDITIVE = {
    "price", "rate", "ratio", "percent", "percentage", "pct", "share", "avg", "average", "mean", "median",
    "margin", "score", "rating", "age", "temperature", "temp", "discount", "factor", "probability",
    "weight_pct", "balance", "speed", "density", "index", "fx", "multiplier",
}


def is_additive(column: str) -> bool:
    return NON_ADDITIVE.isdisjoint(words(column))


# One shared (frozen) provenance per rule rather than one per measure.
_ROW_COUNT = Provenance.inferred(NAME, "row_count", 1.0, ["every entity counts its rows"])
_NUMERIC = {rule: Provenance.inferred(NAME, rule, 0.7, ["the column holds numeric values"])
            for rule in ("additive_sum", "additive_average", "non_additive_average")}


def run(state: State, ctx: Context) -> None:
    for entity in state.model.entities:
        taken = {f.name for f in entity.dimensions} | {t.name for t in entity.time_dimensions}
        taken |= {m.name for m in entity.measures}
        names = NameTable(taken)
        # A person's filtered or computed measure does not stand in for the plain default one.
        existing = {(m.agg, m.column) for m in entity.measures if m.filter is None and m.expr is None}
        new: list[Measure] = []
        if ("count", None) not in existing:
            new.append(
                Measure(name=names.claim("count"), agg="count", format="integer", provenance=_ROW_COUNT)
            )
        for dim in entity.dimensions:
            if dim.role != "measure" or dim.column is None:
                continue
            fmt = "integer" if dim.data_type == "integer" else "decimal"
            aggs = ["sum", "avg"] if is_additive(dim.column) else ["avg"]
            for agg in aggs:
                if (agg, dim.column) in existing:
                    continue
                if agg == "sum":
                    base = f"sum_{dim.name}" if dim.name.startswith("total") else f"total_{dim.name}"
                else:
                    base = f"average_{dim.name}"
                rule = "additive_sum" if agg == "sum" else ("additive_average" if len(aggs) == 2 else "non_additive_average")
                new.append(
                    Measure(name=names.claim(base), agg=agg, column=dim.column, data_type=dim.data_type,
                            format=fmt if agg == "sum" else "decimal",
                            provenance=_NUMERIC[rule])
                )
        entity.measures = entity.measures + new
