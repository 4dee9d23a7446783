"""The `overrides:` section of mb.yaml: people's intent, applied with `human` provenance.

Generated files are the compiler's; these settings are where a person's labels, descriptions,
hidden fields, extra measures, relationship fixes and semantic facts (table roles, time axes,
additivity, enumerations, time kinds, join roles) live, so regeneration never loses them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ColumnOverride(_Strict):
    label: str | None = None
    description: str | None = None
    hidden: bool | None = Field(default=None, description="Hide (true) or show (false) the field; false also keeps a secret column.")
    semantic_type: str | None = None
    role: Literal["key", "dimension", "measure", "time"] | None = None
    llm: bool | None = Field(default=None, description="false: the LLM's label and description are not used for this column (a person rejected them).")
    additivity: Literal["additive", "semi_additive", "non_additive"] | None = Field(
        default=None, description="How a numeric column adds up: its measures and Power BI's summarization follow."
    )
    accepted_values: list[str | int | float | bool] | None = Field(
        default=None, description="Every value the column may hold (a dbt accepted_values test); [] for none."
    )
    kind: Literal["business", "created", "audit", "load", "validity", "birth", "other"] | None = Field(
        default=None, description="What a time column records; audit, load and birth columns are never a time axis."
    )


class MeasureOverride(_Strict):
    name: str
    agg: Literal["count", "count_distinct", "sum", "avg", "min", "max"]
    expr: str | None = Field(default=None, description="A column name or a SQL expression over the table's columns.")
    filter: str | None = Field(default=None, description="A SQL condition on the table's columns.")
    label: str | None = None
    description: str | None = None
    format: str | None = None
    hidden: bool = False


class MetricOverride(_Strict):
    name: str
    type: Literal["simple", "ratio", "derived"]
    table: str | None = Field(default=None, description="The table whose measures the metric uses.")
    measure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    expr: str | None = None
    label: str | None = None
    description: str | None = None


class RowFilterOverride(_Strict):
    column: str = Field(description="The column marking a row deleted.")
    kind: Literal["flag", "timestamp"] = Field(
        description="flag: a row is deleted where the column holds `deleted_value`; timestamp: where it holds a time."
    )
    deleted_value: bool | int | str = Field(
        default=True, description="For a flag: the value of a deleted row (true, a number, or a quoted text such as 'Y' for a flag kept as text)."
    )


class TableOverride(_Strict):
    label: str | None = None
    description: str | None = None
    hidden: bool | None = None
    llm: bool | None = Field(default=None, description="false: the LLM's label and description are not used for this table (a person rejected them).")
    primary_key: list[str] | None = Field(default=None, description="The columns of the table's primary key.")
    role: Literal["fact", "dimension", "bridge", "event", "audit", "partition", "unknown"] | None = Field(
        default=None, description="What the table is for: facts, events, bridges and tables nobody joins to get explores."
    )
    time_dimension: str | None = Field(default=None, description="The time column measures are aggregated over (the time axis).")
    row_filters: list[RowFilterOverride] | None = Field(
        default=None, description="The soft-delete marks whose deleted rows the table leaves out, in place of those "
        "found; [] keeps every row."
    )
    columns: dict[str, ColumnOverride] = Field(default_factory=dict)
    measures: list[MeasureOverride] = Field(default_factory=list)
    metrics: list[MetricOverride] = Field(default_factory=list)


class EndOverride(_Strict):
    table: str
    columns: list[str]


class RelationshipOverride(_Strict):
    from_: EndOverride = Field(alias="from")
    to: EndOverride
    cardinality: Literal["many_to_one", "one_to_one", "one_to_many", "many_to_many"] = "many_to_one"
    role: str | None = Field(default=None, description="The name joins along it take (billing_address, manager).")


class RelationshipOverrides(_Strict):
    add: list[RelationshipOverride] = Field(default_factory=list)
    remove: list[RelationshipOverride] = Field(default_factory=list)


class Overrides(_Strict):
    tables: dict[str, TableOverride] = Field(default_factory=dict, description="Keyed by table name, schema.name, or entity name.")
    relationships: RelationshipOverrides = Field(default_factory=RelationshipOverrides)
    # Where adopted overrides were written by people (compiler/adopt.py): the path of an entry
    # in this object (("tables", "orders", "measures", 0), ...) -> "file:line" of the hand-written
    # model it came from, for the provenance of the facts it sets.
    origins: dict[tuple, str] = Field(default_factory=dict, exclude=True)

    def llm_text_refused(self, names: tuple[str, ...]) -> tuple[bool, set[str]]:
        """(whole table refused, columns refused) for the table known by any of `names`
        (name, schema.name, entity name; exact, else case-insensitive)."""
        entries = [ov for key, ov in self.tables.items() if key in names]
        if not entries:
            folded = {n.casefold() for n in names}
            entries = [ov for key, ov in self.tables.items() if key.casefold() in folded]
        table = any(ov.llm is False for ov in entries)
        columns = {col.casefold() for ov in entries for col, cov in ov.columns.items() if cov.llm is False}
        return table, columns
