"""Token-level reading of DDL statements, for what sqlglot either loses or cannot parse.

sqlglot regenerates types and defaults in its own spelling and rejects many vendor clauses, so the
frontend also looks at the tokens of a statement (from ddl_split's tokenizer): qualified names,
the column list of a CREATE TABLE, each column's type and default exactly as written, and the
vendor noise (Oracle constraint states, T-SQL index options, trailing table options) that is
blanked out before sqlglot is tried again. Blanking replaces characters with spaces and keeps
newlines, so positions in sqlglot's errors still point into the file.
"""

from __future__ import annotations

import re

from compiler.frontends.ddl_split import Lexicon, Token, string_value, unquote

# Words that end a column's type (and a default expression) at nesting depth 0.
_TYPE_STOP = {"NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "COLLATE",
              "GENERATED", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "COMMENT", "ON", "AS", "KEY", "ENCODE",
              "MASKING", "OPTIONS", "ROWGUIDCOL", "SPARSE", "FILESTREAM", "ENABLE", "DISABLE", "VISIBLE",
              "INVISIBLE", "STORED", "VIRTUAL", "CHARSET", "SRID", "COLUMN_FORMAT", "STORAGE", "CODEC", "TTL",
              "ALIAS", "MATERIALIZED", "TAG", "FOREIGN", "USING", "VALIDATE", "NOVALIDATE"}
_CONSTRAINT_STARTS = {"CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "KEY", "INDEX", "FULLTEXT",
                      "SPATIAL", "EXCLUDE", "PERIOD", "LIKE"}
# Constraint states and storage hints sqlglot does not know and that carry nothing for a model.
_NOISE_WORDS = {"ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY", "ROWGUIDCOL", "SPARSE", "FILESTREAM",
                "CLUSTERED", "NONCLUSTERED"}
_IF_NOT_EXISTS = ("IF", "NOT", "EXISTS")

Span = tuple[int, int]


def skip_words(toks: list[Token], i: int, words: tuple[str, ...]) -> int:
    while i < len(toks) and toks[i].upper in words:
        i += 1
    return i


def dotted(toks: list[Token], i: int, dialect: str = "") -> tuple[list[str], int]:
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


def name_after(toks: list[Token], keyword: str, dialect: str = "") -> tuple[list[str], int]:
    """The name that follows the first `keyword` (TABLE, VIEW) and an optional IF NOT EXISTS."""
    k = next((k for k, t in enumerate(toks) if t.upper == keyword), None)
    if k is None:
        return [], len(toks)
    return dotted(toks, skip_words(toks, k + 1, _IF_NOT_EXISTS), dialect)


def matching(toks: list[Token], i: int) -> int:
    """Index of the parenthesis closing the one at i (len(toks) when it is never closed)."""
    depth = 0
    for k in range(i, len(toks)):
        if toks[k].text == "(":
            depth += 1
        elif toks[k].text == ")":
            depth -= 1
            if depth == 0:
                return k
    return len(toks)


def split_commas(toks: list[Token]) -> list[list[Token]]:
    """The comma-separated elements of a list, commas inside (...) and <...> not counting.
    Angle brackets nest only as type brackets (ARRAY<INT>, STRUCT<a INT, b INT>): inside
    parentheses `<` and `>` compare (CHECK (adet > 0)) and must not unbalance the count."""
    out: list[list[Token]] = [[]]
    stack: list[str] = []
    for t in toks:
        if t.kind == "op":
            if t.text == "(":
                stack.append("(")
            elif t.text == "<" and "(" not in stack:
                stack.append("<")
            elif t.text == ">" and stack and stack[-1] == "<":
                stack.pop()
            elif t.text == ")":
                while stack and stack.pop() != "(":
                    pass
        if t.text == "," and t.kind == "op" and not stack:
            out.append([])
        elif t.text != ";":
            out[-1].append(t)
    return [e for e in out if e]


def _column_list(toks: list[Token]) -> Span | None:
    """Token indexes of the parentheses around a CREATE TABLE's column list."""
    _, i = name_after(toks, "TABLE")
    if i >= len(toks) or toks[i].text != "(":
        return None
    close = matching(toks, i)
    return (i, close) if close < len(toks) else None


def column_pieces(text: str, toks: list[Token], lex: Lexicon) -> dict[str, tuple[str, str | None]]:
    """Column name -> (type as written, default as written), read from the source text."""
    span = _column_list(toks)
    if span is None:
        return {}
    out = {}
    for el in split_commas(toks[span[0] + 1:span[1]]):
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
    # first_free: a default may itself start with a stop word (DEFAULT NULL, DEFAULT ON ...).
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


def _blank(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for a, b in spans:
        for k in range(a, b):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _as_written(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def blank_table_noise(text: str, toks: list[Token], lex: Lexicon) -> tuple[str, list[str], str | None]:
    """The statement with vendor clauses sqlglot cannot read blanked out (same length), what was
    dropped (worth telling the user), and a table comment found among the dropped options."""
    span = _column_list(toks)
    if span is None:
        return text, [], None
    spans: list[Span] = []
    dropped: list[str] = []
    for el in split_commas(toks[span[0] + 1:span[1]]):
        el_spans, el_dropped = _clause_noise(el, text)
        spans += el_spans
        dropped += el_dropped
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
        dropped.append(_as_written(text, tail[0].start, end))
    return _blank(text, spans), [d for d in dropped if d], comment


def sqlite_type_words(text: str, toks: list[Token]) -> str:
    """The statement with each column's type cut to its first word (same length): SQLite takes
    any sequence of words as a type name (`BLOB SUB_TYPE TEXT`, `UNSIGNED BIG INT`), sqlglot
    does not. The types as written are still read from the original text (column_pieces)."""
    span = _column_list(toks)
    if span is None:
        return text
    spans: list[Span] = []
    for el in split_commas(toks[span[0] + 1:span[1]]):
        if el[0].kind not in ("word", "ident") or (el[0].kind == "word" and el[0].upper in _CONSTRAINT_STARTS):
            continue
        j = _until_stop(el, 1, first_free=False)
        words = [t for t in el[1:j] if t.kind == "word"]
        if len(words) >= 2 and all(t.kind == "word" for t in el[1:1 + len(words)]):
            spans.append((words[0].end, el[j - 1].end))
    return _blank(text, spans)


def blank_constraint_noise(text: str, toks: list[Token]) -> str:
    """An ALTER TABLE with the same vendor noise blanked out; `toks` start after the table name."""
    # _clause_noise skips an element's first token (a column or constraint name); nothing to skip here.
    spans, _ = _clause_noise([Token("op", "", 0, 0)] + toks, text)
    return _blank(text, spans)


def _clause_noise(el: list[Token], text: str) -> tuple[list[Span], list[str]]:
    """Oracle constraint states and USING INDEX, T-SQL index options (WITH (...), ON [filegroup])."""
    spans: list[Span] = []
    dropped: list[str] = []
    keyed = False  # WITH and ON are options only after a key; elsewhere they mean something else
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
            elif t.upper == "VIRTUAL" and el[k - 1].text == ")":
                # PostgreSQL 18's virtual generated column (`GENERATED ALWAYS AS (...) VIRTUAL`):
                # computed on read rather than stored, a column all the same.
                spans.append((t.start, t.end))
            elif t.upper == "NOT" and k + 2 < len(el) and el[k + 1].upper == "FOR" and el[k + 2].upper == "REPLICATION":
                spans.append((t.start, el[k + 2].end))
                k += 2
            elif keyed and t.upper == "NOT" and k + 1 < len(el) and el[k + 1].upper == "DEFERRABLE":
                spans.append((t.start, el[k + 1].end))  # constraint timing says nothing of the key
                k += 1
            elif keyed and t.upper == "DEFERRABLE":
                spans.append((t.start, t.end))
            elif keyed and t.upper == "INITIALLY" and k + 1 < len(el) and el[k + 1].upper in ("IMMEDIATE", "DEFERRED"):
                spans.append((t.start, el[k + 1].end))
                k += 1
            elif t.upper == "USING" and k + 1 < len(el) and el[k + 1].upper == "INDEX":
                spans.append((t.start, el[-1].end))
                dropped.append(_as_written(text, t.start, el[-1].end))
                break
            elif keyed and t.upper == "WITH" and k + 1 < len(el) and el[k + 1].text == "(":
                end = matching(el, k + 1)
                last = el[min(end, len(el) - 1)]
                spans.append((t.start, last.end))
                dropped.append(_as_written(text, t.start, last.end))
                k = end
            elif keyed and t.upper == "CONSTRAINT" and k + 2 < len(el) and el[k + 2].upper == "DEFAULT":
                # T-SQL names a default after a key constraint (`UNIQUE CONSTRAINT [DF_x] DEFAULT
                # (NEWID())`), which sqlglot cannot read; a default's name says nothing of the table.
                spans.append((t.start, el[k + 1].end))
                k += 1
            elif keyed and t.upper == "ON" and k + 1 < len(el) and el[k + 1].upper not in ("DELETE", "UPDATE"):
                end = k + 1
                if end + 1 < len(el) and el[end + 1].text == "(":
                    end = matching(el, end + 1)
                end = min(end, len(el) - 1)
                spans.append((t.start, el[end].end))
                dropped.append(_as_written(text, t.start, el[end].end))
                k = end
        k += 1
    return spans, dropped
