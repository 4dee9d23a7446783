"""The `cube:` section of mb.yaml (the Cube backend has no settings yet)."""

from backends.base import BackendOptions


class CubeOptions(BackendOptions):
    pass
