"""Ratio metrics from rates kept on each row: where the profiler proved a rate column to be one
number of the row divided by another on nearly every row (Evidence.row_ratios: BIRD's frpm keeps
`Percent (%) Eligible Free (K-12)` = `Free Meal Count (K-12)` / `Enrollment (K-12)`), the rate
over any set of rows is the ratio of the sums, SUM(free meals) / SUM(enrollment): what a BI
developer reports. Its sum says nothing and its plain average weighs a school of 20 pupils as
one of 7,000, so the rate itself is never summed nor averaged.

Per proven rate (the first pair found, in column order): the sums of its numerator and its
denominator (made where derive_measures made none; visible, as dbt's ratio reads
them as metrics), a `ratio` metric over them named and
labelled after the rate (`overall_percent_eligible_free_k_12`, "Overall Percent Eligible Free
(K-12)"), and no sum or average of the rate column. A person's metric of the same name, or a
rate whose columns a person made measures of, is theirs.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from compiler.label_words import Phrases, phrases
from compiler.naming import NameTable, words
from compiler.value_words import AVERAGE, PER_PERSON, POPULATION, RATERS, SCORE
from compiler.pipeline import Context, State
from ir.catalog import Table
from ir.evidence import RowRatio, row_ratios
from ir.provenance import Provenance
from ir.semantic import Dimension, Entity, Measure, Metric, Text
from passes.label_fields import column_label

NAME = "ratio_metrics"
RULE = "row_ratio"
_PERCENT_MARK = re.compile(r"\s*\(%\)|\s*%")


def _sum_of(entity: Entity, column: str) -> Measure | None:
    return next((m for m in entity.measures if m.agg == "sum" and m.column == column and m.filter is None and m.expr is None), None)


def _split(entity: Entity, column: str) -> bool:
    """Summed only in parts (per currency, per scenario, per code: derive_measures): a ratio of
    its one sum would add what those parts keep apart."""
    return any(m.agg == "sum" and (m.column == column or (m.expr or "").find(f'"{column}"') >= 0) and m.filter is not None
               for m in entity.measures)


def _dimension(entity: Entity, column: str) -> Dimension | None:
    return next((d for d in entity.dimensions if d.column == column), None)


def _label(rate: Dimension, phrase: Phrases | None = None) -> str:
    """The rate's heading without its percent mark (the metric's format says it): "Percent (%)
    Eligible Free (K-12)" is "Overall Percent Eligible Free (K-12)"."""
    words = _PERCENT_MARK.sub("", column_label(rate.column or rate.name)).strip() or rate.name
    return (phrase or phrases(None)).overall(words)


def _ensure_sum(entity: Entity, d: Dimension, table: Table | None, names: NameTable, proof: Provenance) -> Measure:
    found = _sum_of(entity, d.column or "")
    if found is not None:
        return found
    # Visible: MetricFlow's ratio divides metrics, and dbt writes a metric for visible measures
    # only; a hidden part would cost dbt the ratio. Whole numbers kept as REAL (an enrollment, 1,234.0) sum to one.
    col = table.column(d.column) if table is not None and d.column else None
    whole = d.data_type == "integer" or (col is not None and col.profile is not None and col.profile.fraction_count == 0)
    fmt = "currency" if d.semantic_type == "currency_amount" else "integer" if whole else "decimal"
    m = Measure(name=names.claim(f"total_{d.name}"), agg="sum", column=d.column, format=fmt,
                data_type=d.data_type, additivity="additive", provenance=proof)
    entity.measures = [*entity.measures, m]
    return m


def _proof(r: RowRatio) -> Provenance:
    formula = f"{r.numerator} / {r.denominator}" if r.scale == "share" else f"100 * {r.numerator} / {r.denominator}"
    return Provenance.inferred(NAME, RULE, 0.95, [f"{r.column} = {formula} on {r.matched} of {r.rows} rows compared in the data"])


def _per_person_weighted(state: State) -> None:
    """A figure per person averaged over places (country.LifeExpectancy beside country.Population:
    PER_PERSON words) is, over any set of places, SUM(figure * population) / SUM(population of the
    places that have the figure): a metric beside the plain average, which weighs a country of
    1,000 people as one of a billion. One population column summed on the table (not a level kept
    per period), figures and population read as stored (no cast), and no person's metric of that name."""
    _weighted(state, lambda ws: bool(ws & POPULATION), lambda ws, weight: bool(ws & PER_PERSON), "per_person_weighted",
              "a figure per person and {weight} the people it is of", "{figure} over the people of the rows: each row weighs as its {weight}.")


def _vote_weighted(state: State) -> None:
    """A score kept per row as the mean of votes counted beside it (IMDb's averageRating over
    numVotes, a product's avg_stars over review_count: RATERS words) is, over any set of rows, the
    mean of all their votes, SUM(score * votes) / SUM(votes of the rows that have a score): a
    metric beside the plain average, which weighs a film of 5 votes as one of 2 million. The score
    names an average or a score (AVERAGE, SCORE words) and no votes; one column of votes summed."""
    _weighted(state, lambda ws: bool(ws & RATERS) and not ws & (AVERAGE | SCORE),
              lambda ws, weight: bool(ws & (AVERAGE | SCORE)) and not ws & RATERS, "vote_weighted",
              "the mean of the votes {weight} counts", "{figure} over all the votes of the rows: each row weighs as its {weight}.")


def _read(d: Dimension, dialect: str | None) -> exp.Expression | None:
    """The SQL reading a dimension's column: the column as stored, or the cast a number kept as
    text is read through (a CSV loaded into SQLite, every column TEXT); None for other expressions."""
    if d.expr is None:
        return exp.column(d.column, quoted=True)
    try:
        tree = sqlglot.parse_one(d.expr, read=dialect)
    except sqlglot.errors.ParseError:
        return None
    if not isinstance(tree, exp.Cast) or {c.name for c in tree.find_all(exp.Column)} != {d.column}:
        return None
    return exp.paren(tree, copy=False)


def _weighted(state: State, is_weight, is_figure, rule: str, evidence: str, description: str) -> None:
    """Weighted averages of the averaged figures `is_figure` accepts, by the one summed column
    `is_weight` accepts (both read the column's words as a set)."""
    model = state.model
    phrase = phrases(model.label_language)
    metric_names = {m.name for m in model.metrics}
    for entity in model.entities:
        pops = [d for d in entity.dimensions if d.column and _read(d, model.dialect) is not None and is_weight(set(words(d.column)))
                and _sum_of(entity, d.column) is not None]
        if len(pops) != 1:
            continue
        pop = pops[0]
        # A population counted again each year is a level summed over the latest period only
        # (non_additive_dimension), which several targets cannot say: no weighted figure there.
        level = _sum_of(entity, pop.column)
        if level is None or level.non_additive_dimension is not None:
            continue
        names = NameTable({f.name for f in [*entity.dimensions, *entity.time_dimensions, *entity.measures]} | metric_names)
        for avg in [m for m in entity.measures if m.agg == "avg" and m.column and m.expr is None and m.filter is None]:
            d = _dimension(entity, avg.column)
            if d is None or _read(d, model.dialect) is None or d is pop or not is_figure(set(words(avg.column)), pop.column):
                continue
            name = f"weighted_{avg.name}" if avg.name.startswith("average_") else f"weighted_average_{d.name}"
            if name in metric_names:
                continue
            figure, weight = column_label(avg.column), column_label(pop.column)
            proof = Provenance.inferred(NAME, rule, 0.8, [f"{avg.column} is {evidence.format(weight=pop.column)}"])
            gen = sqlglot.Dialect.get_or_raise(model.dialect).generator()
            fig, people = _read(d, model.dialect), _read(pop, model.dialect)
            num = Measure(name=names.claim(f"{d.name}_{'person' if rule == 'per_person_weighted' else 'weighted'}_total"),
                          agg="sum", format="decimal", data_type="decimal",
                          expr=gen.generate(exp.Mul(this=fig, expression=people.copy())), additivity="additive",
                          label=Text.inferred(f"{figure} x {weight}", NAME, rule),
                          provenance=proof)
            den = Measure(name=names.claim(f"{pop.name}_with_{d.name}"), agg="sum", column=pop.column, format="integer",
                          data_type=pop.data_type, additivity="additive",
                          filter=gen.generate(exp.Not(this=exp.Is(this=fig.copy(), expression=exp.Null()))),
                          label=Text.inferred(phrase.with_(weight, figure), NAME, rule), provenance=proof)
            entity.measures = [*entity.measures, num, den]
            name = names.claim(name)
            metric_names.add(name)
            model.metrics.append(Metric(
                name=name, type="ratio", entity=entity.name, numerator=num.name, denominator=den.name, format="decimal",
                label=Text.inferred(phrase.weighted_average(figure, weight), NAME, rule),
                description=Text.inferred(description.format(figure=figure, weight=weight), NAME, rule),
                provenance=proof))


def run(state: State, ctx: Context) -> None:
    _per_person_weighted(state)
    _vote_weighted(state)
    proven = row_ratios(state.snapshot.evidence)
    if not proven:
        return
    model = state.model
    metric_names = {m.name for m in model.metrics}
    tables = {t.key: t for t in state.snapshot.tables}
    for entity in model.entities:
        table = tables.get(entity.table.key)
        done: set[str] = set()
        names = NameTable({f.name for f in [*entity.dimensions, *entity.time_dimensions, *entity.measures]} | metric_names)
        for r in proven.get(entity.table.key, []):
            if r.column in done:
                continue
            rate, a, b = (_dimension(entity, c) for c in (r.column, r.numerator, r.denominator))
            if rate is None or a is None or b is None:
                continue  # a column left out of the model (a secret) is no part of a metric
            if a.role == "key" or b.role == "key":
                # A key divides nothing (a discount of 0 on a tax line "equals" 100 * tax_line_id / id
                # to the whole percent). The profiler already skips the declared keys and those named
                # as keys; this catches the keys the model settled after it (a primary key inferred
                # from unique values, one a person wrote, an identifier told by its values), whose
                # sums would add up identifiers too.
                continue
            if any(m.column == rate.column and m.provenance is not None and m.provenance.origin == "human" for m in entity.measures):
                continue
            if f"overall_{rate.name}" in metric_names:
                continue  # a person's metric of that name is theirs
            if _split(entity, r.numerator) or _split(entity, r.denominator):
                continue
            done.add(r.column)
            proof = _proof(r)
            num, den = _ensure_sum(entity, a, table, names, proof), _ensure_sum(entity, b, table, names, proof)
            # The rate over rows is the ratio of the sums: its own sum or average is no figure.
            entity.measures = [m for m in entity.measures if not (m.column == rate.column and m.agg in ("sum", "avg"))]
            if rate.additivity_provenance is None or rate.additivity_provenance.origin != "human":
                rate.additivity, rate.additivity_provenance = "non_additive", proof
            name = names.claim(f"overall_{rate.name}")
            metric_names.add(name)
            model.metrics.append(Metric(
                name=name, type="ratio", entity=entity.name, numerator=num.name, denominator=den.name, format="percent",
                label=Text.inferred(_label(rate, phrases(model.label_language)), NAME, RULE),
                description=Text.inferred(f"{column_label(num.column or num.name)} over {column_label(den.column or den.name)}, "
                                          f"summed over the rows first: the rate of any set of rows.", NAME, RULE),
                provenance=proof))
