"""TMDL text -> a tree of Nodes, by the structure grammars/tmdl.lark defines.

`parse` is a recursive-descent parser of that grammar, written out by hand: Lark's LALR parser
and tree transformer cost about 15 ms a file, the bulk of a large Power BI compile (whose
structure check and round trip each read every file back). `parse_lalr` runs the grammar itself
through Lark; tests/backends/powerbi/test_tmdl.py holds the two to the same trees and errors.

The lexer is ours and line-oriented: an expression after `=` (DAX, M, JSON) is opaque text in
another language, so it is folded into one EXPR token, never tokenized as TMDL. Expression
continuation lines follow Microsoft's layout: after an object declaration (`measure X =`) they
are indented more than the object's properties (deeper than level + 1); after a property
(`source =`) more than the property; a ``` fence holds anything up to the closing fence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterator

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError
from lark.lexer import Lexer

TAB_WIDTH = 4  # spaces that count as one indentation level when a file is indented with spaces
_HEAD = re.compile(r"\s*(?:('(?:[^']|'')*')|(\.)|([^\s'.=:]+))")


class TmdlSyntaxError(ValueError):
    def __init__(self, message: str, line: int):
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class Node:
    """An object, a nameless object or struct, or a property: the schema tells which."""

    kind: str
    name: str | None = None
    value: str | None = None  # text after ':' (quotes stripped) or '=' (an expression)
    is_expr: bool = False
    children: list["Node"] = field(default_factory=list)
    doc: str | None = None
    ref: bool = False
    line: int = 0

    def props(self) -> dict[str, "Node"]:
        return {c.kind: c for c in self.children if c.name is None and not c.ref}

    def prop(self, kind: str) -> str | None:
        """A property's value; '' for a flag written alone; None when absent."""
        n = self.props().get(kind)
        if n is None:
            return None
        return "" if n.value is None else n.value

    def objects(self, kind: str) -> list["Node"]:
        return [c for c in self.children if c.kind == kind and c.name is not None and not c.ref]

    def annotation(self, name: str) -> str | None:
        for c in self.children:
            if c.kind == "annotation" and c.name == name:
                return c.value
        return None


def _indent(raw: str) -> int:
    tabs = len(raw) - len(raw.lstrip("\t"))
    spaces = len(raw[tabs:]) - len(raw[tabs:].lstrip(" "))
    return tabs + spaces // TAB_WIDTH


def _dedent(lines: list[str]) -> str:
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return ""
    cut = min(len(x) - len(x.lstrip()) for x in lines if x.strip())
    return "\n".join(x[cut:].rstrip() if x.strip() else "" for x in lines)


# A token: (type, text, line). Lark's Token objects are made only for `parse_lalr`.
Tok = tuple[str, str, int]


def _tok(kind: str, value: str, line: int) -> Tok:
    return (kind, value, line)


def _head(content: str, line: int) -> tuple[list[Tok], str, str]:
    """Tokens before the first ':' or '=' outside quotes, the separator, and the rest."""
    toks: list[Tok] = []
    pos = 0
    while True:
        rest = content[pos:].lstrip()
        if not rest:
            return toks, "", ""
        if rest[0] in ":=":
            return toks, rest[0], rest[1:]
        m = _HEAD.match(content, pos)
        if not m or m.end() == pos:
            raise TmdlSyntaxError(f"unexpected text {rest[:20]!r}", line)
        quoted, dot, bare = m.groups()
        toks.append(_tok("QUOTED", quoted, line) if quoted else _tok("DOT", ".", line) if dot else _tok("WORD", bare, line))
        pos = m.end()


def tokens(text: str) -> Iterator[Tok]:
    lines = text.replace("\r\n", "\n").replace("\ufeff", "").split("\n")
    stack = [0]
    i = 0
    while i < len(lines):
        raw, lineno = lines[i], i + 1
        i += 1
        if not raw.strip():
            continue
        level = _indent(raw)
        if level > stack[-1]:
            stack.append(level)
            yield _tok("_INDENT", "", lineno)
        while level < stack[-1]:
            stack.pop()
            yield _tok("_DEDENT", "", lineno)
        if level != stack[-1]:
            raise TmdlSyntaxError("inconsistent indentation", lineno)
        content = raw.strip()
        if content.startswith("///"):
            doc = content[3:]
            yield _tok("DOC", doc[1:] if doc.startswith(" ") else doc, lineno)
            yield _tok("_NL", "\n", lineno)
            continue
        head, sep, rest = _head(content, lineno)
        if head and head[0][:2] == ("WORD", "ref") and len(head) >= 3 and head[1][0] == "WORD":
            head[0] = _tok("REF", "ref", lineno)
        yield from head
        if sep == ":":
            yield _tok("VALUE", _unquote_value(rest.strip()), lineno)
        elif sep == "=":
            body = rest.strip()
            if body.startswith("```"):
                block = [body[3:]] if body[3:].strip() else []
                while i < len(lines) and not lines[i].strip().startswith("```"):
                    block.append(lines[i])
                    i += 1
                if i == len(lines):
                    raise TmdlSyntaxError("``` expression is not closed", lineno)
                i += 1
                yield _tok("EXPR", _dedent(block), lineno)
            elif body:
                yield _tok("EXPR", body, lineno)
            else:
                # An object's expression sits below its properties; a property's below itself.
                limit = level + 1 if len(head) >= 2 else level
                block = []
                while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > limit):
                    block.append(lines[i])
                    i += 1
                yield _tok("EXPR", _dedent(block), lineno)
        yield _tok("_NL", "\n", lineno)
    while len(stack) > 1:
        stack.pop()
        yield _tok("_DEDENT", "", len(lines))


def _unquote_value(text: str) -> str:
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text


def unquote_name(text: str) -> str:
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


class _TokenList(Lexer):
    def __init__(self, conf) -> None:
        pass

    def lex(self, data):  # the parser is fed the token list built by `tokens`
        yield from data


@lru_cache(maxsize=1)
def parser() -> Lark:
    grammar = resources.files("grammars").joinpath("tmdl.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=_TokenList)


@v_args(inline=True)
class _Build(Transformer):
    def start(self, *statements: Node) -> list[Node]:
        return list(statements)

    def statement(self, *parts):
        doc = parts[0] if len(parts) == 2 else None
        node = parts[-1]
        node.doc = doc
        return node

    def doc(self, *lines: Token) -> str:
        return "\n".join(str(t) for t in lines)

    def ref(self, _ref: Token, kind: Token, name: str) -> Node:
        return Node(kind=str(kind), name=name, ref=True, line=kind.line)

    def node(self, kind: Token, *rest) -> Node:
        n = Node(kind=str(kind), line=kind.line)
        for part in rest:
            if isinstance(part, str):
                n.name = part
            elif isinstance(part, tuple):
                n.value, n.is_expr = part
            elif isinstance(part, list):
                n.children = part
        return n

    def name(self, *parts: str | Token) -> str:
        # The DOT tokens come along with the parts (a named terminal is kept): `'A'.'B'` is A.B.
        return ".".join(p for p in parts if not isinstance(p, Token))

    def namepart(self, tok: Token) -> str:
        return unquote_name(str(tok))

    def value(self, tok: Token) -> tuple[str, bool]:
        return str(tok), False

    def expression(self, tok: Token) -> tuple[str, bool]:
        return str(tok), True

    def block(self, *statements: Node) -> list[Node]:
        return list(statements)


class _Parser:
    """grammars/tmdl.lark, rule by rule, over the token list; builds what _Build builds."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.pos = 0

    def _peek(self) -> str | None:
        return self.toks[self.pos][0] if self.pos < len(self.toks) else None

    def _fail(self) -> TmdlSyntaxError:
        if self.pos < len(self.toks):
            kind, value, line = self.toks[self.pos]
            return TmdlSyntaxError(f"Unexpected token {kind} {value!r}", line)
        # At the end, the line of the last token (0 for no tokens), as Lark says it.
        return TmdlSyntaxError("Unexpected end of input", self.toks[-1][2] if self.toks else 0)

    def _take(self, kind: str) -> Tok:
        if self._peek() != kind:
            raise self._fail()
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def start(self) -> list[Node]:
        # start: _NL* statement*
        while self._peek() == "_NL":
            self.pos += 1
        out = []
        while self.pos < len(self.toks):
            out.append(self.statement())
        return out

    def statement(self) -> Node:
        # statement: doc? (ref | node);  doc: (DOC _NL)+
        doc = None
        if self._peek() == "DOC":
            lines = []
            while self._peek() == "DOC":
                lines.append(self._take("DOC")[1])
                self._take("_NL")
            doc = "\n".join(lines)
        node = self.ref() if self._peek() == "REF" else self.node()
        node.doc = doc
        return node

    def ref(self) -> Node:
        # ref: REF WORD name _NL
        self._take("REF")
        kind = self._take("WORD")
        name = self.name()
        self._take("_NL")
        return Node(kind=kind[1], name=name, ref=True, line=kind[2])

    def node(self) -> Node:
        # node: WORD name? tail? _NL block?;  tail: VALUE | EXPR;  block: _INDENT statement+ _DEDENT
        kind = self._take("WORD")
        n = Node(kind=kind[1], line=kind[2])
        nxt = self._peek()
        if nxt == "WORD" or nxt == "QUOTED":
            n.name = self.name()
            nxt = self._peek()
        if nxt == "VALUE" or nxt == "EXPR":
            n.value, n.is_expr = self.toks[self.pos][1], nxt == "EXPR"
            self.pos += 1
        self._take("_NL")
        if self._peek() == "_INDENT":
            self.pos += 1
            children = [self.statement()]
            while self._peek() != "_DEDENT":
                children.append(self.statement())
            self.pos += 1
            n.children = children
        return n

    def name(self) -> str:
        # name: namepart (DOT namepart)*;  namepart: WORD | QUOTED
        parts = [self._namepart()]
        while self._peek() == "DOT":
            self.pos += 1
            parts.append(self._namepart())
        return ".".join(parts)

    def _namepart(self) -> str:
        if self._peek() not in ("WORD", "QUOTED"):
            raise self._fail()
        tok = self.toks[self.pos]
        self.pos += 1
        return unquote_name(tok[1])


def parse(text: str) -> list[Node]:
    """The top-level nodes of one TMDL file."""
    return _Parser(list(tokens(text))).start()


def parse_lalr(text: str) -> list[Node]:
    """`parse`, by the grammar file through Lark: the reference the hand-written parser is held to."""
    try:
        toks = [Token(kind, value, line=line, column=1) for kind, value, line in tokens(text)]
        return _Build().transform(parser().parse(toks))
    except TmdlSyntaxError:
        raise
    except LarkError as e:
        line = getattr(getattr(e, "token", None), "line", None) or 0
        raise TmdlSyntaxError(str(e).splitlines()[0], line) from None
