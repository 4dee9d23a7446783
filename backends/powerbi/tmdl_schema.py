"""Structural validation of parsed TMDL against Microsoft's TmdlSchema.json.

Walks the Node tree from backends/powerbi/tmdl_parse.py: every object's type must be a root
object or a child object its parent allows, every property one its type declares, values of
the declared scalar type (Bool, Int, Enum members), struct members known, names present where
required, descriptions only where the type has one, and model references (fromColumn,
toColumn, sortByColumn, `ref table`) resolving to objects that exist.

What the schema does not describe is supplemented here, explicitly:
- `database` (database.tmdl) is not in the schema: compatibilityLevel / compatibilityMode only.
- The TMDL keyword `source` of a partition is the schema's Expression (M, calculated) or Query.
- The enum PartitionSourceType (a partition's default property) is not in the schema's enums.
- A calculated column (`column X = <DAX>`) is TOM's CalculatedColumn, which the schema folds
  into Column without its Expression: a Column may carry a default DAX expression.
- `groupByColumn` of relatedColumnDetails is one item of the schema's GroupByColumns collection.
- A column reference without a table (`sortByColumn: Month`) names a column of its own table.
"""

from __future__ import annotations

import json
from pathlib import Path

from backends.powerbi.read import split_ref
from backends.powerbi.tmdl_parse import Node, parse

SCHEMA_PATH = Path(__file__).parent / "schema" / "TmdlSchema.json"
DATABASE = {"compatibilitylevel": "Int", "compatibilitymode": ("unknown", "analysisservices", "powerbi")}
ALIASES = {("Partition", "source"): "Expression", ("RelatedColumnDetails", "groupByColumn"): "GroupByColumns"}
PARTITION_SOURCE_TYPES = {"m", "calculated", "query", "entity", "policyrange", "calculationgroup", "parameter", "inferred"}


class Validator:
    def __init__(self, schema: dict | None = None):
        self.schema = schema or json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        self.types = {k.casefold(): k for k in self.schema["objectTypes"]}
        self.enums = {k: {v.casefold() for v in vals} for k, vals in self.schema["enums"].items()}
        self.errors: list[str] = []
        self.columns: set[tuple[str, str]] = set()
        self.tables: set[str] = set()
        self.references: list[tuple[str, str, str]] = []  # (where, kind, target)
        self.table: str | None = None  # the table being walked (unqualified column references)

    def _err(self, where: str, node: Node, message: str) -> None:
        self.errors.append(f"{where}:{node.line}: {message}")

    def validate_files(self, files: dict[str, str]) -> list[str]:
        return self.validate_parsed({p: parse(t) for p, t in sorted(files.items()) if p.endswith(".tmdl")})

    def validate_parsed(self, parsed: dict[str, list]) -> list[str]:
        """The same check over files already parsed (path -> top-level nodes), in path order."""
        parsed = dict(sorted(parsed.items()))
        for nodes in parsed.values():  # collect targets first: references cross files
            for n in nodes:
                if n.kind == "table" and not n.ref:
                    self.tables.add(n.name.casefold())
                    self.columns |= {(n.name.casefold(), c.name.casefold()) for c in n.objects("column")}
        for path, nodes in parsed.items():
            for n in nodes:
                self._root(path, n)
        for where, kind, target in self.references:
            if kind == "Column":
                table, column = split_ref(target)
                if not column:  # unqualified: `where` carries the owning table after a '#'
                    where, table, column = where.split("#")[0], where.split("#")[1], target.strip("'").replace("''", "'")
                if (table.casefold(), column.casefold()) not in self.columns:
                    self.errors.append(f"{where}: reference {target!r} names no column")
            elif kind == "Table" and target.casefold() not in self.tables:
                self.errors.append(f"{where}: reference to table {target!r} names no table")
        return self.errors

    def _root(self, path: str, n: Node) -> None:
        if n.kind == "database":
            for c in n.children:
                rule = DATABASE.get(c.kind.casefold())
                if rule is None:
                    self._err(path, c, f"database has no property {c.kind!r}")
                elif rule == "Int" and not (c.value or "").lstrip("-").isdigit():
                    self._err(path, c, f"{c.kind} must be an integer")
                elif isinstance(rule, tuple) and (c.value or "").casefold() not in rule:
                    self._err(path, c, f"{c.kind} {c.value!r} is not one of {rule}")
            return
        type_name = self.types.get(n.kind.casefold())
        if n.ref:
            if type_name not in self.schema["objectTypes"]["Model"].get("childObjects", []):
                self._err(path, n, f"`ref {n.kind}` is not a child object of Model")
            elif type_name == "Table":
                self.references.append((f"{path}:{n.line}", "Table", n.name or ""))
            return
        if type_name not in self.schema["rootObjects"]:
            self._err(path, n, f"{n.kind!r} is not a root object type")
            return
        self._object(path, n, type_name)

    def _object(self, path: str, n: Node, type_name: str) -> None:
        spec = self.schema["objectTypes"][type_name]
        if type_name == "Table":
            self.table = n.name
        if spec.get("requiresName") and not n.name:
            self._err(path, n, f"{type_name} needs a name")
        if n.doc and not spec.get("hasDescription"):
            self._err(path, n, f"{type_name} has no description")
        if n.value is not None:
            default = spec.get("defaultProperty")
            if type_name == "Column":
                pass  # a calculated column's DAX (see the module docstring)
            elif default is None:
                self._err(path, n, f"{type_name} has no default property for `= {n.value[:30]}`")
            elif type_name == "Partition":
                if n.value.casefold() not in PARTITION_SOURCE_TYPES:
                    self._err(path, n, f"partition source type {n.value!r} is unknown")
            else:
                self._value(path, n, default, n.value)
        props = {p["name"].casefold(): p for p in spec.get("properties", [])}
        children = {c.casefold(): c for c in spec.get("childObjects", [])}
        for c in n.children:
            key = ALIASES.get((type_name, c.kind), c.kind).casefold()
            if c.name is None and key in props:
                self._property(path, c, props[key])
            elif key in children or key in self.types and self.types[key] in spec.get("childObjects", []):
                self._object(path, c, self.types[key])
            else:
                self._err(path, c, f"{type_name} has no property or child object {c.kind!r}")

    def _property(self, path: str, c: Node, p: dict) -> None:
        kind = p["type"]
        if kind == "Collection":
            return
        if kind == "Struct":
            members = {m["name"].casefold(): m for m in p.get("children", [])}
            for m in c.children:
                if m.kind.casefold() not in members:
                    self._err(path, m, f"{p['name']} has no member {m.kind!r}")
                else:
                    self._property(path, m, members[m.kind.casefold()])
            return
        if kind == "MetadataObject":
            self._object(path, c, p["metadataObjectType"])
            return
        if c.children:
            self._err(path, c, f"property {p['name']} cannot have children")
        if kind == "ModelReference":
            self.references.append((f"{path}:{c.line}#{self.table or ''}", p["metadataObjectType"], c.value or ""))
            return
        self._value(path, c, p, c.value)

    def _value(self, path: str, c: Node, p: dict, value: str | None) -> None:
        if p["type"] != "Scalar":
            return
        vt = p.get("scalarValueType")
        if vt == "Bool" and value not in (None, "true", "false"):
            self._err(path, c, f"{p['name']} must be true or false, not {value!r}")
        elif vt == "Int" and not (value or "").lstrip("-").isdigit():
            self._err(path, c, f"{p['name']} must be an integer, not {value!r}")
        elif vt == "Enum":
            allowed = self.enums.get(p.get("enumType", ""))
            if allowed is not None and (value or "").casefold() not in allowed:
                self._err(path, c, f"{p['name']} {value!r} is not a {p['enumType']} value")
        elif vt != "Bool" and value is None:
            self._err(path, c, f"{p['name']} needs a value")


def validate(files: dict[str, str]) -> list[str]:
    return Validator().validate_files(files)
