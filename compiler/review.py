"""The review queue: machine facts waiting for a person's decision, and the decisions, written to
mb.yaml `overrides:` so the next compile keeps them (with `human` provenance).

In the queue:
- inferred relationships (joined, above the confidence threshold, or joined on an LLM's verdict)
  and suggested ones (below it, reported as AN007 and not joined);
- labels and descriptions written by the LLM, on tables and columns.

Accepting a relationship adds it under `overrides.relationships.add` (a suggestion becomes a
join); rejecting one adds it under `remove`. Accepting a text copies it into the table's or
column's override; rejecting it sets `llm: false` there, so the model's text is not used. Either
way the item leaves the queue: the fact is now a person's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap

from compiler.explain import NotFound
from compiler.overrides_file import child, child_list, edit_overrides, flow_list, flow_map
from ir.provenance import Text
from ir.semantic import Relationship, SemanticModel

Decision = Literal["accept", "reject"]


def _id(prefix: str, *parts: str) -> str:
    return f"{prefix}-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def _end(end) -> dict[str, Any]:
    return {"table": end.table_key, "columns": list(end.columns)}


def _relationship_item(r: Relationship, status: str) -> dict[str, Any]:
    src, dst = _end(r.from_), _end(r.to)
    return {
        "id": _id("rel", src["table"], *src["columns"], "->", dst["table"], *dst["columns"]),
        "kind": "relationship", "status": status,
        "from": src, "to": dst, "cardinality": r.cardinality, "confidence": r.confidence, "evidence": list(r.evidence),
        "summary": f"{src['table']}({', '.join(src['columns'])}) -> {dst['table']}({', '.join(dst['columns'])})",
    }


def _text_item(table: str, column: str | None, what: str, text: Text) -> dict[str, Any]:
    return {
        "id": _id("txt", table, column or "", what), "kind": "text", "status": "llm",
        "table": table, "column": column, "what": what, "value": text.value, "by": text.provenance.by,
        "summary": f"{what} of {table}{'.' + column if column else ''}",
    }


def _llm(t: Text | None) -> bool:
    return t is not None and t.provenance.origin == "llm"


def review_items(model: SemanticModel) -> list[dict[str, Any]]:
    """Everything waiting for a decision, relationships first (suggested, then inferred)."""
    items = [_relationship_item(r, "suggested") for r in getattr(model, "suggested_relationships", [])]
    items += [_relationship_item(r, "joined") for r in model.relationships if r.origin in ("inferred", "llm")]
    for e in model.entities:
        key = e.table.key
        for what in ("label", "description"):
            if _llm(getattr(e, what)):
                items.append(_text_item(key, None, what, getattr(e, what)))
        for f in [*e.dimensions, *e.time_dimensions]:
            if f.column is None:
                continue
            for what in ("label", "description"):
                if _llm(getattr(f, what)):
                    items.append(_text_item(key, f.column, what, getattr(f, what)))
    return items


def _relationship_entry(item: dict[str, Any]) -> CommentedMap:
    entry = CommentedMap()
    entry["from"] = flow_map(table=item["from"]["table"], columns=flow_list(item["from"]["columns"]))
    entry["to"] = flow_map(table=item["to"]["table"], columns=flow_list(item["to"]["columns"]))
    entry["cardinality"] = item["cardinality"]
    return entry


def decide(config_path: Path, model: SemanticModel, item_id: str, decision: Decision) -> dict[str, Any]:
    """Write the decision on one queue item into the overrides of `config_path` (created when
    missing). Raises NotFound for an id not in the queue, OverrideWriteError when the file cannot
    be edited."""
    item = next((i for i in review_items(model) if i["id"] == item_id), None)
    if item is None:
        raise NotFound(f"no review item {item_id!r} (decided already, or the model changed)")

    if item["kind"] == "relationship":
        section = "add" if decision == "accept" else "remove"

        def change(ov: CommentedMap) -> None:
            child_list(child(ov, "relationships"), section).append(_relationship_entry(item))

        written = {"relationships": {section: [{"from": item["from"], "to": item["to"], "cardinality": item["cardinality"]}]}}
    else:
        table, column = item["table"], item["column"]
        setting: dict[str, Any] = {item["what"]: item["value"]} if decision == "accept" else {"llm": False}

        def change(ov: CommentedMap) -> None:
            target = child(child(ov, "tables"), table)
            if column is not None:
                target = child(child(target, "columns"), column)
            for k, v in setting.items():
                target[k] = v

        where: dict[str, Any] = setting if column is None else {"columns": {column: setting}}
        written = {"tables": {table: where}}
    edit_overrides(config_path, change)
    return {"id": item_id, "decision": decision, "item": item, "file": config_path.name, "overrides": written}
