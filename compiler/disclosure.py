"""What may be shown of a column's data: the one path every face takes before it shows a profile
(`mb explain`, describe_table, the REST API, the MCP server and the web explorer).

The profiler already leaves sample values out of the snapshot for columns it judged sensitive
(`profile.redacted`). A face also withholds them for columns the analysis classified as
sensitive (a `sensitivity` tag on the field), since a snapshot may come from an older run, a
hand edit or another tool. Withheld columns show counts only. The list of counts is an allow
list: a statistic added to ColumnProfile later stays hidden for sensitive columns until it is
named here.
"""

from __future__ import annotations

from typing import Any

from ir.catalog import ColumnProfile
from ir.snapshot import Snapshot

COUNTS = ("null_count", "distinct_count", "distinct_exact", "distinct_source")


def withheld(profile: ColumnProfile | None, field: Any = None) -> bool:
    """True when the column's values must not be shown."""
    return bool((profile is not None and profile.redacted) or getattr(field, "sensitivity", None))


def visible_profile(profile: ColumnProfile | None, field: Any = None) -> dict[str, Any] | None:
    """The profile as plain data, with values left out when the column is sensitive."""
    if profile is None:
        return None
    data = profile.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if withheld(profile, field):
        data = {k: v for k, v in data.items() if k in COUNTS}
        data["redacted"] = True
    return data


def visible_snapshot(snap: Snapshot, sensitive: dict[str, set[str]]) -> Snapshot:
    """A copy of `snap` whose sensitive columns (table key -> column names, plus any the profiler
    redacted) carry counts only."""
    out = snap.model_copy(deep=True)
    for table in out.tables:
        names = sensitive.get(table.key, set())
        for col in table.columns:
            p = col.profile
            if p is not None and (p.redacted or col.name in names):
                col.profile = ColumnProfile.model_validate({k: getattr(p, k) for k in COUNTS} | {"redacted": True})
    return out
