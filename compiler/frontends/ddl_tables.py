"""CREATE TABLE: from a statement to a Table with its columns, keys and comments.

sqlglot parses the statement; when it cannot, the vendor clauses it does not know are blanked out
(ddl_text) and it is tried once more, and only a statement that still fails is malformed. The
tree gives the structure - columns, NOT NULL, primary, unique and foreign keys, comments - while
types and defaults are taken from the source text, so they keep the spelling of the file. The
tree-to-catalog helpers here are also used for the columns and keys that ALTER TABLE adds.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from compiler.diagnostics import FE012
from compiler.frontends.ddl_reader import PendingView, Reader
from compiler.frontends.ddl_split import Statement, tokenize
from compiler.frontends.ddl_text import blank_table_noise, column_pieces, name_after, sqlite_type_words
from ir.catalog import Column, ForeignKey, Table, TableRef, UniqueKey

Pieces = dict[str, tuple[str, str | None]]


def parse(text: str, dialect: str) -> exp.Expression | ParseError | None:
    """sqlglot's tree for one statement, or the error to report (never raises)."""
    try:
        return sqlglot.parse_one(text, read=dialect)
    except ParseError as e:
        return e
    except (TokenError, ValueError, RecursionError) as e:  # tokenizer errors carry no position
        return ParseError(str(e))


def is_create(tree: object, kind: str) -> bool:
    return isinstance(tree, exp.Create) and kind in (tree.kind or "").upper().split()


def table_name(t: exp.Expression) -> tuple[str | None, str]:
    """(schema, name) of a table expression; catalog and schema join into one qualifier."""
    if not isinstance(t, exp.Table):
        return None, t.name
    qualifiers = [p.name for p in (t.args.get("catalog"), t.args.get("db")) if p is not None and p.name]
    return ".".join(qualifiers) or None, t.name


def created_name(tree: exp.Create) -> tuple[str | None, str]:
    target = tree.this
    return table_name(target.this if isinstance(target, exp.Schema) else target)


def _column_name(e: exp.Expression) -> str:
    while isinstance(e, (exp.Ordered, exp.ColumnPrefix)):
        e = e.this
    return e.name if isinstance(e, (exp.Identifier, exp.Column)) else ""


def _literal(e: exp.Expression | None) -> str | None:
    return e.this if isinstance(e, exp.Literal) else None


def _description(props: exp.Properties) -> str | None:
    for p in props.expressions:
        if isinstance(p, exp.Property) and p.name.lower() == "description":
            return _literal(p.args.get("value"))
    return None


def properties_comment(tree: exp.Create) -> str | None:
    """A table's or view's comment: COMMENT = '...' or BigQuery's OPTIONS(description=...)."""
    props = tree.args.get("properties")
    if not isinstance(props, exp.Properties):
        return None
    for p in props.expressions:
        if isinstance(p, exp.SchemaCommentProperty):
            return _literal(p.this)
    return _description(props)


def create_table(r: Reader, stmt: Statement) -> None:
    toks = tokenize(stmt.text, r.lex)
    tree = parse(stmt.text, r.dialect)
    tail_comment = None
    if not is_create(tree, "TABLE") and r.dialect == "sqlite":
        tree = parse(sqlite_type_words(stmt.text, toks), r.dialect)
    if not is_create(tree, "TABLE"):
        cleaned, dropped, tail_comment = blank_table_noise(stmt.text, toks, r.lex)
        retry = parse(cleaned, r.dialect) if cleaned != stmt.text else tree
        if not is_create(retry, "TABLE"):
            parts, after = name_after(toks, "TABLE", r.dialect)
            if parts and after < len(toks) and toks[after].text != "(":
                # No column list (CLONE, AS ... in a form sqlglot does not know): keep the name.
                r.diags.report(FE012, f"table {'.'.join(parts)}: definition not understood; its columns are unknown", r.at(stmt))
                return r.add(Table(name=parts[-1], schema=".".join(parts[:-1]) or None), stmt)
            return r.malformed_statement(stmt, retry if isinstance(retry, ParseError) else tree, "CREATE TABLE")
        tree = retry
        if dropped:
            shown = "; ".join(d if len(d) <= 60 else d[:57] + "..." for d in dropped)
            hint = ".".join(name_after(toks, "TABLE")[0]) or "?"
            r.diags.report(FE012, f"table {hint}: ignored what sqlglot cannot read: {shown}", r.at(stmt))
    assert isinstance(tree, exp.Create)
    schema, name = created_name(tree)
    if r.dialect == "sqlite" and name.lower().startswith("sqlite_"):
        return r.skip(stmt, "SQLite internal table")
    table = Table(name=name, schema=schema, kind="table")
    if isinstance(tree.this, exp.Schema):
        pieces = column_pieces(stmt.text, toks, r.lex)
        for e in tree.this.expressions:
            table_element(table, e, pieces, r.dialect)
    like = tree.find(exp.LikeProperty, exp.PartitionedOfProperty)
    if like is not None and isinstance(like.this, exp.Table) and not table.columns:
        source = r.find(*table_name(like.this))
        if source is None:
            r.diags.report(FE012, f"table {table.key} copies the columns of {like.this.sql(r.dialect)}, which is not in this file", r.at(stmt))
        else:
            table.columns = [c.model_copy() for c in source.columns]
            if isinstance(like, exp.PartitionedOfProperty):
                r.parents[table.key] = source.key
    inherits = tree.find(exp.InheritsProperty)
    if inherits is not None:
        # PostgreSQL INHERITS: the parents' columns come first, then the table's own.
        inherited = []
        for parent_ref in inherits.expressions:
            parent = r.find(*table_name(parent_ref)) if isinstance(parent_ref, exp.Table) else None
            if parent is None:
                r.diags.report(FE012, f"table {table.key} inherits from {parent_ref.sql(r.dialect)}, which is not in this file", r.at(stmt))
                continue
            r.parents.setdefault(table.key, parent.key)
            own = {c.name for c in table.columns} | {c.name for c in inherited}
            inherited += [c.model_copy() for c in parent.columns if c.name not in own]
        table.columns = inherited + table.columns
    if tree.expression is not None and not table.columns and isinstance(tree.expression, exp.Query):
        r.views.append(PendingView(table, tree.expression, [], r.at(stmt)))
    table.comment = properties_comment(tree) or tail_comment
    r.add(table, stmt)


def table_element(table: Table, e: exp.Expression, pieces: Pieces, dialect: str) -> None:
    if isinstance(e, exp.Identifier):  # SQLite allows a column without a type
        table.columns.append(Column(name=e.name, type=""))
    elif isinstance(e, exp.ColumnDef):
        column_def(table, e, pieces, dialect)
    else:
        table_constraint(table, e)


def column_def(table: Table, e: exp.ColumnDef, pieces: Pieces, dialect: str) -> None:
    name = e.name
    kind = e.args.get("kind")
    raw_type, raw_default = pieces.get(name, ("", None))
    col = Column(name=name, type=raw_type or (kind.sql(dialect) if kind else ""))
    for c in e.constraints:
        k = c.args.get("kind")
        cname = c.name or None
        if isinstance(k, exp.ComputedColumnConstraint) and not col.type:
            # T-SQL's `[IsFinalized] AS (CASE ... CONVERT(bit, 1) END)` declares no type: the
            # column has the type its expression converts to.
            typed = _converted_type(k.this)
            col.type = typed.sql(dialect) if typed is not None else ""
        if isinstance(k, exp.NotNullColumnConstraint):
            col.nullable = bool(k.args.get("allow_null"))
        elif isinstance(k, exp.PrimaryKeyColumnConstraint):
            table.primary_key = [name]
            table.primary_key_name = cname
            col.nullable = False
        elif isinstance(k, exp.UniqueColumnConstraint):
            table.unique_keys.append(UniqueKey(columns=[name], name=cname))
        elif isinstance(k, exp.DefaultColumnConstraint):
            col.default = raw_default or (k.this.sql(dialect) if k.this is not None else None)
            if col.default and col.default.upper() == "NULL":  # DEFAULT NULL: no default at all
                col.default = None
        elif isinstance(k, exp.CommentColumnConstraint):
            col.comment = _literal(k.this)
        elif isinstance(k, exp.Reference) or (isinstance(k, exp.ForeignKey) and isinstance(k.args.get("reference"), exp.Reference)):
            # T-SQL also spells a column's reference `FOREIGN KEY REFERENCES t (c)`.
            fk = _reference([name], k if isinstance(k, exp.Reference) else k.args["reference"], cname)
            if fk:
                table.foreign_keys.append(fk)
        elif isinstance(k, exp.Properties):  # BigQuery OPTIONS(description=...)
            col.comment = _description(k) or col.comment
    table.columns.append(col)


def _converted_type(e: exp.Expression | None) -> exp.DataType | None:
    """The type a computed column's expression converts to: its outermost CAST, TRY_CAST or
    CONVERT, through parentheses and COALESCE or ISNULL, or the one type every branch of a CASE
    converts to (NULL branches aside); None when the expression says no type."""
    while isinstance(e, exp.Paren):
        e = e.this
    if isinstance(e, (exp.Cast, exp.TryCast)):
        return e.to
    if isinstance(e, exp.Convert) and isinstance(e.this, exp.DataType):
        return e.this
    if isinstance(e, exp.Case):
        branches = [i.args.get("true") for i in e.args.get("ifs") or []] + [e.args.get("default")]
        types = [_converted_type(b) for b in branches if b is not None and not isinstance(b, exp.Null)]
        if types and all(t is not None for t in types) and len({t.sql() for t in types}) == 1:
            return types[0]
        return None
    if isinstance(e, exp.Coalesce):
        return _converted_type(e.this)
    return None


def table_constraint(table: Table, e: exp.Expression, name: str | None = None) -> None:
    if isinstance(e, exp.Constraint):
        # T-SQL: CONSTRAINT pk PRIMARY KEY CLUSTERED (cols) puts the columns on the CLUSTERED part.
        holder = next((x for x in e.expressions if isinstance(x, (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint))), None)
        if holder is not None and isinstance(holder.this, list):
            cols = [_column_name(c) for c in holder.this]
            if any(isinstance(x, exp.PrimaryKeyColumnConstraint) for x in e.expressions):
                return table_constraint(table, exp.PrimaryKey(expressions=[exp.to_identifier(c) for c in cols]), e.name or None)
            if any(isinstance(x, exp.UniqueColumnConstraint) for x in e.expressions):
                table.unique_keys.append(UniqueKey(columns=cols, name=e.name or None))
                return None
        for inner in e.expressions:
            table_constraint(table, inner, e.name or None)
    elif isinstance(e, exp.PrimaryKey):
        table.primary_key = [_column_name(c) for c in e.expressions]
        table.primary_key_name = name
        for col in table.columns:
            if col.name in table.primary_key:
                col.nullable = False
    elif isinstance(e, exp.UniqueColumnConstraint):
        target = e.this
        cols = target.expressions if isinstance(target, exp.Schema) else []
        if isinstance(target, exp.Schema) and isinstance(target.this, exp.Identifier):
            name = name or target.this.name  # MySQL: UNIQUE KEY name (cols)
        if cols and all(_column_name(c) for c in cols):
            table.unique_keys.append(UniqueKey(columns=[_column_name(c) for c in cols], name=name))
    elif isinstance(e, exp.ForeignKey):
        ref = e.args.get("reference")
        fk = _reference([_column_name(c) for c in e.expressions], ref, name) if ref is not None else None
        if fk:
            table.foreign_keys.append(fk)
    return None


def _reference(columns: list[str], ref: exp.Reference, name: str | None) -> ForeignKey | None:
    target = ref.this
    table_exp = target.this if isinstance(target, exp.Schema) else target
    if not isinstance(table_exp, exp.Table):
        return None
    schema, tname = table_name(table_exp)
    ref_cols = [_column_name(c) for c in target.expressions] if isinstance(target, exp.Schema) else []
    return ForeignKey(columns=columns, ref_table=TableRef(name=tname, schema=schema), ref_columns=ref_cols, name=name)
