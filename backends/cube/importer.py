"""A Cube model folder people wrote (YAML cubes and views) -> SemanticModel with human provenance.

Cubes become entities (a cube over `sql` instead of `sql_table` a view-kind entity of its name,
reported), dimensions and measures map by type, measure `filters` become one SQL condition,
`number` measures over other measures metrics, joins relationships (in the direction of their
cardinality) and views explores along their join paths. Member references (`{CUBE}.col`,
`{member}`, `{CUBE.member}`) are resolved to the cube's columns. JavaScript models (`cube(...)`
in .js files) and templated YAML are reported as unsupported (CB102); what else does not map is
reported with its file and line (CB103), configuration without semantic meaning once per cube
(CB105).
"""

from __future__ import annotations

import re
from collections import Counter

import sqlglot
from sqlglot.errors import SqlglotError

from backends.cube.codes import CB101, CB102, CB103, CB104, CB105
from backends.cube.cubes import ROW_KEY
from backends.importing import (
    Fields, Reading, at, ident, mark_keys, new_entity, relationship, split_name,
)
from compiler.diagnostics import Diagnostics
from compiler.yamlio import YamlSyntaxError, load_located
from ir.semantic import Dimension, Entity, Explore, Join, Measure, Metric, SemanticModel, TimeDimension

AGGS = {"count": "count", "count_distinct": "count_distinct", "countDistinct": "count_distinct", "sum": "sum", "avg": "avg",
        "min": "min", "max": "max"}
DIM_TYPES = {"string": "string", "number": "decimal", "boolean": "boolean"}
CARDINALITY = {"many_to_one": "many_to_one", "belongs_to": "many_to_one", "belongsTo": "many_to_one",
               "one_to_many": "one_to_many", "has_many": "one_to_many", "hasMany": "one_to_many",
               "one_to_one": "one_to_one", "has_one": "one_to_one", "hasOne": "one_to_one"}
FORMATS = {"currency": "currency", "percent": "percent"}
CONFIG = {"pre_aggregations", "preAggregations", "refresh_key", "refreshKey", "meta", "data_source", "dataSource", "sql_alias",
          "sqlAlias", "folders", "hierarchies", "shown", "calendar", "rewrite_queries"}
_MEMBER = re.compile(r"\$?\{(\w+)(?:\.(\w+))?\}")
_JS = re.compile(r"\b(cube|view)\s*\(")


class _Importer:
    def __init__(self, files: dict[str, str], diags: Diagnostics, dialect: str | None) -> None:
        self.r = Reading("cube", diags, human=True)
        self.dialect = dialect or ""
        self.model = SemanticModel(name="cube", dialect=self.dialect, source="cube")
        self.cubes: list[tuple[str, dict]] = []
        self.views: list[tuple[str, dict]] = []
        self.entities: dict[str, Entity] = {}
        self.fields: dict[str, Fields] = {}
        self.sql: dict[tuple[str, str], str] = {}  # (cube, member) -> its SQL
        self.by_measure: dict[tuple[str, str], Measure] = {}
        self.numbers: list[tuple[str, dict, str]] = []  # (cube, `type: number` measure, where): read last
        self.joins: dict[str, list[tuple[str, list[str], list[str], str, str]]] = {}  # cube -> (target, cols, target cols, card, where)
        self.load(files)

    def load(self, files: dict[str, str]) -> None:
        for path in sorted(files):
            text = files[path]
            if path.endswith((".js", ".ts")) or path.endswith((".jinja", ".j2")) or ("{%" in text and path.endswith((".yml", ".yaml"))):
                if _JS.search(text) or path.endswith((".jinja", ".j2")) or "{%" in text:
                    self.r.report(CB102, "a model written in JavaScript or templated YAML is not supported: only YAML cubes and "
                                         "views are imported", path)
                continue
            if path.rsplit("/", 1)[-1] in ("cube.py", "cube.js"):
                continue
            try:
                doc = load_located(text)
            except YamlSyntaxError as e:
                self.r.report(CB101, f"does not parse: {e.message}", f"{path}:{e.line}" if e.line else path)
                continue
            if not isinstance(doc, dict):
                continue
            self.cubes.extend((path, c) for c in doc.get("cubes") or [] if isinstance(c, dict))
            self.views.extend((path, v) for v in doc.get("views") or [] if isinstance(v, dict))

    # -- cubes -----------------------------------------------------------------------------------

    def merged(self) -> list[tuple[str, dict]]:
        """Cubes with what they `extends` merged in (members by name, the rest replaced)."""
        by_name = {c.get("name"): (p, c) for p, c in self.cubes}
        out = []
        for path, c in self.cubes:
            parent = c.get("extends")
            if parent:
                base = by_name.get(str(parent).strip("{}$ "))
                if base is None:
                    self.r.report(CB104, f"cube {c.get('name')} extends {parent}, which is not defined", at(path, c, "extends"))
                else:
                    merged = {**base[1], **c}
                    for key in ("dimensions", "measures", "joins", "segments"):
                        mine = {m.get("name"): m for m in base[1].get(key) or []}
                        mine.update({m.get("name"): m for m in c.get(key) or []})
                        merged[key] = list(mine.values())
                    c = merged
            out.append((path, c))
        return out

    def cube(self, path: str, c: dict) -> None:
        name = str(c.get("name") or "")
        where = at(path, c)
        if not name or name in self.entities:
            self.r.report(CB104, f"cube {name!r} {'has no name' if not name else 'is defined twice'}; not imported", where)
            return
        table, schema, kind = name, None, "table"
        if c.get("sql_table") or c.get("sqlTable"):
            raw = str(c.get("sql_table") or c.get("sqlTable"))
            parts = split_name(raw) or [raw]
            table, schema = parts[-1], parts[-2] if len(parts) > 1 else None
        else:
            kind = "view"
            self.r.report(CB103, f"cube {name} reads a SQL query; imported as a view named {name} (the IR holds no SQL of its own "
                                 "for an entity)", at(path, c, "sql"))
        entity = new_entity(self.r, name, table, schema, kind=kind, label=self.r.text(c.get("title"), where),
                            description=self.r.text(c.get("description"), where),
                            hidden=c.get("public") is False or c.get("shown") is False)
        self.entities[name], self.fields[name] = entity, Fields(entity)
        for d in c.get("dimensions") or []:
            self.sql[(name, str(d.get("name")))] = str(d.get("sql") if d.get("sql") is not None else d.get("name"))
        for m in c.get("measures") or []:
            if m.get("sql") is not None:
                self.sql[(name, str(m.get("name")))] = str(m["sql"])
        config = Counter(k for k in c if k in CONFIG)
        lost = sorted(k for k in c if k not in CONFIG | {"name", "sql_table", "sqlTable", "sql", "title", "description", "public",
                                                          "dimensions", "measures", "joins", "extends"})
        if config:
            self.r.report(CB105, f"cube {name}: {', '.join(sorted(config))} not imported", where)
        if lost:
            self.r.report(CB103, f"cube {name}: {', '.join(lost)} not imported", where)
        for d in c.get("dimensions") or []:
            self.dimension(path, name, d)
        self.model.entities.append(entity)

    def resolve(self, cube: str, text: str, seen: frozenset = frozenset()) -> str:
        """SQL over the cube's own columns. ValueError for another cube's member or templating."""
        def swap(m: re.Match) -> str:
            first, second = m.group(1), m.group(2)
            if first == "CUBE" and second is None:
                return "\x00CUBE"
            ref_cube, member = (cube, second) if first == "CUBE" else ((first, second) if second else (cube, first))
            if ref_cube != cube:
                raise ValueError(f"it refers to another cube's member {ref_cube}.{member}" if member else f"it refers to cube {ref_cube}")
            if (cube, member) not in self.sql or member in seen:
                raise ValueError(f"it refers to {member}, which is not a dimension of {cube}")
            inner = self.resolve(cube, self.sql[(cube, member)], seen | {member})
            return inner if re.fullmatch(r"[\w\"`\[\].]+", inner) else f"({inner})"

        if "{%" in text or "{{" in text:
            raise ValueError("it uses Jinja templating")
        out = _MEMBER.sub(swap, text)
        return re.sub(r"\x00CUBE\.", "", out).replace("\x00CUBE", "")

    def column_or_expr(self, cube: str, text: str) -> tuple[str | None, str | None]:
        resolved = self.resolve(cube, text).strip()
        parts = split_name(resolved)
        if parts and len(parts) == 1:
            return parts[0], None
        try:
            sqlglot.parse_one(resolved, read=self.dialect or None)
        except SqlglotError as e:
            raise ValueError(f"its SQL does not parse: {str(e).splitlines()[0]}") from None
        return None, resolved

    def dimension(self, path: str, cube: str, d: dict) -> None:
        name, kind = str(d.get("name") or ""), str(d.get("type") or "string")
        where = at(path, d)
        if isinstance(d.get("meta"), dict) and ROW_KEY in d["meta"]:
            return  # mb's stand-in key of a keyless table: no key of the model
        if d.get("case") or d.get("sub_query") or d.get("subQuery"):
            self.r.report(CB103, f"dimension {cube}.{name} ({'case' if d.get('case') else 'sub_query'}) not imported", where)
            return
        if kind not in DIM_TYPES and kind != "time":
            self.r.report(CB103, f"dimension {cube}.{name} of type {kind} not imported", where)
            return
        try:
            column, expr = self.column_or_expr(cube, self.sql[(cube, name)])
        except ValueError as e:
            self.r.report(CB103, f"dimension {cube}.{name} not imported: {e}", where)
            return
        fields = self.fields[cube]
        common = dict(name=fields.claim(name), column=column, expr=expr, hidden=d.get("public") is False or d.get("shown") is False,
                      label=self.r.text(d.get("title"), where), description=self.r.text(d.get("description"), where),
                      provenance=self.r.provenance(where))
        if kind == "time":
            node: Dimension | TimeDimension = TimeDimension(data_type="timestamp", **common)
        else:
            node = Dimension(data_type=DIM_TYPES[kind], primary_key=bool(d.get("primary_key") or d.get("primaryKey")), **common)
        fields.add(name, node)
        if isinstance(node, Dimension) and node.primary_key:
            entity = self.entities[cube]
            cols = [column] if column else self._columns(expr or "")
            entity.primary_key.extend(c for c in cols if c not in entity.primary_key)
            entity.primary_key_provenance = self.r.provenance(where)

    def _columns(self, expr: str) -> list[str]:
        try:
            return [c.name for c in sqlglot.parse_one(expr, read=self.dialect or None).find_all(sqlglot.exp.Column, bfs=False)]
        except SqlglotError:
            return []

    # -- measures --------------------------------------------------------------------------------

    def measures(self, path: str, c: dict) -> None:
        cube = str(c.get("name"))
        if cube not in self.entities:
            return
        numbers = []
        for m in c.get("measures") or []:
            name, kind = str(m.get("name") or ""), str(m.get("type") or "")
            where = at(path, m)
            if kind == "number":
                numbers.append((m, where))
                continue
            if kind not in AGGS:
                self.r.report(CB103, f"measure {cube}.{name} of type {kind} not imported (the IR aggregates count, count_distinct, "
                                     "sum, avg, min and max)", where)
                continue
            if m.get("rolling_window") or m.get("rollingWindow") or m.get("multi_stage"):
                self.r.report(CB103, f"measure {cube}.{name}: a rolling window or multi-stage measure has no place in the IR", where)
                continue
            try:
                column = expr = None
                if m.get("sql") is not None:
                    column, expr = self.column_or_expr(cube, str(m["sql"]))
                conditions = [self.resolve(cube, str(f.get("sql"))) for f in m.get("filters") or [] if isinstance(f, dict)]
            except ValueError as e:
                self.r.report(CB103, f"measure {cube}.{name} not imported: {e}", where)
                continue
            condition = " AND ".join(f"({x})" if len(conditions) > 1 else x for x in conditions) or None
            measure = Measure(
                name=self.fields[cube].names.claim(ident(name, "measure")), agg=AGGS[kind], column=column, expr=expr, filter=condition,
                format=FORMATS.get(str(m.get("format"))), hidden=m.get("public") is False or m.get("shown") is False,
                label=self.r.text(m.get("title"), where), description=self.r.text(m.get("description"), where),
                provenance=self.r.provenance(where))
            self.entities[cube].measures.append(measure)
            self.by_measure[(cube, name)] = measure
        self.numbers.extend((cube, m, where) for m, where in numbers)

    def metric(self, cube: str, m: dict, where: str) -> None:
        text = str(m.get("sql") or "")
        refs = [(a if b else cube, b or a) for a, b in _MEMBER.findall(text) if a != "CUBE" or b]
        refs = [(cube, b) if a == "CUBE" else (a, b) for a, b in refs]
        if not refs or any(r not in self.by_measure for r in refs):
            self.r.report(CB103, f"measure {cube}.{m.get('name')} (type: number) not imported: the IR's metrics combine measures "
                                 "of one cube, and this one refers to other things", where)
            return
        def ref(x: re.Match) -> str:
            owner, name = (cube, x.group(2)) if x.group(1) == "CUBE" else ((x.group(1), x.group(2)) if x.group(2) else (cube, x.group(1)))
            local = self.by_measure[(owner, name)].name
            return local if owner == cube else f"{self.entities[owner].name}.{local}"  # joined by resolve_metrics

        local = _MEMBER.sub(ref, text)
        common = dict(name=self.fields[cube].names.claim(ident(str(m.get("name")), "metric")), entity=self.entities[cube].name,
                      label=self.r.text(m.get("title"), where), description=self.r.text(m.get("description"), where),
                      provenance=self.r.provenance(where))
        ratio = re.fullmatch(r"\s*(?:1\.0\s*\*\s*)?([\w.]+)\s*/\s*(?:NULLIF\(\s*([\w.]+)\s*,\s*0\s*\)|([\w.]+))\s*", local, re.IGNORECASE)
        if ratio:
            self.model.metrics.append(Metric(type="ratio", numerator=ratio.group(1), denominator=ratio.group(2) or ratio.group(3), **common))
        else:
            self.model.metrics.append(Metric(type="derived", expr=local, **common))

    # -- joins and views -------------------------------------------------------------------------

    def join_columns(self, cube: str, target: str, text: str) -> tuple[list[str], list[str]]:
        """The column pairs of a join's `sql` (`{CUBE}.a = {target}.b AND ...`)."""
        src, dst = [], []
        for part in re.split(r"(?i)\s+and\s+", text.strip()):
            sides = part.split("=")
            if len(sides) != 2:
                raise ValueError(f"{part.strip()!r} is not an equality")
            sides = [s.strip().strip("()").strip() for s in sides]
            owners = [self._side(cube, target, s) for s in sides]
            if owners[0][0] == target:
                owners.reverse()
            if owners[0][0] != cube or owners[1][0] != target:
                raise ValueError(f"{part.strip()!r} does not join {cube} to {target}")
            src.append(owners[0][1])
            dst.append(owners[1][1])
        return src, dst

    def _side(self, cube: str, target: str, text: str) -> tuple[str, str]:
        m = re.fullmatch(r"\$?\{(\w+)\}\.(.+)|\$?\{(\w+)\.(\w+)\}", text)
        if not m:
            raise ValueError(f"{text!r} is not a column of either cube")
        if m.group(1):
            owner = cube if m.group(1) == "CUBE" else m.group(1)
            parts = split_name(m.group(2))
            if not parts or len(parts) != 1:
                raise ValueError(f"{text!r} is not a column")
            return owner, parts[0]
        owner = cube if m.group(3) == "CUBE" else m.group(3)
        column, _ = self.column_or_expr(owner, self.sql.get((owner, m.group(4)), m.group(4)))
        if column is None:
            raise ValueError(f"{text!r} is not a column")
        return owner, column

    def cube_joins(self, path: str, c: dict) -> None:
        cube = str(c.get("name"))
        for j in c.get("joins") or []:
            target, where = str(j.get("name") or ""), at(path, j)
            if target not in self.entities or cube not in self.entities:
                self.r.report(CB104, f"join {cube} -> {target}: cube {target} is not defined", where)
                continue
            card = CARDINALITY.get(str(j.get("relationship")))
            try:
                src, dst = self.join_columns(cube, target, str(j.get("sql") or ""))
                if card is None:
                    raise ValueError(f"relationship {j.get('relationship')!r} is not one Cube defines")
            except ValueError as e:
                self.r.report(CB103, f"join {cube} -> {target} not imported: {e}", where)
                continue
            self.joins.setdefault(cube, []).append((target, src, dst, card, where))
            a, b, ca, cb, rc = self.entities[cube], self.entities[target], src, dst, card
            if card == "one_to_many":
                a, b, ca, cb, rc = b, a, cb, ca, "many_to_one"
            key = (a.table.key, tuple(ca), b.table.key, tuple(cb))
            if not any((r.from_.table_key, tuple(r.from_.columns), r.to.table_key, tuple(r.to.columns)) == key for r in self.model.relationships):
                self.model.relationships.append(relationship(a, ca, b, cb, rc, "human", evidence=[f"joined in {where}"]))

    def view(self, path: str, v: dict) -> None:
        name, where = str(v.get("name") or ""), at(path, v)
        paths = [str(c.get("join_path") or c.get("joinPath") or "") for c in v.get("cubes") or [] if isinstance(c, dict)]
        if not paths:
            self.r.report(CB103, f"view {name} lists no cubes by join_path (views of members only are not imported)", where)
            return
        root = self._view_root([p.split(".")[0] for p in paths])
        if root is None:
            self.r.report(CB103, f"view {name}: no cube of its join paths reaches all the others through joins", where)
            return
        joins: list[Join] = []
        reached = {root: root}  # path text -> alias
        for p in paths:
            steps = p.split(".")
            if steps[0] != root:
                steps = [*self._route(root, steps[0]), *steps[1:]]
            for i in range(1, len(steps)):
                key = ".".join(steps[: i + 1])
                if key in reached:
                    continue
                parent, target = reached[".".join(steps[:i])], steps[i]
                parent_cube = steps[i - 1]
                hit = next((j for j in self.joins.get(parent_cube, []) if j[0] == target), None)
                if hit is None:
                    self.r.report(CB104, f"view {name}: {parent_cube} has no join to {target}", where)
                    break
                alias = target if target not in reached.values() else f"{parent}_{target}"
                joins.append(Join(alias=alias, entity=self.entities[target].name, from_alias=parent, from_columns=hit[1],
                                  to_columns=hit[2], cardinality=hit[3]))
                reached[key] = alias
        self.model.explores.append(Explore(name=ident(name, "explore"), root=self.entities[root].name, joins=joins,
                                           label=self.r.text(v.get("title"), where), description=self.r.text(v.get("description"), where),
                                           provenance=self.r.provenance(where)))

    def _route(self, start: str, goal: str) -> list[str]:
        """The cubes from `start` to `goal` along joins (both included), shortest first."""
        paths = {start: [start]}
        queue = [start]
        while queue:
            cube = queue.pop(0)
            for target, *_ in self.joins.get(cube, []):
                if target not in paths:
                    paths[target] = [*paths[cube], target]
                    queue.append(target)
        return paths.get(goal, [])

    def _view_root(self, heads: list[str]) -> str | None:
        """The first join-path head from which every other head is reached through joins."""
        for head in heads:
            if head in self.entities and all(h == head or self._route(head, h) for h in heads):
                return head
        return None

    def run(self) -> SemanticModel:
        cubes = self.merged()
        for path, c in cubes:
            self.cube(path, c)
        for path, c in cubes:
            self.measures(path, c)
        for cube, m, where in self.numbers:
            self.metric(cube, m, where)
        for path, c in cubes:
            self.cube_joins(path, c)
        for path, v in self.views:
            self.view(path, v)
        mark_keys(self.model)
        return self.model


def import_project(files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
    return _Importer(files, diags, dialect).run()


def sniff(files: dict[str, str]) -> int:
    """3 for YAML with `cubes:`, 2 for `views:` or JavaScript cubes, 0 otherwise."""
    best = 0
    for path, text in files.items():
        head = str(text)[:20000]
        if path.endswith((".yml", ".yaml")) and re.search(r"^cubes\s*:", head, re.MULTILINE):
            return 3
        if (path.endswith((".yml", ".yaml")) and re.search(r"^views\s*:", head, re.MULTILINE)) or (path.endswith(".js") and _JS.search(head)):
            best = 2
    return best
