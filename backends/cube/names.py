"""Cube naming rules: cubes, views and members are `[_a-zA-Z][_a-zA-Z0-9]*`; cubes and views
share one namespace, and a cube's dimensions, measures and segments share another."""

from __future__ import annotations

import re

from backends.base import unique_name
from compiler.naming import fit_identifier, free_identifier, identifier_limit

_VALID = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*\Z")
_BAD_RUN = re.compile(r"[^a-zA-Z0-9_]+")


def is_identifier(name: str) -> bool:
    return bool(_VALID.match(name))


def sanitize(name: str) -> str:
    out = _BAD_RUN.sub("_", name).strip("_") or "member"
    return "_" + out if out[0].isdigit() else out


unique = unique_name

# Cube aliases each column of the SQL it writes `<cube or view>__<member>`, and a warehouse cuts a
# longer identifier (PostgreSQL at 63 bytes: two measures sharing their first 63 characters read
# as one, and Cube finds neither under its alias). A cube or view whose aliases would not fit is
# given an `sql_alias` of at most ALIAS_CHARS, which Cube writes instead of its name; a member's
# name leaves room for one (compiler.naming.fit_identifier cuts it to a stem and a stable hash).
ALIAS_CHARS = 16
ALIAS_ROOM = ALIAS_CHARS + 2  # the alias and the `__` after it


def member_name(name: str, taken: set[str], dialect: str) -> str:
    """A free member name for `name`, short enough for its cube's alias before it."""
    base = fit_identifier(name if is_identifier(name) else sanitize(name), dialect, ALIAS_ROOM)
    return free_identifier(base, taken.__contains__, dialect, ALIAS_ROOM)


def sql_alias(name: str, longest_member: int, dialect: str) -> str | None:
    """The `sql_alias` a cube or view named `name` needs, None when its own name fits before its
    longest member's name."""
    limit = identifier_limit(dialect)
    if limit is None or len(name) + 2 + longest_member <= limit[0]:
        return None
    return fit_identifier(name, dialect, limit[0] - ALIAS_CHARS)


def with_sql_alias(doc: dict, alias: str | None) -> dict:
    """`doc` with `sql_alias` after its name, where it is read."""
    if alias is None:
        return doc
    head = {k: v for k, v in doc.items() if k == "name"}
    return {**head, "sql_alias": alias, **{k: v for k, v in doc.items() if k != "name"}}


def cube_path(cube: str) -> str:
    return f"model/cubes/{cube}.yml"


def view_path(view: str) -> str:
    return f"model/views/{view}.yml"
