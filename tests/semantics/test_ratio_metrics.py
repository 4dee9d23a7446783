"""ratio_metrics: a rate proven on the rows to be one number divided by another (Evidence.row_ratios)
becomes a ratio metric of their sums, and is itself neither summed nor averaged."""

from __future__ import annotations

from compiler.pipeline import Context, State
from ir.evidence import Evidence, RowRatio
from passes import ratio_metrics
from tests.semantics.build import col, prepare, run, table

SCHOOLS = [table("schools", [
    col("school_id", distinct_count=500, min=1, max=500),
    col("Enrollment (K-12)", "REAL", min=19.0, max=7193.0, distinct_count=400, fraction_count=0, mean=700.0),
    col("Free Meal Count (K-12)", "REAL", min=0.0, max=4529.0, distinct_count=380, fraction_count=0, mean=330.0),
    col("Percent (%) Eligible Free (K-12)", "REAL", min=0.0, max=0.97, distinct_count=480, mean=0.47),
    col("tax_rate", "REAL", min=0.0, max=0.25, distinct_count=30, mean=0.08),
    col("tax_amount", "NUMERIC(12,2)", min=0.0, max=900.0, distinct_count=400, mean=80.0),
    col("net_amount", "NUMERIC(12,2)", min=1.0, max=9000.0, distinct_count=480, mean=1000.0),
], pk=["school_id"], rows=500)]

PROVEN = [
    RowRatio(table_key="schools", column="Percent (%) Eligible Free (K-12)", numerator="Free Meal Count (K-12)",
             denominator="Enrollment (K-12)", scale="share", rows=500, matched=500),
    RowRatio(table_key="schools", column="tax_rate", numerator="tax_amount", denominator="net_amount", scale="share",
             rows=498, matched=497),
]


def _model(proven) -> tuple[State, Context]:
    state, ctx = prepare(SCHOOLS, "ratio_metrics")
    state.snapshot.evidence = Evidence(row_ratios=proven)
    return state, ctx


def test_a_proven_rate_is_the_ratio_of_the_sums():
    state, ctx = _model(PROVEN)
    model = run(ratio_metrics, state, ctx)
    e = model.entity("schools")
    by_name = {m.name: m for m in e.measures}
    metrics = {m.name: m for m in model.metrics}
    free = metrics["overall_percent_eligible_free_k_12"]
    assert free.type == "ratio" and free.entity == "schools"
    num, den = by_name[free.numerator], by_name[free.denominator]
    assert (num.agg, num.column, den.agg, den.column) == ("sum", "Free Meal Count (K-12)", "sum", "Enrollment (K-12)")
    assert free.label.value == "Overall Percent Eligible Free (K-12)"
    assert free.provenance.rule == "row_ratio" and "500 of 500 rows" in free.provenance.evidence[0]
    tax = metrics["overall_tax_rate"]
    assert (by_name[tax.numerator].column, by_name[tax.denominator].column) == ("tax_amount", "net_amount")
    # The rate columns are summed and averaged by no measure, and add up in no target.
    assert not [m for m in e.measures if m.column in ("tax_rate", "Percent (%) Eligible Free (K-12)")]
    rate = next(d for d in e.dimensions if d.column == "tax_rate")
    assert rate.additivity == "non_additive" and rate.additivity_provenance.rule == "row_ratio"


def test_sums_made_for_a_ratio_are_visible_and_existing_ones_reused():
    state, ctx = _model(PROVEN)
    before = {m.column: m.name for m in state.model.entity("schools").measures if m.agg == "sum"}
    model = run(ratio_metrics, state, ctx)
    e = model.entity("schools")
    for m in model.metrics:
        for ref in (m.numerator, m.denominator):
            measure = next(x for x in e.measures if x.name == ref)
            # visible: dbt's ratio divides metrics, written for visible measures only
            assert not measure.hidden, measure
            if measure.column in before:
                assert before[measure.column] == ref
            else:
                assert measure.provenance.rule == "row_ratio"
    sums = [m.column for m in e.measures if m.agg == "sum"]
    assert len(sums) == len(set(sums))  # one sum per column


def test_without_proof_no_ratio_metric():
    state, ctx = _model(None)
    model = run(ratio_metrics, state, ctx)
    assert not model.metrics
