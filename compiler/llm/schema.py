"""The shape of one answer (one table), as pydantic models, and the strict JSON schema sent as
Structured Outputs. The same models validate what comes back, so a model that ignores the
schema (or obeys an instruction smuggled into a comment) yields an invalid answer, not output.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_NAME = "table_annotation"


class _Answer(BaseModel):
    # forbid: an answer with fields we did not ask for is not the answer we asked for.
    model_config = ConfigDict(extra="forbid")


class ColumnNote(_Answer):
    name: str = Field(description="The column's name exactly as given.")
    label: str = Field(description="A short business label in Title Case.")
    description: str = Field(description="What the column means, its unit if any, and how it is used.")
    unit: str | None = Field(description="The unit of measure (USD, milliseconds, bytes, percent...), or null.")


class MeasureIdea(_Answer):
    name: str = Field(description="snake_case name, unique in the table.")
    label: str
    description: str
    agg: Literal["count", "count_distinct", "sum", "avg", "min", "max"]
    expr: str | None = Field(description="SQL over this table's columns, without an aggregate function; null for a row count.")
    filter: str | None = Field(description="A SQL condition on this table's columns, or null.")
    reason: str = Field(description="Why a business user would want it, in one sentence.")


class MetricIdea(_Answer):
    name: str = Field(description="snake_case name.")
    label: str
    description: str
    type: Literal["ratio"]
    numerator: str = Field(description="The name of a measure (existing or suggested above).")
    denominator: str = Field(description="The name of a measure (existing or suggested above).")
    reason: str


class TableAnswer(_Answer):
    label: str = Field(description="A short business label for the table.")
    grain: str = Field(description="What one row is, e.g. 'One row per order line.'")
    description: str = Field(description="The table's business purpose in one to three sentences.")
    columns: list[ColumnNote]
    measures: list[MeasureIdea] = Field(description="At most three measures beyond the existing ones.")
    metrics: list[MetricIdea] = Field(description="At most two ratio metrics.")


def _strict(node: Any) -> Any:
    """OpenAI's strict mode wants every object closed and every property required (optional
    ones are nullable instead) and no defaults; pydantic's schema is close, this closes the gap."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "properties":  # field names, not keywords: keep them all
                out[k] = {name: _strict(sub) for name, sub in v.items()}
            elif k == "const":  # a one-value Literal; enum is the more widely supported spelling
                out["enum"] = [v]
            elif k not in ("default", "title"):
                out[k] = _strict(v)
        if out.get("type") == "object" and "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out["properties"])
        return out
    if isinstance(node, list):
        return [_strict(v) for v in node]
    return node


_BASE_SCHEMA = _strict(TableAnswer.model_json_schema())


def answer_schema(columns: list[str]) -> dict[str, Any]:
    """The schema for one table: column names are an enum of that table's columns, so the
    model cannot describe columns that do not exist (or belong to another table)."""
    schema = copy.deepcopy(_BASE_SCHEMA)
    if columns:
        schema["$defs"]["ColumnNote"]["properties"]["name"]["enum"] = list(columns)
    return schema


def response_format(columns: list[str]) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "schema": answer_schema(columns), "strict": True}}


# -- suggested joins (passes/adjudicate_joins.py) ---------------------------------------------------

JOIN_SCHEMA_NAME = "join_verdict"


class JoinVerdict(_Answer):
    verdict: Literal["join", "no_join", "unsure"] = Field(
        description="join: the columns reference the key; no_join: they do not; unsure: the facts do not tell.")
    reason: str = Field(description="Why, in one sentence, from the facts given.")


_JOIN_SCHEMA = _strict(JoinVerdict.model_json_schema())


def join_response_format() -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": JOIN_SCHEMA_NAME, "schema": copy.deepcopy(_JOIN_SCHEMA), "strict": True}}
