"""The `superset:` section of mb.yaml."""

from pydantic import Field

from backends.base import BackendOptions


class SupersetOptions(BackendOptions):
    database_name: str | None = Field(default=None, description="The Superset database the datasets belong to (default: the model name).")
    sqlalchemy_uri: str | None = Field(
        default=None, description="Its SQLAlchemy URI; a password in it is masked (default: the source's URL or database file).")
    zip: bool = Field(default=True, description="Also write the bundle as one zip file, ready for `superset import-datasources`.")
