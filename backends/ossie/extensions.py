"""What Ossie has no field for travels in a `custom_extensions` entry of vendor COMMON (the one
vendor name both 0.1.1 and 0.2 accept), as a JSON object with sorted keys:

- semantic model: `dialect`, `source`, `database` (what expressions are re-read in);
- dataset: `label`, `hidden`, `kind` (view, materialized_view), `role` (fact, dimension, ...),
  `time_dimension` (the field measures are aggregated over: its time axis), `row_filters` (the
  soft-delete marks its `source` query leaves out: column, kind, deleted_value);
- field: `data_type` (the IR type; in 0.2 only where `datatype` cannot say it), `hidden`,
  `semantic_type`, `sensitivity`, `accepted_values`, `column` (the source column an expression
  field reads: a number kept as text, read through its cast, is still that column's);
- metric made from a measure: `dataset`, `measure` (its name there), `label`, `hidden`, `format`,
  `non_additive_dimension` (semi-additive: the latest value over that time field);
- metric: `type`, `entity` and its `measure` / `numerator` + `denominator` / `expr` by name, `label`;
- relationship: `cardinality` (Ossie has none: `from` is the many side), `origin`, `confidence`,
  `role` (the name joins along it take).

Other tools keep what they do not understand; mb's reader applies these keys and reports every
other extension it meets as not imported.
"""

from __future__ import annotations

import json
from typing import Any

VENDOR = "COMMON"


def put(obj: dict[str, Any], data: dict[str, Any]) -> None:
    """Attach `data` (entries that are None or False are left out) as obj's COMMON extension."""
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    if data:
        obj["custom_extensions"] = [{"vendor_name": VENDOR, "data": json.dumps(data, sort_keys=True, ensure_ascii=False)}]


def take(obj: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """(the COMMON data, [(index, vendor) of every other extension or unreadable one])."""
    mine: dict[str, Any] = {}
    others: list[tuple[int, str]] = []
    for i, ext in enumerate(obj.get("custom_extensions") or []):
        vendor = ext.get("vendor_name") if isinstance(ext, dict) else None
        data = None
        if vendor == VENDOR:
            try:
                data = json.loads(ext.get("data") or "{}")
            except (TypeError, ValueError):
                data = None
        if isinstance(data, dict):
            mine.update(data)
        else:
            others.append((i, str(vendor)))
    return mine, others
