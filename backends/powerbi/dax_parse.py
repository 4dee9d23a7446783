"""DAX text -> a lark tree (grammars/dax.lark), and what the reader needs from it."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

AGGREGATIONS = {
    "COUNTROWS": "count",
    "COUNT": "count",
    "COUNTA": "count",
    "COUNTX": "count",
    "DISTINCTCOUNT": "count_distinct",
    "DISTINCTCOUNTNOBLANK": "count_distinct",
    "SUM": "sum",
    "SUMX": "sum",
    "AVERAGE": "avg",
    "AVERAGEX": "avg",
    "MIN": "min",
    "MINX": "min",
    "MAX": "max",
    "MAXX": "max",
}


class DaxSyntaxError(ValueError):
    pass


@lru_cache(maxsize=1)
def parser() -> Lark:
    grammar = resources.files("grammars").joinpath("dax.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", maybe_placeholders=False)


# The shapes most measures have, `SUM('Sales'[Amount])` and `COUNTROWS('Sales')`: one call of one
# column or table, no space, no comment. Read by one regular expression into the tree Lark builds
# for them (tests/backends/powerbi/test_dax.py holds the two to the same trees); Lark's parser
# costs about a millisecond a measure, and a large model has tens of thousands.
_NAME = r"[A-Za-z_][A-Za-z0-9_.]*"
_SIMPLE_CALL = re.compile(rf"({_NAME})\((?:('(?:[^']|'')*')|({_NAME}))(\[(?:[^\]]|\]\])*\])?\)")
_KEYWORD = re.compile(r"IN\b", re.IGNORECASE)  # lexed as the IN operator, never as a name


def _simple_call(text: str) -> Tree | None:
    m = _SIMPLE_CALL.fullmatch(text)
    if m is None or _KEYWORD.match(m.group(1)) or (m.group(3) and _KEYWORD.match(m.group(3))):
        return None
    name, quoted, bare, bracket = m.groups()
    table = Token("QUOTED_TABLE", quoted) if quoted else Token("NAME", bare)
    arg = Tree("column", [table, Token("BRACKETED", bracket)]) if bracket else Tree("table", [table])
    return Tree("call", [Token("NAME", name), Tree("args", [arg])])


def parse(text: str) -> Tree:
    tree = _simple_call(text)
    if tree is not None:
        return tree
    try:
        return parser().parse(text)
    except LarkError as e:
        raise DaxSyntaxError(str(e).splitlines()[0]) from None


def table_name(tok: Token) -> str:
    s = str(tok)
    return s[1:-1].replace("''", "'") if s.startswith("'") else s


def bracket_name(tok: Token) -> str:
    return str(tok)[1:-1].replace("]]", "]")


def call_name(tree: Tree) -> str | None:
    return str(tree.children[0]).upper() if isinstance(tree, Tree) and tree.data == "call" else None


def call_args(tree: Tree) -> list:
    for c in tree.children[1:]:
        if isinstance(c, Tree) and c.data == "args":
            return list(c.children)
    return []


def aggregation(tree: Tree) -> str | None:
    """The IR aggregation a measure expression computes (through CALCULATE), if any."""
    while call_name(tree) == "CALCULATE" and call_args(tree):
        tree = call_args(tree)[0]
    if call_name(tree) == "COUNTROWS" and call_args(tree) and call_name(call_args(tree)[0]) == "SUMMARIZE":
        return "count_distinct"  # the distinct combinations of columns (a session within its user)
    return AGGREGATIONS.get(call_name(tree) or "")


def measure_refs(tree: Tree) -> list[str]:
    """Measure names referenced, in order."""
    return [bracket_name(t.children[0]) for t in tree.iter_subtrees_topdown() if t.data == "measure"]
