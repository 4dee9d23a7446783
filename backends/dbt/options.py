"""The `dbt:` section of mb.yaml."""

from pydantic import Field

from backends.base import BackendOptions


class DbtOptions(BackendOptions):
    folder: str | None = Field(default=None, description="The folder under models/ the backend owns (default: mb_generated).")
    database: str | None = Field(default=None, description="The `database` of every source.")
    schema_: str | None = Field(default=None, alias="schema", description="The schema of tables that have none (default: the dialect's, e.g. main).")
    source_name: str | None = Field(default=None, description="The dbt source name (default: the model name).")
    prefix: str | None = Field(default=None, description="Before every dbt model name (acme -> acme_stg_orders), so the output drops into an existing project beside its own models.")
    time_spine: bool = Field(default=True, description="Write MetricFlow's time spine model (false: use the project's own).")
    time_spine_start: str | None = Field(default=None, description="First day of the time spine (default: 1990-01-01, "
                                         "or the first of January of the first year the time axes hold, if earlier).")
    time_spine_end: str | None = Field(default=None, description="Day after the last of the time spine (default: "
                                       "2040-01-01, or the first of January after the last year the time axes hold, if later).")
