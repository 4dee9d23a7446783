"""The `ossie:` section of mb.yaml."""

from typing import Literal

from pydantic import Field

from backends.base import BackendOptions

VERSIONS = ("0.1.1", "0.2.0.dev0")


class OssieOptions(BackendOptions):
    version: Literal["0.1.1", "0.2.0.dev0"] = Field(
        default="0.1.1", description="The Ossie version written: 0.1.1 (released; what dbt 1.12 reads) or the 0.2.0.dev0 draft (adds datatype).")
    format: Literal["yaml", "json"] = Field(
        default="yaml", description="yaml: `<model>.yaml`; json: `<model>.json`, the form dbt 1.12 reads from a project's osi/ folder.")
