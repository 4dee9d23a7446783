"""The measures of what holds now (a history's open rows, passes/intervals.py) give the same
numbers in every target: the filter on a date is a day in DAX (DATE(2999, 12, 31), never text),
a `filters:` bound in LookML ("after 2999/12/31", "NULL") that the check reads as Looker does."""

from __future__ import annotations

import duckdb

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.run import verify

TARGETS = ["lookml", "superset", "powerbi"]  # the ones asked with no tool installed


def rent_db(path) -> str:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE flats (flat_id INTEGER, district VARCHAR)")
    con.execute("INSERT INTO flats SELECT i, 'district ' || (i % 3) FROM range(1, 31) t(i)")
    # Each flat's rent over time, the current one open until 2999-12-31.
    con.execute("CREATE TABLE rent_history (flat_id INTEGER, rent_amount DECIMAL(9,2), valid_from DATE, valid_to DATE)")
    con.execute("""INSERT INTO rent_history SELECT f, 500 + 10 * f + 25 * k, DATE '2015-01-01' + INTERVAL (365 * k) DAY,
                   CASE WHEN k = f % 4 THEN DATE '2999-12-31' ELSE DATE '2015-12-31' + INTERVAL (365 * k) DAY END
                   FROM range(1, 31) a(f), range(0, 4) b(k) WHERE k <= f % 4""")
    # Who lives where, open tenancies with no end.
    con.execute("CREATE TABLE tenancies (tenant_id INTEGER, flat_id INTEGER, start_date DATE, end_date DATE)")
    con.execute("""INSERT INTO tenancies SELECT 100 * k + f, f, DATE '2016-01-01' + INTERVAL (400 * k) DAY,
                   CASE WHEN k = 2 OR f % 5 = 0 THEN NULL ELSE DATE '2016-12-31' + INTERVAL (400 * k) DAY END
                   FROM range(1, 31) a(f), range(0, 3) b(k) WHERE k = 0 OR f % 5 <> 0""")
    con.close()
    return str(path)


def test_current_measures_give_the_same_numbers_in_every_target(tmp_path):
    source = rent_db(tmp_path / "rents.duckdb")
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source, diags=diags), TARGETS, diags=diags)
    assert not diags.has_errors(), diags.render_text()
    entities = result.model.entity_index()
    current = {(e, m.name) for e in ("rent_history", "tenancies") for m in entities[e].measures if m.name.startswith("current")}
    assert {("rent_history", "current_count"), ("rent_history", "current_total_rent_amount"),
            ("tenancies", "current_count")} <= current, current
    report = verify(source, result.model, result.files, diags)
    wrong = [f for f in report.findings if f[1] in ("different", "not askable")]
    assert not wrong, "\n".join(map(str, wrong))
    assert set(report.tally) == set(TARGETS) and all(t.equal == report.questions for t in report.tally.values()), report.tally
    rents = result.files["powerbi"]
    tmdl = next(text for path, text in rents.items() if path.endswith("Rent History.tmdl"))
    assert "DATE(2999, 12, 31)" in tmdl and "\"2999-12-31\"" not in tmdl
    view = result.files["lookml"]["views/rent_history.view.lkml"]
    assert 'filters: [valid_to_date: "after 2999/12/31"]' in view
    assert 'filters: [end_date: "NULL"]' in result.files["lookml"]["views/tenancies.view.lkml"]


def test_a_count_under_a_condition_looker_filters_cannot_say_is_asked_as_written(tmp_path):
    """A count of the rents above twice the flat's base (two columns compared) is written in
    LookML as a sum of 1 per matching row: the check reads it as the count it is, and every
    target gives the same number, where it had been reported not askable."""
    from compiler.config import Config
    from compiler.overrides import Overrides

    source = rent_db(tmp_path / "rents.duckdb")
    con = duckdb.connect(source)
    con.execute("ALTER TABLE rent_history ADD COLUMN base_rent DECIMAL(9,2)")
    con.execute("UPDATE rent_history SET base_rent = 300 + 5 * flat_id")
    con.close()
    config = Config(name="rents", overrides=Overrides.model_validate({"tables": {"rent_history": {"measures": [
        {"name": "steep_rents", "agg": "count", "filter": "rent_amount > 2 * base_rent"}]}}}))
    diags = Diagnostics()
    result = compile_snapshot(snapshot(source, diags=diags), TARGETS, config, diags)
    view = result.files["lookml"]["views/rent_history.view.lkml"]
    block = view.split("measure: steep_rents")[1].split("\n  }")[0]
    assert "type: sum" in block and "THEN 1 ELSE 0 END" in block, block
    report = verify(source, result.model, result.files, diags)
    asked = [f for f in report.findings if "steep_rents" in str(f)]
    assert not [f for f in asked if f[1] in ("different", "not askable")], asked
    assert report.tally["lookml"].equal == report.questions, report.tally
