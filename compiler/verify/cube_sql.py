"""The SQL Cube writes for a question, from the Cube files: its own compiler (the JavaScript
planner, `useNativeSqlPlanner: false`) builds the query for `{measures: [cube.measure],
dimensions: [cube.dimension]}` (by year: `timeDimensions` at granularity year), the grouping
cube reached by following the cube's joins whose SQL pairs the question's columns. A question
across joins is asked through the view of the measure's cube when it has one (the view's
join_path fixes the way). Cube's SQL is PostgreSQL; the runner transpiles it."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import sqlglot
import yaml
from sqlglot import exp

from backends import row_filters
from compiler.types import sqlglot_dialect
from compiler.validators.common import scratch
from compiler.validators.cube_compiler import compile_folder
from compiler.verify.common import Loss, Unaskable, column_of, parts, read_column, unquote
from compiler.verify.queries import Query
from ir.semantic import SemanticModel

AGG = {"count": "count", "count_distinct": "count_distinct", "sum": "sum", "avg": "avg", "min": "min", "max": "max"}
_PAIR = re.compile(r"\{CUBE\}\.(\"[^\"]+\"|`[^`]+`|\w+)\s*=\s*\{(\w+)\}\.(\"[^\"]+\"|`[^`]+`|\w+)")


class Cube:
    def __init__(self, files: dict[str, str | bytes], model: SemanticModel):
        self.model = model
        self.files = files
        self.cubes: dict[str, dict] = {}
        self.views: list[dict] = []
        for path, text in sorted(files.items()):
            if path.endswith((".yml", ".yaml")) and isinstance(text, str):
                doc = yaml.safe_load(text) or {}
                self.cubes |= {c["name"]: c for c in doc.get("cubes") or []}
                self.views += doc.get("views") or []

    def _table(self, c: dict) -> str:
        """The table a cube reads: its sql_table, or the table whose live rows its `sql` selects."""
        if c.get("sql_table"):
            return unquote(c["sql_table"])
        based = row_filters.based_table(c.get("sql") or "", sqlglot_dialect(self.model.dialect)) if c.get("sql") else None
        return unquote(based.table) if based else c["name"]

    def _cube_of(self, table: str) -> dict:
        for c in self.cubes.values():
            if self._table(c) == table and not (c.get("meta") or {}).get("mb_role_of"):
                return c
        raise Unaskable(f"no cube reads table {table}")

    def _col(self, sql: str | None) -> str | None:
        return column_of(sql, self.model.dialect)

    def query(self, query: Query) -> dict:
        if query.metric:  # the cube's number measure of that name, compiled by Cube
            e = self.model.entity_index()[query.entity]
            cube = self._cube_of(e.table.name)
            if not any(x["name"] == query.measure and x.get("type") == "number" for x in cube.get("measures") or []):
                raise Unaskable(f"cube {cube['name']} has no number measure {query.measure}")
            out = {"measures": [f"{cube['name']}.{query.measure}"], "limit": 50000}
            if query.column is None:
                return out
            dim = self._dimension_on(cube, query)
            if dim is None:
                raise Unaskable(f"cube {cube['name']} has no dimension on {query.column}")
            return {**out, **self._by(f"{cube['name']}.{dim}", query)}
        e, m = parts(self.model, query)
        if m.non_additive_dimension:
            raise Loss("CB001", "a Cube measure cannot keep a balance from being summed over time")
        cube = self._cube_of(e.table.name)
        want = None if m.column is None and m.expr is None else m.column
        found = [x for x in cube.get("measures") or [] if x.get("type") == AGG[m.agg] and not x.get("filters")
                 and self._col(x.get("sql")) == want and (want is not None or "sql" not in x)]
        if m.expr or m.filter or m.joined_filter:
            found = [x for x in cube.get("measures") or [] if x["name"] == m.name]
        if not found:
            raise Unaskable(f"cube {cube['name']} has no {m.agg} measure of {m.column or '*'}")
        measure = sorted(found, key=lambda x: x["name"] != m.name)[0]["name"]
        out = {"measures": [f"{cube['name']}.{measure}"], "limit": 50000}
        if query.column is None:
            return out
        # Every way the cubes' joins follow the question's path: a table reached by two roles
        # (the rental's customer beside the payment's own) has a cube per role.
        paths: list[list[dict]] = [[cube]]
        for hop in query.path:
            target = self.model.entity_index()[hop.to_entity].table.name
            longer = []
            for path in paths:
                for j in path[-1].get("joins") or []:
                    other = self.cubes.get(j["name"])
                    if other is None or self._table(other) != target:
                        continue
                    pairs = {(unquote(a), unquote(c)) for a, b, c in _PAIR.findall(j.get("sql", "")) if b == j["name"]}
                    if pairs == set(zip(hop.from_columns, hop.to_columns)):
                        longer.append([*path, other])
            if not longer and not any(d.get("primary_key") for d in paths[0][-1].get("dimensions") or []):
                raise Loss("CB001", "Cube requires a primary key of a joining cube; this one has none")
            if not longer:
                raise Unaskable(f"cube {paths[0][-1]['name']} has no join on {'+'.join(hop.from_columns)}")
            paths = longer
        if query.path:
            # Asked as a user asks Cube across joins: through the view of the measure's cube,
            # whose join_path fixes the way when Cube's shortest path between two cubes would
            # take another (payment -> customer rather than payment -> rental -> customer).
            for view in self.views:
                for path in paths:
                    member = self._view_member(view, cube, measure, path, query)
                    if member is not None:
                        return {**out, **self._by(member.pop("dimension"), query), **member}
        current = paths[0][-1]
        dim = self._dimension_on(current, query)
        if dim is None:
            raise Unaskable(f"cube {current['name']} has no {'time ' if query.year else ''}dimension on {query.column}")
        return {**out, **self._by(f"{current['name']}.{dim}", query)}

    def _dimension_on(self, cube: dict, query: Query) -> str | None:
        """The cube's dimension on the question's column; by year, its time dimension reading it."""
        for d in cube.get("dimensions") or []:
            if not query.year and self._col(d.get("sql")) == query.column:
                return d["name"]
            if query.year and d.get("type") == "time" and read_column(d.get("sql"), self.model.dialect) == query.column:
                return d["name"]
        return None

    @staticmethod
    def _by(member: str, query: Query) -> dict:
        """Grouped by the member, or by a time dimension at Cube's year granularity, in UTC: the
        time zone Cube's API gives a query that names none (its compiler, called directly, has no
        default)."""
        if query.year:
            return {"timeDimensions": [{"dimension": member, "granularity": "year"}], "timezone": "UTC"}
        return {"dimensions": [member]}

    def _view_member(self, view: dict, root: dict, measure: str, path: list[dict], query: Query) -> dict | None:
        """{measures, dimension} of `view` for the measure of `root` grouped along `path`, when
        the view holds both (a root included without prefix, the joined cube by its join_path)."""
        parts: dict = {}
        # join_path -> {member: (alias, prefixed)}: a member shown under a name of its own, behind
        # its cube's name when its item says `prefix` (a long one is shown without: backends/cube/joins.py)
        renamed: dict = {}
        for p in view.get("cubes") or []:
            if p.get("join_path") in parts and isinstance(p.get("includes"), list):
                renamed.setdefault(p["join_path"], {}).update(
                    {i["name"]: (i["alias"], bool(p.get("prefix"))) for i in p["includes"] if isinstance(i, dict) and i.get("alias")})
            parts.setdefault(p.get("join_path"), p)
        top, far = parts.get(root["name"]), parts.get(".".join(c["name"] for c in path))
        if top is None or far is None or top.get("prefix") or top.get("includes") != "*" or far.get("includes") != "*":
            return None
        dim = self._dimension_on(path[-1], query)
        if dim is None:
            return None
        name = far.get("alias") or path[-1]["name"]
        dim, prefixed = renamed.get(far.get("join_path"), {}).get(dim, (dim, bool(far.get("prefix"))))
        shown = f"{name}_{dim}" if prefixed else dim
        return {"measures": [f"{view['name']}.{measure}"], "dimension": f"{view['name']}.{shown}"}


def cube_sql(modules: Path, files: dict[str, str | bytes], queries: list[dict]) -> list[dict]:
    """Cube's compiler over the files, for every query at once: [{sql: text} | {error}]."""
    with scratch(files) as root, tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(queries, fh)
        fh.close()
        result = compile_folder(root, modules, "@" + fh.name)
        Path(fh.name).unlink()
    if result.get("errors"):
        raise RuntimeError("Cube's compiler rejected the model: " + "; ".join(result["errors"][:3]))
    out = []
    for item in result.get("sqls", []):
        if "error" in item:
            out.append(item)
            continue
        text, params = item["sql"]
        out.append({"sql": inline(text, params)})
    return out


_BACKTICKED = re.compile(r"'(?:[^']|'')*'|`((?:[^`]|``)*)`")


def postgres_quotes(text: str, dialect: str | None) -> str:
    """Cube's SQL is PostgreSQL around the table and column names the files spell for the source:
    MySQL's backticks become double quotes, so the whole text reads as PostgreSQL (string
    literals are left as they are)."""
    if dialect != "mysql":
        return text

    def swap(m: re.Match) -> str:
        if m.group(1) is None:
            return m.group(0)
        return '"' + m.group(1).replace("``", "`").replace('"', '""') + '"'

    return _BACKTICKED.sub(swap, text)


def inline(text: str, params: list) -> str:
    """Cube's `$1` placeholders replaced by the parameter values (SQL literals)."""
    def lit(v) -> str:
        if isinstance(v, (int, float)):
            return repr(v)
        return "'" + str(v).replace("'", "''") + "'"

    return re.sub(r"\$(\d+)\b", lambda m: lit(params[int(m.group(1)) - 1]), text)


# SQLite has no date truncation: the day each unit begins, written as text the way SQLite keeps times.
_SQLITE_TRUNC = {"YEAR": "%Y-01-01", "MONTH": "%Y-%m-01", "DAY": "%Y-%m-%d", "HOUR": "%Y-%m-%d %H:00:00",
                 "MINUTE": "%Y-%m-%d %H:%M:00", "SECOND": "%Y-%m-%d %H:%M:%S"}


def source_sql(text: str, dialect: str | None) -> tuple[str, str]:
    """Cube's SQL as the source can run it, and the dialect it is then written in. On SQLite,
    which keeps times as text with no zone and truncates none, a time taken at UTC is the time
    itself (Cube's API queries in UTC) and a truncation is the text of the unit's first moment;
    elsewhere the PostgreSQL is left for the runner to transpile."""
    text = postgres_quotes(text, dialect)
    if dialect != "sqlite":
        return text, "postgres"

    def at_utc(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.AtTimeZone) and node.args.get("zone") is not None and node.args["zone"].name.upper() == "UTC":
            inner = node.this
            return inner.this if isinstance(inner, exp.Cast) else inner
        return node

    def truncated(node: exp.Expression) -> exp.Expression:
        if isinstance(node, (exp.TimestampTrunc, exp.DateTrunc)):
            unit = node.args.get("unit")
            fmt = _SQLITE_TRUNC.get(unit.name.upper() if unit is not None else "")
            if fmt is not None:
                return exp.Anonymous(this="STRFTIME", expressions=[exp.Literal.string(fmt), node.this])
        return node

    tree = sqlglot.parse_one(text, read="postgres").transform(at_utc).transform(truncated)
    return tree.sql(dialect="sqlite"), "sqlite"
