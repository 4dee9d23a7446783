"""The shared YAML writer: every reader the targets use (PyYAML's YAML 1.1, as dbt and Superset
load; ruamel's YAML 1.2; ryaml, the snapshot loader) reads back exactly what was written, for
hostile keys and values; no Jinja delimiter survives in jinja_inert output."""

from __future__ import annotations

import io
import math
import re

import pytest
import ruamel.yaml
import ryaml
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.yamlwrite import dump, scalar

_PY_C = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _ruamel(text: str):
    return ruamel.yaml.YAML(typ="safe", pure=True).load(io.StringIO(text))


READERS = {
    "pyyaml": lambda t: yaml.load(t, Loader=yaml.SafeLoader),
    "pyyaml-c": lambda t: yaml.load(t, Loader=_PY_C),
    "ruamel-1.2": _ruamel,
    "ryaml": ryaml.loads,
}

# Strings readers are known to disagree on when written plain, and strings built to break out.
TRICKY = [
    "yes", "No", "ON", "off", "y", "n", "Y", "true", "False", "null", "Null", "~", "", " ", "1e3", "1E3", "0o17",
    "0x1F", "0b101", "017", "1_000", "+1", "-1", ".5", "1.", "1.0", ".inf", "-.Inf", ".NaN", "nan", "inf",
    "2024-01-31", "2001-12-14t21:59:43.10-05:00", "12:30", "1:20:30", "<<", "=", "-", "- x", "? x", ": x", "#x",
    "x #y", "x: y", "a, b", "[x]", "{x}", "&a", "*a", "!tag", "|", ">", "%YAML", "@x", "`x`", "'q'", '"q"',
    "line\nbreak", "trail\n", "two\n\n", "\nlead", "  indent\nnext", "cr\rhere", "crlf\r\nx", "tab\there",
    "\ttab first\nx", "nel\x85x", "ls\u2028x", "ps\u2029x", "bom\ufeffx", "nul\x00x", "bell\x07", "esc\x1b[0m",
    "del\x7f", "c1\x9b", "nbsp\xa0x", "rtl\u202eabc", "zero\u200bwidth", "emoji 🎉", "naïve", "Ünïcode",
    "{{ 7*7 }}", "{% raw %}", "{# c #}", "}}", "%}", "#}", "}}}", "{{{", "${x}", ";;", "x ;; sql: DROP TABLE t ;;", "end\\", "back\\slash",
    "  ", "a  b", "trailing ", " leading", "---", "...", "--- x", "x\n---\ny", "x" * 1100, "k" * 1030,
    "1,000", "1.0.0", "1.0.0.0", "8fead2cc-4f90", "0_1", "1__0", "COUNT(*)", "a*b", "a|b", "x[0]", "f{x}", "a!b",
    "a@b", "a&b", "a%b", "a?b", "$x", "(x)", "/x", "_x", "a\\b", "x,", "x]", "x}", "x'", 'x"', "x`", "0.", "+.5",
    "1e+3", "1E-3", "-0", "0777", "0o8", "0xG", "1:2", "a #b", "a# b", "a #", "x\x00", "\ufeffx", "\x85",
]

_text = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
_scalar = st.one_of(_text, st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), st.booleans(), st.none())
_data = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_text, inner, max_size=4)),
    max_leaves=25,
)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_strings_read_back_the_same_everywhere(value):
    doc = {value: value, "list": [value, [value]], "nested": {"v": value, "l": [{"k": value}]}}
    for indent in (False, True):
        text = dump(doc, indent_sequences=indent)
        for name, read in READERS.items():
            assert _same(read(text), doc), (name, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_data, st.booleans(), st.booleans())
def test_any_document_reads_back_the_same_in_every_reader(data, jinja_inert, indent_sequences):
    text = dump(data, ["a header", "with {{ braces }}"] if not jinja_inert else ["a header"], jinja_inert=jinja_inert,
                indent_sequences=indent_sequences)
    for name, read in READERS.items():
        assert _same(read(text), data), (name, text)
    if jinja_inert:  # what Cube takes for a template (DataSchemaCompiler's JINJA_SYNTAX), and comments
        assert not re.search(r"\{[{%#]|[%#}]\}", text), text


def test_floats_are_floats_in_both_yaml_versions():
    for x in (1e20, 1e-7, 3.0, -0.0, 123456789.125, float("inf"), float("-inf")):
        text = dump({"x": x})
        assert yaml.safe_load(text)["x"] == x and _ruamel(text)["x"] == x and ryaml.loads(text)["x"] == x


def test_plain_where_it_is_safe_and_literal_blocks_for_sql():
    assert scalar("customer_id") == "customer_id" and scalar("Invoice total") == "Invoice total"
    assert scalar("yes") == "'yes'" and scalar("1e3") == "'1e3'"
    assert dump({"sql": "select 1\nfrom t"}) == "sql: |-\n  select 1\n  from t\n"
    assert dump({"q": '"a"."b"'}) == "q: '\"a\".\"b\"'\n"


def test_deterministic_and_ordered_as_given():
    doc = {"b": 1, "a": [{"z": 1, "y": 2}], "c": [[1, 2]]}
    assert dump(doc) == dump(dict(doc)) == "b: 1\na:\n- z: 1\n  'y': 2\nc:\n- - 1\n  - 2\n"
    assert dump(doc, indent_sequences=True) == "b: 1\na:\n  - z: 1\n    'y': 2\nc:\n  - - 1\n    - 2\n"
