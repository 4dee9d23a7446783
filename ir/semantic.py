"""The semantic model: entities with dimensions, time dimensions and measures; metrics;
relationships; explores. Backends read only this (plus the source dialect)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ir.base import IRModel
from ir.catalog import DataType, TableRef
from ir.provenance import Provenance, Text

Cardinality = Literal["many_to_one", "one_to_one", "one_to_many", "many_to_many"]
Aggregation = Literal["count", "count_distinct", "sum", "avg", "min", "max"]
RelationshipOrigin = Literal["declared", "inferred", "llm", "human"]
# What a table is for (docs/semantics.md): facts and events are measured and explored, dimensions
# describe them, bridges link two tables many-to-many, audit tables keep another table's history,
# partitions are children of a table split by range, unknown stands alone.
TableRole = Literal["fact", "dimension", "bridge", "event", "audit", "partition", "unknown"]
# What a time column records: business (when the business event happened: order_date), created
# (when the row was made), audit (when it last changed), load (when a pipeline loaded it),
# validity (the start or end of a period the row holds for), birth (a birth date), other.
TimeKind = Literal["business", "created", "audit", "load", "validity", "birth", "other"]
# How a value adds up: additive (over every dimension), semi_additive (over entities, not over
# time: balances, stock levels), non_additive (never summed: rates, unit prices, codes, years).
Additivity = Literal["additive", "semi_additive", "non_additive"]


class RelationshipEnd(IRModel):
    table: str
    schema_: str | None = Field(default=None, alias="schema")
    columns: list[str]

    @property
    def table_key(self) -> str:
        return f"{self.schema_}.{self.table}" if self.schema_ else self.table


class Relationship(IRModel):
    """A join path between two tables. `from` is the referencing (many) side."""

    from_: RelationshipEnd = Field(alias="from")
    to: RelationshipEnd
    cardinality: Cardinality
    origin: RelationshipOrigin
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    name: str | None = Field(default=None, description="The constraint name, when declared.")
    evidence: list[str] = Field(default_factory=list)
    role: str | None = Field(
        default=None, description="The role the referenced row plays for the referencing one (billing_address, manager, "
        "customer): the name a join along this relationship takes. Set by name_join_roles."
    )
    role_provenance: Provenance | None = None
    audit: bool = Field(
        default=False, description="Names who last changed or created the referencing row (LastEditedBy, created_by): "
        "kept, but joined by no explore, counted by no measure and filtering nothing by default. Set by name_join_roles."
    )
    verdict: Provenance | None = Field(
        default=None, description="An LLM's verdict on an inferred candidate (rule `join` or `no_join`, the model, the "
        "prompt hash, its reason as evidence), when llm.adjudicate_joins asked for one."
    )

    def sort_key(self) -> tuple:
        return (self.from_.table_key, self.from_.columns, self.to.table_key, self.to.columns)

    def role_named(self, target_name: str) -> str | None:
        """The role when the key names one (bill_address, manager, support_rep); None when it plays
        its target itself (customer_id -> customer), named so by name_join_roles."""
        return self.role if self.role and self.role != target_name else None


class Field_(IRModel):
    name: str
    column: str | None = Field(default=None, description="The source column, when the field maps one column.")
    expr: str | None = Field(default=None, description="A SQL expression over the table's columns, in the source dialect.")
    label: Text | None = None
    description: Text | None = None
    synonyms: list[str] = Field(default_factory=list, description="Other names people use for it (Ossie ai_context synonyms).")
    hidden: bool = False
    hidden_provenance: Provenance | None = Field(default=None, description="Who decided `hidden` (decide_visibility, or a person).")
    provenance: Provenance | None = None
    native_type: str | None = Field(default=None, description="The source column's type as the source spells it.")
    nullable: bool | None = Field(default=None, description="Whether the source column admits NULL (None: unknown).")


class Dimension(Field_):
    data_type: DataType = "string"
    role: Literal["key", "dimension", "measure"] = Field(default="dimension", description="measure: a numeric value also aggregated by measures.")
    primary_key: bool = False
    foreign_key: bool = False
    semantic_type: str | None = Field(default=None, description="email, phone, country, currency_amount, ...: set by classify_semantics.")
    semantic_provenance: Provenance | None = None
    sensitivity: str | None = Field(default=None, description="pii.email, secret.password, ...: values need care.")
    sensitivity_provenance: Provenance | None = None
    additivity: Additivity | None = Field(
        default=None, description="How the column's values add up; None for what is not a number. Set by decide_additivity."
    )
    additivity_provenance: Provenance | None = None
    accepted_values: list[str | int | float | bool] | None = Field(
        default=None, description="Every value the column holds (an enumeration), when the profile proves the list "
        "complete and the column is a category. Set by decide_enumerations; never for sensitive columns."
    )
    accepted_values_provenance: Provenance | None = None
    value_labels: dict[str, str] | None = Field(
        default=None, description="What each code the column holds stands for ({'5': 'Shipped'}), as its documentation "
        "lists them. Set by label_coded_values."
    )
    value_labels_provenance: Provenance | None = None
    sort_by: str | None = Field(
        default=None, description="The dimension of the same entity whose values put this one's in order (a month's "
        "name by the month's number). Set by decide_enumerations."
    )
    sort_by_provenance: Provenance | None = None
    unit_column: str | None = Field(
        default=None, description="The column of the same table naming each row's unit of measure, of a quantity held "
        "in several units (KWMENG beside VRKME): summed per unit, never across units. Set by decide_additivity."
    )
    unit_column_provenance: Provenance | None = None


class TimeDimension(Field_):
    data_type: Literal["date", "timestamp", "timestamp_tz"] = "timestamp"
    kind: TimeKind | None = Field(default=None, description="What the time records; set by classify_time_columns.")
    granularity: Literal["day", "month", "year"] | None = Field(
        default=None, description="The coarsest time every value names: 'year' for a year kept as a number (read as its "
        "first day); 'month' for a month kept as YYYYMM (read as its first day); 'day' for a date and time that is midnight on every row (a day kept as DATETIME). None: a date, or "
        "a date and time with its time of day."
    )
    kind_provenance: Provenance | None = None
    # A birth date is a time dimension and personal data at once.
    semantic_type: str | None = None
    semantic_provenance: Provenance | None = None
    sensitivity: str | None = None
    sensitivity_provenance: Provenance | None = None


class JoinStep(IRModel):
    """One join of a path: `from_entity`'s columns to `to_entity`'s columns."""

    from_entity: str
    from_columns: list[str]
    to_entity: str
    to_columns: list[str]
    cardinality: Cardinality = "many_to_one"


class JoinedFilter(IRModel):
    """Rows whose many-to-one parent holds a value: the lines of the orders in euros, where the
    line's money is in its order's currency and the line names none."""

    path: list[JoinStep] = Field(description="The many_to_one join from the measure's entity to `entity` (one step).")
    entity: str = Field(description="The parent entity holding the column.")
    dimension: str = Field(description="The name of the parent's dimension compared.")
    column: str = Field(description="The parent's column the dimension maps.")
    value: str = Field(description="The value the parent's column holds on the rows aggregated.")


class Measure(Field_):
    agg: Aggregation
    filter: str | None = Field(default=None, description="A SQL boolean expression restricting the rows aggregated.")
    joined_filter: JoinedFilter | None = Field(
        default=None, description="A condition on a parent's column, besides `filter`: the money of a line summed per "
        "its order's currency. Set by derive_measures."
    )
    format: str | None = Field(default=None, description="A format class: integer, decimal, percent, currency.")
    data_type: DataType | None = None
    additivity: Additivity | None = Field(
        default=None, description="How the measure re-aggregates: sums and counts add up, averages and distinct counts do not."
    )
    non_additive_dimension: str | None = Field(
        default=None, description="For a semi_additive measure: the time dimension of the entity's time axis it must not be "
        "summed over, the entity's own or, on a time axis borrowed from a calendar, the calendar's (a balance is taken at "
        "the latest time, then summed over entities)."
    )


class TimeAxis(IRModel):
    """An entity's business time axis: the time its measures are aggregated over."""

    entity: str = Field(description="The entity holding the time dimension: this one, or a parent reached through `path`.")
    dimension: str = Field(description="The name of a time dimension of `entity`.")
    path: list[JoinStep] = Field(
        default_factory=list, description="many_to_one joins from this entity to `entity` (empty when it is its own); "
        "each joins the target's whole primary key, so the entity keeps its grain."
    )
    provenance: Provenance | None = None


class Metric(IRModel):
    name: str
    type: Literal["simple", "ratio", "derived"]
    entity: str | None = Field(default=None, description="The entity that owns the metric; set by resolve_metrics.")
    measure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    expr: str | None = None
    format: str | None = Field(default=None, description="A format class, as a measure's: percent for a ratio of a "
                               "rate's parts (ratio_metrics). None: the target's default for a number.")
    label: Text | None = None
    description: Text | None = None
    synonyms: list[str] = Field(default_factory=list)
    provenance: Provenance | None = None
    inputs: list[str] = Field(
        default_factory=list, description="Every measure the metric reads, as entity.measure, in order; set by resolve_metrics."
    )
    path: list[JoinStep] = Field(
        default_factory=list, description="Joins from the owner to the other entities whose measures it reads (empty "
        "when all are the owner's)."
    )


class Location(IRModel):
    """A point on the map: a latitude and a longitude dimension of one entity, read together."""

    name: str = Field(description="A name unique among the entity's fields (`location`, `pickup_location`).")
    latitude: str = Field(description="The latitude dimension's name.")
    longitude: str = Field(description="The longitude dimension's name.")
    label: Text | None = None
    provenance: Provenance | None = None


class RowFilter(IRModel):
    """Rows an entity leaves out at its base, before any measure, count or join sees them: the
    rows a soft-delete column marks deleted (a loader's `_fivetran_deleted`, an app's `is_deleted`,
    a `deleted_at` time). Every target renders the same condition (backends.row_filters)."""

    column: str = Field(description="The column marking a row deleted.")
    kind: Literal["flag", "timestamp"] = Field(
        description="flag: a true/false (or 0/1) column, the row deleted where it holds `deleted_value`; timestamp: "
        "the row deleted where the column holds a time (NULL on live rows)."
    )
    deleted_value: bool | int | str | None = Field(
        default=None, description="For a flag: the value marking a deleted row, of the type the column is compared as: "
        "true (a true/false column), a number (1 for a 0/1 number) or a text ('Y', 'true', '1' kept as text). A NULL "
        "flag is a live row."
    )
    provenance: Provenance | None = None


class Entity(IRModel):
    name: str = Field(description="A lowercase identifier unique in the model.")
    table: TableRef
    kind: Literal["table", "view", "materialized_view"] = "table"
    role: TableRole = "unknown"
    role_provenance: Provenance | None = None
    role_of: str | None = Field(
        default=None, description="For an audit table or a partition: the entity whose history or part it holds."
    )
    calendar: bool = Field(
        default=False, description="A calendar: one row per day (or week), keyed by it, beside its parts (year, month); "
        "set by classify_tables."
    )
    time_axis: TimeAxis | None = Field(default=None, description="The business time axis; set by choose_time_axes.")
    label: Text | None = None
    description: Text | None = None
    primary_key: list[str] = Field(default_factory=list, description="Column names of the primary key.")
    primary_key_provenance: Provenance | None = None
    unique_keys: list[list[str]] = Field(default_factory=list, description="Column names of each unique key the source declares.")
    synonyms: list[str] = Field(default_factory=list)
    key_kind: Literal["surrogate", "natural"] | None = Field(
        default=None, description="surrogate: a meaningless generated identifier; natural: values that mean something (codes, composite keys)."
    )
    row_count: int | None = None
    hidden: bool = False
    dimensions: list[Dimension] = Field(default_factory=list)
    time_dimensions: list[TimeDimension] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list, description="Latitude/longitude pairs; set by pair_locations.")
    row_filters: list[RowFilter] = Field(
        default_factory=list, description="Conditions a row must meet to be in the entity at all (all of them): soft-"
        "deleted rows left out. Set by soft_deletes."
    )
    row_filters_provenance: Provenance | None = Field(
        default=None, description="Who decided the row filters as a whole: human where mb.yaml lists them (none too)."
    )

    def field_for_column(self, column: str) -> Dimension | TimeDimension | None:
        for f in self.dimensions:
            if f.column == column:
                return f
        for t in self.time_dimensions:
            if t.column == column:
                return t
        return None

    def column_fields(self) -> dict[str, Dimension | TimeDimension]:
        """Column name -> its field (the first, when an expression reuses a column)."""
        out: dict[str, Dimension | TimeDimension] = {}
        for f in [*self.dimensions, *self.time_dimensions]:
            if f.column is not None:
                out.setdefault(f.column, f)
        return out


class Join(IRModel):
    alias: str = Field(description="The name the joined entity has inside the explore.")
    entity: str
    from_alias: str = Field(description="The alias (root or an earlier join) this join hangs from.")
    from_columns: list[str]
    to_columns: list[str]
    cardinality: Cardinality
    type: Literal["left_outer", "inner", "full_outer"] = "left_outer"


class ExploreTime(IRModel):
    """Where an explore finds its root's time axis: a time dimension of the root or of a join."""

    alias: str = Field(description="The root's name, or the alias of the join holding the time dimension.")
    dimension: str = Field(description="The time dimension's name in that entity.")


class Explore(IRModel):
    name: str
    root: str = Field(description="The entity the explore starts from.")
    label: Text | None = None
    description: Text | None = None
    joins: list[Join] = Field(default_factory=list)
    provenance: Provenance | None = None
    time: ExploreTime | None = Field(default=None, description="The root's business time axis inside the explore.")


class TimeSpan(IRModel):
    """The days the model's time axes hold, from the profile: what a time spine must cover."""

    first: str = Field(description="The earliest day of any entity's own time axis, 'YYYY-MM-DD'.")
    last: str = Field(description="The latest day, far-future placeholders of periods still open left out.")


class SemanticModel(IRModel):
    name: str
    dialect: str
    source: str | None = Field(default=None, description="The credential-free description of the source (a file name or redacted URL).")
    database: str | None = Field(default=None, description="The source database's name, when known.")
    description: Text | None = Field(default=None, description="What the model as a whole is for (from an imported model).")
    currency: str | None = Field(default=None, description="ISO 4217 code of the money amounts (mb.yaml `currency`); None: US dollars.")
    label_language: str | None = Field(
        default=None, description="ISO 639-1 code of the language labels' template words are written in (es: "
        "'Importe total'), decided by decide_label_language from the names or mb.yaml `labels.language`; None: English.")
    label_language_provenance: Provenance | None = None
    entities: list[Entity] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    suggested_relationships: list[Relationship] = Field(
        default_factory=list,
        description="Inferred relationships below inference.relationship_threshold (reported as AN007): not joined, "
        "kept for review. A person accepts one by adding it under overrides.relationships.",
    )
    explores: list[Explore] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    time_span: TimeSpan | None = Field(default=None, description="The days the time axes hold; None: not profiled. Set by measure_time_span.")

    def entity(self, name: str) -> Entity | None:
        for e in self.entities:
            if e.name == name:
                return e
        return None

    def entity_index(self) -> dict[str, Entity]:
        return {e.name: e for e in self.entities}
