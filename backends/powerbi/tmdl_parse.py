"""TMDL text -> a tree of Nodes, with grammars/tmdl.lark.

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


def _tok(kind: str, value: str, line: int) -> Token:
    return Token(kind, value, line=line, column=1)


def _head(content: str, line: int) -> tuple[list[Token], str, str]:
    """Tokens before the first ':' or '=' outside quotes, the separator, and the rest."""
    toks: list[Token] = []
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


def tokens(text: str) -> Iterator[Token]:
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
        if head and head[0] == "ref" and len(head) >= 3 and head[1].type == "WORD":
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

    def name(self, *parts: str) -> str:
        return ".".join(parts)

    def namepart(self, tok: Token) -> str:
        return unquote_name(str(tok))

    def value(self, tok: Token) -> tuple[str, bool]:
        return str(tok), False

    def expression(self, tok: Token) -> tuple[str, bool]:
        return str(tok), True

    def block(self, *statements: Node) -> list[Node]:
        return list(statements)


def parse(text: str) -> list[Node]:
    """The top-level nodes of one TMDL file."""
    try:
        toks = list(tokens(text))
        return _Build().transform(parser().parse(toks))
    except TmdlSyntaxError:
        raise
    except LarkError as e:
        line = getattr(getattr(e, "token", None), "line", None) or 0
        raise TmdlSyntaxError(str(e).splitlines()[0], line) from None
