"""Splitting a SQL script into statements the way each dialect's own client does, and a small
tokenizer for looking inside the statements that matter.

This is a scanner, not a regex on ';': a semicolon inside a string, a quoted identifier, a comment
or a `$$` body does not end a statement, and real dumps also end statements with things that are
not semicolons (MySQL `DELIMITER`, T-SQL `GO`, Oracle's `/` line) or carry raw data after them
(`COPY ... FROM stdin` up to `\\.`). It hops from one interesting character to the next with
compiled regexes, so a multi-megabyte dump of INSERTs is scanned in well under a second; line and
column are computed only for the statement starts, by bisecting the newline offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator


@dataclass(frozen=True)
class Lexicon:
    """The lexical habits of a dialect that matter for finding where statements end."""

    backslash_strings: bool = False  # '\'' escapes a quote inside '...'
    double_quote_strings: bool = False  # "..." is a string (with the same escapes), not an identifier
    backticks: bool = False
    brackets: bool = False  # [identifier]
    hash_comments: bool = False
    dollar_quotes: bool = False  # $$...$$ and $tag$...$tag$
    conditional_comments: bool = False  # MySQL /*!40101 ... */: the body is executed, so it is SQL
    triple_quotes: bool = False
    go_batches: bool = False  # T-SQL: GO lines end batches and semicolons are optional
    slash_blocks: bool = False  # Oracle: PL/SQL units contain ';' and end at a line holding only '/'
    trigger_bodies: bool = False  # SQLite: CREATE TRIGGER ... BEGIN stmt; stmt; END;


_MYSQL = Lexicon(backslash_strings=True, double_quote_strings=True, backticks=True, hash_comments=True, conditional_comments=True)
_SPARK = Lexicon(backslash_strings=True, double_quote_strings=True, backticks=True)
_TSQL = Lexicon(brackets=True, go_batches=True)
LEXICONS: dict[str, Lexicon] = {
    "postgres": Lexicon(dollar_quotes=True),
    "redshift": Lexicon(dollar_quotes=True),
    "materialize": Lexicon(dollar_quotes=True),
    "risingwave": Lexicon(dollar_quotes=True),
    "duckdb": Lexicon(dollar_quotes=True),
    "snowflake": Lexicon(backslash_strings=True, dollar_quotes=True),
    "mysql": _MYSQL,
    "doris": _MYSQL,
    "starrocks": _MYSQL,
    "singlestore": _MYSQL,
    "bigquery": Lexicon(backslash_strings=True, double_quote_strings=True, backticks=True, hash_comments=True, triple_quotes=True),
    "spark": _SPARK,
    "spark2": _SPARK,
    "databricks": _SPARK,
    "hive": _SPARK,
    "clickhouse": Lexicon(backslash_strings=True, backticks=True),
    "sqlite": Lexicon(backticks=True, brackets=True, trigger_bodies=True),
    "tsql": _TSQL,
    "fabric": _TSQL,
    "oracle": Lexicon(slash_blocks=True),
}


def lexicon(dialect: str) -> Lexicon:
    return LEXICONS.get(dialect, Lexicon())


@dataclass(frozen=True)
class Statement:
    """One statement of a script. `text` keeps the source length and layout (MySQL conditional
    comment markers are blanked, not removed), so an offset into it maps straight to the file."""

    text: str
    offset: int
    line: int
    col: int
    client_command: bool = False  # a psql backslash line or an SQL*Plus command, not SQL

    def where(self, index: int) -> tuple[int, int]:
        """File line and column of a character offset inside `text`."""
        before = self.text[:index]
        newlines = before.count("\n")
        if not newlines:
            return self.line, self.col + index
        return self.line + newlines, index - before.rfind("\n")


_GO_LINE = re.compile(r"[ \t]*GO(?:[ \t]+\d+)?[ \t]*(?:--[^\n]*)?\r?$", re.I)
_SLASH_LINE = re.compile(r"[ \t]*/[ \t]*\r?$")
_DELIMITER = re.compile(r"DELIMITER[ \t]+(\S+)", re.I)
_COPY_END = re.compile(r"^\\\.[ \t]*\r?$", re.M)
_COPY_FROM_STDIN = re.compile(r"\bFROM\s+STDIN\b", re.I)
_SPACE = re.compile(r"\s+")
_BACKSLASH_SQ = re.compile(r"'[^'\\]*(?:\\.[^'\\]*)*'", re.S)
_BACKSLASH_DQ = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_ENDS_WITH_END = re.compile(r"\bEND\s*$", re.I)
_LEAD_TOKEN = re.compile(r"--[^\n]*|/\*.*?\*/|[A-Za-z_][A-Za-z0-9_]*|\S", re.S)

# SQL*Plus commands end at the end of their line, with or without a semicolon.
_SQLPLUS = {"PROMPT", "REM", "REMARK", "SPOOL", "WHENEVER", "EXIT", "QUIT", "SET", "DEFINE", "UNDEFINE",
            "COLUMN", "CONNECT", "SHOW", "TTITLE", "BTITLE", "BREAK", "COMPUTE", "CLEAR", "PAUSE", "ACCEPT"}
# PL/SQL units that hold ';' inside and end at a '/' line.
_PLSQL_UNITS = {"PROCEDURE", "FUNCTION", "PACKAGE", "TRIGGER", "TYPE", "LIBRARY", "JAVA"}
# T-SQL modules that must be alone in their batch: the body runs to the next GO.
_TSQL_MODULES = {"PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "VIEW"}
# Without semicolons, a T-SQL statement ends where a line starts the next one.
_TSQL_LEADERS = {"CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE", "MERGE", "SET", "USE", "EXEC",
                 "EXECUTE", "GRANT", "DENY", "REVOKE", "PRINT", "IF", "DECLARE", "BEGIN", "END", "COMMIT",
                 "ROLLBACK", "TRUNCATE", "RAISERROR", "THROW", "DBCC", "BACKUP", "RESTORE", "SELECT"}


def leading_words(text: str, limit: int = 8, start: int = 0) -> list[str]:
    """The first few bare words of a statement, upper-cased, skipping comments and punctuation."""
    words: list[str] = []
    for m in _LEAD_TOKEN.finditer(text, start, min(len(text), start + 600)):
        tok = m.group()
        if tok[0].isalpha() or tok[0] == "_":
            words.append(tok.upper())
            if len(words) >= limit:
                break
    return words


def split(text: str, dialect: str) -> Iterator[Statement]:
    """The statements of a script, in order, each with the line and column where it starts."""
    return _Scanner(text, lexicon(dialect)).statements()


class _Scanner:
    def __init__(self, text: str, lex: Lexicon):
        self.text = text
        self.n = len(text)
        self.lex = lex
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.delimiter = ";"
        self.blanks: list[tuple[int, int]] = []
        self.in_conditional = False

    def where(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.newlines, offset - 1)
        line_start = self.newlines[i - 1] + 1 if i else 0
        return i + 1, offset - line_start + 1

    def statements(self) -> Iterator[Statement]:
        text, lex = self.text, self.lex
        pos = 0
        while True:
            pos = self._skip_blank(pos)
            if pos >= self.n:
                return
            eol = text.find("\n", pos)
            eol = self.n if eol < 0 else eol
            if self._at_line_start(pos):
                line = text[pos:eol]
                m = _DELIMITER.match(line)
                if m:
                    self.delimiter = m.group(1)
                    pos = eol
                    continue
                if (lex.go_batches and _GO_LINE.match(line)) or _SLASH_LINE.match(line):
                    pos = eol
                    continue
                if text[pos] == "\\" or (lex.slash_blocks and (line[:1] == "@" or _first_word(line) in _SQLPLUS)):
                    yield self._statement(pos, eol, client_command=True)
                    pos = eol
                    continue
            words = leading_words(text, 6, pos)
            if lex.slash_blocks and _is_plsql_unit(words):
                end, nxt = self._scan(pos, "slash")
                if end < 0:  # no '/' before the end of the file: the script relied on ';'
                    end, nxt = self._scan(pos, "normal")
            elif lex.go_batches and _is_tsql_module(words):
                end, nxt = self._scan(pos, "batch")
            elif lex.trigger_bodies and "TRIGGER" in words[1:4] and words[0] == "CREATE":
                end, nxt = self._scan(pos, "trigger")
            else:
                end, nxt = self._scan(pos, "tsql" if lex.go_batches else "normal")
            stmt = self._statement(pos, end)
            if stmt is not None:
                yield stmt
            pos = nxt
            if words[:1] == ["COPY"] and stmt is not None and _COPY_FROM_STDIN.search(stmt.text):
                m = _COPY_END.search(text, pos)
                pos = m.end() if m else self.n

    def _statement(self, start: int, end: int, client_command: bool = False) -> Statement | None:
        chunk = self.text[start:end]
        if self.blanks:
            parts = list(chunk)
            for a, b in self.blanks:
                for i in range(max(a, start), min(b, end)):
                    if parts[i - start] != "\n":
                        parts[i - start] = " "
            chunk = "".join(parts)
            self.blanks = []
        chunk = chunk.rstrip()
        if not chunk.strip():
            return None
        line, col = self.where(start)
        return Statement(chunk, start, line, col, client_command)

    def _at_line_start(self, pos: int) -> bool:
        return not self.text[self.text.rfind("\n", 0, pos) + 1:pos].strip()

    def _skip_blank(self, pos: int) -> int:
        text, n, lex = self.text, self.n, self.lex
        while pos < n:
            c = text[pos]
            if c.isspace():
                pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            elif text.startswith("--", pos) or (c == "#" and lex.hash_comments):
                e = text.find("\n", pos)
                pos = n if e < 0 else e
            elif text.startswith("/*", pos) and not (lex.conditional_comments and text.startswith("/*!", pos)):
                e = text.find("*/", pos + 2)
                pos = n if e < 0 else e + 2
            elif text.startswith(self.delimiter, pos):
                pos += len(self.delimiter)
            else:
                break
        return pos

    def _scan(self, pos: int, mode: str) -> tuple[int, int]:
        """(end of statement, where scanning resumes). Modes: normal (ends at the delimiter), tsql
        (also at GO and at a line that starts a new statement), batch (only at GO), slash (only at
        a '/' line; returns end -1 when the file ends first)."""
        text, n, lex = self.text, self.n, self.lex
        depth = 0
        p = pos
        while True:
            m = _pattern(lex, self.delimiter, mode, self.in_conditional).search(text, p)
            if m is None:
                return (-1, n) if mode == "slash" else (n, n)
            tok, s = m.group(), m.start()
            c = tok[0]
            if tok == self.delimiter and mode in ("normal", "tsql", "trigger"):
                if mode != "trigger" or _ENDS_WITH_END.search(text, max(pos, s - 40), s):
                    return s, m.end()
                p = m.end()
                continue
            if c == "'" or c == '"':
                p = self._skip_quoted(s, c)
            elif c == "`":
                e = text.find("`", s + 1)
                p = n if e < 0 else e + 1
            elif c == "[":
                e = text.find("]", s + 1)
                p = n if e < 0 else e + 1
            elif tok == "--" or c == "#":
                e = text.find("\n", s)
                p = n if e < 0 else e
            elif tok.startswith("/*"):
                if tok.startswith("/*!"):
                    self.blanks.append((s, m.end()))
                    self.in_conditional = True
                    p = m.end()
                else:
                    e = text.find("*/", s + 2)
                    p = n if e < 0 else e + 2
            elif tok == "*/":
                self.blanks.append((s, s + 2))
                self.in_conditional = False
                p = s + 2
            elif c == "$":
                e = text.find(tok, m.end())
                p = n if e < 0 else e + len(tok)
            elif c == "(":
                depth += 1
                p = s + 1
            elif c == ")":
                depth = max(0, depth - 1)
                p = s + 1
            elif c == "\n":
                nxt = text.find("\n", s + 1)
                nxt = n if nxt < 0 else nxt
                line = text[s + 1:nxt]
                if lex.go_batches and _GO_LINE.match(line):
                    return s, nxt
                if lex.slash_blocks and _SLASH_LINE.match(line):
                    return s, nxt
                if mode == "tsql" and depth == 0 and _first_word(line) in _TSQL_LEADERS and text[pos:s].strip():
                    return s, s + 1
                p = s + 1
            else:
                p = m.end()

    def _skip_quoted(self, s: int, q: str) -> int:
        text, lex = self.text, self.lex
        if lex.triple_quotes and text.startswith(q * 3, s):
            e = text.find(q * 3, s + 3)
            return self.n if e < 0 else e + 3
        escaped = lex.backslash_strings if q == "'" else (lex.backslash_strings and lex.double_quote_strings)
        if q == "'" and not escaped and s > 0 and text[s - 1] in "eE" and (s < 2 or not (text[s - 2].isalnum() or text[s - 2] == "_")):
            escaped = True  # PostgreSQL E'...' strings take backslash escapes
        if escaped:
            m = (_BACKSLASH_SQ if q == "'" else _BACKSLASH_DQ).match(text, s)
            return m.end() if m else self.n
        e = text.find(q, s + 1)
        return self.n if e < 0 else e + 1


def _first_word(line: str) -> str:
    m = re.match(r"\s*([A-Za-z_]+)", line)
    return m.group(1).upper() if m else ""


def _is_plsql_unit(words: list[str]) -> bool:
    if words[:1] in (["DECLARE"], ["BEGIN"]):
        return True
    if words[:1] != ["CREATE"]:
        return False
    rest = [w for w in words[1:] if w not in ("OR", "REPLACE", "EDITIONABLE", "NONEDITIONABLE", "EDITIONING")]
    return bool(rest) and rest[0] in _PLSQL_UNITS


def _is_tsql_module(words: list[str]) -> bool:
    if words[:1] not in (["CREATE"], ["ALTER"]):
        return False
    rest = [w for w in words[1:] if w not in ("OR", "ALTER")]
    return bool(rest) and rest[0] in _TSQL_MODULES


@lru_cache(maxsize=64)
def _pattern(lex: Lexicon, delimiter: str, mode: str, in_conditional: bool) -> re.Pattern[str]:
    parts = []
    if mode in ("normal", "tsql", "trigger"):
        parts.append(re.escape(delimiter))
    parts += ["'", '"', "--", r"/\*!\d*" if lex.conditional_comments else r"/\*", r"/\*"]
    if lex.backticks:
        parts.append("`")
    if lex.brackets:
        parts.append(r"\[")
    if lex.hash_comments:
        parts.append("#")
    if lex.dollar_quotes:
        parts.append(r"\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$")
    if in_conditional:
        parts.append(r"\*/")
    if lex.go_batches or lex.slash_blocks:
        parts.append("\n")
    if mode == "tsql":
        parts.append(r"[()]")
    return re.compile("|".join(parts))


# ---------------------------------------------------------------------------------------------
# Tokens, for looking inside one statement (column types as written, constraint clauses).


@dataclass(frozen=True)
class Token:
    kind: str  # word, ident (quoted identifier), string, number, op
    text: str  # as written
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


@lru_cache(maxsize=32)
def _token_pattern(lex: Lexicon) -> re.Pattern[str]:
    sq = (r"[NnBbXxRrUu]?'(?:[^'\\]|\\.|'')*'?" if lex.backslash_strings
          else r"[Ee]'(?:[^'\\]|\\.|'')*'?|[NnBbXxRrUu]?'(?:[^']|'')*'?")
    dq = r'"(?:[^"\\]|\\.|"")*"?' if lex.backslash_strings and lex.double_quote_strings else r'"(?:[^"]|"")*"?'
    parts = [r"(?P<ws>\s+)", r"(?P<comment>--[^\n]*|/\*.*?(?:\*/|$)" + (r"|#[^\n]*" if lex.hash_comments else "") + ")"]
    if lex.dollar_quotes:
        parts.append(r"(?P<dollar>\$(?P<tag>(?:[A-Za-z_]\w*)?)\$.*?(?:\$(?P=tag)\$|$))")
    parts.append(f"(?P<string>{sq})")
    parts.append(f"(?P<{'string2' if lex.double_quote_strings else 'ident'}>{dq})")
    if lex.backticks:
        parts.append(r"(?P<bt>`(?:[^`]|``)*`?)")
    if lex.brackets:
        parts.append(r"(?P<br>\[(?:[^\]]|\]\])*\]?)")
    parts += [
        r"(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)",
        r"(?P<word>[@#]{0,2}[^\W\d][\w$#@]*)",
        r"(?P<op>::|<=|>=|!=|\|\||\S)",
    ]
    return re.compile("|".join(parts), re.S)


_KINDS = {"dollar": "string", "string": "string", "string2": "string", "ident": "ident", "bt": "ident",
          "br": "ident", "number": "number", "word": "word", "op": "op"}


def tokenize(text: str, lex: Lexicon) -> list[Token]:
    out = []
    for m in _token_pattern(lex).finditer(text):
        kind = m.lastgroup
        if kind in _KINDS:
            out.append(Token(_KINDS[kind], m.group(), m.start(), m.end()))
    return out


def unquote(tok: Token) -> str:
    """An identifier's name as the database stores it: quotes removed, doubled quotes undone."""
    t = tok.text
    if tok.kind != "ident" or len(t) < 2:
        return t
    close = {"[": "]"}.get(t[0], t[0])
    body = t[1:-1] if t.endswith(close) else t[1:]
    return body.replace(close * 2, close)


def string_value(tok: Token, lex: Lexicon) -> str:
    """The value of a string literal token (N'', E'', '' doubling, backslash escapes)."""
    t = tok.text
    if t.startswith("$"):
        tag_end = t.index("$", 1) + 1
        return t[tag_end:len(t) - tag_end] if len(t) >= 2 * tag_end else t[tag_end:]
    prefix = t[0] if t[0] not in "'\"" else ""
    body = t[len(prefix) + 1:]
    q = t[len(prefix)]
    if body.endswith(q):
        body = body[:-1]
    if lex.backslash_strings or prefix in ("E", "e"):
        body = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(m.group(1), m.group(1)), body, flags=re.S)
    return body.replace(q * 2, q)
