"""`mb explain TABLE.COLUMN`: one column's profile and why each verdict about it was reached.

A library function (explain_column) returns plain data; render_text prints it for people. The
verdicts come from the analysed model (roles, keys, semantic types, sensitivity, relationships)
and from AN007 suggestions, each with the pass rule that produced it and its evidence.
"""

from __future__ import annotations

from typing import Any

from compiler.diagnostics import AN007, Diagnostics
from compiler.disclosure import visible_profile
from ir.provenance import Provenance
from ir.semantic import Dimension, SemanticModel
from ir.snapshot import Snapshot


class NotFound(LookupError):
    pass


def _why(prov: Provenance | None) -> dict[str, Any] | None:
    if prov is None:
        return None
    out: dict[str, Any] = {"origin": prov.origin}
    for k in ("by", "rule", "confidence", "location"):
        if getattr(prov, k) is not None:
            out[k] = getattr(prov, k)
    if prov.evidence:
        out["evidence"] = list(prov.evidence)
    return out


def find_column(snap: Snapshot, ref: str):
    """TABLE.COLUMN or SCHEMA.TABLE.COLUMN; names match exactly first, then case-insensitively."""
    table_part, sep, column = ref.rpartition(".")
    if not sep:
        raise NotFound(f"give TABLE.COLUMN, not {ref!r}")
    for exact in (True, False):
        for t in snap.tables:
            keys = {t.key, t.name} if exact else {t.key.lower(), t.name.lower()}
            if (table_part if exact else table_part.lower()) in keys:
                for c in t.columns:
                    if (c.name == column) if exact else (c.name.lower() == column.lower()):
                        return t, c
    raise NotFound(f"no column {ref!r} in the source")


def explain_column(snap: Snapshot, model: SemanticModel, diags: Diagnostics, ref: str) -> dict[str, Any]:
    table, column = find_column(snap, ref)
    entity = next(e for e in model.entities if e.table.key == table.key)
    field = entity.field_for_column(column.name)
    out: dict[str, Any] = {
        "table": table.key,
        "column": column.name,
        "type": column.type,
        "data_type": column.data_type,
        "nullable": column.nullable,
        "row_count": table.row_count,
        # Counts only for a sensitive column (compiler.disclosure: the path every face takes).
        "profile": visible_profile(column.profile, field),
    }
    if table.profile is not None and table.profile.sample is not None:
        out["sample"] = table.profile.sample.model_dump(mode="json", exclude_none=True)
    if field is not None:
        out["field"] = field.name
        if isinstance(field, Dimension):
            out["role"] = {"value": field.role, "hidden": field.hidden, "why": _why(field.provenance)}
        else:
            out["role"] = {"value": "time", "why": _why(field.provenance)}
        out["semantic_type"] = {"value": field.semantic_type, "why": _why(field.semantic_provenance)}
        out["sensitivity"] = {"value": field.sensitivity, "why": _why(field.sensitivity_provenance)}
        if isinstance(field, Dimension) and field.additivity is not None:
            out["additivity"] = {"value": field.additivity, "why": _why(field.additivity_provenance)}
        if not isinstance(field, Dimension) and field.kind is not None:
            out["time_kind"] = {"value": field.kind, "why": _why(field.kind_provenance)}
    out["table_role"] = {"value": entity.role, "why": _why(entity.role_provenance)}
    if column.name in entity.primary_key:
        out["key"] = {"primary_key": list(entity.primary_key), "kind": entity.key_kind, "why": _why(entity.primary_key_provenance)}
    rels = []
    for r in model.relationships:
        for side, end in (("from", r.from_), ("to", r.to)):
            if end.table_key == table.key and column.name in end.columns:
                rels.append({"side": side, **r.model_dump(mode="json", by_alias=True, exclude_none=True)})
                break
    out["relationships"] = rels
    where = f"{table.key}({column.name})"
    out["suggestions"] = [d.message for d in diags.items if d.code == AN007.code and d.location == where]
    return out


def render_text(info: dict[str, Any]) -> str:
    lines = [f"{info['table']}.{info['column']}  {info['type']} -> {info['data_type']}"
             f"{'' if info['nullable'] else ' not null'}  ({info['row_count'] if info['row_count'] is not None else '?'} rows)"]
    prof = info.get("profile")
    if prof:
        lines.append("profile:")
        for k, v in prof.items():
            if k == "top_values":
                v = ", ".join(f"{tv['value']!r} x{tv['count']}" for tv in v)
            lines.append(f"  {k}: {v}")
        if info.get("sample"):
            lines.append(f"  (on a sample: {info['sample']})")
    else:
        lines.append("profile: none (a DDL or snapshot source without statistics)")
    for what in ("role", "semantic_type", "sensitivity", "additivity", "time_kind", "key", "table_role"):
        item = info.get(what)
        if not item:
            continue
        value = item.get("value", None) if what != "key" else f"{', '.join(item['primary_key'])} ({item.get('kind') or '?'})"
        lines.append(f"{what.replace('_', ' ')}: {value if value is not None else '-'}")
        lines.extend(_why_lines(item.get("why")))
    for r in info.get("relationships", []):
        arrow = f"{r['from']['table']}({', '.join(r['from']['columns'])}) -> {r['to']['table']}({', '.join(r['to']['columns'])})"
        lines.append(f"relationship: {arrow}  {r['cardinality']}  {r['origin']}  confidence {r['confidence']:.2f}")
        lines.extend(f"    - {e}" for e in r.get("evidence", []))
    for s in info.get("suggestions", []):
        lines.append(f"suggestion (not emitted): {s}")
    return "\n".join(lines) + "\n"


def _why_lines(why: dict[str, Any] | None) -> list[str]:
    if not why:
        return []
    head = f"    because: {why['origin']}"
    if why.get("rule"):
        head += f" rule {why.get('by', '')}.{why['rule']}" if why.get("by") else f" rule {why['rule']}"
    if why.get("confidence") is not None:
        head += f" (confidence {why['confidence']:.2f})"
    return [head, *(f"    - {e}" for e in why.get("evidence", []))]
