"""mb.yaml: project settings. Found in the current folder, or given with --config."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from compiler.overrides import Overrides
from compiler.diagnostics import CF001, CF002, REGISTRY, Diagnostics, InputError, Severity
from compiler.inputfile import InputFileError, read_text
from compiler.label_words import LANGUAGES
from compiler.yamlio import YamlSyntaxError, format_path, line_of, load_yaml

if TYPE_CHECKING:  # backends are loaded only when mb.yaml has a target's section (or a code of theirs)
    from backends.base import Backend

CONFIG_NAME = "mb.yaml"
CONFIG_BYTES = 16 << 20  # a config (or rules file) larger than this is not one


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExploreSettings(_Section):
    max_depth: int = Field(default=4, ge=1, le=10, description="Longest chain of joins from an explore's root.")
    max_joins: int = Field(default=40, ge=1, description="Most joins in one explore.")


class InferenceSettings(_Section):
    primary_keys: bool = Field(default=True, description="Infer primary keys where none is declared.")
    relationships: bool = Field(default=True, description="Infer relationships nobody declared.")
    relationship_threshold: float = Field(
        default=0.8, ge=0.0, le=1.0, description="Inferred relationships at or above this confidence become joins."
    )
    suggestion_floor: float = Field(
        default=0.5, ge=0.0, le=1.0, description="Below the threshold but at or above this: reported as AN007 suggestions."
    )
    accepted_values_max: int = Field(
        default=10, ge=1, le=1000, description="Most values an enumeration (accepted values of a category column) may have."
    )


class ClassificationSettings(_Section):
    rules: str = Field(default="", description="Rules in the classification rule language; they run before the defaults.")
    rules_file: str | None = Field(default=None, description="A file of rules, relative to mb.yaml; runs after `rules`.")
    defaults: bool = Field(default=True, description="Also apply the shipped default rules.")
    # Filled by load_config from rules_file (passes do no I/O).
    file_text: str = Field(default="", exclude=True)


class LLMSettings(_Section):
    """The LLM annotation pass (docs/llm.md). The API key is read from the environment only."""

    enabled: bool = Field(default=False, description="Ask the model for tables the cache has no answer for (`--llm` turns it on).")
    model: str = Field(default="gpt-4o-mini", description="Chat model name; part of every cache key.")
    base_url: str | None = Field(default=None, description="An OpenAI-compatible endpoint (default: the SDK's, or OPENAI_BASE_URL).")
    api_key_env: str = Field(default="OPENAI_API_KEY", description="The environment variable holding the API key.")
    timeout: float = Field(default=60.0, gt=0, allow_inf_nan=False,
                           description="Seconds one request may take in all (connecting, waiting, reading) before it is abandoned (then retried).")
    concurrency: int = Field(default=4, ge=1, le=64, description="Requests in flight at once.")
    max_requests: int = Field(default=200, ge=0, description="Most HTTP requests per run, retries included.")
    max_tokens: int = Field(default=500_000, ge=0, description="Most tokens (prompt + answer, as reported) per run.")
    answer_tokens: int = Field(default=4096, ge=16, description="Most tokens in one answer.")
    retries: int = Field(default=2, ge=0, le=10, description="Retries of one table after a timeout, HTTP 429/5xx or an invalid answer.")
    backoff: float = Field(default=1.0, ge=0, description="First wait before a retry, in seconds; doubles each time.")
    overwrite: bool = Field(default=False, description="Write generated text over descriptions the database declares.")
    strict: bool = Field(default=False, description="A table left without an answer is an error (`--strict-llm`).")
    cache: str = Field(default="llm-cache.json", description="The answer cache, relative to mb.yaml; commit it next to the snapshot.")
    adjudicate_joins: bool = Field(
        default=False, description="Ask the model whether each suggested relationship (between inference.suggestion_floor "
        "and inference.relationship_threshold) is a join; a `join` verdict makes it one (docs/llm.md).")
    # Set by the driver (compiler.api), read by passes/annotate_with_llm and passes/adjudicate_joins
    # (passes do no I/O).
    answers: dict[str, Any] = Field(default_factory=dict, exclude=True)
    progress: bool = Field(default=False, exclude=True)


class LabelSettings(_Section):
    # compiler.label_words.LANGUAGES, the languages it has template words for, and auto
    language: Literal[("auto", *LANGUAGES)] = Field(  # type: ignore[valid-type]
        default="auto", description="The language labels' template words (Total, Average, Count) are written in; "
        "auto: the language of the table and column names where it is clear, English otherwise.")


class AdoptSource(_Section):
    path: str = Field(description="A hand-written model (LookML project, dbt project, Cube folder, TMDL folder, Superset bundle, Ossie file), relative to mb.yaml.")
    from_: str | None = Field(default=None, alias="from", description="Its format, when not detected.")
    dialect: str | None = Field(default=None, description="The SQL dialect of its expressions (default: `dialect`).")
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Config(_Section):
    name: str | None = Field(default=None, description="Model/project name; defaults to the source database name.")
    source: str | None = Field(default=None, description="Default SOURCE, relative to this file.")
    dialect: str | None = Field(default=None, description="SQL dialect of a DDL source.")
    targets: list[str] = Field(default_factory=list)
    output: str | None = Field(default=None, description="Default output folder, relative to this file.")
    schema_: list[str] = Field(default_factory=list, alias="schema")
    currency: str | None = Field(default=None, description="ISO 4217 code of the money amounts (BRL, EUR); formats show it. "
                                 "Default: US dollars.")
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    labels: LabelSettings = Field(default_factory=LabelSettings, description="How labels are written: their language.")
    explores: ExploreSettings = Field(default_factory=ExploreSettings)
    inference: InferenceSettings = Field(default_factory=InferenceSettings)
    classification: ClassificationSettings = Field(default_factory=ClassificationSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings, description="LLM annotation: descriptions, labels, suggested measures.")
    severity: dict[str, Severity] = Field(default_factory=dict, description="Change a diagnostic code's severity.")
    overrides: Overrides = Field(default_factory=Overrides, description="People's labels, descriptions, measures and fixes.")
    adopt: list[AdoptSource] = Field(default_factory=list, description="Hand-written models read on every run as overrides (docs/interchange.md).")
    # Each target's section (`lookml: {...}`), validated by the backend's own options model;
    # filled by load_config (or given by a library caller), keyed by target name.
    targets_options: dict[str, dict[str, Any]] = Field(default_factory=dict, exclude=True)
    path: Path | None = Field(default=None, exclude=True)
    text: str = Field(default="", exclude=True, description="The file's text, to locate settings by line.")

    @field_validator("currency")
    @classmethod
    def _iso_code(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError(f"{value!r} is no currency code: give its ISO 4217 code in capitals, such as EUR or BRL")
        return value

    def location_of(self, loc: tuple, short: bool = False) -> str:
        """file:line of a setting (or of its nearest parent that exists). `short` gives the file
        name alone, for provenance stored in the IR, which must not depend on where it ran."""
        if self.path is None:
            return "mb.yaml"
        name = self.path.name if short else str(self.path)
        line = line_of(self.text, loc) if self.text else None
        return f"{name}:{line}" if line else name

    def target_options(self, target: str) -> dict[str, Any]:
        return dict(self.targets_options.get(target) or {})

    def relative(self, value: str | None) -> str | None:
        if value is None or self.path is None or "://" in value:
            return value
        return str((self.path.parent / value)) if not Path(value).is_absolute() else value


def _target_sections(data: dict, text: str, path: Path) -> dict[str, type[Backend]]:
    """The top-level keys of mb.yaml that are installed targets' sections, with their backends."""
    core = {f.alias or name for name, f in Config.model_fields.items() if not f.exclude}
    names = [k for k in data if k not in core]
    if not names:
        return {}
    from backends.base import BackendLoadError, available, backend_class

    known = available()
    for k in names:
        if k not in known:
            line = line_of(text, (k,), key=True)
            raise InputError(CF001, f"unknown setting {k!r}: neither a setting of mb.yaml nor an installed target "
                                    f"({', '.join(known)})", f"{path}:{line}" if line else str(path))
    try:
        return {k: backend_class(k) for k in names}
    except BackendLoadError as e:
        raise InputError(CF001, str(e), str(path)) from None


def _invalid(e: ValidationError, prefix: tuple, data: dict, text: str, path: Path) -> InputError:
    loc = (*prefix, *e.errors()[0]["loc"])
    line = line_of(text, loc)
    return InputError(CF001, f"at {format_path(loc, data)}: {e.errors()[0]['msg']}", f"{path}:{line}" if line else str(path))


def config_schema() -> dict[str, Any]:
    """The JSON Schema of mb.yaml: the core settings and every installed target's section."""
    from backends.base import load_all

    schema = Config.model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    for name, cls in load_all().items():
        sub = cls.options_model.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
        defs.update(sub.pop("$defs", {}))
        sub.setdefault("description", f"Options of the {name} target.")
        schema["properties"][name] = sub
    return schema


def _adopt(config: Config, diags: Diagnostics) -> None:
    """Read each `adopt:` project and put its overrides under those written in mb.yaml."""
    from compiler.adopt import adopt, merge

    adopted = Overrides()
    for source in config.adopt:
        got = adopt(Path(config.relative(source.path) or source.path), source.from_, diags, source.dialect or config.dialect)
        adopted = merge(got, adopted)
    config.overrides = merge(config.overrides, adopted)


def parse_config(data: Any, text: str = "", path: Path | None = None) -> Config:
    """mb.yaml's data as a Config: the core settings by Config, each target's section by that
    target's own model. InputError (CF001, located when `text` is given) for what is invalid."""
    where = path or Path(CONFIG_NAME)
    if not isinstance(data, dict):
        raise InputError(CF001, "mb.yaml must be a mapping", str(where))
    sections = _target_sections(data, text, where)
    try:
        config = Config.model_validate({k: v for k, v in data.items() if k not in sections})
    except ValidationError as e:
        raise _invalid(e, (), data, text, where) from None
    for name, cls in sections.items():
        try:
            config.targets_options[name] = cls.validate_options(data[name])
        except ValidationError as e:
            raise _invalid(e, (name,), data, text, where) from None
    return config


def load_config(path: Path | None, diags: Diagnostics) -> Config:
    if path is None:
        candidate = Path(CONFIG_NAME)
        if not candidate.exists():
            return Config()
        path = candidate
    if not path.exists():
        raise InputError(CF001, "config file not found", str(path))
    try:
        text = read_text(path, limit=CONFIG_BYTES)
    except InputFileError as e:
        raise InputError(CF001, f"config file {e}", str(path)) from None
    try:
        data = load_yaml(text) or {}
    except YamlSyntaxError as e:
        raise InputError(CF001, f"invalid YAML: {e.message}", f"{path}:{e.line}:{e.column}" if e.line else str(path)) from None
    config = parse_config(data, text, path)
    config.path = path
    config.text = text
    if config.classification.rules_file:
        rules_path = Path(config.relative(config.classification.rules_file) or "")
        try:
            config.classification.file_text = read_text(rules_path, limit=CONFIG_BYTES)
        except InputFileError as e:
            raise InputError(CF001, f"classification.rules_file {e}", str(rules_path)) from None
    if any(code not in REGISTRY for code in config.severity):
        from backends.base import load_all

        load_all()  # a backend's codes are registered when it is loaded
    for code in config.severity:
        if code not in REGISTRY:
            diags.report(CF002, f"severity given for unknown code {code}", f"{path}:{line_of(text, ('severity', code)) or 1}")
    diags.overrides.update({k: v for k, v in config.severity.items() if k in REGISTRY})
    if config.adopt:
        _adopt(config, diags)
    return config
