"""Structural check of the dbt output, as `dbt parse` (dbt-semantic-interfaces' validation
rules) would see it: YAML parses; model file names are unique and every `ref()` names one;
semantic model and metric names are unique and valid; inside a semantic model, entities,
dimensions and measures share one namespace; one name is one kind of element in every
semantic model (ElementConsistencyRule); measure names are unique in the project; a
dimension + primary entity pair is defined once; measures have an aggregation time dimension;
metrics name measures and metrics that exist."""

from __future__ import annotations

import posixpath
import re

import yaml

from backends.structure import Problem, duplicates
from compiler.yamlio import load_written


_NAME = re.compile(r"^[a-z][a-z0-9_]*[a-z0-9]$|^[a-z]$")
_REF = re.compile(r"""\bref\(\s*['"]([^'"]+)['"]\s*\)""")
# MetricFlow reserves time granularity names and its own keywords.
AGGREGATIONS = {"sum", "min", "max", "count", "count_distinct", "sum_boolean", "average", "percentile", "median"}
RESERVED = {"nanosecond", "microsecond", "millisecond", "second", "minute", "hour", "day", "week", "month", "quarter",
            "year", "metric_time", "mf_internal_uuid"}


def problems(files: dict[str, str | bytes]) -> list[Problem]:
    out: list[Problem] = []
    models = [posixpath.basename(p)[:-4] for p in files if p.endswith(".sql")]
    for name in duplicates(models):
        out.append(Problem(name + ".sql", f"two models named {name!r}"))
    semantic: list[tuple[str, dict]] = []
    metrics: list[tuple[str, dict]] = []
    for path, text in sorted(files.items()):
        if not isinstance(text, str):
            continue
        if path.endswith(".sql"):
            for ref in _REF.findall(text):
                if ref not in models:
                    out.append(Problem(path, f"ref({ref!r}) names no model"))
            continue
        if not path.endswith((".yml", ".yaml")):
            continue
        try:
            doc = load_written(text) or {}
        except yaml.YAMLError as e:
            out.append(Problem(path, f"YAML does not parse: {e}"))
            continue
        semantic += [(path, sm) for sm in doc.get("semantic_models") or []]
        metrics += [(path, m) for m in doc.get("metrics") or []]
        for sm in doc.get("semantic_models") or []:
            for ref in _REF.findall(str(sm.get("model", ""))):
                if ref not in models:
                    out.append(Problem(path, f"semantic model {sm.get('name')!r} is built on ref({ref!r}), which names no model"))
    out += _semantic_models(semantic)
    out += _metrics(metrics, {m.get("name") for _, sm in semantic for m in sm.get("measures") or []})
    return out


def _elements(sm: dict) -> list[tuple[str, str, dict]]:
    return [(kind, e.get("name", ""), e) for kind in ("entities", "dimensions", "measures") for e in sm.get(kind) or []]


def _semantic_models(semantic: list[tuple[str, dict]]) -> list[Problem]:
    out: list[Problem] = []
    for name in duplicates(sm.get("name", "") for _, sm in semantic):
        out.append(Problem(next(p for p, sm in semantic if sm.get("name") == name), f"two semantic models named {name!r}"))
    kinds: dict[str, tuple[str, str]] = {}  # element name -> (kind, semantic model)
    measures: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    for path, sm in semantic:
        name = sm.get("name", "")
        for what, value in [("semantic model", name)] + [(k[:-1] if k != "entities" else "entity", n) for k, n, _ in _elements(sm)]:
            if not _NAME.match(value or "") or value in RESERVED:
                out.append(Problem(path, f"{what} name {value!r} is not valid in MetricFlow (lower-case letters, digits and _; not a time granularity)"))
        elements = _elements(sm)
        for dup in duplicates(n for _, n, _ in elements):
            out.append(Problem(path, f"semantic model {name!r} uses the name {dup!r} for two elements (entities, dimensions and measures share names)"))
        for kind, element, _ in elements:
            seen = kinds.setdefault(element, (kind, name))
            if seen[0] != kind:
                out.append(Problem(path, f"{element!r} is a {kind[:-1] if kind != 'entities' else 'entity'} in semantic model {name!r} "
                                         f"but a {seen[0][:-1] if seen[0] != 'entities' else 'entity'} in {seen[1]!r}"))
            if kind == "measures":
                if element in measures and measures[element] != name:
                    out.append(Problem(path, f"measure {element!r} is also defined in semantic model {measures[element]!r}"))
                measures.setdefault(element, name)
        primary = next((e.get("name") for e in sm.get("entities") or [] if e.get("type") in ("primary", "unique", "natural")), None)
        if primary:
            for d in sm.get("dimensions") or []:
                where = pairs.setdefault((primary, d.get("name")), name)
                if where != name:
                    out.append(Problem(path, f"dimension {d.get('name')!r} with primary entity {primary!r} is also defined in {where!r}"))
        times = {d.get("name") for d in sm.get("dimensions") or [] if d.get("type") == "time"}
        default = (sm.get("defaults") or {}).get("agg_time_dimension")
        if default is not None and default not in times:
            out.append(Problem(path, f"semantic model {name!r}: agg_time_dimension {default!r} is no time dimension of it"))
        for m in sm.get("measures") or []:
            if m.get("agg") not in AGGREGATIONS:
                out.append(Problem(path, f"measure {m.get('name')!r}: agg {m.get('agg')!r} is not a MetricFlow aggregation"))
            own = m.get("agg_time_dimension", default)
            if own is None:
                out.append(Problem(path, f"measure {m.get('name')!r} has no aggregation time dimension"))
            elif own not in times:
                out.append(Problem(path, f"measure {m.get('name')!r}: agg_time_dimension {own!r} is no time dimension of {name!r}"))
    return out


def _metrics(metrics: list[tuple[str, dict]], measures: set[str]) -> list[Problem]:
    out: list[Problem] = []
    names = {m.get("name") for _, m in metrics}
    for dup in duplicates(m.get("name", "") for _, m in metrics):
        out.append(Problem(next(p for p, m in metrics if m.get("name") == dup), f"two metrics named {dup!r}"))
    for path, m in metrics:
        params = m.get("type_params") or {}
        measure = params.get("measure")
        measure = measure.get("name") if isinstance(measure, dict) else measure
        if m.get("type") == "simple" and measure not in measures:
            out.append(Problem(path, f"metric {m.get('name')!r} names measure {measure!r}, which no semantic model defines"))
        for part in ("numerator", "denominator"):
            ref = params.get(part)
            ref = ref.get("name") if isinstance(ref, dict) else ref
            if m.get("type") == "ratio" and ref not in names:
                out.append(Problem(path, f"metric {m.get('name')!r}: {part} {ref!r} is no metric"))
    return out
