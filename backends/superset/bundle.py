"""The whole import bundle: metadata.yaml, the database, the datasets, and the same files zipped.

Layout (paths relative to the target folder):

    metadata.yaml                      version 1.0.0, type SqlaTable, a fixed timestamp
    databases/<database>.yaml          the connection, password masked
    datasets/<database>/<table>.yaml   one physical dataset per entity
    datasets/<database>/<explore>_explore.yaml   one virtual dataset per explore
    <model>.zip                        the files above under one root folder, for
                                       `superset import-datasources -p` or the import API
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import ArgumentError

from backends.base import Files
from backends.superset import archive, database, names, plan as _plan, render, virtual
from compiler.diagnostics import Diagnostics
from backends.superset.codes import SS001, SS003, SS005
from ir.semantic import SemanticModel

# Superset's metadata schema wants a timestamp; a fixed one keeps the output byte-identical.
# It is the zip format's own epoch, which the zip's entries carry too.
TIMESTAMP = "1980-01-01T00:00:00+00:00"
DIALECT_MARK = "mb-dialect: "


@dataclass
class Bundle:
    files: Files  # the YAML files as text, the zip as bytes
    expected: SemanticModel


def build(model: SemanticModel, options: dict[str, Any], diags: Diagnostics) -> Bundle:
    dialect = model.dialect
    db_name = str(options.get("database_name") or model.name)
    db_uuid = names.database_uuid(db_name)
    db_dir = names.file_part(db_name)
    db_file = f"databases/{db_dir}.yaml"
    files: dict[str, str] = {
        "metadata.yaml": render.dump(
            {"version": names.EXPORT_VERSION, "type": "SqlaTable", "timestamp": TIMESTAMP},
            ["Written by mb. The timestamp is fixed so that the same model gives the same bytes."],
        ),
        db_file: _database(model, options, db_name, db_uuid, db_file, diags),
    }

    dataset_names = _plan.dataset_names(model.entities)
    taken_files = names.Taken()
    plans: dict[str, _plan.Physical] = {}
    for e in model.entities:
        file = names.unique(names.file_part(dataset_names[e.name]), taken_files)
        taken_files.add(file)
        plans[e.name] = _plan.plan_entity(e, dataset_names[e.name], file, db_name, dialect, diags, model.currency)
    expected_metrics = _plan.plan_metrics(model, plans, diags)
    for p in plans.values():
        files[f"datasets/{db_dir}/{p.file}.yaml"] = render.dump(p.dataset_body(db_name, db_uuid))

    taken_tables = names.Taken(e.table.name for e in model.entities)
    placed: set[tuple[str, str]] = set()  # (entity, measure) filtered on a parent, a metric of some explore
    explores = []
    for x in model.explores:
        table_name = names.unique(f"{x.name}{names.VIRTUAL_SUFFIX}", taken_tables)
        v = virtual.plan_explore(x, plans, table_name, dialect, diags)
        if v is None:
            continue
        taken_tables.add(table_name)
        root = plans[x.root]
        file = names.unique(names.file_part(table_name), taken_files)
        taken_files.add(file)
        body = root.dataset_body(db_name, db_uuid) | {
            "table_name": table_name,
            "description": _plan.text(x.description),
            "sql": v.sql,
            "main_dttm_col": v.main_dttm_col,
            "uuid": names.dataset_uuid(db_name, root.entity.table.schema_, table_name),
            "columns": v.columns,
        }
        body["metrics"] = [*body["metrics"], *_plan.joined_metrics(root, v.parent_columns, dialect, placed)]
        files[f"datasets/{db_dir}/{file}.yaml"] = render.dump(body)
        # The reader knows an explore by its virtual dataset's name, less the suffix.
        explores.append(v.expected.model_copy(update={"name": names.explore_name(table_name)}))
        if _plan.text(x.label):
            root.lost.append(f"label of explore {x.name}")

    for p in plans.values():
        left = [m.name for m in p.joined if (p.entity.name, m.name) not in placed]
        if left:
            parents = sorted({f"{m.joined_filter.entity}.{m.joined_filter.dimension}" for m in p.joined if m.name in left})  # type: ignore[union-attr]
            diags.report(SS001, f"measures {', '.join(left)} left out: each is filtered on {', '.join(parents)}, which no "
                         "explore's virtual dataset joins from this one", p.entity.name)
    lost = [item for p in plans.values() for item in p.lost]
    if lost:
        shown = "; ".join(lost[:8]) + (f"; and {len(lost) - 8} more" if len(lost) > 8 else "")
        diags.report(SS005, f"Superset datasets have no place for {len(lost)} facts: {shown}", "superset")

    out: Files = dict(files)
    if options.get("zip", True):
        root_dir = names.file_part(model.name)
        # Superset wants the files under one root folder; sorted, so the order never varies.
        out[f"{root_dir}.zip"] = archive.build([(f"{root_dir}/{path}", text.encode("utf-8")) for path, text in sorted(files.items())])

    expected = SemanticModel(
        name=model.name,
        dialect=dialect,
        entities=[p.expected for p in plans.values() if p.expected is not None],
        explores=explores,
        metrics=expected_metrics,
    )
    return Bundle(out, expected)


def _database(model: SemanticModel, options: dict[str, Any], name: str, uuid: str, file: str, diags: Diagnostics) -> str:
    given = options.get("sqlalchemy_uri")
    try:
        uri = database.mask(str(given)) if given else database.from_source(model.source, model.dialect)
    except (ArgumentError, ValueError):
        diags.report(SS003, "superset.sqlalchemy_uri in mb.yaml is not a database URL", f"superset:{file}")
        uri = None
    if uri is None:
        uri = database.placeholder(model.dialect, model.database or model.name)
        diags.report(SS003, f"no superset.sqlalchemy_uri in mb.yaml and no database URL or file in the source: "
                            f"the database URI is the placeholder {uri}", f"superset:{file}")
    body = {
        "database_name": name,
        "sqlalchemy_uri": uri,
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_csv_upload": False,
        "extra": {"allows_virtual_table_explore": True},
        "uuid": uuid,
        "version": names.EXPORT_VERSION,
    }
    header = [*database.password_note(file), "", f"{DIALECT_MARK}{model.dialect}"]
    return render.dump(body, header)
