"""mb.yaml: project settings. Found in the current folder, or given with --config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from compiler.diagnostics import CF001, CF002, REGISTRY, Diagnostics, InputError, Severity
from compiler.yamlio import YamlSyntaxError, format_path, line_of, load_yaml

CONFIG_NAME = "mb.yaml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExploreSettings(_Section):
    max_depth: int = Field(default=4, ge=1, le=10, description="Longest chain of joins from an explore's root.")
    max_joins: int = Field(default=40, ge=1, description="Most joins in one explore.")


class Config(_Section):
    name: str | None = Field(default=None, description="Model/project name; defaults to the source database name.")
    source: str | None = Field(default=None, description="Default SOURCE, relative to this file.")
    dialect: str | None = Field(default=None, description="SQL dialect of a DDL source.")
    targets: list[str] = Field(default_factory=list)
    output: str | None = Field(default=None, description="Default output folder, relative to this file.")
    schema_: list[str] = Field(default_factory=list, alias="schema")
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    explores: ExploreSettings = Field(default_factory=ExploreSettings)
    severity: dict[str, Severity] = Field(default_factory=dict, description="Change a diagnostic code's severity.")
    lookml: dict[str, Any] = Field(default_factory=dict, description="Options for the LookML backend (connection).")
    path: Path | None = Field(default=None, exclude=True)

    def target_options(self, target: str) -> dict[str, Any]:
        return dict(getattr(self, target, {}) or {})

    def relative(self, value: str | None) -> str | None:
        if value is None or self.path is None or "://" in value:
            return value
        return str((self.path.parent / value)) if not Path(value).is_absolute() else value


def load_config(path: Path | None, diags: Diagnostics, required: bool = False) -> Config:
    if path is None:
        candidate = Path.cwd() / CONFIG_NAME
        if not candidate.exists():
            return Config()
        path = candidate
    if not path.exists():
        raise InputError(CF001, "config file not found", str(path))
    text = path.read_text(encoding="utf-8")
    try:
        data = load_yaml(text) or {}
    except YamlSyntaxError as e:
        raise InputError(CF001, f"invalid YAML: {e.message}", f"{path}:{e.line}:{e.column}" if e.line else str(path)) from None
    if not isinstance(data, dict):
        raise InputError(CF001, "mb.yaml must be a mapping", str(path))
    try:
        config = Config.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        line = line_of(text, err["loc"])
        raise InputError(CF001, f"at {format_path(err['loc'], data)}: {err['msg']}", f"{path}:{line}" if line else str(path)) from None
    config.path = path
    for code in config.severity:
        if code not in REGISTRY:
            diags.report(CF002, f"severity given for unknown code {code}", f"{path}:{line_of(text, ('severity', code)) or 1}")
    diags.overrides.update({k: v for k, v in config.severity.items() if k in REGISTRY})
    return config
