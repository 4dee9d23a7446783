"""Where a fact came from. A human fact is never overwritten by a machine fact."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import ConfigDict, Field

from ir.base import IRModel

Origin = Literal["declared", "inferred", "llm", "human"]

# Higher wins when two facts compete for the same slot.
ORIGIN_RANK: dict[str, int] = {"inferred": 0, "llm": 1, "declared": 2, "human": 3}


class Provenance(IRModel):
    # Frozen so one instance can stand behind thousands of facts from the same rule.
    model_config = ConfigDict(frozen=True)

    origin: Origin
    by: str | None = Field(default=None, description="The pass (inferred), model (llm) or file (human) that produced the fact.")
    rule: str | None = Field(default=None, description="The rule inside the pass that fired.")
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    evidence: tuple[str, ...] = Field(default=(), description="Human-readable reasons, most important first.")
    prompt_hash: str | None = None
    location: str | None = Field(default=None, description="file:line for human facts.")

    # Both factories hand out shared instances (see _declared, _inferred): a pass that states the
    # same fact for 20,000 columns allocates one object, not 20,000 (less to build, less for the
    # garbage collector to walk). Safe because instances are frozen.
    @classmethod
    def declared(cls, by: str | None = None) -> "Provenance":
        return _declared(by)

    @classmethod
    def inferred(cls, by: str, rule: str, confidence: float = 1.0, evidence: list[str] | tuple[str, ...] | None = None) -> "Provenance":
        return _inferred(by, rule, round(confidence, 4), tuple(evidence) if evidence else ())

    def outranks(self, other: "Provenance | None") -> bool:
        """True when this fact may replace `other` (equal rank replaces: later passes refine)."""
        if other is None:
            return True
        return ORIGIN_RANK[self.origin] >= ORIGIN_RANK[other.origin]


@lru_cache(maxsize=4096)
def _declared(by: str | None) -> Provenance:
    return Provenance(origin="declared", by=by)


@lru_cache(maxsize=4096)
def _inferred(by: str, rule: str, confidence: float, evidence: tuple[str, ...]) -> Provenance:
    return Provenance(origin="inferred", by=by, rule=rule, confidence=confidence, evidence=evidence)


class Text(IRModel):
    """A piece of prose (label, description) and where it came from."""

    # Frozen like Provenance: Text.inferred shares one instance among the fields that get the
    # same generated label ("Count", "City"), so an edit must replace a Text, never mutate it.
    model_config = ConfigDict(frozen=True)

    value: str
    provenance: Provenance

    @classmethod
    def declared(cls, value: str) -> "Text":
        return cls(value=value, provenance=_declared(None))

    @classmethod
    def inferred(cls, value: str, by: str, rule: str) -> "Text":
        return _inferred_text(value, by, rule)


@lru_cache(maxsize=1 << 16)
def _inferred_text(value: str, by: str, rule: str) -> Text:
    return Text(value=value, provenance=_inferred(by, rule, 1.0, ()))
