"""A Power BI semantic model people wrote (a TMDL folder, or the `definition/` of a PBIP
project) -> SemanticModel with human provenance.

Tables become entities (read from the table their Power Query partition navigates to, when it is
one of the plain shapes; otherwise from a table of the Power BI table's name, reported), columns
dimensions (datetime columns time dimensions), relationships relationships. DAX measures that are
one aggregation of one table's columns become measures (`SUM('T'[C])`, `COUNTROWS('T')`,
`SUMX('T', 'T'[a] * 'T'[b])`, `CALCULATE(<that>, 'T'[C] = "x")` with the filter as SQL);
`DIVIDE([a], [b])` and arithmetic over measures become metrics. Calculated tables and columns,
calculation groups, time intelligence and other DAX, roles and perspectives have no place in the
IR and are reported with their file and line (PB102); format strings, folders, hierarchies and
annotations once per table (PB103).
"""

from __future__ import annotations

from collections import Counter

from lark import Token, Tree

from backends.importing import Fields, Reading, ident, mark_keys, new_entity, relationship
from backends.powerbi import columns as cols
from backends.powerbi.codes import PB101, PB102, PB103, PB104
from backends.powerbi.dax_parse import AGGREGATIONS, DaxSyntaxError, bracket_name, call_args, call_name, parse as parse_dax, table_name
from backends.powerbi.read import source_table, split_ref
from backends.powerbi.tmdl_parse import Node, TmdlSyntaxError, parse as parse_tmdl
from compiler.diagnostics import Diagnostics
from ir.semantic import Dimension, Entity, Measure, Metric, SemanticModel, TimeDimension

PRESENTATION = {"formatString", "displayFolder", "lineageTag", "summarizeBy", "isAvailableInMdx", "isDefaultLabel", "isDefaultImage",
                "sortByColumn", "dataCategory", "annotation", "changedProperty", "sourceLineageTag", "isNameInferred", "isDataTypeInferred",
                "hierarchy", "variation", "extendedProperty", "showAsVariationsOnly", "isPrivate", "excludeFromModelRefresh"}


class _Unsupported(ValueError):
    pass


class _Importer:
    def __init__(self, files: dict[str, str], diags: Diagnostics, dialect: str | None) -> None:
        self.r = Reading("powerbi", diags, human=True)
        self.dialect = dialect or ""
        self.docs: dict[str, list[Node]] = {}
        for path in sorted(files):
            if path.endswith(".tmdl"):
                try:
                    self.docs[path] = parse_tmdl(files[path])
                except TmdlSyntaxError as e:
                    self.r.report(PB101, f"does not parse: {e}", f"{path}:{e.line}")
        name = next((n.name for nodes in self.docs.values() for n in nodes if n.kind == "database" and n.name), None)
        self.model = SemanticModel(name=ident(name or "powerbi", "model"), dialect=self.dialect, source="powerbi")
        self.entities: dict[str, Entity] = {}  # Power BI table name -> entity
        self.fields: dict[str, Fields] = {}
        self.columns: dict[tuple[str, str], str] = {}  # (table, column display name) -> source column
        self.measures: dict[str, tuple[str, Measure]] = {}  # measure name -> (table, measure)

    # -- tables ----------------------------------------------------------------------------------

    def table(self, path: str, t: Node) -> None:
        where = f"{path}:{t.line}"
        partitions = t.objects("partition")
        if t.objects("calculationGroup") or any(c.kind == "calculationGroup" for c in t.children):
            self.r.report(PB102, f"table {t.name} is a calculation group (DAX applied to other measures); not imported", where)
            return
        source = partitions[0].prop("source") if partitions else None
        if partitions and (partitions[0].value or "").strip().lower() == "calculated":
            self.r.report(PB102, f"table {t.name} is a calculated table (DAX); not imported", where)
            return
        ref = source_table(source or "", self.dialect) if source else None
        if ref is None:
            self.r.report(PB102, f"table {t.name}: its Power Query source is not a plain read of one table; imported as a table named "
                                 f"{t.name}", f"{path}:{partitions[0].line}" if partitions else where)
        entity = new_entity(self.r, t.name or "table", ref.name if ref else (t.name or "table"), ref.schema_ if ref else None,
                            description=self.r.text(t.doc, where), hidden=t.prop("isHidden") is not None)
        if entity.name != t.name:
            entity.label = self.r.text(t.name, where)
        self.entities[t.name or ""] = entity
        self.fields[t.name or ""] = Fields(entity)
        shown: Counter[str] = Counter()
        for c in t.children:
            if c.kind in PRESENTATION or c.kind == "hierarchy":
                shown[c.kind] += 1
        for c in t.objects("column"):
            self.column(path, t, c, shown)
        if shown:
            self.r.report(PB103, f"table {t.name}: presentation settings not imported: "
                                 + ", ".join(f"{k} ({n})" for k, n in sorted(shown.items())), where)
        self.model.entities.append(entity)

    def column(self, path: str, t: Node, c: Node, shown: Counter) -> None:
        where = f"{path}:{c.line}"
        if c.is_expr or c.prop("sourceColumn") is None:
            self.r.report(PB102, f"column {t.name}[{c.name}] is a calculated column (DAX); not imported", where)
            return
        for p in c.children:
            if p.kind in PRESENTATION:
                shown[p.kind] += 1
        source = c.prop("sourceColumn") or c.name or ""
        fields = self.fields[t.name or ""]
        label = self.r.text(c.name, where) if ident(c.name or "", "field") != c.name else None
        common = dict(name=fields.claim(c.name or source), column=source, label=label, description=self.r.text(c.doc, where),
                      hidden=c.prop("isHidden") is not None, provenance=self.r.provenance(where))
        dtype = (c.prop("dataType") or "string").lower()
        if dtype == "datetime":
            node: Dimension | TimeDimension = TimeDimension(data_type="timestamp", **common)
        else:
            node = Dimension(data_type=cols.READ_TYPES.get(dtype, "unknown"), primary_key=c.prop("isKey") is not None, **common)
        fields.add(c.name or source, node)
        self.columns[(t.name or "", c.name or "")] = source
        if isinstance(node, Dimension) and node.primary_key:
            self.entities[t.name or ""].primary_key.append(source)

    # -- measures --------------------------------------------------------------------------------

    def measure(self, path: str, t: Node, m: Node) -> bool:
        """Import one measure; False when it refers to measures not read yet."""
        where = f"{path}:{m.line}"
        try:
            tree = parse_dax(m.value or "")
        except DaxSyntaxError as e:
            self.r.report(PB102, f"measure [{m.name}]: its DAX does not parse ({e})", where)
            return True
        try:
            refs = [bracket_name(x.children[0]) for x in tree.iter_subtrees_topdown() if x.data == "measure"]
            if refs:
                combined = [r for r in refs if r in self.metric_names]
                if combined:
                    raise _Unsupported(f"it reads [{combined[0]}], itself a combination of measures; the IR's metrics read measures")
                if any(r not in self.measures for r in refs):
                    if any(r not in self.all_measures for r in refs):
                        raise _Unsupported(f"it refers to measures that are not defined ({', '.join(r for r in refs if r not in self.all_measures)})")
                    return False
                self.metric(t, m, tree, refs, where)
                return True
            table, measure = self.aggregate(tree)
        except _Unsupported as e:
            self.r.report(PB102, f"measure [{m.name}] not imported: {e}", where)
            return True
        entity = self.entities[table]
        measure.name = self.fields[table].names.claim(ident(m.name or "measure", "measure"))
        measure.label = self.r.text(m.name, where) if measure.name != m.name else None
        measure.description = self.r.text(m.doc, where)
        measure.hidden = m.prop("isHidden") is not None
        measure.provenance = self.r.provenance(where)
        entity.measures.append(measure)
        self.measures[m.name or ""] = (table, measure)
        return True

    def aggregate(self, tree: Tree) -> tuple[str, Measure]:
        """(table, measure) of AGG('T'[C]), COUNTROWS('T'), AGGX('T', expr), CALCULATE(<that>, filters)."""
        name = call_name(tree)
        if name == "CALCULATE":
            args = call_args(tree)
            if not args:
                raise _Unsupported("CALCULATE without an expression")
            table, measure = self.aggregate(args[0])
            conds = [self.condition(a, table) for a in args[1:]]
            measure.filter = " AND ".join(conds) if conds else None
            return table, measure
        agg = AGGREGATIONS.get(name or "")
        if agg is None:
            raise _Unsupported(f"{name or 'this expression'} is not one aggregation of one table (the IR aggregates count, "
                               "count_distinct, sum, avg, min and max)")
        args = call_args(tree)
        if name == "COUNTROWS":
            table = self.table_of(args[0]) if args else None
            if table is None:
                raise _Unsupported("COUNTROWS of something other than a table")
            return table, Measure(name="_", agg="count")
        if name.endswith("X"):
            if len(args) != 2:
                raise _Unsupported(f"{name} with {len(args)} arguments")
            table = self.table_of(args[0])
            if table is None:
                raise _Unsupported(f"{name} over something other than a table")
            sql = self.sql(args[1], table)
            return table, Measure(name="_", agg=agg, expr=sql)
        if len(args) != 1 or not (isinstance(args[0], Tree) and args[0].data == "column"):
            raise _Unsupported(f"{name} of something other than a column")
        table, column = self.column_ref(args[0])
        return table, Measure(name="_", agg=agg, column=column)

    def table_of(self, node) -> str | None:
        if isinstance(node, Tree) and node.data == "table" and node.children:
            name = table_name(node.children[0])
            return name if name in self.entities else None
        if isinstance(node, Token):
            name = table_name(node)
            return name if name in self.entities else None
        return None

    def column_ref(self, node: Tree) -> tuple[str, str]:
        table, col = table_name(node.children[0]), bracket_name(node.children[1])
        if (table, col) not in self.columns:
            raise _Unsupported(f"'{table}'[{col}] is not a column imported from a table")
        return table, self.columns[(table, col)]

    def sql(self, node, table: str) -> str:
        """Row-level DAX over one table's columns (arithmetic, numbers) as SQL."""
        if isinstance(node, Tree):
            if node.data == "column":
                t, c = self.column_ref(node)
                if t != table:
                    raise _Unsupported(f"it mixes columns of {table} and {t}")
                return c if c.isidentifier() else '"' + c.replace('"', '""') + '"'
            if node.data == "arith":
                left, op, right = node.children
                return f"{self.sql(left, table)} {op} {self.sql(right, table)}"
            if node.data == "paren":
                return f"({self.sql(node.children[0], table)})"
            if node.data == "number":
                return str(node.children[0])
        raise _Unsupported("its row expression is more than arithmetic over columns")

    def condition(self, node, table: str) -> str:
        if isinstance(node, Tree) and node.data == "compare":
            left, op, right = node.children
            if isinstance(left, Tree) and left.data == "column":
                t, c = self.column_ref(left)
                if t == table:
                    op = {"==": "="}.get(str(op), str(op))
                    return f"{c} {op} {self.literal(right)}"
        raise _Unsupported("a CALCULATE filter other than column <op> value on the measure's own table")

    def literal(self, node) -> str:
        if isinstance(node, Tree) and node.data == "string":
            text = str(node.children[0])
            return "'" + text[1:-1].replace('""', '"').replace("'", "''") + "'"
        if isinstance(node, Tree) and node.data == "number":
            return str(node.children[0])
        if isinstance(node, Tree) and node.data == "call" and call_name(node) in ("TRUE", "FALSE"):
            return str(call_name(node))
        raise _Unsupported("a filter value that is not a literal")

    def metric(self, t: Node, m: Node, tree: Tree, refs: list[str], where: str) -> None:
        # Owned by its first measure's table; measures of others are joined to it by resolve_metrics.
        owner = self.measures[refs[0]][0]
        local = {r: self.measures[r][1].name if self.measures[r][0] == owner else f"{self.entities[self.measures[r][0]].name}.{self.measures[r][1].name}"
                 for r in refs}
        common = dict(name=self.fields[owner].names.claim(ident(m.name or "metric", "metric")), entity=self.entities[owner].name,
                      description=self.r.text(m.doc, where), provenance=self.r.provenance(where))
        common["label"] = self.r.text(m.name, where) if common["name"] != m.name else None
        if call_name(tree) == "DIVIDE" and len(call_args(tree)) >= 2 and all(
                isinstance(a, Tree) and a.data == "measure" for a in call_args(tree)[:2]):
            num, den = (bracket_name(a.children[0]) for a in call_args(tree)[:2])
            metric = Metric(type="ratio", numerator=local[num], denominator=local[den], **common)
        elif len(refs) == 1 and tree.data == "measure":
            metric = Metric(type="simple", measure=local[refs[0]], **common)
        else:
            expr = self.metric_sql(tree, local)
            metric = Metric(type="derived", expr=expr, **common)
        self.model.metrics.append(metric)
        self.metric_names.add(m.name or "")

    def metric_sql(self, node, local: dict[str, str]) -> str:
        if isinstance(node, Tree):
            if node.data == "measure":
                return local[bracket_name(node.children[0])]
            if node.data == "arith":
                left, op, right = node.children
                return f"{self.metric_sql(left, local)} {op} {self.metric_sql(right, local)}"
            if node.data == "paren":
                return f"({self.metric_sql(node.children[0], local)})"
            if node.data == "number":
                return str(node.children[0])
        raise _Unsupported("it is more than arithmetic over measures")

    # -- relationships and the rest --------------------------------------------------------------

    def relationship(self, path: str, r: Node) -> None:
        where = f"{path}:{r.line}"
        ends = []
        for prop in ("fromColumn", "toColumn"):
            table, column = split_ref(r.prop(prop) or "")
            if (table, column) not in self.columns:
                self.r.report(PB104, f"relationship {prop} {r.prop(prop)} is not a column imported from a table; not imported", where)
                return
            ends.append((self.entities[table], self.columns[(table, column)]))
        card = {("many", "one"): "many_to_one", ("one", "one"): "one_to_one", ("many", "many"): "many_to_many",
                ("one", "many"): "one_to_many"}.get(((r.prop("fromCardinality") or "many").lower(), (r.prop("toCardinality") or "one").lower()),
                                                     "many_to_one")
        (src, sc), (dst, dc) = ends
        if card == "one_to_many":
            (src, sc), (dst, dc), card = (dst, dc), (src, sc), "many_to_one"
        if r.prop("isActive") == "false":
            self.r.report(PB103, f"relationship {src.name}.{sc} -> {dst.name}.{dc} is inactive in Power BI (used by USERELATIONSHIP "
                                 "only); imported as a relationship", where)
        self.model.relationships.append(relationship(src, [sc], dst, [dc], card, "human", evidence=[f"declared in {where}"]))

    def run(self) -> SemanticModel:
        tables = [(p, n) for p, nodes in self.docs.items() for n in nodes if n.kind == "table" and not n.ref]
        self.all_measures = {m.name for _, t in tables for m in t.objects("measure")}
        self.metric_names: set[str] = set()
        for path, t in tables:
            self.table(path, t)
        pending = [(p, t, m) for p, t in tables if t.name in self.entities for m in t.objects("measure")]
        for _ in range(len(pending) + 1):
            pending = [(p, t, m) for p, t, m in pending if not self.measure(p, t, m)]
            if not pending:
                break
        for p, t, m in pending:
            self.r.report(PB102, f"measure [{m.name}] not imported: it refers to measures that were not imported", f"{p}:{m.line}")
        for path, nodes in self.docs.items():
            for n in nodes:
                if n.kind == "relationship":
                    self.relationship(path, n)
                elif n.kind in ("role", "perspective", "culture") and not n.ref:
                    self.r.report(PB102 if n.kind == "role" else PB103, f"{n.kind} {n.name} has no place in the IR; not imported",
                                  f"{path}:{n.line}")
        mark_keys(self.model)
        return self.model


def import_project(files: dict[str, str], diags: Diagnostics, dialect: str | None = None) -> SemanticModel:
    return _Importer(files, diags, dialect).run()


def sniff(files: dict[str, str]) -> int:
    names = [p.rsplit("/", 1)[-1] for p in files]
    if any(n == "model.tmdl" or n == "database.tmdl" for n in names):
        return 3
    return 2 if any(n.endswith(".tmdl") for n in names) else 0
