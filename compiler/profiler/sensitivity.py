"""Which columns are too sensitive to have sample values (top values, min, max) in a snapshot.

`is_sensitive(column, profile)` is the hook: a deliberately simple name and pattern check. The
classification pass can supply the real rules by passing its own function as
`ProfileOptions.is_sensitive` (same signature). It errs on the side of withholding: a wrongly
redacted column loses a few example values, a wrongly kept one leaks personal data into git.
"""

from __future__ import annotations

import re

from ir.catalog import Column, ColumnProfile

# Words (after splitting snake_case, CamelCase, kebab and spaces) that mark personal data or secrets.
_WORDS = {
    "password", "passwd", "pwd", "secret", "token", "apikey", "credential",
    "email", "mail", "phone", "mobile", "fax", "telephone", "tel",
    "address", "street", "addr", "zip", "postcode", "postal",
    "birth", "birthday", "birthdate", "dob", "ssn", "passport",
    "iban", "ccn", "cvv", "cvc", "salary", "income",
    "surname", "firstname", "lastname", "fullname", "givenname", "maiden", "ip", "ipaddress",
}
# Word sequences: "first name", "national id", ... (checked on adjacent words).
_PAIRS = {("first", "name"), ("last", "name"), ("full", "name"), ("given", "name"), ("family", "name"),
          ("middle", "name"), ("national", "id"), ("social", "security"), ("tax", "id"), ("api", "key"),
          ("account", "number"), ("ip", "address"), ("user", "name"), ("login", "name"), ("card", "number"),
          ("credit", "card")}
# Share of values of a personal-data pattern above which a column counts as sensitive whatever its name.
_PATTERN_SHARE = 0.5
_PERSONAL_PATTERNS = ("email", "phone")

_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def words(name: str) -> list[str]:
    return [w.lower() for w in _SPLIT.split(name) if w]


def is_sensitive(column: Column, profile: ColumnProfile | None = None) -> bool:
    ws = words(column.name)
    if any(w in _WORDS for w in ws) or "".join(ws) in _WORDS:
        return True
    if any(pair in _PAIRS for pair in zip(ws, ws[1:])):
        return True
    if profile is not None:
        return any(profile.patterns.get(p, 0.0) >= _PATTERN_SHARE for p in _PERSONAL_PATTERNS)
    return False
