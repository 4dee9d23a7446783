"""Cube naming rules: cubes, views and members are `[_a-zA-Z][_a-zA-Z0-9]*`; cubes and views
share one namespace, and a cube's dimensions, measures and segments share another."""

from __future__ import annotations

import re

from backends.base import unique_name

_VALID = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*\Z")
_BAD_RUN = re.compile(r"[^a-zA-Z0-9_]+")


def is_identifier(name: str) -> bool:
    return bool(_VALID.match(name))


def sanitize(name: str) -> str:
    out = _BAD_RUN.sub("_", name).strip("_") or "member"
    return "_" + out if out[0].isdigit() else out


unique = unique_name


def cube_path(cube: str) -> str:
    return f"model/cubes/{cube}.yml"


def view_path(view: str) -> str:
    return f"model/views/{view}.yml"
