"""passes/intervals: the two columns of a period, and the tables keyed by its start."""

from __future__ import annotations

import pytest

from passes.intervals import interval_end


@pytest.mark.parametrize("start, others, end", [
    ("from_date", ["hire_date", "to_date"], "to_date"),
    ("valid_from", ["valid_to", "created_at"], "valid_to"),
    ("StartDate", ["EndDate", "ModifiedDate"], "EndDate"),
    ("eff_dt", ["exp_dt"], "exp_dt"),
    ("effective_date", ["expiration_date"], "expiration_date"),
    ("gueltig_von", ["gueltig_bis"], "gueltig_bis"),
    ("fecha_desde", ["fecha_hasta"], "fecha_hasta"),
    ("date_debut", ["date_fin"], "date_fin"),
    ("from_date", ["end_date"], None),  # another pair's word: no period of one name
    ("start_date", ["ship_date", "start_time"], None),
    ("order_date", ["to_date"], None),
])
def test_a_period_is_closed_by_the_same_name_with_its_closing_word(start, others, end):
    assert interval_end(start, others) == end
