"""The LookML structural check follows Looker's aliasing: an explore with `view_name:` is referred
to by the view's name, one with `from:` by the explore's name."""

from backends.lookml.structure import problems

VIEWS = """
view: orders { sql_table_name: orders ;; dimension: id {} dimension: customer_id {} }
view: customers { sql_table_name: customers ;; dimension: id {} }
"""


def _model(explore: str) -> dict[str, str]:
    return {"views/all.view.lkml": VIEWS, "m.model.lkml": explore}


def test_view_name_makes_the_view_its_alias():
    ok = "explore: sp { view_name: orders join: customers { sql_on: ${orders.customer_id} = ${customers.id} ;; } }"
    assert problems(_model(ok)) == []
    wrong = "explore: sp { view_name: orders join: customers { sql_on: ${sp.customer_id} = ${customers.id} ;; } }"
    assert [p.message for p in problems(_model(wrong))] == [
        "explore 'sp' join 'customers' refers to 'sp', which is not in the explore"]


def test_from_keeps_the_explore_name_as_alias():
    ok = "explore: sp { from: orders join: customers { sql_on: ${sp.customer_id} = ${customers.id} ;; } }"
    assert problems(_model(ok)) == []
    wrong = "explore: sp { from: orders join: customers { sql_on: ${orders.customer_id} = ${customers.id} ;; } }"
    assert len(problems(_model(wrong))) == 1
