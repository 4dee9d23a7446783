"""The role each relationship's target plays for the referencing row (Relationship.role): the name
joins along it take in every target (LookML joins, Cube role cubes, explores' virtual datasets).

The role is what the foreign key's name says before its identifier word, with a shared column
prefix dropped (TPC-H's `n_`) and glued words split (`regionkey`): bill_address_id ->
bill_address, SupportRepId -> support_rep, n_regionkey -> region. A key named after its target
plays the target itself (customer_id -> the entity `customer`), as does a column named as the key
it references (tailnum -> planes.tailnum). A self reference with a word of
hierarchy is the manager (ReportsTo, supervisor_id) and one with a word of structure is the
parent (parent_id -> parent_category). A composite key with no common role plays its target,
unless one column adds words to the key it references (yearID and teamIDwinner: winner_team).
A link table named for another of its targets and a person's role (dept_manager: a department and
its manager; project_owner, store_supervisor) says the role of the people it refers to by a key
named after them: the employee there is the manager, joined and labelled so.
"""

from __future__ import annotations

from compiler.naming import snake
from compiler.pipeline import Context, State
from ir.provenance import Provenance
from ir.semantic import Entity, Relationship
from passes.join_names import (HIERARCHY_ROLES, LEADING_ID, LINK_WORDS, PERSON_ROLES, SELF_WORDS, STRONG_ID, WEAK_ID,
                               head_last, is_person_table, singular, table_signal, table_words, without_link)
from passes.value_kinds import name_words, table_prefix

NAME = "name_join_roles"
_TRAILING = STRONG_ID | WEAK_ID | LINK_WORDS | {"fk", "ref"}
# Who changed or made a row, the way audit columns name it: LastEditedBy, created_by, ModifiedByUserId,
# LastEditorUserId, edit_by, create_user. Each verb in every form audit names take (edit, edited,
# editor), so no one spelling is missed where another is known.
_AUDIT_VERB_FORMS = {"create": ("created", "creator"), "modify": ("modified", "modifier"), "update": ("updated", "updater"),
                     "edit": ("edited", "editor"), "change": ("changed", "changer"), "insert": ("inserted", "inserter"),
                     "enter": ("entered",), "write": ()}
_AUDIT_VERBS = frozenset({w for verb, forms in _AUDIT_VERB_FORMS.items() for w in (verb, *forms)}
                         | {"erstellt", "geaendert", "creado", "modificado", "cree", "modifie"})
# The one who did it, said beside the verb (by, user, or a user id glued as `uid`: Odoo's create_uid
# and write_uid) or by the verb's agent noun alone. An editor alone is not among them: a book's
# editor, like its author, is a business role of the row; nor is a writer.
_AUDIT_AGENTS = frozenset({"by", "user", "usr", "uid", "von", "por", "par", "creator", "modifier", "updater"})


def is_audit_reference(columns: list[str], prefix: str | None) -> bool:
    """A single key naming who changed or created the row (an audit stamp's who beside its when)."""
    if len(columns) != 1:
        return False
    ws = set(name_words(columns[0], prefix))
    return bool(ws & _AUDIT_VERBS) and bool(ws & _AUDIT_AGENTS)


def _forms(word: str) -> set[str]:
    forms = {word, word + "s", word + "es", singular(word)}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return forms


def same_thing(role: str, entity: str) -> bool:
    """customer ~ customers; category ~ categories; cust ~ customers; support_rep !~ employee."""
    if entity in _forms(role) or role in _forms(entity):
        return True
    short, long_ = sorted((role, entity), key=len)
    return len(short) >= 3 and long_.startswith(short)


def role_of(rel: Relationship, source: Entity, target: Entity, prefix: str | None) -> tuple[str, str]:
    """(role, rule) for one relationship."""
    parts: list[str] = []
    head_first = False
    for col in rel.from_.columns:
        ws = without_link(list(name_words(col, prefix)), prefix)
        while len(ws) > 1 and ws[-1] in _TRAILING:
            ws.pop()
        # An identifier word first (codigo_empleado_rep_ventas, id_cliente) is dropped like a last
        # one, and says the name puts its head first: the thing, then what distinguishes it.
        moved = head_last(tuple(ws), LEADING_ID, _TRAILING)
        if moved != tuple(ws):
            ws, head_first = list(moved[:-1]), True
        parts.append("_".join(ws))
    common = set(parts)
    if len(common) != 1:
        role = _composite_role(rel, prefix)
        return (role, "composite_role") if role is not None else (target.name, "composite_key")
    # A column named as the key it references (tailnum -> planes.tailnum, isbn -> books.isbn) says
    # which key, not which role: the join is the target itself.
    if source is not target and [c.lower() for c in rel.from_.columns] == [c.lower() for c in rel.to.columns]:
        return target.name, "key_name"
    words = parts[0].split("_") if parts[0] else []
    if source is target:
        if set(words) & HIERARCHY_ROLES:
            return "manager", "hierarchy"
        if words and words[0] in SELF_WORDS:
            core = "_".join(table_words(target.table.name)) or target.name
            rest = words[1:]
            return snake("_".join([words[0], *(rest or [core])]), "join"), "self_reference"
        own = tuple(singular(w) for w in table_words(target.table.name))
        if len(words) > 1 and words[-1] in SELF_WORDS and tuple(singular(w) for w in words[:-1]) == own:
            # account_parent in account: the table's name, then the word of structure after it
            # (said head first); the same parent row parent_account_id names.
            return snake("_".join([words[-1], *words[:-1]]), "join"), "self_reference"
    thing = table_words(target.table.name) or (target.name,)
    if head_first and len(words) > len(thing) and tuple(singular(w) for w in words[: len(thing)]) == tuple(singular(w) for w in thing):
        # empleado_rep_ventas (the employee who is the sales rep) is English's sales_rep_employee:
        # the words after the target's are the role, said before it as English says it.
        words = [*words[len(thing):], *thing]
    key = list(name_words(rel.to.columns[0], None)) if len(rel.to.columns) == 1 else []
    while len(key) > 1 and key[-1] in _TRAILING:
        key.pop()
    if len(key) > len(thing) and len(words) > len(key) and words[-len(key):] == key and tuple(key[:len(thing)]) == tuple(thing):
        # home_team_api_id -> team.team_api_id: the key's own name (a team's number in a register)
        # after the role; the join is the home team, not a "home_team_api".
        words = [*words[:-len(key)], *thing]
    if len(words) > 1 and len(words[-2]) > len(words[-1]) + 2 and words[-2].endswith(words[-1]):
        # SalespersonPersonID -> People.PersonID: the role already says what it is (a salesperson is
        # a person); "salesperson_person" says it twice.
        words = words[:-1]
    role = snake("_".join(words), "join") if words else target.name
    if same_thing(role, target.name) or same_thing(role, "_".join(table_words(target.table.name))):
        return target.name, "named_after_target"
    if len(words) == 1 and len(words[0]) == 3 and words[0].endswith("id") and target.name.startswith(words[0][0]):
        return target.name, "initial_and_id"  # fid -> film, cid -> customer: the target by its initial
    return role, "column_role"


def _composite_role(rel: Relationship, prefix: str | None) -> str | None:
    """A composite key whose columns but one are named as the key they reference, that one
    adding words to its key's (yearID and teamIDwinner -> yearID and teamID): those words are
    the role, said of what the key names (winner_team, loser_team), where two such keys to one
    table would otherwise both play the table and be told apart by a number."""
    own = [(c, t) for c, t in zip(rel.from_.columns, rel.to.columns) if c.lower() != t.lower()]
    if len(own) != 1:
        return None
    column, key = own[0]
    ws, kws = list(name_words(column, prefix)), list(name_words(key))
    rest = [w for w in ws if w not in kws and w not in _TRAILING]
    base = [w for w in kws if w not in _TRAILING]
    if not rest or not base or len(rest) + len(kws) != len(ws):
        return None
    return snake("_".join(rest + base), "join")


def _link_role(source: Entity, target: Entity, others: list[Entity]) -> str | None:
    """The person role a link table's name gives the people it refers to: its last word a person's
    role (PERSON_ROLES) and the words before it another table it refers to (dept_manager refers to
    departments and employees: the employee is the manager). A table of its own named so
    (sales_rep) names no other target, and keeps its plain join."""
    if source is target or not is_person_table(table_words(target.table.name)):
        return None
    ws = table_words(source.table.name)
    if len(ws) < 2 or ws[-1] not in PERSON_ROLES or same_thing(ws[-1], "_".join(table_words(target.table.name))):
        return None
    # The words before the role name another target outright or by a known abbreviation (dept).
    named = [table_signal(ws[:-1], table_words(o.table.name)) for o in others if o is not target and o is not source]
    if not any(sig is not None and sig.strength >= 0.8 for sig in named):
        return None
    return ws[-1]


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    by_key = {e.table.key: e for e in state.model.entities}
    prefixes: dict[str, str | None] = {}
    for rel in state.model.relationships:
        if rel.role_provenance is not None and rel.role_provenance.origin == "human":
            continue
        source, target = by_key.get(rel.from_.table_key), by_key.get(rel.to.table_key)
        if source is None or target is None:
            continue
        key = rel.from_.table_key
        if key not in prefixes:
            table = tables.get(key)
            prefixes[key] = table_prefix(table)
        role, rule = role_of(rel, source, target, prefixes[key])
        if rule in ("named_after_target", "key_name"):
            others = [by_key[r.to.table_key] for r in state.model.relationships
                      if r.from_.table_key == key and r.to.table_key in by_key]
            link = _link_role(source, target, others)
            if link is not None:
                role, rule = link, "link_table_role"
        rel.audit = is_audit_reference(rel.from_.columns, prefixes[key])
        rel.role = role
        rel.role_provenance = Provenance.inferred(NAME, rule, 0.8, [f"{', '.join(rel.from_.columns)} -> {role}"])
