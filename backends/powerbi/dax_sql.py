"""DAX (our grammar's tree) -> SQL with DAX's semantics, evaluated at the grand total.

This is how the tests check that a DAX measure means what the IR measure means without a
Power BI engine: each DAX construct becomes SQL that behaves the way DAX does, BLANK rules
included (BLANK + 1 is 1; BLANK compares as 0 or ""; text compares case-insensitively;
COUNTROWS of nothing is BLANK; DISTINCTCOUNT counts BLANK as a value), then the database runs it.
Only the constructs the backend emits are covered; anything else raises ValueError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lark import Token, Tree

from backends.powerbi.dax_parse import bracket_name, call_args, call_name, parse, table_name

ZERO = {"number": "0", "string": "''", "boolean": "FALSE"}


@dataclass
class SqlTable:
    sql: str  # FROM text
    columns: dict[str, tuple[str, str]]  # display column -> (SQL column text, kind)


@dataclass
class Env:
    tables: dict[str, SqlTable]
    measures: dict[str, tuple[str, str]]  # display measure -> (DAX, home table display)
    quote: Callable[[str], str]
    # (many table, its column, one table, its column, active), display names: a filter on the one
    # side's rows reaches the many side's along an active relationship.
    relationships: list[tuple[str, str, str, str, bool]] = field(default_factory=list)


class _Sql:
    def __init__(self, env: Env):
        self.env = env

    # A value is (sql, kind); `row` is the table whose row context we are in (None at the top).
    def x(self, t, row: str | None, filters: dict[str, list[str]]) -> tuple[str, str]:
        if isinstance(t, Token):
            raise ValueError(f"unexpected token {t!r}")
        kind = t.data
        if kind == "number":
            return str(t.children[0]), "number"
        if kind == "string":
            return "'" + str(t.children[0])[1:-1].replace('""', '"').replace("'", "''") + "'", "string"
        if kind == "paren":
            s, k = self.x(t.children[0], row, filters)
            return f"({s})", k
        if kind == "neg":
            s, k = self.x(t.children[0], row, filters)
            return f"(-{s})", k
        if kind == "column":
            table, col = table_name(t.children[0]), bracket_name(t.children[1])
            if row != table:
                raise ValueError(f"column {table}[{col}] outside a row context of its table")
            return self.env.tables[table].columns[col]
        if kind == "measure":
            dax, home = self.env.measures[bracket_name(t.children[0])]
            return self.x(parse(dax), None, filters)
        if kind == "arith":
            (a, _), op, (b, _) = self.x(t.children[0], row, filters), str(t.children[1]), self.x(t.children[2], row, filters)
            if op in "+-":
                return f"(CASE WHEN {a} IS NULL AND {b} IS NULL THEN NULL ELSE COALESCE({a}, 0) {op} COALESCE({b}, 0) END)", "number"
            if op == "/":
                return f"(CAST({a} AS DOUBLE) / {b})", "number"
            return f"({a} * {b})", "number"
        if kind == "compare":
            return self.compare(t, row, filters)
        if kind in ("and_op", "or_op"):
            (a, _), (b, _) = self.x(t.children[0], row, filters), self.x(t.children[1], row, filters)
            op = "AND" if kind == "and_op" else "OR"
            return f"(COALESCE({a}, FALSE) {op} COALESCE({b}, FALSE))", "boolean"
        if kind == "in_op":
            a, k = self.x(t.children[0], row, filters)
            values = [self.x(v, row, filters)[0] for v in t.children[2].children]
            if k == "string":
                a, values = f"LOWER({a})", [f"LOWER({v})" for v in values]
            return f"COALESCE({a} IN ({', '.join(values)}), FALSE)", "boolean"
        if kind == "concat_op":
            (a, _), (b, _) = self.x(t.children[0], row, filters), self.x(t.children[1], row, filters)
            return f"(COALESCE({a}, '') || COALESCE({b}, ''))", "string"
        if kind == "call":
            return self.call(t, row, filters)
        raise ValueError(f"{kind} is not translated")

    def compare(self, t: Tree, row, filters) -> tuple[str, str]:
        (a, ka), op, (b, kb) = self.x(t.children[0], row, filters), str(t.children[1]), self.x(t.children[2], row, filters)
        if op == "==":
            return f"({a} IS NOT DISTINCT FROM {b})", "boolean"
        kind = ka if ka != "other" else kb
        a, b = f"COALESCE({a}, {ZERO.get(kind, 'NULL')})", f"COALESCE({b}, {ZERO.get(kind, 'NULL')})"
        if kind == "string":
            a, b = f"LOWER({a})", f"LOWER({b})"
        return f"({a} {op} {b})", "boolean"

    def aggregate(self, func: str, arg: Tree | None, table: str, filters, iterate: Tree | None = None) -> str:
        src = self.env.tables[table]
        kept = [f"COALESCE({p}, FALSE)" for p in filters.get(table, [])]
        for many, fc, one, tc, active in self.env.relationships:
            if many == table and active and one != table and filters.get(one):
                # A filter on a related table's rows keeps the rows whose key finds one of them
                # (a key finding none falls in the blank row, which the filter leaves out).
                other = self.env.tables[one]
                preds = " AND ".join(f"COALESCE({p}, FALSE)" for p in filters[one])
                kept.append(f"{src.columns[fc][0]} IN (SELECT {other.columns[tc][0]} FROM {other.sql} WHERE {preds})")
        where = " AND ".join(kept) or "TRUE"
        if iterate is not None:
            value = self.x(iterate, table, filters)[0]
        elif arg is not None:
            value = self.x(arg, table, filters)[0]
        else:
            value = "*"
        agg = {
            "COUNT": f"NULLIF(COUNT({value}), 0)",
            "DISTINCTCOUNT": f"NULLIF(COUNT(DISTINCT {value}) + MAX(CASE WHEN {value} IS NULL THEN 1 ELSE 0 END), 0)",
            "DISTINCTCOUNTNOBLANK": f"NULLIF(COUNT(DISTINCT {value}), 0)",
        }.get(func, f"{func}({value})")
        return f"(SELECT {agg} FROM {src.sql} WHERE {where})"

    def combinations(self, t: Tree, filters) -> str:
        """COUNTROWS(SUMMARIZE(FILTER('T', pred), 'T'[a], 'T'[b])): the distinct combinations of the
        columns on the rows kept (SUMMARIZE of a table with no rows has none: BLANK), told apart by
        their text joined with '|' (as the IR's own concatenation tells them)."""
        args = call_args(t)
        source, inner = args[0], {k: list(v) for k, v in filters.items()}
        if call_name(source) == "FILTER":
            source, pred = call_args(source)
            table = table_name(source.children[0])
            inner.setdefault(table, []).append(self.x(pred, table, inner)[0])
        else:
            table = table_name(source.children[0])
        src = self.env.tables[table]
        where = " AND ".join(f"COALESCE({p}, FALSE)" for p in inner.get(table, [])) or "TRUE"
        # One distinct count over the columns joined (NULL when any is empty, as the FILTER leaves
        # such rows out), not a count of a derived table: MySQL lets no outer group into one.
        pair = " || '|' || ".join(f"CAST({self.x(c, table, inner)[0]} AS VARCHAR)" for c in args[1:])
        return f"(SELECT NULLIF(COUNT(DISTINCT {pair}), 0) FROM {src.sql} WHERE {where})"

    def call(self, t: Tree, row, filters) -> tuple[str, str]:
        name, args = call_name(t), call_args(t)
        simple = {"SUM": "SUM", "AVERAGE": "AVG", "MIN": "MIN", "MAX": "MAX", "COUNT": "COUNT", "COUNTA": "COUNT",
                  "DISTINCTCOUNT": "DISTINCTCOUNT", "DISTINCTCOUNTNOBLANK": "DISTINCTCOUNTNOBLANK"}
        iterators = {"SUMX": "SUM", "AVERAGEX": "AVG", "MINX": "MIN", "MAXX": "MAX", "COUNTX": "COUNT"}
        if name in simple:
            table = table_name(args[0].children[0])
            return self.aggregate(simple[name], args[0], table, filters), "number"
        if name in iterators:
            table = table_name(args[0].children[0])
            return self.aggregate(iterators[name], None, table, filters, iterate=args[1]), "number"
        if name == "COUNTROWS" and call_name(args[0]) == "SUMMARIZE":
            return self.combinations(args[0], filters), "number"
        if name == "COUNTROWS":
            table = table_name(args[0].children[0])
            return self.aggregate("COUNT", None, table, filters), "number"
        if name == "CALCULATE":
            inner = {k: list(v) for k, v in filters.items()}
            for f in args[1:]:
                fname = call_name(f)
                if fname == "USERELATIONSHIP":
                    continue  # changes which relationship filters propagate along, no row of this table
                if fname == "KEEPFILTERS":
                    f = call_args(f)[0]
                if fname == "FILTER":
                    table = table_name(call_args(f)[0].children[0])
                    pred = call_args(f)[1]
                else:
                    table = next(table_name(c.children[0]) for c in f.iter_subtrees() if c.data == "column")
                    pred = f
                inner.setdefault(table, []).append(self.x(pred, table, inner)[0])
            return self.x(args[0], row, inner)
        if name == "DIVIDE":
            (a, _), (b, _) = self.x(args[0], row, filters), self.x(args[1], row, filters)
            return f"(CASE WHEN {b} IS NULL OR {b} = 0 THEN NULL ELSE CAST({a} AS DOUBLE) / {b} END)", "number"
        values = [self.x(a, row, filters) for a in args]
        if name == "ISBLANK":
            return f"({values[0][0]} IS NULL)", "boolean"
        if name == "NOT":
            return f"(NOT COALESCE({values[0][0]}, FALSE))", "boolean"
        if name in ("TRUE", "FALSE"):
            return name, "boolean"
        if name == "BLANK":
            return "NULL", "other"
        if name == "DATE":
            return _date(*(v for v, _ in values)), "date"
        if name == "IF":
            other = values[2][0] if len(values) > 2 else "NULL"
            return f"(CASE WHEN COALESCE({values[0][0]}, FALSE) THEN {values[1][0]} ELSE {other} END)", values[1][1]
        if name == "SWITCH" and values[0][0] == "TRUE":
            pairs, rest = values[1:], None
            if len(pairs) % 2:
                rest = pairs.pop()[0]
            whens = " ".join(f"WHEN COALESCE({pairs[i][0]}, FALSE) THEN {pairs[i + 1][0]}" for i in range(0, len(pairs), 2))
            return f"(CASE {whens} ELSE {rest or 'NULL'} END)", pairs[1][1]
        if name == "COALESCE":
            return f"COALESCE({', '.join(v for v, _ in values)})", values[0][1]
        if name in ("ABS", "UPPER", "LOWER", "LEN"):
            func = {"LEN": "LENGTH"}.get(name, name)
            blank = {"UPPER": "''", "LOWER": "''", "LEN": "0"}.get(name)
            text = f"{func}({values[0][0]})"
            return (f"COALESCE({text}, {blank})" if blank else text), ("string" if name in ("UPPER", "LOWER") else "number")
        raise ValueError(f"{name} is not translated")


def _date(year: str, month: str, day: str) -> str:
    """DATE(y, m, d) as SQL: a day of whole numbers as a literal every dialect reads (the runner
    transpiles it), any other as the parts put together."""
    if all(p.isdigit() for p in (year, month, day)):
        return f"CAST('{int(year):04d}-{int(month):02d}-{int(day):02d}' AS DATE)"
    return f"MAKE_DATE({year}, {month}, {day})"


def to_sql(dax: str, env: Env) -> str:
    """A SQL query returning the DAX measure's value over the whole model."""
    value, _ = _Sql(env).x(parse(dax), None, {})
    return f"SELECT {value}"
