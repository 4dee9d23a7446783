"""Base model settings every IR node shares."""

from pydantic import BaseModel, ConfigDict


class IRModel(BaseModel):
    # extra="forbid" makes a typo in a hand-edited snapshot an error with a path instead of a
    # silently ignored key; validate_assignment keeps passes honest when they mutate nodes.
    model_config = ConfigDict(extra="forbid", validate_assignment=False, populate_by_name=True)
