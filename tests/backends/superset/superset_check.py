"""Validate a Superset bundle with Superset itself. Runs INSIDE the validator's virtual
environment (tests/backends/superset/superset_env.py), never in ours:

    python superset_check.py BUNDLE_DIR ZIP [--password FILE=PASSWORD ...] [--import]

Every YAML file of the folder is loaded with Superset's own import schema for its kind
(MetadataSchema, ImportV1DatabaseSchema, ImportV1DatasetSchema); then the zip is read the way
`superset import-datasources` reads it and ImportDatasetsCommand.validate() runs on its contents
against the metadata database of SUPERSET_CONFIG_PATH; with --import the command runs too.
Prints one line, MARKER followed by a JSON object: {"errors": [...], "checked": [...], "imported": {"first": ..., "second": ...}}.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

MARKER = "MB-SUPERSET-RESULT "


def main(argv: list[str]) -> int:
    folder, archive = Path(argv[0]), Path(argv[1])
    passwords = dict(a.split("=", 1) for a in _values(argv, "--password"))
    do_import = "--import" in argv

    import yaml
    from marshmallow import ValidationError
    from superset.app import create_app

    app = create_app()
    out: dict = {"errors": [], "checked": [], "imported": {}, "password_required": []}
    with app.app_context():
        from superset.commands.dataset.importers.v1 import ImportDatasetsCommand
        from superset.commands.exceptions import CommandInvalidError
        from superset.commands.importers.v1.utils import MetadataSchema, get_contents_from_bundle
        from superset.databases.schemas import ImportV1DatabaseSchema
        from superset.datasets.schemas import ImportV1DatasetSchema

        schemas = {"databases": ImportV1DatabaseSchema(), "datasets": ImportV1DatasetSchema()}
        for path in sorted(folder.rglob("*.yaml")):
            rel = path.relative_to(folder).as_posix()
            config = yaml.safe_load(path.read_text(encoding="utf-8"))
            schema = MetadataSchema() if rel == "metadata.yaml" else schemas.get(rel.split("/")[0])
            if schema is None:
                out["errors"].append(f"{rel}: no Superset schema for this file")
                continue
            if rel in passwords:
                # The bundle masks the password: Superset must refuse it without one...
                try:
                    schema.load(dict(config))
                except ValidationError as e:
                    if "password" in json.dumps(e.messages).lower():
                        out["password_required"].append(rel)
                # ...and accept it once the importer supplies it.
                config["password"] = passwords[rel]
            try:
                schema.load(config)
                out["checked"].append(rel)
            except ValidationError as e:
                out["errors"].append(f"{rel}: {e.messages}")

        with zipfile.ZipFile(archive) as bundle:
            contents = get_contents_from_bundle(bundle)
        folder_files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml"))
        if sorted(contents) != folder_files:
            out["errors"].append(f"zip holds {sorted(contents)}, folder holds {folder_files}")
        command = ImportDatasetsCommand(contents, passwords=passwords, overwrite=True)
        try:
            command.validate()
            out["checked"].append("ImportDatasetsCommand.validate")
            if do_import:
                # Twice: the second import must update the first one's rows, not add copies.
                for round_ in ("first", "second"):
                    _import(command)
                    out["imported"][round_] = _imported()
        except CommandInvalidError as e:
            out["errors"].append(f"ImportDatasetsCommand: {e.normalized_messages()}")
        except Exception as e:  # the import itself failing is a finding, not a crash
            out["errors"].append(f"ImportDatasetsCommand.run: {type(e).__name__}: {e} {getattr(e, '__cause__', '')}")
    # Superset prints to stdout while it loads; the result is the one line after this marker.
    print(MARKER + json.dumps(out, sort_keys=True))
    return 0


def _import(command) -> None:
    """What ImportDatasetsCommand._import does, with permission checks off (as Superset's own
    example loader imports): the scratch metadata database has no users to check against."""
    from superset import db
    from superset.commands.database.importers.v1.utils import import_database
    from superset.commands.dataset.importers.v1.utils import import_dataset

    command.validate()
    configs = command._configs
    ids = {}
    for name, config in configs.items():
        if name.startswith("databases/"):
            ids[config["uuid"]] = import_database(config, overwrite=True, ignore_permissions=True).id
    for name, config in configs.items():
        if name.startswith("datasets/"):
            import_dataset(dict(config, database_id=ids[config["database_uuid"]]), overwrite=True, ignore_permissions=True)
    db.session.commit()


def _imported() -> dict:
    from superset import db
    from superset.connectors.sqla.models import SqlaTable
    from superset.models.core import Database

    return {
        "databases": sorted(str(d.uuid) for d in db.session.query(Database).all() if d.database_name != "examples"),
        "datasets": sorted(
            (
                {"uuid": str(t.uuid), "table_name": t.table_name, "columns": len(t.columns), "metrics": len(t.metrics), "virtual": bool(t.sql)}
                for t in db.session.query(SqlaTable).all()
            ),
            key=lambda d: d["table_name"],
        ),
    }


def _values(argv: list[str], flag: str) -> list[str]:
    return [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == flag]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
