"""How the same-number check states a question in each target's own vocabulary, from the files
alone (fast: no tool runs). The numbers themselves are compared in test_same_numbers.py."""

from __future__ import annotations

import duckdb
import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.metricflow import MetricFlow
from compiler.verify.queries import queries

SHOP = """
create table customers (id integer primary key, full_name varchar not null, country varchar);
create table orders (order_id integer primary key, customer_id integer references customers (id), status varchar,
                     ordered_at date, amount decimal(10, 2));
create table visits (page varchar, customer_id integer references customers (id), seconds integer, visited_at timestamp);
insert into customers select i, 'C' || i, ['DE', 'FR'][1 + i % 2] from range(1, 11) t(i);
insert into orders select i, 1 + i % 10, ['open', 'done'][1 + i % 2], date '2024-01-01' + i::integer, i from range(1, 41) t(i);
insert into visits select 'p' || (i % 4), 1 + i % 10, i % 7, timestamp '2024-01-01' + to_days(i::integer) from range(1, 31) t(i);
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    path = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute(SHOP)
    con.close()
    diags = Diagnostics()
    result = compile_snapshot(snapshot(str(path)), ["dbt", "lookml", "superset", "cube", "powerbi"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return result


def test_metricflow_groups_a_keyless_table_by_its_primary_entity(shop):
    """A table without a primary key (page visits) has no `type: primary` entity; its semantic
    model names one with `primary_entity`, and its measures are grouped by that entity."""
    mf = MetricFlow(shop.files["dbt"], shop.model)
    asked = {q.label: mf.question(q) for q in queries(shop.model) if q.entity == "visits"}
    local = [a for label, a in asked.items() if " by visits." in label]
    assert local and all(a["group_by"].startswith("visits__") for a in local), asked
    joined = [a for label, a in asked.items() if " by customers." in label]
    assert joined and all(a["group_by"].startswith("customers__") for a in joined), asked
