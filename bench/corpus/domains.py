"""Logical schemas of the corpus: tables of concepts, keys and references, before any naming.

Each is the shape of a public sample schema (a web shop as in Sakila/Northwind, a SaaS product,
a veterinary clinic, baseball statistics in the manner of the Lahman database, a university
registry), reduced to what a foreign key can look like: plain references, role names that say
nothing of the table (`handled_by`, `actor`, `invited_by`), self references, string and UUID
keys, shared-primary-key (subtype) tables, composite references, sibling fact tables sharing a
composite key, and small integer attributes that every tiny lookup table would contain (decoys).
`bench.corpus.render` names them in a style and language and fills them with data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Col:
    kind: str  # serial | uuid | code | fk | ordinal | name | email | city | date | money | small | year | text
    concept: str | None = None  # attribute word (vocab), for non-key columns and code keys
    ref: str | None = None  # referenced table, for fk
    role: str | None = None  # role word instead of the table's name (handled_by, assisting + nurse)
    role_id: bool = False  # role followed by the table and an id word: assisting_nurse_id
    arg: int = 0  # small: values 1..arg; code: length of the number; ordinal: max per parent
    null: float = 0.0
    unique: bool = False  # fk whose values are all distinct (subtype tables)
    cls: str = ""  # error class of the reference, for per-class scores


@dataclass(frozen=True)
class Tab:
    concept: str
    rows: int
    cols: tuple[Col, ...]
    pk: tuple[int, ...] = (0,)
    # (referencing column indexes, referenced table): the referenced table's primary key, in order
    composite: tuple[tuple[tuple[int, ...], str], ...] = ()
    unique: tuple[int, ...] = ()  # columns unique but not declared so (a product's sku)
    sibling_of: str | None = None  # rows drawn from this table's keys and references (fact tables sharing a key)


@dataclass(frozen=True)
class Domain:
    name: str
    tables: tuple[Tab, ...]
    seed: int = 1
    notes: list[str] = field(default_factory=list)


SHOP = Domain("shop", (
    Tab("category", 6, (Col("serial"), Col("name", "name"))),
    Tab("supplier", 25, (Col("serial"), Col("name", "name"), Col("city", "city"))),
    Tab("product", 120, (Col("serial"), Col("code", "sku", arg=5), Col("name", "name"), Col("money", "price"),
                         Col("fk", ref="category", cls="plain"), Col("fk", ref="supplier", cls="plain"),
                         Col("small", "rating", arg=5)), unique=(1,)),
    Tab("employee", 18, (Col("serial"), Col("name", "name"), Col("fk", ref="employee", role="manager", null=0.1, cls="self_role"),
                         Col("date", "birth_date"))),
    Tab("store", 8, (Col("serial"), Col("city", "city"), Col("fk", ref="employee", role="manager", cls="role"))),
    Tab("customer", 300, (Col("serial"), Col("name", "name"), Col("email", "email"), Col("city", "city"),
                          Col("fk", ref="store", cls="plain"))),
    Tab("order", 900, (Col("serial"), Col("fk", ref="customer", cls="plain"), Col("date", "date"),
                       Col("small", "status", arg=5), Col("fk", ref="employee", role="sales_rep", cls="role"))),
    Tab("order_line", 2500, (Col("fk", ref="order", cls="plain"), Col("ordinal", "line_no", arg=5),
                             Col("fk", ref="product", role=None, cls="string_key"), Col("small", "quantity", arg=10),
                             Col("money", "price")), pk=(0, 1)),
    Tab("return", 150, (Col("serial"), Col("fk", ref="order", cls="plain"), Col("fk", ref="employee", role="handled_by", cls="role"),
                        Col("text", "reason"), Col("date", "date"))),
    Tab("payment", 800, (Col("serial"), Col("fk", ref="order", cls="plain"), Col("money", "amount"), Col("date", "paid_at"))),
), seed=3)

SAAS = Domain("saas", (
    Tab("app_user", 400, (Col("uuid"), Col("email", "email"), Col("fk", ref="app_user", role="invited_by", null=0.3, cls="self_role"),
                          Col("date", "created_at"))),
    Tab("workspace", 60, (Col("uuid"), Col("name", "name"), Col("fk", ref="app_user", role="owner", cls="role"))),
    Tab("membership", 700, (Col("fk", ref="workspace", cls="string_key"), Col("fk", ref="app_user", cls="string_key"),
                            Col("small", "kind", arg=3)), pk=(0, 1)),
    Tab("plan", 4, (Col("code", "code", arg=0), Col("name", "name"), Col("money", "price"))),
    Tab("subscription", 120, (Col("serial"), Col("fk", ref="workspace", cls="string_key"), Col("fk", ref="plan", cls="string_key"),
                              Col("date", "date"), Col("fk", ref="app_user", role="approved_by", null=0.2, cls="role"))),
    Tab("invoice", 900, (Col("serial"), Col("fk", ref="subscription", cls="plain"), Col("money", "amount"), Col("date", "date"),
                         Col("small", "status", arg=4))),
    Tab("event", 3000, (Col("serial"), Col("fk", ref="app_user", role="actor", cls="role"), Col("fk", ref="workspace", cls="string_key"),
                        Col("small", "kind", arg=8), Col("date", "created_at"))),
), seed=5)

CLINIC = Domain("clinic", (
    Tab("customer", 200, (Col("serial"), Col("name", "name"), Col("city", "city"), Col("email", "email"))),
    Tab("species", 7, (Col("serial"), Col("name", "name"))),
    Tab("pet", 350, (Col("serial"), Col("name", "name"), Col("fk", ref="species", cls="plain"), Col("fk", ref="customer", cls="plain"),
                     Col("date", "birth_date"))),
    Tab("employee", 40, (Col("serial"), Col("name", "name"), Col("date", "birth_date"))),
    Tab("nurse", 15, (Col("fk", ref="employee", unique=True, cls="one_to_one"), Col("small", "grade", arg=4))),
    Tab("vet", 12, (Col("fk", ref="employee", unique=True, cls="one_to_one"), Col("text", "title"))),
    Tab("employee_setting", 30, (Col("fk", ref="employee", unique=True, cls="one_to_one"), Col("text", "theme"))),
    Tab("medication", 60, (Col("serial"), Col("name", "name"), Col("money", "price"))),
    Tab("visit", 1200, (Col("serial"), Col("fk", ref="pet", cls="plain"), Col("fk", ref="vet", cls="plain"),
                        Col("fk", ref="nurse", role="assisting", role_id=True, null=0.2, cls="role"), Col("date", "date"),
                        Col("money", "fee"), Col("small", "rating", arg=5))),
    Tab("treatment", 1800, (Col("serial"), Col("fk", ref="visit", cls="plain"), Col("fk", ref="medication", cls="plain"),
                            Col("small", "dose", arg=6))),
), seed=7)

BASEBALL = Domain("baseball", (
    Tab("league", 2, (Col("code", "code", arg=0), Col("name", "name"))),
    Tab("team", 30, (Col("serial"), Col("name", "name"), Col("fk", ref="league", cls="string_key"), Col("city", "city"))),
    Tab("player", 500, (Col("serial"), Col("name", "name"), Col("date", "birth_date"))),
    Tab("batting", 1500, (Col("fk", ref="player", cls="plain"), Col("year", "year"), Col("ordinal", "stint", arg=2),
                          Col("fk", ref="team", cls="plain"), Col("small", "hits", arg=200), Col("small", "strikeouts", arg=150)),
        pk=(0, 1, 2)),
    Tab("fielding", 1200, (Col("fk", ref="player", cls="plain"), Col("year", "year"), Col("ordinal", "stint", arg=2),
                           Col("fk", ref="team", cls="plain"), Col("small", "position", arg=9), Col("small", "errors", arg=20)),
        pk=(0, 1, 2), sibling_of="batting"),
    Tab("pitching", 700, (Col("fk", ref="player", cls="plain"), Col("year", "year"), Col("ordinal", "stint", arg=2),
                          Col("fk", ref="team", cls="plain"), Col("small", "strikeouts", arg=250)),
        pk=(0, 1, 2), sibling_of="batting"),
    Tab("game", 400, (Col("serial"), Col("fk", ref="team", role="home", role_id=True, cls="role"),
                      Col("fk", ref="team", role="away", role_id=True, cls="role"), Col("date", "date"), Col("small", "score", arg=15))),
), seed=11)

SCHOOL = Domain("school", (
    Tab("student", 400, (Col("serial"), Col("name", "name"), Col("email", "email"), Col("date", "birth_date"))),
    Tab("course", 40, (Col("code", "code", arg=3), Col("text", "title"), Col("small", "credits", arg=6))),
    Tab("term", 10, (Col("serial"), Col("text", "name"))),
    Tab("offering", 150, (Col("fk", ref="course", cls="string_key"), Col("fk", ref="term", cls="plain"),
                          Col("fk", ref="employee", cls="plain")), pk=(0, 1)),
    Tab("employee", 35, (Col("serial"), Col("name", "name"))),
    Tab("enrollment", 2000, (Col("fk", ref="student", cls="plain"), Col("fk", ref="course"), Col("fk", ref="term"),
                             Col("small", "grade", arg=5), Col("date", "date")),
        pk=(0, 1, 2), composite=(((1, 2), "offering"),)),
), seed=13)

DOMAINS = (SHOP, SAAS, CLINIC, BASEBALL, SCHOOL)
