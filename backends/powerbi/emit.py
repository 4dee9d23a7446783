"""Plan -> the files of a Power BI project semantic model (PBIP layout, TMDL)."""

from __future__ import annotations

import json

from backends.powerbi import build, names
from backends.powerbi.plan import Plan
from backends.powerbi.tmdl_write import render

def folder(model_name: str) -> str:
    return f"{names.file_name(model_name, set())}.SemanticModel"


def render_plan(plan: Plan, options: dict) -> dict[str, str]:
    root = folder(plan.model.name)
    d = f"{root}/definition"
    files = {
        # version 4.0 is the first that reads a TMDL definition folder.
        f"{root}/definition.pbism": json.dumps({"version": "4.0", "settings": {}}, indent=2) + "\n",
        f"{d}/database.tmdl": render(build.database(plan)),
        f"{d}/model.tmdl": render(build.model(plan)),
        f"{d}/expressions.tmdl": render(build.expressions(plan, options)),
    }
    rels = build.relationships(plan)
    if rels:
        files[f"{d}/relationships.tmdl"] = render(rels)
    for t in plan.tables:
        files[f"{d}/tables/{t.file}.tmdl"] = render(build.table(t, plan.model.dialect, plan.model.currency))
    return dict(sorted(files.items()))
