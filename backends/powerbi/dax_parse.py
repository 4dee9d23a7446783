"""DAX text -> a lark tree (grammars/dax.lark), and what the reader needs from it."""

from __future__ import annotations

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


def parse(text: str) -> Tree:
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
    return AGGREGATIONS.get(call_name(tree) or "")


def measure_refs(tree: Tree) -> list[str]:
    """Measure names referenced, in order."""
    return [bracket_name(t.children[0]) for t in tree.iter_subtrees_topdown() if t.data == "measure"]
