"""LookML filter expressions (a measure's `filters: [field: "expression"]`) -> SQL conditions.

Looker's filter language is rich (dates such as "7 days", ranges, matches advanced); the IR holds
a filter as a SQL condition, so the forms with one meaning in SQL are translated and any other
raises Untranslatable (the importer then reports the measure rather than drop its filter):

- `value` -> `= 'value'` (a number unquoted on a number field); `a,b` -> `IN ('a', 'b')`
- `-value` / `-a,-b` -> `<> 'value'` / `NOT IN (...)`, NULL kept as Looker does (`OR x IS NULL`)
- `NULL`, `-NULL`, `EMPTY`, `-EMPTY`
- `>10`, `>=10`, `<10`, `<=10`, `NOT 10` on numbers
- `%text%`, `text%`, `%text` -> `LIKE`; `-%text%` -> `NOT LIKE`
- `yes` / `no` on a yesno field -> the field's condition, or its negation
`^` escapes a comma, quote or caret, as in LookML.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")
_COMPARE = re.compile(r"(>=|<=|<>|!=|>|<|=|NOT)\s*(-?\d+(?:\.\d+)?)\Z", re.IGNORECASE)


class Untranslatable(Exception):
    pass


def _split(expression: str) -> list[str]:
    """Comma-separated items, `^,` being a literal comma."""
    items, cur, i = [], "", 0
    while i < len(expression):
        ch = expression[i]
        if ch == "^" and i + 1 < len(expression):
            cur += expression[i + 1]
            i += 2
            continue
        if ch == ",":
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    items.append(cur.strip())
    return [x for x in items if x != ""]


def _literal(value: str, numeric: bool) -> str:
    if numeric and _NUMBER.match(value):
        return value
    return "'" + value.replace("'", "''") + "'"


def condition(sql: str, kind: str, expression: str) -> str:
    """The SQL condition for `expression` on a field whose SQL is `sql` and LookML type `kind`."""
    text = expression.strip()
    numeric = kind == "number"
    col = f"({sql})" if not re.fullmatch(r"[\w.\"`\[\]]+", sql) else sql
    if kind == "yesno":
        low = text.lower()
        if low == "yes":
            return col
        if low == "no":
            return f"NOT {col}"
        raise Untranslatable(f"{expression!r} on a yesno field")
    upper = text.upper()
    if upper == "NULL":
        return f"{col} IS NULL"
    if upper == "-NULL":
        return f"{col} IS NOT NULL"
    if upper == "EMPTY":
        return f"({col} IS NULL OR {col} = '')"
    if upper == "-EMPTY":
        return f"({col} IS NOT NULL AND {col} <> '')"
    if numeric:
        m = _COMPARE.match(text)
        if m:
            op = {"!=": "<>", "NOT": "<>"}.get(m.group(1).upper(), m.group(1))
            return f"{col} {op} {m.group(2)}"
        if any(c in text for c in "[]()") or " " in text.strip():
            raise Untranslatable(f"{expression!r} (a range or an expression) on a number field")
    items = _split(text)
    if not items:
        raise Untranslatable(f"{expression!r}: empty")
    negated = [i[1:] for i in items if i.startswith("-")]
    plain = [i for i in items if not i.startswith("-")]
    if negated and plain:
        raise Untranslatable(f"{expression!r} mixes included and excluded values")
    values = negated or plain
    if any(v.upper() in ("NULL", "EMPTY") for v in values):
        raise Untranslatable(f"{expression!r} mixes NULL or EMPTY with values")
    if kind in ("date", "time", "date_time") and not numeric:
        raise Untranslatable(f"{expression!r}: date filters have no single SQL form")
    likes = [v for v in values if "%" in v]
    if likes:
        if len(values) != 1:
            raise Untranslatable(f"{expression!r} mixes patterns with values")
        pattern = _literal(values[0], False)
        return f"({col} NOT LIKE {pattern} OR {col} IS NULL)" if negated else f"{col} LIKE {pattern}"
    if numeric and not all(_NUMBER.match(v) for v in values):
        raise Untranslatable(f"{expression!r} on a number field")
    literals = [_literal(v, numeric) for v in values]
    if negated:
        test = f"{col} <> {literals[0]}" if len(literals) == 1 else f"{col} NOT IN ({', '.join(literals)})"
        return f"({test} OR {col} IS NULL)"
    return f"{col} = {literals[0]}" if len(literals) == 1 else f"{col} IN ({', '.join(literals)})"
