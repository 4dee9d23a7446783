"""Hand-written Malloy sources (`.malloy` files) reduced to facts.

Only sources on a table of the database are read: `source: x is duckdb.table('dir/file.parquet')`
reads the table named by the file (`file`), and a source that extends another reads its table.
What each Malloy construct counts as:
- `primary_key: c` is the table's primary key;
- a measure that is one aggregate of the source's own columns is a measure (`count()` counts rows,
  `count(c)` counts distinct values, as Malloy defines it; `c.sum()` is `sum(c)`), and a filtered
  aggregate `agg { where: cond }` is that measure with the filter;
- a declared dimension is a dimension on the column or expression it reads; one that truncates a
  column to a timeframe (`c.month`) or reads a date or timestamp column is a time dimension. A
  dimension through a join (`job is principals.category`) lands on the joined table, as a
  MetricFlow dimension traced through a join does. Malloy shows every column as a field whether
  or not it is declared, so only declared dimensions are facts of the reference;
- `join_one: x with fk` joins fk to x's primary key (many-to-one), `join_one|join_many: x on a = x.b`
  joins the two columns (the join_many side is the many side);
- a source with measures is an entry point (what LookML calls an explore root);
- Malloy has no business time axis per source: the time axis is not a fact of these models.

Measures combining other measures (`a / all(a)`), aggregates through a join path
(`aircraft.sum(...)`, `source.sum(...)`), sources on SQL or queries, and expressions the reader
does not translate (`pick`, `?`, `~`, time literals, casts, `$` parameters) have no place: they are listed, not scored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlglot
from sqlglot import exp

from bench.semantics.facts import Facts, Field, Join, canonical, measure, parse, text
from bench.semantics.placement import Unplaced, place_or_list

_TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<comment>(?://|--|\#)[^\n]*)
  | (?P<string>"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
  | (?P<quoted>`[^`]*`)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>->|::|!=|>=|<=|!~|\?\?|[-+*/%(){}\[\],.:=<>?!~|&@;^$])
''', re.VERBOSE)
STATEMENTS = frozenset({"primary_key", "measure", "dimension", "join_one", "join_many", "join_cross", "rename",
                        "view", "query", "where", "except", "accept", "declare", "timezone", "index", "having"})
TOP = frozenset({"source", "query", "run", "import", "sql"})
AGGS = {"sum": "sum", "avg": "avg", "min": "min", "max": "max", "count": "count_distinct"}
TIMEFRAMES = frozenset({"second", "minute", "hour", "day", "week", "month", "quarter", "year"})
UNMAPPED = frozenset({"?", "pick", "@", "::", "~", "!~", "|", "??", "all", "exclude", "->", "$"})
TIME_TYPES = ("DATE", "TIMESTAMP", "TIME")


@dataclass(frozen=True)
class Tok:
    kind: str
    value: str

    def __str__(self) -> str:
        return self.value


def tokens(src: str) -> list[Tok]:
    out, pos = [], 0
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if not m:
            raise ValueError(f"cannot read Malloy at {src[pos:pos + 30]!r}")
        pos = m.end()
        if m.lastgroup not in ("space", "comment"):
            out.append(Tok(m.lastgroup, m.group()))
    return out


@dataclass
class Source:
    name: str
    table: str | None  # None: the source reads SQL or a query, no table of the database
    base: str | None = None  # the source it extends
    why: str = ""
    primary_key: str | None = None
    renames: dict[str, str] = field(default_factory=dict)  # new name -> old name
    dimensions: dict[str, list[Tok]] = field(default_factory=dict)
    measures: dict[str, list[Tok]] = field(default_factory=dict)
    joins: list[tuple[str, str, str, list[Tok]]] = field(default_factory=list)  # (kind, alias, source, how)


def read(paths: list[Path]) -> list[dict[str, Source]]:
    """The sources of each file; a file's names are its own (files do not see each other's)."""
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.malloy")))
    return [parse_model(f.read_text(encoding="utf-8"), _imported(f)) for f in files]


_IMPORT = re.compile(r"""^\s*import\s+(?:\{([^}]*)\}\s+from\s+)?["']([^"']+)["']""", re.M)


def _imported(f: Path, seen: frozenset[Path] = frozenset()) -> dict[str, Source]:
    """The sources a file imports (`import "x.malloy"`, `import { a, b is c } from "x.malloy"`), by the name it sees them."""
    found: dict[str, Source] = {}
    for names, target in _IMPORT.findall(f.read_text(encoding="utf-8")):
        g = (f.parent / target).resolve()
        if g in seen or not g.is_file():
            continue
        theirs = parse_model(g.read_text(encoding="utf-8"), _imported(g, seen | {f.resolve()}))
        if not names.strip():
            found.update(theirs)
            continue
        for item in names.split(","):
            parts = item.split()
            if parts and parts[-1] in theirs:
                found[parts[0]] = theirs[parts[-1]]
    return found


def parse_model(src: str, imported: dict[str, Source] | None = None) -> dict[str, Source]:
    """The sources a file defines; `imported` names the sources it imports (seen, not returned)."""
    toks = tokens(src)
    sources: dict[str, Source] = dict(imported or {})
    own: set[str] = set()
    i = 0
    while i < len(toks):
        if toks[i].value in TOP and i + 1 < len(toks) and toks[i + 1].value == ":":
            kind = toks[i].value
            end = _next_top(toks, i + 2)
            if kind == "source":
                for s in _sources(toks[i + 2:end], sources):
                    sources[s.name] = s
                    own.add(s.name)
            i = end
        else:
            i += 1
    return {k: v for k, v in sources.items() if k in own}


def _next_top(toks: list[Tok], i: int) -> int:
    depth = 0
    while i < len(toks):
        v = toks[i].value
        depth += v in "({[" and toks[i].kind == "op"
        depth -= v in ")}]" and toks[i].kind == "op"
        if depth == 0 and v in TOP and i + 1 < len(toks) and toks[i + 1].value == ":":
            return i
        i += 1
    return i


def _sources(toks: list[Tok], known: dict[str, Source]) -> list[Source]:
    out = []
    for item in _items(toks, starts_at_is=True):
        if len(item) < 3 or item[1].value != "is":
            continue
        name, rest = item[0].value, item[2:]
        body: list[Tok] = []
        brace = next((k for k, t in enumerate(rest) if t.value == "{"), None)
        if brace is not None:
            body = rest[brace + 1:_close(rest, brace)]
            rest = rest[:brace]
        head = [t for t in rest if t.value not in ("extend", "+")]
        out.append(_apply(_base(name, head, known), body))
    return out


def _base(name: str, head: list[Tok], known: dict[str, Source]) -> Source:
    words = [t.value for t in head]
    if len(words) >= 4 and words[1:3] == [".", "table"] or words[:1] == ["table"]:
        path = next((t.value for t in head if t.kind == "string"), "")
        path = path.strip("'\"").split(":", 1)[-1]  # old syntax: table('duckdb:dir/file.parquet')
        file = Path(path).name
        # A file names its table up to the first dot; a warehouse path (`project.dataset.table`) by its last part.
        table = file.split(".")[0] if re.search(r"\.(parquet|csv|json|tsv)(\.\w+)?$", file, re.I) else file.split(".")[-1]
        return Source(name, table.lower())
    if len(words) == 1 and words[0] in known:
        parent = known[words[0]]
        return Source(name, parent.table, base=parent.name, why=parent.why, primary_key=parent.primary_key,
                      renames=dict(parent.renames), dimensions=dict(parent.dimensions), measures=dict(parent.measures),
                      joins=list(parent.joins))
    return Source(name, None, why=f"source {name} reads {' '.join(words)[:60]}, not a table")


def _apply(s: Source, body: list[Tok]) -> Source:
    for keyword, content in _statements(body):
        if keyword == "primary_key" and content:
            s.primary_key = content[0].value
        elif keyword == "rename":
            for item in _items(content, starts_at_is=True):
                if len(item) == 3 and item[1].value == "is":
                    s.renames[item[0].value] = item[2].value
        elif keyword in ("dimension", "measure"):
            target = s.dimensions if keyword == "dimension" else s.measures
            for item in _items(content, starts_at_is=True):
                if len(item) >= 3 and item[1].value == "is":
                    target[item[0].value] = item[2:]
        elif keyword in ("join_one", "join_many", "join_cross"):
            for item in _items(content, starts_at_is=False):
                alias, rest = (item[0].value, item[2:]) if len(item) > 2 and item[1].value == "is" else (item[0].value, item)
                if rest:
                    s.joins.append((keyword, alias, rest[0].value, rest[1:]))
    return s


def _statements(body: list[Tok]):
    """(keyword, tokens) of each `keyword: ...` statement at the top of a source's body."""
    starts = [k for k in _top_level(body) if body[k].value in STATEMENTS and k + 1 < len(body) and body[k + 1].value == ":"]
    for a, b in zip(starts, [*starts[1:], len(body)]):
        yield body[a].value, body[a + 2:b]


def _top_level(toks: list[Tok]) -> list[int]:
    found, depth = [], 0
    for k, t in enumerate(toks):
        if t.kind == "op" and t.value in "({[":
            depth += 1
        elif t.kind == "op" and t.value in ")}]":
            depth -= 1
        elif depth == 0:
            found.append(k)
    return found


def _items(toks: list[Tok], starts_at_is: bool) -> list[list[Tok]]:
    """Split a statement's definitions: each starts at `name is` (or, for joins, at a name followed by
    `is`, `with` or `on` that does not follow `is`); commas also separate them."""
    cuts = set()
    top = _top_level(toks)
    for k in top:
        if toks[k].kind != "word" or k + 1 >= len(toks) or (k and toks[k - 1].value in (".", "is")):
            continue
        follow = toks[k + 1].value
        if follow == "is" or (not starts_at_is and follow in ("with", "on")):
            cuts.add(k)
    commas = {k for k in top if toks[k].value == ","}
    cuts |= {k + 1 for k in commas}
    bounds = sorted(cuts | {0, len(toks)})
    items = [toks[a:b - 1] if toks[b - 1].value == "," and b - 1 in commas else toks[a:b] for a, b in zip(bounds, bounds[1:])]
    return [x for x in items if x]


def _close(toks: list[Tok], k: int) -> int:
    depth = 0
    for j in range(k, len(toks)):
        if toks[j].kind == "op" and toks[j].value in "({[":
            depth += 1
        elif toks[j].kind == "op" and toks[j].value in ")}]":
            depth -= 1
            if depth == 0:
                return j
    return len(toks)


# --- facts ------------------------------------------------------------------------------------


def facts(models: list[dict[str, Source]], schema: dict[str, dict[str, str]]) -> Facts:
    out = Facts(time_axes=None)
    for sources in models:
        for s in sources.values():
            _source_facts(s, sources, schema, out)
    return out


def _source_facts(s: Source, sources: dict[str, Source], schema: dict[str, dict[str, str]], out: Facts) -> None:
    if s.table is None or s.table not in schema:
        out.unplaced.append(s.why or f"source {s.name}: {s.table} is not a table of the database")
        return
    r = Resolver(s, sources, schema)
    if s.primary_key:
        place_or_list(out, f"{s.name} primary key", lambda: out.primary_keys.append(Field(s.table, r.column(s.primary_key), name=s.name)))
    for name, toks in s.dimensions.items():
        place_or_list(out, f"{s.name}.{name}", lambda: _dimension(r, name, toks, out))
    for name, toks in s.measures.items():
        place_or_list(out, f"{s.name}.{name}", lambda: out.measures.append(_measure(r, name, toks)))
    if s.measures:
        out.explores.append(Field(s.table, name=s.name))
    for join in s.joins:
        place_or_list(out, f"{s.name} {join[0]} {join[1]}", lambda: out.joins.append(_join(r, *join)))


class Resolver:
    """Field names of one source turned into SQL over its table's columns."""

    def __init__(self, s: Source, sources: dict[str, Source], schema: dict[str, dict[str, str]]):
        self.s, self.sources, self.schema = s, sources, schema

    def column(self, name: str) -> str:
        name = self.s.renames.get(name, name)
        if name.lower() not in self.schema.get(self.s.table, {}):
            raise Unplaced(f"{name} is not a column of {self.s.table}")
        return name.lower()

    def joined(self, alias: str) -> Resolver:
        for _, a, src, _ in self.s.joins:
            if a == alias:
                target = self.sources.get(src)
                if target is None or target.table is None or target.table not in self.schema:
                    raise Unplaced(f"join {alias} reads {src}, not a table of the database")
                return Resolver(target, self.sources, self.schema)
        raise Unplaced(f"{alias} is not a join of {self.s.name}")

    def sql(self, toks: list[Tok], seen: frozenset[str] = frozenset()) -> tuple[str, str]:
        """(table, SQL) of an expression: every field path is resolved, and all must read one table."""
        bad = next((t.value for t in toks if t.value in UNMAPPED), None)
        if bad:
            raise Unplaced(f"uses {bad!r}, which the reader does not translate")
        parts: list[str] = []
        tables: set[str] = set()
        k = 0
        while k < len(toks):
            t = toks[k]
            if t.kind == "word" and (k == 0 or toks[k - 1].value != "."):
                path = [t.value]
                while k + 2 < len(toks) and toks[k + 1].value == "." and toks[k + 2].kind == "word":
                    path.append(toks[k + 2].value)
                    k += 2
                if k + 1 < len(toks) and toks[k + 1].value == "(":
                    if len(path) > 1:
                        raise Unplaced(f"aggregates through the join path {'.'.join(path[:-1])}")
                    parts.append(path[0])  # a function call
                else:
                    table, sql = self.path(path, seen)
                    tables.add(table)
                    parts.append(sql)
            elif t.kind == "string":
                parts.append("'" + t.value[1:-1].replace("'", "''") + "'" if t.value[0] == '"' else t.value)
            elif t.kind == "quoted":
                parts.append('"' + t.value[1:-1] + '"')
            else:
                parts.append(t.value)
            k += 1
        if len(tables) > 1:
            raise Unplaced(f"reads several tables ({', '.join(sorted(tables))})")
        sql = re.sub(r"!=\s*null\b", "is not null", " ".join(parts), flags=re.I)
        sql = re.sub(r"=\s*null\b", "is null", sql, flags=re.I)
        return (tables.pop() if tables else self.s.table), sql

    def path(self, path: list[str], seen: frozenset[str]) -> tuple[str, str]:
        head, rest = path[0], path[1:]
        if head in ("true", "false", "null", "and", "or", "not", "is", "then", "else", "when", "case", "end", "distinct"):
            return self.s.table, head
        if rest and any(j[1] == head for j in self.s.joins):
            return self.joined(head).path(rest, frozenset())
        if rest and rest[-1] in TIMEFRAMES:
            table, sql = self.path(path[:-1], seen)
            return table, f"date_trunc('{rest[-1]}', {sql})"
        if rest:
            raise Unplaced(f"{'.'.join(path)} reads a nested field")
        if head in self.s.measures:
            raise Unplaced(f"combines the measure {head}")
        if head in self.s.dimensions and head not in seen:
            table, sql = self.sql(self.s.dimensions[head], seen | {head})
            return table, f"({sql})"
        return self.s.table, self.column(head)


def _dimension(r: Resolver, name: str, toks: list[Tok], out: Facts) -> None:
    table, sql = r.sql(toks)
    node = _parse(sql)
    if not node.find(exp.Column):
        raise Unplaced(f"a constant ({sql})")
    if node.find(exp.AggFunc):
        raise Unplaced("an aggregate")
    types = r.schema.get(table, {})
    if isinstance(node, (exp.DateTrunc, exp.TimestampTrunc)):
        cols = list(node.find_all(exp.Column))
        if len(cols) == 1:
            out.time_dimensions.append(Field(table, cols[0].name, name=name))
            return
    if isinstance(node, exp.Column) and types.get(node.name, "").upper().startswith(TIME_TYPES):
        out.time_dimensions.append(Field(table, node.name, name=name))
        return
    out.dimensions.append(Field(table, text(node), name=name))


def _measure(r: Resolver, name: str, toks: list[Tok]):
    toks, where = _filter(toks)
    if len(toks) > 2 and toks[1].value == "." and (toks[0].value == "source" or any(j[1] == toks[0].value for j in r.s.joins)):
        raise Unplaced(f"aggregates through the join path {toks[0].value}")
    toks = _method_form(toks)
    if len(toks) < 3 or toks[0].value not in AGGS or toks[1].value != "(" or _close(toks, 1) != len(toks) - 1:
        raise Unplaced(f"not one aggregate: {' '.join(map(str, toks))[:80]}")
    inner = toks[2:-1]
    agg = AGGS[toks[0].value]
    if inner and inner[0].value == "distinct":
        agg, inner = "count_distinct", inner[1:]
    table, expr = r.sql(inner) if inner else (r.s.table, None)
    if agg == "count_distinct" and expr is None:
        agg = "count"
    cond = None
    if where:
        cond_table, cond = r.sql(where)
        if cond_table != table:
            raise Unplaced(f"filter reads {cond_table}, measure reads {table}")
    pk = (r.column(r.s.primary_key),) if r.s.primary_key and table == r.s.table else ()
    try:
        return measure(table, expr, agg, cond, name=name, primary_key=pk)
    except sqlglot.errors.ParseError:
        raise Unplaced(f"not SQL once translated: {expr} where {cond}") from None


def _parse(sql: str) -> exp.Expression:
    try:
        return canonical(parse(sql))
    except sqlglot.errors.ParseError:
        raise Unplaced(f"not SQL once translated: {sql[:60]}") from None


def _join(r: Resolver, kind: str, alias: str, src: str, how: list[Tok]) -> Join:
    if kind == "join_cross":
        raise Unplaced("a cross join")
    other = r.joined(alias)
    if how and how[0].value == "with":
        if not other.s.primary_key:
            raise Unplaced(f"joins {src} with a key, and {src} declares no primary key")
        # The key may be a field of a source joined before (`regions with customers.state`): then
        # that source's table is the many side.
        table, key = _one_column(r, how[1:])
        return Join(many=(table, (key,)), one=(other.s.table, (other.column(other.s.primary_key),)))
    elif how and how[0].value == "on":
        ours, theirs = [], []
        for part in _split_and(how[1:]):
            eq = [k for k, t in enumerate(part) if t.value == "="]
            if len(eq) != 1:
                raise Unplaced(f"a join condition that is not an equality: {' '.join(map(str, part))[:60]}")
            left, right = part[:eq[0]], part[eq[0] + 1:]
            if right and right[0].value == alias:
                left, right = right, left
            if not (left and left[0].value == alias and len(left) == 3 and left[1].value == "."):
                raise Unplaced(f"a join condition the reader does not read: {' '.join(map(str, part))[:60]}")
            theirs.append(other.column(left[2].value))
            table, key = _one_column(r, right)
            if table != r.s.table:
                raise Unplaced(f"a join condition on a field of another join: {' '.join(map(str, part))[:60]}")
            ours.append(key)
    else:
        raise Unplaced(f"a join to {src} without a condition")
    here, there = (r.s.table, tuple(ours)), (other.s.table, tuple(theirs))
    return Join(many=here, one=there) if kind == "join_one" else Join(many=there, one=here)


def _one_column(r: Resolver, toks: list[Tok]) -> tuple[str, str]:
    table, sql = r.sql(toks)
    node = _parse(sql)
    if not isinstance(node, exp.Column):
        raise Unplaced(f"a join key that is not a column: {sql}")
    return table, node.name


def _split_and(toks: list[Tok]) -> list[list[Tok]]:
    top = set(_top_level(toks))
    parts, current = [], []
    for k, t in enumerate(toks):
        if k in top and t.value == "and":
            parts.append(current)
            current = []
        else:
            current.append(t)
    return [*parts, current]


def _filter(toks: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """`agg(...) { where: cond }` as (aggregate, condition)."""
    if toks and toks[-1].value == "}":
        start = next(k for k in range(len(toks)) if toks[k].value == "{" and _close(toks, k) == len(toks) - 1)
        block = toks[start + 1:-1]
        if len(block) < 3 or block[0].value != "where" or block[1].value != ":":
            raise Unplaced(f"a refinement the reader does not translate: {' '.join(map(str, block))[:60]}")
        return toks[:start], block[2:]
    return toks, []


def _method_form(toks: list[Tok]) -> list[Tok]:
    """`c.sum()` (Malloy's method form on a field of the source) as `sum(c)`."""
    if len(toks) >= 4 and toks[-1].value == ")" and toks[-2].value == "(" and toks[-3].value in AGGS and toks[-4].value == ".":
        field_toks = toks[:-4]
        if field_toks:
            return [toks[-3], Tok("op", "("), *field_toks, Tok("op", ")")]
    return toks
