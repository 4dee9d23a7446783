"""ratio_metrics: a rate proven on the rows to be one number divided by another (Evidence.row_ratios)
becomes a ratio metric of their sums, and is itself neither summed nor averaged."""

from __future__ import annotations

import pytest

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
    assert model.metrics and any(before.get(x.column) == x.name for x in e.measures if x.agg == "sum")
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


def test_end_to_end_the_rate_is_a_ratio_metric_in_dbt_and_lookml(tmp_path):
    import duckdb
    import yaml

    from compiler.api import compile as compile_model
    from compiler.api import snapshot
    from compiler.diagnostics import Diagnostics
    from compiler.profiler import ProfileOptions
    from tests.profiler.test_row_ratios import COLUMNS, rows

    path = tmp_path / "schools.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE schools ({COLUMNS})")
    con.executemany("INSERT INTO schools VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
    (want,) = con.execute('SELECT SUM("Free Meal Count (K-12)") / SUM("Enrollment (K-12)") FROM schools').fetchone()
    con.close()
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(progress=False))
    out = compile_model(snap, ["dbt", "lookml", "superset", "powerbi", "cube"], diags=diags)
    assert not diags.has_errors(), diags.render_text()

    semantic = next(t for p, t in out.files["dbt"].items() if p.endswith("semantic/schools.yml"))
    metrics = {m["name"]: m for m in yaml.safe_load(semantic)["metrics"]}
    ratio = metrics["overall_percent_eligible_free_k_12"]
    assert ratio["type"] == "ratio" and ratio["label"] == "Overall Percent Eligible Free (K-12)"
    assert metrics[ratio["type_params"]["numerator"]]["type_params"]["measure"].endswith("total_free_meal_count_k_12")
    assert metrics[ratio["type_params"]["denominator"]]["type_params"]["measure"].endswith("total_enrollment_k_12")
    assert "overall_margin" in metrics  # 100 * profit / revenue, to two decimals
    # No target offers the rate's own sum or average.
    assert not [m for m in metrics.values() if "percent_eligible_free" in m["name"] and m["type"] == "simple"]

    view = next(t for p, t in out.files["lookml"].items() if p.endswith("schools.view.lkml"))
    block = view[view.index("measure: overall_percent_eligible_free_k_12"):]
    block = block[:block.index("\n  }")]
    assert "${total_free_meal_count_k_12} / NULLIF(${total_enrollment_k_12}, 0)" in block and "percent_2" in block
    assert "sum_percent" not in view and "average_percent" not in view

    # A percent in the targets that format a metric.
    tmdl = next(t for p, t in out.files["powerbi"].items() if p.endswith("Schools.tmdl"))
    assert "DIVIDE([Total Free Meal Count (K-12)], [Total Enrollment (K-12)])\n\t\tformatString: 0.00%" in tmdl
    cube = yaml.safe_load(next(t for p, t in out.files["cube"].items() if p.endswith("schools.yml")))
    (member,) = [m for c in cube["cubes"] for m in c["measures"] if m["name"] == "overall_percent_eligible_free_k_12"]
    assert member["format"] == "percent"

    # The same number through Superset's metric SQL as the ratio of the sums on the data.
    expression = next(m["expression"] for p, t in out.files["superset"].items() if p.startswith("datasets/")
                      for m in yaml.safe_load(t).get("metrics") or [] if m["metric_name"] == "overall_percent_eligible_free_k_12")
    con = duckdb.connect(str(path), read_only=True)
    (got,) = con.execute(f"SELECT {expression} FROM schools").fetchone()
    con.close()
    assert abs(float(got) - want) < 1e-12

    # `mb verify` asks the metric overall and by county through the targets' own files: the same
    # number as the ratio of the sums, in each.
    from compiler.verify.run import verify

    report = verify(str(path), out.model, {t: out.files[t] for t in ("lookml", "superset", "powerbi")}, diags)
    asked = [f for f in report.findings if "metric" in f[2]]
    assert not asked, asked
    assert report.questions >= 4 + len([m for e in out.model.entities for m in e.measures])
    assert all(t.different == 0 and t.unaskable == 0 for t in report.tally.values()), report.findings


def test_a_persons_metric_of_the_name_stays_theirs():
    from ir.semantic import Metric

    state, ctx = _model(PROVEN)
    mine = Metric(name="overall_tax_rate", type="simple", measure="count")
    state.model.metrics.append(mine)
    model = run(ratio_metrics, state, ctx)
    assert [m for m in model.metrics if m.name.startswith("overall_tax_rate")] == [mine]
    assert "overall_percent_eligible_free_k_12" in {m.name for m in model.metrics}


def test_no_ratio_of_amounts_summed_only_per_currency():
    """Amounts a table sums per currency (derive_measures: never across currencies) give no ratio
    of one sum across them, nor a raw sum made for it."""
    tables = [table("charges", [
        col("id", distinct_count=400, min=1, max=400), col("currency", "TEXT", values=[("usd", 300), ("eur", 100)], max_length=3),
        col("fee", "BIGINT", min=0, max=900, distinct_count=300, mean=80.0),
        col("amount", "BIGINT", min=100, max=90000, distinct_count=390, mean=4000.0),
        col("fee_rate", "REAL", min=0.0, max=0.05, distinct_count=200, mean=0.029),
    ], pk=["id"], rows=400)]
    state, ctx = prepare(tables, "ratio_metrics")
    state.snapshot.evidence = Evidence(row_ratios=[RowRatio(table_key="charges", column="fee_rate", numerator="fee",
                                                            denominator="amount", scale="share", rows=400, matched=400)])
    model = run(ratio_metrics, state, ctx)
    assert not model.metrics
    assert not [m for m in model.entity("charges").measures if m.agg == "sum" and m.filter is None and m.column in ("fee", "amount")]


COUNTRIES = [table("country", [
    col("Code", "CHAR(3)", distinct_count=239, distinct_exact=True, min_length=3, max_length=3),
    col("Name", "VARCHAR(52)", distinct_count=239, distinct_exact=True),
    col("SurfaceArea", "DECIMAL(10,2)", min=0.4, max=17075400.0, distinct_count=238, mean=623248.0),
    col("Population", "INTEGER", min=0, max=1277558000, distinct_count=226, mean=25434098.0),
    col("LifeExpectancy", "DECIMAL(3,1)", min=37.2, max=83.5, distinct_count=160, mean=66.5, null_count=17),
    col("GNP", "DECIMAL(10,2)", min=0.0, max=8510700.0, distinct_count=214, mean=122823.0),
], pk=["Code"], rows=239)]


def test_a_figure_per_person_is_weighted_by_the_population_beside_it():
    """MySQL's world: the average life expectancy of a continent is its people's, SUM(life *
    population) / SUM(population of the countries that have one), a metric beside the plain mean;
    a country's GNP and its surface are summed, no weighted figure of theirs."""
    state, ctx = prepare(COUNTRIES, "ratio_metrics", "mysql")
    model = run(ratio_metrics, state, ctx)
    e = model.entity("country")
    by_name = {m.name: m for m in e.measures}
    metrics = {m.name: m for m in model.metrics}
    assert set(metrics) == {"weighted_average_life_expectancy"}
    w = metrics["weighted_average_life_expectancy"]
    num, den = by_name[w.numerator], by_name[w.denominator]
    assert (num.agg, num.expr) == ("sum", "`LifeExpectancy` * `Population`")
    assert (den.agg, den.column, den.filter) == ("sum", "Population", "NOT `LifeExpectancy` IS NULL")
    assert w.type == "ratio" and w.label.value == "Average Life Expectancy (weighted by Population)"
    assert "average_life_expectancy" in by_name  # the plain mean stays, a mean of countries


@pytest.mark.parametrize("score,votes", [("averageRating", "numVotes"), ("avg_stars", "review_count"),
                                         ("mean_score", "num_responses")])
def test_a_mean_of_votes_is_weighted_by_the_votes_beside_it(score, votes):
    """IMDb's ratings: each title's averageRating is the mean of its numVotes votes. Over titles the
    plain mean weighs a film of 5 votes as one of 3 million (6.91 against 7.68 on a generated
    copy); the votes' mean is SUM(rating * votes) / SUM(votes of the rated rows), beside it."""
    tables = [table("ratings", [
        col("title_id", "TEXT", distinct_count=2000),
        col(score, "DOUBLE", min=1.0, max=10.0, distinct_count=91, mean=6.9),
        col(votes, "INTEGER", min=5, max=3000000, distinct_count=1500, mean=600.0),
    ], pk=["title_id"], rows=2000)]
    state, ctx = prepare(tables, "ratio_metrics", "duckdb")
    model = run(ratio_metrics, state, ctx)
    by_name = {m.name: m for m in model.entity("ratings").measures}
    metrics = {m.name: m for m in model.metrics}
    assert len(metrics) == 1, metrics
    w = next(iter(metrics.values()))
    num, den = by_name[w.numerator], by_name[w.denominator]
    assert (num.agg, num.expr) == ("sum", f'"{score}" * "{votes}"')
    assert (den.agg, den.column, den.filter) == ("sum", votes, f'NOT "{score}" IS NULL')
    assert any(m.agg == "avg" and m.column == score for m in by_name.values())  # the plain mean of titles stays


def test_a_mean_of_votes_kept_as_text_is_weighted_through_its_cast(tmp_path):
    """The ratings loaded from a file into SQLite, every column TEXT: the score and the votes are
    read through the casts their dimensions read them with, and the votes' mean is still there."""
    import random
    import sqlite3

    from compiler.api import compile as compile_snapshot, snapshot
    from compiler.diagnostics import Diagnostics
    rng = random.Random(5)
    path = str(tmp_path / "ratings.db")
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE ratings (tconst TEXT, averageRating TEXT, numVotes TEXT)")
    for i in range(1500):
        con.execute("INSERT INTO ratings VALUES (?, ?, ?)", (f"tt{i:07d}", f"{rng.uniform(1, 10):.1f}",
                                                             str(int(5 + rng.paretovariate(0.8) * 3))))
    con.commit()
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(path, diags=diags), ["lookml"], diags=diags)
    metrics = {m.name: m for m in result.model.metrics}
    assert "weighted_average_average_rating" in metrics, sorted(metrics)
    by_name = {m.name: m for m in result.model.entity("ratings").measures}
    num = by_name[metrics["weighted_average_average_rating"].numerator]
    assert num.expr == ("""(CAST(NULLIF("averageRating", '') AS REAL)) * (CAST(NULLIF("numVotes", '') AS INTEGER))""")


def test_a_ratio_of_keys_is_no_metric_and_sums_no_ids():
    """Evidence from an older profile that paired keys (a discount of 0 on every tax line "is"
    100 * tax_line_id / id): no metric, and no sum of ids made for it."""
    tables = [table("account_move_line", [
        col("id", distinct_count=900, min=1, max=900), col("tax_line_id", min=1, max=3, distinct_count=3),
        col("discount", "NUMERIC(5,2)", min=0.0, max=50.0, distinct_count=4, mean=2.0),
        col("price_subtotal", "NUMERIC(12,2)", min=1.0, max=900.0, distinct_count=800, mean=300.0),
    ], pk=["id"], rows=900, fks=[(["tax_line_id"], "account_tax", ["id"])]),
        table("account_tax", [col("id", distinct_count=3, min=1, max=3)], pk=["id"], rows=3)]
    state, ctx = prepare(tables, "ratio_metrics")
    state.snapshot.evidence = Evidence(row_ratios=[RowRatio(table_key="account_move_line", column="discount", numerator="tax_line_id",
                                                            denominator="id", scale="percent", rows=225, matched=225)])
    model = run(ratio_metrics, state, ctx)
    assert not model.metrics
    assert not [m for m in model.entity("account_move_line").measures if m.column in ("id", "tax_line_id") and m.agg == "sum"]
