"""The numbers Power BI gives for a question, from the TMDL files: the measure's DAX translated
to SQL with DAX's semantics (backends/powerbi/dax_sql.py), evaluated once per value of the
grouping column, the value filtering the measure's table the way DAX propagates a filter:
along the active relationships only, one side to many (by year: the year of the date column the
path reaches, a calendar's where the time axis is a date table's). Rows whose key finds no row on the one
side belong to the blank row, as in DAX. A key made inactive beside another way (a payment's rental
beside its own customer key) is asked the way a report slicing the plain measure goes, along the
active relationships through the other tables, where they lead there; a role's (a ship date beside the order date) with the
measure that activates it. A path over an inactive relationship no measure activates is
unaskable; the SQL is DuckDB's and the runner transpiles it."""

from __future__ import annotations

from types import SimpleNamespace

import sqlglot
from sqlglot import exp

from backends.powerbi.dax_sql import Env, SqlTable, _Sql
from backends.powerbi.dax_parse import parse as parse_dax
from backends.powerbi.read import key_columns, live_rows, parse_files, read_columns, source_table, split_ref
from compiler.diagnostics import Diagnostics
from compiler.verify.common import Loss, Unaskable, parts
from compiler.verify.queries import Query
from ir.semantic import SemanticModel

KINDS = {"int64": "number", "double": "number", "decimal": "number", "string": "string", "boolean": "boolean"}


def _dax_ref(table: str, column: str) -> str:
    from backends.powerbi.names import dax_column

    return dax_column(table, column)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Dax:
    def __init__(self, files: dict[str, str | bytes], model: SemanticModel):
        self.model = model
        tables, measures = {}, {}
        self.source: dict[str, str] = {}  # display table -> source table name
        self.columns: dict[str, dict[str, str]] = {}  # display table -> source column -> display column
        self.annotated: dict[tuple[str, str], str] = {}  # (display table, mb_name) -> measure display name
        self.roles: dict[tuple[str, str], list[str]] = {}  # (display table, mb_name) -> measures along a role
        self.relationships: list[tuple[str, str, str, str, bool]] = []
        self.copies: set[str] = set()  # tables that are another table again in a role (a self reference)
        self.keys: dict[str, dict[tuple[str, ...], str]] = {}  # display table -> compound key's columns -> its column
        self.based: dict[str, str] = {}  # display table -> the subquery of its live rows (soft-deleted ones left out)
        text = {p: t for p, t in files.items() if isinstance(t, str)}
        for nodes in parse_files(text, Diagnostics()).values():
            for n in nodes:
                if n.kind == "relationship":
                    (ft, fc), (tt, tc) = split_ref(n.prop("fromColumn")), split_ref(n.prop("toColumn"))
                    self.relationships.append((ft, fc, tt, tc, n.prop("isActive") != "false"))
                if n.kind != "table" or n.ref:
                    continue
                partitions = n.objects("partition")
                src = source_table(partitions[0].prop("source"), model.dialect) if partitions else None
                if src is None:
                    continue
                read_as = read_columns(partitions[0].prop("source"), model.dialect)  # a number kept as text: its cast
                cols = {c.name: (read_as.get(c.prop("sourceColumn")) or _q(c.prop("sourceColumn")), KINDS.get(c.prop("dataType"), "other"))
                        for c in n.objects("column") if c.prop("sourceColumn")}
                table = f"{_q(src.schema_)}.{_q(src.name)}" if src.schema_ else _q(src.name)
                live = live_rows(partitions[0].prop("source"), model.dialect)  # soft-deleted rows left out
                if live:
                    # A subquery needs an alias where DAX's aggregates read it (PostgreSQL, MySQL);
                    # the rows this check joins alias it themselves (_from).
                    self.based[n.name] = f"(SELECT * FROM {table} WHERE {live})"
                tables[n.name] = SqlTable(f'{self.based[n.name]} AS "mb_live"' if live else table, cols)
                self.source[n.name] = src.name
                if n.annotation("mb_role_of"):
                    self.copies.add(n.name)
                self.columns[n.name] = {c.prop("sourceColumn"): c.name for c in n.objects("column") if c.prop("sourceColumn")}
                # A compound key relates through a calculated column joining its columns (plan.compound_keys).
                self.keys[n.name] = {tuple(k): c.name for c in n.objects("column") if (k := key_columns(c)) is not None}
                for m in n.objects("measure"):
                    measures[m.name] = (m.value, n.name)
                    if m.annotation("mb_role"):
                        self.roles.setdefault((n.name, m.annotation("mb_name")), []).append(m.name)
                    elif m.annotation("mb_name"):
                        self.annotated[(n.name, m.annotation("mb_name"))] = m.name
        self.env = Env(tables, measures, _q, self.relationships)

    def _from(self, display: str) -> str:
        """What a table's rows are read from here, to be aliased: the table, or its live rows."""
        return self.based.get(display) or self.env.tables[display].sql

    def _table(self, table: str) -> str:
        for display, name in self.source.items():
            if name == table and display not in self.copies:
                return display
        raise Unaskable(f"no table reads {table}")

    def _column(self, table: str, columns: list[str]) -> str | None:
        """The column a relationship over `columns` relates: the column, or the compound key's."""
        if len(columns) == 1:
            return self.columns[table].get(columns[0])
        return self.keys.get(table, {}).get(tuple(columns))

    def _default_route(self, home: str, target: str) -> list[tuple[str, list[str], list[str]]] | None:
        """The active way a filter on `target` reaches `home` through other tables, as (table, its
        key's source columns on the way in, the one side's) hops; None where another key relates
        the two tables directly (a role: its measure is the one a report takes) or no way leads."""
        if sum(1 for r in self.relationships if r[0] == home and r[2] == target) > 1:
            return None
        source = {t: {d: s for s, d in cols.items()} for t, cols in self.columns.items()}
        ways: dict[str, list[tuple[str, str, str]]] = {}
        for ft, fc, tt, tc, active in self.relationships:
            if active:
                ways.setdefault(ft, []).append((fc, tt, tc))
        came: dict[str, tuple[str, str, str]] = {}
        todo, seen = [home], {home}
        while todo:
            nxt = []
            for t in todo:
                for fc, tt, tc in ways.get(t, ()):
                    if tt not in seen:
                        seen.add(tt)
                        came[tt] = (t, fc, tc)
                        nxt.append(tt)
            todo = nxt
        if target not in came or came[target][0] == home:
            return None
        hops, t = [], target
        while t != home:
            prev, fc, tc = came[t]
            fs, ts = source.get(prev, {}).get(fc), source.get(t, {}).get(tc)
            if fs is None or ts is None:
                return None  # through a compound key's calculated column: not followed here
            hops.append((t, [fs], [ts]))
            t = prev
        return hops[::-1]

    def _read(self, table: str, column: str, alias: str) -> str:
        """The column as the table's partition reads it (a time kept as text, through the
        conversion its native query selects), from the rows of `alias`."""
        plain = f'"{alias}".{_q(column)}'
        sql = self.env.tables[table].columns[self.columns[table][column]][0]
        if sql == _q(column):
            return plain
        # read_columns gives the partition's conversion as DuckDB's SQL (SQLite's DATETIME(...) as a
        # cast), whatever the source: a MySQL reading would take its quoted columns for strings.
        tree = sqlglot.parse_one(sql, read="duckdb")
        for c in tree.find_all(exp.Column):
            c.set("table", exp.to_identifier(alias, quoted=True))
        return tree.sql(dialect="duckdb")

    def _year(self, table: str, column: str, key: str) -> str:
        """The year of a column as Power BI's date hierarchy groups it: YEAR of the column read as
        its dateTime (its year as text here, in DuckDB's SQL the runner transpiles); a year kept
        as a number is its own year."""
        display = self.columns[table][column]
        kind = self.env.tables[table].columns[display][1]
        if kind == "number":
            return key
        if kind != "other":
            raise Unaskable(f"column {table}[{display}] is no date")
        return f"STRFTIME(CAST({key} AS TIMESTAMP), '%Y')"

    def _year_number(self, query: Query) -> bool:
        """The time asked by is a year kept as a number (read elsewhere as its first day)."""
        owner = query.path[-1].to_entity if query.path else query.entity
        e = self.model.entity_index().get(owner)
        return e is not None and any(t.column == query.column and t.granularity == "year" for t in e.time_dimensions)

    def sql(self, query: Query) -> str:
        if query.metric:
            e = self.model.entity_index()[query.entity]
            m = SimpleNamespace(name=query.measure, non_additive_dimension=None)  # the metric's DAX measure, by its mb_name
        else:
            e, m = parts(self.model, query)
        if m.non_additive_dimension:
            raise Loss("PB001", "a balance kept from being summed over time is not translated to DAX")
        home = self._table(e.table.name)
        name = self.annotated.get((home, m.name))
        if name is None:
            raise Unaskable(f"table {home} has no measure for {m.name}")
        dax = self.env.measures[name][0]
        if query.column is None:
            value, _ = _Sql(self.env).x(parse_dax(dax), None, {})
            return f"SELECT {value} AS v"
        chain = [(home, None, None)]
        for hop in query.path:
            current = chain[-1][0]
            target = self._table(self.model.entity_index()[hop.to_entity].table.name)
            fc, tc = self._column(current, hop.from_columns), self._column(target, hop.to_columns)
            rel = next((r for r in self.relationships if r[:4] == (current, fc, target, tc)), None)
            if rel is None:
                # The table again in a role: a copy reading the same source, related by that key.
                rel = next((r for r in self.relationships if r[:2] == (current, fc) and r[2] in self.copies
                            and self.source[r[2]] == self.source[target] and r[3] == self.columns[r[2]].get(hop.to_columns[0])), None)
                target = rel[2] if rel is not None else target
            if rel is None and current == target:
                raise Loss("PB001", "Power BI does not relate a table to itself")
            if rel is None:
                raise Unaskable(f"no relationship {current}[{fc}] -> {target}[{tc}]")
            route = self._default_route(current, target) if not rel[4] and len(query.path) == 1 else None
            if route is not None:
                # Another way leads there (an inactive key beside a parent row's): a report slicing
                # the plain measure by the target filters along Power BI's active way, the one asked.
                chain += route
                break
            if not rel[4]:
                # Asked with the measure that activates this relationship, when there is one.
                using = f"USERELATIONSHIP({_dax_ref(current, fc)}, {_dax_ref(target, tc)})"
                if len(query.path) > 1:
                    # One active way between two tables, and a measure activates one relationship:
                    # past the measure's own keys, the inactive way is not Power BI's to ask (the
                    # compile reported it inactive, PB003).
                    raise Loss("PB003", f"relationship {current}[{fc}] -> {target}[{tc}] is inactive and lies past the "
                                        "measure's own keys: Power BI filters along its one active way")
                role = [r for r in self.roles.get((home, m.name), []) if using in self.env.measures[r][0]]
                if not role:
                    raise Unaskable(f"relationship {current}[{fc}] -> {target}[{tc}] is inactive and no measure activates it")
                dax = self.env.measures[role[0]][0]
            chain.append((target, list(hop.from_columns), list(hop.to_columns)))
        last = chain[-1][0]
        if self.columns[last].get(query.column) is None:
            raise Unaskable(f"table {last} has no column {query.column}")
        # The filter reaches the measure's rows along the chain of active relationships; a key
        # that finds no row on the one side lands in the blank row. Each row of the measure's
        # table carries the group it falls in (`mb_key`), so every group filters one column.
        joins, alias = [], "t0"
        for i, (nxt, fk, pk) in enumerate(chain[1:], 1):
            on = " AND ".join(f'"{alias}".{_q(a)} = "t{i}".{_q(b)}' for a, b in zip(fk, pk))
            joins.append(f'LEFT JOIN {self._from(nxt)} AS "t{i}" ON {on}')
            alias = f"t{i}"
        key = self._read(last, query.column, alias)
        if query.year:
            if self.env.tables[last].columns[self.columns[last][query.column]][1] == "number" and not self._year_number(query):
                # A calendar's key 19920101, its day read by SQL elsewhere: Power BI holds the number only.
                raise Loss("PB001", f"the day column {query.column} holds is not bound in Power BI, only its number")
            key = self._year(last, query.column, key)
        rows = f'SELECT "t0".*, {key} AS "mb_key" FROM {self._from(home)} AS "t0" ' + " ".join(joins)
        env = Env({**self.env.tables, home: SqlTable('"mb_rows"', self.env.tables[home].columns)}, self.env.measures, _q, self.relationships)
        value, _ = _Sql(env).x(parse_dax(dax), None, {home: ['"mb_key" IS NOT DISTINCT FROM "mb_groups"."g"']})
        return (f'WITH "mb_rows" AS ({rows}) SELECT "mb_groups"."g" AS g, {value} AS v '
                f'FROM (SELECT DISTINCT "mb_key" AS g FROM "mb_rows") AS "mb_groups"')
