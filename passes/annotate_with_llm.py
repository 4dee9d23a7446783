"""Apply the LLM's answers (table and column descriptions, labels, suggested measures and
metrics) with `llm` provenance: the model's name and the prompt's hash.

Pure: the answers were fetched and cached by the driver (compiler.llm) before this pass and
reach it as `ctx.config.llm.answers`, keyed by the same prompt hash this pass recomputes from
the same state. A table with no answer keeps its deterministic text.

Never written over: human text (overrides), and declared (database) descriptions unless
`llm.overwrite` says so. Suggested measures enter the model only when their SQL parses in the
source dialect, names only this table's columns and aggregates sensibly; the others are
reported (LM005) and left out.
"""

from __future__ import annotations

import sqlglot
from pydantic import ValidationError
from sqlglot import exp

from compiler.diagnostics import LM004, LM005
from compiler.llm.prompts import prompt_key, table_input
from compiler.llm.schema import MeasureIdea, MetricIdea, TableAnswer
from compiler.pipeline import Context, State
from ir.catalog import Table
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, Measure, Metric
from compiler.naming import snake

TEMPLATE_TOKENS = ("{{", "}}", "{%", "%}", "{#", "#}", "${", ";;")

NAME = "annotate_with_llm"
MAX_TEXT = 1000
NUMERIC = {"integer", "decimal", "float"}


def _clean(value: str | None) -> str | None:
    """One line, bounded: every backend can carry it (TMDL, YAML, LookML strings)."""
    if not value:
        return None
    text = " ".join(value.split())
    return (text[:MAX_TEXT].rstrip() + "...") if len(text) > MAX_TEXT else (text or None)


def _may_write(current: Text | None, overwrite: bool) -> bool:
    if current is None:
        return True
    origin = current.provenance.origin
    if origin == "human":
        return False  # a person's text always wins
    if origin == "declared":
        return overwrite
    return True  # inferred or an older llm text


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


class _Applier:
    def __init__(self, state: State, ctx: Context, settings):
        self.state, self.ctx = state, ctx
        self.model_name = settings.model
        self.overwrite = settings.overwrite
        self.dialect = state.model.dialect

    def text(self, value: str | None, prov: Provenance) -> Text | None:
        value = _clean(value)
        return Text(value=value, provenance=prov) if value else None

    def apply(self, entity: Entity, table: Table, answer: TableAnswer, key: str) -> None:
        prov = Provenance(origin="llm", by=self.model_name, prompt_hash=key)
        overrides = getattr(self.ctx.config, "overrides", None)
        # `llm: false` in an override: a person rejected the model's text for the table or column.
        refused_table, refused_columns = (overrides.llm_text_refused((table.name, table.key, entity.name))
                                          if overrides is not None else (False, set()))
        grain, about = _clean(answer.grain), _clean(answer.description)
        if grain and about and grain.lower().rstrip(".") not in about.lower():
            about = f"{_sentence(grain)} {about}"
        elif grain and not about:
            about = grain
        if not refused_table and _may_write(entity.description, self.overwrite) and (t := self.text(about, prov)):
            entity.description = t
        if not refused_table and _may_write(entity.label, self.overwrite) and (t := self.text(answer.label, prov)):
            entity.label = t
        fields = entity.column_fields()
        for note in answer.columns:
            f = fields.get(note.name)
            if f is None or note.name.casefold() in refused_columns:
                continue
            desc = _clean(note.description)
            unit = _clean(note.unit)
            if desc and unit and unit.lower() not in desc.lower():
                desc = f"{_sentence(desc)} Unit: {unit}."
            if _may_write(f.description, self.overwrite) and (t := self.text(desc, prov)):
                f.description = t
            if _may_write(f.label, self.overwrite) and (t := self.text(note.label, prov)):
                f.label = t
        added = [m for idea in answer.measures if (m := self.measure(entity, table, idea, key)) is not None]
        entity.measures = entity.measures + added
        for idea in answer.metrics:
            self.metric(entity, idea, key)

    # -- suggestions --------------------------------------------------------------------------

    def reject(self, entity: Entity, name: str, why: str) -> None:
        self.ctx.diags.report(LM005, f"suggested {name!r} left out: {why}", f"{entity.name}.{name}")

    def check_sql(self, sql: str, table: Table, what: str) -> tuple[exp.Expression | None, str | None]:
        """(tree, None) when `sql` is a plain expression over this table's columns."""
        token = next((t for t in TEMPLATE_TOKENS if t in sql), None)
        if token is not None:
            # Targets render their SQL as templates (LookML, dbt, Cube): a suggestion carrying
            # template syntax would run or break there, so it is not taken.
            return None, f"{what} holds template syntax {token!r}"
        try:
            tree = sqlglot.parse_one(sql, read=self.dialect)
        except Exception as e:  # noqa: BLE001 - sqlglot raises several kinds; any means "does not parse"
            return None, f"{what} does not parse as {self.dialect} SQL: {str(e).splitlines()[0][:120]}"
        if tree is None or isinstance(tree, exp.Query) or tree.find(exp.Query, exp.Subquery) is not None:
            return None, f"{what} is a query, not an expression"
        if tree.find(exp.AggFunc, exp.Window) is not None:
            return None, f"{what} holds an aggregate or window function"
        unknown = sorted({c.name for c in tree.find_all(exp.Column) if table.column(c.name) is None})
        if unknown:
            return None, f"{what} refers to columns {unknown} that {table.key} does not have"
        foreign = sorted({c.table for c in tree.find_all(exp.Column) if c.table and c.table not in (table.name, snake(table.name, "t"))})
        if foreign:
            return None, f"{what} refers to other tables {foreign}"
        return tree, None

    def measure(self, entity: Entity, table: Table, idea: MeasureIdea, key: str) -> Measure | None:
        name = snake(idea.name, "measure")
        taken = {f.name for f in [*entity.dimensions, *entity.time_dimensions, *entity.measures]}
        if name in taken:
            if not any(m.name == name for m in entity.measures):
                self.reject(entity, name, "the name is already a field")
            return None  # an existing (perhaps human) measure of that name stays
        column = expr = None
        if idea.expr:
            tree, why = self.check_sql(idea.expr, table, "expression")
            if tree is None:
                self.reject(entity, name, why or "bad expression")
                return None
            if isinstance(tree, exp.Column):
                column = table.column(tree.name).name  # type: ignore[union-attr]
            else:
                expr = tree.sql(dialect=self.dialect)
        elif idea.agg != "count":
            self.reject(entity, name, f"{idea.agg} needs an expression")
            return None
        if idea.agg in ("sum", "avg") and column is not None:
            f = entity.field_for_column(column)
            if not isinstance(f, Dimension) or f.data_type not in NUMERIC:
                self.reject(entity, name, f"{idea.agg} of a non-numeric column {column!r}")
                return None
        filt = None
        if idea.filter:
            tree, why = self.check_sql(idea.filter, table, "filter")
            if tree is None:
                self.reject(entity, name, why or "bad filter")
                return None
            filt = tree.sql(dialect=self.dialect)
        if filt is None and expr is None and any(m.agg == idea.agg and m.column == column and not m.filter and not m.expr for m in entity.measures):
            return None  # the same as a default measure: nothing new to add
        prov = Provenance(origin="llm", by=self.model_name, prompt_hash=key, evidence=(_clean(idea.reason) or "",) if idea.reason else ())
        f = entity.field_for_column(column) if column else None
        return Measure(
            name=name, agg=idea.agg, column=column, expr=expr, filter=filt,
            format="integer" if idea.agg in ("count", "count_distinct") else "decimal",
            data_type=f.data_type if isinstance(f, Dimension) and idea.agg not in ("count", "count_distinct") else None,
            label=self.text(idea.label, prov), description=self.text(idea.description, prov), provenance=prov,
        )

    def metric(self, entity: Entity, idea: MetricIdea, key: str) -> None:
        name = snake(idea.name, "metric")
        measures = {m.name for m in entity.measures}
        if any(m.name == name for m in self.state.model.metrics):
            return  # a person's (or an earlier) metric of that name stays
        refs = [snake(r, "measure") for r in (idea.numerator, idea.denominator)]
        missing = [r for r in refs if r not in measures]
        if missing:
            self.reject(entity, name, f"ratio of {missing}, which are not measures of {entity.name}")
            return
        if refs[0] == refs[1]:
            self.reject(entity, name, "a ratio of a measure to itself")
            return
        prov = Provenance(origin="llm", by=self.model_name, prompt_hash=key, evidence=(_clean(idea.reason) or "",) if idea.reason else ())
        self.state.model.metrics.append(Metric(
            name=name, type="ratio", entity=entity.name, numerator=refs[0], denominator=refs[1],
            label=self.text(idea.label, prov), description=self.text(idea.description, prov), provenance=prov,
        ))


def run(state: State, ctx: Context) -> None:
    settings = getattr(ctx.config, "llm", None)
    answers = getattr(settings, "answers", None)
    if not answers:
        return  # the common case: no cache, nothing asked; computes no hash
    applier = _Applier(state, ctx, settings)
    tables = {t.key: t for t in state.snapshot.tables}
    for entity in state.model.entities:
        table = tables.get(entity.table.key)
        if table is None:
            continue
        key = prompt_key(table_input(table, entity, state.model), settings.model)
        raw = answers.get(key)
        if raw is None:
            continue
        try:
            answer = TableAnswer.model_validate(raw)
        except ValidationError as e:
            ctx.diags.report(LM004, f"cached answer for {table.key} does not match the schema ({e.errors()[0]['msg']}); ignored", table.key)
            continue
        applier.apply(entity, table, answer, key)
