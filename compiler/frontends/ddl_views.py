"""CREATE VIEW and CREATE MATERIALIZED VIEW, and the columns of views.

A view's definition is kept as written. Its columns are worked out at the end of the file, when
every table is known: each projection of the (first) SELECT gives a column, typed from a CAST or
from the source column it names, and `*` expands to the columns of the tables it reads. A view
whose query sqlglot cannot parse is still kept, by name, with its columns unknown.
"""

from __future__ import annotations

import re

from sqlglot import exp

from compiler.diagnostics import FE012
from compiler.frontends.ddl_reader import PendingView, Reader
from compiler.frontends.ddl_split import Statement, Token, tokenize
from compiler.frontends.ddl_tables import created_name, is_create, parse, properties_comment, table_name
from compiler.frontends.ddl_text import name_after
from ir.catalog import Column, Table

# Options after the query that sqlglot rejects but that say nothing about the view's columns.
_VIEW_TAIL = re.compile(r"\s+WITH\s+(?:NO\s+DATA|DATA|(?:CASCADED\s+|LOCAL\s+)?CHECK\s+OPTION|READ\s+ONLY)\s*;?\s*$", re.I)

Sources = dict[str, tuple[str | None, str]]


def create_view(r: Reader, stmt: Statement, kind: str) -> None:
    toks = tokenize(stmt.text, r.lex)
    m = _VIEW_TAIL.search(stmt.text)
    text = stmt.text[:m.start()] + " " * (len(stmt.text) - m.start()) if m else stmt.text
    tree = parse(text, r.dialect)
    as_tok = _view_as(toks)
    definition = text[as_tok.end:].strip().rstrip(";").strip() if as_tok else None
    if is_create(tree, "VIEW"):
        assert isinstance(tree, exp.Create)
        schema, name = created_name(tree)
        names = [c.name for c in tree.this.expressions] if isinstance(tree.this, exp.Schema) else []
        view = Table(name=name, schema=schema, kind=kind, definition=definition or (tree.expression.sql(r.dialect) if tree.expression else None))
        view.comment = properties_comment(tree)
        if isinstance(tree.expression, exp.Query):
            r.views.append(PendingView(view, tree.expression, names, r.at(stmt)))
        return r.add(view, stmt)
    parts, _ = name_after(toks, "VIEW", r.dialect)
    if not parts:
        return r.malformed_statement(stmt, tree, "CREATE VIEW")
    view = Table(name=parts[-1], schema=".".join(parts[:-1]) or None, kind=kind, definition=definition)
    r.diags.report(FE012, f"view {view.key}: its query could not be parsed, so its columns are unknown", r.at(stmt))
    r.add(view, stmt)


def _view_as(toks: list[Token]) -> Token | None:
    """The AS that starts a view's query (not one inside its column list or options)."""
    i = next((k for k, t in enumerate(toks) if t.upper == "VIEW"), None)
    if i is None:
        return None
    depth = 0
    for t in toks[i + 1:]:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth == 0 and t.upper == "AS":
            return t
    return None


def resolve_view_columns(r: Reader, view: PendingView) -> None:
    query = view.query
    while isinstance(query, exp.SetOperation):  # a UNION's columns are those of its first branch
        query = query.this
    if not isinstance(query, exp.Select):
        return
    sources = _sources(query)
    columns: list[Column] = []
    incomplete = False
    for proj in query.expressions:
        inner = proj.this if isinstance(proj, exp.Alias) else proj
        if isinstance(inner, exp.Star) or (isinstance(inner, exp.Column) and isinstance(inner.this, exp.Star)):
            qualifier = inner.table if isinstance(inner, exp.Column) else ""
            chosen = [t for a, t in sources.items() if not qualifier or a == qualifier]
            tables = [r.find(*t) for t in chosen]
            if not chosen or any(t is None for t in tables):
                incomplete = True
                continue
            for t in tables:
                assert t is not None
                columns += [Column(name=c.name, type=c.type, nullable=c.nullable) for c in t.columns]
            continue
        name = proj.alias_or_name or proj.sql(r.dialect)
        columns.append(Column(name=name, type=_expression_type(r, inner, sources)))
    for col, new in zip(columns, view.names):
        col.name = new
    view.table.columns = columns
    if incomplete:
        r.diags.report(FE012, f"view {view.table.key}: SELECT * over a table not in this file; those columns are unknown", view.where)


def _expression_type(r: Reader, e: exp.Expression, sources: Sources) -> str:
    if isinstance(e, exp.Cast):
        return e.to.sql(r.dialect)
    if isinstance(e, exp.Column):
        candidates = [sources[e.table]] if e.table in sources else ([] if e.table else list(sources.values()))
        for ref in candidates:
            t = r.find(*ref)
            col = t.column(e.name) if t else None
            if col is not None:
                return col.type
    return ""


def _sources(select: exp.Select) -> Sources:
    """Alias (or name) -> (schema, table) of the tables a SELECT reads directly."""
    out = {}
    nodes = []
    from_ = select.args.get("from_") or select.args.get("from")
    if from_ is not None:
        nodes.append(from_.this)
    nodes += [j.this for j in select.args.get("joins") or []]
    while nodes:
        node = nodes.pop(0)
        if isinstance(node, exp.Table):
            out[node.alias_or_name] = table_name(node)
        elif isinstance(node, (exp.Paren, exp.Join)) or (isinstance(node, exp.Subquery) and not isinstance(node.this, exp.Query)):
            # pg_dump writes FROM (a JOIN b ON ...), which parses as a "subquery" of a join.
            nodes.append(node.this)
        if isinstance(node, exp.Expression):
            nodes += [j.this for j in node.args.get("joins") or []]
    return out
