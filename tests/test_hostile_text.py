"""Text from a database is inert in every target: hostile table and column names, comments and
labels (Jinja, Liquid, `${}`, `;;`, YAML 1.1 words, line breaks, carriage returns, quotes) are
compiled to all five targets, and every file is read back by the target's own parsers:

- LookML by lkml (and the fast loader), field labels and descriptions rendered by a real Liquid
  engine (python-liquid) back to the text;
- dbt, Cube and Superset YAML by PyYAML (YAML 1.1, what dbt and Superset load with) and by ruamel
  (YAML 1.2) alike; every dbt string rendered by Jinja (dbt renders them) back to the text,
  `env_var` never called; Cube files hold no Jinja delimiter at all (Cube would render them);
- TMDL by the TMDL grammar and Microsoft's schema, with no bare carriage return;
- and each target's reader, through the round-trip check, finds the model that was emitted.

What a target cannot carry is left out with a code (LookML's LK001 for `;;`, `${`, Liquid or a
line break in a name inside SQL; Cube's CB001 for braces in SQL), never emitted broken. On a
fixed sample, the real tools agree: Cube's schema compiler and `dbt parse`.
"""

from __future__ import annotations

import io
import json
import os

import jinja2
import lkml
import pytest
import ruamel.yaml
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backends import templating
from backends.lookml import parse as lookml_parse
from backends.lookml.writer import FIELD_BLOCKS, LIQUID_PARAMS
from compiler.api import compile as compile_snapshot
from compiler.config import Config
from compiler.diagnostics import Diagnostics
from compiler.frontends.common import finalize
from compiler.options import SourceOptions
from ir.catalog import Column, Table
from ir.snapshot import Snapshot, Source

liquid = pytest.importorskip("liquid")

TARGETS = ["lookml", "dbt", "cube", "powerbi", "superset"]
FRAGMENTS = [
    "{{ 7*7 }}", "{% raw %}", "{% endraw %}", "{# c #}", "{{", "}}", "${x}", ";;", "sql: DROP TABLE x ;;",
    '{{ env_var("MB_CANARY_SECRET") }}', "{%- if true -%}", "yes", "on", "No", "null", "~", "1e3", "0o17", "0x1F",
    "2024-01-31", "\n", "\r", "\r\n", "\t", '"', "'", "`", "]", "[", "#(lf)", "#(", "\\", "'); DROP TABLE x;--",
    "é", "日本", "🎉", " ", ":", "#", "- ", "? ", "&a", "*a", "!t", "|", ">", "%", "@",
]
_fragment = st.sampled_from(FRAGMENTS)
_word = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}", fullmatch=True)
HOSTILE = st.lists(st.one_of(_fragment, _word), min_size=1, max_size=4).map("".join)
TYPES = ["INTEGER", "VARCHAR(40)", "DATE", "TIMESTAMP", "DECIMAL(10,2)", "BOOLEAN"]


@st.composite
def snapshots(draw) -> Snapshot:
    dialect = draw(st.sampled_from(["postgres", "duckdb", "mysql", "tsql", "sqlite"]))
    tables = []
    for t in range(draw(st.integers(1, 2))):
        names = draw(st.lists(HOSTILE, min_size=1, max_size=4, unique_by=str.casefold))
        cols = [Column(name=f"id{t}", type="INTEGER", nullable=False)]
        for name in names:
            cols.append(Column(name=name, type=draw(st.sampled_from(TYPES)), comment=draw(st.one_of(st.none(), HOSTILE))))
        tables.append(Table(name=draw(HOSTILE) + str(t), schema=draw(st.sampled_from([None, "s", "we;;ird"])) if dialect != "sqlite" else None,
                            columns=cols, primary_key=[f"id{t}"], comment=draw(st.one_of(st.none(), HOSTILE)), row_count=10))
    snap = Snapshot(source=Source(dialect=dialect, description="hostile.sql", database="hostile"), tables=tables)
    return finalize(snap, SourceOptions(), Diagnostics())


def _overrides(snap: Snapshot, text: str) -> dict:
    """Human labels and descriptions (as an LLM's or a person's would arrive) with hostile text."""
    t = snap.tables[0]
    return {"tables": {t.name: {"label": text, "description": text,
                                "columns": {t.columns[-1].name: {"label": text, "description": text}}}}}


def _yaml_both(text: str):
    py = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    ru = ruamel.yaml.YAML(typ="safe", pure=True).load(io.StringIO(text))
    assert py == ru, "YAML 1.1 and 1.2 readers disagree"
    return py


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _canary(*_a, **_k):
    raise AssertionError("a template from the database called env_var")


JINJA = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
JINJA.globals["env_var"] = _canary
LIQUID = liquid.Environment()


def _lookml_fields(node, inside_field=False):
    """(param, value) of every label/description of a field, as lkml parsed them."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in LIQUID_PARAMS and inside_field and isinstance(value, str):
                yield key, value
            field = key.rstrip("s") in FIELD_BLOCKS or key == "dimension_groups"
            yield from _lookml_fields(value, field if isinstance(value, list) else inside_field)
    elif isinstance(node, list):
        for v in node:
            yield from _lookml_fields(v, inside_field)


def check_files(files: dict[str, dict], diags: Diagnostics) -> None:
    for rel, text in files["lookml"].items():
        parsed = lkml.load(text)
        try:
            assert lookml_parse.fast_load(text) == parsed
        except lookml_parse.Unsure:
            pass
        for _key, value in _lookml_fields(parsed):
            raw = value.replace('\\"', '"').replace("\\\\", "\\")
            assert LIQUID.from_string(raw).render() == templating.plain(raw), (rel, value)
    for rel, text in files["dbt"].items():
        if rel.endswith(".yml"):
            for s in _strings(_yaml_both(text)):
                # Jinja reads every line break as \n; the text is otherwise what it rendered.
                expected = templating.plain(s).replace("\r\n", "\n").replace("\r", "\n")
                assert JINJA.from_string(s).render() == expected, (rel, s)
        elif rel.endswith(".sql"):
            assert "MB_CANARY_SECRET" not in text or "env_var" not in text.split("MB_CANARY_SECRET")[0][-12:]
    for rel, text in files["cube"].items():
        _yaml_both(text)
        for opener in ("{{", "{%", "{#"):
            assert opener not in text, (rel, opener)
    for rel, content in files["superset"].items():
        if rel.endswith(".yaml"):
            _yaml_both(content)
    from backends.powerbi.tmdl_schema import validate

    tmdl = {rel: text for rel, text in files["powerbi"].items() if rel.endswith(".tmdl")}
    for rel, text in tmdl.items():
        assert "\r" not in text, rel
    assert validate(tmdl) == []
    problems = [d for d in diags.items if d.code in ("RT001", "RT002", "IN001")]
    assert problems == [], "\n".join(d.render() for d in problems)
    for d in diags.items:
        if d.code == "LK001":
            assert any(t in d.message for t in (";;", "${", "{{", "{%", "line break", "has no view")), d.render()


def compile_all(snap: Snapshot, overrides: dict | None = None):
    diags = Diagnostics()
    config = Config(name="hostile", overrides=overrides or {})
    result = compile_snapshot(snap, TARGETS, config, diags, roundtrip=True)
    return result, diags


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(snapshots(), HOSTILE)
def test_hostile_names_and_text_are_inert_in_every_target(snap, label):
    result, diags = compile_all(snap, _overrides(snap, label))
    assert set(result.files) == set(TARGETS), diags.render_text()
    check_files(result.files, diags)


# ---- the real tools, on one fixed sample ---------------------------------------------------------

SAMPLE_TEXT = 'Total {{ 7*7 }} {% raw %}x{% endraw %} {# c #} ${x} ;; sql: DROP TABLE x ;; {{ env_var("MB_CANARY_SECRET") }} "q" \'s\''


def sample() -> Snapshot:
    cols = [Column(name="id", type="INTEGER", nullable=False), Column(name="yes", type="VARCHAR(20)", comment=SAMPLE_TEXT),
            Column(name="1e3", type="INTEGER", comment="line\r\nbreak"), Column(name="on", type="DATE"),
            Column(name="amount", type="DECIMAL(10,2)", comment="{%- if x -%}")]
    # The first table's name is Jinja too (dbt must quote it as a literal; Cube cannot carry it).
    tables = [Table(name="orders {{tbl}}", schema="s", columns=cols, primary_key=["id"], comment=SAMPLE_TEXT, row_count=5),
              Table(name="Yes No", schema="s", columns=[c.model_copy() for c in cols], primary_key=["id"], comment=SAMPLE_TEXT,
                    row_count=5)]
    snap = Snapshot(source=Source(dialect="duckdb", description="sample.duckdb", database="sample"), tables=tables)
    return finalize(snap, SourceOptions(), Diagnostics())


def test_sample_passes_the_checks():
    result, diags = compile_all(sample(), _overrides(sample(), "Label {{ 7*7 }} ;;"))
    check_files(result.files, diags)


def test_cube_compiler_reads_hostile_text_as_text(tmp_path):
    from tests.backends.cube.cube_validator import compile_model, install

    node_modules = install()
    result, diags = compile_all(sample())
    for rel, text in result.files["cube"].items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    meta = compile_model(node_modules, tmp_path)
    assert meta["errors"] == [], meta["errors"]
    assert [d.code for d in diags.items if d.code == "CB001" and "{{tbl}}" in d.message]  # left out, with a code
    cube = next(c for c in meta["cubes"] if c["name"] == result.model.entity("yes_no").name)
    assert cube.get("description") == SAMPLE_TEXT
    assert cube["dimensions"]["yes"]["description"] == SAMPLE_TEXT
    expected = result.model.entity("yes_no")
    for dim in expected.dimensions:  # every title and description arrives as the text it was
        got = cube["dimensions"][dim.name]
        assert got["title"] == (dim.label.value if dim.label else None) or dim.label is None, dim.name
        assert got["description"] == (dim.description.value.replace("\r\n", "\n") if dim.description else None), dim.name


def test_dbt_parse_reads_hostile_text_as_text(tmp_path):
    from tests.backends.dbt.dbt_runner import DbtUnavailable, ensure_dbt, run_dbt, write_project

    try:
        dbt = ensure_dbt()
    except DbtUnavailable as e:
        from tests.services import service_unavailable

        service_unavailable(f"dbt: {e}")
    result, diags = compile_all(sample())
    write_project(tmp_path, result.files["dbt"], tmp_path / "sample.duckdb")
    os.environ["MB_CANARY_SECRET"] = "canary-value-9a7f"
    try:
        run = run_dbt(dbt, tmp_path, "parse")
    finally:
        del os.environ["MB_CANARY_SECRET"]
    assert run.returncode == 0, run.output[-3000:]
    manifest_text = (tmp_path / "target" / "manifest.json").read_text()
    assert "canary-value-9a7f" not in manifest_text
    manifest = json.loads(manifest_text)
    source = next(s for s in manifest["sources"].values() if s["identifier"] == "orders {{tbl}}")
    assert source["description"] == SAMPLE_TEXT
    assert source["columns"]["yes"]["description"] == SAMPLE_TEXT
