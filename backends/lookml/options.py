"""The `lookml:` section of mb.yaml."""

from pydantic import Field

from backends.base import BackendOptions


class LookMLOptions(BackendOptions):
    connection: str | None = Field(default=None, description="The Looker connection the model file names (default: the model name).")
