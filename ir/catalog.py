"""The catalog: what a database (or a DDL file) declares, plus the profile of its data."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ir.base import IRModel

TableKind = Literal["table", "view", "materialized_view"]

# Normalized types every backend maps from; raw types stay on the column for fidelity.
DataType = Literal[
    "integer",
    "decimal",
    "float",
    "boolean",
    "string",
    "date",
    "timestamp",
    "timestamp_tz",
    "time",
    "interval",
    "binary",
    "json",
    "uuid",
    "array",
    "struct",
    "geography",
    "unknown",
]


class TableRef(IRModel):
    name: str
    schema_: str | None = Field(default=None, alias="schema")

    @property
    def key(self) -> str:
        return table_key(self.schema_, self.name)


def table_key(schema: str | None, name: str) -> str:
    """A unique, stable text key for a table (schema-qualified when it has a schema)."""
    return f"{schema}.{name}" if schema else name


class ValueCount(IRModel):
    value: Any
    count: int


class CodeOccurrence(IRModel):
    """The values of a code column of few values (`column`) on whose rows this column holds a
    value, where they are fewer than all of that column's `of` values: a bounty's amount is set
    on votes of type 8 and 9 only, an order's amount under every status (not recorded)."""

    column: str
    codes: list[Any] = Field(description="The code values, as the column holds them, sorted.")
    of: int = Field(description="How many non-null values the code column has in all.")


class ColumnProfile(IRModel):
    """Statistics about a column's data, computed inside the database by the profiler."""

    null_count: int | None = None
    distinct_count: int | None = None
    distinct_exact: bool | None = Field(default=None, description="False when distinct_count is an approximation.")
    distinct_source: str | None = Field(
        default=None,
        description="Where an estimated distinct_count comes from: 'pg_stats' (PostgreSQL's own statistics, read "
        "only when fresh) or 'sample' (estimated from the sample's value frequencies, scaled to the table).",
    )
    min: Any = None
    max: Any = None
    mean: float | None = None
    stddev: float | None = None
    fraction_count: int | None = Field(
        default=None, description="Non-null values with a fractional part (float columns; None where not counted): 0 when "
        "every value is a whole number, as an identifier stored as a float because its column has NULLs is.")
    min_length: int | None = None
    max_length: int | None = None
    avg_length: float | None = None
    top_values: list[ValueCount] = Field(default_factory=list)
    top_values_source: str | None = Field(
        default=None,
        description="Where estimated top_values come from: 'pg_stats' (PostgreSQL's most common values in ANALYZE's "
        "sample, counts scaled to the table; read only when fresh). None: counted in the data.",
    )
    patterns: dict[str, float] = Field(default_factory=dict, description="Share of non-null values matching each pattern class, an empty string counted as no value.")
    redacted: bool = Field(default=False, description="Values were withheld because the column is sensitive.")
    patterns_whole: bool | None = Field(
        default=None, description="True where the pattern shares were counted over the whole table though the table's "
        "were read from its first rows (TableProfile.pattern_rows): a column whose first rows were all of one class, "
        "recounted. None: as the table's.")
    occurs_under: list[CodeOccurrence] | None = Field(
        default=None, description="Numeric columns with NULLs only: the codes of each code column of few values under "
        "which the non-null values occur, where those are some of the codes only (None: not counted, or under every code).")


class SamplePolicy(IRModel):
    """How a table's profile was computed when it was not read whole."""

    method: str = Field(description="The dialect's sampling clause used, e.g. 'TABLESAMPLE SYSTEM (1)', or 'limit'.")
    percent: float | None = None
    rows: int | None = None


class TableProfile(IRModel):
    rows: int | None = Field(
        default=None,
        description="Rows the statistics describe (the sample's size when sampled). On a sampled table the "
        "null and distinct counts of key candidates are still computed on the whole table (row_count).",
    )
    sample: SamplePolicy | None = None
    pattern_rows: int | None = Field(
        default=None, description="Rows the pattern shares were counted on, when fewer than `rows` (the first rows read)."
    )
    skipped: list[str] = Field(default_factory=list, description="Statistics not computed (timeouts, refusals), with the reason.")


class Column(IRModel):
    name: str
    type: str = Field(description="The type exactly as the source spells it.")
    nullable: bool = True
    default: str | None = None
    comment: str | None = None
    data_type: DataType | None = Field(default=None, description="Normalized type; filled by the normalize_types pass.")
    profile: ColumnProfile | None = None


class UniqueKey(IRModel):
    columns: list[str]
    name: str | None = None


class ForeignKey(IRModel):
    columns: list[str]
    ref_table: TableRef
    ref_columns: list[str]
    name: str | None = None


class Table(IRModel):
    name: str
    schema_: str | None = Field(default=None, alias="schema")
    kind: TableKind = "table"
    comment: str | None = None
    row_count: int | None = None
    columns: list[Column] = Field(default_factory=list)
    primary_key: list[str] = Field(default_factory=list)
    primary_key_name: str | None = None
    unique_keys: list[UniqueKey] = Field(default_factory=list)
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    definition: str | None = Field(default=None, description="The defining query of a view, when the source gives it.")
    profile: TableProfile | None = None

    @property
    def key(self) -> str:
        return table_key(self.schema_, self.name)

    @property
    def ref(self) -> TableRef:
        return TableRef(name=self.name, schema=self.schema_)

    def column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None

    def is_unique(self, columns: list[str]) -> bool:
        """True when a declared key guarantees `columns` identify at most one row."""
        cols = set(columns)
        if self.primary_key and set(self.primary_key) <= cols:
            return True
        return any(set(uk.columns) <= cols for uk in self.unique_keys if uk.columns)
