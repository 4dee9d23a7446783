"""One YAML writer for every YAML file mb writes (snapshots, dbt, Cube, Superset, ...).

Output means the same to every reader the targets use: YAML 1.1 (PyYAML, which dbt and
Superset read with) and YAML 1.2 (ruamel, js-yaml in Cube, ryaml). A string is written plain
only when no reader could take it for anything else: `yes`, `on`, `y`, `null`, `~`, `1e3`,
`0o17`, `0x1F`, `1_000`, `2024-01-31`, `.inf` and their kin are quoted, as are strings with
indicators, line breaks, control characters or outer spaces. Multi-line text is a literal block
(`|`) when the block keeps it exactly, else a double-quoted string with escapes. Floats always
carry a dot and a signed exponent, which both YAML versions read as a float.

`jinja_inert=True` (Cube, whose YAML models are Jinja templates) writes no `{{`, `}}`, `{%`, `%}`,
`{#` or `#}` anywhere: the first character of each is escaped (`\\x7b`...) inside a double-quoted
string, so the template engine never sees a delimiter and the YAML reader still gets the text. `escape` rewrites every
string (keys and values) first, for targets that render the strings after reading the YAML
(dbt: backends/templating.py).

Deterministic (mapping order is the caller's), linear, and several times faster than PyYAML's
pure-Python emitter (bench/bench_yaml.py). Block style, two-space indents; a sequence under a
key is indented (`indent_sequences=True`, as dbt's own files are) or not (PyYAML's layout).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Callable, Iterable

# A plain scalar: starts with a word character, `/`, `(` or `$`; holds no `:`, `#`, control
# characters or runs of spaces; ends with no space. (Flow indicators `,[]{}` are plain text in
# block context, the only context written here.)
_PLAIN = re.compile(r"[\w/($](?:[^\x00-\x1f\x7f-\x9f:#\s]| (?=\S))*\Z")
# What some reader resolves to a number or a date: YAML 1.1 ints (0b, octal 0..., 0x, `_`) and
# floats (`1.0.0` included), YAML 1.2 and js-yaml forms (0o, exponents without a dot), `.inf`,
# `.nan`, and anything starting like a date.
_RESOLVES = re.compile(
    r"""(?ix)[-+]?(
        0b[01_]+ | 0o?[0-7_]+ | 0x[0-9a-f_]+
      | ([0-9][0-9_]*)?\.[0-9._]*([eE][-+]?[0-9]+)?
      | [0-9][0-9_]*([eE][-+]?[0-9]+)?
      | \.(inf|nan)
    )\Z | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"""
)
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", "infinity", "none"}
# What YAML calls printable (1.1 and 1.2 agree), minus the line breaks and BOM that readers
# treat specially: anything else goes in a double-quoted string, escaped.
_UNPRINTABLE = re.compile("[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# Jinja delimiters, openers and closers: Cube treats a YAML file holding `{{`, `}}`, `{%` or
# `%}` as a template. The first character of each is what gets escaped.
_JINJA = re.compile(r"\{(?=[{%#])|[%#}](?=\})")
_JINJA_ESCAPE = {"{": "\\x7b", "%": "\\x25", "#": "\\x23", "}": "\\x7d"}
_ESCAPES = {
    "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r",
    "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P",
}
_DOUBLE_ESCAPE = re.compile("[\\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _escape_char(m: re.Match) -> str:
    ch = m.group()
    esc = _ESCAPES.get(ch)
    if esc is not None:
        return esc
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def double_quoted(text: str, jinja_inert: bool = False) -> str:
    out = _DOUBLE_ESCAPE.sub(_escape_char, text)
    if jinja_inert:
        out = _JINJA.sub(lambda m: _JINJA_ESCAPE[m.group()], out)
    return f'"{out}"'


def _plain_ok(text: str, jinja_inert: bool) -> bool:
    if not _PLAIN.match(text) or _UNPRINTABLE.search(text) or (jinja_inert and _JINJA.search(text)):
        return False
    low = text.lower()
    if low in _SPECIAL or low.lstrip("+-.") in _SPECIAL:
        return False
    return not _RESOLVES.match(text)


@lru_cache(maxsize=1 << 16)
def scalar(text: str, jinja_inert: bool = False) -> str:
    """A string as a one-line YAML scalar (for keys and short values)."""
    if _plain_ok(text, jinja_inert):
        return text
    if (text and "'" not in text and text == text.strip() and not _UNPRINTABLE.search(text)
            and "\n" not in text and not (jinja_inert and _JINJA.search(text))):
        # SQL full of double-quoted identifiers reads best single-quoted.
        return f"'{text}'"
    return double_quoted(text, jinja_inert)


@lru_cache(maxsize=1 << 12)
def _key(text: str, jinja_inert: bool) -> str | None:
    """`text` as a mapping key with its colon; None when too long for an implicit key."""
    out = scalar(text, jinja_inert) + ":"
    return out if len(out) <= 1000 else None


def _literal(text: str, indent: str, jinja_inert: bool) -> list[str] | None:
    """`text` as a literal block scalar's header and lines, or None when one cannot hold it."""
    if "\n" not in text or _UNPRINTABLE.search(text) or "\r" in text or (jinja_inert and _JINJA.search(text)):
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    lines = body.split("\n")
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        return None  # only line breaks: a quoted string says that more plainly
    # The first non-empty line sets the block's indentation unless an indicator does.
    if any(line and not line.strip(" ") for line in lines) or any(line[:1] == "\t" for line in lines):
        return None  # lines of only spaces, or starting with a tab: readers disagree on them
    indicator = "2" if first[0] == " " else ""
    out = [f"|{indicator}{chomp}"]
    out.extend(f"{indent}{line}" if line else "" for line in lines)
    out.extend("" for _ in range(trailing - 1))
    return out


def _float(x: float) -> str:
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return ".inf" if x > 0 else "-.inf"
    text = repr(x)
    mantissa, e, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    if e and exponent[0] not in "+-":
        exponent = "+" + exponent
    return mantissa + (f"e{exponent}" if e else "")


class _Writer:
    def __init__(self, jinja_inert: bool, escape: Callable[[str], str] | None, indent_sequences: bool):
        self.jinja = jinja_inert
        self.escape = escape
        self.indent_sequences = indent_sequences
        self.out: list[str] = []

    def value_inline(self, value: Any, indent: str) -> list[str] | str:
        """A scalar's text (str) or, for multi-line text, the lines of a literal block."""
        if isinstance(value, str):
            if self.escape is not None:
                value = self.escape(value)
            if "\n" in value:
                block = _literal(value, indent, self.jinja)
                return block if block is not None else double_quoted(value, self.jinja)
            return scalar(value, self.jinja)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return _float(value)
        raise TypeError(f"cannot write {type(value).__name__} as YAML")

    def mapping(self, data: dict, indent: str, first_prefix: str | None = None) -> None:
        """Write a mapping at `indent`; its first key after `first_prefix` (a sequence dash)."""
        append = self.out.append
        deeper = indent + "  "
        sequence_indent = deeper if self.indent_sequences else indent
        jinja, escape = self.jinja, self.escape
        lead = first_prefix if first_prefix is not None else indent
        # The common entries, a string key with a one-line string, null, boolean or integer, are
        # written inline here: this loop runs once per key of every YAML file a large compile writes.
        for key, value in data.items():
            text = _key(key if escape is None else escape(key), jinja) if key.__class__ is str else None
            if text is None:  # not a string, or too long for an implicit key
                text = self.key(key)
                if len(text) > 1000:  # an implicit key is at most 1024 characters: make it explicit
                    append(f"{lead}? {text[:-1]}")
                    self.entry(indent + ":", value, deeper, deeper)
                    lead = indent
                    continue
            kind = value.__class__
            if kind is str:
                line = value if escape is None else escape(value)
                if "\n" not in line:
                    append(f"{lead}{text} {scalar(line, jinja)}")
                else:
                    self.entry(lead + text, value, deeper, sequence_indent)
            elif value is None:
                append(f"{lead}{text} null")
            elif kind is bool:
                append(f"{lead}{text} {'true' if value else 'false'}")
            elif kind is int:
                append(f"{lead}{text} {value}")
            else:
                self.entry(lead + text, value, deeper, sequence_indent)
            lead = indent

    def key(self, key: Any) -> str:
        if isinstance(key, str):
            return scalar(self.escape(key) if self.escape is not None else key, self.jinja) + ":"
        if isinstance(key, bool) or key is None or isinstance(key, (int, float)):
            return self.value_inline(key, "") + ":"
        raise TypeError(f"cannot write a {type(key).__name__} key as YAML")

    def entry(self, head: str, value: Any, deeper: str, sequence_indent: str) -> None:
        """`head` (`key:` or `-`) followed by `value`, nested below it when it is a collection
        (a sequence at `sequence_indent`)."""
        out = self.out
        if isinstance(value, dict):
            if not value:
                out.append(head + " {}")
            else:
                out.append(head)
                self.mapping(value, deeper)
        elif isinstance(value, (list, tuple)):
            if not value:
                out.append(head + " []")
            else:
                out.append(head)
                self.sequence(value, sequence_indent)
        else:
            text = self.value_inline(value, deeper)
            if isinstance(text, str):
                out.append(f"{head} {text}")
            else:
                out.append(f"{head} {text[0]}")
                out.extend(text[1:])

    def sequence(self, items: Iterable, indent: str, first_prefix: str | None = None) -> None:
        """Write a sequence at `indent`; its first dash after `first_prefix` (an outer dash)."""
        deeper = indent + "  "
        for i, item in enumerate(items):
            lead = first_prefix if i == 0 and first_prefix is not None else indent
            if isinstance(item, dict) and item:
                self.mapping(item, deeper, first_prefix=lead + "- ")
            elif isinstance(item, (list, tuple)) and item:
                self.sequence(item, deeper, first_prefix=lead + "- ")
            else:
                self.entry(lead + "-", item, deeper, deeper)


def dump(data: Any, header: Iterable[str] = (), jinja_inert: bool = False,
         escape: Callable[[str], str] | None = None, indent_sequences: bool = False) -> str:
    """`data` (dicts, lists, str, int, float, bool, None) as a YAML document, after `header`
    lines written as comments."""
    w = _Writer(jinja_inert, escape, indent_sequences)
    for line in header:
        line = " ".join(str(line).split())  # a comment ends at a line break
        w.out.append(f"# {line}" if line else "#")
    if isinstance(data, dict) and data:
        w.mapping(data, "")
    elif isinstance(data, (list, tuple)) and data:
        w.sequence(data, "")
    elif isinstance(data, (dict, list, tuple)):
        w.out.append("{}" if isinstance(data, dict) else "[]")
    else:
        text = w.value_inline(data, "  ")
        w.out.extend([text] if isinstance(text, str) else text)
    return "\n".join(w.out) + "\n"
