"""dbt data tests from the model: unique and not_null on primary keys, not_null on other key
columns the source declares NOT NULL (a foreign key that must always point somewhere),
relationships for every relationship, accepted_values for the enumerations the model holds
(Dimension.accepted_values, decided by the decide_enumerations pass).

Tests use the `arguments:` form (dbt 1.10+). A relationship the compiler inferred, and a value
list read from today's data, warn rather than fail: they describe the data, nobody declared them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backends.dbt import names as nm, sql
from backends.dbt.plan import Column, EntityPlan, Plan

WARN = {"severity": "warn"}


@dataclass
class Tests:
    """The tests of one table: per column (key: raw or staged name) and table-level."""

    columns: dict[str, list[Any]] = field(default_factory=dict)
    table: list[Any] = field(default_factory=list)

    def add(self, column: str | None, test: Any) -> None:
        (self.table if column is None else self.columns.setdefault(column, [])).append(test)


def _test(name: str, arguments: dict | None = None, config: dict | None = None) -> Any:
    if not arguments and not config:
        return name
    body: dict[str, Any] = {}
    if arguments:
        body["arguments"] = arguments
    if config:
        body["config"] = dict(config)
    return {name: body}


def is_plain(name: str, dialect: str) -> bool:
    """True when SQL can name the column unquoted: a lowercase identifier that is no keyword."""
    return name.isidentifier() and name == name.lower() and name.isascii() and name not in nm.reserved(dialect)


# Dialects whose string literals read a backslash as an escape: dbt's accepted_values writes each
# value between quotes as it is, so there a value `\N` (a text dump's NULL marker, kept as text) was
# compared as 'N' and every row holding it failed the test.
BACKSLASH_ESCAPES = frozenset({"mysql", "bigquery", "spark", "databricks", "hive"})


def accepted_values(col: Column, dialect: str | None = None) -> list[Any] | None:
    """The column's enumeration, when dbt can carry every value (none that Jinja would read), each
    written so that the dialect's string literal reads it back as it is."""
    values = getattr(col.field, "accepted_values", None)
    if not values or col.time:
        return None
    if any(isinstance(v, str) and sql.jinja_unsafe(v) for v in values):
        return None
    if dialect in BACKSLASH_ESCAPES:
        return [v.replace("\\", "\\\\") if isinstance(v, str) else v for v in values]
    return list(values)


def is_required_key(col: Column) -> bool:
    """A key column (foreign or otherwise) the source declares NOT NULL. Only keys: a not_null
    test on every NOT NULL column would bury the tests that say something."""
    f = col.field
    return f.nullable is False and (getattr(f, "foreign_key", False) or getattr(f, "role", "") == "key")


def _accepted(values: list[Any]) -> Any:
    args: dict[str, Any] = {"values": values}
    if values and isinstance(values[0], int):
        args["quote"] = False
    return _test("accepted_values", args, WARN)


def _keys(p: EntityPlan, s: Tests, t: Tests, dialect: str) -> None:
    """unique and not_null on the primary key: raw names in `s`, staged names in `t`."""
    if len(p.pk) == 1:
        for tests, name in ((s, p.pk[0].raw), (t, p.pk[0].name)):
            tests.add(name, "unique")
            tests.add(name, "not_null")
    elif p.pk:
        for c in p.pk:
            s.add(c.raw, "not_null")
            t.add(c.name, "not_null")
        s.add(None, _test("unique", {"column_name": sql.key_expr([c.raw for c in p.pk], dialect, True)}))
        t.add(None, _test("unique", {"column_name": sql.key_expr([c.name for c in p.pk], dialect, False)}))


def key_tests(p: EntityPlan, dialect: str) -> Tests:
    """A fact model's tests: the staging model's key tests (the joins keep its grain)."""
    t = Tests()
    _keys(p, Tests(), t, dialect)
    return t


def build(plan: Plan) -> tuple[dict[str, Tests], dict[str, Tests]]:
    """(source tests by entity, staging tests by entity), keyed by raw and staged column names."""
    dialect = plan.model.dialect
    src: dict[str, Tests] = {p.entity.name: Tests() for p in plan.entities}
    stg: dict[str, Tests] = {p.entity.name: Tests() for p in plan.entities}
    for p in plan.entities:
        s, t = src[p.entity.name], stg[p.entity.name]
        _keys(p, s, t, dialect)
        for c in p.columns:
            if c.second:
                continue
            if c not in p.pk and is_required_key(c):
                s.add(c.raw, "not_null")
                t.add(c.name, "not_null")
            values = accepted_values(c, dialect)
            if values:
                s.add(c.raw, _accepted(values))
                t.add(c.name, _accepted(values))
    for rel, a, b in plan.relationships:
        _relationship(rel, a, b, src[a.entity.name], stg[a.entity.name], dialect)
    return src, stg


def _relationship(rel, a: EntityPlan, b: EntityPlan, s: Tests, t: Tests, dialect: str) -> None:
    config = WARN if rel.origin in ("inferred", "llm") else None
    frm = [a.column(c) for c in rel.from_.columns]
    to = [b.column(c) for c in rel.to.columns]
    to_source = f"source('{b.source}', '{b.entity.name}')"
    to_ref = f"ref('{b.stg}')"
    # A live row may still refer to a soft-deleted one, which the staged target leaves out
    # (row_filters): there the reference is reported, not failed; the source keeps its test.
    staged = WARN if b.entity.row_filters else config
    if len(frm) == 1:
        s.add(frm[0].raw, _test("relationships", {"to": to_source, "field": _field(to[0].raw, dialect)}, config))
        t.add(frm[0].name, _test("relationships", {"to": to_ref, "field": to[0].name}, staged))
        return
    s.add(None, _test("relationships", {
        "column_name": sql.key_expr([c.raw for c in frm], dialect, True), "to": to_source,
        "field": sql.key_expr([c.raw for c in to], dialect, True)}, config))
    t.add(None, _test("relationships", {
        "column_name": sql.key_expr([c.name for c in frm], dialect, False), "to": to_ref,
        "field": sql.key_expr([c.name for c in to], dialect, False)}, staged))


def _field(raw: str, dialect: str) -> str:
    return raw if is_plain(raw, dialect) else sql.column_sql(raw, dialect)
