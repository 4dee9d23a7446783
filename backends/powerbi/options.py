"""The `powerbi:` section of mb.yaml: the connection parameters of the semantic model."""

from pydantic import Field

from backends.base import BackendOptions


class PowerBIOptions(BackendOptions):
    server: str | None = Field(default=None, description="Server (host) of the source (default: localhost).")
    database: str | None = Field(default=None, description="Database of the source (default: the model name).")
    dsn: str | None = Field(default=None, description="ODBC connection string, for dialects reached through ODBC.")
    warehouse: str | None = Field(default=None, description="Snowflake warehouse (default: COMPUTE_WH).")
