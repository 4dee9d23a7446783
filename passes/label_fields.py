"""Human-readable labels: `cust_id` -> "Customer ID". Never replaces a declared or human label."""

from __future__ import annotations

import re

from compiler.pipeline import Context, State
from ir.provenance import Text
from compiler.calendar import BARE_TIME_WORDS
from compiler.label_words import Phrases, phrases
from compiler.naming import humanize, read_words
from ir.semantic import TimeDimension
from passes.derive_measures import HIGHEST_WORDS, LOWEST_WORDS
from passes.join_names import singular, table_labels, table_words

NAME = "label_fields"

# Words that already say a column holds its aggregation's figure (a day's max_temperature_f is a
# highest): the MAX of it is "Max Temperature F", not "Maximum Max Temperature F". Its average
# still says so ("Average Max Temperature F"): the mean of highs is no high.
_SAID_BY = {"max": HIGHEST_WORDS, "min": LOWEST_WORDS}


def _label(value: str, rule: str) -> Text:
    return Text.inferred(value, NAME, rule)


# A heading written for people (a spreadsheet's "Sub-Category", "Country/Region", "Row ID"): its
# case, spaces and joining marks are its author's, and the label repeats it as written.
_HEADING = re.compile(r"[^\W_][\w &()#%./-]*")


def _written_for_people(name: str) -> bool:
    return (any(ch in name for ch in " -/") and any(ch.isupper() for ch in name) and "_" not in name
            and _HEADING.fullmatch(name.strip()) is not None)


def column_label(column: str) -> str:
    return " ".join(column.split()) if _written_for_people(column) else humanize(column)


def measure_label(agg: str, column_label: str | None, name: str, words: Phrases | None = None) -> str:
    """`words`: the template words of the model's language (compiler.label_words); English by default."""
    words = words or phrases(None)
    if agg == "count" and column_label is None:
        return words.count()
    if column_label is None:
        return humanize(name)
    if agg == "sum" and words.says_total(column_label):
        return words.sum_of(column_label)
    if agg == "count_distinct":
        return words.distinct(column_label)
    if set(read_words(column_label)) & _SAID_BY.get(agg, frozenset()):
        return column_label
    if agg in ("sum", "avg", "min", "max"):
        return words.aggregate(agg, column_label)
    return f"{agg.title()} {column_label}"


def run(state: State, ctx: Context) -> None:
    labels = table_labels(state.snapshot.tables)
    words = phrases(state.model.label_language)
    for entity in state.model.entities:
        if entity.label is None:
            entity.label = _label(labels[entity.table.key], "humanize_table_name")
        col_labels: dict[str, str] = {}
        for f in [*entity.dimensions, *entity.time_dimensions]:
            if f.label is None:
                if isinstance(f, TimeDimension) and f.column and set(read_words(f.column)) <= BARE_TIME_WORDS:
                    # races.date: "Race Date" (Looker shows a group's timeframes after its label:
                    # "Date Date" said nothing of whose date)
                    thing = " ".join(singular(w) for w in table_words(entity.table.name))
                    f.label = _label(words.time_of(f.column, thing) if thing else humanize(f.column), "time_named_by_table")
                else:
                    name = f.column or f.name
                    f.label = _label(column_label(name), "heading_as_written" if _written_for_people(name) else "humanize_column_name")
            if f.column:
                col_labels.setdefault(f.column, f.label.value)
        for m in entity.measures:
            if m.label is None:
                if m.filter or m.expr or (m.provenance is not None and m.provenance.origin == "human"):
                    # A filtered or hand-named measure is not "Sum of X": its name says what it is.
                    m.label = _label(humanize(m.name), "measure_name")
                else:
                    m.label = _label(measure_label(m.agg, col_labels.get(m.column or ""), m.name, words), "measure_label")
    entities = state.model.entity_index()
    for explore in state.model.explores:
        if explore.label is None:
            root = entities.get(explore.root)
            if root is not None and root.label is not None:
                explore.label = _label(root.label.value, "root_entity_label")
