"""The currency of a model's money (mb.yaml `currency`): every target's money format says it,
where before each showed dollars for reais and roubles alike."""

from __future__ import annotations

import pytest

from compiler.api import compile as compile_snapshot, snapshot
from compiler.config import Config, load_config
from compiler.diagnostics import Diagnostics, InputError
from tests.support import duckdb_file


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    source = duckdb_file(
        tmp_path_factory.mktemp("money") / "shop.duckdb",
        "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, ordered_at DATE, total_amount DECIMAL(10,2))",
        "INSERT INTO orders SELECT i, DATE '2024-01-01' + INTERVAL (i % 200) DAY, 10 + i % 90 FROM range(1, 301) t(i)",
    )
    return snapshot(source, diags=Diagnostics())


def files(snap, currency):
    diags = Diagnostics()
    out = compile_snapshot(snap, ["lookml", "powerbi", "superset", "cube"], Config(name="shop", currency=currency), diags)
    assert not diags.has_errors(), diags.render_text()
    text = {t: "\n".join(v for v in out.files[t].values() if isinstance(v, str)) for t in ("lookml", "powerbi", "superset", "cube")}
    return out.model, text


def test_money_is_dollars_unless_the_project_names_its_currency(shop):
    model, text = files(shop, None)
    assert model.currency is None and "value_format_name: usd" in text["lookml"] and "$,.2f" in text["superset"]
    assert "formatString: \\$#,0.00" in text["powerbi"] and "format: currency" in text["cube"]


def test_reais_are_shown_as_reais_in_every_target(shop):
    model, text = files(shop, "BRL")
    assert model.currency == "BRL"
    assert 'value_format: "\\"R$\\"#,##0.00"' in text["lookml"] and "value_format_name: usd" not in text["lookml"]
    assert "formatString: \\R\\$#,0.00" in text["powerbi"] and "\\$#,0.00" not in text["powerbi"].replace("\\R\\$", "")
    assert "symbol: BRL" in text["superset"] and "$,.2f" not in text["superset"]
    assert "format: currency" not in text["cube"]


def test_euros_take_lookers_own_format(shop):
    _, text = files(shop, "EUR")
    assert "value_format_name: eur" in text["lookml"] and "formatString: \\€#,0.00" in text["powerbi"]


def test_a_currency_that_is_no_iso_code_is_a_config_error(tmp_path):
    (tmp_path / "mb.yaml").write_text("currency: reais\n")
    with pytest.raises(InputError) as err:
        load_config(tmp_path / "mb.yaml", Diagnostics())
    assert err.value.code.code == "CF001" and "ISO 4217" in str(err.value), str(err.value)
