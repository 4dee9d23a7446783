"""Text from a database made inert for the template engines that render a target's files.

dbt renders every string of its YAML and every SQL file through Jinja once; Looker renders field
labels and descriptions through Liquid. Both print a string literal as it is, so each `{` that
would open a tag (`{{`, `{%`, `{#`) is written as the expression `{{ "{" }}`: the engine prints
`{`, and `{{ env_var("SECRET") }}` in a column comment stays that text instead of running.
`plain` undoes it, for the readers of those files.
"""

from __future__ import annotations

import re

LITERAL_BRACE = '{{ "{" }}'
_OPENER = re.compile(r"\{(?=[{%#])")


class Template(str):
    """Text written for the engine to render (a MetricFlow filter's `{{ Dimension('order__currency') }}`):
    kept as it is by `literal`; what comes from the database in it is made literal where it is built."""


def literal(text: str) -> str:
    """`text` as a template that renders to `text` (a Template as it is)."""
    if isinstance(text, Template):
        return text
    return _OPENER.sub(LITERAL_BRACE.replace("\\", "\\\\"), text) if "{" in text else text


def plain(text: str) -> str:
    """The text a `literal` template renders to."""
    return text.replace(LITERAL_BRACE, "{") if LITERAL_BRACE in text else text
