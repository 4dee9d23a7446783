"""One registry of stable diagnostic codes, and the sink every stage reports through.

Codes are grouped by stage: FE frontend, PR profile, AN analysis, LM llm, OV overrides, CF config,
IM import, RT round trip, VA validation, CK check, US usage, SV the served faces (REST API, MCP server), IN
internal. Each backend registers its own family (LK lookml, DB dbt, CB cube, PB powerbi, SS
superset, OS ossie, or a third party's) with `family()`. A code never changes meaning once
released; retire it instead of reusing it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    summary: str
    # True when the failure is about the input itself (unreadable, malformed): exit 2, not 1.
    input_error: bool = False


REGISTRY: dict[str, Code] = {}
# Family prefix -> the package that owns it. The driver's stages own theirs; each backend
# registers its own (backends/<name>/codes.py, or a third-party package's), so adding a target
# touches nothing here.
FAMILIES: dict[str, str] = {}


def _register(code: str, severity: Severity, summary: str, input_error: bool = False) -> Code:
    assert code not in REGISTRY, code
    FAMILIES.setdefault(code[:2], "mb")
    REGISTRY[code] = Code(code, severity, summary, input_error)
    return REGISTRY[code]


class CodeConflict(Exception):
    """Two packages claim the same code family, or one code is defined twice differently."""


@dataclass(frozen=True)
class Family:
    """A backend's diagnostic codes: `PREFIX` plus three digits, e.g. LK001."""

    prefix: str
    owner: str

    def code(self, number: int, severity: Severity, summary: str, input_error: bool = False) -> Code:
        name = f"{self.prefix}{number:03d}"
        new = Code(name, severity, summary, input_error)
        old = REGISTRY.get(name)
        if old is not None and old != new:
            raise CodeConflict(f"diagnostic code {name} is defined twice ({old.summary!r}, {summary!r})")
        REGISTRY[name] = new
        return new


def family(prefix: str, owner: str) -> Family:
    """Claim the code family `prefix` (2-3 capital letters) for `owner` (a backend's name)."""
    if not re.fullmatch(r"[A-Z]{2,3}", prefix):
        raise CodeConflict(f"code family {prefix!r} of {owner!r}: give 2-3 capital letters")
    holder = FAMILIES.setdefault(prefix, owner)
    if holder != owner:
        raise CodeConflict(f"code family {prefix} of {owner!r} is already taken by {holder!r}")
    return Family(prefix, owner)


# Frontend: reading the source.
FE001 = _register("FE001", "error", "source not found", True)
FE002 = _register("FE002", "error", "unknown source kind or URL scheme", True)
FE003 = _register("FE003", "error", "cannot connect to the database", True)
FE004 = _register("FE004", "error", "malformed DDL", True)
FE005 = _register("FE005", "warning", "DDL statement skipped (not schema)")
FE006 = _register("FE006", "error", "snapshot does not match the snapshot schema", True)
FE007 = _register("FE007", "error", "snapshot file is not valid YAML or JSON", True)
FE008 = _register("FE008", "error", "unknown SQL dialect", True)
FE009 = _register("FE009", "error", "database driver not installed", True)
FE010 = _register("FE010", "warning", "constraint references an unknown table or column")
FE011 = _register("FE011", "warning", "no tables found in the source")
FE012 = _register("FE012", "warning", "DDL construct only partly understood")
FE013 = _register("FE013", "error", "reading the database failed", True)
FE014 = _register("FE014", "error", "snapshot version not supported", True)
FE015 = _register("FE015", "warning", "object could not be introspected and was skipped")
FE017 = _register("FE017", "error", "--schema, --include or --exclude leaves no table (nothing is written)", True)
FE018 = _register("FE018", "warning", "the DDL looks like another SQL dialect than the one given")
FE031 = _register("FE031", "info", "partition or inherited table that adds no column folded into its parent")
FE016 = _register("FE016", "error", "reading an object timed out (often a lock held by another session)", True)

# Profiler and evidence (compiler/profiler): warnings, so a snapshot completes without what
# failed; except a database lost mid-run, after which most of the snapshot would be missing.
PR001 = _register("PR001", "warning", "profiling query timed out; statistic skipped")
PR002 = _register("PR002", "warning", "profiling query refused or failed; statistic skipped")
PR003 = _register("PR003", "warning", "containment check timed out or failed; evidence skipped")
PR004 = _register("PR004", "info", "candidate-join budget reached; remaining candidates not checked")
PR005 = _register("PR005", "warning", "cannot connect for profiling; snapshot written without profiles")
PR006 = _register("PR006", "error", "the database went away during profiling and did not come back", True)

# Analysis passes.
AN001 = _register("AN001", "info", "table has no primary key")
AN002 = _register("AN002", "warning", "relationship refers to a missing table or column")
AN003 = _register("AN003", "info", "name changed to be a valid identifier")
AN004 = _register("AN004", "warning", "measure expression does not parse")
AN005 = _register("AN005", "error", "model is inconsistent")
AN006 = _register("AN006", "info", "join path skipped in explore (cycle or ambiguity)")
AN007 = _register("AN007", "info", "relationship suggested, below the inference confidence threshold")
AN008 = _register("AN008", "info", "secret column left out of the semantic model")
AN009 = _register("AN009", "warning", "metric left out: a measure it names does not exist or cannot be joined to its owner")

# LLM annotation (compiler/llm, passes/annotate_with_llm) and join adjudication
# (passes/adjudicate_joins). A table or join left without an answer keeps its deterministic
# result; --strict-llm makes LM001-LM003 and LM006 errors.
LM001 = _register("LM001", "warning", "LLM answer invalid or refused after retries; table keeps its deterministic text")
LM002 = _register("LM002", "warning", "LLM request failed after retries (timeout, HTTP error); table keeps its deterministic text")
LM003 = _register("LM003", "warning", "LLM budget reached (requests or tokens); remaining tables not annotated")
LM004 = _register("LM004", "warning", "LLM cache file unreadable; ignored and not overwritten")
LM005 = _register("LM005", "warning", "LLM-suggested measure or metric rejected (unknown column, bad SQL or aggregation)")
LM006 = _register("LM006", "warning", "LLM annotation asked for but cannot run (no API key in the environment, openai not installed)")
LM007 = _register("LM007", "warning", "LLM cache file cannot be written")
LM008 = _register("LM008", "info", "LLM verdict on a suggested relationship applied (joined, or kept a suggestion with its reason)")

# Overrides in mb.yaml.
OV001 = _register("OV001", "warning", "override names a table, column or field that does not exist")
OV002 = _register("OV002", "warning", "override cannot be applied as written")

# Config.
CF001 = _register("CF001", "error", "config file is invalid", True)
CF002 = _register("CF002", "warning", "config names an unknown diagnostic code")
CF003 = _register("CF003", "error", "classification rules do not parse", True)

# Importing models people wrote (mb convert, mb adopt); each format's own losses are its
# backend's codes.
IM001 = _register("IM001", "error", "cannot tell which format a path holds (give --from)", True)
IM002 = _register("IM002", "error", "import path not found or unreadable", True)
IM003 = _register("IM003", "error", "format has no importer", True)
IM004 = _register("IM004", "warning", "a written key or join differs from what the source declares or inference finds; the written one is kept")
IM005 = _register("IM005", "info", "adopted object cannot become an override and was left out")

# Round trip.
RT001 = _register("RT001", "error", "emitted files do not read back to the model")
RT002 = _register("RT002", "error", "emitted file does not parse")

# Validation of generated files: structural checks in-process (mb compile, mb validate) and the
# targets' own tools (mb validate), and the same-number check across targets (mb verify).
VA001 = _register("VA001", "error", "output its target would reject (structural check)")
VA002 = _register("VA002", "error", "the target's own tool rejected the output")
VA003 = _register("VA003", "info", "a target's validator is not installed; that check was skipped")
VA004 = _register("VA004", "error", "a measure gives different numbers through different targets")
VA005 = _register("VA005", "warning", "a query could not be asked through a target")
VA006 = _register("VA006", "info", "a query its target cannot express: a loss its backend reports at compile time (code named)")

# Drift between generated files on disk and what the compiler produces (mb check).
CK001 = _register("CK001", "error", "generated file was edited or is stale")
CK002 = _register("CK002", "error", "generated file is missing")
CK003 = _register("CK003", "error", "file in a generated folder is not generated any more")

# Usage and internal.
US001 = _register("US001", "error", "bad usage", True)
US002 = _register("US002", "error", "cannot write output", True)
US003 = _register("US003", "error", "unknown target", True)
US004 = _register("US004", "error", "output folder locked by another mb run for too long", True)
IN001 = _register("IN001", "error", "internal error in a pass (a bug; please report it)")
IN002 = _register("IN002", "error", "internal error while serving a request (a bug; please report it)")
IN003 = _register("IN003", "error", "internal error in a backend or an importer (a bug; please report it)")

# The served faces (`mb serve`: REST API and web explorer; `mb mcp`): problems with one request.
# Each maps to an HTTP status (compiler/serve/errors.py); the MCP server puts the code in the
# tool error's text.
SV001 = _register("SV001", "error", "missing or wrong bearer token", True)
SV002 = _register("SV002", "error", "no such table, column, job, file or review item", True)
SV003 = _register("SV003", "error", "request does not match the API (bad parameter, body or method)", True)
SV004 = _register("SV004", "error", "request body too large", True)
SV005 = _register("SV005", "error", "job queue full; retry later", True)
SV006 = _register("SV006", "error", "review decision cannot be written to mb.yaml", True)


@dataclass
class Diagnostic:
    code: str
    message: str
    location: str | None = None
    severity: Severity = "error"

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}[{self.code}] {self.message}"

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message, "location": self.location}


@dataclass
class Diagnostics:
    """Collects diagnostics; stages append, the driver decides when to stop."""

    overrides: dict[str, Severity] = field(default_factory=dict)
    items: list[Diagnostic] = field(default_factory=list)

    def report(self, code: Code | str, message: str, location: str | None = None) -> Diagnostic:
        c = REGISTRY[code] if isinstance(code, str) else code
        severity = self.overrides.get(c.code, c.severity)
        d = Diagnostic(c.code, message, location, severity)
        self.items.append(d)
        return d

    def extend(self, others: Iterable[Diagnostic]) -> None:
        self.items.extend(others)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def exit_code(self) -> int:
        errs = self.errors
        if not errs:
            return 0
        return 2 if any(REGISTRY[d.code].input_error for d in errs) else 1

    def render_text(self, min_severity: Severity = "warning") -> str:
        floor = SEVERITY_ORDER[min_severity]
        return "\n".join(d.render() for d in self.items if SEVERITY_ORDER[d.severity] >= floor)

    def render_json(self) -> str:
        return json.dumps([d.as_dict() for d in self.items], indent=2, sort_keys=True)


class InputError(Exception):
    """Raised by a frontend when the input cannot be read at all; carries its diagnostic."""

    def __init__(self, code: Code, message: str, location: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.location = location
