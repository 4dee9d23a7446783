"""Load every YAML file of a Superset bundle folder with Superset's own import schemas
(MetadataSchema, ImportV1DatabaseSchema, ImportV1DatasetSchema). Runs INSIDE a Python that has
apache-superset installed, as a script, never imported by mb:

    python superset_schemas.py FOLDER

Prints one line: MARKER followed by a JSON list of [file, message] errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MARKER = "MB-SUPERSET-SCHEMAS "
# Run as a script, this folder is first on sys.path; mb's modules must not shadow Superset's.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def main(folder: Path) -> int:
    import yaml
    from marshmallow import ValidationError
    from superset.app import create_app

    errors: list[list[str]] = []
    with create_app().app_context():
        from superset.commands.importers.v1.utils import MetadataSchema
        from superset.databases.schemas import ImportV1DatabaseSchema
        from superset.datasets.schemas import ImportV1DatasetSchema

        schemas = {"databases": ImportV1DatabaseSchema(), "datasets": ImportV1DatasetSchema()}
        for path in sorted(folder.rglob("*.yaml")):
            rel = path.relative_to(folder).as_posix()
            try:
                config = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as e:
                errors.append([rel, f"YAML does not parse: {e}"])
                continue
            schema = MetadataSchema() if rel == "metadata.yaml" else schemas.get(rel.split("/")[0])
            if schema is None:
                errors.append([rel, "no Superset import schema for this file"])
                continue
            if isinstance(config, dict) and str(config.get("sqlalchemy_uri", "")).count("XXXXXXXXXX"):
                config["password"] = "mb-validate"  # a masked password is supplied at import
            try:
                schema.load(config)
            except ValidationError as e:
                errors.append([rel, json.dumps(e.messages, sort_keys=True)])
    print(MARKER + json.dumps(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
