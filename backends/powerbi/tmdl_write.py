"""Nodes -> TMDL text: tabs for nesting, `///` descriptions, expressions on their own lines.

Multi-line expressions are written two levels below their owner, which is where Microsoft's
tools put them and what tmdl_parse reads back for objects and properties alike.
"""

from __future__ import annotations

from backends.powerbi.names import tmdl_name, tmdl_value
from backends.powerbi.tmdl_parse import Node


def render(nodes: list[Node]) -> str:
    out: list[str] = []
    for i, n in enumerate(nodes):
        if i and (n.children or nodes[i - 1].children or n.kind != nodes[i - 1].kind):
            out.append("")
        _node(n, 0, out)
    return "\n".join(out) + "\n"


def _node(n: Node, depth: int, out: list[str]) -> None:
    pad = "\t" * depth
    if n.doc:
        out.extend(f"{pad}/// {line}".rstrip() for line in n.doc.split("\n"))
    head = f"{pad}{'ref ' if n.ref else ''}{n.kind}"
    if n.name is not None:
        head += " " + tmdl_name(n.name)
    if n.value is not None and n.is_expr:
        # No bare CR in a TMDL file: every line break of an expression is a plain \n.
        value = n.value.replace("\r\n", "\n").replace("\r", "\n")
        if "\n" in value:
            out.append(head + " =")
            out.extend((pad + "\t\t" + line) if line else "" for line in value.split("\n"))
        else:
            out.append(f"{head} = {value}")
    elif n.value is not None:
        out.append(f"{head}: {tmdl_value(n.value)}")
    else:
        out.append(head)
    props = [c for c in n.children if c.name is None and not c.children]
    objects = [c for c in n.children if c not in props]
    for c in props:
        _node(c, depth + 1, out)
    for c in objects:
        out.append("")
        _node(c, depth + 1, out)
