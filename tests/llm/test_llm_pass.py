"""passes/annotate_with_llm.py without a network: answers are handed in through the config as
the driver would, keyed by the prompt hash the pass recomputes. Who wins (human > declared >
llm > inferred), provenance, and the validation of suggested measures and metrics."""

from __future__ import annotations

from typing import Any, Callable

from compiler.api import analyze
from compiler.config import Config, LLMSettings
from compiler.diagnostics import Diagnostics
from compiler.llm.cache import AnswerCache
from compiler.llm.prompts import requests_for
from compiler.llm.schema import answer_schema
from compiler.overrides import ColumnOverride, Overrides, TableOverride
from ir.semantic import SemanticModel
from tests.llm.fake_openai import good_answer, pass_before_llm
from tests.support import shop_snapshot


def _run(tmp_path, make: Callable[[dict[str, Any]], dict[str, Any]] = good_answer, **kw: Any) -> tuple[SemanticModel, Diagnostics, dict]:
    """Compute the prompts at the pass's position, answer them with `make`, analyze again."""
    overrides = kw.pop("overrides", None)
    config = Config(llm=LLMSettings(model="m-1", cache=str(tmp_path / "absent.json"), **kw))
    if overrides is not None:
        config.overrides = overrides
    captured: dict[str, Any] = {}

    def dump(_name, state):
        captured["requests"] = requests_for(state.snapshot.tables, state.model, "m-1")

    analyze(shop_snapshot(), config, Diagnostics(), dump_after=pass_before_llm(), dump=dump)
    config.llm.answers = {r.key: make(r.data) for r in captured["requests"]}
    diags = Diagnostics()
    model = analyze(shop_snapshot(), config, diags)
    return model, diags, {r.table: r.key for r in captured["requests"]}


def test_texts_carry_llm_provenance(tmp_path):
    model, diags, keys = _run(tmp_path)
    customers = model.entity("customers")
    assert customers.description.value.startswith("One row per CUSTOMERS record. LLMDESC-CUSTOMERS")
    prov = customers.description.provenance
    assert (prov.origin, prov.by, prov.prompt_hash) == ("llm", "m-1", keys["shop.CUSTOMERS"])
    name = customers.field_for_column("FULL_NAME")
    assert name.label.value == "Llm FULL_NAME" and name.label.provenance.origin == "llm"
    # Measure labels are derived after the LLM pass, from the LLM's column labels.
    line = model.entity("order_line")
    assert any(m.label.value == "Total Llm quantity" for m in line.measures)


def test_declared_text_kept_unless_overwrite(tmp_path):
    model, _, _ = _run(tmp_path)
    header = model.entity("order_header")
    assert header.description.value == "One row per order." and header.description.provenance.origin == "declared"
    assert header.field_for_column("status").description.value == "Lifecycle state."
    model, _, _ = _run(tmp_path, overwrite=True)
    header = model.entity("order_header")
    assert header.description.provenance.origin == "llm" and "LLMDESC-order_header" in header.description.value
    assert header.field_for_column("status").description.value.startswith("LLMCOL-order_header-status")


def test_human_text_always_wins(tmp_path):
    overrides = Overrides(tables={"CUSTOMERS": TableOverride(
        description="People who bought something.", label="Buyers",
        columns={"FULL_NAME": ColumnOverride(label="Name", description="As printed on the invoice.")})})
    model, _, _ = _run(tmp_path, overwrite=True, overrides=overrides)
    customers = model.entity("customers")
    assert customers.description.value == "People who bought something." and customers.label.value == "Buyers"
    name = customers.field_for_column("FULL_NAME")
    assert (name.label.value, name.description.value) == ("Name", "As printed on the invoice.")
    assert name.label.provenance.origin == "human"


def test_unit_is_added_to_the_description(tmp_path):
    model, _, _ = _run(tmp_path)
    price = model.entity("order_line").field_for_column("unit_price")
    assert price.description.value.endswith("Unit: USD.")


def _measures(*ideas: dict[str, Any], metrics: list[dict[str, Any]] | None = None):
    def make(data):
        answer = good_answer(data)
        answer["metrics"] = []
        answer["measures"] = []
        if data["table"]["name"] == "order_line":
            base = {"label": "X", "description": "D", "filter": None, "reason": "R"}
            answer["measures"] = [{**base, **i} for i in ideas]
            answer["metrics"] = metrics or []
        return answer

    return make


def test_suggested_measures_are_validated(tmp_path):
    make = _measures(
        {"name": "line_value", "agg": "sum", "expr": "quantity * unit_price"},
        {"name": "products_sold", "agg": "count_distinct", "expr": "product_code"},
        {"name": "big_lines", "agg": "count", "expr": None, "filter": "quantity > 10"},
        {"name": "nested", "agg": "sum", "expr": "SUM(quantity)"},
        {"name": "subquery", "agg": "sum", "expr": "(SELECT 1)"},
        {"name": "broken", "agg": "sum", "expr": "quantity *"},
        {"name": "elsewhere", "agg": "sum", "expr": "order_header.total_amount"},
        {"name": "text_sum", "agg": "sum", "expr": "product_code"},
        {"name": "no_expr", "agg": "avg", "expr": None},
        {"name": "quantity", "agg": "sum", "expr": "quantity"},
        {"name": "again_total", "agg": "sum", "expr": "quantity"},
        metrics=[
            {"name": "revenue_per_line", "label": "Revenue per Line", "description": "D", "type": "ratio",
             "numerator": "line_value", "denominator": "count", "reason": "R"},
            {"name": "ghost_ratio", "label": "G", "description": "D", "type": "ratio",
             "numerator": "ghost", "denominator": "count", "reason": "R"},
        ],
    )
    model, diags, keys = _run(tmp_path, make)
    line = model.entity("order_line")
    added = {m.name: m for m in line.measures if m.provenance.origin == "llm"}
    assert set(added) == {"line_value", "products_sold", "big_lines"}
    assert added["line_value"].expr == "quantity * unit_price" and added["line_value"].column is None
    assert added["products_sold"].column == "product_code" and added["products_sold"].expr is None
    assert added["big_lines"].filter == "quantity > 10"
    assert added["line_value"].provenance.evidence == ("R",) and added["line_value"].provenance.prompt_hash == keys["shop.order_line"]
    rejected = {d.location.split(".")[-1] for d in diags.items if d.code == "LM005"}
    assert rejected == {"nested", "subquery", "broken", "elsewhere", "text_sum", "no_expr", "quantity", "ghost_ratio"}
    # The duplicate of the default sum(quantity) is dropped without noise.
    assert "again_total" not in added and "again_total" not in rejected
    metric = next(m for m in model.metrics if m.name == "revenue_per_line")
    assert (metric.numerator, metric.denominator, metric.provenance.origin) == ("line_value", "count", "llm")
    assert (metric.entity, metric.inputs) == ("order_line", ["order_line.line_value", "order_line.count"])


def test_a_cached_answer_that_no_longer_fits_is_reported(tmp_path):
    model, diags, _ = _run(tmp_path, lambda data: {"label": "x"})
    assert {d.code for d in diags.items} >= {"LM004"}
    assert model.entity("customers").description is None


def test_no_answers_leaves_the_model_alone(tmp_path):
    plain = analyze(shop_snapshot(), Config(), Diagnostics())
    model, _, _ = _run(tmp_path, lambda data: None)  # type: ignore[arg-type,return-value]
    assert model == plain


def test_schema_is_strict_everywhere():
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert set(node["required"]) == set(node["properties"])
            assert "default" not in node
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(answer_schema(["a", "b"]))


def test_cache_render_is_stable_and_prunes_stale_answers(tmp_path):
    cache = AnswerCache(tmp_path / "c.json")
    cache.put("k2", "t2", "m", {"b": 1, "a": 2})
    cache.put("k1", "t1", "m", {"z": [1, 2]})
    cache.put("k3", "t1", "m", {"z": [3]})  # t1 changed: its old answer goes
    cache.save()
    text = (tmp_path / "c.json").read_text()
    again = AnswerCache.load(tmp_path / "c.json")
    assert set(again.entries) == {"k2", "k3"} and again.render() == text
    assert text.index('"a"') < text.index('"b"')
