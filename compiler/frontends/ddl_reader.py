"""What the DDL frontend knows while it walks a script, and the ways every statement handler
records into it.

`Reader` holds the tables and views defined so far (by key, with where each was defined), the
changes waiting for a table defined later in the file, the views whose columns are resolved at
the end, and the tallies behind the end-of-file diagnostics. Its methods are the shared services
of the handlers in ddl_tables, ddl_views and ddl_alter: locating an offset in the file, adding a
table, finding the table a reference means, applying a change now or later, and reporting a
skipped or malformed statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from sqlglot import exp
from sqlglot.errors import ParseError

from compiler.diagnostics import FE004, FE005, FE012, Diagnostics
from compiler.frontends.ddl_split import Lexicon, Statement, lexicon
from ir.catalog import Table, table_key

_EMBEDDED_TABLE = re.compile(r"(?im)^[ \t]*CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\s+(?![#@])")
_DOLLAR_BODY = re.compile(r"\$(\w*)\$.*?\$\1\$", re.S)


@dataclass
class Skipped:
    count: int
    first: str


@dataclass
class PendingView:
    """A view (or CREATE TABLE ... AS) whose columns come from its query once every table is known."""

    table: Table
    query: exp.Expression
    names: list[str]  # the view's own column list, when it has one
    where: str


@dataclass
class Reader:
    file: str
    dialect: str
    diags: Diagnostics
    lex: Lexicon = field(init=False)
    tables: dict[str, Table] = field(default_factory=dict)
    defined_at: dict[str, str] = field(default_factory=dict)
    deferred: list[tuple[Statement, Callable[[], bool]]] = field(default_factory=list)
    views: list[PendingView] = field(default_factory=list)
    bulk: dict[str, Skipped] = field(default_factory=dict)
    malformed: list[str] = field(default_factory=list)
    dropped: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (message, where)
    recognized: int = 0
    unknown: list[Statement] = field(default_factory=list)
    creates: int = 0  # CREATE TABLE statements seen
    failed_creates: list[Statement] = field(default_factory=list)  # ... that did not parse
    parents: dict[str, str] = field(default_factory=dict)  # INHERITS / PARTITION OF: child key -> parent key

    def __post_init__(self) -> None:
        self.lex = lexicon(self.dialect)

    def at(self, stmt: Statement, index: int = 0) -> str:
        line, col = stmt.where(index)
        return f"{self.file}:{line}:{col}"

    def skip(self, stmt: Statement, label: str, bulk: bool = True) -> None:
        """Count (bulk) or report a statement that is not read, and warn when it hides a table."""
        where = self.at(stmt)
        if bulk:
            seen = self.bulk.setdefault(label, Skipped(0, where))
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

    def add(self, table: Table, stmt: Statement) -> None:
        key = table.key
        old = self.tables.get(key)
        # A view replacing a view is normal (CREATE OR REPLACE); anything involving a table is suspect.
        if old is not None and not (old.kind != "table" and table.kind != "table"):
            self.diags.report(FE012, f"{key} is defined again (first at {self.defined_at[key]}); the later definition is used", self.at(stmt))
        self.tables[key] = table
        self.defined_at[key] = self.at(stmt)
        self.dropped.pop(key, None)  # dumps drop and recreate (mysqldump's placeholder views)

    def drop(self, table: Table, stmt: Statement) -> None:
        key = table.key
        self.dropped[key] = (f"{key} (defined at {self.defined_at[key]}) is dropped and not created again; left out", self.at(stmt))
        del self.tables[key]

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

    def malformed_statement(self, stmt: Statement, error: object, what: str) -> None:
        """Report a statement that must be fixed, at sqlglot's error position when it has one."""
        where = self.at(stmt)
        detail = "sqlglot could not read it"
        if isinstance(error, ParseError) and error.errors:
            err = error.errors[0]
            detail = err.get("description") or detail
            where = self.at(stmt, _error_index(stmt.text, err))
        self.malformed_at(f"malformed {what}: {detail}", where)

    def malformed_at(self, message: str, where: str) -> None:
        self.diags.report(FE004, message, where)
        self.malformed.append(where)


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
