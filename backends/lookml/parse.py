"""A fast LookML loader giving exactly what `lkml.load` gives, for files it fully understands.

lkml lexes one character at a time in Python (about 3 s for a 1,000-view project); this loader
tokenizes with one regular expression. Anything it is not sure lkml reads the same way raises
`Unsure`, and the caller falls back to `lkml.load`, which stays the authority on the language.
"""

from __future__ import annotations

import re
from typing import Any

import lkml
from lkml.keys import EXPR_BLOCK_KEYS, PLURAL_KEYS, pluralize


class Unsure(Exception):
    """The fast path cannot vouch for this text; use lkml."""


class LookMLSyntaxError(Exception):
    """Text lkml itself cannot read (or would not return from)."""


_KEYS = "|".join(re.escape(k) for k in sorted(EXPR_BLOCK_KEYS, key=len, reverse=True))
_TOKEN = re.compile(
    r"[ \t\n]*(?:#[^\n]*[ \t\n]*)*"  # whitespace and comments
    r"(?:"
    r'"(?P<q>(?:[^"\\]|\\.)*)"'
    r"|(?P<p>[{}\[\],:])"
    rf"|(?P<ek>{_KEYS}):(?P<eb>.*?);;"
    rf"|(?P<open>(?:{_KEYS}):)"
    r'|(?P<lit>[^\0 \n\t:}{,\]"#;\[\r]+)(?P<bad>["#;\[\r\0])?'
    r"|(?P<end>\Z)"
    r"|(?P<err>.)"
    r")",
    re.DOTALL,
)
_PLURAL = frozenset(PLURAL_KEYS)

# One statement per match; the pieces are _TOKEN's, with its whitespace between them. A literal
# is never an expression key followed by ':' (that is an `ek`/`open` token), never a lone '-',
# and never directly followed by a character that makes _TOKEN give up (`bad`). Possessive
# quantifiers keep a literal from being cut short to make a match. `err` takes any character
# nothing else starts with and the last branch the end, so every position matches: findall
# never skips text (a match of only whitespace and comments, all groups empty, is the end).
_WS = r"[ \t\n]*+(?:#[^\n]*+[ \t\n]*+)*+"
_EXPR_KEY = f"(?=[{''.join(sorted({k[0] for k in EXPR_BLOCK_KEYS}))}])(?:{_KEYS})"  # first-letter guard
_LIT = rf'(?!{_EXPR_KEY}:|-(?![^\0 \n\t:}}{{,\]"#;\[\r]))[^\0 \n\t:}}{{,\]"#;\[\r]++(?!["#;\[\r\0])'
_QUOTED = r'"(?:[^"\\]|\\.)*+"'
_STATEMENT = re.compile(
    _WS + r"(?:"
    rf"(?P<ek>{_EXPR_KEY}):(?P<eb>.*?);;|"
    rf"(?P<k>{_LIT}){_WS}:{_WS}(?:"
    rf"(?P<v>{_LIT}){_WS}(?P<nb>\{{)?"
    rf"|(?P<q>{_QUOTED})"
    r"|(?P<b>\{)"
    rf"|(?P<l>\[)(?P<lb>(?:{_WS}(?:{_QUOTED}|[^\0 \n\t:}}{{,\]\"#;\[\r]++(?![\"#;\[\r\0])|[,:]))*+){_WS}\]"
    r")"
    r"|(?P<c>\})"
    r"|(?P<err>.)"
    r"|\Z"
    r")",
    re.DOTALL,
)


def load(text: str) -> dict[str, Any]:
    """Parse LookML: the fast path when it can vouch for the result, lkml otherwise."""
    try:
        return fast_load(text)
    except Unsure:
        pass
    try:
        return lkml.load(text)
    except Exception as e:  # lkml raises SyntaxError, KeyError, and IndexError on truncated blocks
        raise LookMLSyntaxError(f"{type(e).__name__}: {e}") from None


def _tokens(text: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    append = out.append
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "p":
            append((m.group("p"), None))
        elif kind == "lit" or kind == "bad":
            if m.group("bad") is not None or m.group("lit") == "-":
                raise Unsure("literal lkml lexes differently")
            append(("lit", m.group("lit")))
        elif kind == "q":
            append(("q", m.group("q")))
        elif kind == "eb":
            append(("expr", (m.group("ek"), m.group("eb").strip())))
        elif kind == "end":
            break
        elif kind == "err" and m.group("err") == ";" and text[m.end() : m.end() + 1] != ";":
            # lkml's lexer never advances past a lone ';' and would not return.
            raise LookMLSyntaxError("a lone ';' (sql blocks end with ';;')")
        else:
            raise Unsure(kind)
    return out


def fast_load(text: str) -> dict[str, Any]:
    if "\r" in text or "\0" in text:
        raise Unsure("carriage return or NUL")
    try:
        return _statement_load(text)
    except Unsure:
        pass
    toks = _tokens(text)
    doc, pos = _container(toks, 0, top=True)
    if pos != len(toks):
        raise Unsure("trailing tokens")
    return doc


def _statement_load(text: str) -> dict[str, Any]:
    """The token path's result, a whole statement (`key: value`, `key: name {`, `}`, an
    expression block) per match of one regular expression.

    Each statement is exactly the tokens `_tokens` would produce there, handled as `_container`
    handles them; anything else (a token lkml lexes differently, a stray character, an
    unbalanced brace) raises Unsure and the token path decides.
    """
    top: dict[str, Any] = {}
    cur = top
    stack: list[tuple[dict, str, str | None]] = []
    plural = _PLURAL
    for ek, eb, k, v, nb, q, b, lst, lb, close, err in _STATEMENT.findall(text):
        if k:
            if v:
                if nb:
                    stack.append((cur, k, v))
                    cur = {}
                    continue
                value: Any = v
            elif q:
                value = q[1:-1]
            elif b:
                stack.append((cur, k, None))
                cur = {}
                continue
            elif lst:
                toks = _tokens(lb)
                toks.append(("]", None))
                value, _ = _list(toks, 0)
            else:
                raise Unsure("statement")
        elif ek:
            k, value = ek, eb.strip()
        elif close:
            if not stack:
                raise Unsure("unbalanced }")
            parent, k, name = stack.pop()
            if name is not None:
                cur["name"] = name
            value, cur = cur, parent
        elif err:
            raise Unsure(f"not a statement: {err!r}")
        else:
            break  # only whitespace and comments are left
        # _add, inlined: this loop runs once per statement of every file read back.
        if k in plural:
            _add(cur, k, value)
        elif k in cur:
            raise Unsure("repeated key")
        else:
            cur[k] = value
    if stack:
        raise Unsure("unclosed block")
    return top


def _add(target: dict, key: str, value: Any) -> None:
    if key in _PLURAL:
        items = target.setdefault(pluralize(key), [])
        if not isinstance(items, list):  # `dimensions: x` then `dimension: ...`: lkml raises
            raise Unsure("plural key already holds a value")
        items.append(value)
    elif key in target:
        raise Unsure("repeated key")
    else:
        target[key] = value


def _container(toks: list, pos: int, top: bool = False) -> tuple[dict, int]:
    out: dict[str, Any] = {}
    n = len(toks)
    while pos < n:
        kind, val = toks[pos]
        if kind == "}":
            if top:
                raise Unsure("unbalanced }")
            return out, pos
        if kind == "expr":
            _add(out, val[0], val[1])
            pos += 1
            continue
        if kind != "lit" or pos + 2 >= n or toks[pos + 1][0] != ":":
            raise Unsure("expected key:")
        key = val
        kind, val = toks[pos + 2]
        if kind == "{" or (kind == "lit" and pos + 3 < n and toks[pos + 3][0] == "{"):
            named = kind == "lit"
            body, pos = _container(toks, pos + (4 if named else 3))
            if pos >= n or toks[pos][0] != "}":
                raise Unsure("unclosed block")
            if named:
                body["name"] = val
            _add(out, key, body)
            pos += 1
        elif kind == "lit" or kind == "q":
            _add(out, key, val)
            pos += 3
        elif kind == "[":
            items, pos = _list(toks, pos + 3)
            _add(out, key, items)
        else:
            raise Unsure("unexpected value")
    if not top:
        raise Unsure("unclosed block")
    return out, pos


def _list(toks: list, pos: int) -> tuple[list, int]:
    items: list[Any] = []
    n = len(toks)
    expect_item = True
    pairs = None  # lkml lists hold either values or key: value pairs, never both
    while pos < n:
        kind, val = toks[pos]
        if kind == "]":
            return items, pos + 1
        if kind == ",":
            if expect_item:  # `[a,,b]`, and `[,]` too, which lkml does not read
                raise Unsure("empty list item")
            expect_item = True
            pos += 1
            continue
        if not expect_item:
            raise Unsure("missing comma")
        if kind == "lit" and pos + 2 < n and toks[pos + 1][0] == ":":
            vkind, v = toks[pos + 2]
            if vkind not in ("lit", "q"):
                raise Unsure("list pair value")
            if pairs is False:
                raise Unsure("mixed list")
            pairs = True
            items.append({val: v})
            pos += 3
        elif kind in ("lit", "q"):
            if pairs is True:
                raise Unsure("mixed list")
            pairs = False
            items.append(val)
            pos += 1
        else:
            raise Unsure("list item")
        expect_item = False
    raise Unsure("unclosed list")
