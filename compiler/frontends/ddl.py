"""Frontend for SQL DDL scripts and dumps (pg_dump, mysqldump, SSMS, SQL Developer, .schema ...).

The script is split by a dialect-aware scanner (ddl_split), each statement is classified by its
leading keywords, and only schema statements reach sqlglot: CREATE TABLE / VIEW, ALTER TABLE,
CREATE UNIQUE INDEX, COMMENT ON, DROP, and T-SQL's sp_addextendedproperty. Data and session
statements (INSERT, COPY, SET, ...) are counted, never parsed, and reported once per kind.

Names are kept exactly as written (quotes removed, case untouched); raw column types and defaults
are sliced from the source text rather than regenerated, so `NUMERIC(10,2)` stays `NUMERIC(10,2)`.
A table sqlglot cannot parse is retried with its vendor options blanked out (same length, so error
positions still point into the file); if the column list itself is malformed the statement is
reported as FE004 and `read` raises after the whole file has been reported.

Without --dialect the dialect is guessed from telltale text (GO lines, backticks with ENGINE=,
COPY FROM stdin, VARCHAR2 ...) and falls back to postgres; the guess is recorded in the snapshot.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError

from compiler.diagnostics import FE001, FE004, FE005, FE008, FE012, Diagnostics, InputError
from compiler.frontends.ddl_split import Lexicon, Statement, Token, leading_words, lexicon, split, string_value, tokenize, unquote
from compiler.options import SourceOptions
from ir.catalog import Column, ForeignKey, Table, TableRef, UniqueKey, table_key
from ir.snapshot import Snapshot, Source

DEFAULT_DIALECT = "postgres"
_ALIASES = {"postgresql": "postgres", "pg": "postgres", "psql": "postgres", "mssql": "tsql", "sqlserver": "tsql",
            "mariadb": "mysql", "sqlite3": "sqlite", "bq": "bigquery", "plsql": "oracle"}

# Telltales for guessing the dialect of a script given without --dialect.
_HINTS: dict[str, list[str]] = {
    "tsql": [r"(?im)^\s*GO\s*$", r"\[dbo\]", r"(?i)\bIDENTITY\s*\(", r"(?i)\bNVARCHAR\b", r"(?i)SET ANSI_NULLS"],
    "mysql": [r"(?i)\bENGINE\s*=", r"/\*!\d", r"(?i)\bAUTO_INCREMENT\b", r"(?im)^DELIMITER\s", r"(?i)^LOCK TABLES"],
    "postgres": [r"(?i)\bFROM\s+stdin;", r"\bpg_catalog\b", r"(?m)^\\connect", r"(?i)\bOWNER TO\b", r"(?i)ALTER TABLE ONLY"],
    "oracle": [r"(?i)\bVARCHAR2\b", r"(?im)^\s*/\s*$", r"(?i)\bNUMBER\s*\(", r"(?i)\bSYSDATE\b"],
    "sqlite": [r"(?i)\bAUTOINCREMENT\b", r"(?i)\bPRAGMA\b", r"(?i)WITHOUT ROWID", r"sqlite_sequence"],
    "bigquery": [r"`[\w-]+\.\w+\.\w+`", r"(?i)\bINT64\b", r"(?i)\bSTRUCT<", r"(?i)\bARRAY<"],
    "snowflake": [r"(?i)\bVARIANT\b", r"(?i)\bTIMESTAMP_NTZ\b", r"(?i)\bTRANSIENT\b", r"(?i)USE WAREHOUSE"],
    "duckdb": [r"(?i)\bHUGEINT\b", r"(?i)\bUBIGINT\b", r"(?i)CREATE MACRO", r"(?i)\bSTRUCT\("],
}

_OBJECTS = {"TABLE", "VIEW", "INDEX", "FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "SEQUENCE", "TYPE", "EXTENSION",
            "SCHEMA", "DATABASE", "DOMAIN", "EVENT", "PACKAGE", "SYNONYM", "ROLE", "USER", "AGGREGATE", "OPERATOR",
            "RULE", "POLICY", "PUBLICATION", "SUBSCRIPTION", "COLLATION", "CAST", "SERVER", "MACRO", "STAGE",
            "PIPE", "STREAM", "TASK", "WAREHOUSE", "TABLESPACE", "LANGUAGE", "STATISTICS", "LOGIN", "ASSEMBLY"}
# Statements that come by the hundred in dumps: one FE005 per kind, with a count.
_BULK = {"INSERT", "REPLACE", "COPY", "SET", "USE", "LOCK", "UNLOCK", "BEGIN", "COMMIT", "START", "ROLLBACK",
         "END", "SELECT", "GRANT", "REVOKE", "DENY", "DROP", "ALTER", "PRAGMA", "EXEC", "EXECUTE", "PRINT",
         "ANALYZE", "VACUUM", "SAVEPOINT", "RELEASE", "CREATE INDEX", "CREATE SEQUENCE", "UPDATE", "DELETE",
         "TRUNCATE", "IF", "DECLARE", "CALL", "client command"}
# Leading words of statements a SQL client would accept; anything else is not SQL at all.
_KNOWN = _BULK | {"CREATE", "COMMENT", "WITH", "MERGE", "SHOW", "DESCRIBE", "EXPLAIN", "REINDEX", "CLUSTER",
                  "REFRESH", "LOAD", "PUT", "GET", "LIST", "REMOVE", "UNDROP", "DBCC", "RAISERROR", "THROW",
                  "OPTIMIZE", "FLUSH", "RENAME", "ATTACH", "DETACH", "INSTALL", "CHECKPOINT", "EXPORT", "IMPORT",
                  "DISCARD", "RESET", "NOTIFY", "LISTEN", "SECURITY", "CHECKSUM", "DO", "WHILE", "OPEN", "CLOSE",
                  "FETCH", "DEALLOCATE", "PREPARE", "SHUTDOWN", "KILL", "HANDLER", "XA", "RESTORE", "BACKUP"}

# Words that end a column's type (and a default expression) at nesting depth 0.
_TYPE_STOP = {"NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "COLLATE",
              "GENERATED", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "COMMENT", "ON", "AS", "KEY", "ENCODE",
              "MASKING", "OPTIONS", "ROWGUIDCOL", "SPARSE", "FILESTREAM", "ENABLE", "DISABLE", "VISIBLE",
              "INVISIBLE", "STORED", "VIRTUAL", "CHARSET", "SRID", "COLUMN_FORMAT", "STORAGE", "CODEC", "TTL",
              "ALIAS", "MATERIALIZED", "TAG", "CONSTRAINT", "FOREIGN", "USING", "VALIDATE", "NOVALIDATE"}
_CONSTRAINT_STARTS = {"CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "KEY", "INDEX", "FULLTEXT",
                      "SPATIAL", "EXCLUDE", "PERIOD", "LIKE"}
# Constraint states and storage hints sqlglot does not know and that carry nothing for a model.
_NOISE_WORDS = {"ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY", "ROWGUIDCOL", "SPARSE", "FILESTREAM",
                "CLUSTERED", "NONCLUSTERED"}
_INDEX_WORDS = {"CREATE", "UNIQUE", "INDEX", "CLUSTERED", "NONCLUSTERED", "USING", "IF", "NOT", "EXISTS", "CONCURRENTLY", "ONLY"}
_EMBEDDED_TABLE = re.compile(r"(?im)^[ \t]*CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\s+(?![#@])")
_DOLLAR_BODY = re.compile(r"\$(\w*)\$.*?\$\1\$", re.S)
_VIEW_TAIL = re.compile(r"\s+WITH\s+(?:NO\s+DATA|DATA|(?:CASCADED\s+|LOCAL\s+)?CHECK\s+OPTION|READ\s+ONLY)\s*;?\s*$", re.I)


def read(location: str, options: SourceOptions, diags: Diagnostics) -> Snapshot:
    path = Path(location)
    text = _read_text(path)
    dialect = resolve_dialect(options.dialect, text)
    reader = _Reader(location, dialect, diags)
    with _quiet_sqlglot():
        for stmt in split(text, dialect):
            reader.handle(stmt)
        tables = reader.finish()
    return Snapshot(source=Source(dialect=dialect, description=path.name, database=path.stem), tables=tables)


def resolve_dialect(name: str | None, text: str) -> str:
    if not name:
        return guess_dialect(text)
    canonical = _ALIASES.get(name.lower(), name.lower())
    try:
        Dialect.get_or_raise(canonical)
    except ValueError:
        raise InputError(FE008, f"unknown SQL dialect {name!r} (try postgres, mysql, tsql, oracle, sqlite, duckdb, bigquery, snowflake)") from None
    return canonical


def guess_dialect(text: str) -> str:
    sample = text[:500_000]
    scores = {d: sum(1 for h in hints if re.search(h, sample)) for d, hints in _HINTS.items()}
    best = max(scores, key=lambda d: scores[d])
    return best if scores[best] else DEFAULT_DIALECT


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(FE001, f"cannot read: {e.strerror}", str(path)) from None
    # SSMS saves scripts as UTF-16 with a BOM; everything else is UTF-8 or a legacy 8-bit encoding.
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


@contextmanager
def _quiet_sqlglot() -> Iterator[None]:
    # sqlglot logs "falling back to parsing as a Command"; we report those ourselves, with a code.
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@dataclass
class _Skipped:
    count: int
    first: str


@dataclass
class _View:
    table: Table
    query: exp.Expression
    names: list[str]
    where: str


@dataclass
class _Reader:
    file: str
    dialect: str
    diags: Diagnostics
    lex: Lexicon = field(init=False)
    tables: dict[str, Table] = field(default_factory=dict)
    defined_at: dict[str, str] = field(default_factory=dict)
    deferred: list[tuple[Statement, Callable[[], bool]]] = field(default_factory=list)
    views: list[_View] = field(default_factory=list)
    bulk: dict[str, _Skipped] = field(default_factory=dict)
    malformed: list[str] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)
    dropped_at: dict[str, str] = field(default_factory=dict)
    recognized: int = 0
    unknown: list[Statement] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lex = lexicon(self.dialect)

    # -- dispatch ---------------------------------------------------------------------------

    def at(self, stmt: Statement, index: int = 0) -> str:
        line, col = stmt.where(index)
        return f"{self.file}:{line}:{col}"

    def handle(self, stmt: Statement) -> None:
        try:
            self.dispatch(stmt)
        except Exception as e:  # a bug here must not lose the rest of the file, nor hide the table
            words = leading_words(stmt.text, 4)
            what = " ".join(words[:3])
            self.diags.report(FE004 if "TABLE" in words[1:4] and words[:1] == ["CREATE"] else FE012,
                              f"{what} could not be read ({type(e).__name__}: {e}); please report this", self.at(stmt))
            if "TABLE" in words[1:4] and words[:1] == ["CREATE"]:
                self.malformed.append(self.at(stmt))

    def dispatch(self, stmt: Statement) -> None:
        if stmt.client_command:
            self.recognized += 1
            return self.skip(stmt, "client command")
        words = leading_words(stmt.text, 12)
        if not words or words[0] not in _KNOWN:
            self.unknown.append(stmt)
            return self.skip(stmt, f"unrecognized statement {' '.join(words[:2]) or stmt.text[:20]!r}", bulk=False)
        self.recognized += 1
        first = words[0]
        if first == "CREATE":
            return self.create(stmt, words)
        if first == "ALTER" and words[1:2] == ["TABLE"]:
            return self.alter_table(stmt)
        if first == "ALTER":
            return self.skip(stmt, f"ALTER {words[1] if len(words) > 1 else ''}".strip())
        if first == "COMMENT" and "ON" in words[1:4]:
            return self.comment_on(stmt)
        if first in ("EXEC", "EXECUTE") and "sp_addextendedproperty" in stmt.text[:200].lower():
            return self.extended_property(stmt)
        if first == "DROP" and len(words) > 1 and words[1] in ("TABLE", "VIEW", "MATERIALIZED"):
            return self.drop(stmt)
        if first == "REPLACE":
            first = "INSERT"
        self.skip(stmt, first, bulk=first in _BULK or first.startswith("ALTER"))

    def skip(self, stmt: Statement, label: str, bulk: bool = True) -> None:
        where = self.at(stmt)
        if bulk:
            seen = self.bulk.setdefault(label, _Skipped(0, where))
            seen.count += 1
        else:
            self.diags.report(FE005, f"skipped {label} (not schema)", where)
        m = _EMBEDDED_TABLE.search(stmt.text, stmt.text.find("\n") + 1) if "\n" in stmt.text else None
        if m and "$" in stmt.text:  # a function body may create tables; only text outside it counts
            outside = _DOLLAR_BODY.sub(lambda b: re.sub(r"[^\n]", " ", b.group()), stmt.text)
            m = _EMBEDDED_TABLE.search(outside, stmt.text.find("\n") + 1)
        if m:
            self.diags.report(FE012, f"a CREATE TABLE inside a skipped {label} statement was not read; "
                              "is a ';' or GO missing before it?", self.at(stmt, m.start() + len(m.group()) - len(m.group().lstrip())))

    def create(self, stmt: Statement, words: list[str]) -> None:
        obj, before = "", []
        for i, w in enumerate(words[1:], 1):
            if w in _OBJECTS:
                obj, before = w, words[1:i]
                break
        if obj == "TABLE":
            return self.create_table(stmt)
        if obj == "VIEW":
            return self.create_view(stmt, "materialized_view" if "MATERIALIZED" in before else "view")
        if obj == "INDEX" and "UNIQUE" in before:
            return self.unique_index(stmt)
        if obj in ("INDEX", "SEQUENCE"):
            return self.skip(stmt, f"CREATE {obj}")
        self.skip(stmt, f"CREATE {obj or ' '.join(words[1:3])}", bulk=False)

    # -- tables -----------------------------------------------------------------------------

    def create_table(self, stmt: Statement) -> None:
        toks = tokenize(stmt.text, self.lex)
        tree = _parse(stmt.text, self.dialect)
        tail_comment = None
        if not _is_create(tree, "TABLE"):
            cleaned, dropped, tail_comment = _blank_table_noise(stmt.text, toks, self.lex)
            retry = _parse(cleaned, self.dialect) if cleaned != stmt.text else tree
            if not _is_create(retry, "TABLE"):
                parts, after = _dotted(toks, _skip_words(toks, _table_word(toks) + 1, ("IF", "NOT", "EXISTS")), self.dialect)
                if parts and after < len(toks) and toks[after].text != "(":
                    # No column list (CLONE, AS ... in a form sqlglot does not know): keep the name.
                    self.diags.report(FE012, f"table {'.'.join(parts)}: definition not understood; its columns are unknown", self.at(stmt))
                    return self.add(Table(name=parts[-1], schema=".".join(parts[:-1]) or None), stmt)
                return self.malformed_statement(stmt, retry if isinstance(retry, ParseError) else tree, "CREATE TABLE")
            tree = retry
            if dropped:
                shown = "; ".join(d if len(d) <= 60 else d[:57] + "..." for d in dropped)
                self.diags.report(FE012, f"table {_name_hint(toks)}: ignored what sqlglot cannot read: {shown}", self.at(stmt))
        assert isinstance(tree, exp.Create)
        target = tree.this
        table_exp = target.this if isinstance(target, exp.Schema) else target
        schema, name = _table_name(table_exp)
        if self.dialect == "sqlite" and name.lower().startswith("sqlite_"):
            return self.skip(stmt, "SQLite internal table")
        table = Table(name=name, schema=schema, kind="table")
        pieces = _column_pieces(stmt.text, toks, self.lex)
        if isinstance(target, exp.Schema):
            for e in target.expressions:
                self.table_element(table, e, pieces)
        like = tree.find(exp.LikeProperty, exp.PartitionedOfProperty)
        if like is not None and isinstance(like.this, exp.Table) and not table.columns:
            source = self.find(*_table_name(like.this))
            if source is None:
                self.diags.report(FE012, f"table {table.key} copies the columns of {like.this.sql(self.dialect)}, which is not in this file", self.at(stmt))
            else:
                table.columns = [c.model_copy() for c in source.columns]
        if tree.expression is not None and not table.columns and isinstance(tree.expression, exp.Query):
            self.views.append(_View(table, tree.expression, [], self.at(stmt)))
        table.comment = _properties_comment(tree) or tail_comment
        self.add(table, stmt)

    def table_element(self, table: Table, e: exp.Expression, pieces: dict[str, tuple[str, str | None]]) -> None:
        if isinstance(e, exp.Identifier):  # SQLite allows a column without a type
            table.columns.append(Column(name=e.name, type=""))
        elif isinstance(e, exp.ColumnDef):
            self.column_def(table, e, pieces)
        else:
            self.table_constraint(table, e)

    def column_def(self, table: Table, e: exp.ColumnDef, pieces: dict[str, tuple[str, str | None]]) -> None:
        name = e.name
        kind = e.args.get("kind")
        raw_type, raw_default = pieces.get(name, ("", None))
        col = Column(name=name, type=raw_type or (kind.sql(self.dialect) if kind else ""))
        for c in e.constraints:
            k = c.args.get("kind")
            cname = c.name or None
            if isinstance(k, exp.NotNullColumnConstraint):
                col.nullable = bool(k.args.get("allow_null"))
            elif isinstance(k, exp.PrimaryKeyColumnConstraint):
                table.primary_key = [name]
                table.primary_key_name = cname
                col.nullable = False
            elif isinstance(k, exp.UniqueColumnConstraint):
                table.unique_keys.append(UniqueKey(columns=[name], name=cname))
            elif isinstance(k, exp.DefaultColumnConstraint):
                col.default = raw_default or (k.this.sql(self.dialect) if k.this is not None else None)
                if col.default and col.default.upper() == "NULL":  # DEFAULT NULL: no default at all
                    col.default = None
            elif isinstance(k, exp.CommentColumnConstraint):
                col.comment = _literal(k.this)
            elif isinstance(k, exp.Reference):
                fk = self.reference([name], k, cname)
                if fk:
                    table.foreign_keys.append(fk)
            elif isinstance(k, exp.Properties):  # BigQuery OPTIONS(description=...)
                col.comment = _description(k) or col.comment
        table.columns.append(col)

    def table_constraint(self, table: Table, e: exp.Expression, name: str | None = None) -> None:
        if isinstance(e, exp.Constraint):
            # T-SQL: CONSTRAINT pk PRIMARY KEY CLUSTERED (cols) puts the columns on the CLUSTERED part.
            holder = next((x for x in e.expressions if isinstance(x, (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint))), None)
            if holder is not None and isinstance(holder.this, list):
                cols = [_column_name(c) for c in holder.this]
                if any(isinstance(x, exp.PrimaryKeyColumnConstraint) for x in e.expressions):
                    return self.table_constraint(table, exp.PrimaryKey(expressions=[exp.to_identifier(c) for c in cols]), e.name or None)
                if any(isinstance(x, exp.UniqueColumnConstraint) for x in e.expressions):
                    table.unique_keys.append(UniqueKey(columns=cols, name=e.name or None))
                    return None
            for inner in e.expressions:
                self.table_constraint(table, inner, e.name or None)
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
            fk = self.reference([_column_name(c) for c in e.expressions], ref, name) if ref is not None else None
            if fk:
                table.foreign_keys.append(fk)

    def reference(self, columns: list[str], ref: exp.Reference, name: str | None) -> ForeignKey | None:
        target = ref.this
        table_exp = target.this if isinstance(target, exp.Schema) else target
        if not isinstance(table_exp, exp.Table):
            return None
        schema, tname = _table_name(table_exp)
        ref_cols = [_column_name(c) for c in target.expressions] if isinstance(target, exp.Schema) else []
        return ForeignKey(columns=columns, ref_table=TableRef(name=tname, schema=schema), ref_columns=ref_cols, name=name)

    def add(self, table: Table, stmt: Statement) -> None:
        key = table.key
        old = self.tables.get(key)
        if old is not None and not (old.kind != "table" and table.kind != "table"):
            self.diags.report(FE012, f"{key} is defined again (first at {self.defined_at[key]}); the later definition is used", self.at(stmt))
        self.tables[key] = table
        self.defined_at[key] = self.at(stmt)
        self.dropped.pop(key, None)  # dumps drop and recreate (mysqldump's placeholder views)

    def malformed_statement(self, stmt: Statement, error: object, what: str) -> None:
        where = self.at(stmt)
        detail = "sqlglot could not read it"
        if isinstance(error, ParseError) and error.errors:
            err = error.errors[0]
            detail = err.get("description") or detail
            where = self.at(stmt, _error_index(stmt.text, err))
        self.diags.report(FE004, f"malformed {what}: {detail}", where)
        self.malformed.append(where)

    # -- views ------------------------------------------------------------------------------

    def create_view(self, stmt: Statement, kind: str) -> None:
        toks = tokenize(stmt.text, self.lex)
        m = _VIEW_TAIL.search(stmt.text)
        text = stmt.text[:m.start()] + " " * (len(stmt.text) - m.start()) if m else stmt.text
        tree = _parse(text, self.dialect)
        as_tok = _view_as(toks)
        definition = text[as_tok.end:].strip().rstrip(";").strip() if as_tok else None
        if _is_create(tree, "VIEW"):
            assert isinstance(tree, exp.Create)
            target = tree.this
            table_exp = target.this if isinstance(target, exp.Schema) else target
            schema, name = _table_name(table_exp)
            names = [c.name for c in target.expressions] if isinstance(target, exp.Schema) else []
            view = Table(name=name, schema=schema, kind=kind, definition=definition or (tree.expression.sql(self.dialect) if tree.expression else None))
            view.comment = _properties_comment(tree)
            if isinstance(tree.expression, exp.Query):
                self.views.append(_View(view, tree.expression, names, self.at(stmt)))
            return self.add(view, stmt)
        parts = _view_name(toks, self.dialect)
        if not parts:
            return self.malformed_statement(stmt, tree, "CREATE VIEW")
        view = Table(name=parts[-1], schema=".".join(parts[:-1]) or None, kind=kind, definition=definition)
        self.diags.report(FE012, f"view {view.key}: its query could not be parsed, so its columns are unknown", self.at(stmt))
        self.add(view, stmt)

    def resolve_view_columns(self, view: _View) -> None:
        query = view.query
        while isinstance(query, exp.SetOperation):
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
                tables = [self.find(*t) for t in chosen]
                if not chosen or any(t is None for t in tables):
                    incomplete = True
                    continue
                for t in tables:
                    assert t is not None
                    columns += [Column(name=c.name, type=c.type, nullable=c.nullable) for c in t.columns]
                continue
            name = proj.alias_or_name or proj.sql(self.dialect)
            columns.append(Column(name=name, type=self.expression_type(inner, sources)))
        for col, new in zip(columns, view.names):
            col.name = new
        view.table.columns = columns
        if incomplete:
            self.diags.report(FE012, f"view {view.table.key}: SELECT * over a table not in this file; those columns are unknown", view.where)

    def expression_type(self, e: exp.Expression, sources: dict[str, tuple[str | None, str]]) -> str:
        if isinstance(e, exp.Cast):
            return e.to.sql(self.dialect)
        if isinstance(e, exp.Column):
            candidates = [sources[e.table]] if e.table in sources else ([] if e.table else list(sources.values()))
            for ref in candidates:
                t = self.find(*ref)
                col = t.column(e.name) if t else None
                if col is not None:
                    return col.type
        return ""

    # -- ALTER TABLE, indexes, comments, drops ----------------------------------------------

    def alter_table(self, stmt: Statement) -> None:
        toks = tokenize(stmt.text, self.lex)
        i = _skip_words(toks, 2, ("IF", "EXISTS", "ONLY"))
        parts, i = _dotted(toks, i, self.dialect)
        if not parts:
            return self.skip(stmt, "ALTER TABLE")
        action = {t.upper for t in toks[i:]}
        tree = _parse(stmt.text, self.dialect)
        if not isinstance(tree, exp.Alter) and action & {"PRIMARY", "FOREIGN", "UNIQUE", "COLUMN"}:
            cleaned = _blank_constraint_noise(stmt.text, toks[i:])
            tree = _parse(cleaned, self.dialect) if cleaned != stmt.text else tree
        if isinstance(tree, exp.Alter):
            actions = [a for a in tree.args.get("actions") or [] if isinstance(a, (exp.AddConstraint, exp.ColumnDef, exp.AlterColumn, exp.Constraint, exp.PrimaryKey, exp.ForeignKey, exp.UniqueColumnConstraint))]
            if actions:
                raw_default = _raw_set_default(toks[i:], stmt.text) if len(actions) == 1 else None
                return self.on_table(stmt, parts, lambda t: self.apply_alter(t, actions, raw_default))
        default = _tsql_default_for(toks[i:], stmt.text) if "DEFAULT" in action and "FOR" in action else None
        if default:
            column, value = default
            return self.on_table(stmt, parts, lambda t: _set_default(t, column, value))
        if action & {"PRIMARY", "FOREIGN", "UNIQUE"} and "DROP" not in action:
            self.diags.report(FE012, "ALTER TABLE adding a key could not be parsed; the key is missing", self.at(stmt))
            return
        self.skip(stmt, "ALTER TABLE")

    def apply_alter(self, table: Table, actions: list[exp.Expression], raw_default: str | None = None) -> None:
        for a in actions:
            if isinstance(a, exp.AddConstraint):
                for e in a.expressions:
                    self.table_constraint(table, e)
            elif isinstance(a, exp.ColumnDef):
                self.column_def(table, a, {})
            elif isinstance(a, exp.AlterColumn):
                col = table.column(a.name)
                if col is None:
                    continue
                if a.args.get("default") is not None:
                    col.default = raw_default or a.args["default"].sql(self.dialect)
                elif a.args.get("drop") and a.args.get("allow_null") is None:
                    col.default = None
                if a.args.get("allow_null") is not None:
                    col.nullable = bool(a.args["allow_null"])
            else:
                self.table_constraint(table, a)

    def on_table(self, stmt: Statement, parts: list[str], change: Callable[[Table], None]) -> None:
        """Apply a change now, or at the end of the file when the table is defined later."""
        schema, name = ".".join(parts[:-1]) or None, parts[-1]

        def attempt() -> bool:
            t = self.find(schema, name)
            if t is None:
                return False
            change(t)
            return True

        if not attempt():
            self.deferred.append((stmt, attempt))

    def unique_index(self, stmt: Statement) -> None:
        toks = tokenize(stmt.text, self.lex)
        on = next((i for i, t in enumerate(toks) if t.upper == "ON"), None)
        if on is None:
            return self.skip(stmt, "CREATE INDEX")
        parts, i = _dotted(toks, on + 1, self.dialect)
        if i < len(toks) and toks[i].upper == "USING":
            i += 2
        if not parts or i >= len(toks) or toks[i].text != "(":
            self.diags.report(FE012, "CREATE UNIQUE INDEX not understood; no unique key recorded", self.at(stmt))
            return
        close = _matching(toks, i)
        columns = []
        for element in _split_commas(toks[i + 1:close]):
            plain = element and element[0].kind in ("word", "ident") and (len(element) == 1 or element[1].text != "(")
            if not plain:
                self.diags.report(FE012, "unique index on an expression is not a unique key of columns; skipped", self.at(stmt))
                return
            columns.append(unquote(element[0]))
        if any(t.upper == "WHERE" for t in toks[close:]):
            self.diags.report(FE012, "partial unique index (WHERE ...) is not a unique key of the table; skipped", self.at(stmt))
            return
        name_tok = None
        for k, t in enumerate(toks[:on]):
            if t.kind in ("word", "ident") and t.upper not in _INDEX_WORDS and toks[k - 1].upper != "USING":
                name_tok = t
        uk = UniqueKey(columns=columns, name=unquote(name_tok) if name_tok else None)
        self.on_table(stmt, parts, lambda t: _add_unique(t, uk))

    def comment_on(self, stmt: Statement) -> None:
        toks = tokenize(stmt.text, self.lex)
        i = next((k for k, t in enumerate(toks) if t.upper == "ON"), len(toks)) + 1
        kinds = []
        while i < len(toks) and toks[i].upper in ("TABLE", "COLUMN", "VIEW", "MATERIALIZED", "FOREIGN"):
            kinds.append(toks[i].upper)
            i += 1
        parts, i = _dotted(toks, i, self.dialect)
        if not kinds or not parts or i >= len(toks) or toks[i].upper != "IS":
            return self.skip(stmt, "COMMENT")
        value_tok = toks[i + 1] if i + 1 < len(toks) else None
        value = string_value(value_tok, self.lex) if value_tok is not None and value_tok.kind == "string" else None
        if kinds == ["COLUMN"]:
            if len(parts) < 2:
                return self.skip(stmt, "COMMENT")
            column = parts[-1]
            return self.on_table(stmt, parts[:-1], lambda t: _set_column_comment(t, column, value))
        self.on_table(stmt, parts, lambda t: setattr(t, "comment", value))

    def extended_property(self, stmt: Statement) -> None:
        toks = tokenize(stmt.text, self.lex)
        start = next(i for i, t in enumerate(toks) if "sp_addextendedproperty" in t.text.lower()) + 1
        names = ["@name", "@value", "@level0type", "@level0name", "@level1type", "@level1name", "@level2type", "@level2name"]
        args: dict[str, str] = {}
        position = 0
        for element in _split_commas(toks[start:]):
            key = names[position] if position < len(names) else ""
            if len(element) >= 3 and element[0].text.startswith("@") and element[1].text == "=":
                key, element = element[0].text.lower(), element[2:]
            if element:
                args[key] = string_value(element[0], self.lex) if element[0].kind == "string" else unquote(element[0])
            position += 1
        if args.get("@name", "").lower() != "ms_description" or (args.get("@level1type") or "").upper() not in ("TABLE", "VIEW"):
            return self.skip(stmt, "EXEC")
        parts = [p for p in (args.get("@level0name"), args.get("@level1name")) if p]
        value = args.get("@value")
        if (args.get("@level2type") or "").upper() == "COLUMN" and args.get("@level2name"):
            column = args["@level2name"]
            return self.on_table(stmt, parts, lambda t: _set_column_comment(t, column, value))
        self.on_table(stmt, parts, lambda t: setattr(t, "comment", value))

    def drop(self, stmt: Statement) -> None:
        toks = tokenize(stmt.text, self.lex)
        i = _skip_words(toks, 1, ("TABLE", "VIEW", "MATERIALIZED", "IF", "EXISTS"))
        while i < len(toks):
            parts, i = _dotted(toks, i, self.dialect)
            if not parts:
                break
            t = self.find(".".join(parts[:-1]) or None, parts[-1])
            if t is not None:
                self.dropped[t.key] = f"{t.key} (defined at {self.defined_at[t.key]}) is dropped and not created again; left out"
                self.dropped_at[t.key] = self.at(stmt)
                del self.tables[t.key]
            if i < len(toks) and toks[i].text == ",":
                i += 1
            else:
                break

    # -- the end ----------------------------------------------------------------------------

    def find(self, schema: str | None, name: str, near: str | None = None) -> Table | None:
        """The table a reference means: exact first, then case-insensitively, then the only table
        of that name (an unqualified name in a schema-qualified dump)."""
        exact = self.tables.get(table_key(schema, name))
        if exact is not None:
            return exact
        key = table_key(schema, name).lower()
        same = [t for t in self.tables.values() if t.key.lower() == key]
        if len(same) == 1:
            return same[0]
        if schema is None:
            named = [t for t in self.tables.values() if t.name.lower() == name.lower()]
            preferred = [t for t in named if t.schema_ == near]
            if len(preferred) == 1:
                return preferred[0]
            if len(named) == 1:
                return named[0]
        return None

    def finish(self) -> list[Table]:
        for stmt, attempt in self.deferred:
            if not attempt():
                self.diags.report(FE012, "statement refers to a table not defined in this file; ignored", self.at(stmt))
        for view in self.views:
            self.resolve_view_columns(view)
        for table in self.tables.values():
            for fk in table.foreign_keys:
                target = self.find(fk.ref_table.schema_, fk.ref_table.name, table.schema_)
                if target is not None:
                    fk.ref_table = target.ref
                    if not fk.ref_columns:
                        fk.ref_columns = list(target.primary_key)
                    # Unquoted names are case-insensitive in the database: match them that way.
                    fk.ref_columns = [_canonical(target, c) for c in fk.ref_columns]
                fk.columns = [_canonical(table, c) for c in fk.columns]
        for key, message in self.dropped.items():
            self.diags.report(FE012, message, self.dropped_at[key])
        for label, seen in self.bulk.items():
            plural = "statement" if seen.count == 1 else "statements"
            self.diags.report(FE005, f"skipped {seen.count} {label} {plural} (not schema)", seen.first)
        if not self.tables and self.unknown and not self.recognized:
            # Point at the start of the first statement: its very first word is already not SQL.
            self.malformed_statement(self.unknown[0], None, "SQL: no statement in the file could be read")
        if self.malformed:
            raise InputError(FE004, f"stopping: {len(self.malformed)} malformed statement(s) in this file", self.file)
        return list(self.tables.values())


# -- sqlglot helpers ---------------------------------------------------------------------------


def _parse(text: str, dialect: str) -> exp.Expression | ParseError | None:
    try:
        return sqlglot.parse_one(text, read=dialect)
    except ParseError as e:
        return e
    except (TokenError, ValueError, RecursionError) as e:  # tokenizer errors carry no position
        return ParseError(str(e))


def _is_create(tree: object, kind: str) -> bool:
    return isinstance(tree, exp.Create) and kind in (tree.kind or "").upper().split()


def _error_index(text: str, err: dict) -> int:
    line, col, highlight = err.get("line") or 1, err.get("col") or 1, err.get("highlight") or ""
    start = 0
    for _ in range(line - 1):
        nxt = text.find("\n", start)
        if nxt < 0:
            break
        start = nxt + 1
    # sqlglot's col is where the offending token ends; point at where it starts.
    width = len(highlight) if highlight and "\n" not in highlight else 1
    return max(start, min(len(text), start + col - width))


def _table_name(t: exp.Expression) -> tuple[str | None, str]:
    if not isinstance(t, exp.Table):
        return None, t.name
    qualifiers = [p.name for p in (t.args.get("catalog"), t.args.get("db")) if p is not None and p.name]
    return ".".join(qualifiers) or None, t.name


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


def _properties_comment(tree: exp.Create) -> str | None:
    props = tree.args.get("properties")
    if not isinstance(props, exp.Properties):
        return None
    for p in props.expressions:
        if isinstance(p, exp.SchemaCommentProperty):
            return _literal(p.this)
    return _description(props)


def _sources(select: exp.Select) -> dict[str, tuple[str | None, str]]:
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
            out[node.alias_or_name] = _table_name(node)
        elif isinstance(node, (exp.Paren, exp.Join)) or (isinstance(node, exp.Subquery) and not isinstance(node.this, exp.Query)):
            # pg_dump writes FROM (a JOIN b ON ...), which parses as a "subquery" of a join.
            nodes.append(node.this)
        if isinstance(node, exp.Expression):
            nodes += [j.this for j in node.args.get("joins") or []]
    return out


# -- token helpers -----------------------------------------------------------------------------


def _skip_words(toks: list[Token], i: int, words: tuple[str, ...]) -> int:
    while i < len(toks) and toks[i].upper in words:
        i += 1
    return i


def _dotted(toks: list[Token], i: int, dialect: str) -> tuple[list[str], int]:
    """A possibly qualified name starting at token i: its parts and the index after it."""
    parts: list[str] = []
    while i < len(toks) and toks[i].kind in ("word", "ident"):
        name = unquote(toks[i])
        # BigQuery quotes a whole path in one pair of backticks: `project.dataset.table`.
        parts += name.split(".") if dialect == "bigquery" and toks[i].text.startswith("`") else [name]
        i += 1
        if i < len(toks) and toks[i].text == "." and i + 1 < len(toks):
            i += 1
        else:
            break
    return parts, i


def _matching(toks: list[Token], i: int) -> int:
    depth = 0
    for k in range(i, len(toks)):
        if toks[k].text == "(":
            depth += 1
        elif toks[k].text == ")":
            depth -= 1
            if depth == 0:
                return k
    return len(toks)


def _split_commas(toks: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = [[]]
    depth = 0
    for t in toks:
        if t.text in ("(", "<") and t.kind == "op":
            depth += 1
        elif t.text in (")", ">") and t.kind == "op":
            depth -= 1
        if t.text == "," and t.kind == "op" and depth == 0:
            out.append([])
        elif t.text != ";":
            out[-1].append(t)
    return [e for e in out if e]


def _column_list(toks: list[Token]) -> tuple[int, int] | None:
    """Token indexes of the parentheses around a CREATE TABLE's column list."""
    i = next((k for k, t in enumerate(toks) if t.upper == "TABLE"), None)
    if i is None:
        return None
    i = _skip_words(toks, i + 1, ("IF", "NOT", "EXISTS"))
    _, i = _dotted(toks, i, "")
    if i >= len(toks) or toks[i].text != "(":
        return None
    close = _matching(toks, i)
    return (i, close) if close < len(toks) else None


def _table_word(toks: list[Token]) -> int:
    return next((k for k, t in enumerate(toks) if t.upper == "TABLE"), 0)


def _name_hint(toks: list[Token]) -> str:
    i = next((k for k, t in enumerate(toks) if t.upper == "TABLE"), 0)
    parts, _ = _dotted(toks, _skip_words(toks, i + 1, ("IF", "NOT", "EXISTS")), "")
    return ".".join(parts) or "?"


def _column_pieces(text: str, toks: list[Token], lex: Lexicon) -> dict[str, tuple[str, str | None]]:
    """Column name -> (type as written, default as written), read from the source text."""
    span = _column_list(toks)
    if span is None:
        return {}
    out = {}
    for el in _split_commas(toks[span[0] + 1:span[1]]):
        if el[0].kind not in ("word", "ident") or (el[0].kind == "word" and el[0].upper in _CONSTRAINT_STARTS):
            continue
        j = _until_stop(el, 1, first_free=False)
        raw_type = " ".join(text[el[1].start:el[j - 1].end].split()) if j > 1 else ""
        if lex.brackets:
            raw_type = re.sub(r"\[([^\]]*)\]", r"\1", raw_type)
        default = None
        d = next((k for k in range(j, len(el)) if el[k].upper == "DEFAULT"), None)
        if d is not None and d + 1 < len(el):
            end = _until_stop(el, d + 1, first_free=True)
            default = text[el[d + 1].start:el[end - 1].end].strip()
        out[unquote(el[0])] = (raw_type, default)
    return out


def _until_stop(el: list[Token], j: int, first_free: bool) -> int:
    depth = 0
    start = j
    while j < len(el):
        t = el[j]
        if depth == 0 and not (first_free and j == start):
            stop = t.upper in _TYPE_STOP or (t.upper == "CHARACTER" and j + 1 < len(el) and el[j + 1].upper == "SET")
            if stop or (t.text == "," and t.kind == "op"):
                break
        if t.kind == "op" and t.text in ("(", "<"):
            depth += 1
        elif t.kind == "op" and t.text in (")", ">"):
            depth = max(0, depth - 1)
        j += 1
    return j


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for k in range(a, b):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _blank_table_noise(text: str, toks: list[Token], lex: Lexicon) -> tuple[str, list[str], str | None]:
    """The statement with vendor clauses sqlglot cannot read blanked out (same length), what was
    dropped (worth telling the user), and a table comment found among the dropped options."""
    span = _column_list(toks)
    if span is None:
        return text, [], None
    spans, dropped = _element_noise(toks[span[0] + 1:span[1]], text)
    tail = toks[span[1] + 1:]
    comment = None
    if tail and tail[0].upper != "AS":
        for k, t in enumerate(tail):
            if t.upper in ("COMMENT", "DESCRIPTION"):
                value = next((v for v in tail[k + 1:k + 3] if v.kind == "string"), None)
                if value is not None:
                    comment = string_value(value, lex)
                    break
        end = tail[-1].end if tail[-1].text != ";" else tail[-1].start
        spans.append((tail[0].start, end))
        dropped.append(" ".join(text[tail[0].start:end].split()))
    return _blank(text, spans), [d for d in dropped if d], comment


def _element_noise(toks: list[Token], text: str) -> tuple[list[tuple[int, int]], list[str]]:
    spans: list[tuple[int, int]] = []
    dropped: list[str] = []
    for el in _split_commas(toks):
        spans_el, dropped_el = _clause_noise(el, text)
        spans += spans_el
        dropped += dropped_el
    return spans, dropped


def _clause_noise(el: list[Token], text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Oracle constraint states and USING INDEX, T-SQL index options (WITH (...), ON [filegroup])."""
    spans, dropped = [], []
    keyed = False
    depth = 0
    k = 1
    while k < len(el):
        t = el[k]
        if t.text == "(" and t.kind == "op":
            depth += 1
        elif t.text == ")" and t.kind == "op":
            depth -= 1
        if depth == 0:
            if t.upper in ("PRIMARY", "UNIQUE", "KEY", "REFERENCES"):
                keyed = True
            if t.upper in _NOISE_WORDS:
                spans.append((t.start, t.end))
            elif t.upper == "NOT" and k + 2 < len(el) and el[k + 1].upper == "FOR" and el[k + 2].upper == "REPLICATION":
                spans.append((t.start, el[k + 2].end))
                k += 2
            elif t.upper == "USING" and k + 1 < len(el) and el[k + 1].upper == "INDEX":
                spans.append((t.start, el[-1].end))
                dropped.append(" ".join(text[t.start:el[-1].end].split()))
                break
            elif keyed and t.upper == "WITH" and k + 1 < len(el) and el[k + 1].text == "(":
                end = _matching(el, k + 1)
                spans.append((t.start, el[min(end, len(el) - 1)].end))
                dropped.append(" ".join(text[t.start:el[min(end, len(el) - 1)].end].split()))
                k = end
            elif keyed and t.upper == "ON" and k + 1 < len(el) and el[k + 1].upper not in ("DELETE", "UPDATE"):
                end = k + 1
                if end + 1 < len(el) and el[end + 1].text == "(":
                    end = _matching(el, end + 1)
                end = min(end, len(el) - 1)
                spans.append((t.start, el[end].end))
                dropped.append(" ".join(text[t.start:el[end].end].split()))
                k = end
        k += 1
    return spans, dropped


def _blank_constraint_noise(text: str, toks: list[Token]) -> str:
    spans, _ = _clause_noise([Token("op", "", 0, 0)] + toks, text)
    return _blank(text, spans)


def _view_as(toks: list[Token]) -> Token | None:
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


def _view_name(toks: list[Token], dialect: str) -> list[str]:
    i = next((k for k, t in enumerate(toks) if t.upper == "VIEW"), None)
    if i is None:
        return []
    parts, _ = _dotted(toks, _skip_words(toks, i + 1, ("IF", "NOT", "EXISTS")), dialect)
    return parts


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


def _canonical(table: Table, column: str) -> str:
    if table.column(column) is not None:
        return column
    same = [c.name for c in table.columns if c.name.lower() == column.lower()]
    return same[0] if len(same) == 1 else column


def _set_default(table: Table, column: str, value: str) -> None:
    col = table.column(column)
    if col is not None:
        col.default = value


def _set_column_comment(table: Table, column: str, value: str | None) -> None:
    col = table.column(column) or next((c for c in table.columns if c.name.lower() == column.lower()), None)
    if col is not None:
        col.comment = value


def _add_unique(table: Table, uk: UniqueKey) -> None:
    if uk.columns != table.primary_key and all(existing.columns != uk.columns for existing in table.unique_keys):
        table.unique_keys.append(uk)
