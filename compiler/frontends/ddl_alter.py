"""Statements that change tables defined elsewhere in the script: ALTER TABLE, CREATE UNIQUE
INDEX, COMMENT ON, T-SQL's sp_addextendedproperty and DROP TABLE / VIEW.

Dumps put keys, defaults and comments after (sometimes long after) the CREATE TABLE, and not
always in file order, so each change goes through Reader.on_table: applied at once when the table
is known, otherwise at the end of the file. Only what a semantic model needs is read - keys,
defaults, nullability, comments; other ALTERs are counted as skipped.
"""

from __future__ import annotations

from sqlglot import exp

from compiler.diagnostics import FE012
from compiler.frontends.ddl_reader import Reader
from compiler.frontends.ddl_split import Statement, Token, string_value, tokenize, unquote
from compiler.frontends.ddl_tables import column_def, parse, table_constraint
from compiler.frontends.ddl_text import blank_constraint_noise, dotted, matching, skip_words, split_commas
from ir.catalog import Table, UniqueKey

_INDEX_WORDS = {"CREATE", "UNIQUE", "INDEX", "CLUSTERED", "NONCLUSTERED", "USING", "IF", "NOT", "EXISTS", "CONCURRENTLY", "ONLY"}
_ALTER_ACTIONS = (exp.AddConstraint, exp.ColumnDef, exp.AlterColumn, exp.Constraint, exp.PrimaryKey, exp.ForeignKey, exp.UniqueColumnConstraint)
_EXTENDED_PROPERTY_ARGS = ["@name", "@value", "@level0type", "@level0name", "@level1type", "@level1name", "@level2type", "@level2name"]


def alter_table(r: Reader, stmt: Statement) -> None:
    toks = tokenize(stmt.text, r.lex)
    parts, i = dotted(toks, skip_words(toks, 2, ("IF", "EXISTS", "ONLY")), r.dialect)
    if not parts:
        return r.skip(stmt, "ALTER TABLE")
    action = {t.upper for t in toks[i:]}
    if i + 1 < len(toks) and toks[i].upper == "ATTACH" and toks[i + 1].upper == "PARTITION":
        return _attach_partition(r, stmt, parts, toks, i + 2)
    tree = parse(stmt.text, r.dialect)
    if not isinstance(tree, exp.Alter) and action & {"PRIMARY", "FOREIGN", "UNIQUE", "COLUMN"}:
        cleaned = blank_constraint_noise(stmt.text, toks[i:])
        tree = parse(cleaned, r.dialect) if cleaned != stmt.text else tree
    if isinstance(tree, exp.Alter):
        # Oracle wraps what it adds in parentheses: ADD ( CONSTRAINT ... , CONSTRAINT ... ).
        flat = [e for a in tree.args.get("actions") or [] for e in (a.expressions if isinstance(a, exp.Schema) else [a])]
        actions = [a for a in flat if isinstance(a, _ALTER_ACTIONS)]
        if actions:
            raw_default = _raw_set_default(toks[i:], stmt.text) if len(actions) == 1 else None
            return r.on_table(stmt, parts, lambda t: _apply_alter(t, actions, raw_default, r.dialect))
    default = _tsql_default_for(toks[i:], stmt.text) if "DEFAULT" in action and "FOR" in action else None
    if default:
        column, value = default
        return r.on_table(stmt, parts, lambda t: _set_default(t, column, value))
    if action & {"PRIMARY", "FOREIGN", "UNIQUE"} and "DROP" not in action:
        r.diags.report(FE012, "ALTER TABLE adding a key could not be parsed; the key is missing", r.at(stmt))
        return None
    r.skip(stmt, "ALTER TABLE")


def _attach_partition(r: Reader, stmt: Statement, parent: list[str], toks: list[Token], i: int) -> None:
    """`ALTER TABLE parent ATTACH PARTITION child FOR VALUES ...`: how pg_dump writes every
    partition, a table of its own first and attached after. The child folds into its parent as a
    PARTITION OF child does (compiler.frontends.common)."""
    child, _ = dotted(toks, i, r.dialect)
    if not child:
        return r.skip(stmt, "ALTER TABLE")

    def attach(table: Table) -> None:
        found = r.find(".".join(child[:-1]) or None, child[-1])
        if found is None:
            r.diags.report(FE012, f"partition {'.'.join(child)} of {table.key} is not in this file", r.at(stmt))
        else:
            r.parents.setdefault(found.key, table.key)

    r.on_table(stmt, parent, attach)


def _apply_alter(table: Table, actions: list[exp.Expression], raw_default: str | None, dialect: str) -> None:
    for a in actions:
        if isinstance(a, exp.AddConstraint):
            for e in a.expressions:
                table_constraint(table, e)
        elif isinstance(a, exp.ColumnDef):
            column_def(table, a, {}, dialect)
        elif isinstance(a, exp.AlterColumn):
            col = table.column(a.name)
            if col is None:
                continue
            if a.args.get("default") is not None:
                col.default = raw_default or a.args["default"].sql(dialect)
            elif a.args.get("drop") and a.args.get("allow_null") is None:
                col.default = None
            if a.args.get("allow_null") is not None:
                col.nullable = bool(a.args["allow_null"])
        else:
            table_constraint(table, a)


def _tsql_default_for(toks: list[Token], text: str) -> tuple[str, str] | None:
    """ADD [CONSTRAINT name] DEFAULT <expr> FOR <column>, which sqlglot does not read."""
    d = next((k for k, t in enumerate(toks) if t.upper == "DEFAULT"), None)
    f = next((k for k, t in enumerate(toks) if t.upper == "FOR" and d is not None and k > d + 1), None)
    if d is None or f is None or f + 1 >= len(toks):
        return None
    return unquote(toks[f + 1]), text[toks[d + 1].start:toks[f - 1].end].strip()


def _raw_set_default(toks: list[Token], text: str) -> str | None:
    """The default of ALTER COLUMN ... SET DEFAULT <expr>, as written."""
    d = next((k for k, t in enumerate(toks) if t.upper == "DEFAULT" and k and toks[k - 1].upper == "SET"), None)
    if d is None or d + 1 >= len(toks):
        return None
    end = toks[-1].start if toks[-1].text == ";" else toks[-1].end
    return text[toks[d + 1].start:end].strip() or None


def _set_default(table: Table, column: str, value: str) -> None:
    col = table.column(column)
    if col is not None:
        col.default = value


def unique_index(r: Reader, stmt: Statement) -> None:
    """CREATE UNIQUE INDEX on plain columns is a unique key; on expressions or partial, it is not."""
    toks = tokenize(stmt.text, r.lex)
    on = next((i for i, t in enumerate(toks) if t.upper == "ON"), None)
    if on is None:
        return r.skip(stmt, "CREATE INDEX")
    parts, i = dotted(toks, on + 1, r.dialect)
    if i < len(toks) and toks[i].upper == "USING":
        i += 2
    if not parts or i >= len(toks) or toks[i].text != "(":
        r.diags.report(FE012, "CREATE UNIQUE INDEX not understood; no unique key recorded", r.at(stmt))
        return None
    close = matching(toks, i)
    columns = []
    for element in split_commas(toks[i + 1:close]):
        plain = element and element[0].kind in ("word", "ident") and (len(element) == 1 or element[1].text != "(")
        if not plain:
            r.diags.report(FE012, "unique index on an expression is not a unique key of columns; skipped", r.at(stmt))
            return None
        columns.append(unquote(element[0]))
    if any(t.upper == "WHERE" for t in toks[close:]):
        r.diags.report(FE012, "partial unique index (WHERE ...) is not a unique key of the table; skipped", r.at(stmt))
        return None
    name_tok = None
    for k, t in enumerate(toks[:on]):
        if t.kind in ("word", "ident") and t.upper not in _INDEX_WORDS and toks[k - 1].upper != "USING":
            name_tok = t
    uk = UniqueKey(columns=columns, name=unquote(name_tok) if name_tok else None)
    r.on_table(stmt, parts, lambda t: _add_unique(t, uk))


def _add_unique(table: Table, uk: UniqueKey) -> None:
    if uk.columns != table.primary_key and all(existing.columns != uk.columns for existing in table.unique_keys):
        table.unique_keys.append(uk)


def comment_on(r: Reader, stmt: Statement) -> None:
    toks = tokenize(stmt.text, r.lex)
    i = next((k for k, t in enumerate(toks) if t.upper == "ON"), len(toks)) + 1
    kinds = []
    while i < len(toks) and toks[i].upper in ("TABLE", "COLUMN", "VIEW", "MATERIALIZED", "FOREIGN"):
        kinds.append(toks[i].upper)
        i += 1
    parts, i = dotted(toks, i, r.dialect)
    if not kinds or not parts or i >= len(toks) or toks[i].upper != "IS":
        return r.skip(stmt, "COMMENT")
    value_tok = toks[i + 1] if i + 1 < len(toks) else None
    value = string_value(value_tok, r.lex) if value_tok is not None and value_tok.kind == "string" else None
    if kinds != ["COLUMN"]:
        return _comment(r, stmt, parts, None, value)
    if len(parts) < 2:
        return r.skip(stmt, "COMMENT")
    _comment(r, stmt, parts[:-1], parts[-1], value)


def extended_property(r: Reader, stmt: Statement) -> None:
    """EXEC sp_addextendedproperty 'MS_Description', ...: how SSMS scripts table and column comments."""
    toks = tokenize(stmt.text, r.lex)
    start = next(i for i, t in enumerate(toks) if "sp_addextendedproperty" in t.text.lower()) + 1
    args: dict[str, str] = {}
    for position, element in enumerate(split_commas(toks[start:])):
        key = _EXTENDED_PROPERTY_ARGS[position] if position < len(_EXTENDED_PROPERTY_ARGS) else ""
        if len(element) >= 3 and element[0].text.startswith("@") and element[1].text == "=":
            key, element = element[0].text.lower(), element[2:]
        if element:
            args[key] = string_value(element[0], r.lex) if element[0].kind == "string" else unquote(element[0])
    if args.get("@name", "").lower() != "ms_description" or (args.get("@level1type") or "").upper() not in ("TABLE", "VIEW"):
        return r.skip(stmt, "EXEC")
    parts = [p for p in (args.get("@level0name"), args.get("@level1name")) if p]
    column = args.get("@level2name") if (args.get("@level2type") or "").upper() == "COLUMN" else None
    _comment(r, stmt, parts, column or None, args.get("@value"))


def _comment(r: Reader, stmt: Statement, parts: list[str], column: str | None, value: str | None) -> None:
    if column is None:
        return r.on_table(stmt, parts, lambda t: setattr(t, "comment", value))

    def set_column_comment(table: Table) -> None:
        col = table.column(column) or next((c for c in table.columns if c.name.lower() == column.lower()), None)
        if col is not None:
            col.comment = value

    r.on_table(stmt, parts, set_column_comment)


def drop(r: Reader, stmt: Statement) -> None:
    toks = tokenize(stmt.text, r.lex)
    i = skip_words(toks, 1, ("TABLE", "VIEW", "MATERIALIZED", "IF", "EXISTS"))
    while i < len(toks):
        parts, i = dotted(toks, i, r.dialect)
        if not parts:
            break
        t = r.find(".".join(parts[:-1]) or None, parts[-1])
        if t is not None:
            r.drop(t, stmt)
        if i < len(toks) and toks[i].text == ",":
            i += 1
        else:
            break
