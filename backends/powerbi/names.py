"""Power BI names: TMDL quoting, DAX references, display names and file names.

Display names: a table, column or measure is named in TMDL by its label (Text.value) when the
IR has one, because the TMDL name is exactly what a Power BI user sees in the field list; the
IR name is kept in an `mb_name` annotation so the reader can map back. Power BI compares names
case-insensitively, so uniqueness is checked on the casefolded name.
"""

from __future__ import annotations

import re

from compiler.naming import words

_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Control characters and the line separators some readers split lines at.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_FILE_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def tmdl_name(name: str) -> str:
    """An object name as TMDL writes it: bare when it is a plain identifier, else in single
    quotes with quotes doubled (spaces, dots, quotes, '=' and ':' all need the quotes)."""
    if _BARE.match(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def tmdl_ref(table: str, column: str) -> str:
    """`Table.Column` for fromColumn / toColumn / sortByColumn."""
    return f"{tmdl_name(table)}.{tmdl_name(column)}"


def tmdl_safe(text: str) -> bool:
    """Whether a TMDL property value can hold `text` exactly (it stays on one line)."""
    return not _CONTROL.search(text)


def tmdl_value(text: str) -> str:
    """A text property value: bare unless whitespace at its ends or a leading quote would be
    lost, then in double quotes with quotes doubled. A value must stay on one line: control
    characters become spaces (names that need them are renamed in M: mquery.source_names)."""
    if not tmdl_safe(text):
        text = _CONTROL.sub(" ", text)
    if text == "" or text != text.strip() or text.startswith('"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def doc_text(text: str | None) -> str | None:
    """A description as `///` lines keep it: CR and CRLF are line breaks, other control
    characters spaces, each line without trailing whitespace; None when nothing is left."""
    if text is None:
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = "\n".join(_CONTROL.sub(" ", line).rstrip() for line in lines).strip()
    return out or None


def dax_table(name: str) -> str:
    """A table in DAX: always quoted, which is valid for every name."""
    return "'" + name.replace("'", "''") + "'"


def dax_column(table: str, column: str) -> str:
    return f"{dax_table(table)}[{column.replace(']', ']]')}]"


def dax_measure(name: str) -> str:
    return f"[{name.replace(']', ']]')}]"


def clean(name: str) -> str:
    """A display name Power BI accepts: no control characters, no outer whitespace."""
    return _CONTROL.sub(" ", name).strip()


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`... whichever is free; `taken` holds casefolded names."""
    out, n = name, 2
    while out.casefold() in taken:
        out = f"{name} ({n})"
        n += 1
    return out


def file_name(name: str, taken: set[str]) -> str:
    """A file name for a table: the display name with characters no file system allows
    replaced, unique case-insensitively (Windows and macOS fold case)."""
    base = _FILE_UNSAFE.sub("_", name).strip(" .") or "table"
    return unique(base, taken)


def role_of(column: str) -> str:
    """A role-playing key's role, from its column: `ship_address_id` -> `Ship Address`."""
    parts = list(words(column))
    if len(parts) > 1 and parts[-1].lower() in ("id", "key", "fk", "no", "code"):
        parts = parts[:-1]
    return " ".join(p.capitalize() for p in parts) or column
