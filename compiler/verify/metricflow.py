"""Questions asked of MetricFlow, from the dbt files: the metric of the measure (matched by
aggregation and staged column), grouped by `entity__dimension` (the measure's own primary
entity for a local dimension, the foreign entity of each hop for a joined one), or by
`metric_time__year` for the year of the time axis. MetricFlow runs
them itself (mf_query.py, in the Python that has dbt-metricflow) against the dbt project built
in the warehouse, and returns the rows."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import sqlglot
import yaml
from sqlglot import exp

from compiler.verify.common import Loss, Unaskable, parts
from compiler.verify.queries import Query
from ir.semantic import SemanticModel

SCRIPT = Path(__file__).with_name("mf_query.py")
MARKER = "MB-MF-RESULT "
AGG = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "avg": "average", "min": "min", "max": "max"}
_SOURCE = re.compile(r"""source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)""")
_REF = re.compile(r"""ref\(\s*['"]([^'"]+)['"]\s*\)""")


class MetricFlow:
    def __init__(self, files: dict[str, str | bytes], model: SemanticModel):
        self.model = model
        self.semantic: list[dict] = []
        self.metrics: list[dict] = []
        identifiers: dict[tuple[str, str], str] = {}
        for path, text in sorted(files.items()):
            if not isinstance(text, str) or not path.endswith(".yml"):
                continue
            doc = yaml.safe_load(text) or {}
            self.semantic += doc.get("semantic_models") or []
            self.metrics += doc.get("metrics") or []
            for src in doc.get("sources") or []:
                for t in src.get("tables") or []:
                    identifiers[(src["name"], t["name"])] = t.get("identifier", t["name"])
        # staging model -> (source table, raw column -> staged name)
        self.staged: dict[str, tuple[str, dict[str, str]]] = {}
        for path, text in sorted(files.items()):
            if not isinstance(text, str) or not path.endswith(".sql"):
                continue
            m = _SOURCE.search(text)
            if not m:
                continue
            body = _SOURCE.sub("src", re.sub(r"^--.*$", "", text, flags=re.M)).replace("{{", "").replace("}}", "")
            tree = sqlglot.parse_one(body, read=model.dialect or None)
            columns = {}
            for s in tree.expressions:
                inner = s.this if isinstance(s, exp.Alias) else s
                col = inner.find(exp.Column)
                if col is not None:
                    columns[col.name] = s.alias_or_name
            self.staged[Path(path).stem] = (identifiers.get((m.group(1), m.group(2)), m.group(2)), columns)

    def _model_of(self, table: str, entity: str | None = None) -> tuple[dict, dict[str, str]]:
        """The semantic model of `table`, or the one on it where `entity` is the key (the table
        again in the role a self reference gives it)."""
        for name, (source_table, columns) in self.staged.items():
            if source_table != table:
                continue
            found = []
            for sm in self.semantic:
                built_on = _REF.search(str(sm.get("model", "")))
                if built_on and built_on.group(1) in (name, "fct_" + name[4:] if name.startswith("stg_") else None):
                    found.append(sm)
            keyed = [sm for sm in found if any(x["name"] == entity and x.get("type") in ("primary", "unique", "natural")
                                                for x in sm.get("entities") or [])]
            if keyed or found:
                return (keyed or found)[0], columns
            raise Unaskable(f"no semantic model is built on {name}")
        raise Unaskable(f"no staging model reads table {table}")

    def _metric(self, sm: dict, columns: dict[str, str], m) -> str:
        want_expr = "1" if m.column is None and m.expr is None else columns.get(m.column or "")
        found = [x for x in sm.get("measures") or [] if x.get("agg") == AGG[m.agg] and str(x.get("expr", x["name"])) == str(want_expr)]
        if m.filter or m.expr or m.joined_filter:
            found = [x for x in sm.get("measures") or [] if x["name"].endswith(f"_{m.name}") or x["name"] == m.name]
        if not found:
            raise Unaskable(f"semantic model {sm['name']} has no {AGG[m.agg]} measure of {m.column or '*'}")
        measure = sorted(found, key=lambda x: not x["name"].endswith(f"_{m.name}"))[0]["name"]
        for metric in self.metrics:
            params = metric.get("type_params") or {}
            ref = params.get("measure")
            ref = ref.get("name") if isinstance(ref, dict) else ref
            if metric.get("type") == "simple" and ref == measure:
                return metric["name"]
        raise Unaskable(f"no metric on measure {measure}")

    def question(self, query: Query) -> dict:
        if query.metric:  # the dbt metric of that name (a ratio of two simple metrics)
            e = self.model.entity_index()[query.entity]
            sm, columns = self._model_of(e.table.name)
            if not any(x.get("name") == query.measure for x in self.metrics):
                raise Unaskable(f"no dbt metric {query.measure}")
            if query.column is None:
                return {"metric": query.measure, "group_by": None}
            staged = columns.get(query.column)
            dim = next((d["name"] for d in sm.get("dimensions") or [] if str(d.get("expr", d["name"])) == staged), None)
            entity = next((x["name"] for x in sm.get("entities") or [] if x.get("type") == "primary"), sm.get("primary_entity"))
            if dim is None or entity is None:
                raise Unaskable(f"semantic model {sm['name']} has no dimension on {query.column}")
            return {"metric": query.measure, "group_by": f"{entity}__{dim}"}
        e, m = parts(self.model, query)
        sm, columns = self._model_of(e.table.name)
        metric = self._metric(sm, columns, m)
        if query.column is None:
            return {"metric": metric, "group_by": None}
        if query.year:
            # MetricFlow dates a metric by its measure's agg_time_dimension, whichever column the
            # semantic model names: `mf query --group-by metric_time__year`.
            timed = (sm.get("defaults") or {}).get("agg_time_dimension") or any(
                x.get("agg_time_dimension") for x in sm.get("measures") or [])
            if not timed:
                raise Unaskable(f"semantic model {sm['name']} has no agg_time_dimension")
            return {"metric": metric, "group_by": "metric_time__year"}
        link, current, current_cols = [], sm, columns
        # A table without a primary key names the entity its dimensions are grouped by with
        # `primary_entity` (MetricFlow's way for a semantic model without a primary entity).
        entity = next((x["name"] for x in sm.get("entities") or [] if x.get("type") == "primary"), sm.get("primary_entity"))
        for hop in query.path:
            staged = [current_cols.get(c) for c in hop.from_columns]
            entity = next((x["name"] for x in current.get("entities") or [] if x.get("type") == "foreign"
                           and self._columns(str(x.get("expr", x["name"]))) == staged), None)
            if entity is None and len(hop.from_columns) != 1:
                raise Loss("DB003", "a composite foreign key to columns other than a primary key has no MetricFlow entity")
            if entity is None and hop.to_entity == query.entity and not link:
                raise Loss("DB003", "MetricFlow has no self join: one semantic model cannot use an entity name twice")
            if entity is None:
                raise Unaskable(f"semantic model {current['name']} has no entity on {hop.from_columns[0]}")
            current, current_cols = self._model_of(self.model.entity_index()[hop.to_entity].table.name, entity)
            if not any(x["name"] == entity and x.get("type") in ("primary", "unique", "natural") for x in current.get("entities") or []):
                raise Unaskable(f"entity {entity} does not lead to semantic model {current['name']}")
            link.append(entity)
        if entity is None:
            raise Unaskable(f"semantic model {sm['name']} has no primary entity")
        staged = current_cols.get(query.column)
        dim = next((d["name"] for d in current.get("dimensions") or [] if str(d.get("expr", d["name"])) == staged), None)
        if dim is None:
            raise Unaskable(f"semantic model {current['name']} has no dimension on {query.column}")
        names = link if link else [entity]
        return {"metric": metric, "group_by": "__".join([*names, dim])}


    def _columns(self, expr: str) -> list[str]:
        """The staged columns an entity's expression joins on, in order: one, or a composite
        key's columns concatenated into one text."""
        try:
            tree = sqlglot.parse_one(expr, read=self.model.dialect or None)
        except Exception:
            return [expr]
        return [c.name for c in tree.find_all(exp.Column, bfs=False)] if not isinstance(tree, exp.Column) else [tree.name]


def ask(python: str, project: Path, questions: list[dict]) -> list[dict]:
    done = subprocess.run([python, str(SCRIPT), str(project)], input=json.dumps(questions), capture_output=True, text=True,
                          timeout=3600, cwd=project)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith(MARKER)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"MetricFlow did not run: {done.stderr.strip()[-1500:]}")
    return json.loads(lines[-1][len(MARKER):])
